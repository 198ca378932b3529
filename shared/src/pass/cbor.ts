/**
 * The part of CBOR (RFC 8949) a pass needs: integers, byte and text strings, arrays, maps with integer
 * keys, and tags, all with definite lengths in the shortest form. The decoder refuses everything else
 * (floats, indefinite lengths, duplicate keys, trailing bytes), so a crafted QR code cannot reach odd
 * corners of a general-purpose parser on the checkpoint's phone. A general library was not taken: the
 * strict one (cborg) builds a TextEncoder at load, which older WeChat base libraries lack, and weighs
 * 200 KB for five types.
 */
export type CborValue = number | string | Uint8Array | CborValue[] | CborMap | CborTagged;
export type CborMap = Map<number, CborValue>;
export interface CborTagged {
  readonly tag: number;
  readonly value: CborValue;
}

const MAX_DEPTH = 8;

export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** Strict UTF-8 (no overlong forms, no surrogates); null when invalid. */
export function utf8Decode(bytes: Uint8Array): string | null {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const extra =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return null;
    let cp = extra === 0 ? b : b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 63);
    }
    const min = [0, 0x80, 0x800, 0x10000][extra] as number;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

function head(major: number, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('CBOR: not a safe unsigned integer');
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [m | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const hi = Math.floor(n / 0x100000000);
  const lo = n >>> 0;
  return [
    m | 27,
    hi >>> 24,
    (hi >> 16) & 0xff,
    (hi >> 8) & 0xff,
    hi & 0xff,
    lo >>> 24,
    (lo >> 16) & 0xff,
    (lo >> 8) & 0xff,
    lo & 0xff,
  ];
}

function encodeInto(value: CborValue, out: number[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError('CBOR: only safe integers');
    out.push(...(value >= 0 ? head(0, value) : head(1, -1 - value)));
  } else if (typeof value === 'string') {
    const bytes = utf8Encode(value);
    out.push(...head(3, bytes.length), ...bytes);
  } else if (value instanceof Uint8Array) {
    out.push(...head(2, value.length), ...value);
  } else if (Array.isArray(value)) {
    out.push(...head(4, value.length));
    for (const item of value) encodeInto(item, out);
  } else if (value instanceof Map) {
    out.push(...head(5, value.size));
    for (const [k, v] of value) {
      encodeInto(k, out);
      encodeInto(v, out);
    }
  } else {
    out.push(...head(6, value.tag));
    encodeInto(value.value, out);
  }
}

export function cborEncode(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(value, out);
  return Uint8Array.from(out);
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new SyntaxError('CBOR: truncated');
    return b;
  }

  /** The argument of a head, in its shortest form only. */
  argument(info: number): number {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new SyntaxError('CBOR: indefinite or reserved length');
    let n = 0;
    for (let k = 0; k < size; k++) n = n * 256 + this.byte();
    if (!Number.isSafeInteger(n)) throw new SyntaxError('CBOR: integer too large');
    const min = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : 0x100000000;
    if (n < min) throw new SyntaxError('CBOR: not in shortest form');
    return n;
  }

  take(length: number): Uint8Array {
    if (this.pos + length > this.bytes.length) throw new SyntaxError('CBOR: truncated');
    const slice = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  value(depth: number): CborValue {
    if (depth > MAX_DEPTH) throw new SyntaxError('CBOR: nested too deeply');
    const initial = this.byte();
    const major = initial >> 5;
    const n = this.argument(initial & 31);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        return this.take(n);
      case 3: {
        const text = utf8Decode(this.take(n));
        if (text === null) throw new SyntaxError('CBOR: invalid UTF-8');
        return text;
      }
      case 4: {
        if (n > this.bytes.length - this.pos) throw new SyntaxError('CBOR: truncated');
        return Array.from({ length: n }, () => this.value(depth + 1));
      }
      case 5: {
        if (n * 2 > this.bytes.length - this.pos) throw new SyntaxError('CBOR: truncated');
        const map: CborMap = new Map();
        for (let k = 0; k < n; k++) {
          const key = this.value(depth + 1);
          if (typeof key !== 'number') throw new SyntaxError('CBOR: map keys must be integers');
          if (map.has(key)) throw new SyntaxError('CBOR: duplicate map key');
          map.set(key, this.value(depth + 1));
        }
        return map;
      }
      case 6:
        return { tag: n, value: this.value(depth + 1) };
      default:
        throw new SyntaxError('CBOR: floats and simple values are not accepted');
    }
  }
}

/** Decodes exactly one item filling all of `bytes`; throws SyntaxError on anything else. */
export function cborDecode(bytes: Uint8Array): CborValue {
  const reader = new Reader(bytes);
  const value = reader.value(0);
  if (reader.pos !== bytes.length) throw new SyntaxError('CBOR: trailing bytes');
  return value;
}
