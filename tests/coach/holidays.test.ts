import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStatus } from '../../src/coach/status.js';
import { streakOf } from '../../src/coach/streak.js';
import { setPlan } from '../../src/db/checkins.js';
import { recordWin } from '../../src/db/deals.js';
import { addCompanyDay, setRepHolidayCountry, setTeamHolidayCountry } from '../../src/db/holidays.js';
import { setQuota } from '../../src/db/quotas.js';
import { getRep, saveRepProfile } from '../../src/db/reps.js';
import { ensureTeam } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { cardDataOf, gapCard } from '../../src/slack/views/gap-card.js';
import { tempStorage } from '../support/db.js';

const TEAM = 'THOL';
const REP = 'UHOL';
const NY = 'America/New_York';
/** Wednesday 2026-12-02, 12:00 in New York (EST, UTC−5): before the 17:30 reflection, so today is a day left. */
const NOON_DEC_2 = Date.parse('2026-12-02T17:00:00Z');

let store: ReturnType<typeof tempStorage>;

beforeEach(() => {
  store = tempStorage();
  saveRepProfile(store.db, TEAM, REP, { slackTimezone: NY, isSlackAdmin: false, fetchedAt: 0 });
});
afterEach(() => store.remove());

const status = () => loadStatus(store.store, { teamId: TEAM, userId: REP, now: NOON_DEC_2, defaultTimezone: NY });

/** $62,000 for Q4 2026 and $20,000 won: numbers that divide evenly by the US calendar's working days. */
function quotaAndWin(): void {
  setQuota(store.db, {
    teamId: TEAM,
    userId: REP,
    period: periodContaining('quarter', '2026-12-02', 1),
    amountCents: 6_200_000,
    setBy: REP,
    now: 0,
  });
  recordWin(store.db, {
    teamId: TEAM,
    userId: REP,
    account: 'Acme',
    amountCents: 2_000_000,
    now: 0,
    today: '2026-11-02',
  });
}

// Mon–Fri in Q4 2026: October 22, November 21, December 23 = 66 weekdays.
// Before Wed Dec 2: October 22 + November 21 + Tue Dec 1 = 44. From Dec 2 to Dec 31: 23 − 1 = 22.
// US public holidays on weekdays in Q4: Mon Oct 12, Wed Nov 11, Thu Nov 26 (all before Dec 2), Fri Dec 25.
describe('Q4 pace and working days left, with and without the team’s US holidays', () => {
  it('without a calendar: 66 days, 44 elapsed, 22 left', async () => {
    quotaAndWin();
    const { report } = await status();
    expect([report.workingDaysInPeriod, report.workingDaysElapsed, report.workingDaysLeft]).toEqual([66, 44, 22]);
    // $62,000 × 44 / 66 = $41,333.33 → $41,333 expected by now.
    expect(report.expectedByNowCents).toBe(4_133_300);
    // ($62,000 − $20,000) / 22 = $1,909.09 → $1,909 a day.
    expect(report.perDayNeededCents).toBe(190_900);
  });

  it('with the US calendar: 66 − 4 = 62 days, 44 − 3 = 41 elapsed, 22 − 1 = 21 left', async () => {
    quotaAndWin();
    setTeamHolidayCountry(store.db, TEAM, 'US', null);
    const { report, nextHoliday } = await status();
    expect([report.workingDaysInPeriod, report.workingDaysElapsed, report.workingDaysLeft]).toEqual([62, 41, 21]);
    // $62,000 × 41 / 62 = $41,000 expected by now; $20,000 − $41,000 = $21,000 behind.
    expect(report.expectedByNowCents).toBe(4_100_000);
    expect(report.paceDeltaCents).toBe(-2_100_000);
    // $42,000 / 21 = $2,000 a working day.
    expect(report.perDayNeededCents).toBe(200_000);
    expect(nextHoliday).toEqual({ date: '2026-12-25', name: 'Christmas Day', kind: 'public' });
  });

  it('a rep on their own German calendar in a US team: only Fri Dec 25 is a weekday holiday (Oct 3, Dec 26 are Saturdays)', async () => {
    quotaAndWin();
    setTeamHolidayCountry(store.db, TEAM, 'US', null);
    setRepHolidayCountry(store.db, TEAM, REP, 'DE', null);
    const { report } = await status();
    // 66 − 1 = 65; elapsed 44 (no German weekday holiday before Dec 2); left 22 − 1 = 21.
    expect([report.workingDaysInPeriod, report.workingDaysElapsed, report.workingDaysLeft]).toEqual([65, 44, 21]);
  });

  it('a company day off counts too, and the card names the nearest holiday', async () => {
    quotaAndWin();
    setTeamHolidayCountry(store.db, TEAM, 'US', null);
    addCompanyDay(store.db, TEAM, { date: '2026-12-24', name: 'Christmas Eve' });
    const now = await status();
    // 21 left with the US calendar, minus Thu Dec 24: 20.
    expect(now.report.workingDaysLeft).toBe(20);
    const card = gapCard(cardDataOf(now));
    expect(JSON.stringify(card.blocks)).toContain(
      '🏖️ Next holiday: Thu 24 Dec, Christmas Eve (not counted as a working day)',
    );
    expect(JSON.stringify(card.blocks)).toContain('Q4 2026 · 20 working days left');
  });

  it('the card says nothing of holidays for a team without a calendar', async () => {
    quotaAndWin();
    const card = gapCard(cardDataOf(await status()));
    expect(JSON.stringify(card.blocks)).not.toContain('holiday');
  });
});

describe('a planning streak across Christmas, read from the database', () => {
  it('counts through the holiday and the weekend: 6 days, where the bare weekdays give 2', async () => {
    for (const date of ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-28', '2026-12-29']) {
      setPlan(store.db, { teamId: TEAM, userId: REP, localDate: date, items: ['Call Acme'], now: 0 });
    }
    const rep = getRep(store.db, TEAM, REP);
    if (!rep) throw new Error('no rep');
    expect(await streakOf(store.store, rep, '2026-12-29')).toBe(2);
    setTeamHolidayCountry(store.db, TEAM, 'US', null);
    expect(await streakOf(store.store, rep, '2026-12-29')).toBe(6);
    expect(await streakOf(store.store, rep, '2026-12-29', ensureTeam(store.db, TEAM))).toBe(6);
  });
});
