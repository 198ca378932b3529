/**
 * Stream consumer: chains the processing of cross-match imports. Every step (upload started, parse,
 * chunk checkpoint) writes the import item; its record lands here and the next steps run at once,
 * for up to CHAIN_BUDGET_MS. Steps are idempotent (conditional rows, conditional checkpoint), so a
 * redelivered batch repeats nothing.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { continueImports } from '../../use-cases/cross-match';

/** The import the record is about, when it has work left. */
function activeImportOf(record: DynamoDBRecord): string | undefined {
  const raw = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  if (raw?.type?.S !== 'XM_IMPORT') return undefined;
  const status = raw.status?.S;
  if (status !== 'received' && status !== 'processing') return undefined;
  return raw.importId?.S;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  const relevant = event.Records.flatMap((record) => {
    const importId = activeImportOf(record);
    return importId ? [{ importId, sequence: record.dynamodb?.SequenceNumber ?? '' }] : [];
  });
  if (relevant.length === 0) return { batchItemFailures: [] };
  try {
    const result = await continueImports(
      relevant.map((r) => r.importId),
      now,
    );
    logger.info('cross-match imports continued', {
      imports: new Set(relevant.map((r) => r.importId)).size,
      ...result,
    });
    return { batchItemFailures: [] };
  } catch (err) {
    logger.error('cross-match import step failed', { error: err as Error });
    // Retried from the first record naming an import: the steps already taken are not repeated.
    return { batchItemFailures: [{ itemIdentifier: relevant[0]?.sequence ?? '' }] };
  }
}
