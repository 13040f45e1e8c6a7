/**
 * The managers' digest message (slack/views/digest.ts) from a digest given by hand: account names are shown
 * as typed but format nothing, and a large team's digest stays inside Slack's message limits.
 */
import { describe, expect, it } from 'vitest';
import type { RepAtRisk, TeamDigest } from '../../src/coach/digest.js';
import type { TeamTotals } from '../../src/coach/team.js';
import { periodContaining } from '../../src/domain/period.js';
import type { StaleDeal } from '../../src/domain/pipeline.js';
import { LIMITS } from '../../src/slack/views/blocks.js';
import { digestMessage } from '../../src/slack/views/digest.js';
import { allText, blocksOf, chars } from '../support/blockkit.js';

const Q4 = periodContaining('quarter', '2026-11-30', 1);

const totals: TeamTotals = {
  quotaCents: 40_000_000,
  wonCents: 24_000_000,
  gapCents: 16_000_000,
  expectedCents: 0,
  projectedCents: 31_500_000,
  repsWithQuota: 4,
  otherKind: 0,
  ahead: 2,
  behind: 2,
  onPace: 0,
};

function staleDeal(account: string, amountCents: number): StaleDeal {
  return {
    id: 1,
    accountId: 1,
    account,
    icp: 'unknown',
    amountCents,
    closeOn: '2026-11-20',
    lastTouchedOn: '2026-10-15',
    reason: 'close-date-passed',
    idleDays: 46,
  };
}

function staleRep(userId: string, account: string): RepAtRisk {
  const deal = staleDeal(account, 5_000_000);
  return {
    userId,
    projected: 0.85,
    reasons: [{ kind: 'stale', deals: [deal, staleDeal(`${account} II`, 3_000_000)], cents: 8_000_000, period: Q4 }],
    question: { kind: 'stale-decision', deal },
  };
}

function digestOf(atRisk: RepAtRisk[], onTrack: TeamDigest['onTrack'] = []): TeamDigest {
  return { period: Q4, currency: 'USD', totals, reps: atRisk.length + onTrack.length, atRisk, onTrack, noQuota: [] };
}

describe('the managers’ digest message', () => {
  it('shows an account name as typed, with nothing in it formatting or linking', () => {
    const text = allText(digestMessage(digestOf([staleRep('UREP2', '*Bold* <Co> & _Sons_')])));
    // & < > escaped; * and _ as look-alikes (∗ ˍ) that format nothing.
    expect(text).toContain('∗Bold∗ &lt;Co&gt; &amp; ˍSonsˍ $50,000 (close date Nov 20 passed)');
    expect(text).toContain(
      'What would it take to get ∗Bold∗ &lt;Co&gt; &amp; ˍSonsˍ to a decision, or should we let it go?',
    );
    expect(text).not.toContain('<Co>');
  });

  it('says so when no rep is at risk, with the team’s figures: $240,000 of $400,000 is 60%, $315,000 is 79%', () => {
    const reply = digestMessage(digestOf([], [{ userId: 'UREP4', projected: 1.1 }]));
    expect(reply.text).toBe('Coaching digest: no rep needs a coaching conversation this week.');
    expect(allText(reply)).toContain('Team: $240,000 won of $400,000 (60%), projected 79%.');
    expect(allText(reply)).toContain('*On track:* <@UREP4> (projected 110%)');
  });

  it('keeps a 200-rep team’s digest inside a message’s limits, naming the reps it cannot show in full', () => {
    const long = 'A'.repeat(80);
    const atRisk = Array.from({ length: 200 }, (_, i) => staleRep(`UREP${1000 + i}`, long));
    const onTrack = Array.from({ length: 100 }, (_, i) => ({ userId: `UTRACK${1000 + i}`, projected: 1 }));
    const reply = digestMessage(digestOf(atRisk, onTrack));
    const blocks = blocksOf(reply);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(chars(JSON.stringify(reply.blocks))).toBeLessThan(13_200);
    for (const text of allText(reply).split('\n*')) expect(chars(text)).toBeLessThanOrEqual(LIMITS.sectionText);
    // 15 in full, the other 185: 30 named and "155 more".
    expect(allText(reply)).toContain('<@UREP1014>*');
    expect(allText(reply)).toContain('*Also at risk:* <@UREP1015>');
    expect(allText(reply)).toContain('and 155 more (`/focus team` has every rep).');
    expect(allText(reply)).toContain('and 70 more');
  });
});
