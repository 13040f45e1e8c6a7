import { describe, expect, it } from 'vitest';
import { planKept } from '../../src/coach/recap.js';
import { quotaInEffect } from '../../src/domain/quota-carry.js';

const q = (periodKind: 'month' | 'quarter' | 'year', periodStart: string, dollars: number) => ({
  periodKind,
  periodStart,
  amountCents: dollars * 100,
});

describe('the quota in effect for a period', () => {
  const quotas = [
    q('quarter', '2026-07-01', 400_000),
    q('quarter', '2027-01-01', 600_000),
    q('year', '2026-01-01', 2e6),
  ];

  it('is the one set for the period when there is one', () => {
    expect(quotaInEffect(quotas, { kind: 'quarter', periodStart: '2026-07-01', carries: true })).toEqual({
      amountCents: 40_000_000,
      setFor: '2026-07-01',
      carried: false,
    });
    expect(quotaInEffect(quotas, { kind: 'quarter', periodStart: '2027-01-01', carries: false })?.amountCents).toBe(
      60_000_000,
    );
  });

  it('carries the latest earlier one of the same kind, never a later one or another kind', () => {
    expect(quotaInEffect(quotas, { kind: 'quarter', periodStart: '2026-10-01', carries: true })).toEqual({
      amountCents: 40_000_000,
      setFor: '2026-07-01',
      carried: true,
    });
    expect(quotaInEffect(quotas, { kind: 'quarter', periodStart: '2027-04-01', carries: true })?.amountCents).toBe(
      60_000_000,
    );
    expect(quotaInEffect(quotas, { kind: 'quarter', periodStart: '2026-04-01', carries: true })).toBeNull();
    expect(quotaInEffect(quotas, { kind: 'month', periodStart: '2026-10-01', carries: true })).toBeNull();
  });

  it('does not carry a kind that is not the rep’s own', () => {
    expect(quotaInEffect(quotas, { kind: 'quarter', periodStart: '2026-10-01', carries: false })).toBeNull();
    expect(quotaInEffect(quotas, { kind: 'year', periodStart: '2027-01-01', carries: false })).toBeNull();
  });
});

describe('a kept plan', () => {
  const plan = (items: number, done: number) =>
    Array.from({ length: items }, (_, i) => ({ text: `Item ${i + 1}`, done: i < done }));

  it('has more than half its items done', () => {
    expect(planKept(plan(1, 1))).toBe(true);
    expect(planKept(plan(3, 2))).toBe(true);
    expect(planKept(plan(4, 3))).toBe(true);
    expect(planKept(plan(2, 1))).toBe(false);
    expect(planKept(plan(4, 2))).toBe(false);
    expect(planKept(plan(1, 0))).toBe(false);
    expect(planKept([])).toBe(false);
  });
});
