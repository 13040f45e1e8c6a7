import { expect, it } from 'vitest';
import { periodContaining } from '../../src/domain/period.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const NOW = Date.UTC(2026, 10, 30, 17, 0);
const TODAY = '2026-11-30';

describeBackends('team history', (use) => {
  it('records currency changes, and lists them oldest first, one team at a time', async () => {
    const store = use();
    await store.teams.ensureTeam(T1);
    await store.teams.ensureTeam(T2);
    const change = (teamId: string, at: number, from: string, to: string, quotas: number) =>
      store.history.recordCurrencyChange({ teamId, userId: ANN, at, change: { from, to, quotas, deals: 2 } });
    await change(T1, NOW + 1000, 'EUR', 'GBP', 3);
    await change(T1, NOW, 'USD', 'EUR', 1);
    await change(T2, NOW, 'USD', 'JPY', 0);
    await change(T1, NOW + 1000, 'GBP', 'CHF', 4); // same instant: in the order recorded
    const history = await store.history.teamHistoryOf(T1);
    expect(history.map(({ at, userId, kind, detail }) => ({ at, userId, kind, detail }))).toEqual([
      { at: NOW, userId: ANN, kind: 'currency', detail: { from: 'USD', to: 'EUR', quotas: 1, deals: 2 } },
      { at: NOW + 1000, userId: ANN, kind: 'currency', detail: { from: 'EUR', to: 'GBP', quotas: 3, deals: 2 } },
      { at: NOW + 1000, userId: ANN, kind: 'currency', detail: { from: 'GBP', to: 'CHF', quotas: 4, deals: 2 } },
    ]);
    // the detail keeps its keys in the order written (json, not jsonb)
    expect(Object.keys(history[0]?.detail ?? {})).toEqual(['from', 'to', 'quotas', 'deals']);
    expect(history.every((row) => typeof row.id === 'number')).toBe(true);
    expect(await store.history.teamHistoryOf('T0003')).toEqual([]);
  });

  it('counts the amounts a currency change would relabel, and the largest of them', async () => {
    const store = use();
    expect(await store.history.recordedAmounts(T1)).toEqual({ quotas: 0, deals: 0, largestCents: null });
    await store.quotas.setQuota({
      teamId: T1,
      userId: ANN,
      period: periodContaining('quarter', TODAY, 1),
      amountCents: 12_000_000,
      setBy: ANN,
      now: NOW,
    });
    await store.deals.recordWin({
      teamId: T1,
      userId: ANN,
      account: 'Acme',
      amountCents: 15_000_000,
      now: NOW,
      today: TODAY,
    });
    await store.deals.addOpportunity({
      teamId: T1,
      userId: ANN,
      account: 'Globex',
      amountCents: 500,
      now: NOW,
      today: TODAY,
    });
    await store.deals.recordWin({
      teamId: T2,
      userId: ANN,
      account: 'Acme',
      amountCents: 99_000_000,
      now: NOW,
      today: TODAY,
    });
    expect(await store.history.recordedAmounts(T1)).toEqual({ quotas: 1, deals: 2, largestCents: 15_000_000 });
  });
});
