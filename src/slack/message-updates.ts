/**
 * Updates of one message, one at a time and the last from the latest state. Two ticks a moment apart
 * each ask for a chat.update; sent side by side, the older state could land last and show a stale
 * message. Here, per message, at most one update runs and at most one more is owed; the owed one
 * builds its content when it runs, from what is stored by then, so the message ends as the data does.
 */
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';

/** What a message becomes, built (read from storage) when the update runs; null leaves it as it is. */
export type MessageContent = () => Promise<MessageBody | null> | MessageBody | null;

interface MessageBody {
  text: string;
  blocks: KnownBlock[];
}

export class MessageUpdates {
  private readonly running = new Map<string, { next: MessageContent | null; done: Promise<boolean> }>();

  constructor(private readonly logger: JsonLogger) {}

  /**
   * Updates the message at `ts` in `channel` with `content`, after any update of it already running.
   * Resolves true when Slack took the last update asked for; never throws (a failure is logged: what
   * it shows is stored already).
   */
  update(client: WebClient, target: { channel: string; ts: string }, content: MessageContent): Promise<boolean> {
    const key = `${target.channel}:${target.ts}`;
    const current = this.running.get(key);
    if (current) {
      current.next = content;
      return current.done;
    }
    const state = { next: content as MessageContent | null, done: Promise.resolve(true) };
    state.done = (async () => {
      let ok = true;
      try {
        while (state.next) {
          const build = state.next;
          state.next = null;
          ok = await this.send(client, target, build);
        }
      } finally {
        this.running.delete(key);
      }
      return ok;
    })();
    this.running.set(key, state);
    return state.done;
  }

  private async send(client: WebClient, target: { channel: string; ts: string }, build: MessageContent) {
    try {
      const message = await build();
      if (!message) return true;
      await client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, blocks: message.blocks });
      return true;
    } catch (error) {
      this.logger.warn('Could not update a message in place:', errorMessage(error));
      return false;
    }
  }
}
