import { describe, expect, it } from 'vitest';
import type { Unfinished } from '../../src/coach/yesterday.js';
import { periodContaining } from '../../src/domain/period.js';
import { classifyPipeline, type OpenDeal } from '../../src/domain/pipeline.js';
import { carryBlocks, lessonBlock, suggestedPriorities, withCarryRedrawn } from '../../src/slack/views/yesterday.js';
import { expectValidReply } from '../support/blockkit.js';

const TODAY = '2026-12-01';
const Q4 = periodContaining('quarter', TODAY, 1);

function deal(id: number, account: string, dollars: number, fields: Partial<OpenDeal> = {}): OpenDeal {
  return {
    id,
    accountId: id,
    account,
    icp: 'yes',
    amountCents: dollars * 100,
    closeOn: null,
    lastTouchedOn: '2026-11-30',
    ...fields,
  };
}

/**
 * A hand-worked pipeline on Tuesday 2026-12-01, in Q4 2026 (Oct 1 – Dec 31):
 * - Initech Corp $58,000 closing Dec 4, and Umbrella $30,000 closing Dec 4: counted, the soonest (Initech larger)
 * - Globex $45,000, no close date (the period's end, Dec 31), fit unknown: counted, and unclassified
 * - Hooli $20,000 closing Nov 20: stale, its close date has passed
 * - Soylent $90,000 closing Dec 15, last touched Oct 15: stale, idle Oct 15 → Dec 1 = 16 + 30 + 1 = 47 days
 * - Vandelay $80,000 outside the ICP, and Massive $70,000 closing Jan 20 (next period): never suggested
 */
const PIPELINE = classifyPipeline(
  [
    deal(1, 'Initech Corp', 58_000, { closeOn: '2026-12-04' }),
    deal(2, 'Globex', 45_000, { icp: 'unknown' }),
    deal(3, 'Umbrella', 30_000, { closeOn: '2026-12-04' }),
    deal(4, 'Hooli', 20_000, { closeOn: '2026-11-20' }),
    deal(5, 'Soylent', 90_000, { closeOn: '2026-12-15', lastTouchedOn: '2026-10-15' }),
    deal(6, 'Vandelay', 80_000, { icp: 'no', closeOn: '2026-12-10' }),
    deal(7, 'Massive', 70_000, { closeOn: '2027-01-20' }),
  ],
  TODAY,
  Q4,
);
const UNCLASSIFIED = [
  { id: 2, name: 'Globex' },
  { id: 9, name: 'Acme & <Sons>' },
];

describe('the priorities the check-in suggests', () => {
  it('takes one of each in turn: the counted deal closing soonest, the largest stale deal, an account to classify', () => {
    const lines = suggestedPriorities({ pipeline: PIPELINE, unclassifiedAccounts: UNCLASSIFIED }, Q4, TODAY, 'USD');
    expect(lines).toEqual([
      'Move *Initech Corp* ($58,000) toward a close by Dec 4',
      'Settle *Soylent* ($90,000): no change and no activity on the account for 47 days',
      'Classify *Globex*: does it fit your ICP?',
    ]);
  });

  it('fills the three from the deals closing soonest when nothing is stale or unclassified', () => {
    const pipeline = { ...PIPELINE, stale: { deals: [], cents: 0 } };
    const lines = suggestedPriorities({ pipeline, unclassifiedAccounts: [] }, Q4, TODAY, 'USD');
    // Dec 4 twice (larger first), then Globex at the period's end, Dec 31
    expect(lines).toEqual([
      'Move *Initech Corp* ($58,000) toward a close by Dec 4',
      'Move *Umbrella* ($30,000) toward a close by Dec 4',
      'Move *Globex* ($45,000) toward a close by Dec 31',
    ]);
  });

  it('names stale deals by why, and shows account names as typed without breaking the bold', () => {
    const pipeline = { ...PIPELINE, counted: { deals: [], cents: 0 } };
    const lines = suggestedPriorities({ pipeline, unclassifiedAccounts: UNCLASSIFIED.slice(1) }, Q4, TODAY, 'USD');
    expect(lines).toEqual([
      'Settle *Soylent* ($90,000): no change and no activity on the account for 47 days',
      'Classify *Acme &amp; &lt;Sons&gt;*: does it fit your ICP?',
      'Settle *Hooli* ($20,000): its close date, Nov 20, has passed',
    ]);
  });

  it('suggests nothing from an empty pipeline', () => {
    const empty = classifyPipeline([], TODAY, Q4);
    expect(suggestedPriorities({ pipeline: empty, unclassifiedAccounts: [] }, Q4, TODAY, 'USD')).toEqual([]);
  });
});

