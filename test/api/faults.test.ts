/**
 * Faults: DynamoDB Local crashing or freezing under load, DynamoDB throttling, a poison record in
 * a stream batch, and the WeChat API going away. This file runs its own local stack in the test
 * process (DynamoDB Local on disk in a temp folder, so it can be killed and started again on the
 * same data) instead of the shared one, which other files are using.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  createHouseholdResponseSchema,
  type ErrorCode,
  healthReportSchema,
  localDate,
  loginResponseSchema,
  NOTIFICATION_PAGES,
  pendingPageSchema,
  slotDeadline,
  subscriptionsSchema,
  taskPageSchema,
} from '@grid/shared';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../functions/local/local-env';
import { seedDemo } from '../../functions/local/seed';
import { type LocalStack, startLocalStack } from '../../functions/local/stack';
import {
  MAX_SEND_ATTEMPTS,
  notifyUser,
  retryDelayMs,
} from '../../functions/src/contexts/notices/use-cases/notify';
import { deadlines } from '../../functions/src/contexts/quarantine/use-cases/checks';
import { runAt } from '../../functions/src/lib/clock';
import { db } from '../../functions/src/lib/dynamo/client';
import { defaultMembers, expectBody, expectError, memberInput, unknownId } from './support/fixtures';
import { streamConsumerInThisProcess } from './support/stream-consumer';

// Before any import creates the handlers' logger: faults make them log errors by design.
vi.hoisted(() => {
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Stricter than the local stack's default, looser than AWS's 2 s: DynamoDB Local on disk on a
    // busy machine can take seconds for a batch, and the hang test waits three of these.
    DYNAMODB_REQUEST_TIMEOUT_MS: '4000',
    RATE_LIMIT_RESIDENT_WRITES_PER_MINUTE: '1000000',
    RATE_LIMIT_STAFF_WRITES_PER_MINUTE: '1000000',
  });
});

/** Grids of demo-gw1: the load goes to one, the seeded quarantined household lives in the other. */
const LOAD_GRID = '370502001013003';
const DEMO_HOUSEHOLD_GRID = '370502001027003';
/** Longest a request may take while storage is down or hung: three timed-out attempts and backoff. */
const REQUEST_BOUND_MS = 3 * 4000 + 2000;
const SEND_PATH = '/cgi-bin/message/subscribe/send';

let stack: LocalStack;
let dataDir: string;
let doc: DynamoDBDocumentClient;
const stackLog: Array<Record<string, unknown>> = [];

interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  ms: number;
}

async function call<T = unknown>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; key?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const started = Date.now();
  // A hang longer than the bound fails here with a timeout, not with a late answer.
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(REQUEST_BOUND_MS + 5000),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: res.headers,
    ms: Date.now() - started,
  };
}

async function login(openid: string) {
  const res = await call('POST', '/v1/auth/wechat', { body: { code: `test:${openid}` } });
  return expectBody(res, 200, loginResponseSchema);
}

const key = () => crypto.randomUUID().replaceAll('-', '');

/** Asserts a fault answer: the status, the error envelope, Retry-After, and the time bound. */
function expectFault(res: Reply, code: ErrorCode, retryAfter: string) {
  expectError(res, 503, code);
  expect(res.headers.get('retry-after')).toBe(retryAfter);
  expect(res.ms).toBeLessThan(REQUEST_BOUND_MS);
}

async function scanAll(
  filter: string,
  values: Record<string, unknown>,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: filter,
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function weChatSends(): Promise<Array<{ body: { touser?: string; template_id?: string } }>> {
  const res = await fetch(`${stack.wechatUrl}/__calls`);
  const calls = (await res.json()) as Array<{
    path: string;
    body: { touser?: string; template_id?: string };
  }>;
  return calls.filter((c) => c.path === SEND_PATH);
}

async function clearWeChatCalls(): Promise<void> {
  await fetch(`${stack.wechatUrl}/__calls`, { method: 'DELETE' });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'grid-faults-'));
  try {
    stack = await startLocalStack({
      apiPort: 0,
      wechatPort: 0,
      dynamoPort: 0,
      controlPort: 0,
      dataDir,
      tableName: 'grid-faults',
      log: (line) => stackLog.push(line),
    });
    await seedDemo();
  } catch (err) {
    // Vitest still runs afterAll, but say why here.
    console.error('faults stack did not start', err);
    throw err;
  }
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
}, 180_000);

