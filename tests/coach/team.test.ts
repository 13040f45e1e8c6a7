import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTeamProgress, type TeamProgress } from '../../src/coach/team.js';
import { setPlan } from '../../src/db/checkins.js';
import { type Db, openStorage, type Storage } from '../../src/db/connection.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { pauseRep, resumeRep, saveRepProfile } from '../../src/db/reps.js';
import type { PeriodKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import { repLine } from '../../src/slack/views/team.js';
import { sqliteStore } from '../../src/storage/sqlite.js';

/**
 * A team of four on Wednesday Dec 2, 2026 at noon in New York (before the reflection: today is left).
 * The team adds quarterly quotas (the default). Q4: 66 working days, 44 of them over (Oct 22 + Nov 21 + Dec 1).
 * - UA: Q4 $600,000. Won $200,000 on Nov 10 (no opportunity first); a $100,000 Globex opportunity opened
 *   Nov 10 and won Nov 30; a $200,000 Initech opportunity opened Dec 1.
 * - UB: Q4 $300,000. Won $50,000 on Nov 20. Plans on Nov 25, 26 (then paused Nov 26–29), 28 (a Saturday), 30, Dec 1.
 * - UC: December $50,000 only. Won $20,000 on Dec 1.
 * - UD: 2026 $2,000,000 only. Won $300,000 on Jun 15.
 */
const NOW = Date.parse('2026-12-02T17:00:00Z');
const TEAM = 'T1';

/** Reps of a team, each in their own time zone. */
function addReps(db: Db, teamId: string, timezones: Record<string, string>): void {
  for (const [userId, tz] of Object.entries(timezones)) {
    saveRepProfile(db, teamId, userId, { slackTimezone: tz, isSlackAdmin: false, fetchedAt: 0 });
  }
}

/** Sets a rep's quota, in dollars, for the period of a kind holding `onDate`, as the manager. */
function quotaSetter(db: Db, teamId: string, onDate: string) {
  return (userId: string, kind: PeriodKind, dollars: number) =>
    setQuota(db, {
      teamId,
      userId,
      period: periodContaining(kind, onDate, 1),
      amountCents: dollars * 100,
      setBy: 'UMANAGER',
      now: 0,
    });
}

describe('the team view adds like with like', () => {
  let storage: Storage;
  let progress: TeamProgress;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    const db = storage.db;
    addReps(db, TEAM, {
      UA: 'America/New_York',
      UB: 'America/New_York',
      UC: 'America/New_York',
      UD: 'America/New_York',
    });
    const quota = quotaSetter(db, TEAM, '2026-12-02');
    quota('UA', 'quarter', 600_000);
    quota('UB', 'quarter', 300_000);
    quota('UC', 'month', 50_000);
    quota('UD', 'year', 2_000_000);
    const at = (userId: string, today: string) => ({
      teamId: TEAM,
      userId,
      today,
      now: Date.parse(`${today}T15:00:00Z`),
    });
    recordWin(db, { ...at('UA', '2026-11-10'), account: 'Acme', amountCents: 20_000_000 });
    addOpportunity(db, {
      ...at('UA', '2026-11-10'),
      account: 'Globex',
      amountCents: 10_000_000,
      defaultCloseOn: '2026-12-31',
    });
    recordWin(db, { ...at('UA', '2026-11-30'), account: 'Globex', amountCents: 10_000_000 });
    addOpportunity(db, {
      ...at('UA', '2026-12-01'),
      account: 'Initech',
      amountCents: 20_000_000,
      defaultCloseOn: '2026-12-31',
    });
    recordWin(db, { ...at('UB', '2026-11-20'), account: 'Hooli', amountCents: 5_000_000 });
    recordWin(db, { ...at('UC', '2026-12-01'), account: 'Wonka', amountCents: 2_000_000 });
    recordWin(db, { ...at('UD', '2026-06-15'), account: 'Stark', amountCents: 30_000_000 });
    for (const date of ['2026-11-25', '2026-11-26', '2026-11-28', '2026-11-30', '2026-12-01']) {
      setPlan(db, { teamId: TEAM, userId: 'UB', localDate: date, items: ['Call Hooli'], now: 0 });
    }
    pauseRep(db, { teamId: TEAM, userId: 'UB', today: '2026-11-26', until: '2026-11-30' });
    resumeRep(db, { teamId: TEAM, userId: 'UB', today: '2026-11-30' });
    progress = await loadTeamProgress(sqliteStore(storage), {
      teamId: TEAM,
      now: NOW,
      defaultTimezone: 'America/New_York',
    });
  });
  afterAll(() => storage.close());

  const rep = (userId: string) => {
    const found = progress.reps.find((r) => r.userId === userId);
    if (!found) throw new Error(`no ${userId}`);
    return found;
  };

  it('adds only the quarterly quotas: $600,000 + $300,000, won $300,000 + $50,000', () => {
    expect(progress.kind).toBe('quarter');
    expect(progress.period.label).toBe('Q4 2026');
    expect(progress.totals).toMatchObject({
      quotaCents: 90_000_000,
      wonCents: 35_000_000,
      gapCents: 55_000_000,
      repsWithQuota: 2,
      otherKind: 2,
    });
  });

  it('keeps the monthly and the yearly rep on their own periods', () => {
    expect(rep('UC').status.period.label).toBe('December 2026');
    expect(rep('UC').teamStatus).toBeNull();
    expect(rep('UD').status.period.label).toBe('2026');
    expect(rep('UD').teamStatus).toBeNull();
  });

  it('counts reps ahead and behind on their own cards instead of netting dollars', () => {
    // UA: 600,000 × 44/66 = 400,000 expected, 300,000 won → behind. UB: 200,000 expected, 50,000 → behind.
    // UC: December, 1 of 23 days over: 50,000 / 23 = 2,174 expected, 20,000 won → ahead.
    // UD: 2026 has 261 weekdays (Jan 1 a Thursday: 52 × 5 + 1); over: 261 − 23 (December) + 1 = 239;
    //     2,000,000 × 239 / 261 = 1,831,418 expected, 300,000 won → behind.
    expect(rep('UA').status.report.expectedByNowCents).toBe(40_000_000);
    expect(rep('UC').status.report.expectedByNowCents).toBe(217_400);
    expect(rep('UD').status.report.expectedByNowCents).toBe(183_141_800);
    expect(progress.totals).toMatchObject({ ahead: 1, behind: 3, onPace: 0 });
  });

  it('names as most improved the largest rise in projected attainment over the week', () => {
    // UA's win rate: Globex $100,000 won of $100,000 closed; average deal (200,000 + 100,000) / 2 = 150,000;
    // (100,000 + 750,000 × 0.25) / (100,000 + 750,000) = 287,500 / 850,000 = 33.82%.
    // Now: won 300,000 + Initech 200,000 × 0.3382 = 67,647 → 367,647.
    // On Nov 24: won 200,000 + Globex 100,000 (open then) × 0.3382 = 33,824 → 233,824.
    // Rise = (367,647 − 233,824) / 600,000 = 22.3 points. UB gained nothing.
    expect(rep('UA').status.report.projectedCents).toBe(36_764_700);
    expect(rep('UA').projectedRise).toBeCloseTo((367_647 - 233_824) / 6_000, 10);
    expect(rep('UB').projectedRise).toBe(0);
    expect(progress.mostImproved?.userId).toBe('UA');
  });

  it('counts follow-through on the rep’s own working days: no paused day, no weekend plan', () => {
    // Window Nov 25 – Dec 1: Wed 25, Thu 26, Fri 27, Mon 30, Tue 1 = 5 weekdays, less paused 26 and 27 = 3.
    // Plans that count: Nov 25, Nov 30, Dec 1 (not paused Nov 26, not Saturday Nov 28) = 3 of 3.
    expect(rep('UB').workingDays).toBe(3);
    expect(rep('UB').plannedDays).toBe(3);
  });

  it('keeps a day planned before the pause in the streak', () => {
    // Back from Dec 2 (unplanned yet): Dec 1, Nov 30, (weekend), Fri 27 paused and unplanned: skipped,
    // Thu 26 planned before the pause: counts, Wed 25: counts; Tue 24 has no plan → 4
    expect(rep('UB').streak).toBe(4);
  });
});

