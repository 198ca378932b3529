import type { Role, RouteDefinition } from './types';

export const ALL_ROLES: readonly Role[] = ['resident', 'gridworker', 'volunteer', 'centre', 'admin'];
/** Staff who may see health data; volunteers are left out on purpose. */
export const STAFF: readonly Role[] = ['gridworker', 'centre', 'admin'];

/** Typed identity: keeps each route's literal schema types for the handler that implements it. */
export function route<const R extends RouteDefinition>(r: R): R {
  return r;
}
