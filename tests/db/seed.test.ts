import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStatus, type Status } from '../../src/coach/status.js';
import { openStorage, type Storage } from '../../src/db/connection.js';
import { seedTeam } from '../../src/db/seed.js';
import { splitIntoDeals, wonShare } from '../../src/db/seed-roles.js';
import { addDays, localDate } from '../../src/domain/calendar.js';
import { periodContaining } from '../../src/domain/period.js';
import { sqliteStore } from '../../src/storage/sqlite.js';

/** The playground's team: Dana, Priya, Sam and Lee, 60 days of history (src/playground/server.ts). */
const ZONES = ['America/Los_Angeles', 'Asia/Kolkata', 'America/New_York', 'Europe/London'];
const TEAM = 'T0PLAY';
const DEFAULT_TZ = 'America/New_York';

const INSTANTS = {
  'early in the quarter (Wednesday Oct 7)': Date.parse('2026-10-07T17:00:00Z'),
  'mid-quarter (Wednesday Nov 18)': Date.parse('2026-11-18T17:00:00Z'),
  'near the quarter’s end (Monday Dec 21)': Date.parse('2026-12-21T17:00:00Z'),
};

interface DealRow {
  user_id: string;
  account_id: number;
  status: 'open' | 'won' | 'lost';
  created_at: number;
  closed_at: number | null;
  closed_on: string | null;
  opened_on: string | null;
  close_on: string | null;
  updated_on: string | null;
}

describe.each(Object.entries(INSTANTS))('the demo team, %s', (_when, now) => {
  let storage: Storage;
  let userIds: string[];
  let statuses: Map<string, Status>;
  let deals: DealRow[];
  const status = (i: number) => statuses.get(userIds[i] as string) as Status;
  const todayOf = (userId: string) => localDate(now, ZONES[userIds.indexOf(userId) % ZONES.length] as string);

  beforeAll(async () => {
    storage = openStorage(':memory:');
    userIds = seedTeam(storage.sqlite, {
      teamId: TEAM,
      reps: 4,
      days: 60,
      now,
      userPrefix: 'UDEMO',
      timezones: ZONES,
    }).userIds;
    const store = sqliteStore(storage);
    statuses = new Map(
      await Promise.all(
        userIds.map(
          async (userId) =>
            [userId, await loadStatus(store, { teamId: TEAM, userId, now, defaultTimezone: DEFAULT_TZ })] as const,
        ),
      ),
    );
    deals = storage.sqlite.prepare('select * from deals').all() as DealRow[];
  });
  afterAll(() => storage.close());

  it('has at most one open deal per account across the team', () => {
    const open = deals.filter((d) => d.status === 'open').map((d) => d.account_id);
    expect(open.length).toBeGreaterThan(4);
    expect(new Set(open).size).toBe(open.length);
  });

  it('opens every deal before it closes, and closes none in the future', () => {
    for (const deal of deals) {
      const today = todayOf(deal.user_id);
      expect(deal.created_at).toBeLessThanOrEqual(now);
      expect(deal.updated_on ?? '', JSON.stringify(deal)).not.toBe('');
      expect((deal.updated_on as string) <= today, JSON.stringify(deal)).toBe(true);
      if (deal.opened_on !== null) expect(deal.opened_on <= today, JSON.stringify(deal)).toBe(true);
      if (deal.status === 'open') continue;
      expect(deal.closed_at).not.toBeNull();
      expect(deal.created_at).toBeLessThanOrEqual(deal.closed_at as number);
      expect((deal.closed_on as string) <= today, JSON.stringify(deal)).toBe(true);
      if (deal.opened_on !== null)
        expect(deal.opened_on <= (deal.closed_on as string), JSON.stringify(deal)).toBe(true);
    }
  });

  it('gives open deals close dates after they opened: ahead, or slipped within the last six weeks', () => {
    for (const deal of deals.filter((d) => d.status === 'open')) {
      const today = todayOf(deal.user_id);
      const closeOn = deal.close_on as string;
      expect(closeOn > (deal.opened_on as string), JSON.stringify(deal)).toBe(true);
      expect(closeOn >= addDays(today, -45), JSON.stringify(deal)).toBe(true);
    }
  });

  it('leaves a few accounts unclassified, and the rep behind (Dana) has one to answer and a slipped deal', () => {
    const fits = storage.sqlite.prepare('select icp, count(*) as n from accounts group by icp').all() as {
      icp: string;
      n: number;
    }[];
    const count = (fit: string) => fits.find((f) => f.icp === fit)?.n ?? 0;
    expect(count('unknown')).toBeGreaterThan(0);
    expect(count('unknown')).toBeLessThan(count('yes'));
    expect(status(0).report.unclassifiedAccounts.length).toBeGreaterThan(0);
    expect(status(0).report.pipeline.stale.deals.some((d) => d.reason === 'close-date-passed')).toBe(true);
    expect(status(0).plan).toEqual([]);
  });

  it('has a rep drifting outside the ICP (Priya): named on the card, and 40%+ of two weeks’ work', () => {
    expect(status(1).report.problems.map((p) => p.kind)).toContain('non-icp');
    // Activity rows of the last 14 days on accounts outside the ICP, over all of them with an account.
    const since = addDays(todayOf(userIds[1] as string), -13);
    const rows = storage.sqlite
      .prepare(
        `select a.icp, sum(x.count) as n from activities x join accounts a on a.id = x.account_id
         where x.user_id = ? and x.local_date >= ? group by a.icp`,
      )
      .all(userIds[1], since) as { icp: string; n: number }[];
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect((rows.find((r) => r.icp === 'no')?.n ?? 0) / total).toBeGreaterThanOrEqual(0.4);
  });

  it('has one rep behind pace (Dana), one ahead (Sam) and one at risk (Lee), as the card computes them', () => {
    expect(status(0).report.paceDeltaCents).toBeLessThan(0);
    expect(status(2).report.paceDeltaCents).toBeGreaterThan(0);
    const lee = status(3).report;
    expect(lee.paceDeltaCents).toBeLessThan(0);
    // At risk: what is won plus what the counted pipeline should bring falls short of the quota.
    expect(lee.projectedAttainment).not.toBeNull();
    expect(lee.projectedAttainment as number).toBeLessThan(1);
  });
});

