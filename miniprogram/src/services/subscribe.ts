import type { TemplateName } from '@grid/shared';
import Taro from '@tarojs/taro';
import { getSubscriptions, recordSubscriptions } from './api';

type TemplateIds = Partial<Record<TemplateName, string>>;

/**
 * Taro's h5 defines requestSubscribeMessage as a "not supported" stub, so the function existing
 * is not enough: only a mini-program build can ask.
 */
export function subscribeSupported(
  env: string | undefined = process.env.TARO_ENV,
  api: { requestSubscribeMessage?: unknown } = Taro,
): boolean {
  return env !== undefined && env !== 'h5' && typeof api.requestSubscribeMessage === 'function';
}

/** The templates worth asking for now: known ids whose one-time grants are used up. */
export async function templatesToAsk(names: readonly TemplateName[]): Promise<TemplateIds> {
  const { templates, remaining } = await getSubscriptions();
  const ask: TemplateIds = {};
  for (const name of names) {
    const id = templates[name];
    if (id && (remaining[name] ?? 0) === 0) ask[name] = id;
  }
  return ask;
}

/**
 * Shows WeChat's consent sheet and records what was accepted. WeChat only opens the sheet from a
 * tap, so the ids must already be loaded (templatesToAsk) when the person taps.
 */
export async function askSubscribe(ids: TemplateIds): Promise<TemplateName[]> {
  const entries = Object.entries(ids) as Array<[TemplateName, string]>;
  if (entries.length === 0 || !subscribeSupported()) return [];
  const answer = (await Taro.requestSubscribeMessage({
    tmplIds: entries.map(([, id]) => id),
    // Alipay's field; Taro's typing wants it, WeChat ignores it.
    entityIds: [],
  })) as Record<string, string>;
  const accepted = entries.filter(([, id]) => answer[id] === 'accept').map(([name]) => name);
  if (accepted.length > 0) await recordSubscriptions(accepted);
  return accepted;
}
