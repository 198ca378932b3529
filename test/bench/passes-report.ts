/** The page's health pass section (issue 19), from the figures passes.ts and passes-http.ts measured. */
import { f0, f2, table } from './report-format';

/** passes.ts: the QR payload and the time to verify one pass. */
export interface PassPayloadFigures {
  /** When measured (ISO) and the 1/5/15-minute load average then. */
  at: string;
  loadAverage: number[];
  node: string;
  sizes: Array<{ maskedName: string; coseBytes: number; qrChars: number; qrVersion: number; qrSize: number }>;
  verify: { runs: number; revokedIds: number; p50Ms: number; p99Ms: number; perSecond: number };
}

/** passes-http.ts: pass issue over HTTP against its floor. */
export interface PassIssueFigures {
  /** When measured (ISO) and the 1/5/15-minute load average then. */
  at: string;
  loadAverage: number[];
  /** Cores of the machine (the load average is read against them). */
  cpus: number;
  connections: number;
  http: { passes: number; perSecond: number; p50Ms: number; p99Ms: number };
  floor: { passes: number; perSecond: number };
  /** http.perSecond / floor.perSecond */
  ratio: number;
}

/** What run.ts keeps of the two measurements (either may be missing when it failed). */
export interface PassBenchFigures {
  payload?: PassPayloadFigures;
  issue?: PassIssueFigures;
}

const at = (iso: string) => `${iso.slice(11, 16)} UTC`;
const ms = (n: number) => `${n.toFixed(2)} ms`;

export function renderPassPayload(p: PassPayloadFigures): string {
  const sizes = table(
    ['masked name', 'COSE bytes', 'QR characters (alphanumeric)', 'QR version at M'],
    p.sizes.map((s) => [
      s.maskedName,
      f0(s.coseBytes),
      f0(s.qrChars),
      `${s.qrVersion} (${s.qrSize}×${s.qrSize})`,
    ]),
  );
  const verify = table(
    ['load average at the run', 'p50', 'p99', 'passes/s on one core'],
    [
      [
        `${p.loadAverage[0]?.toFixed(1) ?? '–'} (${at(p.at)})`,
        ms(p.verify.p50Ms),
        ms(p.verify.p99Ms),
        f0(p.verify.perSecond),
      ],
    ],
  );
  return `**QR payload** (COSE_Sign1 + CWT + base45, error correction M; docs/architecture.md, "Health pass"):

${sizes}

The same claims as a compact JWS (ES256, base64url JSON) are 284 characters in byte mode: version 12 (65×65)
(the encoding choice, docs/architecture.md).

**Verify one pass** — \`verifyPass\`, the function the checkpoint's scan screen calls through
\`verifyScannedPass\` (base45 → CBOR → P-256 signature with @noble/curves → expiry → revocation set of
${f0(p.verify.revokedIds)} ids → village), ${f0(p.verify.runs)} passes, Node ${p.node.replace(/^v(\d+).*/, '$1')} on this machine, one after another:

${verify}

A phone's JS engine is several times slower than Node on a desktop core; even at 10× this p50 a scan is
verified in ~${f0(p.verify.p50Ms * 10)} ms, ${p.verify.p50Ms * 10 < 100 ? 'well under' : 'against'} the time the camera takes to read the code.`;
}

export function renderPassIssue(i: PassIssueFigures): string {
  const rows = table(
    ['load average at the run', 'over HTTP', 'floor', 'HTTP ÷ floor'],
    [
      [
        `${i.loadAverage[0]?.toFixed(1) ?? '–'} (${at(i.at)})`,
        `${f0(i.http.perSecond)} passes/s (p50 ${f0(i.http.p50Ms)} ms, p99 ${f0(i.http.p99Ms)} ms)`,
        `${f0(i.floor.perSecond)} passes/s`,
        f2(i.ratio),
      ],
    ],
  );
  const busy = (i.loadAverage[0] ?? 0) > i.cpus;
  const cost =
    'its five DynamoDB round trips and the signature (2–7 ms here with the local key; in AWS a KMS Sign call instead, typically 5–15 ms)';
  const reading =
    i.ratio >= 0.9
      ? `The ratio says the HTTP layer adds little to the use case, whose cost is ${cost}.` +
        (i.ratio > 1.1
          ? ' It is above 1 because over HTTP the stack, a process of its own, signs the passes, while the floor signs them in the one process that also drives the load.'
          : '')
      : `The HTTP layer (token, validation, the HTTP hop, on the one Node core that also runs the load) costs ${f0((1 - i.ratio) * 100)} % of the rate here; the use case's own cost is ${cost}.`;
  return `**Issue throughput over HTTP against its floor** — each person's first pass (colour from three
reads, current pass, grid name, ECDSA P-256 signature, one write), ${i.connections} at a time, ${f0(i.http.passes)} persons;
the floor is the same use case (\`passFor\`) called in process on the same database for ${f0(i.floor.passes)} other
persons, without HTTP, token or validation (the local stack of the API tests, its own DynamoDB Local):

${rows}

${reading}${busy ? ` The machine was busy (load average above its ${i.cpus} cores): the absolute rates say little; rerun on a quiet machine before quoting a rate.` : ''}`;
}

/** Measured by hand on 2026-12-03, before the bench ran these (kept for comparison). */
const BY_HAND =
  'Measured by hand on 2026-12-03 before `npm run bench` ran these: verify p50 / p99 1.74 / 8.14 ms (575 passes/s) ' +
  'at load average ~5 and 5.81 / 47.34 ms (172 passes/s) at ~25; issue over HTTP 19 passes/s (p50 735 ms, p99 1,856 ms) ' +
  'against a floor of 18 passes/s (1.09) at ~25.';

export function renderPasses(f: PassBenchFigures | undefined): string {
  if (!f || (!f.payload && !f.issue)) return '';
  return [
    '\n\n### Health pass (issue 19)',
    'Measured by `npm run bench` (`--no-passes` skips it), each part in a process of its own: ' +
      'test/bench/passes.ts (payload and verify time) and test/bench/passes-http.ts (issue throughput); ' +
      '`npx tsx test/bench/passes.ts` and `npx tsx test/bench/passes-http.ts` print the same tables alone.',
    f.payload
      ? renderPassPayload(f.payload)
      : 'QR payload and verify time: not measured in this run (failed; see its log).',
    f.issue ? renderPassIssue(f.issue) : 'Issue throughput: not measured in this run (failed; see its log).',
    BY_HAND,
  ].join('\n\n');
}