describe('the rep at risk near the period’s end', () => {
  it('is told it is too late for new opportunities, with a shortfall (Monday Dec 21: 10 days left)', async () => {
    const storage = openStorage(':memory:');
    const now = INSTANTS['near the quarter’s end (Monday Dec 21)'];
    const [, , , lee] = seedTeam(storage.sqlite, {
      teamId: TEAM,
      reps: 4,
      days: 60,
      now,
      userPrefix: 'UDEMO',
      timezones: ZONES,
    }).userIds;
    const { report } = await loadStatus(sqliteStore(storage), {
      teamId: TEAM,
      userId: lee as string,
      now,
      defaultTimezone: DEFAULT_TZ,
    });
    storage.close();
    expect(report.tooLate).toBe(true);
    const tooLate = report.problems.find((p) => p.kind === 'too-late');
    expect(tooLate?.kind === 'too-late' && tooLate.shortfallCents > 0).toBe(true);
  });
});

describe('the parts’ arithmetic', () => {
  // Q4 2026 has 66 weekdays (Oct 1 – Dec 31: 13 weeks × 5, and Thursday Dec 31). Through Wednesday Nov 18:
  // October has 22, Nov 1–18 has 13 → 35.
  const q4 = periodContaining('quarter', '2026-11-18', 1);

  it('aims the rep ahead 20 points past the days through today, and those behind under the days before it', () => {
    expect(wonShare('ahead', q4, '2026-11-18')).toBeCloseTo(35 / 66 + 0.2, 10);
    // Before today: 34 of 66 days. Behind: half of that; at risk: 40%.
    expect(wonShare('behind', q4, '2026-11-18')).toBeCloseTo((34 / 66) * 0.5, 10);
    expect(wonShare('at-risk', q4, '2026-11-18')).toBeCloseTo((34 / 66) * 0.4, 10);
    expect(wonShare('random', q4, '2026-11-18')).toBeNull();
  });

  it('splits a target into deals that reach it (ahead) or stay under it (behind)', () => {
    const sizes = [4_000_000, 2_000_000, 3_000_000];
    const size = () => sizes.shift() ?? 1_000_000;
    // $92,000 up: $40,000 + $20,000 + $30,000 leaves $2,000, too small alone: the last takes it → $32,000.
    expect(splitIntoDeals(9_200_000, true, size)).toEqual([4_000_000, 2_000_000, 3_200_000]);
    const again = [4_000_000, 2_000_000, 3_000_000];
    // $92,000 down: the same three, and the $2,000 left out → $90,000.
    expect(splitIntoDeals(9_200_000, false, () => again.shift() ?? 1_000_000)).toEqual([
      4_000_000, 2_000_000, 3_000_000,
    ]);
  });
});
