import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/domain/command.js';
import { type ActivityMix, computeGap, type GapInput, type GapReport, type TargetInput } from '../../src/domain/gap.js';
import { periodContaining } from '../../src/domain/period.js';
import { ACTIONS, BLOCKS } from '../../src/slack/ids.js';
import { codeSpan, escapeMrkdwn, LIMITS, type Reply, stripMrkdwn, truncate } from '../../src/slack/views/blocks.js';
import { type GapCardData, gapCard, percent, progressBar } from '../../src/slack/views/gap-card.js';
import { helpReply } from '../../src/slack/views/help.js';
import { confirmation, errorReply, icpQuestion, positionLine } from '../../src/slack/views/replies.js';
import { allText, blocksOf, buttonsOf, expectValidReply, mrkdwnTexts } from '../support/blockkit.js';
import { doneWhenInput, openDeal, Q1_2027 } from '../support/gap-input.js';

// Q4 2026 (Oct 1 – Dec 31) for a Mon–Fri rep: 22 + 21 + 23 = 66 working days. On Monday 2026-11-30 before the
// reflection time, 42 are elapsed (22 in October, 20 in November before the 30th) and 24 left (Nov 30 and
// 23 in December). The "done when" rep: $120,000 quota, $30,000 won (no opportunity first, so it sizes the
// average deal at $30,000 but not conversion), one $45,000 ICP deal closing Dec 31, the team's 25% win rate.
// These are hand-worked once here and reused below:
//   gap = 120,000 − 30,000 = $90,000; attainment 30/120 = 25%
//   expected by now = 12,000,000 × 42 / 66 = 7,636,363.6 cents → $76,364; pace 30,000 − 76,364 = $46,364 behind
//   needed per working day = 90,000 / 24 = $3,750
//   win rate: no closed opportunities, so (0 + 5 × 30,000 × 25%) / (0 + 5 × 30,000) = 25%; coverage needed 1 / 0.25 = 4.0×
//   coverage = 45,000 / 90,000 = 0.5×; expected from pipeline = 45,000 × 25% = $11,250
//   projected = (30,000 + 11,250) / 120,000 = 34.4% → 34%
//   short = 90,000 − 11,250 = $78,750; opportunities = ⌈78,750 / (25% × 30,000)⌉ = ⌈10.5⌉ = 11
//   gap in deals = ⌈90,000 / 30,000⌉ = 3
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
    today: '2026-11-30',
    ...overrides,
  });
}

/** The text of the card's nudge section: the 👉 lead and its • lines. */
function adviceOf(reply: Reply): string | undefined {
  return mrkdwnTexts(reply).find((text) => text.startsWith('👉'));
}

