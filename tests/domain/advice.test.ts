import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/domain/advice.js';
import { computeGap } from '../../src/domain/gap.js';
import { doneWhenInput, openDeal } from '../support/gap-input.js';

// The "done when" rep before the reflection on Mon Nov 30: gap $90,000, $3,750 a working day (24 left),
// win rate 25%, one $45,000 ICP deal counted (expected $11,250, so $78,750 short).
const doneWhen = doneWhenInput;
const costs = (problems: Problem[]) => problems.map((p) => [p.kind, p.costCents / 100]);

describe('each problem costs the gap in money', () => {
  it('pipeline short: the gap less what the counted pipeline should bring', () => {
    expect(costs(computeGap(doneWhen()).problems)).toEqual([['pipeline-short', 78_750]]);
  });

  it('stale deals: their amount × the win rate, at most the gap, and none for deals outside the ICP', () => {
    // $40,000 whose close date passed: 40,000 × 0.25 = $10,000
    const report = computeGap(
      doneWhen({
        openDeals: [openDeal({ id: 1 }), openDeal({ id: 2, amountCents: 4_000_000, closeOn: '2026-11-27' })],
      }),
    );
    expect(costs(report.problems)).toEqual([
      ['pipeline-short', 78_750],
      ['stale', 10_000],
    ]);
    // an $800,000 deal outside the ICP whose close date passed: stale, but nothing it could have brought counts;
    // it is 800 / 845 = 94.7% of the open pipeline outside the ICP: 0.947 × 90,000 = $85,207 of drift
    const outside = computeGap(
      doneWhen({
        openDeals: [
          openDeal({ id: 1 }),
          openDeal({ id: 2, icp: 'no', amountCents: 80_000_000, closeOn: '2026-11-27' }),
        ],
      }),
    );
    expect(costs(outside.problems)).toEqual([
      ['non-icp', 85_207],
      ['pipeline-short', 78_750],
      ['stale', 0],
    ]);
  });

  it('work outside the ICP: its share of the week × the gap, named from 30%', () => {
    // 3 of 10 = 30% → 0.3 × 90,000 = $27,000; 2 of 10 = 20% is not a problem
    const at30 = computeGap(doneWhen({ mix: { icp: 7, nonIcp: 3, unclassified: 0, noAccount: 0 } }));
    expect(costs(at30.problems)).toEqual([
      ['pipeline-short', 78_750],
      ['non-icp', 27_000],
    ]);
    const at20 = computeGap(doneWhen({ mix: { icp: 8, nonIcp: 2, unclassified: 0, noAccount: 0 } }));
    expect(at20.problems.map((p) => p.kind)).not.toContain('non-icp');
  });

  it('pipeline outside the ICP: its share of the live pipeline × the gap', () => {
    // counted $45,000 + non-ICP $30,000 = $75,000 live; 30 / 75 = 40% → 0.4 × 90,000 = $36,000
    const report = computeGap(
      doneWhen({ openDeals: [openDeal({ id: 1 }), openDeal({ id: 2, icp: 'no', amountCents: 3_000_000 })] }),
    );
    const drift = report.problems.find((p) => p.kind === 'non-icp');
    expect(drift).toMatchObject({ costCents: 3_600_000, workShare: 0, pipelineShare: 0.4, pipelineCents: 3_000_000 });
  });

  it('unclassified accounts: their counted pipeline × the rate, plus half their share of the week × the gap', () => {
    // a $20,000 deal on an unclassified account: 20,000 × 0.25 = 5,000; 4 of 10 activities on such accounts:
    // 0.4 × 90,000 × ½ = 18,000 → $23,000. Counted is now $65,000: short 90,000 − 16,250 = $73,750.
    const report = computeGap(
      doneWhen({
        openDeals: [openDeal({ id: 1 }), openDeal({ id: 2, icp: 'unknown', amountCents: 2_000_000 })],
        mix: { icp: 6, nonIcp: 0, unclassified: 4, noAccount: 0 },
        unclassifiedAccounts: [{ id: 2, name: 'Globex' }],
      }),
    );
    expect(costs(report.problems)).toEqual([
      ['pipeline-short', 73_750],
      ['unclassified', 23_000],
    ]);
  });

  it('a target behind: the missing share of its pace × the days it covers × the need per day', () => {
    // Wed Nov 25 after the reflection, week Mon Nov 23 – Sun Nov 29: Mon–Wed over = 3 of 5; meetings 10/week →
    // pace floor(6) = 6, done 3: 3 behind. Left: Nov 26, 27, 30 + December's 23 = 26 days;
    // 90,000 / 26 = 3,461.54 → $3,462 a day. Cost = 3/6 × 3 × 3,462 = $5,193.
    const report = computeGap(
      doneWhen({
        today: '2026-11-25',
        dayOver: true,
        week: { start: '2026-11-23', end: '2026-11-29' },
        targets: [{ activity: 'meeting', per: 'week', count: 10, done: 3, doneAll: 3 }],
      }),
    );
    expect(report.perDayNeededCents).toBe(346_200);
    expect(costs(report.problems)).toEqual([
      ['pipeline-short', 78_750],
      ['target-behind', 5_193],
    ]);
  });

  it('no plan today: a working day’s need, until the day is over', () => {
    expect(costs(computeGap(doneWhen({ hasPlanToday: false })).problems)).toEqual([
      ['pipeline-short', 78_750],
      ['no-plan', 3_750],
    ]);
    const evening = computeGap(doneWhen({ hasPlanToday: false, dayOver: true }));
    expect(evening.problems.map((p) => p.kind)).not.toContain('no-plan');
    // Saturday: no working day, no plan asked for
    const saturday = computeGap(doneWhen({ hasPlanToday: false, today: '2026-11-28' }));
    expect(saturday.problems.map((p) => p.kind)).not.toContain('no-plan');
  });
});

