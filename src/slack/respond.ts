/**
 * Posting to an interaction's response_url, in place of Bolt's respond(): Bolt's has no timeout, so a
 * response_url that never answers holds a socket (and the listener) for fetch's five minutes.
 */
import type { KnownBlock } from '@slack/types';
import type { JsonLogger } from '../logger.js';

/** Slack answers a response_url at once; one that has not answered by now is given up. */
export const RESPOND_TIMEOUT_MS = 5000;

export interface ResponseMessage {
  text: string;
  blocks?: KnownBlock[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/**
 * Posts `message` to `responseUrl` as JSON. Never throws: a failure (no URL, a timeout, a refusal such
 * as an expired URL) is logged, without the message's text, and false is returned.
 */
export async function postToResponseUrl(
  responseUrl: string | undefined,
  message: ResponseMessage,
  logger: JsonLogger,
  timeoutMs = RESPOND_TIMEOUT_MS,
): Promise<boolean> {
  if (!responseUrl || !/^https?:\/\//.test(responseUrl)) {
    logger.warn('No response_url to answer on');
    return false;
  }
  try {
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Slack answers "ok" or an error word; read it, bounded by the same timeout, to free the socket.
    const answer = (await res.text()).slice(0, 40);
    if (res.ok) return true;
    logger.warn(`A response_url answered ${res.status} (${answer.replace(/[^\w-]/g, '')})`);
  } catch (error) {
    logger.warn(`Posting to a response_url failed: ${failureOf(error, timeoutMs)}`);
  }
  return false;
}

/** What went wrong, in words that carry nothing of the message: a timeout, or the error's name and code. */
function failureOf(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return typeof error;
  if (error.name === 'TimeoutError') return `no answer in ${timeoutMs} ms`;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}
