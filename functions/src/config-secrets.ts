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
