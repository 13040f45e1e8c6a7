import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/domain/command.js';
import { computeGap, type GapInput, type GapReport } from '../../src/domain/gap.js';
import { periodContaining } from '../../src/domain/period.js';
import { ACTIONS, BLOCKS } from '../../src/slack/ids.js';
import { escapeMrkdwn, LIMITS, type Reply, stripMrkdwn, truncate } from '../../src/slack/views/blocks.js';
import { type GapCardData, gapCard, percent, progressBar } from '../../src/slack/views/gap-card.js';
import { helpReply } from '../../src/slack/views/help.js';
import { confirmation, errorReply, icpQuestion, positionLine } from '../../src/slack/views/replies.js';
import { allText, blocksOf, buttonsOf, expectValidReply, mrkdwnTexts } from '../support/blockkit.js';
import { doneWhenInput } from '../support/gap-input.js';

// Q4 2026 for a Mon–Fri rep on Monday 2026-11-30 mid-day. Hand-computed in tests/domain/gap.test.ts:
// 24 working days left, expected by now $77,273 (shown in whole dollars).
const Q4 = periodContaining('quarter', '2026-11-30', 1);

function report(overrides: Partial<GapInput> = {}): GapReport {
  return computeGap(doneWhenInput({ hasPlanToday: false, ...overrides }));
}

function card(overrides: Partial<GapCardData> = {}): Reply {
  return gapCard({
    period: Q4,
    report: report(),
    plan: [],
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    ...overrides,
  });
}

describe('progressBar and percent', () => {
  it.each<[share: number, bar: string, shown: string]>([
    [0, '░'.repeat(20), '0%'],
    // 0.25 × 20 = 5 filled
    [0.25, `${'█'.repeat(5)}${'░'.repeat(15)}`, '25%'],
    [1, '█'.repeat(20), '100%'],
    // beyond 100% the bar stays full; the percentage does not
    [1.5, '█'.repeat(20), '150%'],
  ])('shows %s as a 20-wide bar and %s', (share, bar, shown) => {
    expect(progressBar(share)).toBe(bar);
    expect(percent(share)).toBe(shown);
  });

  it('never draws a negative bar', () => {
    expect(progressBar(-0.5)).toBe('░'.repeat(20));
  });
});

