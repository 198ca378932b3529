/**
 * Per deployed function — each HTTP function group's generated router, each stream consumer's and
 * schedule's entry, as infra/ deploys them — the bundle infra/ deploys, built with the very same
 * esbuild options (infra/lib/bundle.ts: ESM with code splitting, node22, minified, the AWS SDK
 * bundled), and its module load in a fresh node process: wall time and the process's CPU time
 * (user + system, all threads), against a floor bundle built the same way that only creates a
 * DynamoDB DocumentClient. The ratio is taken on CPU time: on a machine shared with other work,
 * wall time mostly measures the neighbours; CPU time is the work the load itself does.
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
import { BUNDLE_ENTRY_FILE, coldStartFiles, functionBuildOptions } from '../../infra/lib/bundle';
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
  /** index.mjs plus the chunks it imports statically: what a cold start reads and parses. */
  bytes: number;
  gzipBytes: number;
  /** Every chunk of the function, including those only loaded by a dynamic import(). */
  totalBytes?: number;
  loadMedianMs: number;
  /** Process CPU time (user + system) of the load, median. */
  loadCpuMedianMs?: number;
  /** loadCpuMedianMs / the floor's (wall time in results before 2026-12-03 evening) */
  loadRatio: number;
  /** loadMedianMs / the floor's */
  loadWallRatio?: number;
  error?: string;
}

const FLOOR_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => doc.config.region;
`;

/**
 * What any function of this stack loads before its own code: the floor plus the libraries every
 * handler runs under (Powertools Logger, middy) and the validated configuration (zod). Shown beside
 * the floor so a reader sees how much of a ratio is the stack and how much the function's own code.
 */
const STACK_FLOOR_SOURCE = (srcDir: string) => `import middy from '@middy/core';
import { logger } from ${JSON.stringify(join(srcDir, 'lib/middleware/logger.ts'))};
import { config } from ${JSON.stringify(join(srcDir, 'lib/config.ts'))};
import { doc } from './floor-entry.mjs';
const wrapped = middy(async () => doc.config.region);
config();
logger.debug('loaded');
export const handler = wrapped;
`;

const LOAD_SCRIPT = `const c = process.cpuUsage();
const t = performance.now();
await import(process.argv[1]);
const wall = performance.now() - t;
const cpu = process.cpuUsage(c);
process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }));`;

/** Bundles one entry into its own folder as infra/ does; returns the file Lambda loads. */
async function bundle(entry: string, dir: string): Promise<string> {
  await build({ ...functionBuildOptions(entry, dir), sourcemap: false, logLevel: 'silent' });
  return join(dir, BUNDLE_ENTRY_FILE);
}

function loadOnce(file: string): { wall: number; cpu: number } {
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
  if (run.status !== 0) throw new Error(run.stderr.trim().split('\n').slice(-3).join(' '));
  return JSON.parse(run.stdout) as { wall: number; cpu: number };
}

export async function measureBundles(runs: number, log: (msg: string) => void): Promise<BundleFigure[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const floorEntry = join(outDir, 'floor-entry.mjs');
  writeFileSync(floorEntry, FLOOR_SOURCE);
  const stackFloorEntry = join(outDir, 'stack-floor-entry.mjs');
  writeFileSync(stackFloorEntry, STACK_FLOOR_SOURCE(join(root, 'functions/src')));
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
    {
      name: 'stack floor (+ Logger, middy, zod config)',
      kind: 'floor' as const,
      entry: stackFloorEntry,
    },
    ...functions,
  ];
  log(`bundling ${functions.length} functions…`);
  const built = await Promise.all(
    entries.map(async (e, i) => {
      const dir = join(outDir, `${i}-${e.name.replace(/\W+/g, '-')}`);
      const outfile = await bundle(e.entry, dir);
      const loaded = [...coldStartFiles(dir)].map((f) => readFileSync(join(dir, f)));
      const all = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
      return {
        ...e,
        outfile,
        bytes: loaded.reduce((n, c) => n + c.length, 0),
        gzipBytes: loaded.reduce((n, c) => n + gzipSync(c).length, 0),
        totalBytes: all.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
        times: [] as number[],
        cpu: [] as number[],
        error: undefined as string | undefined,
      };
    }),
  );
  log(`loading each bundle ${runs} times in a fresh node process (interleaved)…`);
  for (let run = 0; run < runs; run++) {
    for (const b of built) {
      if (b.error) continue;
      try {
        const { wall, cpu } = loadOnce(b.outfile);
        b.times.push(wall);
        b.cpu.push(cpu);
      } catch (err) {
        b.error = (err as Error).message;
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const floorMs = median(built[0]!.times);
  const floorCpuMs = median(built[0]!.cpu);
  return built.map((b) => ({
    name: b.name,
    kind: b.kind,
    ...('routes' in b && b.routes ? { routes: b.routes } : {}),
    bytes: b.bytes,
    gzipBytes: b.gzipBytes,
    totalBytes: b.totalBytes,
    loadMedianMs: median(b.times),
    loadCpuMedianMs: median(b.cpu),
    loadRatio: median(b.cpu) / floorCpuMs,
    loadWallRatio: median(b.times) / floorMs,
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
