import { type RetryOptions, WebClient } from '@slack/web-api';
import type { JsonLogger } from '../logger.js';

/**
 * Scheduled sends retry a little inside the pass (a 429 waits its Retry-After first),
 * then give up until the next pass: the claim stays retryable inside the catch-up window.
 */
export const SCHEDULER_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 1000, maxTimeout: 5000 };
/** No single Slack call may hold a pass for longer than this. */
export const SCHEDULER_TIMEOUT_MS = 10_000;

export function schedulerClient(
  token: string,
  options: { apiUrl?: string; logger: JsonLogger; retryConfig?: RetryOptions },
): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    logger: options.logger,
    retryConfig: options.retryConfig ?? SCHEDULER_RETRY,
    timeout: SCHEDULER_TIMEOUT_MS,
  });
}
