/**
 * The reply to a rep's DM, sent exactly once: with a key in its metadata, by a client that never retries on
 * its own. A reply Slack refused is tried again as it can be (plain text for blocks Slack would not take,
 * after the Retry-After of a 429); a reply whose answer was lost is looked for in the DM before it is posted
 * again. The change the DM made is saved by then either way: a lost reply is logged, never "nothing saved".
 */
import type { WebClient } from '@slack/web-api';
import type { JsonLogger } from '../logger.js';
import { sleep } from '../scheduler/throttle.js';
import { findPosted, type PostOutcome, postOnce, sendingClient } from './send.js';
import type { Reply } from './views/blocks.js';

/** Errors that say the blocks, not the message, were refused: the plain text still goes. */
const BLOCKS_REFUSED = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);
/** The longest a DM reply waits out a 429 before one more try. */
const MAX_RATE_LIMIT_WAIT_MS = 30_000;
/** Before looking for a reply whose answer was lost: time for Slack to have stored it. */
const SETTLE_BEFORE_LOOKING_MS = 1000;

const senders = new WeakMap<WebClient, WebClient>();

/** A sending client with the listener client's token, Web API address and timeout. */
function senderFor(listener: WebClient, logger: JsonLogger): WebClient {
  let sender = senders.get(listener);
  if (!sender) {
    const timeout = (listener as unknown as { timeout?: number }).timeout;
    sender = sendingClient(listener.token ?? '', {
      apiUrl: listener.slackApiUrl,
      logger,
      ...(timeout !== undefined && timeout > 0 ? { timeoutMs: timeout } : {}),
    });
    senders.set(listener, sender);
  }
  return sender;
}

/** The send key of the reply to one DM: the team, the rep and the Slack event it answers. */
export function dmReplyKey(teamId: string, userId: string, eventId: string): string {
  return `${teamId}:${userId}:dm-reply:${eventId}`;
}

export async function replyInDm(input: {
  client: WebClient;
  logger: JsonLogger;
  channel: string;
  userId: string;
  key: string;
  reply: Reply;
}): Promise<void> {
  const { logger, channel, key, reply, userId } = input;
  const sender = senderFor(input.client, logger);
  const startedAt = Date.now();
  let outcome: PostOutcome = await postOnce(sender, { channel, text: reply.text, blocks: reply.blocks }, key);
  if (outcome.result === 'not-posted' && BLOCKS_REFUSED.has(outcome.error)) {
    logger.warn(`Slack refused the blocks of the reply to ${userId}; sending it as plain text:`, outcome.error);
    outcome = await postOnce(sender, { channel, text: reply.text }, key);
  } else if (outcome.result === 'not-posted' && !outcome.final) {
    // Known not posted: once more is safe (after a 429's Retry-After).
    if (outcome.retryAfterMs !== null) await sleep(Math.min(outcome.retryAfterMs, MAX_RATE_LIMIT_WAIT_MS));
    outcome = await postOnce(sender, { channel, text: reply.text, blocks: reply.blocks }, key);
  } else if (outcome.result === 'uncertain') {
    await sleep(SETTLE_BEFORE_LOOKING_MS);
    const lookup = await findPosted(sender, { channel, key, sinceMs: startedAt });
    if (lookup.found === true) return;
    if (lookup.found === 'unknown') {
      logger.error(
        `The reply to ${userId}'s DM may be lost (no answer, and the DM could not be searched):`,
        lookup.error,
      );
      return;
    }
    outcome = await postOnce(sender, { channel, text: reply.text, blocks: reply.blocks }, key);
  }
  if (outcome.result !== 'posted') {
    logger.error(`The reply to ${userId}'s DM was lost:`, outcome.error);
  }
}
