/**
 * Stream readers and schedules share the HTTP handlers' start-up rules: configuration validated
 * once when the module loads (a bad setting fails the cold start), and log lines carrying the
 * Lambda context.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../local/http-event';
import { LOCAL_SECRETS } from '../local/local-env';
import { resetConfigForTests } from '../src/lib/config';
import { backgroundHandler } from '../src/lib/middleware/background-handler';
import { logger } from '../src/lib/middleware/logger';

const saved = { ...process.env };

beforeEach(() => {
  process.env = { ...saved, ...LOCAL_SECRETS, TABLE_NAME: 'background-unit', POWERTOOLS_LOG_LEVEL: 'INFO' };
  resetConfigForTests();
});

afterAll(() => {
  process.env = saved;
  resetConfigForTests();
});

describe('backgroundHandler', () => {
  it('fails when the module loads, not on a later invocation, when the configuration is bad', async () => {
    delete process.env.TABLE_NAME;
    expect(() => backgroundHandler(async () => 'ran')).toThrow(/Invalid configuration: TABLE_NAME/);
    // A real schedule module: importing it is its cold start.
    await expect(import('../src/contexts/quarantine/handlers/escalate-alerts')).rejects.toThrow(/TABLE_NAME/);
  });

  it('logs with the function’s context, each invocation its own request id', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const handler = backgroundHandler(async (event: { n: number }, context: Context) => {
        logger.info('job ran', { n: event.n });
        return context.functionName;
      });
      expect(await handler({ n: 3 }, lambdaContext('grid-dev-escalateAlerts', Date.now() + 60_000))).toBe(
        'grid-dev-escalateAlerts',
      );
      await handler({ n: 4 }, lambdaContext('grid-dev-escalateAlerts', Date.now() + 60_000));
    } finally {
      write.mockRestore();
    }
    const parsed = lines
      .flatMap((l) => l.split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const ran = parsed.find((l) => l.message === 'job ran');
    expect(ran).toMatchObject({
      function_name: 'grid-dev-escalateAlerts',
      cold_start: expect.any(Boolean),
      n: 3,
    });
    const ids = parsed.filter((l) => l.message === 'job ran').map((l) => l.function_request_id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).not.toBe(ids[0]);
  });
});
