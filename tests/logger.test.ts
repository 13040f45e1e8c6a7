import { LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { JsonLogger } from '../src/logger.js';

const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

function capture(level: LogLevel = LogLevel.DEBUG) {
  const lines: string[] = [];
  const logger = new JsonLogger(level, { secrets: [SECRET], sink: (line) => lines.push(line) });
  return { logger, lines };
}

describe('JsonLogger', () => {
  it.each([LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR])(
    'redacts Slack tokens and configured secrets at %s',
    (level) => {
      const { logger, lines } = capture();
      const leak = `token xoxb-123-456-abcDEF app xapp-1-A1-999-fff user xoxp-9-9 secret ${SECRET}`;
      logger[level](leak, { nested: { token: 'xoxb-777-888-zzz' } }, new Error(`failed with ${SECRET}`));
      expect(lines).toHaveLength(1);
      const line = lines[0] ?? '';
      for (const secret of ['xoxb-123-456-abcDEF', 'xapp-1-A1-999-fff', 'xoxp-9-9', 'xoxb-777-888-zzz', SECRET]) {
        expect(line).not.toContain(secret);
      }
      expect(line).toContain('[redacted]');
    },
  );

  it('writes one JSON object per line with time, level and message', () => {
    const { logger, lines } = capture();
    logger.info('hello', 42);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', name: 'focus-coach', msg: 'hello 42' });
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture(LogLevel.WARN);
    logger.debug('no');
    logger.info('no');
    logger.warn('yes');
    logger.error('yes');
    expect(lines).toHaveLength(2);
  });

  it('keeps its own debug lines and drops the Slack libraries’ (whole request and response bodies)', async () => {
    const { logger, lines } = capture();
    // A client with nowhere to go: its debug lines (initialized, the request body, the failure) are all the library's.
    const client = new WebClient('xoxb-0-0', {
      logger,
      slackApiUrl: 'http://127.0.0.1:9/api/',
      retryConfig: { retries: 0 },
    });
    await client.chat.postMessage({ channel: 'D1', text: 'Plan: call Initech' }).catch(() => undefined);
    logger.debug('ours', 7);
    expect(lines.filter((line) => line.includes('"level":"debug"'))).toEqual([
      expect.stringContaining('"msg":"ours 7"'),
    ]);
    expect(lines.join('\n')).not.toContain('Initech');
  });

  it('logs a failed query with its SQL and cause, never its parameters', () => {
    const { logger, lines } = capture();
    const cause = Object.assign(new Error('UNIQUE constraint failed: accounts.name_key'), {
      code: 'SQLITE_CONSTRAINT',
    });
    logger.error(
      'Save failed:',
      new DrizzleQueryError('insert into "accounts" values (?, ?)', ['T1', 'Typed by Ann'], cause),
    );
    const line = lines[0] ?? '';
    expect(line).toContain('insert into \\"accounts\\" values (?, ?) (parameters left out)');
    expect(line).toContain('Caused by: Error: UNIQUE constraint failed');
    expect(line).toMatch(/at .*logger\.test\.ts/);
    expect(line).not.toContain('Typed by Ann');
  });
});
