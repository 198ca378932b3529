/**
 * The manifest's stream readers as the local poller runs them: per reader, the same dispatcher the
 * Lambda entry builds (lib/streams/reader.ts over its consumers' `consume` modules) behind the
 * same filter criteria the event source mapping gets, so locally a reader is invoked for exactly
 * the records it would be in AWS.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamChange } from '../src/lib/streams/dispatcher';
import { streamReader } from '../src/lib/streams/reader';
import { handlerModule } from '../src/manifest/route';
import { consumersOf, matchesAnyPattern, readerNeeds, streamFilterPatterns } from '../src/manifest/streams';
import type { Manifest } from '../src/manifest/types';
import { lambdaContext } from './http-event';
import { type Invocation, withInvocation } from './invocation';
import type { StreamConsumer } from './stream-poller';
import { registerTextImports } from './text-imports';

type Consume = (changes: StreamChange[]) => Promise<readonly string[]>;

/** Lambda's timeout of the reader functions (infra: 60 s). */
const READER_TIMEOUT_MS = 60_000;

export async function localStreamReaders(
  manifest: Pick<Manifest, 'streamReaders' | 'streamConsumers'>,
  log: (line: Record<string, unknown>) => void,
  /** Told of every batch a reader finished (the benchmark measures the pipeline's lag with it). */
  onBatch?: (reader: string, event: DynamoDBStreamEvent, finishedAt: number) => void,
): Promise<StreamConsumer[]> {
  return Promise.all(
    manifest.streamReaders.map(async (reader) => {
      const consumers = consumersOf(manifest, reader.name);
      readerNeeds(consumers); // the same checks infra makes
      const dispatched = await Promise.all(
        consumers.map(async (c) => ({
          name: c.name,
          handles: c.handles,
          consume: await loadConsume(c.handler),
        })),
      );
      const handler = streamReader(reader.name, dispatched);
      const patterns = streamFilterPatterns(consumers.flatMap((c) => c.handles));
      return {
        name: reader.name,
        batchSize: reader.batchSize,
        filter: (record) => matchesAnyPattern(patterns, record),
        // One line per batch, with what its log lines said it did (the terminal shows those that did something).
        handler: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
          const invocation: Invocation = { functionName: reader.name, did: [] };
          const startedAt = Date.now();
          const result = await withInvocation(
            reader.name,
            () => handler(event, lambdaContext(reader.name, startedAt + READER_TIMEOUT_MS)),
            invocation,
          );
          onBatch?.(reader.name, event, Date.now());
          const failed = result.batchItemFailures.length;
          log({
            consumer: reader.name,
            records: event.Records.length,
            ms: Date.now() - startedAt,
            did: invocation.did,
            ...(failed > 0 ? { failed } : {}),
          });
          return result;
        },
      } satisfies StreamConsumer;
    }),
  );
}

async function loadConsume(module: string): Promise<Consume> {
  // A URL: see loadHandler in stack.ts.
  const url = new URL(`../src/${handlerModule(module)}.ts`, import.meta.url).href;
  registerTextImports();
  const mod = (await import(/* @vite-ignore */ url)) as { consume?: Consume };
  if (typeof mod.consume !== 'function')
    throw new Error(`functions/src/${handlerModule(module)}.ts exports no consume`);
  return mod.consume;
}
