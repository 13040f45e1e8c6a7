import { describe, expect, it } from 'vitest';
import { classifyPipeline, STALE_AFTER_DAYS } from '../../src/domain/pipeline.js';
import { openDeal, Q4_2026 } from '../support/gap-input.js';

// Today is Mon 2026-11-30; Q4 2026 ends Thu Dec 31.
const TODAY = '2026-11-30';

describe('sorting open deals into what counts', () => {
  it.each([
    ['an ICP deal closing in the period counts', openDeal({ icp: 'yes', closeOn: '2026-12-15' }), 'counted'],
    ['a deal whose close date is today still counts', openDeal({ closeOn: TODAY }), 'counted'],
    ['a deal with no close date closes at the period’s end and counts', openDeal({ closeOn: null }), 'counted'],
    ['an unclassified account counts (until it is known)', openDeal({ icp: 'unknown' }), 'counted'],
    ['a deal outside the ICP is shown apart', openDeal({ icp: 'no' }), 'nonIcp'],
    ['a deal closing after the period is shown as later', openDeal({ closeOn: '2027-01-04' }), 'later'],
    ['a deal whose close date passed is stale', openDeal({ closeOn: '2026-11-27' }), 'stale'],
    // Oct 31 → Nov 30 is 30 days: idle for 30 days
    ['a deal idle for 30 days is stale', openDeal({ lastTouchedOn: '2026-10-31' }), 'stale'],
    // Nov 1 → Nov 30 is 29 days
    ['a deal idle for 29 days is not', openDeal({ lastTouchedOn: '2026-11-01' }), 'counted'],
    [
      'stale wins over outside the ICP: it needs the rep’s answer',
      openDeal({ icp: 'no', closeOn: '2026-11-01' }),
      'stale',
    ],
  ] as const)('%s', (_name, deal, part) => {
    const pipeline = classifyPipeline([deal], TODAY, Q4_2026);
    expect(STALE_AFTER_DAYS).toBe(30);
    expect(pipeline[part].deals.map((d) => d.id)).toEqual([deal.id]);
  });

  it('says why each stale deal is stale, and for how long it has been idle', () => {
    const pipeline = classifyPipeline(
      [
        openDeal({ id: 101, closeOn: '2026-11-27', lastTouchedOn: '2026-11-20' }),
        openDeal({ id: 102, closeOn: '2026-12-20', lastTouchedOn: '2026-10-20' }),
      ],
      TODAY,
      Q4_2026,
    );
    // Nov 20 → Nov 30 = 10 days; Oct 20 → Nov 30 = 11 + 30 = 41 days
    expect(pipeline.stale.deals.map((d) => [d.id, d.reason, d.idleDays])).toEqual([
      [101, 'close-date-passed', 10],
      [102, 'idle', 41],
    ]);
  });

  it('sums each part in whole units, largest deal first', () => {
    // counted: $20,000.40 + $10,000.30 = $30,000.70 → $30,001; unclassified part $10,000.30 → $10,000
    const pipeline = classifyPipeline(
      [
        openDeal({ id: 1, amountCents: 1_000_030, icp: 'unknown' }),
        openDeal({ id: 2, amountCents: 2_000_040 }),
        openDeal({ id: 3, amountCents: 500_000, icp: 'no' }),
      ],
      TODAY,
      Q4_2026,
    );
    expect(pipeline.counted.deals.map((d) => d.id)).toEqual([2, 1]);
    expect(pipeline.counted.cents).toBe(3_000_100);
    expect(pipeline.unclassifiedCents).toBe(1_000_000);
    expect(pipeline.nonIcp.cents).toBe(500_000);
    expect(pipeline.later.cents).toBe(0);
    expect(pipeline.stale.cents).toBe(0);
  });
});