afterAll(async () => {
  doc?.destroy();
  // Stops the JVM (resumed first if a test left it frozen), the servers and the poller.
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('DynamoDB throttling', () => {
  /**
   * Makes the next `times` DynamoDB calls of `operation` on `item` (a key text in the request) fail
   * as DynamoDB does when throttling. The stream consumers share the client, hence the item filter.
   */
  const throughputExceeded = () =>
    new ProvisionedThroughputExceededException({
      message: 'Throughput exceeds the current capacity of your table or index',
      $metadata: { httpStatusCode: 400 },
    });

  async function throttled<T>(
    operation: string,
    item: string,
    times: number,
    run: () => Promise<T>,
    fault: () => Error = throughputExceeded,
  ) {
    let thrown = 0;
    const name = `faults-throttle-${operation}`;
    db().middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string>; body?: unknown };
        // The SDK hands the JSON body as a string adapter: its text is the JSON.
        const body = String(request.body ?? '');
        const matches =
          request.headers?.['x-amz-target'] === `DynamoDB_20120810.${operation}` && body.includes(item);
        if (matches && thrown < times) {
          thrown++;
          throw fault();
        }
        return next(args);
      },
      // Below the SDK's retry middleware, so every attempt meets it.
      { step: 'finalizeRequest', priority: 'low', name },
    );
    try {
      return { result: await run(), thrown: () => thrown };
    } finally {
      db().middlewareStack.remove(name);
    }
  }

  it('retries a throttled request and answers normally when a retry gets through', async () => {
    const gw = await login('demo-gw1');
    const { result, thrown } = await throttled('GetItem', `USER#${gw.user.userId}`, 2, () =>
      call('GET', '/v1/me', { token: gw.token }),
    );
    expect(result.status).toBe(200);
    expect(thrown()).toBe(2);
  });

  it('answers 503 STORAGE_BUSY with Retry-After once the retries are spent, and the retry succeeds once', async () => {
    const gw = await login('demo-gw1');
    const household = expectBody(
      await call('POST', '/v1/households', {
        token: gw.token,
        key: key(),
        body: { address: '限流测试 1 号', gridCode: LOAD_GRID, members: [memberInput('self')] },
      }),
      201,
      createHouseholdResponseSchema,
    );
    const personId = household.members[0]!.personId;
    const reportKey = key();
    const report = () =>
      call('POST', `/v1/persons/${personId}/health-reports`, {
        token: gw.token,
        key: reportKey,
        body: { temperature: 36.6 },
      });

    const { result, thrown } = await throttled(
      'PutItem',
      `PERSON#${personId}`,
      Number.POSITIVE_INFINITY,
      report,
    );
    expectFault(result, 'STORAGE_BUSY', '2');
    expect(thrown()).toBe(3); // the SDK's three attempts
    const first = expectBody(await report(), 201, healthReportSchema);
    const again = expectBody(await report(), 200, healthReportSchema);
    expect(again.submissionId).toBe(first.submissionId);
  });

  it('answers 503 STORAGE_BUSY when a simultaneous transaction conflicts, and the retry lands once', async () => {
    const gw = await login('demo-gw1');
    const householdKey = key();
    // One request, sent again as a phone's retry would: the same key and the same body.
    const body = { address: '冲突测试 1 号', gridCode: LOAD_GRID, members: [memberInput('self')] };
    const create = () => call('POST', '/v1/households', { token: gw.token, key: householdKey, body });
    // What DynamoDB answers the loser of two transactions on one item at the same moment.
    const conflict = () =>
      new TransactionCanceledException({
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
        $metadata: { httpStatusCode: 400 },
      });
    const { result, thrown } = await throttled('TransactWriteItems', householdKey, 1, create, conflict);
    expectFault(result, 'STORAGE_BUSY', '2');
    expect(thrown()).toBe(1);
    const first = expectBody(await create(), 201, createHouseholdResponseSchema);
    const again = expectBody(await create(), 200, createHouseholdResponseSchema);
    expect(again.householdId).toBe(first.householdId);
  });
});

