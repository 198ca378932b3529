/**
 * Health pass figures (issue 19): the QR payload (COSE bytes, characters, QR version at level M) and
 * the time to verify one pass in the mini program's code path (verifyScannedPass → verifyPass:
 * base45, CBOR, P-256 signature, expiry, revocation list of 1,000 ids, village). Runs in Node on this
 * machine; a phone's JS engine is slower (noted in the doc). run.ts runs it in a child process
 * (`--out`); alone it prints its part of the page's section.
 *
 *   npx tsx test/bench/passes.ts [--runs 2000] [--out figures.json]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  base45Decode,
  encodePass,
  localPassSigner,
  PASS_PREFIX,
  passKeyId,
  passPublicKeyHex,
  passQr,
  verifyPass,
} from '@grid/shared/pass';
import { isMain } from './child-json';
import { type PassPayloadFigures, renderPassPayload } from './passes-report';

const NAMES = ['王*', '王*国', '欧阳**锋'];
const REVOKED_IDS = 1000;

export async function measurePassPayload(runs: number): Promise<PassPayloadFigures> {
  const at = new Date();
  const loadAverage = loadavg().map((l) => Math.round(l * 10) / 10);
  const secret = '5d1c0a3b2d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7aa';
  const publicKey = passPublicKeyHex(secret);
  const kid = passKeyId(publicKey);
  const nowS = Math.floor(at.getTime() / 1000);
  const hex = (i: number) => i.toString(16).padStart(24, '0');

  const texts: string[] = [];
  for (let i = 0; i < 200; i++) {
    texts.push(
      await encodePass(
        {
          passId: hex(i + 1_000_000),
          kid,
          colour: (['green', 'yellow', 'red'] as const)[i % 3] ?? 'green',
          maskedName: NAMES[i % NAMES.length] ?? '王*',
          regionCode: '370502001027003',
          issuedAt: nowS - 60,
          expiresAt: nowS + 86_400,
        },
        localPassSigner(secret),
      ),
    );
  }
  const revoked = new Set(Array.from({ length: REVOKED_IDS }, (_, i) => hex(i)));
  const ctx = { keys: [{ kid, publicKey }], revoked, now: at, villageCode: '370502001027' };

  for (let i = 0; i < 50; i++) verifyPass(texts[i % texts.length] as string, ctx); // warm-up (JIT, key cache)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const verdict = verifyPass(texts[i % texts.length] as string, ctx);
    times.push(performance.now() - t0);
    if (!verdict.ok) throw new Error(`bench pass refused: ${verdict.reason}`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;

  const sizes = NAMES.map((maskedName, i) => {
    const text = texts[i] as string;
    const qr = passQr(text);
    return {
      maskedName,
      coseBytes: base45Decode(text.slice(PASS_PREFIX.length))?.length ?? 0,
      qrChars: text.length,
      qrVersion: qr.version,
      qrSize: qr.size,
    };
  });
  const p50Ms = pct(0.5);
  return {
    at: at.toISOString(),
    loadAverage,
    node: process.version,
    sizes,
    verify: { runs, revokedIds: REVOKED_IDS, p50Ms, p99Ms: pct(0.99), perSecond: 1000 / p50Ms },
  };
}

if (isMain(import.meta.url)) {
  const { values: args } = parseArgs({
    options: { runs: { type: 'string', default: '2000' }, out: { type: 'string' } },
  });
  const figures = await measurePassPayload(Number(args.runs));
  if (args.out) writeFileSync(args.out, JSON.stringify(figures, null, 2));
  else console.log(renderPassPayload(figures));
}
