import type { PagePath } from '@grid/shared/pages';

/** A page's URL for Taro's navigation: its shared path (shared/src/pages.ts) with a leading slash. */
const url = <P extends PagePath>(path: P) => `/${path}` as const;

/** Page URLs; each is a page of the shared page list, so a typo or a removed page fails to compile. */
export const ROUTES = {
  login: url('pages/index/index'),
  home: url('pages/home/index'),
  checkin: url('resident/pages/checkin/index'),
  travel: url('resident/pages/travel/index'),
  family: url('resident/pages/family/index'),
  member: url('resident/pages/member/index'),
  register: url('resident/pages/register/index'),
  pending: url('gridworker/pages/pending/index'),
  visitRegister: url('gridworker/pages/register/index'),
  supply: url('resident/pages/supply/index'),
  supplyNew: url('resident/pages/supply-new/index'),
  messages: url('resident/pages/messages/index'),
  privacy: url('resident/pages/privacy/index'),
  accessLog: url('resident/pages/access-log/index'),
  corrections: url('resident/pages/corrections/index'),
  passes: url('resident/pages/pass/index'),
  passPrint: url('gridworker/pages/pass/index'),
  quarantine: url('gridworker/pages/quarantine/index'),
  alerts: url('gridworker/pages/alerts/index'),
  supplyQueue: url('gridworker/pages/supply/index'),
  tasks: url('gridworker/pages/tasks/index'),
  notices: url('gridworker/pages/notices/index'),
  centre: url('centre/pages/home/index'),
  centreNotices: url('centre/pages/notices/index'),
  riskAreas: url('centre/pages/risk-areas/index'),
  registrationTasks: url('gridworker/pages/registration/index'),
  duty: url('gridworker/pages/duty/index'),
  checkpointLog: url('gridworker/pages/checkpoint/index'),
  checkpointScan: url('gridworker/pages/scan/index'),
} as const;

export function withQuery(url: string, query: Record<string, string>): string {
  const q = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${url}?${q}` : url;
}
