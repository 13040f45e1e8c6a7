/**
 * SIGTERM to the real server in the middle of a scheduler pass whose posts Slack stores but never answers:
 * it stops claiming at once, gives back what it had not posted, gives the posts in flight its grace period
 * (SHUTDOWN_GRACE_SECONDS) and exits. The next pass finds the posts that were in flight and sends the rest:
 * every message once.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/db/connection.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile, updateRepSettings } from '../../src/db/reps.js';
import { CLAIM_LEASE_MS, sendKey } from '../../src/db/sends.js';
import { localDate, localDateTime } from '../../src/domain/calendar.js';
import { periodContaining } from '../../src/domain/period.js';
import { type TempStorage, tempDatabaseFile } from '../support/db.js';
import { TEAM } from '../support/harness.js';
import {
  exited,
  freePort,
  killIfRunning,
  type RunningProcess,
  runCli,
  serverEnv,
  startServer,
} from '../support/process.js';
import { SlackStub, type StubResponse } from '../support/slack-stub.js';

const REPS = 50;
const ANSWERED = 6;
const GRACE_SECONDS = 2;

/** A fixed-offset zone where it is about noon now, so every rep's check-in is due in real time. */
function noonZone(now: number): string {
  const offset = 12 - new Date(now).getUTCHours();
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe('SIGTERM in the middle of a pass', () => {
  let stub: SlackStub;
  let temp: TempStorage;
  let server: RunningProcess | undefined;
  const held: (() => void)[] = [];
  let holding = true;
  const zone = noonZone(Date.now());
  const today = localDate(Date.now(), zone);

  beforeAll(async () => {
    stub = await new SlackStub().start();
    stub.on('chat.postMessage', (params): StubResponse | Promise<StubResponse> => {
      const delivered = stub.deliver(params);
      if (!holding || stub.allMessages().length <= ANSWERED) return delivered;
      return new Promise((resolve) => held.push(() => resolve(delivered)));
    });
    temp = tempDatabaseFile();
    const storage = openStorage(temp.path);
    const minutes = localDateTime(Date.now(), zone).minutes;
    for (let rep = 1; rep <= REPS; rep++) {
      const userId = `UREP${rep}`;
      saveRepProfile(storage.db, TEAM, userId, { slackTimezone: zone, isSlackAdmin: false, fetchedAt: Date.now() });
      updateRepSettings(storage.db, TEAM, userId, {
        checkinMinutes: minutes - 10,
        reflectionMinutes: minutes + 180,
        workingDays: [0, 1, 2, 3, 4, 5, 6],
        timezoneOverride: null,
        remindersEnabled: false,
      });
      setQuota(storage.db, {
        teamId: TEAM,
        userId,
        period: periodContaining('quarter', today, 1),
        amountCents: 10_000_000,
        setBy: userId,
        now: 0,
      });
    }
    storage.close();
  });
  afterAll(async () => {
    killIfRunning(server);
    holding = false;
    for (const answer of held.splice(0)) answer();
    await stub.stop();
    temp.remove();
  });

  it('exits within its grace period, and the next pass leaves every check-in posted once', async () => {
    const port = await freePort();
    server = await startServer({
      ...serverEnv({ stub, databasePath: temp.path, port, logLevel: 'error' }),
      SCHEDULER: 'on',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    });
    // The pass at start: six posted, then its four workers each wait on a post Slack stored but never answers.
    await stub.waitFor(() => held.length === 4, 30_000);
    const stopping = Date.now();
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
    // The grace period, and a little to close: far from waiting for the whole pass.
    expect(Date.now() - stopping).toBeLessThan(GRACE_SECONDS * 1000 + 6000);

    const db = new Database(temp.path, { readonly: true });
    try {
      // Nothing of the unsent is left claimed: besides the six sent and the four that were posting, only the
      // claims taken ahead of the workers (scheduler/claims-ahead.ts), given back unposted (claimable at once).
      const released = db
        .prepare("select count(*) as n from scheduled_sends where status = 'failed' and last_error = ?")
        .get('released unsent when its process stopped') as { n: number };
      expect(
        db.prepare('select status, count(*) as n from scheduled_sends group by status order by status').all(),
      ).toEqual([
        ...(released.n > 0 ? [{ status: 'failed', n: released.n }] : []),
        { status: 'posting', n: 4 },
        { status: 'sent', n: ANSWERED },
      ]);
    } finally {
      db.close();
    }

    holding = false;
    const next = runCli(['tick', '--now', new Date(Date.now() + CLAIM_LEASE_MS + 60_000).toISOString()], {
      stub,
      databasePath: temp.path,
      logLevel: 'error',
    });
    expect(await exited(next)).toBe(0);
    const lines = next
      .output()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(REPS - ANSWERED);
    expect(lines.filter((line) => line.settled === 'found in the conversation')).toHaveLength(4);
    for (const line of lines) expect(line).toMatchObject({ kind: 'checkin', status: 'sent' });
    for (let rep = 1; rep <= REPS; rep++) {
      expect(stub.messagesWithKey(`DUREP${rep}`, sendKey(TEAM, `UREP${rep}`, 'checkin', today))).toHaveLength(1);
    }
  }, 90_000);
});
