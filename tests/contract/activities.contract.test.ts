import { beforeEach, expect, it } from 'vitest';
import type { ActivityKind } from '../../src/domain/command.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z
const TODAY = '2026-11-30';

/**
 * Two reads at once, so a pooled back end has two connections open: two writes started next then really run
 * side by side, rather than the second waiting for a connection until the first is done.
 */
async function warmConnections(store: Store): Promise<void> {
  await Promise.all([store.events.wasDelivered('warm-1'), store.events.wasDelivered('warm-2')]);
}

function log(store: Store, kind: ActivityKind, n: number, account: string | null, today = TODAY, now = NOW) {
  return store.activities.logActivity({ teamId: T1, userId: ANN, kind, count: n, account, now, today });
}

describeBackends('activities', (use) => {
  it('logs with an account, creating it once, or without one', async () => {
    const store = use();
    const first = await log(store, 'call', 3, 'Initech');
    expect(first).toEqual({ account: await store.accounts.findAccount(T1, 'Initech'), accountCreated: true });
    expect(first.account?.name).toBe('Initech');
    expect((await log(store, 'call', 1, 'initech')).accountCreated).toBe(false);
    expect(await log(store, 'email', 2, null)).toEqual({ account: null, accountCreated: false });
    expect(await store.activities.activityCounts(T1, ANN, TODAY, TODAY)).toEqual({ call: 4, email: 2 });
  });

  it('counts activity per kind between two dates', async () => {
    const store = use();
    await log(store, 'call', 5, 'Acme');
    await log(store, 'call', 2, null);
    await log(store, 'meeting', 1, null, '2026-12-02');
    await log(store, 'demo', 4, null, '2026-12-07'); // next week
    const counts = await store.activities.activityCounts(T1, ANN, '2026-11-30', '2026-12-06');
    expect(counts).toEqual({ call: 7, meeting: 1 });
    expect(Object.keys(counts)).toEqual(['call', 'meeting']);
    expect(await store.activities.activityCounts(T1, ANN, TODAY, TODAY)).toEqual({ call: 7 });
    expect(await store.activities.activityCounts(T1, BOB, TODAY, TODAY)).toEqual({});
  });

  it('lists recent work newest first, activities and deal moves together', async () => {
    const store = use();
    const at = (minutes: number) => NOW + minutes * 60_000;
    await log(store, 'call', 2, 'Acme', TODAY, at(1));
    await store.deals.addOpportunity({
      teamId: T1,
      userId: ANN,
      account: 'Globex',
      amountCents: 500_000,
      now: at(2),
      today: TODAY,
    });
    await log(store, 'email', 1, null, TODAY, at(3));
    await store.deals.recordWin({
      teamId: T1,
      userId: ANN,
      account: 'Hooli',
      amountCents: 900_000,
      now: at(4),
      today: TODAY,
    });
    await store.activities.logActivity({
      teamId: T1,
      userId: BOB,
      kind: 'demo',
      count: 1,
      account: null,
      now: at(5),
      today: TODAY,
    });
    expect(await store.recent.recentWork(T1, ANN, 3)).toEqual([
      { type: 'deal', at: at(4), status: 'won', amountCents: 900_000, account: 'Hooli' },
      { type: 'activity', at: at(3), kind: 'email', count: 1, account: null },
      { type: 'deal', at: at(2), status: 'open', amountCents: 500_000, account: 'Globex' },
    ]);
    expect((await store.recent.recentWork(T1, ANN, 10)).at(-1)).toEqual({
      type: 'activity',
      at: at(1),
      kind: 'call',
      count: 2,
      account: 'Acme',
    });
    expect(await store.recent.recentWork(T2, ANN, 10)).toEqual([]);
  });
});

describeBackends('a week of ICP, non-ICP, unclassified and account-less work', (use) => {
  beforeEach(async () => {
    const store = use();
    await store.accounts.setAccountIcpByName(T1, 'Fit Co', 'yes');
    await store.accounts.setAccountIcpByName(T1, 'Misfit Co', 'no');
    await log(store, 'call', 5, 'Fit Co');
    await log(store, 'meeting', 1, 'Fit Co', '2026-12-06'); // Sunday: still in the week
    await log(store, 'call', 3, 'Misfit Co');
    await log(store, 'email', 2, 'Unknown Co');
    await log(store, 'demo', 1, null);
    await log(store, 'call', 7, 'Misfit Co', '2026-11-29'); // the Sunday before: another week
    await store.activities.logActivity({
      teamId: T1,
      userId: BOB,
      kind: 'call',
      count: 9,
      account: 'Fit Co',
      now: NOW,
      today: TODAY,
    });
  });

  it('splits the mix by ICP fit, keeping unknown fit and no account apart', async () => {
    const store = use();
    // ICP 5 + 1; non-ICP 3 (not last week's 7); unclassified 2; no account 1; Bob's 9 are his
    expect(await store.activities.activityMix(T1, ANN, '2026-11-30', '2026-12-06')).toEqual({
      icp: 6,
      nonIcp: 3,
      unclassified: 2,
      noAccount: 1,
    });
    expect(await store.activities.activityMix(T2, ANN, '2026-11-30', '2026-12-06')).toEqual({
      icp: 0,
      nonIcp: 0,
      unclassified: 0,
      noAccount: 0,
    });
  });

  it('counts toward targets only work on ICP and unclassified accounts, and all of it beside', async () => {
    const store = use();
    const counts = await store.activities.targetCounts(T1, ANN, '2026-11-30', '2026-12-06');
    expect(counts).toEqual({
      call: { counted: 5, all: 8 }, // Fit Co 5 counted; Misfit Co's 3 not
      meeting: { counted: 1, all: 1 },
      email: { counted: 2, all: 2 }, // Unknown Co is unclassified: counted
      demo: { counted: 0, all: 1 }, // no account: not counted
    });
    expect(Object.keys(counts)).toEqual(['call', 'demo', 'email', 'meeting']);
    expect(await store.activities.targetCounts(T1, ANN, '2026-11-29', '2026-11-29')).toEqual({
      call: { counted: 0, all: 7 },
    });
    expect(await store.activities.targetCounts(T1, BOB, TODAY, TODAY)).toEqual({ call: { counted: 9, all: 9 } });
  });
});

