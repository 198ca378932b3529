/**
 * One stream consumer run by the dispatcher in the test process, as its reader runs it (images
 * parsed with their item schemas, per-record failures): tests hand it raw stream records to
 * reproduce Lambda redelivering a batch or a poison record. Configure the environment first.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type DispatchedConsumer, dispatch } from '../../../functions/src/lib/streams/dispatcher';
import { manifest } from '../../../functions/src/manifest';
import { handlerModule } from '../../../functions/src/manifest/route';

export async function streamConsumerInThisProcess(
  name: string,
): Promise<{ handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> }> {
  const declared = manifest.streamConsumers.find((c) => c.name === name);
  if (!declared) throw new Error(`No stream consumer named ${name}`);
  const url = new URL(`../../../functions/src/${handlerModule(declared.handler)}.ts`, import.meta.url).href;
  const { consume } = (await import(/* @vite-ignore */ url)) as Pick<DispatchedConsumer, 'consume'>;
  const consumer: DispatchedConsumer = { name, handles: declared.handles, consume };
  return {
    handler: async (event) => {
      const { batchItemFailures } = await dispatch(declared.reader, event.Records, [consumer]);
      return { batchItemFailures };
    },
  };
}
