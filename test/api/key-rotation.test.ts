/**
 * Data-key rotation end to end: values written under k1, the ring reconfigured to {k1, k2} with k2
 * current, the resealPersonalData job run through the stack's control endpoint, then k1 retired.
 * The job rewrites every sealed value in the table, so this file runs its own local stack (DynamoDB
 * Local in memory) in the test process instead of the shared one other files are using; the ring
 * is changed in process.env, which the in-process handlers read again after resetConfigForTests().
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  createHouseholdWithWarningsResponseSchema,
  loginResponseSchema,
  type MemberInput,
  personContactSchema,
  personSchema,
  unmaskedPersonSchema,
} from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from '../../functions/local/local-env';
import { seedDemo, UNBOUND_STAFF } from '../../functions/local/seed';
import { type LocalStack, startLocalStack } from '../../functions/local/stack';
import { type ResealState, resealKeys } from '../../functions/src/contexts/privacy/entities/reseal';
import { resealItem, resealPersonalData } from '../../functions/src/contexts/privacy/use-cases/reseal';
import { resetConfigForTests } from '../../functions/src/lib/config';
import { decryptField, encryptField, sealedKeyId } from '../../functions/src/lib/crypto/personal-data';
import { db } from '../../functions/src/lib/dynamo/client';
import { keys } from '../../functions/src/lib/dynamo/keys';
import { type ApiResponse, apiAt } from './support/client';
import { expectBody, freshPhone, memberInput } from './support/fixtures';

vi.hoisted(() => {
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
});

/** demo-gw1's grid (in this file's own database nobody else writes to it). */
const GRID = '370502001013003';
const K2 = Buffer.alloc(32, 21).toString('base64');
const K3 = Buffer.alloc(32, 33).toString('base64');
/** Free text shaped a little like a sealed value: the job must leave it alone. */
const DECOY = 'v1.not.sealed.text';

let stack: LocalStack;
let doc: DynamoDBDocumentClient;
let gwToken: string;
const savedEnv = { ...process.env };

/** A request to this file's own stack. */
function call<T = unknown>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; key?: string } = {},
): Promise<ApiResponse<T>> {
  return apiAt<T>(stack.apiUrl, method, path, {
    token: opts.token,
    body: opts.body,
    headers: opts.key ? { 'idempotency-key': opts.key } : {},
  });
}

const newKey = () => crypto.randomUUID().replaceAll('-', '');

async function login(openid: string) {
  return expectBody(
    await call('POST', '/v1/auth/wechat', { body: { code: `test:${openid}` } }),
    200,
    loginResponseSchema,
  );
}

/** The ring the handlers use from now on (the legacy DATA_KEY is k1). */
function useRing(extra: Record<string, string>, current: string, withK1: boolean): void {
  if (withK1) process.env.DATA_KEY = LOCAL_SECRETS.DATA_KEY;
  else delete process.env.DATA_KEY;
  process.env.DATA_KEYS = JSON.stringify(extra);
  process.env.DATA_KEY_CURRENT = current;
  resetConfigForTests();
}

async function runJob(): Promise<void> {
  const res = await fetch(`${stack.controlUrl}/schedules/resealPersonalData/run`, { method: 'POST' });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function scanTable(): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every string in the table that starts like a sealed value, by item key and path (found independently of the job's finder). */
async function sealedStrings(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string') {
      if (/^v[12]\./.test(value) && value !== DECOY) found.set(at, value);
    } else if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, `${at}[${i}]`);
    else if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Set))
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
  };
  for (const item of await scanTable()) walk(item, `${item.pk}|${item.sk}`);
  return found;
}

/** Every keyed-hash attribute (idHash, phoneHash, …) and hash-bearing key, to show none moves. */
async function hashes(): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const item of await scanTable()) {
    for (const [name, value] of Object.entries(item))
      if (/Hash$/.test(name) || /^gsi2pk$/.test(name)) out.set(`${item.pk}|${item.sk}|${name}`, value);
  }
  return out;
}

