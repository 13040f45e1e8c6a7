/**
 * `kill -9` of real processes: a `cli tick` in the middle of its pass, and the server in
 * the middle of a stream of writes. Nothing sent twice, nothing due left unsent inside its
 * window, no acknowledged write lost, and a database that passes `PRAGMA integrity_check`.
 */
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/db/connection.js';
import { CLAIM_LEASE_MS, sendKey } from '../../src/db/sends.js';
import { CLAIM_AHEAD } from '../../src/scheduler/claims-ahead.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { startTestApp, TEAM } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { exited, killIfRunning, postFocus, processFixture, runCli } from '../support/process.js';
import { seedRepsWithQuotas } from '../support/seed.js';
import { SlackStub, type StubResponse } from '../support/slack-stub.js';

const REPS = 200;
/** Tuesday 2026-12-01 08:45 Pacific: every rep's check-in is due (its window runs to 11:30). */
const CHECKIN_DUE = '2026-12-01T08:45:00-08:00';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('kill -9 of a cli tick with sends in flight', () => {
  let stub: SlackStub;
  let store: TempStorage;
  const children: ChildProcess[] = [];
  /** Slack stores every post at once; after the first ANSWERED it stops answering: delivered, never acknowledged. */
  const ANSWERED = 20;
  let answered = 0;
  let holding = true;
  const held: (() => void)[] = [];
  const key = (rep: number) => sendKey(TEAM, `UREP${rep}`, 'checkin', '2026-12-01');

  beforeAll(async () => {
    stub = await new SlackStub().start();
    stub.on('chat.postMessage', (params): StubResponse | Promise<StubResponse> => {
      const delivered = stub.deliver(params);
      if (!holding || answered < ANSWERED) {
        answered++;
        return delivered;
      }
      return new Promise((resolve) => held.push(() => resolve({ status: 503, body: 'gone' })));
    });
    store = tempStorage();
    seedRepsWithQuotas(store.db, { count: REPS, quarterOf: '2026-12-01' });
    store.close();
  });
  afterAll(async () => {
    for (const child of children) killIfRunning(child);
    for (const answer of held.splice(0)) answer();
    await stub.stop();
    store.remove();
  });

  const tick = (now: string) => {
    const child = runCli(['tick', '--now', now], { stub, databasePath: store.path, logLevel: 'error' });
    children.push(child);
    return child;
  };

  it('leaves every check-in posted exactly once: in flight ones are found, not posted again', async () => {
    const reader = new Database(store.path, { readonly: true });
    const statuses = () =>
      reader.prepare('select status, count(*) as n from scheduled_sends group by status order by status').all();
    try {
      const first = tick(CHECKIN_DUE);
      // Twenty posted and marked sent, and the pass's four workers each waiting on a post Slack stored but never
      // answered: then the process dies.
      await until(() => held.length === 4, 'four posts in flight', 60_000);
      await until(
        () =>
          (reader.prepare("select count(*) as n from scheduled_sends where status = 'sent'").get() as { n: number })
            .n === ANSWERED,
        'twenty sends marked sent',
      );
      first.kill('SIGKILL');
      await exited(first);
      expect(first.signalCode).toBe('SIGKILL');
      expect(integrity(store.path)).toBe('ok');
      // Only what the pass had claimed has a row: the posts, and the claims it had taken a batch ahead of its
      // workers (scheduler/claims-ahead.ts), still pending and never begun.
      const pending = (
        reader
          .prepare("select count(*) as n from scheduled_sends where status = 'pending' and first_attempt_at is null")
          .get() as { n: number }
      ).n;
      expect(pending).toBeLessThanOrEqual(CLAIM_AHEAD);
      expect(statuses()).toEqual([
        ...(pending > 0 ? [{ status: 'pending', n: pending }] : []),
        { status: 'posting', n: 4 },
        { status: 'sent', n: ANSWERED },
      ]);

      holding = false;
      // A pass a minute later (in-process: the claims live in the file) sends those never claimed, and leaves
      // the dead process's live claims alone.
      const storage = sqliteStore(openStorage(store.path));
      try {
        const outcomes = await passAgainst(stub, storage)(Date.parse(CHECKIN_DUE) + 60_000);
        expect(outcomes).toHaveLength(REPS - ANSWERED - 4 - pending);
        for (const outcome of outcomes) expect(outcome).toMatchObject({ kind: 'checkin', status: 'sent' });
      } finally {
        await storage.close();
      }

      // After their lease, a pass looks for the four in their DMs, finds them, and posts nothing; the claims the
      // dead pass took ahead and never began are posted, once.
      const later = tick(new Date(Date.parse(CHECKIN_DUE) + CLAIM_LEASE_MS + 60_000).toISOString());
      expect(await exited(later)).toBe(0);
      const lines = later
        .output()
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength(4 + pending);
      expect(lines.filter((line) => line.settled === 'found in the conversation')).toHaveLength(4);
      for (const line of lines) expect(line).toMatchObject({ kind: 'checkin', status: 'sent' });

      for (let rep = 1; rep <= REPS; rep++) expect(stub.messagesWithKey(`DUREP${rep}`, key(rep))).toHaveLength(1);
      expect(stub.allMessages()).toHaveLength(REPS);
      expect(statuses()).toEqual([{ status: 'sent', n: REPS }]);
      expect(integrity(store.path)).toBe('ok');
    } finally {
      reader.close();
    }
  }, 120_000);
});

describe('kill -9 of the server under a stream of writes', () => {
  const fixture = processFixture();

  it('keeps every write it acknowledged, and restarts on the same file', async () => {
    const { stub, temp } = fixture;
    const { server, url } = await fixture.startServer({ logLevel: 'error' });
    const focus = (text: string) => postFocus(url, stub, text);
    expect((await focus('quota 120k quarter')).status).toBe(200);

    // `log call <i> Acme` for i = 1…200, eight at a time; the server dies after the 40th acknowledgment.
    const acknowledged: number[] = [];
    const unanswered: number[] = [];
    let next = 1;
    const worker = async () => {
      while (next <= 200) {
        const i = next++;
        try {
          const res = await focus(`log call ${i} Acme`);
          expect(res.status).toBe(200);
          expect(res.json().text).toContain(`Logged ${i} call`);
          acknowledged.push(i);
          if (acknowledged.length === 40) server.kill('SIGKILL');
        } catch (error) {
          if (!(error instanceof TypeError)) throw error; // fetch failed: the server is gone
          unanswered.push(i);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await exited(server);
    expect(server.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(unanswered.length).toBeGreaterThan(0);

    expect(integrity(temp.path)).toBe('ok');
    const db = new Database(temp.path, { readonly: true });
    const counts = (
      db.prepare("select count from activities where kind = 'call' order by count").all() as { count: number }[]
    ).map((row) => row.count);
    db.close();
    // Every acknowledged write is there, once; the rest were either committed whole or not at all.
    for (const i of acknowledged) expect(counts.filter((c) => c === i)).toHaveLength(1);
    expect(new Set(counts).size).toBe(counts.length);
    for (const i of counts) expect([...acknowledged, ...unanswered]).toContain(i);

    // The app restarted on the same file (in-process: the process restart is in tests/e2e/process.test.ts).
    const restarted = await startTestApp({ databasePath: temp.path, stub });
    try {
      const again = await restarted.command('log email 1 Acme');
      expect(again.status).toBe(200);
      expect(again.json().text).toContain('Logged 1 email with Acme');
      expect((await restarted.command('')).json().text).toContain('$120,000');
    } finally {
      await restarted.stop();
    }
    expect(integrity(temp.path)).toBe('ok');
  });
});
