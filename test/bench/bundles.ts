/**
 * Per deployed function — each HTTP function group's generated router, each stream consumer's and
 * schedule's entry, as infra/ deploys them — the bundle CDK's NodejsFunction would build (esbuild,
 * node22, ESM with the createRequire banner, minified, @aws-sdk/* left to the runtime) and its
 * module load time in a fresh node process, against a floor bundle that only creates a DynamoDB
 * DocumentClient.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LOCAL_REGION, LOCAL_SECRETS } from '../../functions/local/local-env';
import { manifest } from '../../functions/src/manifest';
import { consumersOf } from '../../functions/src/manifest/streams';
import {
  httpFunctionGroups,
  writeHandlerEntry,
  writeReaderEntry,
  writeRouter,
} from '../../infra/lib/function-groups';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository so the external @aws-sdk/* resolve from its node_modules, as in Lambda's runtime.
const outDir = join(root, 'node_modules/.cache/grid-bench-bundles');

export interface BundleFigure {
  name: string;
  /** `http`: a function group serving several routes (named by the group). */
  kind: 'http' | 'consumer' | 'schedule' | 'floor';
  /** The routes an http function serves. */
  routes?: string[];
  bytes: number;
  gzipBytes: number;
  loadMedianMs: number;
  /** loadMedianMs / the floor's */
  loadRatio: number;
  error?: string;
}

const FLOOR_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => doc.config.region;
`;

const LOAD_SCRIPT = `const t = performance.now();
await import(process.argv[1]);
process.stdout.write(String(performance.now() - t));`;

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    minify: true,
    external: ['@aws-sdk/*'],
    loader: { '.csv': 'text' },
    logLevel: 'silent',
  });
}

function loadOnce(file: string): number {
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', LOAD_SCRIPT, pathToFileURL(file).href],
    {
      env: {
        PATH: process.env.PATH,
        ...LOCAL_SECRETS,
        TABLE_NAME: 'grid-bench',
        AWS_REGION: LOCAL_REGION,
        NODE_NO_WARNINGS: '1',
        POWERTOOLS_LOG_LEVEL: 'WARN',
      },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms))
    throw new Error(run.stderr.trim().split('\n').slice(-3).join(' '));
  return ms;
}

export async function measureBundles(runs: number, log: (msg: string) => void): Promise<BundleFigure[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const floorEntry = join(outDir, 'floor-entry.mjs');
  writeFileSync(floorEntry, FLOOR_SOURCE);
  // The same entries infra/ generates at synth time, written beside the bundles.
  const functions = [
    ...httpFunctionGroups(manifest).map((g) => ({
      name: g.name,
      kind: 'http' as const,
      routes: g.routes.map((r) => r.operationId),
      entry: writeRouter(g, outDir),
    })),
    ...manifest.streamReaders.map((r) => ({
      name: r.name,
      kind: 'consumer' as const,
      entry: writeReaderEntry(r.name, consumersOf(manifest, r.name), outDir),
    })),
    ...manifest.schedules.map((s) => ({
      name: s.name,
      kind: 'schedule' as const,
      entry: writeHandlerEntry(s.name, s.handler, outDir),
    })),
  ];
  const entries = [
    { name: 'floor (DocumentClient only)', kind: 'floor' as const, entry: floorEntry },
    ...functions,
  ];
  log(`bundling ${functions.length} functions…`);
  const built = await Promise.all(
    entries.map(async (e, i) => {
      const outfile = join(outDir, `${i}-${e.name.replace(/\W+/g, '-')}.mjs`);
      await bundle(e.entry, outfile);
      const code = readFileSync(outfile);
      return {
        ...e,
        outfile,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        times: [] as number[],
        error: undefined as string | undefined,
      };
    }),
  );
  log(`loading each bundle ${runs} times in a fresh node process (interleaved)…`);
  for (let run = 0; run < runs; run++) {
    for (const b of built) {
      if (b.error) continue;
      try {
        b.times.push(loadOnce(b.outfile));
      } catch (err) {
        b.error = (err as Error).message;
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const floorMs = median(built[0]!.times);
  return built.map((b) => ({
    name: b.name,
    kind: b.kind,
    ...('routes' in b && b.routes ? { routes: b.routes } : {}),
    bytes: b.bytes,
    gzipBytes: b.gzipBytes,
    loadMedianMs: median(b.times),
    loadRatio: median(b.times) / floorMs,
    ...(b.error ? { error: b.error } : {}),
  }));
}

export interface MiniProgramSize {
  built: boolean;
  mainBytes: number;
  totalBytes: number;
  subpackages: Record<string, number>;
}

/** Main package = the files of miniprogram/dist outside every subpackage root named in app.json. */
export function miniProgramSize(): MiniProgramSize {
  const dist = join(root, 'miniprogram/dist');
  let appJson: { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  try {
    appJson = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));
  } catch {
    return { built: false, mainBytes: 0, totalBytes: 0, subpackages: {} };
  }
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]));
  let mainBytes = 0;
  let totalBytes = 0;
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const size = statSync(path).size;
    const rel = relative(dist, path);
    totalBytes += size;
    const owner = roots.find((r) => rel === r || rel.startsWith(`${r}/`));
    if (owner) subpackages[owner] = (subpackages[owner] ?? 0) + size;
    else mainBytes += size;
  }
  return { built: true, mainBytes, totalBytes, subpackages };
}
