/**
 * What a use case may need to know about the request it serves without being handed the event:
 * the route and request id, for the audit trail. Set by httpHandler for each invocation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  operationId: string;
  requestId: string;
}

const store = new AsyncLocalStorage<RequestContext>();

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return store.run(context, fn);
}

export function currentRequest(): RequestContext | undefined {
  return store.getStore();
}
