/**
 * Moving a household to another grid: the household, its persons and their active quarantines
 * (grid and board/city index keys) change together, keyed by their own entities.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { failedConditions } from '../../../lib/dynamo/transactions';
import type { HouseholdItem } from '../../households/entities/household';
import type { PersonItem } from '../../households/entities/person';
import { activeIndexKeys, type QuarantineItem, quarantineKeys } from '../../quarantine/entities/quarantine';

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
  const quarantineUpdates = quarantines.map((q) => {
    // The keys an active quarantine has in the new grid (its board and its city's job list).
    const moved = activeIndexKeys({ ...q, gridCode: toGrid });
    return {
      Update: {
        TableName: tableName(),
        Key: quarantineKeys.item(q.quarantineId),
        UpdateExpression: 'SET gridCode = :to, gsi1pk = :board, gsi2pk = :city, gsi2sk = :citysk',
        ConditionExpression: '#s = :active AND gridCode = :from',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':to': toGrid,
          ':from': from,
          ':active': 'active',
          ':board': moved.gsi1pk,
          ':city': moved.gsi2pk,
          ':citysk': moved.gsi2sk,
        },
      },
    };
  });
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
