/**
 * What `npm start` prints (issue 16 item 7): every JSON line in the log file carries the function
 * that wrote it — a stream consumer's lines used to carry the last HTTP handler's name, because all
 * handlers share one logger locally — and the terminal gets one readable line per request and per
 * batch that did something, never the handlers' JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { withInvocation } from '../../local/invocation';
import { startTerminal, type Terminal } from '../../local/terminal';

const dirs: string[] = [];
let terminal: Terminal | undefined;

afterEach(() => {
  terminal?.restore();
  terminal = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lambdaContext(functionName: string): Context {
  return { functionName, awsRequestId: 'r1', invokedFunctionArn: 'arn', memoryLimitInMB: '128' } as Context;
}

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'grid-terminal-'));
  dirs.push(dir);
  const shown: string[] = [];
  terminal = startTerminal({ logDir: dir, out: (text) => shown.push(text) });
  const lines = () =>
    readFileSync(terminal?.logFile ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { shown, lines };
}

describe('the npm start terminal', () => {
  it("writes each handler's JSON line with its own function's name, whatever ran last", async () => {
    const { shown, lines } = open();
    const logger = new Logger({ serviceName: 'grid-platform' });
    // As after any request: the shared logger's context names the last HTTP handler.
    logger.addContext(lambdaContext('getOpenApi'));
    await withInvocation('statsCounter', async () => {
      await Promise.resolve();
      logger.info('stats counted', { records: 3, events: 0 });
    });
    withInvocation('loginWithWeChat', () => logger.error('wechat call failed'));

    const [counted, failed] = lines().filter((l) => l.message);
    expect(counted).toMatchObject({ message: 'stats counted', function_name: 'statsCounter' });
    expect(failed).toMatchObject({ message: 'wechat call failed', function_name: 'loginWithWeChat' });
    // The terminal shows the error in one line and never the JSON.
    expect(shown.join('')).toMatch(/ERROR loginWithWeChat: wechat call failed\n$/);
    expect(shown.join('')).not.toContain('{');
  });

  it('shows one line per request, and per stream batch only when the batch did something', () => {
    const { shown, lines } = open();
    terminal?.log({
      method: 'POST',
      routeKey: 'POST /v1/households',
      operationId: 'createHousehold',
      status: 201,
      ms: 12,
      requestId: 'x',
    });
    terminal?.log({ consumer: 'statsCounter', records: 5, ms: 30, did: ['events 2', 'counterWrites 10'] });
    terminal?.log({ consumer: 'alertNotifier', records: 5, ms: 3, did: [] });

    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(/POST +\/v1\/households {2}201 {2}12 ms {2}createHousehold\n$/);
    expect(shown[1]).toMatch(
      /stream statsCounter: events 2, counterWrites 10 {2}\(5 record\(s\), 30 ms\)\n$/,
    );
    // Everything is in the file, with its time.
    expect(lines()).toHaveLength(3);
    for (const line of lines()) expect(line.time).toEqual(expect.any(String));
  });
});
