/**
 * Pacing posts to Slack's limits per destination (DESIGN.md, "Scheduled coaching"; SLACK.md, "Rate limits"):
 * chat.postMessage allows about one message a second per conversation and several hundred a minute per
 * workspace. A 429 pauses its conversation for its Retry-After; 429s from two conversations of one workspace
 * inside that time pause the workspace. Nothing else waits: other conversations and workspaces go on.
 */

export interface ThrottleOptions {
  /** Posts per second per workspace. */
  postsPerSecondPerTeam: number;
  /** Least time between two posts to one conversation. */
  conversationIntervalMs: number;
}

/** Slack's: "several hundred messages per minute" per workspace; five a second stays inside it. */
export const DEFAULT_POSTS_PER_SECOND_PER_TEAM = 5;
/** Slack's: about one message per second per conversation. */
export const DEFAULT_CONVERSATION_INTERVAL_MS = 1000;

/** Sleeps `ms`, or less if the signal aborts; true when it slept the whole time. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class Throttle {
  private readonly teamNext = new Map<string, number>();
  private readonly conversationNext = new Map<string, number>();
  private readonly teamPausedUntil = new Map<string, number>();
  private readonly conversationPausedUntil = new Map<string, number>();
  /** Recent 429s per workspace: which conversation, and when. */
  private readonly recentLimits = new Map<string, { conversation: string; at: number; until: number }[]>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** When a post to this conversation of this workspace may go, at the earliest. */
  readyAt(team: string, conversation: string): number {
    return Math.max(
      this.teamNext.get(team) ?? 0,
      this.conversationNext.get(conversation) ?? 0,
      this.teamPausedUntil.get(team) ?? 0,
      this.conversationPausedUntil.get(conversation) ?? 0,
    );
  }

  /** When the workspace's pacing lets its next post go, whichever conversation it is to (team-queues.ts). */
  teamReadyAt(team: string): number {
    return Math.max(this.teamNext.get(team) ?? 0, this.teamPausedUntil.get(team) ?? 0);
  }

  /** Waits for a slot to post, and takes it; false when the signal aborted the wait. */
  async take(team: string, conversation: string, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.now();
      const at = this.readyAt(team, conversation);
      if (at <= now) {
        const perPost = this.options.postsPerSecondPerTeam > 0 ? 1000 / this.options.postsPerSecondPerTeam : 0;
        this.teamNext.set(team, Math.max(now, this.teamNext.get(team) ?? 0) + perPost);
        this.conversationNext.set(conversation, now + this.options.conversationIntervalMs);
        return true;
      }
      if (!(await sleep(at - now, signal))) return false;
    }
  }

  /** A 429: that conversation waits `retryAfterMs`; two conversations of a workspace limited at once, the workspace does. */
  limited(team: string, conversation: string, retryAfterMs: number): void {
    const now = this.now();
    const until = now + retryAfterMs;
    this.conversationPausedUntil.set(
      conversation,
      Math.max(until, this.conversationPausedUntil.get(conversation) ?? 0),
    );
    const recent = (this.recentLimits.get(team) ?? []).filter((limit) => limit.until > now);
    recent.push({ conversation, at: now, until });
    this.recentLimits.set(team, recent);
    if (new Set(recent.map((limit) => limit.conversation)).size >= 2) {
      this.teamPausedUntil.set(team, Math.max(until, this.teamPausedUntil.get(team) ?? 0));
    }
  }
}
