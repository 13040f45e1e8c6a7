import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const ANN = 'U0ANN';

describeBackends('holidays', (use) => {
  it("sets the team's and a rep's country, dropping the region with the country", async () => {
    const store = use();
    await store.holidays.setTeamHolidayCountry(T1, 'US', 'CA');
    await store.holidays.setRepHolidayCountry(T1, ANN, 'DE', 'BY');
    expect(await store.teams.getTeam(T1)).toMatchObject({ holidayCountry: 'US', holidayRegion: 'CA' });
    expect(await store.reps.getRep(T1, ANN)).toMatchObject({ holidayCountry: 'DE', holidayRegion: 'BY' });
    await store.holidays.setTeamHolidayCountry(T1, null, 'CA');
    await store.holidays.setRepHolidayCountry(T1, ANN, null, 'BY');
    expect(await store.teams.getTeam(T1)).toMatchObject({ holidayCountry: null, holidayRegion: null });
    expect(await store.reps.getRep(T1, ANN)).toMatchObject({ holidayCountry: null, holidayRegion: null });
  });

  it('stores company days sorted by date, adds, renames and removes one', async () => {
    const store = use();
    await store.holidays.setCompanyDays(T1, [
      { date: '2026-12-31', name: 'Year end' },
      { date: '2026-12-24', name: 'Christmas Eve' },
    ]);
    const daysOff = async () => (await store.teams.getTeam(T1))?.companyDaysOff;
    expect(await daysOff()).toBe(
      '[{"date":"2026-12-24","name":"Christmas Eve"},{"date":"2026-12-31","name":"Year end"}]',
    );
    expect(await store.holidays.addCompanyDay(T1, { date: '2026-11-27', name: 'Day after' })).toBeNull();
    expect(await store.holidays.addCompanyDay(T1, { date: '2026-12-31', name: 'Offsite' })).toEqual({
      date: '2026-12-31',
      name: 'Year end',
    });
    expect(await daysOff()).toBe(
      '[{"date":"2026-11-27","name":"Day after"},{"date":"2026-12-24","name":"Christmas Eve"},' +
        '{"date":"2026-12-31","name":"Offsite"}]',
    );
    expect(await store.holidays.removeCompanyDay(T1, '2026-12-24')).toEqual({
      date: '2026-12-24',
      name: 'Christmas Eve',
    });
    expect(await store.holidays.removeCompanyDay(T1, '2026-12-25')).toBeNull();
    expect(await daysOff()).toBe('[{"date":"2026-11-27","name":"Day after"},{"date":"2026-12-31","name":"Offsite"}]');
    // a team never seen: created, with nothing to remove
    expect(await store.holidays.removeCompanyDay('T0002', '2026-12-25')).toBeNull();
    expect((await store.teams.getTeam('T0002'))?.companyDaysOff).toBe('[]');
  });

  it('keeps both of two days off added at once', async () => {
    const store = use();
    await store.teams.ensureTeam(T1);
    // two reads at once first: a pooled back end then has two connections open, so the two adds run side by side
    await Promise.all([store.teams.getTeam(T1), store.teams.getTeam(T1)]);
    await Promise.all([
      store.holidays.addCompanyDay(T1, { date: '2026-12-24', name: 'Christmas Eve' }),
      store.holidays.addCompanyDay(T1, { date: '2026-12-31', name: 'Year end' }),
    ]);
    expect((await store.teams.getTeam(T1))?.companyDaysOff).toBe(
      '[{"date":"2026-12-24","name":"Christmas Eve"},{"date":"2026-12-31","name":"Year end"}]',
    );
  });

  it('marks public holidays worked, sorted, and says when nothing changed', async () => {
    const store = use();
    expect(await store.holidays.setHolidayWorked(T1, '2026-11-11', true)).toBe(true);
    expect(await store.holidays.setHolidayWorked(T1, '2026-10-12', true)).toBe(true);
    expect(await store.holidays.setHolidayWorked(T1, '2026-10-12', true)).toBe(false);
    expect((await store.teams.getTeam(T1))?.workedHolidays).toBe('["2026-10-12","2026-11-11"]');
    expect(await store.holidays.setHolidayWorked(T1, '2026-11-11', false)).toBe(true);
    expect(await store.holidays.setHolidayWorked(T1, '2026-12-25', false)).toBe(false);
    expect((await store.teams.getTeam(T1))?.workedHolidays).toBe('["2026-10-12"]');
  });
});
