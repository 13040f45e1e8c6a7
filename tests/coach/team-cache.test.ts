import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KEEP_UNASKED_MS,
  loadTeamProgress,
  readRepByRep,
  refreshKeptTeams,
  type TeamProgress,
  teamProgressFrom,
  warmTeamViews,
} from '../../src/coach/team.js';
import { findAccount, setAccountIcp } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { openStorage } from '../../src/db/connection.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { pauseRep } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { getTeam, updateTeamSettings } from '../../src/db/teams.js';
import { addDays, localDate, zonedTimeToInstant } from '../../src/domain/calendar.js';
import { periodContaining } from '../../src/domain/period.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import type { Store } from '../../src/storage/types.js';
import { tempStorage } from '../support/db.js';

/**
 * The team view keeps what it read and computed between requests (per connection and team), and reads again
 * only what the change log says was written since. Whatever was written, by this process or another, the
 * answer must be exactly what computing from scratch, rep by rep, gives; and what nothing touched is not
 * computed again.
 */
const TEAM = 'TSEED';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TZ = 'America/New_York';
const TODAY = localDate(NOW, TZ);
const input = { teamId: TEAM, now: NOW, defaultTimezone: TZ };
const MINUTE = 60_000;

describe('the team view’s kept facts and their updates', () => {
  const store = tempStorage();
  const { db } = store;
  const app = store.store;
  let reps: string[];
  let minute = 0;
  /** Each check at a minute of its own unless told otherwise, so nothing is answered from the same minute. */
  const at = (offset = ++minute * MINUTE) => ({ ...input, now: NOW + offset });

  beforeAll(() => {
    reps = seedTeam(store.sqlite, { teamId: TEAM, reps: 12, days: 30, now: NOW, seed: 3 }).userIds;
  });
  afterAll(() => store.remove());

  const rep = (i: number) => reps[i] as string;
  const lineOf = (progress: TeamProgress, userId: string) => {
    const line = progress.reps.find((r) => r.userId === userId);
    if (!line) throw new Error(`${userId} is not in the team view`);
    return line;
  };
  /** The kept answer, checked against one computed from scratch, rep by rep, at the same moment. */
  const keptAndChecked = async (moment = at()) => {
    const kept = await loadTeamProgress(app, moment);
    expect(kept).toEqual(await teamProgressFrom(app, moment, readRepByRep));
    return kept;
  };
  /**
   * The store, with `write` made once, right after the first call of `read` answers: a write from elsewhere
   * landing at that point of the team view's reads (the store's repositories are frozen, so this wraps them).
   */
  const writingAfter = (read: keyof Store['teamRows'], write: () => void): Store => {
    const rows = app.teamRows;
    const original = rows[read] as (...args: unknown[]) => Promise<unknown>;
    let pending: (() => void) | null = write;
    const wrapped = async (...args: unknown[]) => {
      const result = await original(...args);
      const now = pending;
      pending = null;
      now?.();
      return result;
    };
    return { ...app, teamRows: { ...rows, [read]: wrapped } as Store['teamRows'] };
  };
  /** Which reps' lines were computed again rather than carried over from `before`. */
  const recomputed = (before: TeamProgress, after: TeamProgress) =>
    after.reps.filter((line) => before.reps.find((r) => r.userId === line.userId) !== line).map((r) => r.userId);
  const otherProcess = (sql: string, ...params: unknown[]) => {
    const other = new Database(store.path);
    try {
      other.prepare(sql).run(...params);
    } finally {
      other.close();
    }
  };

  it('answers the same minute, with nothing written, with the same answer, and two asking at once share one', async () => {
    const moment = at();
    const [first, second] = await Promise.all([loadTeamProgress(app, moment), loadTeamProgress(app, moment)]);
    expect(second).toBe(first);
    expect(await loadTeamProgress(app, { ...moment, now: moment.now + 30_000 })).toBe(first);
    // A send claimed or marked is nothing the team view shows.
    otherProcess(
      `insert into scheduled_sends (claim_key, team_id, recipient, kind, status, claimed_at) values ('k1', ?, ?, 'checkin', 'pending', ?)`,
      TEAM,
      rep(0),
      NOW,
    );
    expect(await loadTeamProgress(app, moment)).toBe(first);
  });

  it('works a new minute out again from the kept facts, right to the last figure', async () => {
    await keptAndChecked();
    await keptAndChecked();
  });

  it('a minute later, works out again only the reps whose day has ended meanwhile', async () => {
    // 17:29 and 17:31 in New York: the reflection time (17:30) of the reps there passes in between.
    const first = { ...input, now: zonedTimeToInstant(TODAY, 17 * 60 + 29, TZ) };
    const second = { ...input, now: first.now + 2 * MINUTE };
    const before = await keptAndChecked(first);
    const after = await keptAndChecked(second);
    const dayOver = (p: TeamProgress, userId: string) => lineOf(p, userId).status.clock.dayOver;
    const turned = reps.filter((userId) => dayOver(before, userId) !== dayOver(after, userId));
    expect(turned.length).toBeGreaterThan(0);
    expect(turned.length).toBeLessThan(reps.length);
    const reworked = after.reps.filter((r) => r.status.report !== lineOf(before, r.userId).status.report);
    expect(reworked.map((r) => r.userId)).toEqual(turned);
    // Every line carries the clock of the second question.
    expect(after.reps.every((r) => r.status.clock.now === second.now)).toBe(true);
  });

  it('after a rep logs activity, computes only that rep again, and gets what computing from scratch gets', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    logActivity(db, { teamId: TEAM, userId: rep(1), kind: 'call', count: 25, account: null, now: NOW, today: TODAY });
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toEqual([rep(1)]);
    expect(lineOf(after, rep(1)).status.report.mix).not.toEqual(lineOf(before, rep(1)).status.report.mix);
  });

  it('sees activity written by another process at once', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    otherProcess(
      `insert into activities (team_id, user_id, kind, count, occurred_at, local_date) values (?, ?, 'email', 40, ?, ?)`,
      TEAM,
      rep(2),
      NOW,
      localDate(NOW, lineOf(before, rep(2)).status.clock.timezone),
    );
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toEqual([rep(2)]);
  });

  it('reads again the owner of a deal whose account another rep worked: the deal is no longer stale', async () => {
    const owner = rep(3);
    const ownerToday = localDate(NOW, lineOf(await keptAndChecked(), owner).status.clock.timezone);
    addOpportunity(db, {
      teamId: TEAM,
      userId: owner,
      account: 'Quiet Co',
      amountCents: 4_000_000,
      closeOn: null,
      now: NOW,
      today: ownerToday,
    });
    // Last touched 40 days ago, no activity since: stale.
    otherProcess(
      `update deals set updated_on = ? where team_id = ? and user_id = ? and status = 'open' and account_id = (select id from accounts where name = 'Quiet Co')`,
      addDays(ownerToday, -40),
      TEAM,
      owner,
    );
    const moment = at();
    const before = await keptAndChecked(moment);
    logActivity(db, {
      teamId: TEAM,
      userId: rep(4),
      kind: 'meeting',
      count: 1,
      account: 'Quiet Co',
      now: NOW,
      today: TODAY,
    });
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after).sort()).toEqual([owner, rep(4)].sort());
    const pipeline = (p: TeamProgress) => lineOf(p, owner).status.report.pipeline;
    expect(pipeline(after).stale.cents).toBe(pipeline(before).stale.cents - 4_000_000);
  });

  it('after a won opportunity, computes every rep again: the team’s conversion, which every win rate leans on, moved', async () => {
    const moment = at();
    addOpportunity(db, {
      teamId: TEAM,
      userId: rep(5),
      account: 'Big Win Co',
      amountCents: 90_000_000,
      closeOn: null,
      now: NOW,
      today: TODAY,
    });
    const before = await keptAndChecked(moment);
    recordWin(db, {
      teamId: TEAM,
      userId: rep(5),
      account: 'Big Win Co',
      amountCents: 90_000_000,
      now: NOW,
      today: TODAY,
    });
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toHaveLength(reps.length);
    const teamRate = (p: TeamProgress) => lineOf(p, rep(6)).status.report.winRate.team;
    expect(teamRate(after)).not.toEqual(teamRate(before));
  });

  it('sees a deal written by another process', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    otherProcess(
      `update deals set amount_cents = amount_cents + 500000 where id = (select min(id) from deals where team_id = ? and user_id = ? and status = 'open')`,
      TEAM,
      rep(6),
    );
    otherProcess('update teams set deals_version = deals_version + 1 where id = ?', TEAM);
    const after = await keptAndChecked(moment);
    expect(lineOf(after, rep(6)).status.report.pipeline).not.toEqual(lineOf(before, rep(6)).status.report.pipeline);
  });

  it('follows a quota, a pause and a plan, each for its rep alone', async () => {
    const writes: [string, () => void][] = [
      [
        rep(7),
        () =>
          setQuota(db, {
            teamId: TEAM,
            userId: rep(7),
            period: periodContaining('quarter', TODAY, 1),
            amountCents: 123_400_000,
            setBy: 'UMGR',
            now: NOW,
          }),
      ],
      [rep(8), () => pauseRep(db, { teamId: TEAM, userId: rep(8), today: TODAY, until: addDays(TODAY, 3) })],
      [rep(9), () => setPlan(db, { teamId: TEAM, userId: rep(9), localDate: TODAY, items: ['call Globex'], now: NOW })],
    ];
    for (const [userId, write] of writes) {
      const moment = at();
      const before = await keptAndChecked(moment);
      write();
      expect(recomputed(before, await keptAndChecked(moment))).toEqual([userId]);
    }
  });

  it('after an account’s fit changes, computes again only the reps with a deal or activity there', async () => {
    const account = findAccount(db, TEAM, 'Quiet Co');
    if (!account) throw new Error('Quiet Co is missing');
    const moment = at();
    const before = await keptAndChecked(moment);
    setAccountIcp(db, TEAM, account.id, 'no');
    const after = await keptAndChecked(moment);
    // Rep 3's deal is there, and rep 4 met them.
    expect(recomputed(before, after).sort()).toEqual([rep(3), rep(4)].sort());
    const nonIcp = (p: TeamProgress) => lineOf(p, rep(3)).status.report.pipeline.nonIcp.cents;
    expect(nonIcp(after)).toBe(nonIcp(before) + 4_000_000);
  });

  it('reads the whole team again for a team setting, a new rep, and a new day', async () => {
    const team = getTeam(db, TEAM);
    if (!team) throw new Error('the team is missing');
    const writes: [string, () => void][] = [
      ['the team’s default win rate', () => updateTeamSettings(db, TEAM, { ...team, defaultWinRate: 0.4 })],
      [
        'a new rep',
        () =>
          setQuota(db, {
            teamId: TEAM,
            userId: 'UNEWREP',
            period: periodContaining('quarter', TODAY, 1),
            amountCents: 50_000_000,
            setBy: 'UMGR',
            now: NOW,
          }),
      ],
    ];
    for (const [what, write] of writes) {
      const moment = at();
      await keptAndChecked(moment);
      write();
      const after = await keptAndChecked(moment);
      expect({ what, reps: after.reps.length }).toEqual({ what, reps: reps.length + (what === 'a new rep' ? 1 : 0) });
    }
    const tomorrow = at(minute * MINUTE + 24 * 60 * MINUTE);
    expect((await keptAndChecked(tomorrow)).reps[0]?.status.clock.local.date).not.toBe(
      (await keptAndChecked()).reps[0]?.status.clock.local.date,
    );
  });

  it('reads again when a write lands between its queries, so no figure mixes two states', async () => {
    // A new day: the whole team is read, a query at a time, with other work in between.
    const moment = at(3 * 24 * 60 * MINUTE);
    // The write lands right after the first of the team's queries (its quotas) is answered.
    const reading = loadTeamProgress(
      writingAfter('teamQuotas', () =>
        recordWin(db, {
          teamId: TEAM,
          userId: rep(0),
          account: 'Midway Co',
          amountCents: 1_000_000,
          now: NOW,
          today: TODAY,
        }),
      ),
      moment,
    );
    expect(await reading).toEqual(await teamProgressFrom(app, moment, readRepByRep));
  });

  it('gives what was asked at the moment it was asked, when a write lands while the math runs', async () => {
    const moment = at();
    await keptAndChecked(moment);
    logActivity(db, { teamId: TEAM, userId: rep(10), kind: 'demo', count: 1, account: null, now: NOW, today: TODAY });
    const asked = { ...moment, now: moment.now + MINUTE };
    const expected = await teamProgressFrom(app, asked, readRepByRep);
    // The write lands once the team's state is read and what to read again is known.
    const computing = loadTeamProgress(
      writingAfter('repsChangedSince', () =>
        logActivity(db, {
          teamId: TEAM,
          userId: rep(11),
          kind: 'demo',
          count: 9,
          account: null,
          now: NOW,
          today: TODAY,
        }),
      ),
      asked,
    );
    expect(await computing).toEqual(expected);
    // The next question sees the write.
    expect(await keptAndChecked(asked)).not.toEqual(expected);
  });

  it('reads a kept team again once a new day begins in any rep’s zone, before anyone asks', async () => {
    const moment = at(10 * 24 * 60 * MINUTE);
    const before = await keptAndChecked(moment);
    // The first midnight after that moment in any rep's zone (the team's own zone is New York's).
    const zones = new Set([TZ, ...before.reps.map((r) => r.status.clock.timezone)]);
    const midnight = Math.min(
      ...[...zones].map((zone) => zonedTimeToInstant(addDays(localDate(moment.now, zone), 1), 0, zone)),
    );
    expect(await refreshKeptTeams(app, midnight - 1000)).toEqual([]);
    const [refreshed] = await refreshKeptTeams(app, midnight);
    expect(
      refreshed?.reps.some((r) => r.status.clock.local.date !== lineOf(before, r.userId).status.clock.local.date),
    ).toBe(true);
    // A manager asking in that minute gets what the refresh worked out, right to the last figure.
    const asked = { ...moment, now: midnight + 20_000 };
    expect(await loadTeamProgress(app, asked)).toBe(refreshed);
    expect(refreshed).toEqual(await teamProgressFrom(app, { ...moment, now: midnight }, readRepByRep));
    expect(await refreshKeptTeams(app, midnight + MINUTE)).toEqual([]);
  });

  it('reads a kept team again after a team setting changed, and drops a team nobody asked for in a week', async () => {
    const moment = at(12 * 24 * 60 * MINUTE);
    await keptAndChecked(moment);
    const team = getTeam(db, TEAM);
    if (!team) throw new Error('the team is missing');
    updateTeamSettings(db, TEAM, { ...team, defaultWinRate: 0.3 });
    const [refreshed] = await refreshKeptTeams(app, moment.now + 5_000);
    expect(refreshed).toEqual(await teamProgressFrom(app, { ...moment, now: moment.now + 5_000 }, readRepByRep));
    expect(await loadTeamProgress(app, { ...moment, now: moment.now + 10_000 })).toBe(refreshed);

    // A week and a day with no one asking (refreshes are not asking): dropped, not kept fresh.
    const later = moment.now + KEEP_UNASKED_MS + 24 * 60 * MINUTE;
    expect(await refreshKeptTeams(app, moment.now + 3 * 24 * 60 * MINUTE)).toHaveLength(1);
    expect(await refreshKeptTeams(app, later)).toEqual([]);
    const asked = await loadTeamProgress(app, { ...moment, now: later });
    expect(await refreshKeptTeams(app, later + 1000)).toEqual([]);
    expect(await loadTeamProgress(app, { ...moment, now: later + 1000 })).toBe(asked);
  });

  it('reads the team at start, before anyone asks, so the first ask after a restart finds it read', async () => {
    const restarted = openStorage(store.path);
    const restartedStore = sqliteStore(restarted);
    try {
      const moment = at();
      const [warmed, ...others] = await warmTeamViews(restartedStore, moment.now, TZ);
      expect(others).toEqual([]);
      expect(warmed?.team.id).toBe(TEAM);
      expect(await loadTeamProgress(restartedStore, { ...moment, now: moment.now + 15_000 })).toBe(warmed);
      expect(warmed).toEqual(await teamProgressFrom(restartedStore, moment, readRepByRep));
    } finally {
      restarted.close();
    }
  });
});
