/**
 * The playground's clock: an instant that can be jumped to and then keeps ticking at real speed,
 * and the scheduler pass it drives, once for each minute the clock crosses, as the real cron would.
 */
import type { WebClient } from '@slack/web-api';
import type { Storage } from '../db/connection.js';
import { getRep } from '../db/reps.js';
import { getSend, sendKey } from '../db/sends.js';
import { localDateTime } from '../domain/calendar.js';
import { singleWorkspaceClients } from '../install/oauth.js';
import type { JsonLogger } from '../logger.js';
import { runPass, type SendOutcome } from '../scheduler/pass.js';
import type { HomeTabs } from '../slack/home.js';
import type { SqliteStore } from '../storage/sqlite.js';

const MINUTE = 60_000;
/** After a long stall (a laptop asleep), only the latest minutes are caught up: the pass's windows cover the rest. */
const MAX_CATCH_UP = 30;
/** The reminder comes two hours after the check-in; a few minutes more, as a pass would find it. */
const REMINDER_AFTER = 2 * 60 * MINUTE + 2 * MINUTE;

const minuteOf = (instant: number) => Math.floor(instant / MINUTE);

export class PlaygroundClock {
  private offset = 0;
  private lastMinute: number;

  constructor(private readonly realNow: () => number = Date.now) {
    this.lastMinute = minuteOf(this.now);
  }

  /** The playground's instant: the last jump plus the real time since. */
  get now(): number {
    return this.realNow() + this.offset;
  }

  /** Sets the instant; its minute counts as passed (whoever jumps runs that pass). */
  jump(instant: number): void {
    this.offset = instant - this.realNow();
    this.lastMinute = minuteOf(instant);
  }

  /** The minute boundaries crossed since the last pass, oldest first (the newest MAX_CATCH_UP), and marks them passed. */
  takeMinutes(): number[] {
    const current = minuteOf(this.now);
    const from = Math.max(this.lastMinute + 1, current - MAX_CATCH_UP + 1);
    const minutes: number[] = [];
    for (let m = from; m <= current; m++) minutes.push(m * MINUTE);
    this.lastMinute = Math.max(this.lastMinute, current);
    return minutes;
  }
}

export interface PassContext {
  client: WebClient;
  logger: JsonLogger;
  managers: string[];
  running(): { storage: Storage; store: SqliteStore; home: HomeTabs };
}

/** Runs scheduler passes one after another: the ticking clock's and a jump's never overlap. */
export class PassRunner {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: PassContext) {}

  at(instant: number): Promise<SendOutcome[]> {
    const run = this.chain.then(() => this.pass(instant));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async pass(instant: number): Promise<SendOutcome[]> {
    const { store, home } = this.ctx.running();
    const outcomes = await runPass(
      {
        store,
        clients: singleWorkspaceClients(this.ctx.client),
        defaultTimezone: 'America/New_York',
        logger: this.ctx.logger,
        // As FOCUS_MANAGERS in server.ts: the manager gets the weekly coaching digest.
        managers: this.ctx.managers,
        // As the server (index.ts) runs it: the weekly post uploads its charts to the channel.
        weeklyCharts: true,
        afterSend: (t, u) => void home.refresh(t, u),
      },
      instant,
    );
    await home.idle(5000);
    return outcomes;
  }
}

/** Every second, a pass for each minute the clock crossed; stop() ends it. */
export function startTicking(clock: PlaygroundClock, passes: PassRunner, logger: JsonLogger): { stop(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const minutes = clock.takeMinutes();
    if (minutes.length === 0) return;
    busy = true;
    void (async () => {
      for (const minute of minutes) await passes.at(minute);
    })()
      .catch((error: unknown) => logger.warn('playground pass failed', { error: String(error) }))
      .finally(() => {
        busy = false;
      });
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Where the "2-hour reminder" jump goes: two hours and a few minutes after the check-in sent to the
 * person on their local day at `now`, while that is still ahead; null when none was sent that day
 * (the caller first jumps to the next check-in, then here).
 */
export function reminderInstant(
  storage: Storage,
  teamId: string,
  userId: string,
  now: number,
  zone: string,
): number | null {
  const rep = getRep(storage.db, teamId, userId);
  const tz = rep?.timezoneOverride ?? rep?.slackTimezone ?? zone;
  const send = getSend(storage.db, sendKey(teamId, userId, 'checkin', localDateTime(now, tz).date));
  if (send?.status !== 'sent' || send.sentAt === null) return null;
  const at = minuteOf(send.sentAt) * MINUTE + REMINDER_AFTER;
  return at > now ? at : null;
}
