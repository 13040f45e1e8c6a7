import { type RetryOptions, WebClient } from '@slack/web-api';
import type { JsonLogger } from '../logger.js';
import { SEND_TIMEOUT_MS } from '../slack/send.js';

/**
 * The scheduler's client: it posts, so it never retries by itself (a post whose answer was lost may have gone
 * out; the pass looks for it instead) and reports a 429 instead of pausing every call for its Retry-After.
 * Every call has a timeout.
 */
export function schedulerClient(
  token: string,
  options: { apiUrl?: string; logger: JsonLogger; retryConfig?: RetryOptions; timeoutMs?: number },
): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {}),
    logger: options.logger,
    retryConfig: options.retryConfig ?? { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? SEND_TIMEOUT_MS,
  });
}

/** Calls that are safe to repeat (views.publish): retried a little inside the call, and with a timeout. */
export const IDEMPOTENT_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 1000, maxTimeout: 5000 };

export function idempotentClient(token: string, options: { apiUrl?: string; logger: JsonLogger }): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {}),
    logger: options.logger,
    retryConfig: IDEMPOTENT_RETRY,
    timeout: SEND_TIMEOUT_MS,
  });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
