/**
 * `npm start`: the whole system on this machine. DynamoDB Local (data kept in .local/), the fake
 * WeChat API, the API, stream consumers and schedules, demo data, and the h5 app (built in the
 * background). The API answers 503 STARTING until the demo data is seeded.
 *
 * `npm start -- --reset` starts from an empty database; `npm run reset` only deletes it.
 *
 * LOCAL_MODE=test (used by the API tests): free ports (unless API_PORT etc. are set), no h5 app,
 * JSON logs on stdout; in memory unless LOCAL_DIR is set; prints `LISTENING {json}` once the API
 * answers (503 STARTING while seeding) and `READY {json}` with the URLs once the demo data is in.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type H5App, startH5 } from './h5';
import { portFromEnv } from './local-env';
import { DEMO_LOGINS, seedDemo, UNBOUND_STAFF } from './seed';
import { type LocalStack, startLocalStack } from './stack';
import { assertPortsFree, resetLocalData, StartupError, watchAncestors } from './startup';
import { startTerminal } from './terminal';

const testMode = process.env.LOCAL_MODE === 'test';
const root = fileURLToPath(new URL('../../', import.meta.url));
const localDir = process.env.LOCAL_DIR ?? (testMode ? undefined : `${root}.local`);
const args = new Set(process.argv.slice(2));

async function main() {
  // Test mode: free ports unless one is set explicitly.
  const port = (variable: string, fallback: number) => ({
    variable,
    port: portFromEnv(variable, testMode ? 0 : fallback),
  });
  const ports = {
    api: port('API_PORT', 3000),
    wechat: port('WECHAT_PORT', 3001),
    dynamo: port('DYNAMODB_PORT', 8000),
    control: port('CONTROL_PORT', 3009),
    h5: port('H5_PORT', 10086),
  };
  await assertPortsFree(Object.values(ports));
  if (localDir && (args.has('--reset') || args.has('--reset-only'))) {
    resetLocalData(localDir);
    console.log(`Deleted the local database (${localDir}/dynamodb): the next start seeds the demo again.`);
    if (args.has('--reset-only')) return;
  }

  const terminal = startTerminal(testMode ? {} : { logDir: `${localDir}/logs` });
  const say = terminal.say;
  const t0 = Date.now();
  const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  let stack: LocalStack | undefined;
  let h5: H5App | undefined;
  let stopping = false;
  const shutdown = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    if (!testMode) say(`${why}: stopping (API, consumers, then DynamoDB Local)…`);
    await h5?.close();
    await stack?.stop();
    if (!testMode) say('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('terminal closed'));
  watchAncestors(() => void shutdown('the process that started this one is gone'));

  if (!testMode) say(`Starting: DynamoDB Local, the fake WeChat, the API (logs in ${terminal.logFile})…`);
  const dataDir = localDir ? `${localDir}/dynamodb` : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  stack = await startLocalStack({
    apiPort: ports.api.port,
    wechatPort: ports.wechat.port,
    dynamoPort: ports.dynamo.port,
    controlPort: ports.control.port,
    ...(dataDir ? { dataDir } : {}),
    scheduleSpeedup: Number(process.env.SCHEDULE_SPEEDUP ?? 1),
    startGated: true,
    log: terminal.log,
    notice: say,
    onFatal: () => void shutdown('DynamoDB Local is gone', 1),
  });
  if (testMode) {
    const { apiUrl, dynamoEndpoint, controlUrl } = stack;
    console.log(`LISTENING ${JSON.stringify({ apiUrl, dynamoEndpoint, controlUrl })}`);
  } else say(`API listening at ${stack.apiUrl} (503 STARTING until the demo data is in) after ${seconds()}`);
  const seed = await seedDemo();
  stack.markReady();

  if (testMode) {
    const { apiUrl, wechatUrl, dynamoEndpoint, controlUrl, tableName } = stack;
    console.log(`READY ${JSON.stringify({ apiUrl, wechatUrl, dynamoEndpoint, controlUrl, tableName })}`);
    return;
  }
  // The banner as soon as the API is usable; the h5 app follows in the background.
  h5 = startH5({ root, apiUrl: stack.apiUrl, port: ports.h5.port, logDir: `${localDir}/logs`, say });
  say(`
网格防疫平台 — the API is ready (${seconds()} after start)
  API            ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)
  h5 app         ${h5.url}${h5.state === 'building' ? '   (building: a line below says when it is ready)' : ''}
  fake WeChat    ${stack.wechatUrl}   (calls: ${stack.wechatUrl}/__calls)
  DynamoDB Local ${stack.dynamoEndpoint}   table ${stack.tableName}, data in ${dataDir}
  control        ${stack.controlUrl}   (POST /streams/drain, POST /schedules/<name>/run)
  demo data      ${seed.seeded ? `seeded now: ${seed.regions} regions of 东营市, ${seed.grids} grids` : 'kept from the last run (npm run reset starts over)'}
  logs           ${terminal.logFile} (full JSON; here: one line per request and per stream batch that did something)

Demo logins (h5: pick one on the start page; API: POST /v1/auth/wechat {"code": "<code>"}):
${DEMO_LOGINS.map((l) => `  ${l.code.padEnd(18)} ${l.role.padEnd(11)} ${l.name}  ${l.scopes.join(' ')}`).join('\n')}
  Unbound gridworker ${UNBOUND_STAFF.name}: sign in with any test:<name>, then POST /v1/auth/phone {"code": "${UNBOUND_STAFF.phoneCode}"}

Ctrl-C stops everything.
`);
}

main().catch((err: unknown) => {
  // A port in use and the like: one line. Anything else: the whole error, it is a bug to report.
  if (err instanceof StartupError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
