/**
 * The h5 app for `npm start`: built in the background (the API is usable meanwhile) when it is
 * missing, older than its sources, or built for another API address; then served.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type StaticServer, serveStatic } from './static-server';

export interface H5Options {
  root: string;
  apiUrl: string;
  port: number;
  logDir: string;
  say: (text: string) => void;
}

export interface H5App {
  url: string;
  /** 'ready' when served already, 'building' while the background build runs. */
  state: 'ready' | 'building';
  close(): Promise<void>;
}

/** The API address a build was made for, written next to it by npm start (TARO_APP_API_BASE is fixed at build time). */
const STAMP = '.api-base';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

/** A build made without npm start (npm run build:h5): the one local API address its code names, if one. */
function localApiOfBundle(dist: string): string {
  const found = new Set<string>();
  for (const name of existsSync(`${dist}/js`) ? readdirSync(`${dist}/js`) : []) {
    if (!name.endsWith('.js')) continue;
    for (const url of readFileSync(`${dist}/js/${name}`, 'utf8').match(/http:\/\/127\.0\.0\.1:\d+/g) ?? [])
      found.add(url);
  }
  return found.size === 1 ? [...found][0]! : '';
}

export function rebuildReason(dist: string, sources: string, apiUrl: string): string | undefined {
  if (process.env.H5_REBUILD === '1') return 'H5_REBUILD=1';
  if (!existsSync(`${dist}/index.html`)) return 'not built yet';
  const builtFor = existsSync(`${dist}/${STAMP}`)
    ? readFileSync(`${dist}/${STAMP}`, 'utf8').trim()
    : localApiOfBundle(dist);
  if (builtFor !== apiUrl) return `built for ${builtFor || 'another API address'}, the API is at ${apiUrl}`;
  if (statSync(`${dist}/index.html`).mtimeMs < newestMtime(sources)) return 'sources changed';
  return undefined;
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function startH5(opts: H5Options): H5App {
  const dist = `${opts.root}miniprogram/dist-h5`;
  const url = `http://127.0.0.1:${opts.port}`;
  let server: StaticServer | undefined;
  let build: ChildProcess | undefined;
  let closed = false;
  const serve = async () => {
    server = await serveStatic(dist, opts.port);
    if (closed) await server.close();
  };

  const reason = rebuildReason(dist, `${opts.root}miniprogram/src`, opts.apiUrl);
  if (!reason) {
    void serve();
    return {
      url,
      state: 'ready',
      close: async () => {
        closed = true;
        await server?.close();
      },
    };
  }

  const logFile = `${opts.logDir}/h5-build.log`;
  const startedAt = Date.now();
  opts.say(
    `h5 app: building in the background (${reason}; about 2–3 min on a 2-core machine, output in ${logFile})…`,
  );
  const out = openSync(logFile, 'w');
  // Its own process group, so stopping kills npm, taro and vite together.
  build = spawn('npm', ['run', 'build:h5', '-w', 'miniprogram'], {
    cwd: opts.root,
    stdio: ['ignore', out, out],
    detached: true,
    env: { ...process.env, TARO_APP_API_BASE: opts.apiUrl },
  });
  build.once('exit', (code, signal) => {
    build = undefined;
    if (closed) return;
    if (code !== 0) {
      opts.say(
        `h5 app: the build failed (${signal ?? `exit code ${code}`}); see ${logFile}. The API keeps running.`,
      );
      return;
    }
    writeFileSync(`${dist}/${STAMP}`, opts.apiUrl);
    serve().then(
      () => opts.say(`h5 app: ready at ${url} (built in ${minutes(Date.now() - startedAt)})`),
      (err: unknown) => opts.say(`h5 app: cannot serve on port ${opts.port} (H5_PORT): ${String(err)}`),
    );
  });
  return {
    url,
    state: 'building',
    close: async () => {
      closed = true;
      if (build?.pid) {
        try {
          process.kill(-build.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await server?.close();
    },
  };
}
