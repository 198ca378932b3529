/**
 * Health pass figures (issue 19), printed as a markdown table: the QR payload (COSE bytes,
 * characters, QR version at level M) and the time to verify one pass in the mini program's code path
 * (verifyScannedPass → verifyPass: base45, CBOR, P-256 signature, expiry, revocation list of 1,000
 * ids, village). Runs in Node on this machine; a phone's JS engine is slower (noted in the doc).
 *
 *   npx tsx test/bench/passes.ts [--runs 2000]
 */
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

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '2000' } } });
const runs = Number(args.runs);

const secret = '5d1c0a3b2d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7aa';
const publicKey = passPublicKeyHex(secret);
const kid = passKeyId(publicKey);
const now = new Date();
const nowS = Math.floor(now.getTime() / 1000);
const hex = (i: number) => i.toString(16).padStart(24, '0');

const names = ['王*', '王*国', '欧阳**锋'];
const texts: string[] = [];
for (let i = 0; i < 200; i++) {
  texts.push(
    await encodePass(
      {
        passId: hex(i + 1_000_000),
        kid,
        colour: (['green', 'yellow', 'red'] as const)[i % 3] ?? 'green',
        maskedName: names[i % names.length] ?? '王*',
        regionCode: '370502001027003',
        issuedAt: nowS - 60,
        expiresAt: nowS + 86_400,
      },
      localPassSigner(secret),
    ),
  );
}
const revoked = new Set(Array.from({ length: 1000 }, (_, i) => hex(i)));
const ctx = { keys: [{ kid, publicKey }], revoked, now, villageCode: '370502001027' };

for (let i = 0; i < 50; i++) verifyPass(texts[i % texts.length] as string, ctx); // warm-up (JIT, key cache)
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const verdict = verifyPass(texts[i % texts.length] as string, ctx);
  times.push(performance.now() - t0);
  if (!verdict.ok) throw new Error(`bench pass refused: ${verdict.reason}`);
}
times.sort((a, b) => a - b);
const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(2);

const sizes = names.map((name) => {
  const text = texts[names.indexOf(name)] as string;
  const bytes = base45Decode(text.slice(PASS_PREFIX.length))?.length ?? 0;
  const qr = passQr(text);
  return `| ${name} | ${bytes} | ${text.length} | ${qr.version} (${qr.size}×${qr.size}) |`;
});

console.log(`Health pass (${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version})

| masked name | COSE bytes | QR characters (alphanumeric) | QR version at M |
| --- | --- | --- | --- |
${sizes.join('\n')}

| verify one pass (${runs} runs, 1,000 revoked ids) | p50 ms | p99 ms | passes/s (1 core) |
| --- | --- | --- | --- |
| verifyPass (base45 → CBOR → P-256 → expiry → revocation → village) | ${pct(0.5)} | ${pct(0.99)} | ${Math.round(1000 / Number(pct(0.5)))} |`);
