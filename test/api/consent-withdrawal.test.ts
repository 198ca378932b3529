/**
 * A resident can withdraw consent to the privacy notice (issue 15, item 12): reports then need the
 * notice accepted again, what was stored stays (it follows the retention rules), and the history
 * keeps both the acceptance and the withdrawal. Its grid is in 史口镇 (370502104), which
 * access-changes.test.ts owns.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  addDays,
  healthReportListSchema,
  localDate,
  meSchema,
  PRIVACY_NOTICE,
  privacyConsentStateSchema,
} from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, stack } from './support/client';
import { demo, expectBody, expectError, newGrid, newHousehold, postHealthReport } from './support/fixtures';
import { stackDynamo } from './support/in-process';

let G: string;
const dynamo = stackDynamo();
afterAll(() => dynamo.destroy());

beforeAll(async () => {
  G = (await newGrid('370502104206')).gridCode;
});

describe('DELETE /v1/me/privacy-consent', () => {
  it('makes reports need consent again, keeps what was stored, and records the withdrawal', async () => {
    const h = await newHousehold(G);
    const token = h.owner.token;
    const personId = h.members[0]!.person.personId;
    expect((await postHealthReport(token, personId, { temperature: 36.6 })).status).toBe(201);

    const withdrawn = await api('DELETE', '/v1/me/privacy-consent', { token });
    expect(expectBody(withdrawn, 200, privacyConsentStateSchema)).toEqual({
      currentVersion: PRIVACY_NOTICE.version,
      acceptedVersion: null,
      acceptedAt: null,
      upToDate: false,
    });
    expect(expectBody(await api('GET', '/v1/me', { token }), 200, meSchema).privacyConsent.upToDate).toBe(
      false,
    );
    expectError(await postHealthReport(token, personId, { temperature: 36.7 }), 403, 'CONSENT_REQUIRED');
    // Withdrawing again changes nothing.
    expect((await api('DELETE', '/v1/me/privacy-consent', { token })).status).toBe(200);

    // What was reported stays, under the retention rules.
    const today = localDate(new Date());
    const reports = expectBody(
      await api('GET', `/v1/persons/${personId}/health-reports?from=${addDays(today, -1)}&to=${today}`, {
        token,
      }),
      200,
      healthReportListSchema,
    );
    expect(reports.items).toHaveLength(1);

    const stored = await dynamo.send(
      new GetItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `USER#${h.owner.user.userId}` }, sk: { S: 'USER' } },
        ConsistentRead: true,
      }),
    );
    const history = stored.Item?.privacyConsentHistory?.L?.map((c) => Object.keys(c.M ?? {}).sort());
    expect(history).toEqual([['acceptedAt', 'version'], ['withdrawnAt'], ['withdrawnAt']]);

    // Accepting again lets the resident report.
    await api('POST', '/v1/me/privacy-consent', { token, body: { version: PRIVACY_NOTICE.version } });
    const spouse = h.members[1]!.person.personId;
    expect((await postHealthReport(token, spouse, { temperature: 36.8 })).status).toBe(201);
  });

  it('is the resident’s own: staff get 403 FORBIDDEN_ROLE', async () => {
    const admin = await demo('demo-admin');
    expectError(await api('DELETE', '/v1/me/privacy-consent', { token: admin.token }), 403, 'FORBIDDEN_ROLE');
  });
});