describe('the quoted reflection', () => {
  it('says "yesterday" for the day before, and quotes the answer as the rep typed it', () => {
    const block = lessonBlock({ date: '2026-11-30', text: 'Calls first &amp; email after\n<b>no</b> meetings' }, TODAY);
    expect(block).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*What you said you’d change* (yesterday):\n“Calls first &amp; email after\n&lt;b&gt;no&lt;/b&gt; meetings”',
      },
    });
  });

  it('names the day when it is further back, and cuts a long answer', () => {
    const block = lessonBlock({ date: '2026-11-27', text: 'x'.repeat(2000) }, TODAY);
    const text = (block as { text: { text: string } }).text.text;
    expect(text.startsWith('*What you said you’d change* (on Friday, Nov 27):\n“xxx')).toBe(true);
    // 599 x's and the ellipsis, then the closing quotation mark
    expect(text.endsWith(`“${'x'.repeat(599)}…”`)).toBe(true);
  });
});

describe('the carry blocks', () => {
  const unfinished: Unfinished = {
    date: '2026-11-30',
    remaining: [
      { index: 1, text: 'Send Umbrella proposal' },
      { index: 2, text: 'Prep R&amp;D demo' },
    ],
    carried: [],
    awaitingPlan: false,
  };

  it('lists the items with Carry all and a button each, named by the day', () => {
    const blocks = carryBlocks(unfinished);
    expectValidReply({ text: 'x', blocks });
    expect(blocks[0]).toMatchObject({
      block_id: 'carry_text:2026-11-30',
      text: {
        text: '*Unfinished from Monday, Nov 30*\n☐ Send Umbrella proposal\n☐ Prep R&amp;D demo\nCarry them into today’s plan?',
      },
    });
    expect(blocks[1]?.block_id).toBe('carry:2026-11-30');
    const buttons = (blocks[1] as { elements: { action_id: string; text: { text: string }; value: string }[] })
      .elements;
    expect(buttons.map((b) => [b.action_id, b.text.text, b.value])).toEqual([
      ['carry_all', 'Carry all', 'all'],
      ['carry_item:1', 'Send Umbrella proposal', '1'],
      // a plain-text button: the & the rep typed
      ['carry_item:2', 'Prep R&D demo', '2'],
    ]);
  });

  it('says what is in today’s plan already, and drops the buttons once nothing is left', () => {
    const done = carryBlocks({ ...unfinished, remaining: [], carried: unfinished.remaining, awaitingPlan: true });
    expect(done).toEqual([
      {
        type: 'section',
        block_id: 'carry_text:2026-11-30',
        text: {
          type: 'mrkdwn',
          text:
            '*Unfinished from Monday, Nov 30*\n✅ In today’s plan: Send Umbrella proposal · Prep R&amp;D demo\n' +
            'Reply with today’s other priorities: they join these.',
        },
      },
    ]);
  });

  it('redraws only its own blocks in a message, keeping the others as they were', () => {
    const before = [{ type: 'divider', block_id: 'a' }, ...carryBlocks(unfinished), { type: 'divider', block_id: 'z' }];
    const after = withCarryRedrawn(before as never, {
      ...unfinished,
      remaining: [unfinished.remaining[0] ?? { index: 1, text: '' }],
      carried: [unfinished.remaining[1] ?? { index: 2, text: '' }],
    });
    expect(after?.map((b) => b.block_id)).toEqual(['a', 'carry_text:2026-11-30', 'carry:2026-11-30', 'z']);
    // one item left: its own button, no "Carry all"
    expect(
      (after?.[2] as { elements?: { action_id: string }[] } | undefined)?.elements?.map((e) => e.action_id),
    ).toEqual(['carry_item:1']);
    expect(withCarryRedrawn([{ type: 'divider' }], unfinished)).toBeNull();
  });
});

describe('Block Kit limits', () => {
  it('keeps ten 300-character items and a 3,000-character answer within a message’s limits', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ index: i, text: `${i} ${'y'.repeat(298)}` }));
    const blocks = [
      lessonBlock({ date: '2026-11-30', text: 'z'.repeat(3000) }, TODAY),
      ...carryBlocks({ date: '2026-11-30', remaining: items, carried: [], awaitingPlan: false }),
    ];
    expectValidReply({ text: 'Good morning!', blocks });
    const texts = blocks.map((block) => (block as { text?: { text: string } }).text?.text ?? '');
    for (const text of texts) expect(Array.from(text).length).toBeLessThanOrEqual(3000);
    const buttons = (blocks[2] as { elements: { text: { text: string } }[] }).elements;
    // Carry all and one per item, each label at most 75 characters
    expect(buttons).toHaveLength(11);
    for (const b of buttons) expect(Array.from(b.text.text).length).toBeLessThanOrEqual(75);
  });
});

describe('the carry blocks once everything was ticked done', () => {
  it('says there is nothing left to carry', () => {
    expect(carryBlocks({ date: '2026-11-30', remaining: [], carried: [], awaitingPlan: false })).toEqual([
      {
        type: 'section',
        block_id: 'carry_text:2026-11-30',
        text: { type: 'mrkdwn', text: '*Unfinished from Monday, Nov 30*\nAll done since: nothing left to carry.' },
      },
    ]);
  });
});
