/** Stream records as the Lambda event carries them (the Streams SDK's shapes differ slightly). */
import type { _Record, AttributeValue as StreamsAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, StreamRecord } from 'aws-lambda';

export function toLambdaRecord(record: _Record, region: string, streamArn: string): DynamoDBRecord {
  const source = record.dynamodb;
  const dynamodb: StreamRecord = {};
  if (source) {
    if (source.ApproximateCreationDateTime) {
      dynamodb.ApproximateCreationDateTime = Math.floor(source.ApproximateCreationDateTime.getTime() / 1000);
    }
    if (source.Keys) dynamodb.Keys = toLambdaMap(source.Keys);
    if (source.NewImage) dynamodb.NewImage = toLambdaMap(source.NewImage);
    if (source.OldImage) dynamodb.OldImage = toLambdaMap(source.OldImage);
    if (source.SequenceNumber) dynamodb.SequenceNumber = source.SequenceNumber;
    if (source.SizeBytes !== undefined) dynamodb.SizeBytes = source.SizeBytes;
    if (source.StreamViewType) dynamodb.StreamViewType = source.StreamViewType;
  }
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb,
    eventSourceARN: streamArn,
  };
  // Present for TTL deletions: { type: 'Service', principalId: 'dynamodb.amazonaws.com' }.
  if (record.userIdentity) lambdaRecord.userIdentity = { ...record.userIdentity };
  return lambdaRecord;
}

function toLambdaMap(map: Record<string, StreamsAttributeValue>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(map)) out[key] = toLambdaValue(value);
  return out;
}

/** The Streams SDK gives binaries as bytes; the Lambda event (JSON) carries them as base64. */
function toLambdaValue(value: StreamsAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => Buffer.from(bytes).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaMap(value.M) };
  // The Streams SDK hands an empty map ({"M":{}} on the wire) back as {}: nothing else is empty.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`Unknown attribute value type: ${Object.keys(value).join(',')}`);
}
