/**
 * AWS only: fills process.env from the secrets named in SECRET_ARNS before any handler reads
 * config(). Every Lambda entry that infra/ generates imports this module first, so its top-level
 * await runs once per cold start before the handlers load. Locally SECRET_ARNS is unset and
 * nothing happens.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadSecretsIntoEnv, SECRET_ARNS_ENV } from './config-secrets';

if (process.env[SECRET_ARNS_ENV]) {
  const client = new SecretsManagerClient({});
  await loadSecretsIntoEnv(
    async (id) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString,
  );
  client.destroy();
}
