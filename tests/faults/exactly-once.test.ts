/**
 * Exactly once, for real (issue 10): scheduled messages under a slow or failing Slack, a pass stopped in the
 * middle, two passes at once, a rate limit and a locked database. Every message carries its send key in its
 * metadata; the stand-in keeps what was posted, so "one copy" is counted from what Slack would show.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVER_BUSY_TIMEOUT_MS } from '../../src/db/busy.js';
import { openStorage, type Storage } from '../../src/db/connection.js';
import { CLAIM_LEASE_MS, getSend, sendKey } from '../../src/db/sends.js';
import { type SqliteStore, sqliteStore } from '../../src/storage/sqlite.js';
import { tempDatabaseFile } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { seedRepsWithQuotas } from '../support/seed.js';
import { SlackStub, type StubResponse } from '../support/slack-stub.js';

/** Tuesday 2026-12-01 08:45 Pacific: every seeded rep's check-in is due. */
const DUE = Date.parse('2026-12-01T16:45:00Z');
const MINUTE = 60_000;
const key = (rep: number) => sendKey(TEAM, `UREP${rep}`, 'checkin', '2026-12-01');

describe('a scheduled message is posted exactly once', () => {
  let stub: SlackStub;
  let temp: ReturnType<typeof tempDatabaseFile>;
  let storage: Storage;
  /** The app's store over `storage`, for the passes. */
  let store: SqliteStore;

  const copies = (rep: number) => stub.messagesWithKey(`DUREP${rep}`, key(rep)).length;

  beforeEach(async () => {
    stub = await new SlackStub().start();
    temp = tempDatabaseFile();
    // As the server opens it: a short busy timeout, retried without blocking.
    storage = openStorage(temp.path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
    store = sqliteStore(storage);
  });
  afterEach(async () => {
    storage.close();
    await stub.stop();
    temp.remove();
  });

  it('when Slack stores it but answers after 10.5 s: one copy across three passes, found instead of re-posted', async () => {
    seedRepsWithQuotas(storage.db, { count: 1, quarterOf: '2026-12-01' });
    stub.deliverWith('chat.postMessage', { kind: 'late', ms: 10_500 });
    // The server's own client settings: a 10 s timeout, no retries of its own.
    const pass = passAgainst(stub, store, { timeoutMs: 10_000 });
    expect(await pass(DUE)).toMatchObject([{ recipient: 'UREP1', status: 'uncertain' }]);
    expect(await pass(DUE + MINUTE)).toEqual([
      {
        kind: 'checkin',
        team: TEAM,
        recipient: 'UREP1',
        period: '2026-12-01',
        status: 'sent',
        settled: 'found in the conversation',
      },
    ]);
    expect(await pass(DUE + 2 * MINUTE)).toEqual([]);
    expect(copies(1)).toBe(1);
    expect(stub.callsTo('chat.postMessage')).toHaveLength(1);
    expect(getSend(storage.db, key(1))).toMatchObject({ status: 'sent', attempts: 2 });
  }, 30_000);

  it('when Slack stores it and the connection drops before the answer: one copy', async () => {
    seedRepsWithQuotas(storage.db, { count: 3, quarterOf: '2026-12-01' });
    stub.deliverWith('chat.postMessage', { kind: 'drop' }, 3);
    const pass = passAgainst(stub, store);
    expect((await pass(DUE)).map((o) => o.status)).toEqual(['uncertain', 'uncertain', 'uncertain']);
    expect((await pass(DUE + MINUTE)).map((o) => o.settled)).toEqual(Array(3).fill('found in the conversation'));
    for (const rep of [1, 2, 3]) expect(copies(rep)).toBe(1);
  });

  it('when the first answer was lost and Slack had not stored it: posted once on the next pass', async () => {
    seedRepsWithQuotas(storage.db, { count: 1, quarterOf: '2026-12-01' });
    let calls = 0;
    stub.on('chat.postMessage', (params) => (++calls === 1 ? { drop: true } : stub.deliver(params)));
    const pass = passAgainst(stub, store);
    expect((await pass(DUE)).map((o) => o.status)).toEqual(['uncertain']);
    expect(await pass(DUE + MINUTE)).toMatchObject([{ status: 'sent' }]);
    expect((await pass(DUE + MINUTE)).at(0)?.settled).toBeUndefined();
    expect(copies(1)).toBe(1);
  });

  it('never posts when the conversation cannot be searched: it waits for a pass that can look', async () => {
    seedRepsWithQuotas(storage.db, { count: 1, quarterOf: '2026-12-01' });
    stub.deliverWith('chat.postMessage', { kind: 'drop' });
    let historyDown = true;
    stub.on('conversations.history', (params) =>
      historyDown ? { body: { ok: false, error: 'internal_error' } } : { body: stubHistory(stub, params) },
    );
    const pass = passAgainst(stub, store);
    await pass(DUE);
    expect((await pass(DUE + MINUTE)).map((o) => o.status)).toEqual(['uncertain']);
    expect(stub.callsTo('chat.postMessage')).toHaveLength(1);
    historyDown = false;
    expect((await pass(DUE + 2 * MINUTE)).map((o) => o.settled)).toEqual(['found in the conversation']);
    expect(copies(1)).toBe(1);
  });

  it('a pass stopped half-way gives back what it had not posted, finishes what was in flight, and the next sends the rest once', async () => {
    seedRepsWithQuotas(storage.db, { count: 30, quarterOf: '2026-12-01' });
    const held: (() => void)[] = [];
    let holding = true;
    stub.on('chat.postMessage', (params): StubResponse | Promise<StubResponse> => {
      const delivered = stub.deliver(params);
      if (!holding || stub.allMessages().length <= 10) return delivered;
      return new Promise((resolve) => held.push(() => resolve(delivered)));
    });
    const stopping = new AbortController();
    const running = passAgainst(stub, store, { signal: stopping.signal, concurrency: 4 })(DUE);
    await stub.waitFor(() => held.length === 4);
    stopping.abort();
    holding = false;
    // The four in flight get their answers; nothing new is claimed or posted.
    for (const answer of held.splice(0)) answer();
    const first = await running;
    expect(first.filter((o) => o.status === 'sent')).toHaveLength(14);
    expect(stub.allMessages()).toHaveLength(14);
    // Nothing is left claimed: the rest have no claim at all, and the next pass sends them, once each.
    const second = await passAgainst(stub, store)(DUE + MINUTE);
    expect(second).toHaveLength(16);
    for (let rep = 1; rep <= 30; rep++) expect(copies(rep)).toBe(1);
  });

  it('a pass longer than the lease keeps its claims, and a second process’s pass meanwhile sends each message once', async () => {
    // More reps than the slow pass claims ahead of its workers (scheduler/claims-ahead.ts), so some are left unclaimed
    // for the second pass to send.
    seedRepsWithQuotas(storage.db, { count: 40, quarterOf: '2026-12-01' });
    // Slack stores each post after 300 ms and answers then: a slow pass.
    stub.on(
      'chat.postMessage',
      (params) => new Promise((resolve) => setTimeout(() => resolve(stub.deliver(params)), 300)),
    );
    const other = sqliteStore(openStorage(temp.path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS }));
    try {
      // Both passes' clocks run 120× (a real second is two minutes), as two processes share one time: the slow
      // pass's rounds of two 300 ms posts take minutes of its time, far past the 2-minute lease,
      // renewed all along.
      const started = Date.now();
      const slow = passAgainst(stub, store, { concurrency: 2, timeScale: 120 })(DUE);
      await stub.waitFor(() => stub.allMessages().length >= 10);
      // Meanwhile a second process's pass, at the same instant: some minutes into the slow one.
      const inSlowPass = DUE + (Date.now() - started) * 120;
      expect(inSlowPass - DUE).toBeGreaterThan(CLAIM_LEASE_MS);
      const late = await passAgainst(stub, other, { concurrency: 4, timeScale: 120 })(inSlowPass);
      const early = await slow;
      const sent = [...early, ...late].filter((o) => o.status === 'sent');
      expect(sent).toHaveLength(40);
      expect(late.filter((o) => o.status === 'sent').length).toBeGreaterThan(0);
      for (let rep = 1; rep <= 40; rep++) expect(copies(rep)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('a 429 with Retry-After 20 s on one DM holds back that DM only', async () => {
    seedRepsWithQuotas(storage.db, { count: 20, quarterOf: '2026-12-01' });
    let limited = false;
    stub.on('chat.postMessage', (params) => {
      if (params.channel === 'DUREP1' && !limited) {
        limited = true;
        return { status: 429, headers: { 'retry-after': '20' }, body: { ok: false, error: 'ratelimited' } };
      }
      return stub.deliver(params);
    });
    const started = Date.now();
    const outcomes = await passAgainst(stub, store, { rateLimitRetries: 0 })(DUE);
    const elapsed = Date.now() - started;
    // Everyone else went out in this pass, without waiting the 20 s
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(19);
    expect(elapsed).toBeLessThan(15_000);
    expect(outcomes.find((o) => o.recipient === 'UREP1')).toMatchObject({ status: 'failed' });
    // UREP1's waits its 20 s: a pass 10 s on does not take it, one a minute on does, once
    expect(getSend(storage.db, key(1))?.notBefore).toBeGreaterThanOrEqual(DUE + 20_000);
    expect(await passAgainst(stub, store)(DUE + 10_000)).toEqual([]);
    expect(await passAgainst(stub, store)(DUE + MINUTE)).toMatchObject([{ recipient: 'UREP1', status: 'sent' }]);
    expect(copies(1)).toBe(1);
  });

  it('a post made while another process holds the write lock is recorded once the lock is free, never sent again', async () => {
    seedRepsWithQuotas(storage.db, { count: 1, quarterOf: '2026-12-01' });
    const locker = new Database(temp.path);
    locker.pragma('busy_timeout = 0');
    stub.on('chat.postMessage', (params) => {
      // As `cli seed` would: the lock is taken the moment Slack has the message, and held 1.5 s.
      locker.exec('BEGIN IMMEDIATE');
      setTimeout(() => locker.exec('COMMIT'), 1500);
      return stub.deliver(params);
    });
    let ticks = 0;
    let longestGap = 0;
    let last = Date.now();
    const beat = setInterval(() => {
      const now = Date.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 20);
    try {
      expect(await passAgainst(stub, store)(DUE)).toMatchObject([{ status: 'sent' }]);
    } finally {
      clearInterval(beat);
      locker.close();
    }
    expect(getSend(storage.db, key(1))?.status).toBe('sent');
    // The wait for the lock yielded to the event loop: other work kept running (a 5 s synchronous busy wait would not)
    expect(ticks).toBeGreaterThan(10);
    expect(longestGap).toBeLessThan(1000);
    expect(await passAgainst(stub, store)(DUE + CLAIM_LEASE_MS + MINUTE)).toEqual([]);
    expect(copies(1)).toBe(1);
  });
});

/** The stand-in's own answer to conversations.history (for a test that overrides it for a while). */
function stubHistory(stub: SlackStub, params: Record<string, unknown>): unknown {
  const messages = (stub.messages.get(String(params.channel)) ?? []).filter((m) => !m.thread_ts).reverse();
  return { ok: true, messages, has_more: false };
}

describe('a reply in the DM is posted exactly once', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempDatabaseFile>;
  let sequence = 0;

  async function dm(text: string): Promise<void> {
    const res = await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text,
      ts: `1764607500.00${++sequence}`,
      channel_type: 'im',
    });
    expect(res.status).toBe(200);
  }
  const replies = () => (app.stub.messages.get('DUREP1') ?? []).filter((m) => m.text.includes('Won'));

  beforeEach(async () => {
    temp = tempDatabaseFile();
    app = await startTestApp({ databasePath: temp.path, now: DUE });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    expect((await app.command('quota 120k quarter')).status).toBe(200);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('when Slack stores the reply but answers after 10.5 s: found in the DM, not posted again', async () => {
    app.stub.deliverWith('chat.postMessage', { kind: 'late', ms: 10_500 });
    await dm('won 12k Initech');
    await app.stub.waitFor(() => app.stub.callsTo('conversations.history').length === 1, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(replies()).toHaveLength(1);
    expect(app.stub.callsTo('chat.postMessage')).toHaveLength(1);
    expect(replies()[0]?.metadata?.event_payload.key).toMatch(/^T1:UREP1:dm-reply:Ev\d+$/);
  }, 30_000);

  it('when the connection drops after Slack stored it: one reply', async () => {
    app.stub.deliverWith('chat.postMessage', { kind: 'drop' });
    await dm('won 12k Initech');
    await app.stub.waitFor(() => app.stub.callsTo('conversations.history').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(replies()).toHaveLength(1);
  });

  it('when Slack refused it for sure (a 500 that says ok:false): sent again at once, one reply', async () => {
    let calls = 0;
    app.stub.on('chat.postMessage', (params) =>
      ++calls === 1 ? { status: 500, body: { ok: false, error: 'internal_error' } } : app.stub.deliver(params),
    );
    await dm('won 12k Initech');
    await app.stub.waitFor(() => replies().length === 1);
    expect(app.stub.callsTo('conversations.history')).toHaveLength(0);
    expect(app.stub.callsTo('chat.postMessage')).toHaveLength(2);
  });
});
