/** Page URLs, matching app.config.ts (main package, then one subpackage per role section). */
export const ROUTES = {
  login: '/pages/index/index',
  home: '/pages/home/index',
  checkin: '/resident/pages/checkin/index',
  travel: '/resident/pages/travel/index',
  family: '/resident/pages/family/index',
  member: '/resident/pages/member/index',
  register: '/resident/pages/register/index',
  pending: '/gridworker/pages/pending/index',
  visitRegister: '/gridworker/pages/register/index',
  supply: '/resident/pages/supply/index',
  supplyNew: '/resident/pages/supply-new/index',
  messages: '/resident/pages/messages/index',
  quarantine: '/gridworker/pages/quarantine/index',
  alerts: '/gridworker/pages/alerts/index',
  supplyQueue: '/gridworker/pages/supply/index',
  tasks: '/gridworker/pages/tasks/index',
  notices: '/gridworker/pages/notices/index',
  centre: '/centre/pages/home/index',
} as const;

export function withQuery(url: string, query: Record<string, string>): string {
  const q = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${url}?${q}` : url;
}
