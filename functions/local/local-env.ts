/**
 * Settings of the local runtime. The keys are fixed development values so a persisted local
 * database stays readable across restarts; they protect nothing and are never used in AWS.
 */
export const LOCAL_SECRETS = {
  TOKEN_SIGNING_KEY: 'local-development-signing-key-not-secret-0123456789',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  HASH_KEY: Buffer.alloc(32, 11).toString('base64'),
  WECHAT_APP_ID: 'wx-local-demo',
  WECHAT_APP_SECRET: 'local-demo-secret',
  /** Signs health passes locally (AWS signs in KMS). */
  PASS_SIGNING_KEY: '6c6f63616c2d706173732d6b65792d6e6f742d7365637265742d303132333435',
} as const;

export const LOCAL_REGION = 'cn-northwest-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got ${raw}`);
  return port;
}
