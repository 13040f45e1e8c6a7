import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTeamProgress, readRepByRep, type TeamProgress, teamProgressFrom } from '../../src/coach/team.js';
import {
  addCompanyDay,
  removeCompanyDay,
  setHolidayWorked,
  setRepHolidayCountry,
  setTeamHolidayCountry,
} from '../../src/db/holidays.js';
import { ensureRep } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { repsChangedSince, teamStateStamp } from '../../src/db/team-rows.js';
import { ensureTeam } from '../../src/db/teams.js';
import { tempStorage } from '../support/db.js';

/**
 * Holidays in the kept team view: the team's calendar and company days off change every rep's figures (a wide
 * change), a rep's own country only theirs; whichever process writes, the kept answer equals one computed
 * from scratch, rep by rep. Mid-November 2026: Thanksgiving (Thu Nov 26) and Christmas (Fri Dec 25) are ahead.
 */
const TEAM = 'THOLSEED';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TZ = 'America/New_York';
const MINUTE = 60_000;

describe('holidays in the kept team view', () => {
  const store = tempStorage();
  const { db } = store;
  const app = store.store;
  let reps: string[];
  let minute = 0;
  const at = () => ({ teamId: TEAM, defaultTimezone: TZ, now: NOW + ++minute * MINUTE });
  const keptAndChecked = async (moment = at()) => {
    const kept = await loadTeamProgress(app, moment);
    expect(kept).toEqual(await teamProgressFrom(app, moment, readRepByRep));
    return kept;
  };
  const recomputed = (before: TeamProgress, after: TeamProgress) =>
    after.reps.filter((line) => before.reps.find((r) => r.userId === line.userId) !== line).map((r) => r.userId);
  const line = (p: TeamProgress, userId: string) => p.reps.find((r) => r.userId === userId);
  const daysInPeriod = (p: TeamProgress, userId: string) => line(p, userId)?.status.report.workingDaysInPeriod;

  beforeAll(() => {
    reps = seedTeam(store.sqlite, { teamId: TEAM, reps: 8, days: 30, now: NOW, seed: 5 }).userIds;
  });
  afterAll(() => store.remove());

  it('the team’s country: every rep worked out again, and each period loses its weekday holidays', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    setTeamHolidayCountry(db, TEAM, 'US', null);
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toHaveLength(reps.length);
    // A Mon–Fri rep on Q4 2026 loses Oct 12, Nov 11, Nov 26 and Dec 25: 66 weekdays → 62.
    const quarterRep = before.reps.find(
      (r) =>
        r.status.period.start === '2026-10-01' &&
        r.status.period.kind === 'quarter' &&
        r.status.calendar.workingDays.length === 5,
    );
    const userId = quarterRep?.userId as string;
    expect(daysInPeriod(before, userId)).toBe(66);
    expect(daysInPeriod(after, userId)).toBe(62);
  });

  it('a company day off written by another process is seen at once, for the whole team', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    const other = new Database(store.path);
    try {
      other
        .prepare('update teams set company_days_off = ? where id = ?')
        .run(JSON.stringify([{ date: '2026-11-27', name: 'Day after Thanksgiving' }]), TEAM);
    } finally {
      other.close();
    }
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toHaveLength(reps.length);
    addCompanyDay(db, TEAM, { date: '2026-12-24', name: 'Christmas Eve' });
    await keptAndChecked();
    removeCompanyDay(db, TEAM, '2026-11-27');
    await keptAndChecked();
  });

  it('a public holiday the team works: every rep on the team’s calendar worked out again, exactly', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    setHolidayWorked(db, TEAM, '2026-11-11', true);
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toHaveLength(reps.length);
    setHolidayWorked(db, TEAM, '2026-11-11', false);
    await keptAndChecked();
  });

  it('a rep’s own country: only that rep is worked out again', async () => {
    const moment = at();
    const before = await keptAndChecked(moment);
    setRepHolidayCountry(db, TEAM, reps[0] as string, 'DE', 'BY');
    const after = await keptAndChecked(moment);
    expect(recomputed(before, after)).toEqual([reps[0]]);
  });
});

describe('the change log for holiday settings', () => {
  const store = tempStorage();
  const { db } = store;
  afterAll(() => store.remove());
  ensureTeam(db, 'TLOGH');
  for (const userId of ['UANN', 'UBEN']) ensureRep(db, 'TLOGH', userId);

  it('the team’s country and its company days off are wide changes; a rep’s own country marks only that rep', () => {
    let before = teamStateStamp(db, 'TLOGH');
    setTeamHolidayCountry(db, 'TLOGH', 'US', 'CA');
    expect(teamStateStamp(db, 'TLOGH').wideSeq).toBe(before.wideSeq + 1);

    before = teamStateStamp(db, 'TLOGH');
    addCompanyDay(db, 'TLOGH', { date: '2026-12-24', name: 'Christmas Eve' });
    expect(teamStateStamp(db, 'TLOGH').wideSeq).toBe(before.wideSeq + 1);

    before = teamStateStamp(db, 'TLOGH');
    // Removing a day that is not there writes nothing.
    expect(removeCompanyDay(db, 'TLOGH', '2026-12-31')).toBeNull();
    expect(teamStateStamp(db, 'TLOGH')).toEqual(before);

    setRepHolidayCountry(db, 'TLOGH', 'UBEN', 'DE', null);
    expect(repsChangedSince(db, 'TLOGH', before.seq, 10)).toEqual(new Set(['UBEN']));
    expect(teamStateStamp(db, 'TLOGH').wideSeq).toBe(before.wideSeq);
  });
});