describe('the gap card', () => {
  it('asks a rep with no quota to set one, without quota figures', () => {
    const reply = card({ report: report({ quotaCents: null }) });
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Q4 2026 · 24 working days left' } });
    expect(blocks[1]?.text?.text).toBe(
      '*No quota set for Q4 2026 yet.*\nSet your quota first, so everything else is measured against it: `/focus quota 120k quarter`',
    );
    const text = allText(reply);
    expect(text).not.toContain('to go');
    expect(text).not.toContain('Needed per working day');
    expect(text).not.toContain('👉');
    expect(text).toContain('*Coverage*\nSet a quota to measure it (you need 4.0× of your gap)');
    expect(text).toContain('*Opportunities to create*\nSet a quota first');
    expect(reply.text).toBe(
      'Q4 2026: no quota set yet. Set your quota first, so everything else is measured against it: /focus quota 120k quarter',
    );
  });

  it('shows gap, pace, coverage and the opportunities to create for a rep with a quota', () => {
    const reply = card();
    expectValidReply(reply);
    const text = allText(reply);
    // $120,000 − $30,000 = $90,000 to go; 25% → 5 of 20 bar cells
    expect(text).toContain(
      `*$90,000 to go* of your $120,000 quota\n\`${'█'.repeat(5)}${'░'.repeat(15)}\` 25% · $30,000 won`,
    );
    // $90,000 / 24 days = $3,750
    expect(text).toContain('*Needed per working day*\n$3,750');
    // expected 7,727,273 cents; 3,000,000 − 7,727,273 = −4,727,273 → $47,272.73, shown rounded to whole dollars
    expect(text).toContain('*Pace*\n$47,273 behind (expected $77,273 by now)');
    expect(text).toContain('*Open pipeline*\n$45,000 in 1 deal');
    expect(text).toContain('*Coverage*\n0.5× of the 4.0× you need');
    expect(text).toContain('*Opportunities to create*\n11');
    expect(text).toContain('*Focus this week*\nNo activity logged yet');
    expect(text).toContain(
      '👉 Your pipeline should bring about $11,250 of the $90,000 gap. Create 11 qualified opportunities with ICP accounts.',
    );
    expect(text).toContain(
      'Oct 1 – Dec 31 · win rate 25% (team default) · average deal $30,000 · times in America/Los_Angeles',
    );
    expect(reply.text).toBe(
      'Q4 2026: $90,000 gap to your $120,000 quota (25% won). ' +
        'Your pipeline should bring about $11,250 of the $90,000 gap. Create 11 qualified opportunities with ICP accounts.',
    );
  });

  it('celebrates a met quota with a full bar and nothing needed per day', () => {
    // won $150,000 of $120,000: 125%, $30,000 over
    const reply = card({ report: report({ wonCents: 15_000_000 }) });
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain(`\`${'█'.repeat(20)}\` 125% · $150,000 won`);
    expect(text).toContain('*Needed per working day*\nNothing: quota met');
    expect(text).toContain('*Coverage*\nNo gap left to cover');
    expect(text).toContain('👉 Quota met, $30,000 over. Keep filling the pipeline for next period.');
    expect(reply.text).toContain('(125% won)');
  });

  it('lists targets and a full 10-item plan, as Slack sent the text (escaped, mentions intact)', () => {
    const plan = [
      { text: 'Prep R&amp;D demo for &lt;Acme&gt; team', done: true },
      { text: 'Call <@U123> about the renewal', done: false },
      ...Array.from({ length: 8 }, (_, i) => ({ text: `Item ${i + 3} &gt; the rest`, done: i % 2 === 0 })),
    ];
    const reply = card({
      plan,
      report: report({
        hasPlanToday: true,
        targets: [
          { activity: 'call', per: 'day', count: 10, done: 3 },
          { activity: 'meeting', per: 'week', count: 8, done: 8 },
          { activity: 'demo', per: 'day', count: 2, done: 1 },
        ],
      }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    // mid-day: calls pace floor(10 × 0.5) = 5, done 3 → 2 behind; demos pace 1, done 1 → on pace
    expect(text).toContain(
      '*Targets*\n🔻 calls: 3 of 10 today (pace says 5 by now, 2 behind)\n✅ meetings: 8 of 8 this week\n▫️ demos: 1 of 2 today (on pace)',
    );
    expect(text).toContain(
      "*Today's plan*\n✅ Prep R&amp;D demo for &lt;Acme&gt; team\n☐ Call <@U123> about the renewal",
    );
    expect(text).toContain('✅ Item 3 &gt; the rest\n☐ Item 4 &gt; the rest');
    expect(text).toContain('☐ Item 10 &gt; the rest');
  });

  it('shows how to make a plan when there is none', () => {
    const text = allText(card());
    expect(text).toContain("*Today's plan*\nNo plan yet: `/focus plan &lt;item&gt;; &lt;item&gt;`");
  });

  it('truncates a plan too long for one section instead of failing', () => {
    const plan = Array.from({ length: 10 }, () => ({ text: '&lt;&amp;&gt;'.repeat(30), done: false }));
    const reply = card({ plan, report: report({ hasPlanToday: true }) });
    expectValidReply(reply);
    const planText = mrkdwnTexts(reply).find((t) => t.startsWith("*Today's plan*"));
    // Cut at the limit, less any entity the cut would have split.
    expect(planText?.length).toBeLessThanOrEqual(3000);
    expect(planText?.length).toBeGreaterThan(2990);
    expect(planText?.endsWith('…')).toBe(true);
  });

  it('shows the focus mix as shares', () => {
    const text = allText(card({ report: report({ mix: { icp: 6, nonIcp: 3, unassigned: 1 } }) }));
    expect(text).toContain('*Focus this week*\nICP 60% · non-ICP 30% · unassigned 10%');
  });
});

describe('help', () => {
  it('lists the commands with examples, within the limits', () => {
    const reply = helpReply();
    expectValidReply(reply);
    expect(reply.blocks[0]?.type).toBe('header');
    const text = allText(reply);
    for (const example of [
      '/focus won 30k Acme Corp',
      '/focus opp 45k Globex',
      '/focus lost Globex',
      '/focus log call 3 Initech',
      '/focus icp Globex yes',
      '/focus quota 120k quarter',
      '/focus target meeting 8/week',
      '/focus pause 2026-12-24',
      '/focus resume',
      '/focus channel #sales',
    ]) {
      expect(text).toContain(`\`${example}\``);
    }
  });
});

describe('errorReply', () => {
  it('says what was wrong, escaped, and shows the right form and an example', () => {
    const reply = errorReply({ message: '‘<@U1> & <b>’ is not an amount', ...USAGE.won });
    expectValidReply(reply);
    const [problem, form] = mrkdwnTexts(reply);
    expect(problem).toBe('⚠️ ‘&lt;@U1&gt; &amp; &lt;b&gt;’ is not an amount');
    expect(form).toBe('Right form: `/focus won &lt;amount&gt; &lt;account&gt;`\nExample: `/focus won 24.5k Acme Corp`');
    expect(reply.text).toContain('is not an amount');
    expect(reply.text).toContain('Right form: /focus won');
  });

  it('survives a very long message', () => {
    const reply = errorReply({ message: 'x'.repeat(10_000), ...USAGE.plan });
    expectValidReply(reply);
  });
});

describe('confirmation', () => {
  it('is one section and the position line when the account fit is known', () => {
    const reply = confirmation({
      text: '🎉 Won *$30,000* with *Acme*.',
      position: 'Gap now $90,000 (25% of $120,000)',
      askIcpFor: { id: 7, name: 'Acme', icp: 'yes' },
    });
    expectValidReply(reply);
    expect(reply.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(buttonsOf(reply)).toEqual([]);
    expect(reply.text).toBe('🎉 Won $30,000 with Acme. Gap now $90,000 (25% of $120,000)');
  });

  it('asks once whether an unknown account fits the ICP, with two buttons carrying the account id', () => {
    const reply = confirmation({
      text: 'Added a *$45,000* opportunity with *Globex &amp; Sons*.',
      askIcpFor: { id: 42, name: 'Globex & Sons <EU>', icp: 'unknown' },
    });
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions']);
    expect(blocks[1]?.text?.text).toBe('Does *Globex &amp; Sons &lt;EU&gt;* fit your ideal customer profile?');
    expect(blocks[2]?.block_id).toBe(BLOCKS.icpQuestion);
    const buttons = buttonsOf(reply);
    expect(buttons.map((b) => b.action_id)).toEqual([ACTIONS.icpFits, ACTIONS.icpOutside]);
    expect(buttons.map((b) => b.action_id)).toEqual(['icp_fits', 'icp_outside']);
    // The value carries the confirmation, so answering can redraw it without the question.
    for (const b of buttons) {
      expect(JSON.parse(b.value ?? '')).toEqual({
        accountId: 42,
        text: 'Added a *$45,000* opportunity with *Globex &amp; Sons*.',
      });
    }
    expect(buttons[0]?.style).toBe('primary');
    expect(reply.text).toBe('Added a $45,000 opportunity with Globex &amp; Sons.');
  });

  it('truncates a very long account name instead of failing', () => {
    const name = `${'Very Long Account '.repeat(300)}&`;
    const reply = confirmation({
      text: `Logged a call with *${escapeMrkdwn(name)}*.`,
      askIcpFor: { id: 1, name, icp: 'unknown' },
    });
    expectValidReply(reply);
    for (const text of mrkdwnTexts(reply)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(icpQuestion({ id: 1, name })).toHaveLength(2);
  });
});

describe('positionLine', () => {
  it('states the gap, attainment and need per working day', () => {
    // see the gap card above: $90,000 gap, 25%, $3,750 a day, $45,000 pipeline
    expect(positionLine(report(), 'USD')).toBe(
      'Gap now $90,000 (25% of $120,000) · $3,750 per working day · pipeline $45,000',
    );
  });

  it('says when the quota is met or missing', () => {
    expect(positionLine(report({ wonCents: 12_000_000 }), 'USD')).toBe('Quota met (100%) · pipeline $45,000');
    expect(positionLine(report({ quotaCents: null }), 'USD')).toBe('No quota set yet · pipeline $45,000');
  });
});

describe('block primitives', () => {
  it('truncates by characters with an ellipsis, leaving short text alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    // never splits an emoji in two
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('A&B <C> *d*')).toBe('A&amp;B &lt;C&gt; *d*');
  });

  it('keeps the button value within 2,000 characters, dropping the confirmation when it would not fit', () => {
    const reply = confirmation({ text: 'x'.repeat(2500), askIcpFor: { id: 7, name: 'Acme', icp: 'unknown' } });
    for (const b of buttonsOf(reply)) expect(JSON.parse(b.value ?? '')).toEqual({ accountId: 7 });
  });

  it('strips mrkdwn markers from the notification text', () => {
    // Underscores and tildes stay: they are common in names (FOCUS_MANAGERS) and harmless in notifications.
    expect(stripMrkdwn('*bold* _it_ ~s~ `code`')).toBe('bold _it_ ~s~ code');
    expect(stripMrkdwn('x'.repeat(5000)).length).toBe(LIMITS.sectionText);
  });
});
