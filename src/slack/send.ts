/**
 * Posting a message exactly once. Every message the coach posts carries its send key in Slack's message
 * metadata. A post is tried once by a client that never retries on its own; its outcome is sorted into
 * posted, known not posted (retrying is safe), or uncertain (it may have posted: a timeout, a connection
 * lost after the request went out). Before an uncertain post is tried again, the conversation's history
 * is searched for its key, and it is posted only if it is not there.
 */
import type { ChatPostMessageArguments, WebClient, WebClientOptions } from '@slack/web-api';
import { WebClient as SlackWebClient } from '@slack/web-api';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';

/** The metadata event type of every message the coach posts. */
export const SEND_EVENT_TYPE = 'focus_coach_send';
/** No single Slack call may take longer than this. */
export const SEND_TIMEOUT_MS = 10_000;

export type PostOutcome =
  | { result: 'posted'; ts: string }
  | {
      result: 'not-posted';
      error: string;
      /** Slack's answer can never change (a deactivated user, a channel the app is not in). */
      final: boolean;
      /** A 429: not before this many ms. */
      retryAfterMs: number | null;
    }
  | { result: 'uncertain'; error: string };

/** Slack errors that no retry can fix. */
export const FINAL_ERRORS = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'cannot_dm_bot',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'no_permission',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
  'msg_blocks_too_long',
]);

/** Network errors raised before the request could have reached Slack. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * A Web API client for posting: no retries of its own (a retried post whose first answer was lost is a
 * duplicate), rate limits reported rather than waited out (a 429 pauses that conversation, not every
 * call of the client), and a timeout on every call.
 */
export function sendingClient(
  token: string,
  options: { apiUrl?: string; logger?: JsonLogger; timeoutMs?: number } = {},
): WebClient {
  const settings: WebClientOptions = {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? SEND_TIMEOUT_MS,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
  };
  return new SlackWebClient(token, settings);
}

export function metadataFor(key: string) {
  return { event_type: SEND_EVENT_TYPE, event_payload: { key } };
}

interface SlackErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  body?: unknown;
  original?: { name?: string; code?: string; cause?: { code?: string } };
}

/** What a failed Web API call tells about whether its request took effect. */
export function classifyFailure(error: unknown): Exclude<PostOutcome, { result: 'posted' }> {
  const e = (error ?? {}) as SlackErrorShape;
  const message = errorMessage(error);
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { result: 'not-posted', error: message, final: false, retryAfterMs: (e.retryAfter ?? 1) * 1000 };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown';
      return {
        result: 'not-posted',
        error: code,
        final: FINAL_ERRORS.has(code),
        retryAfterMs: code === 'ratelimited' ? 1000 : null,
      };
    }
    case 'slack_webapi_http_error': {
      // Slack answers ok:false for what it refused; any other non-200 may have been applied.
      if (answeredNotOk(e.body) || (e.statusCode !== undefined && e.statusCode < 500)) {
        return { result: 'not-posted', error: message, final: false, retryAfterMs: null };
      }
      return { result: 'uncertain', error: message };
    }
    case 'slack_webapi_request_error': {
      const code = e.original?.cause?.code ?? e.original?.code;
      if (code !== undefined && NOT_SENT_CODES.has(code)) {
        return { result: 'not-posted', error: message, final: false, retryAfterMs: null };
      }
      return { result: 'uncertain', error: message };
    }
    default:
      return { result: 'uncertain', error: message };
  }
}

/** The body of a non-200 answer (the client parses it when it is JSON) says ok:false: Slack refused it. */
function answeredNotOk(body: unknown): boolean {
  if (typeof body === 'object' && body !== null) return (body as { ok?: unknown }).ok === false;
  if (typeof body !== 'string') return false;
  try {
    return (JSON.parse(body) as { ok?: unknown }).ok === false;
  } catch {
    return false;
  }
}

/** Posts once, with the key in the message's metadata; never retries by itself. */
export async function postOnce(
  client: WebClient,
  message: ChatPostMessageArguments,
  key: string,
): Promise<PostOutcome> {
  try {
    const posted = await client.chat.postMessage({
      ...message,
      metadata: metadataFor(key),
    } as ChatPostMessageArguments);
    if (!posted.ts) return { result: 'uncertain', error: 'chat.postMessage answered without a ts' };
    return { result: 'posted', ts: posted.ts };
  } catch (error) {
    return classifyFailure(error);
  }
}

export type Lookup = { found: true; ts: string } | { found: false } | { found: 'unknown'; error: string };

/** How far back (before the first attempt) a look in the history starts: clocks differ a little. */
const LOOKBACK_MARGIN_S = 120;
/** Pages of history read at most: a DM or a team channel gets few messages between two passes. */
const MAX_PAGES = 5;

type HistoryMessage = { ts?: string; metadata?: { event_type?: string; event_payload?: { key?: unknown } } };

function withKey(messages: readonly HistoryMessage[] | undefined, key: string): string | null {
  const found = (messages ?? []).find(
    (m) => m.metadata?.event_type === SEND_EVENT_TYPE && m.metadata.event_payload?.key === key,
  );
  return found?.ts ?? null;
}

/**
 * Whether a message with this key is in the conversation (or in the thread under `threadTs`), posted
 * after `sinceMs`. "unknown" when Slack cannot say: then nothing may be posted.
 */
export async function findPosted(
  client: WebClient,
  where: { channel: string; key: string; sinceMs: number; threadTs?: string | null },
): Promise<Lookup> {
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = where.threadTs
        ? await client.conversations.replies({
            channel: where.channel,
            ts: where.threadTs,
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          })
        : await client.conversations.history({
            channel: where.channel,
            oldest: (Math.floor(where.sinceMs / 1000) - LOOKBACK_MARGIN_S).toFixed(6),
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          });
      const ts = withKey(answer.messages as HistoryMessage[] | undefined, where.key);
      if (ts !== null) return { found: true, ts };
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) return { found: false };
    }
    return { found: 'unknown', error: `more than ${MAX_PAGES} pages of history to search` };
  } catch (error) {
    return { found: 'unknown', error: errorMessage(error) };
  }
}
