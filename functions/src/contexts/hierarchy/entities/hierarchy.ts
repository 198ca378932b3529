/**
 * The region tree and its grids: one region item per child under its parent (a grid is the last
 * level), grids in the city's gsi1 list, grid staff on both sides (the user's scopes and the grid's
 * membership items), and moving a household with everything keyed by its grid.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type DedicatedKind, parentOf } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { queryAll } from '../../../lib/dynamo/query-all';
import { failedConditions } from '../../../lib/dynamo/transactions';
import type { HouseholdItem, PersonItem } from '../../households/entities/households';
import type { QuarantineItem } from '../../quarantine/entities/quarantines';
import { type GridItem, gridPutRequest, type RegionItem } from './grids';

export interface GridRecord extends GridItem {
  dedicatedKind: DedicatedKind | null;
}

/** A region by its code (its parent is derived from the code); undefined when not imported. */
export async function getRegion(code: string): Promise<RegionItem | undefined> {
  const parent = parentOf(code);
  if (parent === null) return undefined;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.region(parent, code) }));
  return out.Item as RegionItem | undefined;
}

/** Creates a grid and its region child item together; false when the grid code is taken. */
export async function createGrid(grid: GridRecord): Promise<boolean> {
  const gridPut = gridPutRequest(grid).PutRequest;
  const child: RegionItem = {
    code: grid.gridCode,
    name: grid.name,
    level: 'grid',
    parentCode: grid.villageCode,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: gridPut.Item,
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.region(grid.villageCode, grid.gridCode),
                type: 'REGION',
                ...child,
                kind: grid.kind,
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** Every grid whose code starts with the scope (4 digits or more), from the city's grid list. */
export async function listGridsUnder(scope: string): Promise<GridRecord[]> {
  return queryAll<GridRecord>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :scope)',
    ExpressionAttributeValues: { ':pk': keys.gridsOfCity(scope.slice(0, 4)), ':scope': scope },
  });
}

/**
 * Replaces a staff member's grid scopes if they are still what the caller read, and adds or
 * removes the grid's membership item in the same transaction. False when the user changed meanwhile.
 */
export async function changeGridStaff(
  user: { userId: string; role: string; scopes: string[] },
  nextScopes: string[],
  membership: { gridCode: string; action: 'add' | 'remove' },
): Promise<boolean> {
  const member = keys.gridStaff(membership.gridCode, user.userId);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.user(user.userId),
              // Taking a grid away raises the access version: tokens naming the grid are refused.
              UpdateExpression:
                membership.action === 'remove'
                  ? 'SET scopes = :next, accessVersion = if_not_exists(accessVersion, :zero) + :one'
                  : 'SET scopes = :next',
              ConditionExpression: 'scopes = :read AND #role = :role',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: {
                ':next': nextScopes,
                ':read': user.scopes,
                ':role': user.role,
                ...(membership.action === 'remove' ? { ':zero': 0, ':one': 1 } : {}),
              },
            },
          },
          membership.action === 'add'
            ? {
                Put: {
                  TableName: tableName(),
                  Item: { ...member, type: 'GRIDSTAFF', userId: user.userId, role: user.role },
                },
              }
            : { Delete: { TableName: tableName(), Key: member } },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)) return false;
    throw err;
  }
}

/**
 * Moves a household, its persons and their active quarantines (grid and board/city index keys) to
 * another grid in one transaction, on condition that nothing moved, joined or changed quarantine
 * since they were read. False otherwise. At most 1 + 20 + 20 items: within the 100-item limit.
 */
export async function moveHousehold(
  household: HouseholdItem & { version?: number },
  persons: PersonItem[],
  quarantines: QuarantineItem[],
  toGrid: string,
): Promise<boolean> {
  const from = household.gridCode;
  const version = household.version ?? 1;
  const householdUpdate = {
    Update: {
      TableName: tableName(),
      Key: keys.household(household.householdId),
      UpdateExpression: 'SET gridCode = :to, version = :next',
      ConditionExpression: `gridCode = :from AND size(memberIds) = :n AND ${
        household.version === undefined ? 'attribute_not_exists(version)' : 'version = :v'
      }`,
      ExpressionAttributeValues: {
        ':to': toGrid,
        ':from': from,
        ':next': version + 1,
        ':n': household.memberIds.length,
        ...(household.version === undefined ? {} : { ':v': household.version }),
      },
    },
  };
  const personUpdates = persons.map((p) => {
    const quarantineId = p.activeQuarantineId ?? null;
    return {
      Update: {
        TableName: tableName(),
        Key: keys.person(p.personId),
        UpdateExpression: 'SET gridCode = :to, version = version + :one',
        ConditionExpression: `householdId = :h AND gridCode = :from AND ${
          quarantineId === null
            ? '(attribute_not_exists(activeQuarantineId) OR activeQuarantineId = :null)'
            : 'activeQuarantineId = :q'
        }`,
        ExpressionAttributeValues: {
          ':to': toGrid,
          ':one': 1,
          ':h': household.householdId,
          ':from': from,
          ...(quarantineId === null ? { ':null': null } : { ':q': quarantineId }),
        },
      },
    };
  });
  const quarantineUpdates = quarantines.map((q) => ({
    Update: {
      TableName: tableName(),
      Key: keys.quarantine(q.quarantineId),
      // Same keys as quarantines.ts derives for an active quarantine, from the new grid.
      UpdateExpression: 'SET gridCode = :to, gsi1pk = :board, gsi2pk = :city, gsi2sk = :citysk',
      ConditionExpression: '#s = :active AND gridCode = :from',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':to': toGrid,
        ':from': from,
        ':active': 'active',
        ':board': keys.quarantinedInGrid(toGrid),
        ':city': keys.activeQuarantinesOfCity(toGrid.slice(0, 4)),
        ':citysk': `${toGrid}#${q.quarantineId}`,
      },
    },
  }));
  try {
    await db().send(
      new TransactWriteCommand({ TransactItems: [householdUpdate, ...personUpdates, ...quarantineUpdates] }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)) return false;
    throw err;
  }
}

/** Ids of the active quarantines under a scope (4 digits or more), from the city's keys-only list. */
export async function listActiveQuarantineIdsUnder(scope: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :scope)',
        ExpressionAttributeValues: {
          ':pk': keys.activeQuarantinesOfCity(scope.slice(0, 4)),
          ':scope': scope,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    ids.push(...(out.Items ?? []).map((i) => String(i.pk).slice('QT#'.length)));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return ids;
}
