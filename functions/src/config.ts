/**
 * Configuration, read from the environment once per cold start and validated; a Lambda with
 * a missing or malformed setting fails at start instead of on some later request.
 */
import { z } from 'zod';

const base64Key = (bytes: number) =>
  z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === bytes, `must be ${bytes} bytes, base64-encoded`);

const envSchema = z.object({
  TABLE_NAME: z.string().min(3),
  /** Set only for DynamoDB Local. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('cn-northwest-1'),
  /** HMAC key that signs session tokens (HS256). */
  TOKEN_SIGNING_KEY: z.string().min(32),
  TOKEN_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(12 * 60),
  /** AES-256-GCM key for ID numbers and phones at rest. */
  DATA_KEY: base64Key(32),
  /** HMAC key for the hashes that index ID numbers and phones. */
  HASH_KEY: base64Key(32),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_APP_ID: z.string().min(1).default('unset'),
  WECHAT_APP_SECRET: z.string().min(1).default('unset'),
  FEVER_THRESHOLD: z.coerce.number().min(37).max(38.5).default(37.3),
  /** Asia/Shanghai wall-clock deadlines of the twice-daily quarantine checks. */
  CHECK_DEADLINE_MORNING: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .default('10:00'),
  CHECK_DEADLINE_EVENING: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .default('18:00'),
  /** Residents are reminded this long before a check deadline. */
  CHECK_REMINDER_LEAD_MINUTES: z.coerce.number().int().min(5).max(240).default(60),
  /** An open alert moves up one level (grid → street → district) after this long at a level. */
  ALERT_ESCALATION_HOURS: z.coerce.number().min(0.25).max(72).default(2),
  /** WeChat subscribe-message template ids, as registered in the mini program's admin console. */
  WECHAT_TEMPLATE_CHECK_REMINDER: z.string().min(1).default('tpl-check-reminder'),
  WECHAT_TEMPLATE_ALERT: z.string().min(1).default('tpl-alert'),
  WECHAT_TEMPLATE_SUPPLY_STATUS: z.string().min(1).default('tpl-supply-status'),
  /** Writes per user per minute before 429 (per container: see docs/architecture.md, Security). */
  RATE_LIMIT_RESIDENT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_STAFF_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** The cities this deployment serves (4-digit codes), for jobs that walk every grid. */
  SERVICE_CITY_CODES: z
    .string()
    .regex(/^\d{4}(,\d{4})*$/)
    .default('3705')
    .transform((s) => s.split(',')),
});

export type Config = z.infer<typeof envSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      // Names the settings only: values may be secrets.
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests that change the environment call this to read it again. */
export function resetConfigForTests(): void {
  cached = undefined;
}
