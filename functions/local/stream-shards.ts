import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

const SHARD_LIST_MAX_AGE_MS = 1000;

export /** DescribeStream, cached briefly and shared by the consumers. */
function createShardList(client: DynamoDBStreamsClient, streamArn: string) {
  let shards: Shard[] = [];
  let fetchedAt = 0;
  let fetchedGeneration = -1;
  let inFlight: { generation: number; promise: Promise<Shard[]> } | undefined;

  const describeAll = async (): Promise<Shard[]> => {
    const all: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return all;
  };

  const list = {
    /** Shards that existed at the first successful DescribeStream ('LATEST' applies to them only). */
    initialShardIds: undefined as Set<string> | undefined,
    invalidate(): void {
      fetchedAt = 0;
    },
    /** Shards as seen by a DescribeStream that started at minGeneration or later. */
    async get(minGeneration: number): Promise<Shard[]> {
      const fresh = Date.now() - fetchedAt < SHARD_LIST_MAX_AGE_MS;
      if (fetchedGeneration >= minGeneration && fresh) return shards;
      if (inFlight && inFlight.generation >= minGeneration) return inFlight.promise;
      const started = { generation: minGeneration, promise: describeAll() };
      inFlight = started;
      try {
        const result = await started.promise;
        shards = result;
        fetchedAt = Date.now();
        fetchedGeneration = Math.max(fetchedGeneration, started.generation);
        list.initialShardIds ??= new Set(result.flatMap((shard) => (shard.ShardId ? [shard.ShardId] : [])));
        return result;
      } finally {
        if (inFlight === started) inFlight = undefined;
      }
    },
  };
  return list;
}
