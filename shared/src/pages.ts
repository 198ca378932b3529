/**
 * The mini program's pages, in one place for both sides: the mini program builds its app config
 * (main package and one subpackage per role) from `APP_PACKAGES`, and the backend names the page a
 * WeChat subscribe message opens with `NOTIFICATION_PAGES`, typed by `PagePath` — so a message can
 * only name a page the app has. Paths are as WeChat wants them: no leading slash.
 */
import type { TemplateName } from './api/notifications';

export const APP_PACKAGES = {
  /** Main package: sign-in and the role-aware home only. */
  main: ['pages/index/index', 'pages/home/index'],
  subPackages: [
    {
      root: 'resident',
      pages: [
        'pages/checkin/index',
        'pages/travel/index',
        'pages/family/index',
        'pages/member/index',
        'pages/register/index',
        'pages/supply/index',
        'pages/supply-new/index',
        'pages/messages/index',
        // The rights the privacy notice names: who viewed my data, and corrections.
        'pages/privacy/index',
        'pages/access-log/index',
        'pages/corrections/index',
        // Every member's health pass (issue 19).
        'pages/pass/index',
      ],
    },
    {
      // The supply queue is here too: volunteers open it from their home.
      root: 'gridworker',
      pages: [
        'pages/pending/index',
        'pages/register/index',
        'pages/quarantine/index',
        'pages/alerts/index',
        'pages/supply/index',
        'pages/tasks/index',
        'pages/notices/index',
        'pages/registration/index',
        // A person's pass and its printed form (issue 19).
        'pages/pass/index',
        // Checkpoints (劝返站): 值守 (my shifts, sign-in/out) and a checkpoint's entry log and figures.
        'pages/duty/index',
        'pages/checkpoint/index',
        'pages/scan/index',
      ],
    },
    {
      root: 'centre',
      // The dashboard; publishing notices (and who acknowledged them); the risk-area list (admin).
      pages: ['pages/home/index', 'pages/notices/index', 'pages/risk-areas/index'],
    },
  ],
} as const;

type Packages = typeof APP_PACKAGES;
type SubPackage = Packages['subPackages'][number];
type SubPackagePath<S> = S extends {
  root: infer R extends string;
  pages: readonly (infer P extends string)[];
}
  ? `${R}/${P}`
  : never;

/** Every page of the app, as WeChat names it (`resident/pages/checkin/index`). */
export type PagePath = Packages['main'][number] | SubPackagePath<SubPackage>;

/** A page with an optional query string, as a subscribe message's `page` may carry. */
export type PageLink = PagePath | `${PagePath}?${string}`;

/** Every page path, main package first. */
export const ALL_PAGES: readonly PagePath[] = [
  ...APP_PACKAGES.main,
  ...APP_PACKAGES.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}` as PagePath)),
];

/** The page each kind of subscribe message opens when the user taps it. */
export const NOTIFICATION_PAGES = {
  checkReminder: 'resident/pages/checkin/index',
  alert: 'gridworker/pages/alerts/index',
  supplyStatus: 'resident/pages/supply/index',
} as const satisfies Record<TemplateName, PagePath>;
