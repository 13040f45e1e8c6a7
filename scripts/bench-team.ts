/**
 * The team view at scale, for npm run bench: `/focus team` on a seeded team of 2,000 reps.
 *
 *  - In process (`tsx scripts/bench-team.ts <database> <seeded-at>`, run by bench.ts in a process of its own):
 *    what `/focus team` does (loadTeamProgress, then teamView), the first time on a fresh connection (the
 *    whole team read), after a logged call (that rep read again), after a deal is won (that rep read again,
 *    every rep's math again: the team's conversion moved), a minute later (every rep's math again, nothing
 *    read), and with nothing changed; with the longest the event loop was held.
 *  - Over HTTP (teamViewOverHttp, called by bench.ts with the app's build serving the same file): signed
 *    `/focus team` requests, the first, after a logged call each, after a win each, and with nothing changed,
 *    while /healthz is polled every 50 ms: how long each answer took, and the longest any health check waited.
 */
import { pathToFileURL } from 'node:url';
import { loadTeamProgress } from '../src/coach/team.js';
import { logActivity } from '../src/db/activities.js';
import { openStorage } from '../src/db/connection.js';
import { recordWin } from '../src/db/deals.js';
import { seedTeam } from '../src/db/seed.js';
import { localDate } from '../src/domain/calendar.js';
import { slackSignature } from '../src/playground/signing.js';
import { teamView } from '../src/slack/views/team.js';
import { sqliteStore } from '../src/storage/sqlite.js';

export const TEAM_VIEW = {
  teamId: 'TTEAM',
  reps: Number(process.env.BENCH_TEAM_REPS ?? 2000),
  days: Number(process.env.BENCH_TEAM_DAYS ?? 90),
};
const DEFAULT_TZ = 'America/New_York';
const POLL_MS = 50;
const REPEATS = 5;

/** Seeds the team into a new database file; the reps' user IDs. */
export function seedTeamView(path: string, now: number): { userIds: string[]; deals: number; activities: number } {
  const storage = openStorage(path);
  try {
    const seeded = seedTeam(storage.sqlite, { ...TEAM_VIEW, now, seed: 2000, userPrefix: 'UTEAM' });
    return { userIds: seeded.userIds, deals: seeded.deals, activities: seeded.activities };
  } finally {
    storage.close();
  }
}

/** A signed `/focus …` slash command request, as Slack sends it. */
export function signedFocus(secret: string, teamId: string, user: string, text: string) {
  const body = new URLSearchParams({
    command: '/focus',
    text,
    team_id: teamId,
    user_id: user,
    channel_id: 'C1',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(secret, timestamp, body),
    },
  };
}

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

export interface TeamViewOverHttp {
  firstMs: number;
  /** Each after a logged call (a write, so the cached figures no longer hold). */
  afterWriteMs: number[];
  /** Each after a win (a deal: the team's conversion moves, so every rep's math is done again). */
  afterWinMs: number[];
  cachedMs: number[];
  healthPolls: number;
  healthMaxMs: number;
  healthFailures: number;
}

export async function teamViewOverHttp(
  url: string,
  secret: string,
  userIds: readonly string[],
): Promise<TeamViewOverHttp> {
  const [manager = 'U0', rep = 'U0'] = userIds;
  const focus = async (user: string, text: string) => {
    const request = signedFocus(secret, TEAM_VIEW.teamId, user, text);
    const started = performance.now();
    const res = await fetch(`${url}/slack/events`, { method: 'POST', ...request });
    const reply = await res.text();
    if (res.status !== 200) throw new Error(`/focus ${text} answered ${res.status}`);
    return { ms: performance.now() - started, reply };
  };
  const team = async () => {
    const { ms, reply } = await focus(manager, 'team');
    if (!reply.includes('Team progress toward quota')) throw new Error(`/focus team answered ${reply.slice(0, 200)}`);
    return ms;
  };
  const health = { polls: 0, maxMs: 0, failures: 0, running: true };
  const poller = (async () => {
    while (health.running) {
      const started = performance.now();
      try {
        if (!(await fetch(`${url}/healthz`)).ok) health.failures++;
      } catch {
        health.failures++;
      }
      const waited = performance.now() - started;
      health.polls++;
      health.maxMs = Math.max(health.maxMs, waited);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - waited)));
    }
  })();
  try {
    const firstMs = await team();
    const afterWriteMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await focus(rep, 'log call 1 Acme Corp');
      afterWriteMs.push(await team());
    }
    const afterWinMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await focus(rep, `won ${i + 1}k Bench Win ${i}`);
      afterWinMs.push(await team());
    }
    const cachedMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) cachedMs.push(await team());
    return {
      firstMs,
      afterWriteMs,
      afterWinMs,
      cachedMs,
      healthPolls: health.polls,
      healthMaxMs: health.maxMs,
      healthFailures: health.failures,
    };
  } finally {
    health.running = false;
    await poller;
  }
}

/** Runs `work`; its time, and the longest the event loop went without running a 1 ms timer meanwhile. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; heldMs: number }> {
  let last = performance.now();
  let heldMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    heldMs = Math.max(heldMs, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(ticker);
  heldMs = Math.max(heldMs, performance.now() - last);
  return { ms, heldMs };
}

async function inProcess(path: string, seededAt: number): Promise<void> {
  const storage = openStorage(path);
  const store = sqliteStore(storage);
  // The writes between the timed reads go straight to the same connection (they are not what is measured).
  const { db } = storage;
  const input = { teamId: TEAM_VIEW.teamId, now: seededAt, defaultTimezone: DEFAULT_TZ };
  const view = () => loadTeamProgress(store, input).then(teamView);
  const rep = 'UTEAM0001';
  const today = localDate(seededAt, DEFAULT_TZ);
  const cold = await timed(view);
  const afterWrite = [];
  for (let i = 0; i < REPEATS; i++) {
    logActivity(db, {
      teamId: TEAM_VIEW.teamId,
      userId: rep,
      kind: 'call',
      count: 1,
      account: null,
      now: seededAt,
      today,
    });
    afterWrite.push(await timed(view));
  }
  recordWin(db, {
    teamId: TEAM_VIEW.teamId,
    userId: rep,
    account: 'Bench Win',
    amountCents: 100,
    now: seededAt,
    today,
  });
  const afterDeal = await timed(view);
  const cached = await timed(view);
  const nextMinutes = [];
  for (let i = 1; i <= REPEATS; i++) {
    const later = { ...input, now: seededAt + i * 60_000 };
    nextMinutes.push(await timed(() => loadTeamProgress(store, later).then(teamView)));
  }
  await store.close();
  process.stdout.write(
    `${JSON.stringify({
      coldMs: cold.ms,
      coldHeldMs: cold.heldMs,
      afterWriteMs: median(afterWrite.map((t) => t.ms)),
      afterWriteHeldMs: Math.max(...afterWrite.map((t) => t.heldMs)),
      afterDealMs: afterDeal.ms,
      afterDealHeldMs: afterDeal.heldMs,
      cachedMs: cached.ms,
      newMinuteMs: median(nextMinutes.map((t) => t.ms)),
      newMinuteHeldMs: Math.max(...nextMinutes.map((t) => t.heldMs)),
    })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await inProcess(process.argv[2] ?? '', Number(process.argv[3]));
}