describe('a poison record in a stream batch', () => {
  const today = localDate(new Date());

  /** A fever report's stream record: quarantineChecks raises a FEVER alert for it. */
  function feverRecord(sequence: string, personId: string): DynamoDBRecord {
    return {
      eventID: `faults-${sequence}`,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: sequence,
        Keys: { pk: { S: `PERSON#${personId}` }, sk: { S: `HR#${today}#morning` } },
        NewImage: {
          pk: { S: `PERSON#${personId}` },
          sk: { S: `HR#${today}#morning` },
          type: { S: 'HEALTH_REPORT' },
          personId: { S: personId },
          personName: { S: '测试' },
          gridCode: { S: LOAD_GRID },
          quarantineId: { NULL: true },
          date: { S: today },
          slot: { S: 'morning' },
          temperature: { N: '38.6' },
          fever: { BOOL: true },
          symptoms: { L: [] },
          reportedAt: { S: new Date().toISOString() },
          verification: { M: { status: { S: 'pending' } } },
        },
      },
    };
  }

  /** The same item's keys with an attribute value no DynamoDB type has: unmarshalling throws. */
  function poisonRecord(sequence: string, personId: string): DynamoDBRecord {
    const record = feverRecord(sequence, personId);
    const image = record.dynamodb!.NewImage as Record<string, unknown>;
    image.temperature = { Z: '38.6' };
    return record;
  }

  async function alertOf(personId: string) {
    const out = await doc.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: { pk: `ALERT#F.${personId}.${today.replaceAll('-', '')}.m`, sk: 'ALERT' },
        ConsistentRead: true,
      }),
    );
    return out.Item;
  }

  const batch = (...records: DynamoDBRecord[]) => ({ Records: records }) as DynamoDBStreamEvent;

  it('reports exactly the poison record and applies the others, before and after it', async () => {
    const { handler } = await streamConsumerInThisProcess('quarantineChecks');
    const [before, poison, after] = [unknownId(), unknownId(), unknownId()];
    const event = batch(feverRecord('100', before), poisonRecord('101', poison), feverRecord('102', after));

    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(await alertOf(before)).toMatchObject({ kind: 'FEVER', personId: before });
    expect(await alertOf(after)).toMatchObject({ kind: 'FEVER', personId: after });
    expect(await alertOf(poison)).toBeUndefined();

    // Lambda retries from the reported record, redelivering the one after it: applied once still.
    const retried = batch(poisonRecord('101', poison), feverRecord('102', after));
    expect(await handler(retried)).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    const alerts = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ALERT#F.${after}.${today.replaceAll('-', '')}.m` },
        ConsistentRead: true,
      }),
    );
    expect(alerts.Items?.filter((i) => i.sk === 'ALERT')).toHaveLength(1);
  });

  it('holds back later records of the poisoned item, so one item’s changes stay in order', async () => {
    const { handler } = await streamConsumerInThisProcess('quarantineChecks');
    const [item, other] = [unknownId(), unknownId()];
    const event = batch(poisonRecord('200', item), feverRecord('201', item), feverRecord('202', other));

    expect(await handler(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: '200' }, { itemIdentifier: '201' }],
    });
    expect(await alertOf(item)).toBeUndefined();
    expect(await alertOf(other)).toMatchObject({ kind: 'FEVER' });
  });
});

