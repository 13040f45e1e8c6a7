import { expect, it } from 'vitest';
import { periodContaining } from '../../src/domain/period.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

/**
 * The team view's reads compare whole rows (toEqual): a camelCase alias Postgres folded to lower case would be a
 * missing field here, and a row out of SQLite's order a failure.
 */
const T1 = 'T0001';
const T2 = 'T0002';
const T3 = 'T0003';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const CAT = 'U0CAT';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z

/**
 * Team T1: Ann, Bob and Cat. Deals (ids 1–7, accounts 1–7 in the same order): Hooli (Ann, opened Nov 10, won
 * Nov 20 at $10k), Acme (Ann, opened Oct 1, won Nov 1 at $40k), Initech (Ann, won Nov 30 at $20k, no
 * opportunity), Globex (Bob, opened Oct 1, lost Nov 30, $60k), Umbrella (Bob, open since Nov 30, $30k), Vandelay
 * (Bob, won Nov 20 at $10k, no opportunity), Zeta (Ann, open since Nov 15, $5k). Fit Co (8) is ICP, Nope Co (9)
 * is not; every other account's fit is unknown. Team T2 has Ann and a win; T3 has two reps and nothing else.
 */
async function seed(store: Store): Promise<void> {
  for (const userId of [ANN, BOB, CAT]) await store.reps.ensureRep(T1, userId);
  const deal = { teamId: T1, now: NOW };
  await store.deals.addOpportunity({
    ...deal,
    userId: ANN,
    account: 'Hooli',
    today: '2026-11-10',
    amountCents: 1_000_000,
  });
  await store.deals.recordWin({ ...deal, userId: ANN, account: 'Hooli', today: '2026-11-20', amountCents: 1_000_000 });
  await store.deals.addOpportunity({
    ...deal,
    userId: ANN,
    account: 'Acme',
    today: '2026-10-01',
    amountCents: 4_000_000,
  });
  await store.deals.recordWin({ ...deal, userId: ANN, account: 'Acme', today: '2026-11-01', amountCents: 4_000_000 });
  await store.deals.recordWin({
    ...deal,
    userId: ANN,
    account: 'Initech',
    today: '2026-11-30',
    amountCents: 2_000_000,
  });
  await store.deals.addOpportunity({
    ...deal,
    userId: BOB,
    account: 'Globex',
    today: '2026-10-01',
    amountCents: 6_000_000,
  });
  await store.deals.markLost({ ...deal, userId: BOB, account: 'Globex', today: '2026-11-30' });
  await store.deals.addOpportunity({
    ...deal,
    userId: BOB,
    account: 'Umbrella',
    today: '2026-11-30',
    amountCents: 3_000_000,
  });
  await store.deals.recordWin({
    ...deal,
    userId: BOB,
    account: 'Vandelay',
    today: '2026-11-20',
    amountCents: 1_000_000,
  });
  await store.deals.addOpportunity({
    ...deal,
    userId: ANN,
    account: 'Zeta',
    today: '2026-11-15',
    amountCents: 500_000,
  });
  await store.accounts.setAccountIcpByName(T1, 'Fit Co', 'yes');
  await store.accounts.setAccountIcpByName(T1, 'Nope Co', 'no');

  const log = (
    userId: string,
    kind: 'call' | 'email' | 'meeting',
    count: number,
    account: string | null,
    today: string,
  ) => store.activities.logActivity({ teamId: T1, userId, kind, count, account, now: NOW, today });
  await log(CAT, 'call', 1, 'Hooli', '2026-11-18');
  await log(CAT, 'call', 1, 'Umbrella', '2026-11-24');
  await log(ANN, 'email', 1, 'Zeta', '2026-11-25');
  await log(ANN, 'email', 1, 'Zeta', '2026-11-28');
  await log(ANN, 'call', 3, null, '2026-11-26');
  await log(BOB, 'meeting', 2, 'Fit Co', '2026-11-27');
  await log(BOB, 'meeting', 1, 'Nope Co', '2026-11-27');

  const plan = (userId: string, localDate: string, items: string[]) =>
    store.checkins.setPlan({ teamId: T1, userId, localDate, items, now: NOW });
  await plan(ANN, '2026-11-20', ['x']);
  await plan(BOB, '2026-11-25', ['a', 'b']);
  await plan(ANN, '2026-11-26', ['call Acme']);
  await plan(CAT, '2026-11-26', []);

  // Another team's rows never show.
  await store.reps.ensureRep(T2, ANN);
  await store.deals.recordWin({
    teamId: T2,
    userId: ANN,
    account: 'Acme',
    now: NOW,
    today: '2026-11-20',
    amountCents: 9_000_000,
  });
  await store.activities.logActivity({
    teamId: T2,
    userId: ANN,
    kind: 'call',
    count: 9,
    account: 'Zeta',
    now: NOW,
    today: '2026-11-25',
  });
  await store.checkins.setPlan({ teamId: T2, userId: ANN, localDate: '2026-11-25', items: ['t2'], now: NOW });
  for (const userId of [ANN, BOB]) await store.reps.ensureRep(T3, userId);
}

