import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCompanyDays, setTeamHolidayCountry } from '../../src/db/holidays.js';
import { ensureRep, saveRepProfile } from '../../src/db/reps.js';
import { nextPromptInstant } from '../../src/playground/clock.js';
import { tempStorage } from '../support/db.js';

const TEAM = 'T0CLOCK';
const REP = 'U0CLOCK';
const NY = 'America/New_York';

describe('the playground clock', () => {
  let store: ReturnType<typeof tempStorage>;
  beforeEach(() => {
    store = tempStorage();
    saveRepProfile(store.db, TEAM, REP, { slackTimezone: NY, isSlackAdmin: false, fetchedAt: 0 });
    ensureRep(store.db, TEAM, REP);
  });
  afterEach(() => store.remove());

  const next = (choice: 'checkin' | 'reflection', at: string) =>
    new Date(nextPromptInstant(choice, Date.parse(at), NY, store.db, TEAM, REP)).toISOString();

  it('jumps over weekends, public holidays and company days off, as the pass does', () => {
    // Wednesday Dec 23, 2026, 10:00 in New York (15:00Z): the next check-in (08:30 + 5 min) is Thursday Dec 24.
    expect(next('checkin', '2026-12-23T15:00:00Z')).toBe('2026-12-24T13:35:00.000Z');
    setTeamHolidayCountry(store.db, TEAM, 'US', null);
    // Christmas (Fri Dec 25) is a US public holiday, then a weekend: Monday Dec 28, 08:35 EST = 13:35Z.
    expect(next('checkin', '2026-12-24T15:00:00Z')).toBe('2026-12-28T13:35:00.000Z');
    setCompanyDays(store.db, TEAM, [{ date: '2026-12-24', name: 'Christmas Eve' }]);
    expect(next('checkin', '2026-12-23T15:00:00Z')).toBe('2026-12-28T13:35:00.000Z');
    // The reflection (17:30 + 5 min) on Thursday Dec 31; New Year's Day is a holiday: Monday Jan 4, 22:35Z.
    expect(next('reflection', '2026-12-31T23:00:00Z')).toBe('2027-01-04T22:35:00.000Z');
  });
});
