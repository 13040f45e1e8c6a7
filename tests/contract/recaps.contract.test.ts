import { expect, it } from 'vitest';
import { periodContaining } from '../../src/domain/period.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const CAT = 'U0CAT';
/** When the team's last weekly post went out. */
const POST = Date.UTC(2026, 10, 23, 9, 0);

describeBackends('recaps', (use) => {
  const win = (store: Store, userId: string, account: string, today: string, amountCents: number, now = POST) =>
    store.deals.recordWin({ teamId: T1, userId, account, today, now, amountCents });

  it("finds the rep's largest win in a range, the earliest of equal ones", async () => {
    const store = use();
    await win(store, ANN, 'Acme', '2026-11-03', 2_000_000);
    await win(store, ANN, 'Beta', '2026-11-05', 3_000_000);
    await win(store, ANN, 'Cyan', '2026-11-02', 3_000_000);
    await win(store, ANN, 'Dyne', '2026-11-05', 3_000_000);
    await win(store, BOB, 'Huge', '2026-11-04', 9_000_000);
    await store.deals.addOpportunity({
      teamId: T1,
      userId: ANN,
      account: 'Open Co',
      today: '2026-11-04',
      now: POST,
      amountCents: 9_000_000,
    });
    expect(await store.recaps.largestWin(T1, ANN, '2026-11-01', '2026-11-30')).toEqual({
      userId: ANN,
      amountCents: 3_000_000,
      account: 'Cyan',
      closedOn: '2026-11-02',
    });
    // Beta and Dyne: the same day and amount; Beta was recorded first.
    expect(await store.recaps.largestWin(T1, ANN, '2026-11-03', '2026-11-30')).toEqual({
      userId: ANN,
      amountCents: 3_000_000,
      account: 'Beta',
      closedOn: '2026-11-05',
    });
    expect(await store.recaps.largestWin(T1, ANN, '2026-11-06', '2026-11-30')).toBeNull();
  });

  it('shows the week’s wins and the backdated ones recorded since the last post, largest first', async () => {
    const store = use();
    await win(store, ANN, 'Alpha', '2026-11-24', 1_000_000, POST - 1000); // in the week
    await win(store, BOB, 'Beta', '2026-11-20', 2_000_000, POST + 1000); // backdated after the post: late
    await win(store, BOB, 'Gamma', '2026-11-18', 5_000_000, POST - 1000); // shown by the last post
    await win(store, ANN, 'Delta', '2026-11-10', 4_000_000, POST + 1000); // before the late window
    await win(store, CAT, 'Eps', '2026-11-29', 2_000_000, POST + 5); // in the week
    await win(store, ANN, 'Zed', '2026-11-30', 9_000_000, POST + 5); // next week's
    await store.deals.recordWin({
      teamId: T2,
      userId: ANN,
      account: 'Other',
      today: '2026-11-24',
      now: POST,
      amountCents: 7_000_000,
    });
    await store.deals.addOpportunity({
      teamId: T1,
      userId: ANN,
      account: 'Lost Co',
      today: '2026-11-01',
      now: POST,
      amountCents: 8_000_000,
    });
    await store.deals.markLost({ teamId: T1, userId: ANN, account: 'Lost Co', today: '2026-11-25', now: POST + 9 });
    const week = { from: '2026-11-23', to: '2026-11-29', lateFrom: '2026-11-16' };
    expect(await store.recaps.teamWinsToShow(T1, { ...week, lastPostAt: POST })).toEqual([
      { userId: BOB, amountCents: 2_000_000, account: 'Beta', closedOn: '2026-11-20', late: true },
      { userId: CAT, amountCents: 2_000_000, account: 'Eps', closedOn: '2026-11-29', late: false },
      { userId: ANN, amountCents: 1_000_000, account: 'Alpha', closedOn: '2026-11-24', late: false },
    ]);
    // No post yet: only the week's own.
    expect(await store.recaps.teamWinsToShow(T1, { ...week, lastPostAt: null })).toEqual([
      { userId: CAT, amountCents: 2_000_000, account: 'Eps', closedOn: '2026-11-29', late: false },
      { userId: ANN, amountCents: 1_000_000, account: 'Alpha', closedOn: '2026-11-24', late: false },
    ]);
  });

  it("reads the team's quotas of one kind up to a day, with each rep's own kind", async () => {
    const store = use();
    const quota = (userId: string, kind: 'month' | 'quarter', date: string, amountCents: number) =>
      store.quotas.setQuota({
        teamId: T1,
        userId,
        period: periodContaining(kind, date, 1),
        amountCents,
        setBy: 'UMGR',
        now: POST,
      });
    await quota(BOB, 'quarter', '2026-11-01', 2_500_000);
    await quota(ANN, 'quarter', '2026-11-01', 2_000_000);
    await quota(BOB, 'quarter', '2026-08-01', 1_500_000);
    await quota(ANN, 'month', '2026-11-01', 700_000); // Ann's card is on months now
    await quota(CAT, 'quarter', '2027-01-15', 1_000_000); // starts after the day
    // In the order they were first set (SQLite reads them by the team's index).
    expect(await store.recaps.teamQuotasUpTo(T1, 'quarter', '2026-10-01')).toEqual([
      { userId: BOB, periodKind: 'quarter', periodStart: '2026-10-01', amountCents: 2_500_000, repKind: 'quarter' },
      { userId: ANN, periodKind: 'quarter', periodStart: '2026-10-01', amountCents: 2_000_000, repKind: 'month' },
      { userId: BOB, periodKind: 'quarter', periodStart: '2026-07-01', amountCents: 1_500_000, repKind: 'quarter' },
    ]);
    expect(await store.recaps.teamQuotasUpTo(T1, 'month', '2026-10-31')).toEqual([]);
  });
});