async function resealState(): Promise<ResealState> {
  const out = await doc.send(new GetCommand({ TableName: stack.tableName, Key: resealKeys.state() }));
  return out.Item as ResealState;
}

/** A value in the format before rotation existed: `v1.iv.body.tag` under DATA_KEY. */
function legacySeal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(LOCAL_SECRETS.DATA_KEY, 'base64'), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), body.toString('base64'), cipher.getAuthTag().toString('base64')].join(
    '.',
  );
}

interface Registered {
  personId: string;
  input: MemberInput;
}

async function registerHousehold(members: MemberInput[]) {
  const res = await call('POST', '/v1/households', {
    token: gwToken,
    key: newKey(),
    body: { address: '东营区府前街 8 号', gridCode: GRID, members },
  });
  const body = expectBody(res, 201, createHouseholdWithWarningsResponseSchema);
  return {
    body,
    registered: body.members.map((m, i): Registered => ({ personId: m.personId, input: members[i]! })),
  };
}

/** Full numbers through the API: the contact (phone) and a break-the-glass unmask (ID number and phone). */
async function expectReadable(people: readonly Registered[]): Promise<void> {
  for (const { personId, input } of people) {
    const contact = expectBody(
      await call('GET', `/v1/persons/${personId}/contact`, { token: gwToken }),
      200,
      personContactSchema,
    );
    expect(contact.phone).toBe(input.phone ?? null);
    const unmasked = expectBody(
      await call('POST', `/v1/persons/${personId}/unmask`, {
        token: gwToken,
        body: { reason: '密钥轮换后核对住户证件号码', purpose: 'contact_tracing' },
      }),
      200,
      unmaskedPersonSchema,
    );
    expect(unmasked.idNumber).toBe(input.idNumber);
    expect(unmasked.phone).toBe(input.phone ?? null);
  }
}

/** Registering someone with a known ID number warns of the existing person: the ID-hash lookup works. */
async function expectIdDuplicateFound(existing: Registered): Promise<void> {
  const again = { ...memberInput('self', { name: '重复登记' }), idNumber: existing.input.idNumber };
  const { body } = await registerHousehold([again]);
  expect(body.duplicateWarnings).toContainEqual(
    expect.objectContaining({ reason: 'id_number', existingPersonId: existing.personId }),
  );
}

