/**
 * Imports left uploading expire (issue 15, item 12): a day after its creation an upload in parts
 * that was never started fails with IMPORT_UPLOAD_EXPIRED, its uploaded parts (sealed personal
 * data) are deleted, and late parts, a start or a reparse are refused. This file's imports are
 * created in the past (x-local-now) and the schedule runs at the real time, so other files' fresh
 * uploads are never touched. They live in 龙居镇 (370502105), which cursors.test.ts owns.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { importSchema } from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, runSchedule, stack } from './support/client';
import { demo, expectBody, expectError } from './support/fixtures';
import { stackDynamo } from './support/in-process';

const STREET = '370502105';
let adminToken: string;
const dynamo = stackDynamo();
afterAll(() => dynamo.destroy());

const csv = Buffer.from(
  '姓名,身份证号,手机号,到达日期,现住址\n测试,,13900000000,2026-01-01,龙居镇\n',
).toString('base64');

/** An upload in parts created `hoursAgo` hours ago, with its first part. */
async function uploading(hoursAgo: number): Promise<string> {
  const created = await api<{ importId: string; status: string }>('POST', '/v1/cross-match/imports', {
    token: adminToken,
    body: { filename: 'expiry.csv', source: 'police', regionCode: STREET },
    headers: { 'x-local-now': new Date(Date.now() - hoursAgo * 3_600_000).toISOString() },
  });
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('uploading');
  const part = await api('PUT', `/v1/cross-match/imports/${created.body.importId}/parts/1`, {
    token: adminToken,
    body: { contentBase64: csv },
  });
  expect(part.status).toBeLessThan(300);
  return created.body.importId;
}

async function storedParts(importId: string): Promise<number> {
  const out = await dynamo.send(
    new QueryCommand({
      TableName: stack().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': { S: `XM#${importId}` }, ':p': { S: 'PART' } },
      ConsistentRead: true,
    }),
  );
  return out.Count ?? 0;
}

const view = async (importId: string) =>
  expectBody(
    await api('GET', `/v1/cross-match/imports/${importId}`, { token: adminToken }),
    200,
    importSchema,
  );

beforeAll(async () => {
  adminToken = (await demo('demo-admin')).token;
});

describe('uploads in parts never started', () => {
  it('expire after a day: failed, parts deleted, late parts and starts refused', async () => {
    const [importId, young] = await Promise.all([uploading(25), uploading(23)]);
    expect(await storedParts(importId)).toBeGreaterThan(0);

    await runSchedule('processCrossMatchImports');
    expect((await view(young)).status).toBe('uploading');
    expect(await storedParts(young)).toBeGreaterThan(0);
    const expired = await view(importId);
    expect(expired).toMatchObject({ status: 'failed', failure: { code: 'IMPORT_UPLOAD_EXPIRED' } });
    expect(await storedParts(importId)).toBe(0);

    expectError(
      await api('PUT', `/v1/cross-match/imports/${importId}/parts/2`, {
        token: adminToken,
        body: { contentBase64: csv },
      }),
      409,
      'IMPORT_NOT_UPLOADING',
    );
    expectError(
      await api('POST', `/v1/cross-match/imports/${importId}/start`, {
        token: adminToken,
        body: { parts: 1 },
      }),
      409,
      'IMPORT_NOT_UPLOADING',
    );
    expectError(
      await api('POST', `/v1/cross-match/imports/${importId}/reparse`, {
        token: adminToken,
        body: { columnMap: {} },
      }),
      409,
      'IMPORT_NOT_REPARSABLE',
    );
  });

  it('leave a started import alone, however old', async () => {
    const importId = await uploading(48);
    const started = await api('POST', `/v1/cross-match/imports/${importId}/start`, {
      token: adminToken,
      body: { parts: 1 },
    });
    expect(started.status).toBe(202);
    await runSchedule('processCrossMatchImports');
    expect((await view(importId)).failure?.code).not.toBe('IMPORT_UPLOAD_EXPIRED');
  });
});
