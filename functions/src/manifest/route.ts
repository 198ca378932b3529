import type { Role, RouteDefinition } from './types';

export const ALL_ROLES: readonly Role[] = ['resident', 'gridworker', 'volunteer', 'centre', 'admin'];
/** Staff who may see health data; volunteers are left out on purpose. */
export const STAFF: readonly Role[] = ['gridworker', 'centre', 'admin'];
/** Grid centres and admins: the hierarchy's own changes and city-wide lists. */
export const CENTRES = ['centre', 'admin'] as const;
/** Who may place, extend, release or transfer a home quarantine. */
export const PLACERS = ['gridworker', 'centre', 'admin'] as const;
/** Who screens door to door and works registration tasks. */
export const SCREENERS = ['gridworker', 'centre'] as const;

/** Typed identity: keeps each route's literal schema types for the handler that implements it. */
export function route<const R extends RouteDefinition>(r: R): R {
  return r;
}

/**
 * Where a manifest handler id lives: `<context>/<name>` is functions/src/contexts/<context>/handlers/<name>.ts.
 * Returned relative to functions/src and without the extension; infra and the local runtime both use it.
 */
export function handlerModule(handler: string): string {
  const [context, name, ...rest] = handler.split('/');
  if (!context || !name || rest.length > 0) throw new Error(`handler ${handler}: expected <context>/<name>`);
  return `contexts/${context}/handlers/${name}`;
}
