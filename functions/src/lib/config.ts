/**
 * Configuration, read from the environment once per cold start and validated; a Lambda with
 * a missing or malformed setting fails at start instead of on some later request.
 */
import * as z from 'zod';

const base64Key = (bytes: number) =>
  z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === bytes, `must be ${bytes} bytes, base64-encoded`);

/** Key ids are short and appear in every sealed value: `v2.<keyId>.iv.body.tag`. */
export const DATA_KEY_ID = /^[a-z0-9]{1,8}$/;
/** The id DATA_KEY has in the ring, so values sealed before rotation existed (`v1.`) stay readable. */
export const LEGACY_DATA_KEY_ID = 'k1';

function parseDataKeys(raw: string | undefined, ctx: z.RefinementCtx): Record<string, string> {
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of key id → base64 key' });
    return {};
  }
  const ring: Record<string, string> = {};
  for (const [id, key] of Object.entries(parsed)) {
    // Names the key id only: the value is a secret.
    if (!DATA_KEY_ID.test(id))
      ctx.addIssue({ code: 'custom', message: `key id ${JSON.stringify(id)} is not 1-8 of [a-z0-9]` });
    else if (typeof key !== 'string' || Buffer.from(key, 'base64').length !== 32)
      ctx.addIssue({ code: 'custom', message: `key ${id} must be 32 bytes, base64-encoded` });
    else ring[id] = key;
  }
  return ring;
}

const envSchema = z
  .object({
    TABLE_NAME: z.string().min(3),
    /** Set only for DynamoDB Local. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    /** Per attempt (3 attempts): 2 s keeps a hung DynamoDB inside the HTTP functions' 10 s timeout. */
    DYNAMODB_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
    AWS_REGION: z.string().default('cn-northwest-1'),
    /** HMAC key that signs session tokens (HS256). */
    TOKEN_SIGNING_KEY: z.string().min(32),
    TOKEN_TTL_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(12 * 60),
    /** AES-256-GCM key for ID numbers and phones at rest: the legacy key, id `k1` in the keyring. */
    DATA_KEY: base64Key(32).optional(),
    /** The keyring for key rotation: JSON {"<keyId>":"<base64 32 bytes>"}; DATA_KEY joins it as `k1`. */
    DATA_KEYS: z
      .string()
      .optional()
      .transform((s, ctx) => parseDataKeys(s, ctx)),
    /** The key id new values are sealed under; may be left out when the ring holds one key. */
    DATA_KEY_CURRENT: z.string().regex(DATA_KEY_ID).optional(),
    /** HMAC key for the hashes that index ID numbers and phones. */
    HASH_KEY: base64Key(32),
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    WECHAT_APP_ID: z.string().min(1).default('unset'),
    WECHAT_APP_SECRET: z.string().min(1).default('unset'),
    /** The health pass signing key in AWS: an ECC_NIST_P256 SIGN_VERIFY KMS key (id or ARN). */
    PASS_KMS_KEY_ID: z.string().min(1).optional(),
    /** The health pass signing key elsewhere (development, tests): a P-256 private key, 64 hex digits. */
    PASS_SIGNING_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    /** Keys retired by a rotation, still served by GET /v1/pass-keys: JSON [{kid, publicKey, notAfter}]. */
    PASS_RETIRED_KEYS: z.string().default('[]'),
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
    /** Health reports, travel declarations, follow-ups and supply requests are purged this long after a release or a region's closure. */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(28),
  })
  .superRefine((env, ctx) => {
    if (
      env.DATA_KEY &&
      env.DATA_KEYS[LEGACY_DATA_KEY_ID] &&
      env.DATA_KEYS[LEGACY_DATA_KEY_ID] !== env.DATA_KEY
    )
      ctx.addIssue({
        code: 'custom',
        path: ['DATA_KEYS'],
        message: `${LEGACY_DATA_KEY_ID} differs from DATA_KEY`,
      });
    const ids = new Set([...Object.keys(env.DATA_KEYS), ...(env.DATA_KEY ? [LEGACY_DATA_KEY_ID] : [])]);
    if (ids.size === 0)
      ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'no data key (DATA_KEY or DATA_KEYS)' });
    if (env.DATA_KEY_CURRENT ? !ids.has(env.DATA_KEY_CURRENT) : ids.size > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['DATA_KEY_CURRENT'],
        message: env.DATA_KEY_CURRENT
          ? 'names no key of the ring'
          : 'required when the ring holds several keys',
      });
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
