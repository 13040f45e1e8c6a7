import { describe, expect, it } from 'vitest';
import type { WeeklyLookBack } from '../../src/coach/weekly-recap.js';
import { periodContaining } from '../../src/domain/period.js';
import { teamRecapLine, WINS_IN_POST, winsSince } from '../../src/slack/views/recap.js';

const win = (n: number, dollars: number, account = `Account ${n}`) => ({
  userId: `U${n}`,
  amountCents: dollars * 100,
  account,
  closedOn: '2027-03-30',
  late: false,
});

describe('the wins since the last post', () => {
  it('lists the largest in the post and every other one in the thread, with the totals', () => {
    // 12 wins of $1,000 … $12,000, largest first: $78,000 in all; the last two ($2,000 + $1,000) in the thread.
    const wins = Array.from({ length: 12 }, (_, i) => win(i + 1, (12 - i) * 1_000));
    const lookBack: WeeklyLookBack = {
      window: { from: '2027-03-29', to: '2027-04-04' },
      since: '2027-03-29',
      wins,
      recap: null,
    };
    const { block, thread } = winsSince(lookBack, 'USD');
    const text = JSON.stringify(block);
    expect(WINS_IN_POST).toBe(10);
    expect(text).toContain('*Won since the last post* (Mar 29 – Apr 4): 12 wins, $78,000');
    expect(text).toContain('…and 2 more wins ($3,000), listed in the thread.');
    expect(text).toContain('<@U10> $3,000');
    expect(text).not.toContain('<@U11>');
    expect(thread).toHaveLength(1);
    expect(JSON.stringify(thread[0]?.blocks)).toContain('<@U11> $2,000 · Account 11 · Mar 30');
    expect(JSON.stringify(thread[0]?.blocks)).toContain('<@U12> $1,000');
  });

  it('escapes account names as typed', () => {
    const lookBack: WeeklyLookBack = {
      window: { from: '2027-03-22', to: '2027-03-28' },
      since: null,
      wins: [win(1, 5_000, '<script>x</script> & Co')],
      recap: null,
    };
    const text = JSON.stringify(winsSince(lookBack, 'USD').block);
    expect(text).toContain('*Won in the last 7 days* (Mar 22 – Mar 28): 1 win, $5,000');
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt; &amp; Co');
  });
});

describe('the team recap line', () => {
  it('names the reps at or over quota, and counts past twenty', () => {
    // 25 reps at or over a $1,000,000 team quota with $1,250,000 won: 125%.
    const atOrOver = Array.from({ length: 25 }, (_, i) => `U${String(i).padStart(2, '0')}`);
    const line = teamRecapLine(
      {
        period: periodContaining('quarter', '2027-03-01', 1),
        quotaCents: 100_000_000,
        wonCents: 125_000_000,
        repsWithQuota: 30,
        atOrOver,
        otherWonCents: 0,
      },
      'USD',
    );
    expect(line).toContain('*Q1 2027 recap*: $1,250,000 won of the team’s $1,000,000 quota (*125%*)');
    expect(line).toContain('25 of 30 reps at or over quota: <@U00>, ');
    expect(line).toContain('<@U19> and 5 more');
    expect(line).not.toContain('<@U20>');
    expect(line).not.toContain('without a');
  });
});
