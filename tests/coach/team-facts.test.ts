import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStatus } from '../../src/coach/status.js';
import { loadTeamProgress, readRepByRep, type TeamProgress, teamProgressFrom } from '../../src/coach/team.js';
import { STREAK_READ_DAYS } from '../../src/coach/team-reads.js';
import { setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { ensureRep, pauseRep, updateRepSettings } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { setTarget } from '../../src/db/targets.js';
import { updateTeamSettings } from '../../src/db/teams.js';
import { addDays, type LocalDate, localDate, weekdayOf } from '../../src/domain/calendar.js';
import type { PeriodKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

/**
 * The team view reads the whole team's facts in a handful of queries; one rep's card reads them rep by rep.
 * Both must give the same figures. A seeded team of 36 reps across seven zones (two of them a day ahead of New
 * York at the year's end), with Sunday–Thursday reps, paused reps, monthly and yearly quotas, a rep with no
 * quota of the team's kind, day targets and a streak longer than the plans the team view reads at once, is
 * loaded both ways at three instants.
 */
const TEAM = 'TSEED';
const DEFAULT_TZ = 'America/New_York';
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Pacific/Auckland',
  'America/Chicago',
];
const INSTANTS = {
  'a Wednesday mid-quarter': Date.parse('2026-11-18T17:00:00Z'),
  'a Sunday evening in Asia': Date.parse('2026-11-29T13:00:00Z'),
  'the year’s last afternoon in New York, already next year in Tokyo and Auckland': Date.parse('2026-12-31T20:00:00Z'),
};

const rep = (n: number) => `USEED${String(n).padStart(4, '0')}`;

function seedVariety(db: ReturnType<typeof tempStorage>['db'], now: number): void {
  const todayIn = (tz: string) => localDate(now, tz);
  const quota = (userId: string, kind: PeriodKind, dollars: number, on: LocalDate) =>
    setQuota(db, {
      teamId: TEAM,
      userId,
      period: periodContaining(kind, on, 1),
      amountCents: dollars * 100,
      setBy: 'UMANAGER',
      now,
    });
  // Sunday–Thursday reps in Jerusalem.
  for (const n of [1, 8, 15]) {
    updateRepSettings(db, TEAM, rep(n), {
      checkinMinutes: 510,
      reflectionMinutes: 1050,
      workingDays: [0, 1, 2, 3, 4],
      timezoneOverride: 'Asia/Jerusalem',
      remindersEnabled: true,
    });
  }
  // Paused now, paused last week and back, paused from tomorrow.
  const ny = todayIn('America/New_York');
  pauseRep(db, { teamId: TEAM, userId: rep(2), today: addDays(ny, -3), until: addDays(ny, 4) });
  pauseRep(db, { teamId: TEAM, userId: rep(3), today: addDays(ny, -9), until: addDays(ny, -4) });
  pauseRep(db, { teamId: TEAM, userId: rep(4), today: addDays(ny, 1), until: addDays(ny, 10) });
  // A monthly card beside the quarterly quota, a yearly quota beside a quarterly card, and a rep with a
  // monthly quota only.
  quota(rep(5), 'month', 40_000, todayIn('Asia/Kolkata'));
  quota(rep(6), 'year', 900_000, todayIn('Asia/Kolkata'));
  quota(rep(6), 'quarter', 200_000, todayIn('Asia/Kolkata'));
  quota('UMONTHLY', 'month', 30_000, ny);
  logActivity(db, { teamId: TEAM, userId: 'UMONTHLY', kind: 'call', count: 4, account: 'Fresh Lead', now, today: ny });
  addOpportunity(db, {
    teamId: TEAM,
    userId: 'UMONTHLY',
    account: 'Fresh Lead',
    amountCents: 2_500_000,
    now,
    today: ny,
  });
  // Quarterly quotas set on the team's date: at the year's end, Q4 for reps in Tokyo and Auckland, already in Q1.
  for (const n of [19, 20, 26]) quota(rep(n), 'quarter', 150_000, ny);
  // A rep with nothing but a quota, and one with nothing but today's plan.
  quota('UQUOTAONLY', 'quarter', 100_000, ny);
  ensureRep(db, TEAM, 'UPLANONLY');
  setPlan(db, { teamId: TEAM, userId: 'UPLANONLY', localDate: ny, items: ['Call Acme'], now });
  // Day targets next to the seeded week targets.
  for (const n of [7, 9, 10])
    setTarget(db, { teamId: TEAM, userId: rep(n), activity: 'call', per: 'day', count: 8, now });
  // An account that was unclassified and now fits, and a new unclassified one with activity today.
  setAccountIcpByName(db, TEAM, 'Acme Corp', 'yes');
  logActivity(db, { teamId: TEAM, userId: rep(11), kind: 'demo', count: 1, account: 'Zeta Unknown', now, today: ny });
  // A win exactly 12 months back, at the edge of what conversion counts, and one a day older.
  const chicago = todayIn('America/Chicago');
  const deal = (account: string, today: LocalDate) => ({ teamId: TEAM, userId: rep(14), account, now, today });
  addOpportunity(db, { ...deal('Edge Co', addDays(chicago, -400)), amountCents: 7_700_000 });
  recordWin(db, { ...deal('Edge Co', addDays(chicago, -365)), amountCents: 7_700_000 });
  addOpportunity(db, { ...deal('Older Co', addDays(chicago, -420)), amountCents: 3_300_000 });
  recordWin(db, { ...deal('Older Co', addDays(chicago, -366)), amountCents: 3_300_000 });
  // An opportunity idle for two months until activity on its account today: idle a week ago, live now.
  addOpportunity(db, {
    ...deal('Dormant Co', addDays(chicago, -60)),
    amountCents: 5_000_000,
    closeOn: periodContaining('quarter', ny, 1).end,
  });
  logActivity(db, {
    teamId: TEAM,
    userId: rep(14),
    kind: 'call',
    count: 1,
    account: 'Dormant Co',
    now,
    today: chicago,
  });
  // A plan on every working day for 60 days: a streak longer than the team view reads plans for.
  for (let back = 0; back < 60; back++) {
    const date = addDays(todayIn('America/Los_Angeles'), -back);
    if (weekdayOf(date) === 0 || weekdayOf(date) === 6) continue;
    setPlan(db, { teamId: TEAM, userId: rep(12), localDate: date, items: ['Prospect', 'Follow up'], now });
  }
}

describe.each(Object.entries(INSTANTS))('the team view read at once and rep by rep agree, on %s', (_when, now) => {
  const store = tempStorage();
  const input = { teamId: TEAM, now, defaultTimezone: DEFAULT_TZ };
  let atOnce: TeamProgress;
  let repByRep: TeamProgress;

  beforeAll(async () => {
    seedTeam(store.sqlite, { teamId: TEAM, reps: 36, days: 75, now, timezones: ZONES, seed: 11 });
    updateTeamSettings(store.db, TEAM, {
      channelId: null,
      timezone: DEFAULT_TZ,
      weeklyDay: 1,
      weeklyMinutes: 540,
      fiscalYearStartMonth: 1,
      currency: 'USD',
      defaultWinRate: 0.25,
      periodKind: 'quarter',
    });
    seedVariety(store.db, now);
    atOnce = await loadTeamProgress(store.store, input);
    repByRep = await teamProgressFrom(store.store, input, readRepByRep);
  });
  afterAll(() => store.remove());

  it('gives every rep the very status their own card gives', async () => {
    expect(atOnce.reps.length).toBe(39);
    for (const progress of atOnce.reps) {
      const own = await loadStatus(store.store, { ...input, userId: progress.userId });
      expect(progress.status, progress.userId).toEqual(own);
    }
  });

  it('measures every rep counted in the team on the team’s period, as their card would be on it', async () => {
    const teamToday = localDate(now, DEFAULT_TZ);
    for (const progress of atOnce.reps) {
      const onTeamPeriod = await loadStatus(store.store, {
        ...input,
        userId: progress.userId,
        kind: 'quarter',
        periodOn: teamToday,
      });
      const expected = onTeamPeriod.report.quotaCents === null ? null : onTeamPeriod;
      expect(progress.teamStatus, progress.userId).toEqual(expected);
    }
    expect(atOnce.reps.find((r) => r.userId === 'UMONTHLY')?.teamStatus).toBeNull();
    // Reps whose own day is already in the next quarter are still measured on the team's.
    const ahead = atOnce.reps.filter(
      (r) =>
        r.teamStatus !== null &&
        r.status.period.kind === 'quarter' &&
        r.status.period.start > r.teamStatus.period.start,
    );
    expect(ahead.length > 0).toBe(
      now === INSTANTS['the year’s last afternoon in New York, already next year in Tokyo and Auckland'],
    );
  });

  it('gives the same totals, follow-through, streaks and most improved as reading rep by rep', () => {
    expect(atOnce.totals).toEqual(repByRep.totals);
    expect(atOnce.mostImproved?.userId).toBe(repByRep.mostImproved?.userId);
    const review = (p: TeamProgress) =>
      p.reps.map((r) => [
        r.userId,
        r.workingDays,
        r.plannedDays,
        r.itemsDone,
        r.itemsPlanned,
        r.streak,
        r.projectedRise,
      ]);
    expect(review(atOnce)).toEqual(review(repByRep));
    expect(atOnce).toEqual(repByRep);
  });

  it('covers what it means to: reps ahead and behind, plans, rises, and a streak longer than the plans read at once', () => {
    expect(atOnce.totals.ahead).toBeGreaterThan(0);
    expect(atOnce.totals.behind).toBeGreaterThan(0);
    expect(atOnce.reps.some((r) => r.plannedDays > 0)).toBe(true);
    expect(atOnce.reps.some((r) => (r.projectedRise ?? 0) !== 0)).toBe(true);
    const longest = atOnce.reps.find((r) => r.userId === rep(12))?.streak ?? 0;
    expect(longest).toBeGreaterThan((STREAK_READ_DAYS * 5) / 7);
  });
});