describe('the card names the largest, with up to two more', () => {
  it('regression: 90% of the week outside the ICP leads, even with the pipeline short', () => {
    // Was "Create 1 qualified opportunity": pipeline-short always won. Now 0.9 × 90,000 = $81,000 > $78,750.
    const report = computeGap(doneWhen({ mix: { icp: 1, nonIcp: 9, unclassified: 0, noAccount: 0 } }));
    expect(report.advice.lead.kind).toBe('non-icp');
    expect(report.advice.more.map((p) => p.kind)).toEqual(['pipeline-short']);
  });

  it('always surfaces drift outside the ICP, even as the fourth problem by cost', () => {
    // stale $400,000 × 0.25 = $100,000, capped at the $90,000 gap; counted $45,000 + unclassified $60,000 = $105,000 → short 90,000 − 26,250 = $63,750;
    // unclassified 60,000 × 0.25 + 0.6 × 90,000 × ½ = 15,000 + 27,000 = $42,000; non-ICP 0.3 × 90,000 = $27,000
    const report = computeGap(
      doneWhen({
        openDeals: [
          openDeal({ id: 1 }),
          openDeal({ id: 2, icp: 'unknown', amountCents: 6_000_000 }),
          openDeal({ id: 3, amountCents: 40_000_000, closeOn: '2026-11-20' }),
        ],
        mix: { icp: 1, nonIcp: 3, unclassified: 6, noAccount: 0 },
        unclassifiedAccounts: [{ id: 2, name: 'Initech' }],
      }),
    );
    expect(costs(report.problems)).toEqual([
      ['stale', 90_000],
      ['pipeline-short', 63_750],
      ['unclassified', 42_000],
      ['non-icp', 27_000],
    ]);
    expect(report.advice.lead.kind).toBe('stale');
    expect(report.advice.more.map((p) => p.kind)).toEqual(['pipeline-short', 'non-icp']);
  });

  it('breaks a tie by what can least be left unsaid: pipeline before drift', () => {
    // all $800,000 outside the ICP and nothing counted: short the whole $120,000 gap, and 100% × $120,000 drift
    const report = computeGap(
      doneWhen({
        wonCents: 0,
        won12: { count: 0, cents: 0 },
        openDeals: [openDeal({ id: 1, icp: 'no', amountCents: 80_000_000 })],
      }),
    );
    expect(costs(report.problems)).toEqual([
      ['pipeline-short', 120_000],
      ['non-icp', 120_000],
    ]);
  });

  it('says behind pace, naming the deals to push, when nothing else is wrong', () => {
    // counted $360,000 → expected 90,000 = the gap: nothing short. Behind = 76,364 − 30,000 = $46,364.
    const deals = [1, 2, 3, 4].map((id) => openDeal({ id, account: `D${id}`, amountCents: 9_000_000 + id * 100 }));
    const report = computeGap(doneWhen({ openDeals: deals }));
    expect(report.problems).toEqual([]);
    expect(report.advice.lead).toMatchObject({ kind: 'behind-pace', behindCents: 4_636_400 });
    const lead = report.advice.lead as Extract<typeof report.advice.lead, { kind: 'behind-pace' }>;
    expect(lead.closeNow.map((d) => d.account)).toEqual(['D4', 'D3', 'D2']);
  });

  it('says on pace, and by how much ahead', () => {
    // won $80,000 against $76,364 expected: $3,636 ahead; gap $40,000 covered by $160,000 × 0.25
    const report = computeGap(
      doneWhen({ wonCents: 8_000_000, openDeals: [openDeal({ id: 1, amountCents: 16_000_000 })] }),
    );
    expect(report.advice).toEqual({ lead: { kind: 'on-pace', aheadCents: 363_600 }, more: [] });
  });

  it('still names drift outside the ICP with the quota met: next period is built now', () => {
    // won $130,000 of $120,000; 6 of 10 activities outside the ICP
    const report = computeGap(
      doneWhen({ wonCents: 13_000_000, mix: { icp: 4, nonIcp: 6, unclassified: 0, noAccount: 0 } }),
    );
    expect(report.advice.lead.kind).toBe('quota-met');
    expect(report.advice.more.map((p) => p.kind)).toEqual(['non-icp']);
  });

  it('keeps stale deals beneath a met quota', () => {
    const report = computeGap(
      doneWhen({ wonCents: 12_000_000, openDeals: [openDeal({ id: 1, closeOn: '2026-11-02' })] }),
    );
    expect(report.advice.lead.kind).toBe('quota-met');
    expect(report.advice.more.map((p) => p.kind)).toEqual(['stale']);
  });
});