/** DynamoDB calls of the in-process handlers by operation, while `run` runs. */
async function countCalls(run: () => Promise<void>): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  const name = 'key-rotation-count';
  db().middlewareStack.add(
    (next) => async (args) => {
      const target = (args.request as { headers?: Record<string, string> }).headers?.['x-amz-target'] ?? '';
      const op = target.replace('DynamoDB_20120810.', '');
      calls.set(op, (calls.get(op) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', name },
  );
  try {
    await run();
  } finally {
    db().middlewareStack.remove(name);
  }
  return calls;
}

let people: Registered[] = [];
let legacyPerson: Registered;
let plainBefore: Map<string, string>;
let hashesBefore: Map<string, unknown>;
const NESTED_KEY = { pk: 'TEST#key-rotation', sk: 'NESTED' };

beforeAll(async () => {
  try {
    stack = await startLocalStack({
      apiPort: 0,
      wechatPort: 0,
      dynamoPort: 0,
      controlPort: 0,
      tableName: 'grid-key-rotation',
      log: () => {},
    });
    await seedDemo();
  } catch (err) {
    console.error('key-rotation stack did not start', err);
    throw err;
  }
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  gwToken = (await login('demo-gw1')).token;
}, 180_000);

afterAll(async () => {
  doc?.destroy();
  await stack?.stop();
  for (const name of ['DATA_KEY', 'DATA_KEYS', 'DATA_KEY_CURRENT']) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  resetConfigForTests();
}, 60_000);

describe('data-key rotation: the resealPersonalData job', () => {
  it('starts from values sealed under k1 (v2.k1 and the legacy v1 format, nested ones too)', async () => {
    const first = await registerHousehold([
      memberInput('self', { name: '轮换本人' }),
      memberInput('spouse', { name: '轮换配偶' }),
      memberInput('parent', { name: '轮换老人', phone: null }),
    ]);
    const second = await registerHousehold([memberInput('self', { name: '轮换二户' })]);
    people = [...first.registered, ...second.registered];

    // A person as stored before rotation existed: its phone in the v1 format.
    legacyPerson = people[1]!;
    await doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.person(legacyPerson.personId),
        UpdateExpression: 'SET phoneEnc = :p',
        ExpressionAttributeValues: { ':p': legacySeal(legacyPerson.input.phone!) },
      }),
    );
    // Sealed values nested in maps and lists, and free text that only looks like one.
    await doc.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...NESTED_KEY,
          type: 'TEST_NESTED',
          notes: { list: [encryptField('嵌套一'), DECOY], deeper: { value: legacySeal('嵌套二') } },
          free: DECOY,
        },
      }),
    );
    await stack.drainStreams();

    const sealed = await sealedStrings();
    expect(sealed.size).toBeGreaterThan(10);
    for (const value of sealed.values()) expect(sealedKeyId(value)).toBe('k1');
    expect([...sealed.values()].filter((v) => v.startsWith('v1.'))).toHaveLength(2);
    plainBefore = new Map([...sealed].map(([at, v]) => [at, decryptField(v)]));
    hashesBefore = await hashes();
    await expectReadable(people);
  });

  it('re-seals every value under k2 once k2 is current, and records what it did', async () => {
    useRing({ k2: K2 }, 'k2', true);
    // Written after the switch: already under k2, nothing for the job to do.
    const late = await registerHousehold([memberInput('self', { name: '轮换后登记' })]);
    people.push(...late.registered);
    await stack.drainStreams();
    const toMove = [...(await sealedStrings()).values()].filter((v) => sealedKeyId(v) === 'k1').length;
    expect(toMove).toBe(plainBefore.size);
    const itemsBefore = (await scanTable()).length;

    await runJob();

    const sealed = await sealedStrings();
    for (const [at, value] of sealed) {
      expect(value.startsWith('v2.k2.'), at).toBe(true);
      if (plainBefore.has(at)) expect(decryptField(value), at).toBe(plainBefore.get(at));
    }
    const nested = (await doc.send(new GetCommand({ TableName: stack.tableName, Key: NESTED_KEY }))).Item!;
    expect(nested.free).toBe(DECOY);
    expect(nested.notes.list[1]).toBe(DECOY);
    expect(decryptField(nested.notes.deeper.value)).toBe('嵌套二');
    const hashesAfter = await hashes();
    expect(hashesBefore.size).toBeGreaterThan(0);
    for (const [at, hash] of hashesBefore) expect(hashesAfter.get(at), at).toEqual(hash);

    const state = await resealState();
    expect(state).toMatchObject({
      keyId: 'k2',
      status: 'done',
      valuesResealed: toMove,
      conflicts: 0,
      unreadable: 0,
      runs: 1,
    });
    expect(state.itemsSeen).toBeGreaterThanOrEqual(itemsBefore);
    expect(state.segments.every((s) => s.done)).toBe(true);
    expect(state.leaseUntil).toBeUndefined();
  });

  it('still answers every number through the API, and the keyed-hash lookups still find people', async () => {
    await expectReadable(people);
    await expectIdDuplicateFound(people[0]!);
  });

  it('does nothing on a second run: no scan, no write, the state untouched', async () => {
    await stack.drainStreams();
    const before = await sealedStrings();
    const stateBefore = await resealState();
    const calls = await countCalls(runJob);
    expect(calls.get('Scan') ?? 0).toBe(0);
    expect(calls.get('UpdateItem') ?? 0).toBe(0);
    expect(calls.get('GetItem')).toBe(1);
    expect(await resealState()).toEqual(stateBefore);
    expect(await sealedStrings()).toEqual(before);
  });

  it('reads everything with k1 gone from the ring', async () => {
    useRing({ k2: K2 }, 'k2', false);
    await expectReadable(people);
    await expectIdDuplicateFound(people[3]!);
    // Staff sign-in finds the staff record by the keyed hash of its phone.
    const newcomer = await login(`rotation-${newKey().slice(0, 12)}`);
    const bound = await call('POST', '/v1/auth/phone', {
      token: newcomer.token,
      body: { code: UNBOUND_STAFF.phoneCode },
    });
    expect(expectBody(bound, 200, loginResponseSchema).user.role).toBe('gridworker');
    await runJob();
    expect((await resealState()).status).toBe('done');
  });

  it('resumes a run cut short where it stopped, and lets a concurrent write win', async () => {
    useRing({ k2: K2, k3: K3 }, 'k3', false);
    await stack.drainStreams();
    const total = (await sealedStrings()).size;

    // A run that stops after one small page per segment: the walk is left part way, checkpointed.
    const cut = await resealPersonalData(new Date(), {
      deadline: Date.now() + 60_000,
      pageSize: 5,
      maxPagesPerSegment: 1,
    });
    expect(cut.outcome).toBe('partial');
    expect(cut.itemsSeen).toBeLessThanOrEqual(20);
    let state = await resealState();
    expect(state).toMatchObject({ keyId: 'k3', status: 'running', itemsSeen: cut.itemsSeen, runs: 1 });
    expect(state.segments.some((s) => !s.done && s.next !== null)).toBe(true);
    expect(state.leaseUntil).toBeUndefined();
    const left = [...(await sealedStrings()).values()].filter((v) => sealedKeyId(v) === 'k2').length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBe(total - cut.valuesResealed);

    // A phone changed through the API after the job read the person: the API's value stays.
    const personItem = async (p: Registered) =>
      (await doc.send(new GetCommand({ TableName: stack.tableName, Key: keys.person(p.personId) }))).Item!;
    let target: Registered | undefined;
    let stale: Record<string, unknown> = {};
    for (const p of people.filter((p) => p.input.phone)) {
      stale = await personItem(p);
      // One the cut-short run has not reached: its values still name k2.
      if (sealedKeyId(String(stale.phoneEnc)) === 'k2') {
        target = p;
        break;
      }
    }
    if (!target) throw new Error('the cut-short run reached every person: make its pages smaller');
    const newPhone = freshPhone();
    expectBody(
      await call('PATCH', `/v1/households/${stale.householdId}/members/${target.personId}`, {
        token: gwToken,
        body: { phone: newPhone, version: stale.version },
      }),
      200,
      personSchema,
    );
    target.input = { ...target.input, phone: newPhone };
    const tally = { itemsSeen: 0, valuesResealed: 0, conflicts: 0, unreadable: 0 };
    await resealItem(stale, tally);
    // The write-back lost to the API's write, read the person again and moved only what was still old.
    expect(tally.conflicts).toBe(1);
    expect(tally.valuesResealed).toBe(1);
    const after = await personItem(target);
    expect(decryptField(String(after.phoneEnc))).toBe(newPhone);
    expect(sealedKeyId(String(after.idNumberEnc))).toBe('k3');

    // The next run goes on from the checkpoints and finishes the walk.
    await runJob();
    state = await resealState();
    expect(state).toMatchObject({ keyId: 'k3', status: 'done', unreadable: 0, runs: 2 });
    for (const [at, value] of await sealedStrings()) expect(value.startsWith('v2.k3.'), at).toBe(true);
    await expectReadable(people);
  });
});