/**
 * The team's period is the one holding the team's today, for every rep. At 15:00 on Dec 31 in New York,
 * Tokyo is already at 05:00 on Jan 1: its rep is still measured on Q4. A rep whose own card is monthly but
 * who also has a quarterly quota is added in, and listed, at the quarterly figures.
 */
describe('the team view measures every rep on the team’s period', () => {
  let storage: Storage;
  let progress: TeamProgress;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    const db = storage.db;
    addReps(db, 'T2', { UNY: 'America/New_York', UTOKYO: 'Asia/Tokyo', UMIX: 'America/New_York' });
    const quota = quotaSetter(db, 'T2', '2026-12-15');
    quota('UNY', 'quarter', 100_000);
    quota('UTOKYO', 'quarter', 100_000);
    quota('UMIX', 'quarter', 200_000);
    quota('UMIX', 'month', 60_000); // set last: the rep's own card is monthly
    const win = (userId: string, today: string, dollars: number) =>
      recordWin(db, { teamId: 'T2', userId, today, now: 0, account: `${userId} deal`, amountCents: dollars * 100 });
    win('UNY', '2026-12-10', 40_000);
    win('UTOKYO', '2026-12-15', 80_000);
    win('UMIX', '2026-12-20', 50_000);
    progress = await loadTeamProgress(sqliteStore(storage), {
      teamId: 'T2',
      now: Date.parse('2026-12-31T20:00:00Z'),
      defaultTimezone: 'America/New_York',
    });
  });
  afterAll(() => storage.close());

  const line = (userId: string) =>
    repLine(progress.reps.find((r) => r.userId === userId) as TeamProgress['reps'][number], 'USD', 'quarter');

  it('adds the Tokyo rep’s Q4 although their own day is already in Q1', () => {
    // $100,000 + $100,000 + $200,000 = $400,000 of quota; won 40,000 + 80,000 + 50,000 = $170,000
    expect(progress.period.label).toBe('Q4 2026');
    expect(progress.totals).toMatchObject({
      quotaCents: 40_000_000,
      wonCents: 17_000_000,
      repsWithQuota: 3,
      otherKind: 0,
    });
  });

  it('lists each rep at the figures the totals add', () => {
    // Tokyo: all 66 Q4 days over on Jan 1, so the whole $100,000 was expected: 80,000 − 100,000 = $20,000 behind
    expect(line('UTOKYO')).toMatch(/^<@UTOKYO> · 80% of \$100,000 · \$20,000 behind pace/);
    // the monthly-card rep, at the quarterly quota: 50,000 / 200,000 = 25%; 65 of 66 days over in New York
    // (today is left until 17:30): 200,000 × 65 / 66 = 196,969.7 → $196,970 expected, $146,970 behind
    expect(line('UMIX')).toMatch(/^<@UMIX> · 25% of \$200,000 · \$146,970 behind pace/);
    expect(progress.totals).toMatchObject({ ahead: 0, behind: 3 });
  });
});
