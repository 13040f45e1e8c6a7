import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const MGR = 'U0MGR';
const NOW = Date.UTC(2026, 10, 30, 17, 0);

describeBackends('teams', (use) => {
  it('creates a team with the default settings once', async () => {
    const store = use();
    const team = await store.teams.ensureTeam(T1);
    expect(team).toEqual({
      id: T1,
      channelId: null,
      weeklyDay: 1,
      weeklyMinutes: 540, // Monday 09:00
      timezone: null,
      fiscalYearStartMonth: 1,
      currency: 'USD',
      defaultWinRate: 0.25,
      periodKind: 'quarter',
      holidayCountry: null,
      holidayRegion: null,
      companyDaysOff: '[]',
      workedHolidays: '[]',
      dealsVersion: 0,
      manualDeals: true,
      createdAt: expect.any(Number),
    });
    expect(await store.teams.ensureTeam(T1)).toEqual(team);
    expect(await store.teams.getTeam(T1)).toEqual(team);
    expect(await store.teams.getTeam(T2)).toBeUndefined();
  });

  it('sets the channel, manual deals and the settings, creating the team on first use', async () => {
    const store = use();
    await store.teams.setTeamChannel(T1, 'C0WEEKLY');
    await store.teams.setManualDeals(T1, false);
    await store.teams.updateTeamSettings(T2, {
      channelId: null,
      timezone: 'Europe/Paris',
      weeklyDay: 5,
      weeklyMinutes: 990,
      fiscalYearStartMonth: 4,
      currency: 'EUR',
      defaultWinRate: 0.3,
      periodKind: 'month',
    });
    expect(await store.teams.getTeam(T1)).toMatchObject({ channelId: 'C0WEEKLY', manualDeals: false });
    expect(await store.teams.getTeam(T2)).toMatchObject({
      channelId: null,
      timezone: 'Europe/Paris',
      weeklyDay: 5,
      weeklyMinutes: 990,
      fiscalYearStartMonth: 4,
      currency: 'EUR',
      defaultWinRate: 0.3,
      periodKind: 'month',
      manualDeals: true,
    });
  });

  it('lists the teams with a channel, and every team by ID', async () => {
    const store = use();
    await store.teams.ensureTeam('T0003');
    await store.teams.setTeamChannel(T2, 'C0TWO');
    await store.teams.setTeamChannel(T1, 'C0ONE');
    const withChannel = await store.teams.teamsWithChannel();
    expect(withChannel.map((team) => [team.id, team.channelId]).sort()).toEqual([
      [T1, 'C0ONE'],
      [T2, 'C0TWO'],
    ]);
    expect((await store.managers.allTeams()).map((team) => team.id)).toEqual([T1, T2, 'T0003']);
  });
});

describeBackends('managers', (use) => {
  const profile = (isSlackAdmin: boolean) => ({ slackTimezone: null, isSlackAdmin, fetchedAt: NOW });

  it("lists the team's admins, by user ID, with their DM channel", async () => {
    const store = use();
    await store.reps.saveRepProfile(T1, BOB, profile(true));
    await store.reps.saveRepProfile(T1, ANN, profile(true));
    await store.reps.setDmChannel(T1, ANN, 'D0ANN');
    await store.reps.saveRepProfile(T1, 'U0REP', profile(false));
    await store.reps.saveRepProfile(T2, 'U0OTHER', profile(true)); // another team's admin
    expect(await store.managers.teamManagers(T1, [])).toEqual([
      { userId: ANN, dmChannelId: 'D0ANN' },
      { userId: BOB, dmChannelId: null },
    ]);
  });

  it('adds the configured managers met in the team, or met nowhere, but not those met only in another team', async () => {
    const store = use();
    await store.reps.saveRepProfile(T1, BOB, profile(true));
    await store.reps.ensureRep(T1, MGR); // configured, met here: listed although no admin
    await store.reps.ensureRep(T2, 'U0ELSE'); // configured, met only in T2: not T1's
    const managers = await store.managers.teamManagers(T1, ['U0NEW', MGR, 'U0ELSE']);
    // U0NEW was never met anywhere: one list for the workspace, so every team's
    expect(managers).toEqual([
      { userId: BOB, dmChannelId: null },
      { userId: MGR, dmChannelId: null },
      { userId: 'U0NEW', dmChannelId: null },
    ]);
    expect(await store.managers.teamManagers(T2, ['U0ELSE'])).toEqual([{ userId: 'U0ELSE', dmChannelId: null }]);
  });
});
