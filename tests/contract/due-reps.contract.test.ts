import { expect, it } from 'vitest';
import { periodContaining } from '../../src/domain/period.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

/**
 * The scheduler pass's set-based reads for a few reps of a team: whole rows (toEqual), in SQLite's order, so a
 * folded alias, a string where a number belongs or a row out of place fails here.
 */
const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const CAT = 'U0CAT';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z
const REPS = [ANN, BOB];

/**
 * Team T1; the reads ask for Ann and Bob, never Cat. Deals (ids 1–8, accounts 1–8 in the same order): Acme (Ann,
 * opened Oct 1, won Nov 1 at $40k), Straight (Ann, won Nov 1 at $40k, no opportunity), Initech (Ann, won Nov 30
 * at $20k), Globex (Bob, opened Oct 1, lost Nov 30, $60k), Umbrella (Bob, open since Nov 30, $30k), Zeta (Ann,
 * open since Nov 15, $5k), Hooli (Ann, open since Nov 20, $5k), Cato (Cat, open). Fit Co (9) is ICP.
 */
async function seed(store: Store): Promise<void> {
  for (const userId of [ANN, BOB, CAT]) await store.reps.ensureRep(T1, userId);
  const deal = (userId: string, account: string, today: string) => ({ teamId: T1, userId, account, today, now: NOW });
  await store.deals.addOpportunity({ ...deal(ANN, 'Acme', '2026-10-01'), amountCents: 4_000_000 });
  await store.deals.recordWin({ ...deal(ANN, 'Acme', '2026-11-01'), amountCents: 4_000_000 });
  await store.deals.recordWin({ ...deal(ANN, 'Straight', '2026-11-01'), amountCents: 4_000_000 });
  await store.deals.recordWin({ ...deal(ANN, 'Initech', '2026-11-30'), amountCents: 2_000_000 });
  await store.deals.addOpportunity({ ...deal(BOB, 'Globex', '2026-10-01'), amountCents: 6_000_000 });
  await store.deals.markLost(deal(BOB, 'Globex', '2026-11-30'));
  await store.deals.addOpportunity({ ...deal(BOB, 'Umbrella', '2026-11-30'), amountCents: 3_000_000 });
  await store.deals.addOpportunity({ ...deal(ANN, 'Zeta', '2026-11-15'), amountCents: 500_000 });
  await store.deals.addOpportunity({ ...deal(ANN, 'Hooli', '2026-11-20'), amountCents: 500_000 });
  await store.deals.addOpportunity({ ...deal(CAT, 'Cato', '2026-11-01'), amountCents: 1_000_000 });
  await store.accounts.setAccountIcpByName(T1, 'Fit Co', 'yes');

  const log = (
    userId: string,
    kind: 'call' | 'email' | 'meeting',
    count: number,
    account: string | null,
    today: string,
  ) => store.activities.logActivity({ teamId: T1, userId, kind, count, account, now: NOW, today });
  await log(CAT, 'call', 1, 'Umbrella', '2026-11-24');
  await log(ANN, 'email', 1, 'Zeta', '2026-11-25');
  await log(ANN, 'email', 2, null, '2026-11-25');
  await log(ANN, 'call', 3, 'Fit Co', '2026-11-26');
  await log(BOB, 'meeting', 1, 'Umbrella', '2026-11-26');
  await log(BOB, 'meeting', 2, 'Fit Co', '2026-11-26');
  await log(BOB, 'call', 1, 'Zeta', '2026-11-27');
  await log(ANN, 'call', 5, null, '2026-11-20');

  // Another team's rows with the same user IDs never show.
  await store.deals.recordWin({ ...deal(ANN, 'Acme', '2026-11-01'), teamId: T2, amountCents: 9_000_000 });
  await store.activities.logActivity({
    teamId: T2,
    userId: ANN,
    kind: 'email',
    count: 9,
    account: 'Zeta',
    now: NOW,
    today: '2026-11-25',
  });
}

