/**
 * The scheduler against a slow Slack (BENCHMARKS.md, "A slow Slack"): a stand-in Web API on loopback that
 * stores every post at once and answers it late. Two runs, with the server's own client settings (10 s
 * timeout, no retries of its own) and pacing (5 posts a second per workspace, 4 in flight):
 * 1. 100 reps, every answer after SLOW_MS (default 2 s); 10 s in, a second pass on another connection at the
 *    same instant, as a `cli tick` would. Figures: wall time, who sent what, copies per rep, the longest the
 *    event loop stalled.
 * 2. 8 reps whose posts are stored but answered only after 10.5 s (past the timeout): the pass records them
 *    uncertain; the next finds them in the DMs. Figure: copies per rep.
 * Prints JSON lines. Run with `npm run bench:slow-slack`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SERVER_BUSY_TIMEOUT_MS } from '../src/db/busy.js';
import { openStorage } from '../src/db/connection.js';
import { seedTeam } from '../src/db/seed.js';
import { singleWorkspaceClients } from '../src/install/oauth.js';
import { JsonLogger } from '../src/logger.js';
import { closeLocal, listenLocal } from '../src/playground/local-http.js';
import { parseParams, readBody } from '../src/playground/workspace.js';
import { schedulerClient } from '../src/scheduler/client.js';
import { runPass, type SendOutcome } from '../src/scheduler/pass.js';
import { sqliteStore } from '../src/storage/sqlite.js';

const SLOW_MS = Number(process.env.SLOW_MS ?? 2000);
/** Tuesday 2026-12-01 08:45 in New York: every rep's check-in is due. */
const DUE = Date.parse('2026-12-01T13:45:00Z');

interface Stored {
  ts: string;
  key: string;
}

/** A stand-in that stores a post at once and answers after `delayFor(channel)` ms. */
async function slowSlack(delayFor: (channel: string) => number) {
  const messages = new Map<string, Stored[]>();
  let seq = 0;
  const { server, port } = await listenLocal(async (req) => {
    const params = parseParams(await readBody(req), req.headers['content-type']);
    const method = (req.url ?? '').replace(/^\/api\//, '');
    const channel = String(params.channel ?? '');
    switch (method) {
      case 'conversations.open':
        return { body: { ok: true, channel: { id: `D${String(params.users)}` } } };
      case 'conversations.history':
        return {
          body: {
            ok: true,
            has_more: false,
            messages: [...(messages.get(channel) ?? [])]
              .reverse()
              .map((m) => ({ ts: m.ts, metadata: { event_type: 'focus_coach_send', event_payload: { key: m.key } } })),
          },
        };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
        const key = String((params.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key);
        messages.set(channel, [...(messages.get(channel) ?? []), { ts, key }]);
        await new Promise((resolve) => setTimeout(resolve, delayFor(channel)));
        return { body: { ok: true, channel, ts } };
      }
      default:
        return { body: { ok: true } };
    }
  });
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    copies: () => [...messages.values()].map((list) => list.length),
    stop: () => closeLocal(server),
  };
}

function setup(reps: number) {
  const dir = mkdtempSync(join(tmpdir(), 'focus-bench-slow-'));
  const path = join(dir, 'slow.db');
  const storage = openStorage(path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  seedTeam(storage.sqlite, { teamId: 'TSLOW', reps, days: 14, now: DUE, timezones: ['America/New_York'], seed: 3 });
  return { path, store: sqliteStore(storage), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const logger = new JsonLogger('error', { sink: () => {} });
const sentBy = (outcomes: SendOutcome[]) => outcomes.filter((o) => o.status === 'sent').length;

async function slowPassAndSecondTick(): Promise<void> {
  const reps = 100;
  const slack = await slowSlack(() => SLOW_MS);
  const db = setup(reps);
  // A second connection with its own store, as a `cli tick` process would have.
  const other = sqliteStore(openStorage(db.path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS }));
  const clients = singleWorkspaceClients(schedulerClient('xoxb-bench', { apiUrl: slack.apiUrl, logger }));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();
  const first = runPass({ store: db.store, clients, defaultTimezone: 'America/New_York', logger }, DUE);
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const second = await runPass(
    { store: other, clients, defaultTimezone: 'America/New_York', logger },
    DUE + (Date.now() - started),
  );
  const firstOutcomes = await first;
  const wallMs = Date.now() - started;
  loop.disable();
  const copies = slack.copies();
  process.stdout.write(
    `${JSON.stringify({
      run: 'slow Slack, a second pass 10 s in',
      reps,
      answerMs: SLOW_MS,
      wallMs,
      sentByFirst: sentBy(firstOutcomes),
      sentBySecond: sentBy(second),
      repsWithOneCopy: copies.filter((n) => n === 1).length,
      duplicates: copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      longestEventLoopStallMs: Math.round(loop.max / 1e6),
    })}\n`,
  );
  await other.close();
  await db.store.close();
  db.remove();
  await slack.stop();
}

async function answersPastTheTimeout(): Promise<void> {
  const reps = 8;
  const slack = await slowSlack(() => 10_500);
  const db = setup(reps);
  const clients = singleWorkspaceClients(schedulerClient('xoxb-bench', { apiUrl: slack.apiUrl, logger }));
  const deps = { store: db.store, clients, defaultTimezone: 'America/New_York', logger, concurrency: reps };
  const started = Date.now();
  const first = await runPass(deps, DUE);
  const second = await runPass(deps, DUE + 60_000);
  const copies = slack.copies();
  process.stdout.write(
    `${JSON.stringify({
      run: 'answers after 10.5 s (past the 10 s timeout)',
      reps,
      firstPass: first.map((o) => o.status).join(','),
      secondPass: second.map((o) => o.settled ?? o.status).join(','),
      wallMs: Date.now() - started,
      duplicates: copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    })}\n`,
  );
  await db.store.close();
  db.remove();
  await slack.stop();
}

await slowPassAndSecondTick();
await answersPastTheTimeout();
