/**
 * The wrapper of stream readers and schedules, the counterpart of httpHandler: configuration is
 * read and validated once, when the module loads (a bad setting fails the cold start, not some later
 * batch), and the Powertools logger carries the Lambda context (function name, request id, cold
 * start) on every line. The local runtime passes a Lambda-shaped context too (http-event.ts).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { config } from '../config';
import { logger } from './logger';

export function backgroundHandler<E, R>(
  run: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  config(); // fail fast at cold start on bad configuration
  return middy<E, R>(run).use(injectLambdaContext(logger, { resetKeys: true }));
}
