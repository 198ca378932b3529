/**
 * Types of the manifest: the one source of truth that infra/ (CDK) and the local runtime
 * (functions/local) both read. Keep this file free of AWS and runtime imports: it is plain data.
 */
import type { z } from 'zod';

export type Role = 'resident' | 'gridworker' | 'volunteer' | 'centre' | 'admin';

/** Table access a function gets: infra grants IAM from it, the local runtime ignores it. */
export type TableAccess = 'read' | 'readwrite' | 'none';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface KeySchema {
  partitionKey: string;
  sortKey?: string;
}

export interface GlobalIndex extends KeySchema {
  name: string;
  projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical name; the physical name comes from config (TABLE_NAME) in each runtime. */
  logicalName: string;
  partitionKey: string;
  sortKey: string;
  /** Every key attribute is a string (S). */
  globalIndexes: readonly GlobalIndex[];
  ttlAttribute: string;
  stream: 'NEW_AND_OLD_IMAGES';
}

export interface RouteRequest {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Header names (lower case) the route reads, e.g. idempotency-key. */
  headers?: readonly string[];
}

export interface RouteDefinition {
  /** Stable id, also the OpenAPI operationId and the function's logical name. */
  operationId: string;
  method: HttpMethod;
  /** API Gateway path template, e.g. /v1/persons/{personId}/health-reports */
  path: string;
  /** `<context>/<name>`: functions/src/contexts/<context>/handlers/<name>.ts (see handlerModule); it exports `handler`. */
  handler: string;
  /** 'public' routes need no token; otherwise the roles allowed to call it. */
  auth: 'public' | { roles: readonly Role[] };
  table: TableAccess;
  summary: string;
  tags: readonly string[];
  request: RouteRequest;
  /** Success status → response body schema. */
  responses: Readonly<Record<number, z.ZodType>>;
  /** Needs the WeChat secrets (AppID/AppSecret) at run time. */
  usesWeChat?: boolean;
  /** Signs health passes or serves their public key: kms:Sign and kms:GetPublicKey on the pass key. */
  signsPasses?: boolean;
  /** Files (relative to functions/src) the handler reads at run time: copied next to the bundle. */
  bundledFiles?: readonly string[];
  /**
   * Cache-Control of a success answer. Default `no-store`: answers are per caller and change with
   * every write. Only an answer that is the same for every caller and may be a little old sets it.
   */
  cacheControl?: string;
}

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** The changes a stream consumer reacts to: items of these types, by these event names. */
export interface StreamInterest {
  /** Item `type` values (the images' `type` attribute). */
  types: readonly string[];
  events: readonly StreamEventName[];
}

/**
 * A reader of the table's stream: one function (a dispatcher) with one event source mapping whose
 * filter criteria come from its consumers' interests. AWS throttles more than two readers per shard,
 * so there are at most two (infra/test checks).
 */
export interface StreamReaderDefinition {
  name: string;
  batchSize: number;
  /** Seconds the mapping gathers records before invoking (Lambda's MaximumBatchingWindowInSeconds). */
  batchingWindowSeconds: number;
  description: string;
}

export interface StreamConsumerDefinition {
  name: string;
  /**
   * `<context>/<name>` (see handlerModule), a module exporting `consume(changes: StreamChange[])` (see
   * lib/streams/dispatcher.ts): it receives the typed changes it declared, never raw records.
   */
  handler: string;
  /** The stream reader (dispatcher) that runs this consumer in-process. */
  reader: string;
  /** What it reacts to: infra turns the union of a reader's interests into filter criteria. */
  handles: readonly StreamInterest[];
  table: TableAccess;
  description: string;
  /** Sends WeChat messages: needs the WeChat secrets at run time. */
  usesWeChat?: boolean;
}

export interface ScheduleDefinition {
  name: string;
  /** `<context>/<name>` (see handlerModule), a module exporting `handler()`. */
  handler: string;
  /** Run every N minutes (infra: rate(N minutes); local: setInterval). */
  everyMinutes: number;
  table: TableAccess;
  description: string;
  /** Sends WeChat messages: needs the WeChat secrets at run time. */
  usesWeChat?: boolean;
  /** Stands in for something AWS does itself (DynamoDB TTL): the local runtime runs it, infra deploys nothing. */
  localOnly?: boolean;
  /** Reads the whole table with a parallel Scan (background jobs only): infra grants dynamodb:Scan on the table. */
  scansTable?: boolean;
}

export interface Manifest {
  table: TableDefinition;
  routes: readonly RouteDefinition[];
  streamReaders: readonly StreamReaderDefinition[];
  streamConsumers: readonly StreamConsumerDefinition[];
  schedules: readonly ScheduleDefinition[];
}
