/**
 * A resident who binds a staff phone keeps their household (issue 15, item 12): the staff record
 * takes the household and the resident's person, the household's owner moves to it, and the signed-in
 * staff member still reads and reports for its own household, even outside the grids it works.
 * Its grids are in 史口镇 (370502104), which access-changes.test.ts owns.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { householdSchema, loginResponseSchema, staffSchema } from '@grid/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { api, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  freshPhone,
  newGrid,
  newHousehold,
  postHealthReport,
} from './support/fixtures';
import { stackDynamo } from './support/in-process';

const dynamo = stackDynamo();
afterAll(() => dynamo.destroy());

describe('binding a staff phone as a resident with a household', () => {
  it('keeps the household: the staff record owns it and reads and reports for it', async () => {
    const [homeGrid, workGrid] = await Promise.all([newGrid('370502104207'), newGrid('370502104208')]);
    const [home, work] = [homeGrid.gridCode, workGrid.gridCode];
    const h = await newHousehold(home);
    const admin = await demo('demo-admin');
    const phone = freshPhone();
    const staff = expectBody(
      await api('POST', '/v1/staff', {
        token: admin.token,
        body: { role: 'gridworker', name: '住户网格员', phone, gridCodes: [work] },
      }),
      201,
      staffSchema,
    );
    const bound = expectBody(
      await api('POST', '/v1/auth/phone', { token: h.owner.token, body: { code: `test-phone:${phone}` } }),
      200,
      loginResponseSchema,
    );
    expect(bound.user).toMatchObject({
      userId: staff.userId,
      role: 'gridworker',
      householdId: h.household.householdId,
      personId: h.members[0]!.person.personId,
    });

    const mine = await api('GET', '/v1/households/mine', { token: bound.token });
    expect(expectBody(mine, 200, householdSchema).householdId).toBe(h.household.householdId);
    const stored = await dynamo.send(
      new GetItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `HH#${h.household.householdId}` }, sk: { S: 'HH' } },
        ConsistentRead: true,
      }),
    );
    expect(stored.Item?.ownerUserId?.S).toBe(staff.userId);

    // Its own household lies outside the grid it works, and stays its own.
    const report = await postHealthReport(bound.token, h.members[1]!.person.personId, { temperature: 36.5 });
    expect(report.status).toBe(201);
    // Another household of the same grid is still out of its scope.
    const neighbour = await newHousehold(home);
    expectError(
      await postHealthReport(bound.token, neighbour.members[0]!.person.personId, { temperature: 36.5 }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('leaves staff without a household of their own at 404 NOT_FOUND', async () => {
    const admin = await demo('demo-admin');
    expectError(await api('GET', '/v1/households/mine', { token: admin.token }), 404, 'NOT_FOUND');
  });
});
