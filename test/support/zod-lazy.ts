/**
 * Object schemas are declared lazily (`z.lazy(() => z.object(…))`, built on first use to keep cold
 * starts short; docs/architecture.md). Tests that look inside a schema (its shape, its checks)
 * look at the schema the lazy one builds.
 */
interface MaybeLazy {
  _zod?: { def: { type: string; getter?: () => unknown } };
}

export function unwrapLazy(schema: unknown): unknown {
  let s = schema as MaybeLazy | undefined;
  while (s?._zod?.def.type === 'lazy' && s._zod.def.getter) s = s._zod.def.getter() as MaybeLazy;
  return s;
}
