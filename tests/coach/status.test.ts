import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStatus } from '../../src/coach/status.js';
import { setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { setTarget } from '../../src/db/targets.js';
import { periodContaining } from '../../src/domain/period.js';
import { gapCard } from '../../src/slack/views/gap-card.js';
import { tempStorage } from '../support/db.js';

const TEAM = 'T0001';
const REP = 'U0ANN';
const LA = 'America/Los_Angeles';
// 2026-12-01T01:00Z is already December 1 in UTC, but 17:00 PST (UTC−8) on Monday November 30 in Los Angeles:
// after the 08:30 check-in and before the 17:30 reflection, so today counts half.
const NOW = Date.UTC(2026, 11, 1, 1, 0);

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

function status(defaultTimezone = 'UTC') {
  return loadStatus(store.db, { teamId: TEAM, userId: REP, now: NOW, defaultTimezone });
}

/** A deal write dated on the rep's local day `today`. */
function on(today: string, account: string) {
  return { teamId: TEAM, userId: REP, account, now: NOW, today };
}

// Mon–Fri working days (hand-counted, see tests/domain/gap.test.ts): October 2026 22, November 21, December 23.
// Q4 = 66. Before Mon Nov 30 in Q4: 22 + 20 = 42. From Nov 30 to Dec 31 inclusive: 1 + 23 = 24.

describe('loadStatus for a rep in Los Angeles', () => {
  it('reads the day and the clock in the rep’s zone, not the server’s default', () => {
    inLosAngeles();
    const s = status();
    expect(s.clock.timezone).toBe(LA);
    expect(s.clock.local).toEqual({ date: '2026-11-30', minutes: 17 * 60, weekday: 1 });
    expect(s.clock.todayPart).toBe(0.5);
  });

  it('computes the "done when" card for Q4 2026 on the evening of November 30', () => {
    inLosAngeles();
    setQuota(store.db, {
      teamId: TEAM,
      userId: REP,
      period: periodContaining('quarter', '2026-11-30', 1),
      amountCents: 12_000_000,
      setBy: REP,
      now: NOW,
    });
    recordWin(store.db, { ...on('2026-11-10', 'Acme'), amountCents: 3_000_000 });
    addOpportunity(store.db, { ...on('2026-11-20', 'Globex'), amountCents: 4_500_000 });

    const s = status();
    expect(s.period).toMatchObject({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31', label: 'Q4 2026' });
    expect(s.report).toMatchObject({
      quotaCents: 12_000_000,
      wonCents: 3_000_000,
      gapCents: 9_000_000, // 120,000 − 30,000
      attainment: 0.25,
      workingDaysInPeriod: 66,
      workingDaysElapsed: 42.5, // in UTC it would already be 43
      workingDaysLeft: 24, // in UTC it would be 23
      expectedByNowCents: 7_727_273, // 12,000,000 × 42.5 / 66 = 7,727,272.7…
      paceDeltaCents: -4_727_273,
      perDayNeededCents: 375_000, // 9,000,000 / 24
      openCents: 4_500_000,
      openCount: 1,
      coverage: 0.5, // 45,000 / 90,000
      winRate: 0.25, // one closed deal: team default
      winRateSource: 'team-default',
      coverageNeeded: 4,
      expectedFromPipelineCents: 1_125_000, // 45,000 × 0.25
      averageDealCents: 3_000_000,
      oppsToCreate: 11, // ceil(78,750 / 7,500)
    });
    expect(s.report.nudge).toEqual({
      kind: 'pipeline-short',
      expectedCents: 1_125_000,
      gapCents: 9_000_000,
      oppsToCreate: 11,
    });
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

    it("counts in November's dates, with November's quota", () => {
      const s = status();
      expect(s.rep.quotaPeriod).toBe('month');
      expect(s.period).toMatchObject({ start: '2026-11-01', end: '2026-11-30', label: 'November 2026' });
      // November: 21 working days; 20 before the 30th plus half of it; only the 30th left.
      // expected = 4,200,000 × 20.5 / 21 = 200,000 × 20.5 = 4,100,000
      // won in November: 1,500,000 (October's 500,000 is outside); gap 2,700,000, all of it today
      // closed in 12 months: 2 won (team default 25%), average (1,500,000 + 500,000) / 2 = 1,000,000
      // expected from pipeline 4,000,000 × 0.25 = 1,000,000; opps = ceil(1,700,000 / 250,000) = ceil(6.8) = 7
      expect(s.report).toMatchObject({
        quotaCents: 4_200_000,
        wonCents: 1_500_000,
        gapCents: 2_700_000,
        workingDaysInPeriod: 21,
        workingDaysElapsed: 20.5,
        workingDaysLeft: 1,
        expectedByNowCents: 4_100_000,
        paceDeltaCents: -2_600_000,
        perDayNeededCents: 2_700_000,
        openCents: 4_000_000,
        averageDealCents: 1_000_000,
        expectedFromPipelineCents: 1_000_000,
        oppsToCreate: 7,
      });
      expect(s.report.coverage).toBeCloseTo(4_000_000 / 2_700_000, 12);
    });

    it("brings today's plan, this week's mix and the targets through", () => {
      const s = status();
      expect(s.plan).toEqual([
        { text: 'Call Acme', done: false },
        { text: 'Demo &lt;Globex&gt;', done: false },
      ]);
      // week Mon Nov 30 – Sun Dec 6: 2 calls on an ICP account, 1 meeting with no account; Sunday's 3 calls excluded
      expect(s.report.mix).toMatchObject({ icp: 2, nonIcp: 0, unassigned: 1, total: 3 });
      // calls per day: pace floor(10 × 0.5) = 5, done 2 → 3 behind.
      // meetings per week: 0.5 of 5 working days → floor(8 × 0.1) = 0, done 1 → not behind.
      expect(s.report.targets).toEqual([
        { activity: 'call', per: 'day', count: 10, done: 2, pace: 5, behindBy: 3 },
        { activity: 'meeting', per: 'week', count: 8, done: 1, pace: 0, behindBy: 0 },
      ]);
    });

    it('renders the card with those figures', () => {
      const s = status();
      const reply = gapCard({
        period: s.period,
        report: s.report,
        plan: s.plan,
        currency: s.team.currency,
        timezone: s.clock.timezone,
      });
      const texts = JSON.stringify(reply.blocks);
      expect(reply.blocks[0]).toMatchObject({ type: 'header', text: { text: 'November 2026 · 1 working day left' } });
      expect(texts).toContain('*$27,000 to go* of your $42,000 quota');
      expect(texts).toContain('🔻 calls: 2 of 10 today (pace says 5 by now, 3 behind)');
      expect(texts).toContain('☐ Demo &lt;Globex&gt;');
      expect(texts).not.toContain('Tomorrow');
      expect(texts).toContain(`times in ${LA}`);
      expect(reply.text).toBe(
        'November 2026: $27,000 gap to your $42,000 quota (36% won). ' +
          'Your pipeline should bring about $10,000 of the $27,000 gap. Create 7 qualified opportunities with ICP accounts.',
      );
    });

    it('would read December 1 for a rep with no zone on a UTC server', () => {
      saveRepProfile(store.db, TEAM, REP, { slackTimezone: null, isSlackAdmin: false, fetchedAt: NOW });
      const utc = status('UTC');
      expect(utc.clock.local.date).toBe('2026-12-01');
      expect(utc.period.label).toBe('December 2026');
      expect(utc.report.quotaCents).toBe(9_900_000);
      expect(utc.plan).toEqual([{ text: 'Tomorrow', done: false }]);
      // and the operator's default zone applies when Slack has none
      expect(status(LA).clock.local.date).toBe('2026-11-30');
    });
  });
});
