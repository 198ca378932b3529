/**
 * The pass-signing port: ECDSA P-256 (ES256). In AWS the private key never leaves KMS (an asymmetric
 * ECC_NIST_P256 SIGN_VERIFY key; PASS_KMS_KEY_ID); in development and tests a fixed local key
 * (PASS_SIGNING_KEY, hex). Both give the public key and its kid for GET /v1/pass-keys.
 */
import {
  bytesToHex,
  derToRawSignature,
  localPassSigner,
  passKeyId,
  passPublicKeyHex,
} from '@grid/shared/pass';
import { config } from '../../../lib/config';

export interface PassSigner {
  kid: string;
  publicKeyHex: string;
  /** Raw r‖s over SHA-256 of the message. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** DER SubjectPublicKeyInfo of a P-256 key is this prefix + the 65-byte uncompressed point. */
const P256_SPKI_PREFIX = '3059301306072a8648ce3d020106082a8648ce3d030107034200';

export function pointFromSpki(spki: Uint8Array): string {
  const hex = bytesToHex(spki);
  if (!hex.startsWith(P256_SPKI_PREFIX) || hex.length !== P256_SPKI_PREFIX.length + 130)
    throw new Error('The pass-signing key is not an ECC_NIST_P256 key');
  return hex.slice(P256_SPKI_PREFIX.length);
}

async function kmsSigner(keyId: string): Promise<PassSigner> {
  const { GetPublicKeyCommand, KMSClient, SignCommand } = await import('@aws-sdk/client-kms');
  const kms = new KMSClient({});
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!out.PublicKey || out.KeySpec !== 'ECC_NIST_P256')
    throw new Error('The pass-signing key is not ECC_NIST_P256');
  const publicKeyHex = pointFromSpki(out.PublicKey);
  return {
    kid: passKeyId(publicKeyHex),
    publicKeyHex,
    async sign(message) {
      const signed = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!signed.Signature) throw new Error('KMS returned no signature');
      return derToRawSignature(signed.Signature);
    },
  };
}

let signer: Promise<PassSigner> | undefined;

/** The signer of this deployment, made once per container (KMS: one GetPublicKey at first use). */
export function passSigner(): Promise<PassSigner> {
  if (!signer) {
    const { PASS_KMS_KEY_ID, PASS_SIGNING_KEY } = config();
    signer = PASS_KMS_KEY_ID
      ? kmsSigner(PASS_KMS_KEY_ID)
      : Promise.resolve().then(() => {
          if (!PASS_SIGNING_KEY) throw new Error('Set PASS_KMS_KEY_ID (AWS) or PASS_SIGNING_KEY (local)');
          const publicKeyHex = passPublicKeyHex(PASS_SIGNING_KEY);
          return { kid: passKeyId(publicKeyHex), publicKeyHex, sign: localPassSigner(PASS_SIGNING_KEY) };
        });
    signer.catch(() => {
      signer = undefined; // a failed start is retried by the next request
    });
  }
  return signer;
}

export function resetPassSignerForTests(): void {
  signer = undefined;
}