describeBackends('due reps', (use) => {
  it("reads the reps' closed deals by rep, status, closing day, amount, then opening day (none first)", async () => {
    const store = use();
    await seed(store);
    expect(await store.dueReps.closedDealsOfReps(T1, REPS, '2026-11-01', '2026-11-30')).toEqual([
      [ANN, 'won', 4_000_000, null, '2026-11-01'],
      [ANN, 'won', 4_000_000, '2026-10-01', '2026-11-01'],
      [ANN, 'won', 2_000_000, null, '2026-11-30'],
      [BOB, 'lost', 6_000_000, '2026-10-01', '2026-11-30'],
    ]);
    expect(await store.dueReps.closedDealsOfReps(T1, [CAT], '2026-11-01', '2026-11-30')).toEqual([]);
    expect(await store.dueReps.closedDealsOfReps(T1, [], '2026-01-01', '2026-12-31')).toEqual([]);
  });

  it("reads the reps' open deals with their accounts and when each was last touched", async () => {
    const store = use();
    await seed(store);
    expect(await store.dueReps.openDealsOfReps(T1, REPS)).toEqual([
      // Equal amounts: the earlier opportunity first.
      [ANN, 6, 6, 'Zeta', 'unknown', 500_000, null, '2026-11-15', '2026-11-27'],
      [ANN, 7, 7, 'Hooli', 'unknown', 500_000, null, '2026-11-20', null],
      // Cat's call on Umbrella counts for Bob's deal.
      [BOB, 5, 5, 'Umbrella', 'unknown', 3_000_000, null, '2026-11-30', '2026-11-26'],
    ]);
  });

  it('dates an open deal never changed since it came in by the UTC day it was created', async () => {
    const store = use();
    const { account } = await store.accounts.findOrCreateAccount(T1, 'Acme');
    await store.crmApply.insertDeals([
      {
        teamId: T1,
        userId: BOB,
        accountId: account.id,
        amountCents: 100,
        status: 'open',
        createdAt: Date.UTC(2026, 10, 28, 23, 59, 59, 999),
        source: 'hubspot',
        externalId: 'a',
      },
    ]);
    expect(await store.dueReps.openDealsOfReps(T1, [BOB])).toEqual([
      [BOB, 1, account.id, 'Acme', 'unknown', 100, null, '2026-11-28', null],
    ]);
  });

  it("tallies the reps' activity per day and kind by the accounts' fit", async () => {
    const store = use();
    await seed(store);
    expect(await store.dueReps.activityOfReps(T1, REPS, '2026-11-24', '2026-11-30')).toEqual([
      [ANN, '2026-11-25', 'email', 0, 0, 1, 2, 3],
      [ANN, '2026-11-26', 'call', 3, 0, 0, 0, 3],
      [BOB, '2026-11-26', 'meeting', 2, 0, 1, 0, 3],
      [BOB, '2026-11-27', 'call', 0, 0, 1, 0, 1],
    ]);
  });

  it('lists the unclassified accounts the reps have an open deal with or worked on, by name', async () => {
    const store = use();
    await seed(store);
    expect(await store.dueReps.unclassifiedOfReps(T1, REPS, '2026-11-24', '2026-11-30')).toEqual([
      [ANN, 7, 'Hooli', null],
      [BOB, 5, 'Umbrella', null],
      [BOB, 5, 'Umbrella', '2026-11-26'],
      [ANN, 6, 'Zeta', null],
      [ANN, 6, 'Zeta', '2026-11-25'],
      [BOB, 6, 'Zeta', '2026-11-27'],
    ]);
  });

  it("reads the reps' quotas by start then kind, pauses by rep, and targets by rep, period and activity", async () => {
    const store = use();
    await seed(store);
    const quota = (userId: string, kind: 'month' | 'quarter', date: string, amountCents: number) =>
      store.quotas.setQuota({
        teamId: T1,
        userId,
        period: periodContaining(kind, date, 1),
        amountCents,
        setBy: 'UMGR',
        now: NOW,
      });
    await quota(CAT, 'quarter', '2026-11-01', 1_000_000);
    await quota(BOB, 'quarter', '2026-11-01', 2_500_000);
    await quota(ANN, 'quarter', '2026-11-01', 2_000_000);
    await quota(ANN, 'quarter', '2026-08-01', 1_000_000);
    await quota(BOB, 'month', '2026-11-15', 300_000);
    // Equal starts and kinds by rep, however the reps are listed (SQLite reads them from a sorted list).
    expect(await store.dueReps.quotasOfReps(T1, [BOB, ANN])).toEqual([
      [ANN, 'quarter', '2026-07-01', '2026-09-30', 1_000_000],
      [ANN, 'quarter', '2026-10-01', '2026-12-31', 2_000_000],
      [BOB, 'quarter', '2026-10-01', '2026-12-31', 2_500_000],
      [BOB, 'month', '2026-11-01', '2026-11-30', 300_000],
    ]);

    await store.reps.pauseRep({ teamId: T1, userId: BOB, today: '2026-11-02', until: '2026-11-04' });
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-11-20', until: '2026-11-25' });
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-11-27', until: '2026-12-01' });
    await store.reps.pauseRep({ teamId: T1, userId: CAT, today: '2026-11-20', until: '2026-11-25' });
    expect(await store.dueReps.pausesOfReps(T1, REPS)).toEqual([
      [ANN, '2026-11-20', '2026-11-25'],
      [ANN, '2026-11-27', '2026-12-01'],
      [BOB, '2026-11-02', '2026-11-04'],
    ]);

    const target = (userId: string, activity: 'call' | 'email' | 'meeting', per: 'day' | 'week', count: number) =>
      store.targets.setTarget({ teamId: T1, userId, activity, per, count, now: NOW });
    await target(BOB, 'email', 'day', 5);
    await target(ANN, 'meeting', 'week', 3);
    await target(ANN, 'call', 'day', 10);
    await target(CAT, 'call', 'day', 1);
    expect(await store.dueReps.targetsOfReps(T1, REPS)).toEqual([
      { teamId: T1, userId: ANN, activity: 'call', per: 'day', count: 10, updatedAt: NOW },
      { teamId: T1, userId: ANN, activity: 'meeting', per: 'week', count: 3, updatedAt: NOW },
      { teamId: T1, userId: BOB, activity: 'email', per: 'day', count: 5, updatedAt: NOW },
    ]);
  });

  it("reads the reps' check-ins oldest first, the plan as the JSON text stored, empty plans too", async () => {
    const store = use();
    await seed(store);
    const plan = (userId: string, localDate: string, items: string[], now = NOW) =>
      store.checkins.setPlan({ teamId: T1, userId, localDate, items, now });
    await plan(BOB, '2026-11-25', ['a']);
    await plan(ANN, '2026-11-26', ['b', 'c'], NOW + 1);
    await plan(ANN, '2026-11-24', []);
    await plan(CAT, '2026-11-24', ['x']);
    await store.checkins.setReflection({
      teamId: T1,
      userId: BOB,
      localDate: '2026-11-27',
      text: 'good day',
      now: NOW,
    });
    expect(await store.dueReps.checkinsOfReps(T1, REPS, '2026-11-24', '2026-11-30')).toEqual([
      [ANN, '2026-11-24', '[]', NOW, null],
      [ANN, '2026-11-26', '[{"text":"b","done":false},{"text":"c","done":false}]', NOW + 1, null],
      [BOB, '2026-11-25', '[{"text":"a","done":false}]', NOW, null],
      [BOB, '2026-11-27', '[]', null, 'good day'],
    ]);
  });

  it("stamps where the team's change log stands: zero before any write, every rep write moving it", async () => {
    const store = use();
    expect(await store.dueReps.changeStamp(T1)).toEqual({ seq: 0, wideSeq: 0 });
    await store.reps.ensureRep(T1, ANN); // an insert: 1
    await store.reps.setDmChannel(T1, ANN, 'DANN'); // an update marks the row before and after: 3
    expect(await store.dueReps.changeStamp(T1)).toEqual({ seq: 3, wideSeq: 0 });
    const team = await store.teams.ensureTeam(T1);
    await store.teams.updateTeamSettings(T1, {
      channelId: null,
      timezone: null,
      weeklyDay: team.weeklyDay,
      weeklyMinutes: team.weeklyMinutes,
      fiscalYearStartMonth: 1,
      currency: 'EUR',
      defaultWinRate: 0.3,
      periodKind: 'quarter',
    });
    expect(await store.dueReps.changeStamp(T1)).toEqual({ seq: 4, wideSeq: 1 });
    expect(await store.dueReps.changeStamp(T2)).toEqual({ seq: 0, wideSeq: 0 });
  });
});
