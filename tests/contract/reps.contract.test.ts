import { expect, it } from 'vitest';
import type { ActivityKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const CAT = 'U0CAT';
/** 2026-12-01 10:00 in Los Angeles. */
const NOW = Date.parse('2026-12-01T18:00:00Z');

describeBackends('reps', (use) => {
  it('creates a rep, and their team, with the default schedule and working days, once', async () => {
    const store = use();
    const rep = await store.reps.ensureRep(T2, ANN);
    expect(rep).toEqual({
      teamId: T2,
      userId: ANN,
      slackTimezone: null,
      timezoneOverride: null,
      isSlackAdmin: false,
      profileFetchedAt: null,
      quotaPeriod: 'quarter',
      checkinMinutes: 510, // 08:30
      reflectionMinutes: 1050, // 17:30
      workingDays: '1,2,3,4,5',
      pausedUntil: null,
      dmChannelId: null,
      remindersEnabled: true,
      holidayCountry: null,
      holidayRegion: null,
      createdAt: expect.any(Number),
    });
    expect((await store.teams.getTeam(T2))?.id).toBe(T2);
    expect(await store.reps.ensureRep(T2, ANN)).toEqual(rep);
    expect(await store.reps.getRep(T1, ANN)).toBeUndefined();
  });

  it("saves the Slack profile, the DM channel and the rep's own settings", async () => {
    const store = use();
    await store.reps.saveRepProfile(T1, ANN, {
      slackTimezone: 'America/Los_Angeles',
      isSlackAdmin: true,
      fetchedAt: NOW,
    });
    await store.reps.setDmChannel(T1, ANN, 'D0ANN');
    await store.reps.updateRepSettings(T1, ANN, {
      checkinMinutes: 480,
      reflectionMinutes: 1020,
      workingDays: [5, 1, 3],
      timezoneOverride: 'Europe/Berlin',
      remindersEnabled: false,
    });
    expect(await store.reps.getRep(T1, ANN)).toMatchObject({
      slackTimezone: 'America/Los_Angeles',
      isSlackAdmin: true,
      profileFetchedAt: NOW,
      dmChannelId: 'D0ANN',
      checkinMinutes: 480,
      reflectionMinutes: 1020,
      workingDays: '1,3,5', // stored sorted
      timezoneOverride: 'Europe/Berlin',
      remindersEnabled: false,
    });
    // no row: a DM channel for a rep never met is not stored
    await store.reps.setDmChannel(T1, BOB, 'D0BOB');
    expect(await store.reps.getRep(T1, BOB)).toBeUndefined();
  });

  it("stamps a rep's writes and the team's settings in the change log", async () => {
    const store = use();
    expect(await store.repChanges.repStamp(T1, ANN)).toBeNull();
    await store.reps.ensureRep(T1, ANN); // seq 1: Ann inserted
    expect(await store.repChanges.repStamp(T1, ANN)).toEqual({ repSeq: 1, wideSeq: 0, dealsVersion: 0 });
    // seq 2: Bob inserted; 3 and 4: his update marks him as he was and as he is
    await store.reps.saveRepProfile(T1, BOB, { slackTimezone: null, isSlackAdmin: false, fetchedAt: NOW });
    await store.teams.setTeamChannel(T1, 'C0ONE'); // seq 5, wide 1
    expect(await store.repChanges.repStamp(T1, BOB)).toEqual({ repSeq: 4, wideSeq: 1, dealsVersion: 0 });
    expect(await store.repChanges.repStamp(T1, ANN)).toEqual({ repSeq: 1, wideSeq: 1, dealsVersion: 0 });
    expect(await store.repChanges.repStamp(T1, CAT)).toEqual({ repSeq: 0, wideSeq: 1, dealsVersion: 0 });
  });
});

describeBackends('pauses', (use) => {
  it('records a pause as history and sets pausedUntil', async () => {
    const store = use();
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    expect((await store.reps.getRep(T1, ANN))?.pausedUntil).toBe('2026-12-15');
    expect(await store.reps.pausesOf(T1, ANN)).toEqual([{ startsOn: '2026-12-01', until: '2026-12-15' }]);
  });

  it('ends the pause on the day of resuming, keeping what was taken, and clears pausedUntil', async () => {
    const store = use();
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    await store.reps.resumeRep({ teamId: T1, userId: ANN, today: '2026-12-04' });
    expect((await store.reps.getRep(T1, ANN))?.pausedUntil).toBeNull();
    // paused Dec 1–3; Dec 4 (today) is a working day again
    expect(await store.reps.pausesOf(T1, ANN)).toEqual([{ startsOn: '2026-12-01', until: '2026-12-04' }]);
  });

  it('cuts a running pause short when a new one is taken, so pauses never overlap', async () => {
    const store = use();
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-10' });
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-03', until: '2026-12-20' });
    expect((await store.reps.getRep(T1, ANN))?.pausedUntil).toBe('2026-12-20');
    expect(await store.reps.pausesOf(T1, ANN)).toEqual([
      { startsOn: '2026-12-01', until: '2026-12-03' },
      { startsOn: '2026-12-03', until: '2026-12-20' },
    ]);
  });

  it('never overlaps pauses taken at the same moment either', async () => {
    const store = use();
    await store.reps.ensureRep(T1, ANN);
    // two reads at once first: a pooled back end then has two connections open, so the two pauses run side by side
    await Promise.all([store.reps.getRep(T1, ANN), store.reps.getRep(T1, ANN)]);
    await Promise.all([
      store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-10' }),
      store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-20' }),
    ]);
    // Whichever ran second ended the first's pause on the day it began: only one pause is in force.
    const taken = await store.reps.pausesOf(T1, ANN);
    expect(taken).toHaveLength(2);
    expect(taken.filter((pause) => pause.until > '2026-12-01')).toHaveLength(1);
    expect(taken.map((pause) => pause.until)).toContain((await store.reps.getRep(T1, ANN))?.pausedUntil);
  });

  it('leaves finished pauses alone on resume', async () => {
    const store = use();
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-11-02', until: '2026-11-09' });
    await store.reps.resumeRep({ teamId: T1, userId: ANN, today: '2026-12-01' });
    expect(await store.reps.pausesOf(T1, ANN)).toEqual([{ startsOn: '2026-11-02', until: '2026-11-09' }]);
  });

  it('keeps pauses per rep and per team', async () => {
    const store = use();
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    await store.reps.pauseRep({ teamId: T2, userId: ANN, today: '2026-12-02', until: '2026-12-05' });
    await store.reps.resumeRep({ teamId: T1, userId: BOB, today: '2026-12-03' });
    expect(await store.reps.pausesOf(T1, ANN)).toEqual([{ startsOn: '2026-12-01', until: '2026-12-15' }]);
    expect(await store.reps.pausesOf(T2, ANN)).toEqual([{ startsOn: '2026-12-02', until: '2026-12-05' }]);
    expect(await store.reps.pausesOf(T1, BOB)).toEqual([]);
  });
});

describeBackends('activeReps', (use) => {
  const ids = async (store: Store, teamId?: string) =>
    (await store.reps.activeReps(teamId)).map(({ rep }) => `${rep.teamId}/${rep.userId}`);
  /** One `kind` activity without an account, logged at NOW on 2026-12-01. */
  const logOne = (store: Store, teamId: string, userId: string, kind: ActivityKind) =>
    store.activities.logActivity({ teamId, userId, kind, count: 1, account: null, now: NOW, today: '2026-12-01' });

  it('lists reps with a quota, a deal, an activity or a check-in, with their team, and no one else', async () => {
    const store = use();
    await store.reps.ensureRep(T1, 'U0IDLE');
    await store.quotas.setQuota({
      teamId: T1,
      userId: CAT,
      period: periodContaining('quarter', '2026-12-01', 1),
      amountCents: 12_000_000,
      setBy: CAT,
      now: NOW,
    });
    await store.reps.ensureRep(T1, BOB);
    await store.deals.addOpportunity({
      teamId: T1,
      userId: BOB,
      account: 'Globex',
      amountCents: 100,
      now: NOW,
      today: '2026-12-01',
    });
    await store.reps.ensureRep(T1, ANN);
    await logOne(store, T1, ANN, 'call');
    await store.reps.ensureRep(T2, 'U0DAN');
    await store.checkins.setPlan({ teamId: T2, userId: 'U0DAN', localDate: '2026-12-01', items: ['Call'], now: NOW });

    // ordered by team, then user; the idle rep is left out
    expect(await ids(store)).toEqual([`${T1}/${ANN}`, `${T1}/${BOB}`, `${T1}/${CAT}`, `${T2}/U0DAN`]);
    expect(await ids(store, T2)).toEqual([`${T2}/U0DAN`]);
    const [first] = await store.reps.activeReps(T1);
    expect(first?.team).toEqual(await store.teams.getTeam(T1));
    expect(first?.rep).toEqual(await store.reps.getRep(T1, ANN));
  });

  it('still lists a paused rep (the due rules skip paused days)', async () => {
    const store = use();
    await store.reps.ensureRep(T1, ANN);
    await logOne(store, T1, ANN, 'demo');
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    expect(await ids(store, T1)).toEqual([`${T1}/${ANN}`]);
  });

  it('does not count one team’s work for a rep of the same user ID in another team', async () => {
    const store = use();
    await store.reps.ensureRep(T1, ANN);
    await store.reps.ensureRep(T2, ANN);
    await logOne(store, T1, ANN, 'call');
    expect(await ids(store)).toEqual([`${T1}/${ANN}`]);
  });
});
