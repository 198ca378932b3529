/**
 * In AWS the keys are not in the environment: SECRET_ARNS lists Secrets Manager secrets (set by
 * infra/), each a JSON object of environment names → values, e.g. {"DATA_KEY":"…"}. This copies
 * them into process.env once, before config() first reads it. Locally SECRET_ARNS is unset and
 * this does nothing. The reader is passed in, so this file needs no AWS SDK client.
 */

/** Reads one secret's SecretString by ARN. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

export const SECRET_ARNS_ENV = 'SECRET_ARNS';

const envName = /^[A-Z][A-Z0-9_]*$/;

/** Returns the names it set (never the values). Throws naming the secret, never echoing its content. */
export async function loadSecretsIntoEnv(
  read: SecretReader,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const ids = (env[SECRET_ARNS_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const secrets = await Promise.all(
    ids.map(async (id) => ({ id, entries: parseSecret(id, await read(id)) })),
  );
  const names: string[] = [];
  for (const { entries } of secrets) {
    for (const [name, value] of entries) {
      env[name] = value;
      names.push(name);
    }
  }
  return names;
}

function parseSecret(id: string, raw: string | undefined): [string, string][] {
  if (raw === undefined) throw new Error(`Secret ${id} has no SecretString`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`Secret ${id} is not a JSON object`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`Secret ${id} is not a JSON object`);
  }
  const entries = Object.entries(parsed);
  for (const [name, value] of entries) {
    if (!envName.test(name))
      throw new Error(`Secret ${id}: key ${JSON.stringify(name)} is not an environment name`);
    if (typeof value !== 'string') throw new Error(`Secret ${id}: ${name} is not a string`);
  }
  return entries as [string, string][];
}

/**
 * Data keys in AWS are KMS-wrapped: the secret holds DATA_KEYS_WRAPPED, JSON {"<keyId>":"<base64
 * CiphertextBlob>"} from `kms generate-data-key` (or `kms encrypt` of an existing key) under the
 * stateful stack's key, with the encryption context below. The bootstrap unwraps them with
 * kms:Decrypt into DATA_KEYS, so the plain keys exist only in the function's memory.
 */
export const WRAPPED_DATA_KEYS_ENV = 'DATA_KEYS_WRAPPED';

/** Bound into every wrapped data key; the functions' kms:Decrypt grant requires it (infra/). */
export const DATA_KEY_CONTEXT_PURPOSE = 'grid-data-key';

export function dataKeyEncryptionContext(keyId: string): Record<string, string> {
  return { purpose: DATA_KEY_CONTEXT_PURPOSE, keyId };
}

/** kms:Decrypt of one wrapped key with its encryption context; returns the plain key. */
export type DataKeyUnwrapper = (
  ciphertextBlob: Uint8Array,
  encryptionContext: Record<string, string>,
) => Promise<Uint8Array>;

/**
 * Replaces DATA_KEYS_WRAPPED by the unwrapped keys, merged into DATA_KEYS (a key id in both is an
 * error). Returns the key ids it unwrapped; errors name key ids, never key material.
 */
export async function unwrapDataKeysIntoEnv(
  unwrap: DataKeyUnwrapper,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const raw = env[WRAPPED_DATA_KEYS_ENV];
  if (raw === undefined || raw === '') return [];
  const wrapped = parseStringRecord(WRAPPED_DATA_KEYS_ENV, raw);
  const plain = env.DATA_KEYS ? parseStringRecord('DATA_KEYS', env.DATA_KEYS) : {};
  const unwrapped = await Promise.all(
    Object.entries(wrapped).map(async ([keyId, blob]) => {
      if (keyId in plain)
        throw new Error(`Data key ${keyId} is both in DATA_KEYS and ${WRAPPED_DATA_KEYS_ENV}`);
      const key = await unwrap(Buffer.from(blob, 'base64'), dataKeyEncryptionContext(keyId));
      if (key.length !== 32) throw new Error(`Data key ${keyId} unwraps to ${key.length} bytes, not 32`);
      return [keyId, Buffer.from(key).toString('base64')] as const;
    }),
  );
  env.DATA_KEYS = JSON.stringify({ ...plain, ...Object.fromEntries(unwrapped) });
  delete env[WRAPPED_DATA_KEYS_ENV];
  return unwrapped.map(([keyId]) => keyId);
}

function parseStringRecord(name: string, raw: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${name} is not a JSON object`);
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`${name}: ${key} is not a string`);
  }
  return parsed as Record<string, string>;
}
