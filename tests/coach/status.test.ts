import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStatus } from '../../src/coach/status.js';
import { setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { addOpportunity, markLost, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { setTarget } from '../../src/db/targets.js';
import { periodContaining } from '../../src/domain/period.js';
import { cardDataOf, gapCard } from '../../src/slack/views/gap-card.js';
import { tempStorage } from '../support/db.js';

const TEAM = 'T0001';
const REP = 'U0ANN';
const LA = 'America/Los_Angeles';
// 2026-12-01T01:00Z is already December 1 in UTC, but 17:00 PST (UTC−8) on Monday November 30 in Los Angeles:
// after the 08:30 check-in and before the 17:30 reflection, so today is still a working day left.
const NOW = Date.UTC(2026, 11, 1, 1, 0);
// 18:00 PST the same Monday: past the reflection time, so today is a working day elapsed.
const EVENING = Date.UTC(2026, 11, 1, 2, 0);

let store: ReturnType<typeof tempStorage>;

beforeEach(() => {
  store = tempStorage();
});

afterEach(() => {
  store.remove();
});

function inLosAngeles(): void {
  saveRepProfile(store.db, TEAM, REP, { slackTimezone: LA, isSlackAdmin: false, fetchedAt: NOW });
}

function status(defaultTimezone = 'UTC', now = NOW) {
  return loadStatus(store.store, { teamId: TEAM, userId: REP, now, defaultTimezone });
}

/** A deal write dated on the rep's local day `today`. */
function on(today: string, account: string) {
  return { teamId: TEAM, userId: REP, account, now: NOW, today };
}

function quarterQuota(amountCents: number): void {
  setQuota(store.db, {
    teamId: TEAM,
    userId: REP,
    period: periodContaining('quarter', '2026-11-30', 1),
    amountCents,
    setBy: REP,
    now: NOW,
  });
}

// Mon–Fri working days (hand-counted, see tests/domain/gap.test.ts): October 2026 22, November 21, December 23.
// Q4 = 66. Before Mon Nov 30 in Q4: 22 + 20 = 42. From Nov 30 to Dec 31 inclusive: 1 + 23 = 24.

describe('loadStatus for a rep in Los Angeles', () => {
  it('reads the day and the clock in the rep’s zone, not the server’s default', async () => {
    inLosAngeles();
    const s = await status();
    expect(s.clock.timezone).toBe(LA);
    expect(s.clock.local).toEqual({ date: '2026-11-30', minutes: 17 * 60, weekday: 1 });
    // 17:00 is before the 17:30 reflection: the day is not over yet
    expect(s.clock.dayOver).toBe(false);
    const evening = await status('UTC', EVENING);
    expect(evening.clock.local).toEqual({ date: '2026-11-30', minutes: 18 * 60, weekday: 1 });
    expect(evening.clock.dayOver).toBe(true);
  });

  it('computes the "done when" card for Q4 2026 on the evening of November 30', async () => {
    inLosAngeles();
    quarterQuota(12_000_000);
    // a win logged with no opportunity first: quota and the average deal, never conversion
    recordWin(store.db, { ...on('2026-11-10', 'Acme'), amountCents: 3_000_000 });
    // an opportunity with no close date: the period's end; its account's fit is not set
    addOpportunity(store.db, { ...on('2026-11-20', 'Globex'), amountCents: 4_500_000 });

    const s = await status();
    expect(s.period).toMatchObject({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31', label: 'Q4 2026' });
    expect(s.report).toMatchObject({
      quotaCents: 12_000_000,
      wonCents: 3_000_000,
      gapCents: 9_000_000, // 120,000 − 30,000
      overCents: 0,
      attainment: 0.25,
      workingDaysInPeriod: 66,
      workingDaysElapsed: 42, // today is left until 17:30; in UTC it would be Dec 1 and 43
      workingDaysLeft: 24, // 66 − 42; in UTC it would be 23
      // $120,000 × 42 / 66 = $76,363.64 → $76,364, rounded once
      expectedByNowCents: 7_636_400,
      paceDeltaCents: -4_636_400, // 30,000 − 76,364
      perDayNeededCents: 375_000, // 90,000 / 24 = 3,750
      coverage: 0.5, // 45,000 / 90,000
      coverageNeeded: 4, // 1 / 25%
      // none of the rep's opportunities closed, so the blend is the team's 25% (a setting: no team history)
      winRate: {
        rate: 0.25,
        ownDeals: 0,
        ownRate: null,
        team: { rate: 0.25, source: 'setting', deals: 0 },
        floored: false,
      },
      averageDealCents: 3_000_000, // the one win of the last 12 months
      expectedFromPipelineCents: 1_125_000, // 45,000 × 25%
      projectedCents: 4_125_000, // 30,000 + 11,250
      projectedAttainment: 0.34375, // 41,250 / 120,000
      gapInDeals: 3, // ceil(90,000 / 30,000)
      cycle: { days: 30, source: 'default', wins: 0 },
      calendarDaysLeft: 31, // Nov 30 → Dec 31
      tooLate: false, // 31 days ≥ the 30-day cycle
      oppsToCreate: 11, // ceil((90,000 − 11,250) / (25% × 30,000)) = ceil(78,750 / 7,500) = ceil(10.5)
      // Q1 2027 has no quota yet: this quarter's $120,000 stands in. ceil(120,000 / 7,500) = 16 opportunities,
      // started by Mar 31 − 30 days = Mar 1; Nov 30 → Mar 1 is 31 + 31 + 28 + 1 = 91 days = 13 weeks; 16 / 13 a week
      next: {
        period: { start: '2027-01-01', end: '2027-03-31', label: 'Q1 2027' },
        quotaCents: 12_000_000,
        quotaAssumed: true,
        expectedCents: 0,
        shortfallCents: 12_000_000,
        opps: 16,
        byDate: '2027-03-01',
        weeks: 13,
        perWeek: 16 / 13,
      },
    });
    expect(s.report.pipeline.counted).toMatchObject({
      cents: 4_500_000,
      deals: [{ account: 'Globex', closeOn: null }],
    });
    expect(s.report.pipeline.stale.deals).toEqual([]); // touched Nov 20: 10 days idle
    expect(s.report.unclassifiedAccounts.map((a) => a.name)).toEqual(['Globex']);
    // The nudge: pipeline short by 78,750; then Globex's unclassified $45,000 × 25% = 11,250;
    // then no plan today, a working day's need: 3,750.
    expect(s.report.advice).toMatchObject({
      lead: { kind: 'pipeline-short', costCents: 7_875_000, shortfallCents: 7_875_000, opps: 11 },
      more: [
        { kind: 'unclassified', costCents: 1_125_000, pipelineCents: 4_500_000, workShare: 0 },
        { kind: 'no-plan', costCents: 375_000 },
      ],
    });
  });

  it('counts today as elapsed once the reflection time has passed', async () => {
    inLosAngeles();
    quarterQuota(12_000_000);
    recordWin(store.db, { ...on('2026-11-10', 'Acme'), amountCents: 3_000_000 });
    const s = await status('UTC', EVENING);
    expect(s.report).toMatchObject({
      workingDaysElapsed: 43, // 42 + today
      workingDaysLeft: 23, // December's weekdays
      // $120,000 × 43 / 66 = $78,181.82 → $78,182
      expectedByNowCents: 7_818_200,
      paceDeltaCents: -4_818_200,
      // $90,000 / 23 = $3,913.04 → $3,913
      perDayNeededCents: 391_300,
    });
    // the day is over: no plan is asked for any more
    expect(s.report.problems.map((p) => p.kind)).not.toContain('no-plan');
  });

  it('converts in dollars over opportunities only, shrunk toward the team’s rate, with the rep’s own cycle', async () => {
    inLosAngeles();
    quarterQuota(12_000_000);
    // Five $10k opportunities opened Oct 1 and won after 20, 25, 30, 35 and 40 days; five $100k ones lost.
    const wonOn = ['2026-10-21', '2026-10-26', '2026-10-31', '2026-11-05', '2026-11-10'];
    wonOn.forEach((day, i) => {
      addOpportunity(store.db, { ...on('2026-10-01', `Won ${i}`), amountCents: 1_000_000 });
      recordWin(store.db, { ...on(day, `Won ${i}`), amountCents: 1_000_000 });
      addOpportunity(store.db, { ...on('2026-10-01', `Lost ${i}`), amountCents: 10_000_000 });
      markLost(store.db, on('2026-11-02', `Lost ${i}`));
    });
    // and one $40k win logged with no opportunity: quota only
    recordWin(store.db, { ...on('2026-11-12', 'Direct'), amountCents: 4_000_000 });

    const { report } = await status();
    // average deal: every win of 12 months, (5 × 10,000 + 40,000) / 6 = 15,000
    expect(report.averageDealCents).toBe(1_500_000);
    // own: 50,000 won of 550,000 closed = 9.1%. Team: 10 closed opportunities < 20, so its 25% setting.
    // rate = (50,000 + 5 × 15,000 × 25%) / (550,000 + 5 × 15,000) = 68,750 / 625,000 = 11%
    expect(report.winRate).toMatchObject({
      rate: 0.11,
      ownDeals: 10,
      team: { rate: 0.25, source: 'setting', deals: 10 },
      floored: false,
    });
    expect(report.winRate.ownRate).toBeCloseTo(50_000 / 550_000, 12);
    expect(report.coverageNeeded).toBeCloseTo(1 / 0.11, 12);
    // median of 20, 25, 30, 35, 40 days
    expect(report.cycle).toEqual({ days: 30, source: 'own', wins: 5 });
    // won in Q4: 5 × 10,000 + 40,000 = 90,000; gap 30,000; no pipeline:
    // ceil(30,000 / (11% × 15,000)) = ceil(30,000 / 1,650) = ceil(18.2) = 19
    expect(report.gapCents).toBe(3_000_000);
    expect(report.oppsToCreate).toBe(19);
  });

  describe('with a month quota, targets, activity and a plan', () => {
    beforeEach(() => {
      inLosAngeles();
      setQuota(store.db, {
        teamId: TEAM,
        userId: REP,
        period: periodContaining('month', '2026-11-30', 1),
        amountCents: 4_200_000,
        setBy: REP,
        now: NOW,
      });
      // A December quota that a UTC reading of "now" would pick up instead.
      setQuota(store.db, {
        teamId: TEAM,
        userId: REP,
        period: periodContaining('month', '2026-12-01', 1),
        amountCents: 9_900_000,
        setBy: REP,
        now: NOW,
      });
      recordWin(store.db, { ...on('2026-11-10', 'Acme'), amountCents: 1_500_000 });
      recordWin(store.db, { ...on('2026-10-20', 'Initech'), amountCents: 500_000 });
      addOpportunity(store.db, { ...on('2026-11-20', 'Globex'), amountCents: 4_000_000 });

      setAccountIcpByName(store.db, TEAM, 'Acme', 'yes');
      setAccountIcpByName(store.db, TEAM, 'Misfit', 'no');
      const log = (kind: 'call' | 'meeting', count: number, account: string | null, today: string) =>
        logActivity(store.db, { teamId: TEAM, userId: REP, kind, count, account, now: NOW, today });
      log('call', 2, 'Acme', '2026-11-30');
      log('meeting', 1, null, '2026-11-30');
      log('call', 3, 'Misfit', '2026-11-29'); // Sunday: last week

      setTarget(store.db, { teamId: TEAM, userId: REP, activity: 'meeting', per: 'week', count: 8, now: NOW });
      setTarget(store.db, { teamId: TEAM, userId: REP, activity: 'call', per: 'day', count: 10, now: NOW });

      setPlan(store.db, {
        teamId: TEAM,
        userId: REP,
        localDate: '2026-11-30',
        items: ['Call Acme', 'Demo &lt;Globex&gt;'],
        now: NOW,
      });
      setPlan(store.db, { teamId: TEAM, userId: REP, localDate: '2026-12-01', items: ['Tomorrow'], now: NOW });
    });

    it("counts in November's dates, with November's quota", async () => {
      const s = await status();
      expect(s.rep.quotaPeriod).toBe('month');
      expect(s.period).toMatchObject({ start: '2026-11-01', end: '2026-11-30', label: 'November 2026' });
      // November: 21 working days; the 20 before the 30th elapsed; the 30th left until 17:30.
      // expected = 42,000 × 20 / 21 = 40,000
      // won in November: 15,000 (October's 5,000 is outside); gap 27,000, all of it today
      // no opportunity ever closed: the team's 25%; average deal (15,000 + 5,000) / 2 = 10,000
      // Globex closes at the month's end (no date): counted; 40,000 × 25% = 10,000 expected
      // today is the month's last day: 0 calendar days < the 30-day cycle, too late for new opportunities
      expect(s.report).toMatchObject({
        quotaCents: 4_200_000,
        wonCents: 1_500_000,
        gapCents: 2_700_000,
        workingDaysInPeriod: 21,
        workingDaysElapsed: 20,
        workingDaysLeft: 1,
        expectedByNowCents: 4_000_000,
        paceDeltaCents: -2_500_000,
        perDayNeededCents: 2_700_000,
        averageDealCents: 1_000_000,
        expectedFromPipelineCents: 1_000_000,
        projectedCents: 2_500_000, // 15,000 + 10,000
        calendarDaysLeft: 0,
        tooLate: true,
        oppsToCreate: null,
      });
      expect(s.report.pipeline.counted.cents).toBe(4_000_000);
      expect(s.report.coverage).toBeCloseTo(4_000_000 / 2_700_000, 12);
      expect(s.report.projectedAttainment).toBeCloseTo(25_000 / 42_000, 12);
      // December's own $99,000 quota: ceil(99,000 / (25% × 10,000)) = ceil(39.6) = 40, to start by
      // Dec 31 − 30 days = Dec 1, a day away: counted as one week, so all 40 of them this week.
      expect(s.report.next).toMatchObject({
        period: { label: 'December 2026' },
        quotaCents: 9_900_000,
        quotaAssumed: false,
        opps: 40,
        byDate: '2026-12-01',
        weeks: 1,
        perWeek: 40,
      });
      // The lead: 27,000 − 10,000 = 17,000 short, too late; then Globex unclassified: 40,000 × 25% = 10,000.
      expect(s.report.advice).toMatchObject({
        lead: { kind: 'too-late', costCents: 1_700_000, closeNow: [{ account: 'Globex' }] },
        more: [{ kind: 'unclassified', costCents: 1_000_000 }],
      });
    });

    it("brings today's plan, this week's mix and the targets through", async () => {
      const s = await status();
      expect(s.plan).toEqual([
        { text: 'Call Acme', done: false },
        { text: 'Demo &lt;Globex&gt;', done: false },
      ]);
      // week Mon Nov 30 – Sun Dec 6: 2 calls on an ICP account, 1 meeting with no account; Sunday's 3 calls excluded
      expect(s.report.mix).toMatchObject({ icp: 2, nonIcp: 0, unclassified: 0, noAccount: 1, total: 3 });
      // Before the reflection nothing of today is over: every pace is 0, nobody is behind.
      // The meeting had no account, so it does not count toward the target (doneAll still shows it).
      expect(s.report.targets).toEqual([
        { activity: 'call', per: 'day', count: 10, done: 2, doneAll: 2, pace: 0, behindBy: 0, elapsedDays: 0 },
        { activity: 'meeting', per: 'week', count: 8, done: 0, doneAll: 1, pace: 0, behindBy: 0, elapsedDays: 0 },
      ]);
    });

    it('puts the targets behind once the day is over', async () => {
      const s = await status('UTC', EVENING);
      // calls per day: the whole day is over, pace 10, done 2 → 8 behind.
      // meetings per week: 1 of 5 working days over → floor(8 × 1/5) = floor(1.6) = 1, done 0 → 1 behind.
      expect(s.report.targets).toEqual([
        { activity: 'call', per: 'day', count: 10, done: 2, doneAll: 2, pace: 10, behindBy: 8, elapsedDays: 1 },
        { activity: 'meeting', per: 'week', count: 8, done: 0, doneAll: 1, pace: 1, behindBy: 1, elapsedDays: 1 },
      ]);
      const texts = JSON.stringify(gapCard(cardDataOf(s)).blocks);
      expect(texts).toContain('🔻 calls: 2 of 10 today (pace says 10 by now, 8 behind)');
      expect(texts).toContain(
        '🔻 meetings: 0 of 8 this week (pace says 1 by now, 1 behind; 1 more outside your ICP or without an account, not counted)',
      );
      // November is over: all 21 days elapsed, none left, nothing to divide the gap by
      expect(s.report).toMatchObject({
        workingDaysElapsed: 21,
        workingDaysLeft: 0,
        expectedByNowCents: 4_200_000,
        perDayNeededCents: null,
      });
    });

    it('renders the card with those figures', async () => {
      const s = await status();
      const reply = gapCard(cardDataOf(s));
      const texts = JSON.stringify(reply.blocks);
      expect(reply.blocks[0]).toMatchObject({ type: 'header', text: { text: 'November 2026 · 1 working day left' } });
      // gap 27,000 in deals of 10,000: ceil(2.7) = 3
      expect(texts).toContain('*$27,000 to go* of your $42,000 quota: about 3 deals of ~$10,000');
      // 15,000 / 42,000 = 35.7% → 36%
      expect(texts).toContain('36% · $15,000 won');
      expect(texts).toContain('*Needed per working day*\\n$27,000');
      expect(texts).toContain('$25,000 behind (expected $40,000 by now)');
      // (15,000 + 10,000) / 42,000 = 59.5% → 60%
      expect(texts).toContain('60% (won $15,000 + $10,000 expected from pipeline)');
      expect(texts).toContain('$40,000 in 1 deal closing in November 2026');
      // 40,000 / 27,000 = 1.48, rounded down (a rep short of the need never reads it as met) → 1.4×; 1 / 25% = 4.0×
      expect(texts).toContain('1.4× of the 4.0× you need');
      expect(texts).toContain('None that can close in November 2026: your typical cycle is 30 days');
      // 2 of 3 on ICP = 67%; 1 of 3 with no account = 33%
      expect(texts).toContain('ICP 67% · non-ICP 0% · unclassified 0% · no account 33%');
      expect(texts).toContain('▫️ calls: 2 of 10 today (on pace)');
      expect(texts).toContain(
        '▫️ meetings: 0 of 8 this week (on pace; 1 more outside your ICP or without an account, not counted)',
      );
      expect(texts).toContain('☐ Demo &lt;Globex&gt;');
      expect(texts).not.toContain('Tomorrow');
      expect(texts).toContain('1 account not classified yet (Globex): $40,000 of your counted pipeline rests on');
      expect(texts).toContain(`times in ${LA}`);
      expect(reply.text).toBe(
        'November 2026: $27,000 to go of your $42,000 quota (36% won). ' +
          'November 2026 ends today, sooner than your typical 30-day cycle: new opportunities won’t close in time. ' +
          'Projected: 60% of quota. Close now: Globex ($40,000). ' +
          'Then create 40 ICP opportunities for December 2026 this week.',
      );
    });

    it('would read December 1 for a rep with no zone on a UTC server', async () => {
      saveRepProfile(store.db, TEAM, REP, { slackTimezone: null, isSlackAdmin: false, fetchedAt: NOW });
      const utc = await status('UTC');
      expect(utc.clock.local.date).toBe('2026-12-01');
      expect(utc.period.label).toBe('December 2026');
      expect(utc.report.quotaCents).toBe(9_900_000);
      expect(utc.plan).toEqual([{ text: 'Tomorrow', done: false }]);
      // and the operator's default zone applies when Slack has none
      expect((await status(LA)).clock.local.date).toBe('2026-11-30');
    });
  });
});