describeBackends('team rows', (use) => {
  it("reads the team's deals as rows, in the order SQLite's index gives them, with each account", async () => {
    const store = use();
    await seed(store);
    const row = { icp: 'unknown', closeOn: null, closedOn: null };
    expect(await store.teamRows.teamDeals(T1, '2026-11-20')).toEqual([
      {
        ...row,
        id: 1,
        userId: ANN,
        accountId: 1,
        account: 'Hooli',
        amountCents: 1_000_000,
        status: 'won',
        openedOn: '2026-11-10',
        closedOn: '2026-11-20',
        updatedOn: '2026-11-20',
        changedOn: '2026-11-20',
      },
      {
        ...row,
        id: 3,
        userId: ANN,
        accountId: 3,
        account: 'Initech',
        amountCents: 2_000_000,
        status: 'won',
        openedOn: null,
        closeOn: '2026-11-30',
        closedOn: '2026-11-30',
        updatedOn: '2026-11-30',
        changedOn: '2026-11-30',
      },
      {
        ...row,
        id: 4,
        userId: BOB,
        accountId: 4,
        account: 'Globex',
        amountCents: 6_000_000,
        status: 'lost',
        openedOn: '2026-10-01',
        closedOn: '2026-11-30',
        updatedOn: '2026-11-30',
        changedOn: '2026-11-30',
      },
      {
        ...row,
        id: 5,
        userId: BOB,
        accountId: 5,
        account: 'Umbrella',
        amountCents: 3_000_000,
        status: 'open',
        openedOn: '2026-11-30',
        updatedOn: '2026-11-30',
        changedOn: '2026-11-30',
      },
      {
        ...row,
        id: 6,
        userId: BOB,
        accountId: 6,
        account: 'Vandelay',
        amountCents: 1_000_000,
        status: 'won',
        openedOn: null,
        closeOn: '2026-11-20',
        closedOn: '2026-11-20',
        updatedOn: '2026-11-20',
        changedOn: '2026-11-20',
      },
      {
        ...row,
        id: 7,
        userId: ANN,
        accountId: 7,
        account: 'Zeta',
        amountCents: 500_000,
        status: 'open',
        openedOn: '2026-11-15',
        updatedOn: '2026-11-15',
        changedOn: '2026-11-15',
      },
    ]);
  });

  it('dates a deal never changed since it came in by the UTC day it was created', async () => {
    const store = use();
    const { account } = await store.accounts.findOrCreateAccount(T1, 'Acme');
    await store.crmApply.insertDeals([
      {
        teamId: T1,
        userId: ANN,
        accountId: account.id,
        amountCents: 100,
        status: 'open',
        createdAt: Date.UTC(2026, 10, 28, 23, 59, 59, 999),
        source: 'hubspot',
        externalId: 'a',
        externalUrl: 'https://hs.example/a',
        stage: 'Demo',
      },
    ]);
    expect(await store.teamRows.teamDeals(T1, '2026-11-01')).toEqual([
      {
        id: 1,
        userId: ANN,
        accountId: account.id,
        account: 'Acme',
        icp: 'unknown',
        amountCents: 100,
        status: 'open',
        openedOn: null,
        closeOn: null,
        closedOn: null,
        updatedOn: null,
        changedOn: '2026-11-28',
      },
    ]);
  });

  it("sums each rep's conversion, listing sales cycles by closing day", async () => {
    const store = use();
    await seed(store);
    const team = await store.teams.ensureTeam(T1);
    const conversions = await store.teamRows.teamConversions(team, '2025-11-30', '2026-11-30');
    expect([...conversions.entries()]).toEqual([
      [
        ANN,
        {
          // Hooli + Acme + Initech; only Hooli and Acme were opportunities first.
          won12: { count: 3, cents: 7_000_000 },
          closed12: { won: 2, wonCents: 5_000_000, lost: 0, lostCents: 0 },
          // Acme (Oct 1 to Nov 1: 31 days) closed before Hooli (Nov 10 to Nov 20: 10 days).
          cycleDays: [31, 10],
        },
      ],
      [
        BOB,
        {
          won12: { count: 1, cents: 1_000_000 },
          closed12: { won: 0, wonCents: 0, lost: 1, lostCents: 6_000_000 },
          cycleDays: [],
        },
      ],
    ]);
    expect(await store.teamRows.teamConversions(team, '2026-12-01', '2026-12-31')).toEqual(new Map());
  });

  it("lists the team's wins by closing day, then amount, an opportunity's after a straight win", async () => {
    const store = use();
    await seed(store);
    expect(await store.teamRows.teamWins(T1, '2026-11-01', '2026-11-30')).toEqual([
      [ANN, '2026-11-01', 4_000_000],
      [BOB, '2026-11-20', 1_000_000],
      [ANN, '2026-11-20', 1_000_000],
      [ANN, '2026-11-30', 2_000_000],
    ]);
    expect(await store.teamRows.teamWins(T1, '2026-11-02', '2026-11-19')).toEqual([]);
  });

  it('dates the last activity on the accounts of open deals, now and as of a past day', async () => {
    const store = use();
    await seed(store);
    // In the order SQLite meets the accounts on its index: the smaller open deal (Zeta's) first.
    expect([...(await store.teamRows.openDealAccountsLastActivity(T1)).entries()]).toEqual([
      [7, '2026-11-28'],
      [5, '2026-11-24'],
    ]);
    // On Nov 25 only Zeta's deal was known as it stands (the others changed later or had closed).
    expect(await store.teamRows.dealAccountsLastActivityBy(T1, '2026-11-25')).toEqual(new Map([[7, '2026-11-25']]));
    // On Nov 20 Hooli and Vandelay closed that day, and Zeta was open; only Hooli had seen activity by then.
    expect(await store.teamRows.dealAccountsLastActivityBy(T1, '2026-11-20')).toEqual(new Map([[1, '2026-11-18']]));
  });

  it("tallies the team's activity per rep and kind by the accounts' fit", async () => {
    const store = use();
    await seed(store);
    expect(await store.teamRows.teamActivity(T1, '2026-11-24', '2026-11-30')).toEqual([
      { userId: ANN, kind: 'call', icp: 0, nonIcp: 0, unclassified: 0, noAccount: 3 },
      { userId: ANN, kind: 'email', icp: 0, nonIcp: 0, unclassified: 2, noAccount: 0 },
      { userId: BOB, kind: 'meeting', icp: 2, nonIcp: 1, unclassified: 0, noAccount: 0 },
      { userId: CAT, kind: 'call', icp: 0, nonIcp: 0, unclassified: 1, noAccount: 0 },
    ]);
  });

  it("reads the team's plans as stored JSON, and the planned days, by day then rep", async () => {
    const store = use();
    await seed(store);
    expect(await store.teamRows.teamPlans(T1, '2026-11-24', '2026-11-30')).toEqual([
      [BOB, '2026-11-25', '[{"text":"a","done":false},{"text":"b","done":false}]'],
      [ANN, '2026-11-26', '[{"text":"call Acme","done":false}]'],
    ]);
    expect(await store.teamRows.teamPlannedDays(T1, '2026-11-01', '2026-11-30')).toEqual([
      [ANN, '2026-11-20'],
      [BOB, '2026-11-25'],
      [ANN, '2026-11-26'],
    ]);
  });

  it('lists the unclassified accounts by name, and who worked on which, in the order first worked', async () => {
    const store = use();
    await seed(store);
    expect(await store.teamRows.teamUnclassifiedAccounts(T1)).toEqual([
      [2, 'Acme'],
      [4, 'Globex'],
      [1, 'Hooli'],
      [3, 'Initech'],
      [5, 'Umbrella'],
      [6, 'Vandelay'],
      [7, 'Zeta'],
    ]);
    expect(await store.teamRows.teamUnclassifiedActivity(T1, '2026-11-24', '2026-11-30')).toEqual([
      [CAT, 5],
      [ANN, 7],
    ]);
  });

  it("reads the team's quotas in effect and those carried in, its pauses and its targets", async () => {
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
    await quota(CAT, 'quarter', '2026-11-01', 2_000_000);
    await quota(ANN, 'quarter', '2026-08-01', 1_000_000);
    await quota(ANN, 'quarter', '2026-11-01', 2_000_000);
    await quota(ANN, 'quarter', '2026-05-01', 500_000);
    await quota(BOB, 'month', '2026-09-10', 300_000);
    await quota(BOB, 'quarter', '2026-11-01', 2_500_000);
    const q4 = { periodKind: 'quarter', periodStart: '2026-10-01', periodEnd: '2026-12-31' };
    // Q4's, and the latest that ended before Oct 1 of each rep's kind (Ann's Q3, not Q2; Bob's September).
    // Equal starts and kinds stay in the order they were set.
    expect(await store.teamRows.teamQuotas(T1, '2026-10-01')).toEqual([
      {
        userId: ANN,
        periodKind: 'quarter',
        periodStart: '2026-07-01',
        periodEnd: '2026-09-30',
        amountCents: 1_000_000,
      },
      { userId: BOB, periodKind: 'month', periodStart: '2026-09-01', periodEnd: '2026-09-30', amountCents: 300_000 },
      { userId: CAT, ...q4, amountCents: 2_000_000 },
      { userId: ANN, ...q4, amountCents: 2_000_000 },
      { userId: BOB, ...q4, amountCents: 2_500_000 },
    ]);

    await store.reps.pauseRep({ teamId: T1, userId: BOB, today: '2026-11-02', until: '2026-11-04' });
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-11-20', until: '2026-11-25' });
    await store.reps.pauseRep({ teamId: T1, userId: ANN, today: '2026-11-27', until: '2026-12-01' });
    expect(await store.teamRows.teamPauses(T1)).toEqual([
      { userId: ANN, startsOn: '2026-11-20', until: '2026-11-25' },
      { userId: ANN, startsOn: '2026-11-27', until: '2026-12-01' },
      { userId: BOB, startsOn: '2026-11-02', until: '2026-11-04' },
    ]);

    const target = (userId: string, activity: 'call' | 'email' | 'meeting', per: 'day' | 'week', count: number) =>
      store.targets.setTarget({ teamId: T1, userId, activity, per, count, now: NOW });
    await target(BOB, 'email', 'day', 5);
    await target(ANN, 'meeting', 'week', 3);
    await target(ANN, 'call', 'day', 10);
    expect(await store.teamRows.teamTargets(T1)).toEqual([
      { teamId: T1, userId: ANN, activity: 'call', per: 'day', count: 10, updatedAt: NOW },
      { teamId: T1, userId: ANN, activity: 'meeting', per: 'week', count: 3, updatedAt: NOW },
      { teamId: T1, userId: BOB, activity: 'email', per: 'day', count: 5, updatedAt: NOW },
    ]);
  });

  it('stamps where a team stands, and ranks teams by their reps', async () => {
    const store = use();
    await seed(store);
    // T3's two new reps each moved its seq; T1's ten deal writes moved its deals version ten times.
    expect(await store.teamRows.teamStateStamp(T3)).toEqual({ seq: 2, wideSeq: 0, dealsVersion: 0 });
    expect(await store.teamRows.teamStateStamp('TNONE')).toEqual({ seq: 0, wideSeq: 0, dealsVersion: 0 });
    expect((await store.teamRows.teamStateStamp(T1)).dealsVersion).toBe(10);
    expect(await store.teamRows.largestTeams(2)).toEqual([T1, T3]);
    expect(await store.teamRows.largestTeams(10)).toEqual([T1, T3, T2]);
  });
});
