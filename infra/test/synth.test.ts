/**
 * The one full synth: `cdk synth` through the CLI as `npm run synth` runs it, with esbuild
 * bundling every function (each route group's router, consumer and schedule once) and
 * aws-cdk-lib's CloudFormation validation on. Then a group's bundle runs in plain Node the way
 * Lambda loads it (ESM, `index.handler`). Prints the synth time and each bundle's size.
 * On the 2-core CI machine bundling takes minutes: the timeouts below are deliberately generous.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { manifest } from '@grid/functions/manifest/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldStartFiles } from '../lib/bundle';
import { deployedSchedules, groupNameOf, httpFunctionGroups } from '../lib/function-groups';
import { REPO_ROOT } from './support';

/** Minutes the CLI synth may take: 44 bundles on two busy cores took up to 4 minutes. */
const SYNTH_TIMEOUT_MS = 20 * 60_000;

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'grid-synth-'));

interface FunctionResource {
  Type: string;
  Properties: { FunctionName: string; Handler: string };
  Metadata: { 'aws:asset:path'?: string };
}

let synthSeconds = 0;
let functions: FunctionResource[] = [];

beforeAll(async () => {
  const started = Date.now();
  await run('npx', ['cdk', 'synth', '-q', '-o', outdir], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  synthSeconds = (Date.now() - started) / 1000;
  const template = JSON.parse(readFileSync(join(outdir, 'grid-dev-stateless.template.json'), 'utf8')) as {
    Resources: Record<string, FunctionResource>;
  };
  functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
}, SYNTH_TIMEOUT_MS);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk synth with bundling and validation', () => {
  it('synthesizes both stacks with an empty validation report', () => {
    for (const stack of ['grid-dev-stateful', 'grid-dev-stateless']) {
      expect(statSync(join(outdir, `${stack}.template.json`)).size).toBeGreaterThan(0);
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { summary?: { status?: string } }[];
    };
    expect(report.pluginReports.filter((r) => r.summary?.status !== 'success')).toEqual([]);
  });

  it('bundles every function once, as an ESM index.mjs with its source map', () => {
    const expected =
      httpFunctionGroups(manifest).length +
      manifest.streamReaders.length +
      deployedSchedules(manifest).length;
    expect(functions).toHaveLength(expected);
    // One asset per function: no bundle is built twice, none is shared by accident.
    const assets = new Set(functions.map((f) => f.Metadata['aws:asset:path']));
    expect(assets.size).toBe(expected);
    expect(readdirSync(outdir).filter((d) => d.startsWith('asset.'))).toHaveLength(expected);
    const rows: string[] = [];
    for (const fn of functions) {
      expect(fn.Properties.Handler).toBe('index.handler');
      const dir = join(outdir, fn.Metadata['aws:asset:path']!);
      const code = readFileSync(join(dir, 'index.mjs'));
      const map = statSync(join(dir, 'index.mjs.map'));
      rows.push(
        `${fn.Properties.FunctionName.padEnd(36)} ${(code.length / 1024).toFixed(0).padStart(5)} KB` +
          ` ${(gzipSync(code).length / 1024).toFixed(0).padStart(4)} KB gzip  map ${(map.size / 1024).toFixed(0)} KB`,
      );
    }
    console.log(`cdk synth -q with bundling: ${synthSeconds.toFixed(1)} s\n${rows.sort().join('\n')}`);
  });

  it('keeps lazily imported libraries in chunks outside the cold start, beside their files', () => {
    const assetOf = (handler: string) => {
      const route = manifest.routes.find((r) => r.handler === handler)!;
      const fn = functions.find((f) => f.Properties.FunctionName === `grid-dev-${groupNameOf(route)}`)!;
      return join(outdir, fn.Metadata['aws:asset:path']!);
    };
    const where = (dir: string, marker: string) => {
      const files = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
      const hot = coldStartFiles(dir);
      const holding = files.filter((f) => readFileSync(join(dir, f), 'utf8').includes(marker));
      return { inChunk: holding.length > 0, atColdStart: holding.some((f) => hot.has(f)) };
    };
    // exceljs (the daily report's writer): its zip layout names xl/workbook.xml.
    expect(where(assetOf('reporting/get-daily-report'), 'xl/workbook.xml')).toEqual({
      inChunk: true,
      atColdStart: false,
    });
    // pdf-lib (the paper pass), and the font it reads beside its chunk through import.meta.url.
    const passDir = assetOf('passes/print-person-pass');
    expect(where(passDir, '%PDF-')).toEqual({ inChunk: true, atColdStart: false });
    expect(statSync(join(passDir, 'pass-font.ttf')).size).toBeGreaterThan(100_000);
  });

  it('runs a bundled group router in plain Node as Lambda would', async () => {
    const route = manifest.routes.find((r) => r.handler === 'api-docs/get-openapi')!;
    const functionName = `grid-dev-${groupNameOf(route)}`;
    const fn = functions.find((f) => f.Properties.FunctionName === functionName)!;
    const entry = join(outdir, fn.Metadata['aws:asset:path']!, 'index.mjs');
    const event = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: route.path,
      rawQueryString: '',
      headers: { host: 'example.test' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api',
        domainName: 'example.test',
        domainPrefix: 'example',
        http: {
          method: route.method,
          path: route.path,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 't',
        },
        requestId: 'req-1',
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: '01/Jan/2026:00:00:00 +0000',
        timeEpoch: 0,
      },
      isBase64Encoded: false,
    };
    const context = { awsRequestId: 'req-1', functionName, memoryLimitInMB: '512' };
    const script = `const { handler } = await import(${JSON.stringify(entry)});
      const result = await handler(${JSON.stringify(event)}, ${JSON.stringify(context)});
      process.stdout.write('\\nRESULT ' + JSON.stringify(result));`;
    const { stdout } = await run(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: 'grid-dev',
          AWS_REGION: 'cn-northwest-1',
          TOKEN_SIGNING_KEY: 'x'.repeat(64),
          DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
          HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const result = JSON.parse(stdout.slice(stdout.lastIndexOf('\nRESULT ') + 8)) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(200);
    const document = JSON.parse(result.body) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
  });
});
