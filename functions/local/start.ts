/**
 * `npm start`: the whole system on this machine. DynamoDB Local (data kept in .local/), the fake
 * WeChat API, the API, stream consumers and schedules, demo data, and the h5 app.
 *
 * LOCAL_MODE=test (used by the API tests): in memory, free ports, no h5 app; prints one
 * `READY {json}` line with the URLs once everything answers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { portFromEnv } from './local-env';
import { DEMO_LOGINS, seedDemo, UNBOUND_STAFF } from './seed';
import { startLocalStack } from './stack';
import { serveStatic } from './static-server';

const testMode = process.env.LOCAL_MODE === 'test';
const root = fileURLToPath(new URL('../../', import.meta.url));

async function main() {
  const dataDir = `${root}.local/dynamodb`;
  if (!testMode) mkdirSync(dataDir, { recursive: true });
  const stack = await startLocalStack({
    apiPort: testMode ? 0 : portFromEnv('API_PORT', 3000),
    wechatPort: testMode ? 0 : portFromEnv('WECHAT_PORT', 3001),
    dynamoPort: testMode ? 0 : portFromEnv('DYNAMODB_PORT', 8000),
    controlPort: testMode ? 0 : portFromEnv('CONTROL_PORT', 3009),
    ...(testMode ? {} : { dataDir }),
    scheduleSpeedup: Number(process.env.SCHEDULE_SPEEDUP ?? 1),
  });
  const seed = await seedDemo();

  let h5Url: string | null = null;
  let closeH5 = async () => {};
  if (!testMode) {
    const h5 = await startH5(stack.apiUrl);
    h5Url = h5.url;
    closeH5 = h5.close;
  }

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await closeH5();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  if (testMode) {
    const { stop: _stop, drainStreams: _d, runSchedule: _r, faults: _f, ...urls } = stack;
    console.log(`READY ${JSON.stringify(urls)}`);
    return;
  }
  console.log(`
网格防疫平台 — local stack is running
  API            ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)
  h5 app         ${h5Url}
  fake WeChat    ${stack.wechatUrl}   (calls: ${stack.wechatUrl}/__calls)
  DynamoDB Local ${stack.dynamoEndpoint}   table ${stack.tableName}
  control        ${stack.controlUrl}   (POST /streams/drain, POST /schedules/<name>/run)
  demo data      ${seed.seeded ? `seeded now: ${seed.regions} regions of 东营市, ${seed.grids} grids` : 'kept from the last run (.local/)'}

Demo logins (h5: pick one on the start page; API: POST /v1/auth/wechat {"code": "<code>"}):
${DEMO_LOGINS.map((l) => `  ${l.code.padEnd(18)} ${l.role.padEnd(11)} ${l.name}  ${l.scopes.join(' ')}`).join('\n')}
  Unbound gridworker ${UNBOUND_STAFF.name}: sign in with any test:<name>, then POST /v1/auth/phone {"code": "${UNBOUND_STAFF.phoneCode}"}

Ctrl-C stops everything.`);
}

/** Builds the h5 app when it is missing or older than its sources, then serves it. */
async function startH5(apiUrl: string) {
  const dist = `${root}miniprogram/dist-h5`;
  const builtAt = existsSync(`${dist}/index.html`) ? statSync(`${dist}/index.html`).mtimeMs : 0;
  const sourcesAt = newestMtime(`${root}miniprogram/src`);
  if (builtAt < sourcesAt || process.env.H5_REBUILD === '1') {
    console.log('Building the h5 app (about 30 s)…');
    const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TARO_APP_API_BASE: apiUrl },
    });
    if (build.status !== 0) throw new Error('The h5 build failed');
  }
  return serveStatic(dist, portFromEnv('H5_PORT', 10086));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
