/**
 * The pass's writes in batches (scheduler/claims-ahead.ts, scheduler/send-writes.ts): claims taken a batch ahead of
 * the workers, posts begun and sends sent recorded several to a transaction, and what a crash between the posts and
 * the transaction that marks them leaves: sends `posting`, which the next pass looks for and finds, posting nothing
 * twice.
 */
import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, type SendWrite, sendKey } from '../../src/db/sends.js';
import { singleWorkspaceClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { CLAIM_AHEAD } from '../../src/scheduler/claims-ahead.js';
import { schedulerClient } from '../../src/scheduler/client.js';
import { runPass } from '../../src/scheduler/pass.js';
import type { Store } from '../../src/storage/types.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { TEAM } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { seedRepsWithQuotas } from '../support/seed.js';
import { SlackStub } from '../support/slack-stub.js';

const REPS = 40;
/** Tuesday 2026-12-01 08:45 Pacific: every rep's check-in is due. */
const CHECKIN_DUE = Date.parse('2026-12-01T08:45:00-08:00');
const MINUTE = 60_000;
const key = (rep: number) => sendKey(TEAM, `UREP${rep}`, 'checkin', '2026-12-01');

/** Slack answering at once, in process: every DM opened, every post accepted; the channels posted to, in order. */
function slackAnsweringAtOnce(): { client: WebClient; posted: string[] } {
  const posted: string[] = [];
  const client = {
    conversations: { open: async ({ users }: { users: string }) => ({ ok: true, channel: { id: `D${users}` } }) },
    chat: {
      postMessage: async ({ channel }: { channel: string }) => {
        posted.push(channel);
        return { ok: true, ts: `1764607500.${String(posted.length).padStart(6, '0')}` };
      },
    },
  } as unknown as WebClient;
  return { client, posted };
}

/** The store with every repository call logged in order, and the send writes' batches kept. */
function logged(store: Store) {
  const calls: string[] = [];
  const claimBatches: number[] = [];
  const writeBatches: SendWrite['op'][][] = [];
  const wrapped = Object.create(store) as Store;
  for (const [name, repository] of Object.entries(store)) {
    if (typeof repository !== 'object' || repository === null) continue;
    const functions: Record<string, unknown> = {};
    for (const [fn, call] of Object.entries(repository as Record<string, (...args: unknown[]) => unknown>)) {
      functions[fn] = (...args: unknown[]) => {
        calls.push(`${name}.${fn}`);
        if (fn === 'claimSends') claimBatches.push((args[0] as unknown[]).length);
        if (fn === 'writeSends') writeBatches.push((args[0] as SendWrite[]).map((write) => write.op));
        return call(...args);
      };
    }
    Object.defineProperty(wrapped, name, { value: functions });
  }
  return { store: wrapped, calls, claimBatches, writeBatches };
}

/**
 * The store of a process that is killed at its first transaction that would mark a send sent: that transaction and
 * everything after it never reach the database (`killed` is called as it dies).
 */
function killedAtFirstMark(store: Store, killed: () => void): Store {
  let dead = false;
  const wrapped = Object.create(store) as Store;
  for (const [name, repository] of Object.entries(store)) {
    if (typeof repository !== 'object' || repository === null) continue;
    const functions: Record<string, unknown> = {};
    for (const [fn, call] of Object.entries(repository as Record<string, (...args: unknown[]) => unknown>)) {
      functions[fn] = (...args: unknown[]) => {
        if (!dead && fn === 'writeSends' && (args[0] as SendWrite[]).some((write) => write.op === 'sent')) {
          dead = true;
          killed();
        }
        return dead ? Promise.reject(new Error('the process was killed')) : call(...args);
      };
    }
    Object.defineProperty(wrapped, name, { value: functions });
  }
  return wrapped;
}

describe('the pass’s writes in batches', () => {
  let temp: TempStorage;

  beforeEach(() => {
    temp = tempStorage();
    seedRepsWithQuotas(temp.db, { count: REPS, quarterOf: '2026-12-01' });
  });
  afterEach(() => temp.remove());

  it('claims a batch of sends ahead of the workers, and records posts begun and sent several to a transaction', async () => {
    const { store, calls, claimBatches, writeBatches } = logged(temp.store);
    // Slack answering at once, in process: the workers reach their writes together, as they do under load.
    const { client, posted } = slackAnsweringAtOnce();
    const outcomes = await runPass(
      {
        store,
        clients: singleWorkspaceClients(client),
        defaultTimezone: 'America/New_York',
        logger: new JsonLogger('error', { sink: () => {} }),
        concurrency: 4,
        postsPerSecondPerTeam: 0,
        conversationIntervalMs: 0,
      },
      CHECKIN_DUE,
    );
    expect(outcomes).toHaveLength(REPS);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ kind: 'checkin', status: 'sent' });
    expect(new Set(posted).size).toBe(REPS);

    // Claims: a batch at a time, never one transaction per send.
    expect(calls.filter((call) => call === 'sends.claimSend')).toEqual([]);
    expect(claimBatches.reduce((sum, n) => sum + n, 0)).toBe(REPS);
    // Each of the four workers may start a batch of its own as the pass begins; after that, one per CLAIM_AHEAD.
    expect(claimBatches.length).toBeLessThanOrEqual(Math.ceil(REPS / CLAIM_AHEAD) + 3);
    for (const size of claimBatches) expect(size).toBeLessThanOrEqual(CLAIM_AHEAD);

    // Posts begun and sends sent: one of each per send, several to a transaction, none written alone.
    expect(calls.filter((call) => call === 'sends.beginPost' || call === 'sends.markSent')).toEqual([]);
    const ops = writeBatches.flat();
    expect(ops.filter((op) => op === 'begin')).toHaveLength(REPS);
    expect(ops.filter((op) => op === 'sent')).toHaveLength(REPS);
    expect(writeBatches.length).toBeLessThan(REPS);
    expect(writeBatches.some((batch) => batch.includes('begin') && batch.includes('sent'))).toBe(true);

    // Every mark is written before the workspace's pass lease goes back, and the pass ends with all of them sent.
    expect(calls.lastIndexOf('sends.writeSends')).toBeLessThan(calls.indexOf('passLeases.releasePassLease'));
    expect(temp.sqlite.prepare('select status, count(*) as n from scheduled_sends group by status').all()).toEqual([
      { status: 'sent', n: REPS },
    ]);
  });

  it('gives back the claims it took ahead and did not send: an uninstalled workspace’s are claimable at once', async () => {
    const stub = await new SlackStub().start();
    try {
      const client = schedulerClient('xoxb-test', {
        apiUrl: stub.apiUrl,
        logger: new JsonLogger('error', { sink: () => {} }),
      });
      // The workspace is uninstalled after its first send, with the rest of that send's batch claimed.
      let asked = 0;
      const uninstalling = passAgainst(stub, temp.store, {
        concurrency: 1,
        clients: {
          clientFor: async () => {
            asked++;
            if (asked > 1) throw new Error('not installed');
            return client;
          },
        },
      });
      const outcomes = await uninstalling(CHECKIN_DUE);
      expect(outcomes).toHaveLength(1);
      const statuses = temp.sqlite
        .prepare('select status, last_error as lastError, count(*) as n from scheduled_sends group by 1, 2 order by 1')
        .all();
      expect(statuses).toEqual([
        { status: 'failed', lastError: 'released unsent when its process stopped', n: CLAIM_AHEAD - 1 },
        { status: 'sent', lastError: null, n: 1 },
      ]);
      // Nothing waits out a lease: the next pass, a minute later, sends every other check-in.
      expect(await passAgainst(stub, temp.store)(CHECKIN_DUE + MINUTE)).toHaveLength(REPS - 1);
      for (let rep = 1; rep <= REPS; rep++) expect(stub.messagesWithKey(`DUREP${rep}`, key(rep))).toHaveLength(1);
    } finally {
      await stub.stop();
    }
  });

  it('keeps renewing a claim until its sent mark is written, after its job has ended', async () => {
    // The first transaction carrying sent marks is held at a gate; meanwhile the pass's clock runs 100 times fast,
    // so a lease lapses in 1.2 s of real time and the renewal runs every 0.1 s.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const held = new Set<number>();
    const renewedWhileHeld = new Set<number>();
    const sends = temp.store.sends;
    const store = Object.create(temp.store) as Store;
    Object.defineProperty(store, 'sends', {
      value: {
        ...sends,
        writeSends: async (writes: SendWrite[]) => {
          const marks = writes.filter((write) => write.op === 'sent');
          if (marks.length > 0 && held.size === 0) {
            for (const write of marks) held.add(write.claim.id);
            await gate;
          }
          return sends.writeSends(writes);
        },
        renewLeases: (claims: Parameters<Store['sends']['renewLeases']>[0], now: number) => {
          for (const claim of claims) if (held.has(claim.id)) renewedWhileHeld.add(claim.id);
          return sends.renewLeases(claims, now);
        },
      },
    });
    const { client, posted } = slackAnsweringAtOnce();
    const passing = runPass(
      {
        store,
        clients: singleWorkspaceClients(client),
        defaultTimezone: 'America/New_York',
        logger: new JsonLogger('error', { sink: () => {} }),
        concurrency: 4,
        postsPerSecondPerTeam: 0,
        conversationIntervalMs: 0,
        timeScale: 100,
      },
      CHECKIN_DUE,
    );
    // Until every held mark's claim has been renewed while it waited (polled; the limit is generous).
    for (let waited = 0; held.size === 0 || [...held].some((id) => !renewedWhileHeld.has(id)); waited += 20) {
      if (waited > 60_000) throw new Error(`renewed ${renewedWhileHeld.size} of the ${held.size} held claims`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    open();
    const outcomes = await passing;
    expect(outcomes).toHaveLength(REPS);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ kind: 'checkin', status: 'sent' });
    expect(posted).toHaveLength(REPS);
    const sent = temp.sqlite.prepare("select count(*) as n from scheduled_sends where status = 'sent'").get() as {
      n: number;
    };
    expect(sent.n).toBe(REPS);
  }, 90_000);

  describe('against the stand-in', () => {
    let stub: SlackStub;
    beforeEach(async () => {
      stub = await new SlackStub().start();
    });
    afterEach(async () => {
      await stub.stop();
    });

    it('leaves posts whose marks a crash lost `posting`; the next pass finds them and posts nothing twice', async () => {
      const stopped = new AbortController();
      const dying = killedAtFirstMark(temp.store, () => stopped.abort());
      // The killed pass: its posts went out, and the transaction that would have marked them sent never ran.
      await passAgainst(stub, dying, { concurrency: 4, signal: stopped.signal })(CHECKIN_DUE).catch(() => []);
      const out = stub.allMessages().length;
      expect(out).toBeGreaterThan(0);
      expect(out).toBeLessThan(REPS);
      const rows = (status: string) =>
        (temp.sqlite.prepare('select count(*) as n from scheduled_sends where status = ?').get(status) as { n: number })
          .n;
      expect(rows('sent')).toBe(0);
      expect(rows('posting')).toBe(out);

      // After the claims' lease, the next pass looks for each of those in its DM and finds it; the rest it posts.
      const outcomes = await passAgainst(stub, temp.store, { concurrency: 4 })(CHECKIN_DUE + CLAIM_LEASE_MS + MINUTE);
      expect(outcomes).toHaveLength(REPS);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ kind: 'checkin', status: 'sent' });
      expect(outcomes.filter((outcome) => outcome.settled === 'found in the conversation')).toHaveLength(out);
      for (let rep = 1; rep <= REPS; rep++) expect(stub.messagesWithKey(`DUREP${rep}`, key(rep))).toHaveLength(1);
      expect(stub.allMessages()).toHaveLength(REPS);
      expect(rows('sent')).toBe(REPS);
    });
  });
});