describe('WeChat down', () => {
  const tomorrow = addDays(localDate(new Date()), 1);
  const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
  const retryAt = (at: Date) => runAt(at, () => stack.runSchedule('retryNotifications'));

  async function demoQuarantineId(): Promise<string> {
    const out = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `QUARANTINED#${DEMO_HOUSEHOLD_GRID}` },
      }),
    );
    const quarantineId = out.Items?.[0]?.quarantineId;
    if (typeof quarantineId !== 'string') throw new Error('the seeded quarantine is missing');
    return quarantineId;
  }

  async function pendingMessages(userId: string) {
    const out = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':m': 'PENDINGMSG#' },
        ConsistentRead: true,
      }),
    );
    return out.Items ?? [];
  }

  async function callTasks(quarantineId: string, token: string) {
    const page = expectBody(
      await call('GET', `/v1/grids/${DEMO_HOUSEHOLD_GRID}/tasks?limit=50`, { token }),
      200,
      taskPageSchema,
    );
    return page.items.filter((t) => t.quarantineId === quarantineId);
  }

  async function grant(token: string) {
    return expectBody(
      await call('POST', '/v1/subscriptions', { token, body: { accepted: ['checkReminder'] } }),
      200,
      subscriptionsSchema,
    ).remaining.checkReminder;
  }

  async function remaining(token: string) {
    return expectBody(await call('GET', '/v1/subscriptions', { token }), 200, subscriptionsSchema).remaining;
  }

  it('answers a login 503 WECHAT_UNAVAILABLE in Chinese and English, quickly', async () => {
    stack.faults.setWeChatDown(true);
    try {
      const res = await call('POST', '/v1/auth/wechat', { body: { code: 'test:demo-res1' } });
      const error = expectError(res, 503, 'WECHAT_UNAVAILABLE');
      expect(error.message).toBe('微信服务暂不可用，请稍后再试 / WeChat is unavailable');
      expect(res.ms).toBeLessThan(REQUEST_BOUND_MS);
    } finally {
      stack.faults.setWeChatDown(false);
    }
    expect((await login('demo-res1')).user.role).toBe('resident');
  });

  it('keeps a reminder WeChat did not take and delivers it once when WeChat is back', async () => {
    const resident = await login('demo-res1');
    const gw = await login('demo-gw1');
    const quarantineId = await demoQuarantineId();
    expect(await grant(resident.token)).toBe(1);
    const at = minutes(slotDeadline(tomorrow, 'morning', deadlines()), -30);

    await clearWeChatCalls();
    stack.faults.setWeChatDown(true);
    await runAt(at, () => stack.runSchedule('remindChecks'));
    const [pending, ...more] = await pendingMessages(resident.user.userId);
    expect(more).toEqual([]);
    expect(pending).toMatchObject({ template: 'checkReminder', attempts: 1 });
    expect(await remaining(resident.token)).toMatchObject({ checkReminder: 0 }); // held by the message
    expect(await callTasks(quarantineId, gw.token)).toEqual([]);

    // Still down at the next due time: kept, one more attempt counted.
    await retryAt(minutes(at, 6));
    expect(await pendingMessages(resident.user.userId)).toEqual([expect.objectContaining({ attempts: 2 })]);
    expect(await weChatSends()).toEqual([]);

    stack.faults.setWeChatDown(false);
    await retryAt(minutes(at, 7)); // not due yet (backoff): nothing sent
    expect(await weChatSends()).toEqual([]);
    await retryAt(minutes(at, 6 + retryDelayMs(2) / 60_000));
    await retryAt(minutes(at, 29));
    const sends = (await weChatSends()).filter((c) => c.body.template_id === 'tpl-check-reminder');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body.touser).toBe('demo-res1');
    expect(await pendingMessages(resident.user.userId)).toEqual([]);
    expect(await callTasks(quarantineId, gw.token)).toEqual([]);
  });

  it('gives a reminder up at its deadline: the grant comes back and the gridworker gets the call', async () => {
    const resident = await login('demo-res1');
    const gw = await login('demo-gw1');
    const quarantineId = await demoQuarantineId();
    const before = (await remaining(resident.token)).checkReminder;
    await grant(resident.token);
    const deadline = slotDeadline(tomorrow, 'evening', deadlines());

    await clearWeChatCalls();
    stack.faults.setWeChatDown(true);
    try {
      await runAt(minutes(deadline, -20), () => stack.runSchedule('remindChecks'));
      expect(await pendingMessages(resident.user.userId)).toHaveLength(1);
      await retryAt(minutes(deadline, 1));
    } finally {
      stack.faults.setWeChatDown(false);
    }
    expect(await pendingMessages(resident.user.userId)).toEqual([]);
    expect((await remaining(resident.token)).checkReminder).toBe(before + 1);
    expect(await callTasks(quarantineId, gw.token)).toEqual([
      expect.objectContaining({ kind: 'CALL_FOR_CHECK', date: tomorrow, slot: 'evening', status: 'open' }),
    ]);
    expect(await weChatSends()).toEqual([]);
  });

  it(`gives any message up after ${MAX_SEND_ATTEMPTS} failed sends and returns its grant`, async () => {
    const gridworker = await login('demo-gw2');
    await call('POST', '/v1/subscriptions', { token: gridworker.token, body: { accepted: ['alert'] } });
    const before = (await remaining(gridworker.token)).alert;
    stack.faults.setWeChatDown(true);
    try {
      let at = new Date();
      const outcome = await notifyUser(
        gridworker.user.userId,
        'alert',
        { thing1: '发热预警：测试', time2: '2024-01-01 08:00' },
        NOTIFICATION_PAGES.alert,
        { now: at },
      );
      expect(outcome).toBe('queued');
      expect((await remaining(gridworker.token)).alert).toBe(before - 1);
      for (let attempt = 1; attempt < MAX_SEND_ATTEMPTS; attempt++) {
        expect(await pendingMessages(gridworker.user.userId)).toEqual([
          expect.objectContaining({ attempts: attempt }),
        ]);
        at = minutes(at, retryDelayMs(attempt) / 60_000);
        await retryAt(at);
      }
    } finally {
      stack.faults.setWeChatDown(false);
    }
    expect(await pendingMessages(gridworker.user.userId)).toEqual([]);
    expect((await remaining(gridworker.token)).alert).toBe(before);
  });
});

