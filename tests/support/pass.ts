import { LogLevel } from '@slack/logger';
import type { RetryOptions } from '@slack/web-api';
import { singleWorkspaceClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { schedulerClient } from '../../src/scheduler/client.js';
import { type PassDeps, runPass, type SendOutcome } from '../../src/scheduler/pass.js';
import type { Store } from '../../src/storage/types.js';
import type { SlackStub } from './slack-stub.js';

/**
 * One scheduler pass against the stand-in, with the server's sending client (no retries, 429s reported),
 * unpaced unless asked (the stand-in has no rate limits; pacing has tests of its own).
 */
export function passAgainst(
  stub: SlackStub,
  store: Store,
  options: { retryConfig?: RetryOptions; defaultTimezone?: string; timeoutMs?: number } & Partial<PassDeps> = {},
): (now: number) => Promise<SendOutcome[]> {
  const logger = new JsonLogger(LogLevel.ERROR, { sink: () => {} });
  const client = schedulerClient('xoxb-test-scheduler', {
    apiUrl: stub.apiUrl,
    logger,
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const { retryConfig: _r, timeoutMs: _t, ...deps } = options;
  return (now) =>
    runPass(
      {
        store,
        clients: singleWorkspaceClients(client),
        defaultTimezone: 'America/New_York',
        logger,
        postsPerSecondPerTeam: 0,
        conversationIntervalMs: 0,
        ...deps,
      },
      now,
    );
}
