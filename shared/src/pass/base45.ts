/**
 * Base45 (RFC 9285), the text form of the EU Digital COVID Certificate: its 45 characters are exactly
 * QR's alphanumeric set, so a QR code holds it at 5.5 bits a character (byte mode would hold base64
 * at 8). Written here rather than taken from npm: the one package on the registry needs Node's
 * Buffer (absent in WeChat's runtime) and accepts invalid input silently; a verifier must refuse it.
 */
const CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE_OF: Readonly<Record<string, number>> = Object.fromEntries(
  Array.from(CHARSET, (c, i) => [c, i] as const),
);

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = (bytes[i] as number) * 256 + (bytes[i + 1] as number);
    out += CHARSET[n % 45] + (CHARSET[Math.floor(n / 45) % 45] as string) + CHARSET[Math.floor(n / 2025)];
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] as number;
    out += (CHARSET[n % 45] as string) + CHARSET[Math.floor(n / 45)];
  }
  return out;
}

/** The bytes, or null when the text is not valid base45 (a character outside the set, a bad length, a value too large). */
export function base45Decode(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = VALUE_OF[text[i] as string];
    const d = VALUE_OF[text[i + 1] as string];
    if (c === undefined || d === undefined) return null;
    if (i + 2 < text.length) {
      const e = VALUE_OF[text[i + 2] as string];
      if (e === undefined) return null;
      const n = c + d * 45 + e * 2025;
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = c + d * 45;
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}
