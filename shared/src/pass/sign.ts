import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from './cose';

/** The key id of a public key: the first 5 bytes of SHA-256 of its uncompressed point, in hex. */
export function passKeyId(publicKeyHex: string): string {
  const point = p256.Point.fromHex(publicKeyHex).toBytes(false);
  return bytesToHex(sha256(point).slice(0, 5));
}

/** The uncompressed public point (hex) of a P-256 private key given as 64 hex digits. */
export function passPublicKeyHex(privateKeyHex: string): string {
  return bytesToHex(p256.getPublicKey(hexToBytesStrict(privateKeyHex), false));
}

/** A signer for encodePass from a local private key (development, tests, benches; AWS signs in KMS). */
export function localPassSigner(privateKeyHex: string): (message: Uint8Array) => Promise<Uint8Array> {
  const secret = hexToBytesStrict(privateKeyHex);
  return async (message) => p256.sign(message, secret, { prehash: true });
}

/** A DER ECDSA signature (what KMS returns) as raw r‖s, the form COSE wants. */
export function derToRawSignature(der: Uint8Array): Uint8Array {
  return p256.Signature.fromBytes(der, 'der').toBytes('compact');
}

function hexToBytesStrict(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('A P-256 private key is 64 lowercase hex digits');
  return Uint8Array.from(hex.match(/../g) as string[], (h) => Number.parseInt(h, 16));
}
