import { LogLevel } from '@slack/logger';
import { type RetryOptions, WebClient } from '@slack/web-api';
import type { Db } from '../../src/db/connection.js';
import { JsonLogger } from '../../src/logger.js';
import { runPass, type SendOutcome } from '../../src/scheduler/pass.js';
import type { SlackStub } from './slack-stub.js';

/** One scheduler pass against the stand-in, with no retries inside the pass unless asked. */
export function passAgainst(
  stub: SlackStub,
  db: Db,
  options: { retryConfig?: RetryOptions; defaultTimezone?: string } = {},
): (now: number) => Promise<SendOutcome[]> {
  const client = new WebClient('xoxb-test-scheduler', {
    slackApiUrl: stub.apiUrl,
    retryConfig: options.retryConfig ?? { retries: 0 },
  });
  const logger = new JsonLogger(LogLevel.ERROR, { sink: () => {} });
  return (now) => runPass({ db, client, defaultTimezone: options.defaultTimezone ?? 'America/New_York', logger }, now);
}