describe('DynamoDB Local stopped in the middle of a load', () => {
  interface Write {
    kind: 'household' | 'report';
    path: string;
    key: string;
    body: Record<string, unknown>;
    /** The household's address or the report's person: what "exactly once" is counted by. */
    subject: string;
    reply?: Reply<WriteAnswer>;
  }
  type WriteAnswer = { householdId?: string; submissionId?: string };

  it('answers 503 STORAGE_UNAVAILABLE while it is down, keeps every acknowledged write whole, and a retry with the same key lands once', async () => {
    const gw = await login('demo-gw1');
    const run = key().slice(0, 8);
    // People to report for: made before the fault.
    const persons: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = expectBody(
        await call('POST', '/v1/households', {
          token: gw.token,
          key: key(),
          body: {
            address: `故障演练 ${run} 报告户 ${i}`,
            gridCode: LOAD_GRID,
            members: Array.from({ length: 10 }, (_, n) =>
              memberInput(n === 0 ? 'self' : 'other', { name: `成员${n}` }),
            ),
          },
        }),
        201,
        createHouseholdResponseSchema,
      );
      persons.push(...made.members.map((m) => m.personId));
    }

    const writes: Write[] = [];
    for (let i = 0; i < 30; i++) {
      const address = `故障演练 ${run} 登记户 ${i}`;
      writes.push({
        kind: 'household',
        path: '/v1/households',
        key: key(),
        body: { address, gridCode: LOAD_GRID, members: defaultMembers() },
        subject: address,
      });
      const personId = persons[i]!;
      writes.push({
        kind: 'report',
        path: `/v1/persons/${personId}/health-reports`,
        key: key(),
        body: { temperature: 36.5 + (i % 10) / 10 },
        subject: personId,
      });
    }

    // Six clients write in parallel; DynamoDB Local is killed once ten writes were acknowledged.
    let next = 0;
    let acknowledged = 0;
    let crash: Promise<void> | undefined;
    const send = (w: Write) =>
      call<WriteAnswer>('POST', w.path, { token: gw.token, key: w.key, body: w.body });
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let w = writes[next++]; w; w = writes[next++]) {
          const reply = await send(w);
          w.reply = reply;
          if (reply.status < 300 && ++acknowledged === 10) crash = stack.faults.stopDynamo('crash');
        }
      }),
    );
    await crash;

    const ok = writes.filter((w) => w.reply!.status < 300);
    const failed = writes.filter((w) => w.reply!.status >= 300);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(failed.length).toBeGreaterThan(0);
    for (const w of ok) expect(w.reply!.status).toBe(201);
    for (const w of failed) expectFault(w.reply!, 'STORAGE_UNAVAILABLE', '5');

    await stack.faults.restartDynamo();
    // The stream consumers catch up first: a cold JVM working through that backlog answers slowly.
    await stack.drainStreams();

    // Every acknowledged write is there, as the API answers it.
    const pending = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = expectBody(
        await call(
          'GET',
          `/v1/grids/${LOAD_GRID}/pending?type=health&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { token: gw.token },
        ),
        200,
        pendingPageSchema,
      );
      for (const item of page.items) pending.add(item.submissionId);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    for (const w of ok.filter((x) => x.kind === 'report'))
      expect(pending).toContain(w.reply!.body.submissionId);
    for (const w of ok.filter((x) => x.kind === 'household')) {
      const again = expectBody(
        await call('POST', w.path, { token: gw.token, key: w.key, body: w.body }),
        200,
        createHouseholdResponseSchema,
      );
      expect(again.householdId).toBe(w.reply!.body.householdId);
      expect(again.members).toHaveLength(3);
    }

    // A failed write may have happened (its answer lost) or not: the same key lands it exactly once.
    for (const w of failed) {
      const retried = await send(w);
      expect([200, 201], JSON.stringify(retried.body)).toContain(retried.status);
      const twice = await send(w);
      expect(twice.status).toBe(200);
      expect(twice.body.submissionId ?? twice.body.householdId).toBe(
        retried.body.submissionId ?? retried.body.householdId,
      );
    }

    // Nothing half-written: every household has all its members, every member its household, every key claim its household.
    const households = await scanAll('#t = :t AND gridCode = :g AND begins_with(address, :a)', {
      ':t': 'HOUSEHOLD',
      ':g': LOAD_GRID,
      ':a': `故障演练 ${run} 登记户`,
    });
    const byAddress = new Map<string, number>();
    for (const h of households) byAddress.set(String(h.address), (byAddress.get(String(h.address)) ?? 0) + 1);
    expect([...byAddress.keys()].sort()).toEqual(
      writes
        .filter((w) => w.kind === 'household')
        .map((w) => w.subject)
        .sort(),
    );
    expect([...byAddress.values()].every((n) => n === 1)).toBe(true);
    const members = await scanAll('#t = :t AND gridCode = :g', { ':t': 'PERSON', ':g': LOAD_GRID });
    for (const h of households) {
      const theirs = members.filter((m) => m.householdId === h.householdId).map((m) => m.personId);
      expect(theirs.sort()).toEqual([...(h.memberIds as string[])].sort());
    }
    const allHouseholds = new Map(
      (await scanAll('#t = :t', { ':t': 'HOUSEHOLD' })).map((h) => [String(h.householdId), h]),
    );
    for (const m of members) {
      expect(allHouseholds.get(String(m.householdId))?.memberIds).toContain(m.personId);
    }
    for (const claim of await scanAll('#t = :t', { ':t': 'HHKEY' })) {
      expect(allHouseholds.has(String(claim.householdId))).toBe(true);
    }
    const reports = await scanAll('#t = :t AND gridCode = :g', { ':t': 'HEALTH_REPORT', ':g': LOAD_GRID });
    for (const r of reports) expect(r.gsi1pk).toBe(`PENDING#${LOAD_GRID}`);
    expect(reports.filter((r) => persons.includes(String(r.personId)))).toHaveLength(30);
  }, 180_000);

  it('answers 503 STORAGE_UNAVAILABLE within the bound when DynamoDB hangs, and the write retried later lands once', async () => {
    const gw = await login('demo-gw1');
    const made = expectBody(
      await call('POST', '/v1/households', {
        token: gw.token,
        key: key(),
        body: { address: '故障演练 冻结户', gridCode: LOAD_GRID, members: [memberInput('self')] },
      }),
      201,
      createHouseholdResponseSchema,
    );
    const personId = made.members[0]!.personId;
    const reportKey = key();
    const report = () =>
      call('POST', `/v1/persons/${personId}/health-reports`, {
        token: gw.token,
        key: reportKey,
        body: { temperature: 36.8 },
      });

    stack.faults.pauseDynamo();
    let hung: Reply;
    try {
      hung = await report();
    } finally {
      stack.faults.resumeDynamo();
    }
    expectFault(hung, 'STORAGE_UNAVAILABLE', '5');

    const retried = await report();
    expect([200, 201]).toContain(retried.status);
    const again = expectBody(await report(), 200, healthReportSchema);
    expect(again).toEqual(retried.body);
  }, 60_000);
});
