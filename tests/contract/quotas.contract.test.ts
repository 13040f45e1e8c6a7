import { expect, it } from 'vitest';
import { periodContaining } from '../../src/domain/period.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z
const TODAY = '2026-11-30';
const q4 = periodContaining('quarter', TODAY, 1);
const november = periodContaining('month', TODAY, 1);
const year = periodContaining('year', TODAY, 1);

describeBackends('quotas', (use) => {
  const setBy = (amountCents: number, period = q4, now = NOW, by = ANN) => ({
    teamId: T1,
    userId: ANN,
    period,
    amountCents,
    setBy: by,
    now,
  });

  it('upserts one quota per rep and period, and remembers the period kind', async () => {
    const store = use();
    await store.quotas.setQuota(setBy(12_000_000));
    await store.quotas.setQuota(setBy(15_000_000, q4, NOW + 1, 'U0MGR'));
    const quota = await store.quotas.quotaFor(T1, ANN, 'quarter', '2026-10-01');
    expect(quota).toEqual({
      id: expect.any(Number),
      teamId: T1,
      userId: ANN,
      periodKind: 'quarter',
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      amountCents: 15_000_000,
      setBy: 'U0MGR',
      updatedAt: NOW + 1,
    });
    expect((await store.reps.getRep(T1, ANN))?.quotaPeriod).toBe('quarter');
    expect(await store.history.recordedAmounts(T1)).toEqual({ quotas: 1, deals: 0, largestCents: 15_000_000 });
  });

  it('keeps a quarter quota when a month quota is set, and switches the card to months', async () => {
    const store = use();
    await store.quotas.setQuota(setBy(12_000_000));
    await store.quotas.setQuota(setBy(4_000_000, november));
    expect((await store.reps.getRep(T1, ANN))?.quotaPeriod).toBe('month');
    expect((await store.quotas.quotaFor(T1, ANN, 'month', '2026-11-01'))?.amountCents).toBe(4_000_000);
    expect((await store.quotas.quotaFor(T1, ANN, 'quarter', '2026-10-01'))?.amountCents).toBe(12_000_000);
    expect(await store.quotas.quotaFor(T1, BOB, 'quarter', '2026-10-01')).toBeUndefined();
  });

  it('carries the latest earlier quota of the kind into a later period, only when asked to', async () => {
    const store = use();
    await store.quotas.setQuota(setBy(9_000_000, periodContaining('quarter', '2026-04-15', 1)));
    await store.quotas.setQuota(setBy(12_000_000, periodContaining('quarter', '2026-07-15', 1)));
    const q1 = { teamId: T1, userId: ANN, kind: 'quarter' as const, carries: true };
    // Q4 has none of its own: Q3's carries over, not Q2's
    expect(await store.quotas.quotaInEffectFor({ ...q1, periodStart: '2026-10-01' })).toEqual({
      amountCents: 12_000_000,
      setFor: '2026-07-01',
      carried: true,
    });
    expect(await store.quotas.quotaInEffectFor({ ...q1, periodStart: '2026-10-01', carries: false })).toBeNull();
    // Q2 has its own; Q1 has nothing before it; months have none at all
    expect(await store.quotas.quotaInEffectFor({ ...q1, periodStart: '2026-04-01' })).toEqual({
      amountCents: 9_000_000,
      setFor: '2026-04-01',
      carried: false,
    });
    expect(await store.quotas.quotaInEffectFor({ ...q1, periodStart: '2026-01-01' })).toBeNull();
    expect(await store.quotas.quotaInEffectFor({ ...q1, kind: 'month', periodStart: '2026-11-01' })).toBeNull();
  });

  it('lists the quotas of other kinds whose period holds the day, by start and then kind', async () => {
    const store = use();
    await store.quotas.setQuota(setBy(4_000_000, november));
    await store.quotas.setQuota(setBy(12_000_000, q4));
    await store.quotas.setQuota(setBy(40_000_000, year));
    await store.quotas.setQuota(setBy(3_000_000, periodContaining('month', '2026-10-15', 1))); // October: over
    await store.quotas.setQuota(setBy(5_000_000, periodContaining('month', '2026-12-15', 1))); // December: ahead
    const others = await store.quotas.otherQuotasOn(T1, ANN, TODAY, 'month');
    expect(others.map((q) => [q.periodKind, q.periodStart, q.periodEnd, q.amountCents])).toEqual([
      ['year', '2026-01-01', '2026-12-31', 40_000_000],
      ['quarter', '2026-10-01', '2026-12-31', 12_000_000],
    ]);
    // the quarter's last day still holds it; December's month starts later than the quarter
    expect((await store.quotas.otherQuotasOn(T1, ANN, '2026-12-31', 'year')).map((q) => q.periodKind)).toEqual([
      'quarter',
      'month',
    ]);
  });
});