describe('progressBar and percent', () => {
  it.each<[share: number, bar: string, shown: string]>([
    [0, '░'.repeat(20), '0%'],
    // 0.25 × 20 = 5 filled
    [0.25, `${'█'.repeat(5)}${'░'.repeat(15)}`, '25%'],
    [1, '█'.repeat(20), '100%'],
    // beyond 100% the bar stays full; the percentage does not
    [1.5, '█'.repeat(20), '150%'],
    // 0.996 rounds to 100, but something is still missing: shown as 99%, 19 cells (⌊0.996 × 20⌋)
    [0.996, `${'█'.repeat(19)}░`, '99%'],
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
    expect(text).not.toContain('Projected');
    expect(text).not.toContain('👉');
    expect(text).toContain('*Counted pipeline*\n$45,000 in 1 deal closing in Q4 2026');
    expect(text).toContain('*Coverage*\nSet a quota to measure it (you need 4.0× of your gap)');
    expect(text).toContain('*Opportunities to create*\nSet a quota first');
    expect(reply.text).toBe(
      'Q4 2026: no quota set yet. Set your quota first, so everything else is measured against it: /focus quota 120k quarter',
    );
  });

  it('shows gap, pace, projection, coverage and the opportunities to create for a rep with a quota', () => {
    const reply = card();
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    expect(blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'divider',
      'section',
      'context',
    ]);
    expect(blocks[0]?.text?.text).toBe('Q4 2026 · 24 working days left');
    // $90,000 to go, about ⌈90,000 / 30,000⌉ = 3 deals of the $30,000 average; 25% → 5 of 20 bar cells
    expect(blocks[1]?.text?.text).toBe(
      `*$90,000 to go* of your $120,000 quota: about 3 deals of ~$30,000\n\`${'█'.repeat(5)}${'░'.repeat(15)}\` 25% · $30,000 won`,
    );
    expect(blocks[2]?.fields?.map((field) => field.text)).toEqual([
      '*Needed per working day*\n$3,750',
      // 76,364 − 30,000 = 46,364: the two figures agree to the dollar, each rounded once
      '*Pace*\n$46,364 behind (expected $76,364 by now)',
      '*Projected*\n34% (won $30,000 + $11,250 expected from pipeline)',
    ]);
    expect(blocks[3]?.fields?.map((field) => field.text)).toEqual([
      '*Counted pipeline*\n$45,000 in 1 deal closing in Q4 2026',
      '*Coverage*\n0.5× of the 4.0× you need',
      '*Opportunities to create*\n11 (about $30,000 each)',
      '*Focus this week*\nNo activity logged yet',
    ]);
    expect(blocks[4]?.text?.text).toBe("*Today's plan*\nNo plan yet: `/focus plan &lt;item&gt;; &lt;item&gt;`");
    // the costliest problem leads ($78,750 short); no plan yet costs a day's need ($3,750) and comes beneath
    expect(blocks[6]?.text?.text).toBe(
      '👉 Your counted pipeline should bring about $11,250 of the $90,000 gap: $78,750 short. ' +
        'Create 11 qualified opportunities with ICP accounts (about $30,000 each).\n' +
        '• No plan for today yet. Pick your top priorities: `/focus plan Call Initech; Send Umbrella proposal`',
    );
    expect(blocks[7]?.elements?.map((element) => element.text)).toEqual([
      'Oct 1 – Dec 31 · win rate 25%: the team’s 25% (a manager’s setting until the team has 20 closed deals); ' +
        'none of your opportunities closed in 12 months · average deal $30,000 · cycle 30 days (assumed until 5 wins) · ' +
        'times in America/Los_Angeles',
    ]);
    expect(reply.text).toBe(
      'Q4 2026: $90,000 to go of your $120,000 quota (25% won). ' +
        'Your counted pipeline should bring about $11,250 of the $90,000 gap: $78,750 short. ' +
        'Create 11 qualified opportunities with ICP accounts (about $30,000 each).',
    );
  });

  it('celebrates a met quota plainly and turns the coach to next period', () => {
    // won $150,000 of $120,000: 125%, $30,000 over
    const reply = card({ report: report({ wonCents: 15_000_000 }) });
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain(
      `*Quota met: 125%*, $30,000 over your $120,000 quota\n\`${'█'.repeat(20)}\` 125% · $150,000 won`,
    );
    expect(text).toContain('*Needed per working day*\nNothing: quota met');
    // 150,000 − 76,364 = 73,636 ahead
    expect(text).toContain('*Pace*\n$73,636 ahead (expected $76,364 by now)');
    // (150,000 + 11,250) / 120,000 = 134.4% → 134%
    expect(text).toContain('*Projected*\n134% (won $150,000 + $11,250 expected from pipeline)');
    expect(text).toContain('*Coverage*\nNo gap left to cover');
    expect(text).toContain('*Opportunities to create*\nNone for this period: quota met');
    // Q1 2027 has no quota yet, so this one stands in: ⌈120,000 / (25% × 30,000)⌉ = 16 opportunities, started by
    // Mar 31 − 30-day cycle = Mar 1; Nov 30 → Mar 1 is 91 days = 13 weeks; 16 / 13 = 1.23 → about 1.2 a week
    expect(adviceOf(reply)).toBe(
      '👉 Quota met: 125%, $30,000 over. Turn to next period: create about 1.2 ICP opportunities a week for Q1 2027: ' +
        '16 by Mar 1, 2027 (at this period’s quota of $120,000).',
    );
    // the notification says it once: the lead already says the quota is met
    expect(reply.text).toBe(
      'Q4 2026: Quota met: 125%, $30,000 over. Turn to next period: create about 1.2 ICP opportunities a week for Q1 2027: ' +
        '16 by Mar 1, 2027 (at this period’s quota of $120,000).',
    );
  });

  it('sizes next period from its own quota once one is set', () => {
    // Q1 2027 quota $150,000: ⌈150,000 / 7,500⌉ = 20 opportunities; 20 / 13 = 1.54 → about 1.5 a week
    const reply = card({
      report: report({ wonCents: 15_000_000, next: { period: Q1_2027, quotaCents: 15_000_000 } }),
    });
    expect(adviceOf(reply)).toBe(
      '👉 Quota met: 125%, $30,000 over. Turn to next period: create about 1.5 ICP opportunities a week for Q1 2027: 20 by Mar 1, 2027.',
    );
  });

  it('counts targets on ICP and unclassified accounts, on the today-rule: nobody behind before the reflection', () => {
    const targets: TargetInput[] = [
      { activity: 'call', per: 'day', count: 10, done: 3, doneAll: 3 },
      { activity: 'meeting', per: 'week', count: 8, done: 8, doneAll: 8 },
      // 4 demos, 3 of them outside the ICP or without an account: 1 counts
      { activity: 'demo', per: 'day', count: 2, done: 1, doneAll: 4 },
    ];
    // Monday before the reflection time: today is not over, so a day target's pace is 0, and the week's too
    // (0 of its 5 working days elapsed)
    const morning = allText(card({ report: report({ hasPlanToday: true, targets }) }));
    expect(morning).toContain(
      '*Targets* (ICP and unclassified accounts count)\n' +
        '▫️ calls: 3 of 10 today (on pace)\n' +
        '✅ meetings: 8 of 8 this week\n' +
        '▫️ demos: 1 of 2 today (on pace; 3 more outside your ICP or without an account, not counted)',
    );
    expect(morning).not.toContain('Behind on');

    // After the reflection time: a day target's pace is all of it; the week is 1 of 5 days in, ⌊8 × 1/5⌋ = 1
    const evening = card({ report: report({ hasPlanToday: true, targets, dayOver: true }) });
    expectValidReply(evening);
    const text = allText(evening);
    expect(text).toContain(
      '*Targets* (ICP and unclassified accounts count)\n' +
        '🔻 calls: 3 of 10 today (pace says 10 by now, 7 behind)\n' +
        '✅ meetings: 8 of 8 this week\n' +
        '🔻 demos: 1 of 2 today (pace says 2 by now, 1 behind; 3 more outside your ICP or without an account, not counted)',
    );
    // Today is now elapsed: 43 elapsed, 23 left (43 + 23 = 66); 90,000 / 23 = 3,913.04 → $3,913.
    // The calls cost 7/10 of a day's need (≈ $2,739), the demos 1/2 (≈ $1,957): calls are named, beneath the
    // $78,750 pipeline shortfall
    expect(adviceOf(evening)).toBe(
      '👉 Your counted pipeline should bring about $11,250 of the $90,000 gap: $78,750 short. ' +
        'Create 11 qualified opportunities with ICP accounts (about $30,000 each).\n' +
        '• Behind on calls: 3 of 10 today on ICP and unclassified accounts, pace says 10 by now.',
    );
  });

  it('does not count 40 of 40 calls made outside the ICP as done, and names the drift first', () => {
    // Friday 2026-12-04 after the reflection: the week (Nov 30 – Dec 4) is 5 of 5 days in, pace ⌊40 × 5/5⌋ = 40
    const reply = card({
      today: '2026-12-04',
      report: report({
        today: '2026-12-04',
        dayOver: true,
        hasPlanToday: true,
        targets: [{ activity: 'call', per: 'week', count: 40, done: 0, doneAll: 40 }],
        mix: { icp: 0, nonIcp: 40, unclassified: 0, noAccount: 0 },
      }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain(
      '🔻 calls: 0 of 40 this week (pace says 40 by now, 40 behind; 40 more outside your ICP or without an account, not counted)',
    );
    expect(text).not.toContain('✅ calls');
    expect(text).toContain('*Focus this week*\nICP 0% · non-ICP 100% · unclassified 0%');
    // 100% of the week outside the ICP costs 100% × $90,000 gap, more than the $78,750 short (Dec 4 → Dec 31 is
    // 27 days, inside the 30-day cycle: too late for new opportunities)
    expect(adviceOf(reply)?.split('\n')[0]).toBe(
      '👉 100% of this week’s activity went to accounts outside your ICP. Put the next hours into ICP accounts.',
    );
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
        targets: [{ activity: 'meeting', per: 'week', count: 8, done: 8, doneAll: 8 }],
      }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain('*Targets* (ICP and unclassified accounts count)\n✅ meetings: 8 of 8 this week');
    expect(text).toContain(
      "*Today's plan*\n✅ Prep R&amp;D demo for &lt;Acme&gt; team\n☐ Call <@U123> about the renewal",
    );
    expect(text).toContain('✅ Item 3 &gt; the rest\n☐ Item 4 &gt; the rest');
    expect(text).toContain('☐ Item 10 &gt; the rest');
    // planned: no "No plan" line beneath the nudge
    expect(adviceOf(reply)).not.toContain('No plan');
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

  it.each<[name: string, mix: ActivityMix, shown: string]>([
    // 6 + 3 + 1 = 10 pieces of work: 60%, 30%, 10%; nothing without an account, so that share is left out
    [
      'ICP, non-ICP and unclassified',
      { icp: 6, nonIcp: 3, unclassified: 1, noAccount: 0 },
      'ICP 60% · non-ICP 30% · unclassified 10%',
    ],
    // 5 + 2 + 1 + 2 = 10: 50%, 20%, 10%, 20%
    [
      'work without an account too',
      { icp: 5, nonIcp: 2, unclassified: 1, noAccount: 2 },
      'ICP 50% · non-ICP 20% · unclassified 10% · no account 20%',
    ],
  ])('shows the focus mix as shares: %s', (_name, mix, shown) => {
    const text = allText(card({ report: report({ mix }) }));
    expect(text).toContain(`*Focus this week*\n${shown}`);
  });

  it('shows stale, non-ICP and later pipeline apart from what counts, and names them beneath the lead', () => {
    const reply = card({
      report: report({
        openDeals: [
          openDeal({ id: 1, account: 'Globex' }),
          // outside the ICP: never counted
          openDeal({ id: 2, account: 'Initech', icp: 'no', amountCents: 8_000_000 }),
          // closes in Q1 2027: shown apart
          openDeal({ id: 3, account: 'Umbrella', amountCents: 6_000_000, closeOn: '2027-02-15' }),
          // its close date has passed
          openDeal({ id: 4, account: 'Hooli', amountCents: 2_000_000, closeOn: '2026-11-20' }),
          // untouched since Oct 20: 11 + 30 = 41 days ≥ 30
          openDeal({ id: 5, account: 'Vandelay', amountCents: 1_000_000, lastTouchedOn: '2026-10-20' }),
        ],
      }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    // only Globex counts: the same $45,000, 0.5× and 11 opportunities as the plain card
    expect(text).toContain('*Counted pipeline*\n$45,000 in 1 deal closing in Q4 2026');
    expect(text).toContain('*Coverage*\n0.5× of the 4.0× you need');
    expect(text).toContain('*Opportunities to create*\n11 (about $30,000 each)');
    // stale: 20,000 + 10,000 = $30,000, largest first
    expect(text).toContain(
      '⏳ Stale, not counted: $30,000 in 2 deals (Hooli: close date Nov 20 passed; Vandelay: no change or activity for 41 days)\n' +
        '🚫 Outside your ICP, not counted: $80,000 in 1 deal\n' +
        '📅 Closing after Q4 2026: $60,000 in 1 deal',
    );
    // Costs: short $78,750; outside the ICP 80,000 / (45,000 + 60,000 + 80,000 + 30,000) = 37.2% of the open
    // pipeline × $90,000 ≈ $33,488; stale $30,000 × 25% = $7,500; no plan $3,750. The top two beneath the lead.
    expect(adviceOf(reply)).toBe(
      '👉 Your counted pipeline should bring about $11,250 of the $90,000 gap: $78,750 short. ' +
        'Create 11 qualified opportunities with ICP accounts (about $30,000 each).\n' +
        '• $80,000 of your open pipeline (37%) is with accounts outside your ICP and doesn’t count. Build pipeline with ICP accounts.\n' +
        '• $30,000 in 2 stale deals (Hooli and Vandelay) is not counted: give each a new close date, or mark it lost.',
    );
  });

  it('does not count $360,000 of pipeline outside the ICP, and says so (the issue’s all-non-ICP rep)', () => {
    // 4× of the $90,000 gap, all on accounts marked outside the ICP
    const reply = card({
      report: report({
        hasPlanToday: true,
        openDeals: [
          openDeal({ id: 11, account: 'Initech', icp: 'no', amountCents: 18_000_000 }),
          openDeal({ id: 12, account: 'Hooli', icp: 'no', amountCents: 18_000_000 }),
        ],
      }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain('*Counted pipeline*\n$0 in 0 deals closing in Q4 2026');
    expect(text).toContain('*Coverage*\n0.0× of the 4.0× you need');
    // nothing expected from pipeline: 30,000 / 120,000 = 25%
    expect(text).toContain('*Projected*\n25% (won $30,000 + $0 expected from pipeline)');
    // ⌈90,000 / (25% × 30,000)⌉ = 12
    expect(text).toContain('*Opportunities to create*\n12 (about $30,000 each)');
    expect(text).toContain('🚫 Outside your ICP, not counted: $360,000 in 2 deals');
    expect(text).not.toContain('On pace');
    // both cost the whole $90,000 gap; the shortfall leads, the drift is named beneath it
    expect(adviceOf(reply)).toBe(
      '👉 Nothing in your counted pipeline toward the $90,000 gap yet. ' +
        'Create 12 qualified opportunities with ICP accounts (about $30,000 each).\n' +
        '• $360,000 of your open pipeline (100%) is with accounts outside your ICP and doesn’t count. Build pipeline with ICP accounts.',
    );
  });

  it('stops asking for opportunities that cannot close in time, and names the deals to close', () => {
    // Tuesday 2026-12-15: Dec 15 → Dec 31 is 16 days, under the assumed 30-day cycle.
    // 53 working days elapsed (22 + 21 + 10 in December before the 15th), 13 left (53 + 13 = 66)
    const reply = card({
      today: '2026-12-15',
      report: report({ today: '2026-12-15', week: { start: '2026-12-14', end: '2026-12-20' }, hasPlanToday: true }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    expect(blocksOf(reply)[0]?.text?.text).toBe('Q4 2026 · 13 working days left');
    // 90,000 / 13 = 6,923.08 → $6,923; expected 12,000,000 × 53 / 66 = 9,636,363.6 → $96,364, 96,364 − 30,000 behind
    expect(text).toContain('*Needed per working day*\n$6,923');
    expect(text).toContain('*Pace*\n$66,364 behind (expected $96,364 by now)');
    expect(text).toContain('*Opportunities to create*\nNone that can close in Q4 2026: your typical cycle is 30 days');
    // next period: 16 opportunities (as above) by Mar 1; Dec 15 → Mar 1 is 16 + 31 + 28 + 1 = 76 days = 10.86 weeks;
    // 16 / 10.86 = 1.47 → about 1.5 a week. Projected 34% as on the plain card.
    expect(adviceOf(reply)).toBe(
      '👉 Q4 2026 ends in 16 days, sooner than your typical 30-day cycle: new opportunities won’t close in time. ' +
        'Projected: 34% of quota. Close now: Globex ($45,000). ' +
        'Then create about 1.5 ICP opportunities a week for Q1 2027: 16 by Mar 1, 2027 (at this period’s quota of $120,000).',
    );
  });

  it.each<[name: string, change: Partial<GapInput>, header: string, perDay: string, pace: string]>([
    // the first morning of the quarter, nothing won yet: 0 elapsed, 66 left; 120,000 / 66 = 1,818.18 → $1,818
    [
      'the first morning of a quarter',
      { today: '2026-10-01', week: { start: '2026-09-28', end: '2026-10-04' }, wonCents: 0 },
      'Q4 2026 · 66 working days left',
      '$1,818',
      'On pace (expected $0 by now)',
    ],
    // the last day before the reflection: 65 elapsed + 1 left; 12,000,000 × 65 / 66 = 11,818,181.8 → $118,182
    [
      'the last morning of a quarter',
      { today: '2026-12-31', week: { start: '2026-12-28', end: '2027-01-03' } },
      'Q4 2026 · 1 working day left',
      '$90,000',
      '$88,182 behind (expected $118,182 by now)',
    ],
    // the last day after the reflection: 66 elapsed + 0 left, today not counted twice
    [
      'the last evening of a quarter',
      { today: '2026-12-31', week: { start: '2026-12-28', end: '2027-01-03' }, dayOver: true },
      'Q4 2026 · 0 working days left',
      'No working days left',
      '$90,000 behind (expected $120,000 by now)',
    ],
  ])('counts today once: %s', (_name, change, header, perDay, pace) => {
    const reply = card({ today: change.today, report: report(change) });
    expectValidReply(reply);
    expect(blocksOf(reply)[0]?.text?.text).toBe(header);
    expect(
      blocksOf(reply)[2]
        ?.fields?.map((field) => field.text)
        .slice(0, 2),
    ).toEqual([`*Needed per working day*\n${perDay}`, `*Pace*\n${pace}`]);
  });

  it('shows coverage above 10× as "> 10×" and, with nothing to fix, pushes the counted deals to close', () => {
    // $1,000,000 counted against a $90,000 gap: 11.1×. It should bring 25% = $250,000, more than the gap: 0 to create
    const reply = card({
      report: report({
        hasPlanToday: true,
        openDeals: [openDeal({ id: 21, account: 'Initech', amountCents: 100_000_000 })],
      }),
    });
    expectValidReply(reply);
    const text = allText(reply);
    // "> 10×" as Slack shows it: mrkdwn needs the > escaped, or a line starting with it turns into a quote
    expect(text).toContain('*Coverage*\n&gt; 10× of the 4.0× you need');
    expect(text).toContain('*Opportunities to create*\n0');
    // (30,000 + 250,000) / 120,000 = 233.3% → 233%
    expect(text).toContain('*Projected*\n233% (won $30,000 + $250,000 expected from pipeline)');
    // still $46,364 behind the even pace
    expect(adviceOf(reply)).toBe(
      '👉 $46,364 behind pace, but your counted pipeline can cover the gap: push Initech ($1,000,000) to close.',
    );
  });

  it.each<[name: string, change: Partial<GapInput>, basis: string, coverage: string | null]>([
    // (6,000,000 + 5 × 3,000,000 × 25%) / (18,000,000 + 5 × 3,000,000) = 9,750,000 / 33,000,000 = 29.5% → 30%;
    // need 1 / 0.2955 = 3.4×
    [
      'the rep’s own deals, blended with the team’s setting',
      {
        won12: { count: 2, cents: 6_000_000 },
        closed12: { won: 2, wonCents: 6_000_000, lost: 3, lostCents: 12_000_000 },
      },
      'win rate 30% · 5 of your deals, blended with the team’s 25% (a manager’s setting until the team has 20 closed deals)',
      '0.5× of the 3.4× you need',
    ],
    // the rep: won 5 × $10k, lost 5 × $100k. Average deal $10,000:
    // (5,000,000 + 5 × 1,000,000 × 25%) / (55,000,000 + 5 × 1,000,000) = 6,250,000 / 60,000,000 = 10.42% → 10.4% (one decimal below 20%); need 1 / 0.10417 = 9.6×
    [
      'small wins and large losses, in dollars',
      {
        won12: { count: 5, cents: 5_000_000 },
        closed12: { won: 5, wonCents: 5_000_000, lost: 5, lostCents: 50_000_000 },
      },
      'win rate 10.4% · 10 of your deals, blended with the team’s 25% (a manager’s setting until the team has 20 closed deals)',
      '0.5× of the 9.6× you need',
    ],
    // 20 team deals: its own rate, 24,000,000 / 60,000,000 = 40%; need 2.5×
    [
      'the team’s own history once it has 20 closed deals',
      {
        team: {
          closed12: { won: 8, wonCents: 24_000_000, lost: 12, lostCents: 36_000_000 },
          settingRate: 0.25,
          averageDealCents: null,
        },
      },
      'win rate 40%: the team’s 40% over 12 months; none of your opportunities closed in 12 months',
      '0.5× of the 2.5× you need',
    ],
    // 10 losses of $100k: 3,750,000 / (100,000,000 + 15,000,000) = 3.3%, raised to 5%
    [
      'a blend below the floor',
      { closed12: { won: 0, wonCents: 0, lost: 10, lostCents: 100_000_000 } },
      'win rate 5.0% · 10 of your deals, blended with the team’s 25% (a manager’s setting until the team has 20 closed deals), raised to the 5% floor',
      null,
    ],
  ])('says what the win rate rests on: %s', (_name, change, basis, coverage) => {
    const reply = card({ report: report(change) });
    expectValidReply(reply);
    const footer = blocksOf(reply).at(-1)?.elements?.[0]?.text;
    expect(footer).toContain(`Oct 1 – Dec 31 · ${basis} · average deal`);
    if (coverage !== null) expect(allText(reply)).toContain(`*Coverage*\n${coverage}`);
  });

  it('adds a line for a quota of another period kind', () => {
    const reply = card({
      otherQuotas: [
        // 100,000 / 1,000,000 = 10%
        { period: periodContaining('year', '2026-11-30', 1), quotaCents: 100_000_000, wonCents: 10_000_000 },
        // 30,000 / 20,000 = 150%, 10,000 over
        { period: periodContaining('month', '2026-11-30', 1), quotaCents: 2_000_000, wonCents: 3_000_000 },
      ],
    });
    expectValidReply(reply);
    expect(allText(reply)).toContain('Also: 2026: 10% of $1,000,000 · November 2026: 150% of $20,000, $10,000 over');
  });
});

describe('help', () => {
  it('lists the commands with examples, within the limits', () => {
    const reply = helpReply();
    expectValidReply(reply);
    expect(reply.blocks[0]?.type).toBe('header');
    const text = allText(reply);
    // Every command's right form (escaped: its placeholders are not links) and its example, from USAGE.
    for (const { usage, example } of Object.values(USAGE)) {
      expect(text).toContain(`\`${usage.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\``);
      if (example !== usage) expect(text).toContain(`\`${example}\``);
    }
  });
});

describe('errorReply', () => {
  it('says what was wrong, escaped, and shows the right form and an example', () => {
    const reply = errorReply({ message: '‘<@U1> & <b>’ is not an amount', ...USAGE.won });
    expectValidReply(reply);
    const [problem, form] = mrkdwnTexts(reply);
    expect(problem).toBe('⚠️ ‘&lt;@U1&gt; &amp; &lt;b&gt;’ is not an amount');
    expect(form).toBe(
      'Right form: `/focus won &lt;amount&gt; &lt;account&gt; [on &lt;date&gt;]`\nExample: `/focus won 24.5k Acme Corp on friday`',
    );
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
  it('states the gap, attainment, need per working day and counted pipeline, in the card’s figures', () => {
    // as on the card: $90,000 gap, 25% of $120,000, $3,750 a day, $45,000 counted
    expect(positionLine(report(), 'USD')).toBe(
      'Gap now $90,000 (25% of $120,000) · $3,750 per working day · counted pipeline $45,000',
    );
  });

  it('leaves out pipeline that does not count', () => {
    // the $80,000 non-ICP deal is not in the counted $45,000
    const withNonIcp = report({
      openDeals: [openDeal({ id: 1, account: 'Globex' }), openDeal({ id: 2, icp: 'no', amountCents: 8_000_000 })],
    });
    expect(positionLine(withNonIcp, 'USD')).toBe(
      'Gap now $90,000 (25% of $120,000) · $3,750 per working day · counted pipeline $45,000',
    );
  });

  it('says when the quota is met, by how much, or missing', () => {
    expect(positionLine(report({ wonCents: 12_000_000 }), 'USD')).toBe(
      'Quota met: 100% of your $120,000 quota · counted pipeline $45,000',
    );
    // 150,000 / 120,000 = 125%, 30,000 over
    expect(positionLine(report({ wonCents: 15_000_000 }), 'USD')).toBe(
      'Quota met: 125% of your $120,000 quota, $30,000 over · counted pipeline $45,000',
    );
    expect(positionLine(report({ quotaCents: null }), 'USD')).toBe('No quota set yet · counted pipeline $45,000');
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

describe('figures that never contradict each other', () => {
  it('never shows a rep who is short as covered: coverage rounds down, the need rounds up', () => {
    // counted $396,000 against a $100,000 gap (quota $130,000, won $30,000) = 3.96× at 25% (needs 4.0×):
    // expected 99,000, $1,000 short, one more opportunity: ⌈1,000 / 7,500⌉ = 1. Shown 3.9×, not 4.0×.
    const reply = card({
      report: report({ quotaCents: 13_000_000, openDeals: [openDeal({ id: 1, amountCents: 39_600_000 })] }),
    });
    const text = allText(reply);
    expect(text).toContain('*Coverage*\n3.9× of the 4.0× you need');
    expect(text).toContain('*Opportunities to create*\n1 (about $30,000 each)');
  });

  it('gives a weekly rate that agrees with its total: 7 over 13 weeks is about 0.5 a week', () => {
    // Next quarter at $52,500: ⌈52,500 / 7,500⌉ = 7 opportunities by Mar 1 (13 weeks): 7 / 13 = 0.54 → 0.5
    const reply = card({
      report: report({ wonCents: 12_000_000, next: { period: Q1_2027, quotaCents: 5_250_000 } }),
    });
    expect(adviceOf(reply)).toContain('create about 0.5 ICP opportunities a week for Q1 2027: 7 by Mar 1, 2027');
  });
});

describe('codeSpan', () => {
  it('keeps a command copyable: only &, < and > escaped, a backtick made harmless', () => {
    expect(codeSpan('/focus icp *Bold* & <Co> no')).toBe('`/focus icp *Bold* &amp; &lt;Co&gt; no`');
    expect(codeSpan('/focus icp A`B no')).toBe('`/focus icp AˋB no`');
  });
});