describeBackends('activity logged in Slack and recorded by a CRM, counted once', (use) => {
  /** A CRM's call record for Ann today. */
  const crmCall = (source: string, externalId: string, count: number, accountId: number | null) => ({
    teamId: T1,
    userId: ANN,
    kind: 'call' as const,
    count,
    accountId,
    occurredAt: NOW - 3_600_000,
    localDate: TODAY,
    source,
    externalId,
  });
  const day = { teamId: T1, userId: ANN, localDate: TODAY, kind: 'call' as const };

  it('says how much of a log the CRM had already, and counts the rest', async () => {
    const store = use();
    const acme = (await store.accounts.findOrCreateAccount(T1, 'Acme')).account;
    await store.crmApply.insertActivities([crmCall('hubspot', 'c1', 4, acme.id)]);
    expect(await store.activities.recountActivityDay(day)).toBe('hubspot');
    // 3 calls on Acme: all 3 within the CRM's 4
    expect(await log(store, 'call', 3, 'Acme')).toEqual({
      account: acme,
      accountCreated: false,
      alreadyInCrm: { count: 3, source: 'hubspot' },
    });
    // 2 calls on no account: the CRM's 1 Acme call left covers one of them
    expect(await log(store, 'call', 2, null)).toEqual({
      account: null,
      accountCreated: false,
      alreadyInCrm: { count: 1, source: 'hubspot' },
    });
    // 4 (CRM) + 0 + 1
    expect(await store.activities.activityCounts(T1, ANN, TODAY, TODAY)).toEqual({ call: 5 });
    // the fully covered Slack row is left out of recent work
    expect(
      (await store.recent.recentWork(T1, ANN, 10)).map((item) => (item.type === 'activity' ? item.count : 0)),
    ).toEqual([1, 4]);
  });

  it('tells each of two logs made at once what the CRM had, counting its units once between them', async () => {
    const store = use();
    const acme = (await store.accounts.findOrCreateAccount(T1, 'Acme')).account;
    await store.crmApply.insertActivities([crmCall('hubspot', 'c1', 4, acme.id)]);
    await warmConnections(store);
    const logs = await Promise.all([log(store, 'call', 3, 'Acme'), log(store, 'call', 3, 'Acme')]);
    // The first logged is all in the CRM's 4 (3); the second gets the 1 left.
    expect(logs.map((logged) => logged.alreadyInCrm?.count).sort()).toEqual([1, 3]);
    expect(await store.activities.activityCounts(T1, ANN, TODAY, TODAY)).toEqual({ call: 6 }); // 4 + 0 + 2
  });

  it('gives a Slack row its count back when the CRM record goes', async () => {
    const store = use();
    await log(store, 'call', 3, null);
    await store.crmApply.insertActivities([crmCall('hubspot', 'c1', 2, null)]);
    expect(await store.activities.recountActivityDay(day)).toBe('hubspot');
    expect(await store.activities.activityCounts(T1, ANN, TODAY, TODAY)).toEqual({ call: 3 }); // 2 + 1
    const [record] = await store.crmApply.sourceActivities(T1, 'hubspot');
    if (!record) throw new Error('no CRM row');
    await store.crmApply.deleteActivity(T1, record.id);
    expect(await store.activities.recountActivityDay(day)).toBeNull();
    expect(await store.activities.activityCounts(T1, ANN, TODAY, TODAY)).toEqual({ call: 3 }); // 3 again
  });

  it("names the CRM of the day's first record as SQLite's index reads them: fewest units first", async () => {
    const store = use();
    await store.crmApply.insertActivities([crmCall('hubspot', 'c1', 5, null), crmCall('salesforce', 's1', 1, null)]);
    expect(await store.activities.recountActivityDay(day)).toBe('salesforce');
  });
});
