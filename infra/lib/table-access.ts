/**
 * What a manifest `table` access level means in IAM. Actions are listed one by one (no
 * wildcards) and match what functions/src/data uses: no Scan (no request path scans the table),
 * and transactions need no action of their own (TransactWriteItems is authorized by the
 * Put/Update/Delete/ConditionCheck actions of its items).
 */
import type { TableAccess } from '@grid/functions/manifest/types';

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** DynamoDB uses the table's customer-managed key on the caller's behalf. */
export const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;
export const KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

/** Lambda's poller reads the stream with the consumer's role. */
export const STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
] as const;

export function tableActions(access: TableAccess): string[] {
  switch (access) {
    case 'none':
      return [];
    case 'read':
      return [...TABLE_READ_ACTIONS];
    case 'readwrite':
      return [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
  }
}

export function keyActionsForTable(access: TableAccess): string[] {
  switch (access) {
    case 'none':
      return [];
    case 'read':
      return [...KEY_READ_ACTIONS];
    case 'readwrite':
      return [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS];
  }
}
