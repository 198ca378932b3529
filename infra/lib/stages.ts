/**
 * Per-stage settings: the only place where dev and prod differ. Figures for prod are sized for
 * Dongying (2 M residents, one report a day, 6,100 gridworkers); see docs/deploy.md.
 */
export type StageName = 'dev' | 'prod';

export interface StageConfig {
  name: StageName;
  /** HTTP API stage throttling, requests per second across all routes. */
  throttle: { rateLimit: number; burstLimit: number };
  /** Origins allowed by CORS (the h5 build); the mini program's wx.request is not subject to CORS. */
  corsOrigins: readonly string[];
  /** Optional ICP-filed custom domain; when set the default execute-api endpoint is disabled. */
  apiDomain?: { domainName: string; certificateArn: string };
  lambda: { memorySize: number; httpTimeoutSeconds: number; logRetentionDays: LogRetentionDays };
  stream: {
    retryAttempts: number;
    /** Records older than this are dropped to the failure queue; the hourly recount repairs them. */
    maxRecordAgeMinutes: number;
    iteratorAgeAlarmSeconds: number;
  };
  alarms: {
    /** API 5xx responses in 5 minutes that raise the alarm. */
    api5xxPer5Minutes: number;
    /** Addresses subscribed to the alarm topic (confirm the e-mail AWS sends); `-c alarmEmail=` adds one. */
    emails: readonly string[];
  };
  /** Function settings passed as plain environment (never secrets). */
  env: { FEVER_THRESHOLD: string; SERVICE_CITY_CODES: string; POWERTOOLS_LOG_LEVEL: string };
  /** Delete log groups with the stack (dev) or keep them (prod). Table, key and secrets are always kept. */
  destroyLogsWithStack: boolean;
}

/** Retention values CloudWatch Logs accepts (a subset). */
export type LogRetentionDays = 7 | 14 | 30 | 90 | 180 | 365;

export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    name: 'dev',
    throttle: { rateLimit: 50, burstLimit: 100 },
    corsOrigins: ['http://localhost:10086', 'http://127.0.0.1:10086'],
    lambda: { memorySize: 512, httpTimeoutSeconds: 10, logRetentionDays: 14 },
    stream: { retryAttempts: 2, maxRecordAgeMinutes: 60, iteratorAgeAlarmSeconds: 300 },
    alarms: { api5xxPer5Minutes: 5, emails: [] },
    env: { FEVER_THRESHOLD: '37.3', SERVICE_CITY_CODES: '3705', POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    destroyLogsWithStack: true,
  },
  prod: {
    name: 'prod',
    // Peak: 2 M morning reports, most within two hours, plus list traffic ≈ 300–600 rps.
    throttle: { rateLimit: 1000, burstLimit: 2000 },
    corsOrigins: [],
    lambda: { memorySize: 1024, httpTimeoutSeconds: 10, logRetentionDays: 90 },
    stream: { retryAttempts: 5, maxRecordAgeMinutes: 60, iteratorAgeAlarmSeconds: 120 },
    alarms: { api5xxPer5Minutes: 10, emails: [] },
    env: { FEVER_THRESHOLD: '37.3', SERVICE_CITY_CODES: '3705', POWERTOOLS_LOG_LEVEL: 'INFO' },
    destroyLogsWithStack: false,
  },
};

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && Object.hasOwn(STAGES, value);
}

/** China regions (partition aws-cn): no X-Ray on Lambda, no Function URLs, no Cognito authorizers. */
export function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') ?? false;
}
