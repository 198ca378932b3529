/**
 * AWS only: fills process.env from the secrets named in SECRET_ARNS before any handler reads
 * config(). Every Lambda entry that infra/ generates imports this module first, so its top-level
 * await runs once per cold start before the handlers load. Locally SECRET_ARNS is unset and
 * nothing happens — not even loading the Secrets Manager and KMS clients, which are imported
 * only when needed (KMS only when the secret holds wrapped data keys).
 */
import {
  type DataKeyUnwrapper,
  loadSecretsIntoEnv,
  SECRET_ARNS_ENV,
  unwrapDataKeysIntoEnv,
  WRAPPED_DATA_KEYS_ENV,
} from './config-secrets';

/** kms:Decrypt of a wrapped data key, bound to its key id by the encryption context. */
const kmsUnwrap: DataKeyUnwrapper = async (ciphertextBlob, encryptionContext) => {
  const { DecryptCommand, KMSClient } = await import('@aws-sdk/client-kms');
  const kms = new KMSClient({});
  try {
    const out = await kms.send(
      new DecryptCommand({ CiphertextBlob: ciphertextBlob, EncryptionContext: encryptionContext }),
    );
    if (!out.Plaintext) throw new Error('KMS returned no plaintext for a wrapped data key');
    return out.Plaintext;
  } finally {
    kms.destroy();
  }
};

if (process.env[SECRET_ARNS_ENV]) {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  await loadSecretsIntoEnv(
    async (id) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString,
  );
  client.destroy();
  if (process.env[WRAPPED_DATA_KEYS_ENV]) await unwrapDataKeysIntoEnv(kmsUnwrap);
}
