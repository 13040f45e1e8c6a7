import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DayReview, loadDayReview } from '../../src/coach/daily.js';
import { loadStatus, type Status } from '../../src/coach/status.js';
import { loadTeamProgress, type RepProgress, type TeamProgress } from '../../src/coach/team.js';
import { findAccount, setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan, setPlanDone } from '../../src/db/checkins.js';
import { addOpportunity, markLost, openDealsOf, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import type { ActivityKind } from '../../src/domain/command.js';
import { computeGap } from '../../src/domain/gap.js';
import { type Period, periodContaining } from '../../src/domain/period.js';
import type { Reply } from '../../src/slack/views/blocks.js';
import { checkinMessage, reminderMessage } from '../../src/slack/views/checkin.js';
import { gapMoveLine, loggedWorkLine, reflectionMessage } from '../../src/slack/views/reflection.js';
import { repLine, teamView, weeklyPost } from '../../src/slack/views/team.js';
import {
  allText,
  blocksOf,
  buttonsOf,
  checkboxesOf,
  expectValidReply,
  expectWithinMessageSize,
  mentionCounts,
  mrkdwnTexts,
} from '../support/blockkit.js';
import { tempStorage } from '../support/db.js';
import { doneWhenInput } from '../support/gap-input.js';

// --- Seeding through the real db functions ------------------------------------------------------

const TEAM = 'T0001';
const ANN = 'U0ANN';
const Q4 = periodContaining('quarter', '2026-11-30', 1);
const DEFAULT_TZ = 'America/New_York';

/** Monday 2026-11-30 08:45 in Los Angeles (PST, UTC−8): just after the default 08:30 check-in. */
const MONDAY_0845_PACIFIC = Date.parse('2026-11-30T16:45:00Z');
/** Monday 2026-11-30 10:00 Pacific, for yesterday's writes in the reflection tests. */
const MONDAY_1000_PACIFIC = Date.parse('2026-11-30T18:00:00Z');
/** Tuesday 2026-12-01 10:00 Pacific, for the day's writes. */
const TUESDAY_1000_PACIFIC = Date.parse('2026-12-01T18:00:00Z');
/** Tuesday 2026-12-01 17:45 Pacific: reflection time. */
const TUESDAY_1745_PACIFIC = Date.parse('2026-12-02T01:45:00Z');

let store: ReturnType<typeof tempStorage>;

/** A fresh database for each test of the enclosing describe. */
function freshStorageEachTest(): void {
  beforeEach(() => {
    store = tempStorage();
  });
  afterEach(() => {
    store.remove();
  });
}

function addRep(userId: string, timezone: string): void {
  saveRepProfile(store.db, TEAM, userId, { slackTimezone: timezone, isSlackAdmin: false, fetchedAt: 0 });
}

function giveQuota(userId: string, amountCents: number): void {
  setQuota(store.db, { teamId: TEAM, userId, period: Q4, amountCents, setBy: userId, now: 0 });
}

function win(userId: string, account: string, amountCents: number, today: string, now: number): void {
  recordWin(store.db, { teamId: TEAM, userId, account, amountCents, now, today });
}

function opp(userId: string, account: string, amountCents: number, today: string, now: number): void {
  addOpportunity(store.db, { teamId: TEAM, userId, account, amountCents, now, today });
}

function log(userId: string, kind: ActivityKind, count: number, account: string | null, today: string): void {
  logActivity(store.db, { teamId: TEAM, userId, kind, count, account, now: Date.parse(`${today}T18:00:00Z`), today });
}

function plan(userId: string, localDate: string, items: string[]): void {
  setPlan(store.db, { teamId: TEAM, userId, localDate, items, now: 0 });
}

function statusAt(now: number, userId = ANN): Promise<Status> {
  return loadStatus(store.store, { teamId: TEAM, userId, now, defaultTimezone: DEFAULT_TZ });
}

function reviewOf(date: string, now: number, userId = ANN): Promise<DayReview> {
  return loadDayReview(store.store, { teamId: TEAM, userId, date, now, defaultTimezone: DEFAULT_TZ });
}

/**
 * The "done when" rep on Monday 2026-11-30: a $120k Q4 quota, $30k won today (Acme), one open
 * $45k deal (Globex), Monday–Friday, in Los Angeles.
 */
function seedDoneWhenRep(): void {
  addRep(ANN, 'America/Los_Angeles');
  giveQuota(ANN, 12_000_000);
  win(ANN, 'Acme', 3_000_000, '2026-11-30', MONDAY_0845_PACIFIC - 60_000);
  opp(ANN, 'Globex', 4_500_000, '2026-11-30', MONDAY_0845_PACIFIC - 60_000);
}

/** 50 items of 300 characters each, numbered so each is distinct. */
function hugePlan(): string[] {
  return Array.from({ length: 50 }, (_, i) => `${String(i + 1).padStart(2, '0')} ${'x'.repeat(297)}`);
}

// --- The morning check-in ------------------------------------------------------------------------

// The "done when" rep at Monday 08:45 Pacific, before the 17:30 reflection, so today is a day left, not elapsed.
// Q4 2026 has 22 + 21 + 23 = 66 working days (Mon–Fri): 42 elapsed (Oct 1 – Nov 27), 24 left (Nov 30 – Dec 31).
//   gap 120,000 − 30,000 = $90,000 (25% won); needed per working day 90,000 / 24 = $3,750
//   expected by now 12,000,000 × 42 / 66 = 7,636,363.6 cents → $76,364; 76,364 − 30,000 = $46,364 behind
//   win rate: Acme's win had no opportunity first, so nothing has closed as an opportunity: the team's 25%
//   (5 average deals of $30,000 at 25%, over nothing of the rep's own); coverage needed 1 / 0.25 = 4.0×
//   Globex ($45,000, not classified yet, so counted): coverage 45,000 / 90,000 = 0.5×, expected 25% = $11,250
//   projected (30,000 + 11,250) / 120,000 = 34.4% → 34%; short 90,000 − 11,250 = $78,750
//   opportunities ⌈78,750 / (25% × 30,000)⌉ = ⌈10.5⌉ = 11
const DONE_WHEN_FIELDS = [
  '*Needed per working day*\n$3,750',
  '*Pace*\n$46,364 behind (expected $76,364 by now)',
  '*Coverage*\n0.5× of the 4.0× you need',
  '*Projected*\n34% (won $30,000 + $11,250 expected from pipeline)',
];
const DONE_WHEN_LEAD =
  '👉 Your counted pipeline should bring about $11,250 of the $90,000 gap: $78,750 short. ' +
  'Create 11 qualified opportunities with ICP accounts (about $30,000 each).';
// Globex's fit is unknown: its $45,000 × 25% = $11,250 rests on it, more than a day's need ($3,750) for no plan
const GLOBEX_UNCLASSIFIED =
  '• 1 account not classified yet (Globex): $45,000 of your counted pipeline rests on it. Say whether it fits your ICP.';
const NO_PLAN = '• No plan for today yet. Pick your top priorities: `/focus plan Call Initech; Send Umbrella proposal`';

function accountId(name: string): number {
  const account = findAccount(store.db, TEAM, name);
  if (!account) throw new Error(`no account ${name}`);
  return account.id;
}

describe('the morning check-in', () => {
  freshStorageEachTest();

  it('shows the gap in one glance, the nudge, asks for today’s priorities and whether Globex fits the ICP', async () => {
    seedDoneWhenRep();
    const reply = checkinMessage(await statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    expect(blocks.map((block) => block.type)).toEqual([
      'section',
      'section',
      'context',
      'section',
      'section',
      'section',
      'section',
      'actions',
    ]);
    expect(blocks[0]?.text?.text).toBe('Good morning! Q4 2026: *$90,000 to go of your $120,000 quota (25% won)*.');
    expect(blocks[1]?.fields?.map((field) => field.text)).toEqual(DONE_WHEN_FIELDS);
    expect(blocks[2]?.elements?.map((element) => element.text)).toEqual([
      // no nudge for a plan: the check-in asks for one itself
      [DONE_WHEN_LEAD, GLOBEX_UNCLASSIFIED].join('\n'),
    ]);
    expect(allText(reply)).not.toContain(NO_PLAN.slice(2));
    // Globex is the one counted deal (no close date: the period's end, Dec 31), and its fit is not set
    expect(blocks[3]?.text?.text).toBe(
      '*Suggested from your numbers*\n1. Move *Globex* ($45,000) toward a close by Dec 31\n' +
        '2. Classify *Globex*: does it fit your ICP?',
    );
    expect(blocks[4]?.text?.text).toBe(
      '*What are today’s priorities?*\nReply here: one priority per line, a numbered list, or separated by `;`. They become today’s plan.',
    );
    // Globex has an open deal and no fit yet: asked, with buttons naming its account; Acme (only a win) is not
    const globex = accountId('Globex');
    expect(blocks[5]?.text?.text).toBe('*Keep your numbers honest*');
    expect(blocks[6]).toMatchObject({
      block_id: `classify_text:${globex}`,
      text: { text: 'Does *Globex* fit your ideal customer profile?' },
    });
    expect(blocks[7]?.block_id).toBe(`classify:${globex}`);
    expect(buttonsOf(reply).map((b) => [(b.text as { text: string }).text, b.action_id, b.value])).toEqual([
      ['Fits our ICP', 'classify_fits', String(globex)],
      ['Outside our ICP', 'classify_outside', String(globex)],
    ]);
    expect(allText(reply)).not.toContain('Acme');
    expect(reply.text).toBe(
      'Good morning! Q4 2026: $90,000 to go of your $120,000 quota (25% won). What are today’s priorities?',
    );
  });

  it('shows the plan instead of asking when one is already set, and no longer nudges for one', async () => {
    seedDoneWhenRep();
    plan(ANN, '2026-11-30', ['Call Initech', 'Send Umbrella proposal']);
    setPlanDone(store.db, { teamId: TEAM, userId: ANN, localDate: '2026-11-30', doneIndexes: [1] });
    const reply = checkinMessage(await statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain('*Today’s plan*\n☐ Call Initech\n✅ Send Umbrella proposal');
    expect(text).toContain('To change it, reply `plan &lt;item&gt;; &lt;item&gt;`.');
    expect(text).not.toContain('What are today’s priorities?');
    // the glance and its figures are still there; the nudge loses only its "no plan" line
    expect(text).toContain('Good morning! Q4 2026: *$90,000 to go of your $120,000 quota (25% won)*.');
    expect(blocksOf(reply)[1]?.fields?.map((field) => field.text)).toEqual(DONE_WHEN_FIELDS);
    expect(blocksOf(reply)[2]?.elements?.[0]?.text).toBe([DONE_WHEN_LEAD, GLOBEX_UNCLASSIFIED].join('\n'));
    // the question about Globex still follows the plan
    expect(text).toContain('Does *Globex* fit your ideal customer profile?');
    expect(reply.text).toBe(
      'Good morning! Q4 2026: $90,000 to go of your $120,000 quota (25% won). Your plan for today is set.',
    );
  });

  it('asks a rep without a quota to set one, with no quota figures', async () => {
    addRep(ANN, 'America/Los_Angeles');
    log(ANN, 'call', 1, null, '2026-11-30');
    const reply = checkinMessage(await statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    // a call with no account raises no question
    expect(blocks.map((block) => block.type)).toEqual(['section', 'section']);
    expect(blocks[0]?.text?.text).toBe('Good morning! No quota set for Q4 2026 yet: `/focus quota 120k quarter`.');
    const text = allText(reply);
    expect(text).not.toContain('Needed per working day');
    expect(text).not.toContain('Coverage');
    expect(text).not.toContain('👉');
    expect(text).toContain('*What are today’s priorities?*');
    expect(reply.text).toBe(
      'Good morning! No quota set for Q4 2026 yet: /focus quota 120k quarter. What are today’s priorities?',
    );
  });

  it('says the quota is met, by how much, and turns to next period', async () => {
    addRep(ANN, 'America/Los_Angeles');
    giveQuota(ANN, 12_000_000);
    win(ANN, 'Acme', 15_000_000, '2026-11-30', MONDAY_0845_PACIFIC - 60_000);
    const reply = checkinMessage(await statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    // 150,000 / 120,000 = 125%, 30,000 over
    expect(blocks[0]?.text?.text).toBe(
      'Good morning! Q4 2026: *Quota met: 125% of your $120,000 quota, $30,000 over*.',
    );
    expect(blocks[1]?.fields?.map((field) => field.text)).toEqual([
      // no gap: nothing needed
      '*Needed per working day*\n—',
      // 150,000 − 76,364 = 73,636 ahead
      '*Pace*\n$73,636 ahead (expected $76,364 by now)',
      '*Coverage*\nNo gap left to cover',
      // no open deal: 150,000 / 120,000
      '*Projected*\n125% (won $150,000 + $0 expected from pipeline)',
    ]);
    // Q1 2027 has no quota yet: this one's $120,000 stands in. Average deal $150,000 (the one win):
    // ⌈120,000 / (25% × 150,000)⌉ = ⌈3.2⌉ = 4 opportunities, started by Mar 31 − 30 days = Mar 1;
    // Nov 30 → Mar 1 is 91 days = 13 weeks: 4 / 13 = 0.31 a week, under one every two weeks: about one every 13 / 4 = 3.25 → 3 weeks
    expect(blocks[2]?.elements?.[0]?.text).toBe(
      '👉 Quota met: 125%, $30,000 over. Turn to next period: create 4 ICP opportunities for Q1 2027 by ' +
        'Mar 1, 2027, about one every 3 weeks (at this period’s quota of $120,000).',
    );
    expect(allText(reply)).not.toContain('Keep your numbers honest');
  });

  it('asks about stale deals with a new close date, still on, or lost', async () => {
    addRep(ANN, 'America/Los_Angeles');
    giveQuota(ANN, 12_000_000);
    for (const name of ['Acme', 'Globex', 'Hooli', 'Vandelay']) setAccountIcpByName(store.db, TEAM, name, 'yes');
    win(ANN, 'Acme', 3_000_000, '2026-11-30', MONDAY_0845_PACIFIC - 60_000);
    opp(ANN, 'Globex', 4_500_000, '2026-11-30', MONDAY_0845_PACIFIC - 60_000);
    // both opened on Oct 1, untouched since: Oct 1 → Nov 30 is 30 + 30 = 60 days
    const october = { teamId: TEAM, userId: ANN, now: Date.parse('2026-10-01T17:00:00Z'), today: '2026-10-01' };
    addOpportunity(store.db, { ...october, account: 'Hooli', amountCents: 2_000_000, closeOn: '2026-11-20' });
    addOpportunity(store.db, { ...october, account: 'Vandelay', amountCents: 1_000_000, closeOn: '2026-12-18' });
    const ids = new Map(openDealsOf(store.db, TEAM, ANN).map((deal) => [deal.account, deal.id]));
    const hooli = ids.get('Hooli');
    const vandelay = ids.get('Vandelay');

    const reply = checkinMessage(await statusAt(MONDAY_0845_PACIFIC));
    // expectValidReply knows buttons and checkboxes in messages, not datepickers: the limits are checked here
    expectWithinMessageSize(reply);
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    const blocks = blocksOf(reply);
    // Only Globex counts: the same figures as the "done when" rep. The stale $30,000 × 25% = $7,500 comes
    // beneath the $78,750 shortfall, ahead of a day's need ($3,750) for no plan.
    expect(blocks[1]?.fields?.map((field) => field.text)).toEqual(DONE_WHEN_FIELDS);
    expect(blocks[2]?.elements?.[0]?.text).toBe(
      [
        DONE_WHEN_LEAD,
        '• $30,000 in 2 stale deals (Hooli and Vandelay) is not counted: give each a new close date, or mark it lost.',
      ].join('\n'),
    );
    // In turn: the counted deal closing soonest (Globex, the period's end), then the stale ones, largest first
    expect(blocks[3]?.text?.text).toBe(
      [
        '*Suggested from your numbers*',
        '1. Move *Globex* ($45,000) toward a close by Dec 31',
        '2. Settle *Hooli* ($20,000): its close date, Nov 20, has passed',
        '3. Settle *Vandelay* ($10,000): no change and no activity on the account for 60 days',
      ].join('\n'),
    );
    expect(blocks.slice(5).map((block) => [block.type, block.block_id])).toEqual([
      ['section', undefined],
      ['section', `stale_deal_text:${hooli}`],
      ['actions', `stale_deal:${hooli}`],
      ['section', `stale_deal_text:${vandelay}`],
      ['actions', `stale_deal:${vandelay}`],
    ]);
    // largest first; a passed close date is not offered again as the picker's starting date
    expect(blocks[6]?.text?.text).toBe('*Hooli* · $20,000: its close date, Nov 20, has passed. Still real?');
    expect(blocks[7]?.elements?.map((e) => [e.type, e.action_id, e.value, e.initial_date])).toEqual([
      ['datepicker', 'stale_new_date', undefined, undefined],
      ['button', 'stale_lost', String(hooli), undefined],
    ]);
    // idle, with a close date still ahead: it can be kept as it is
    expect(blocks[8]?.text?.text).toBe(
      '*Vandelay* · $10,000: no change and no activity on the account for 60 days. Still real?',
    );
    expect(blocks[9]?.elements?.map((e) => [e.type, e.action_id, e.value, e.initial_date])).toEqual([
      ['datepicker', 'stale_new_date', undefined, '2026-12-18'],
      ['button', 'stale_still_on', String(vandelay), undefined],
      ['button', 'stale_lost', String(vandelay), undefined],
    ]);
    expect(buttonsOf(reply).map((b) => (b.text as { text: string }).text)).toEqual([
      'Lost',
      'Still on for Dec 18',
      'Lost',
    ]);
    expect(blocks[7]?.elements?.[0]?.placeholder).toEqual({ type: 'plain_text', text: 'New close date', emoji: true });
    // marking lost cannot be undone from the message: it asks first
    expect(reply.blocks[7]).toMatchObject({
      elements: [
        {},
        {
          style: 'danger',
          confirm: {
            title: { text: 'Mark it lost?' },
            text: { type: 'mrkdwn', text: 'Your $20,000 opportunity with *Hooli* will be marked lost.' },
          },
        },
      ],
    });
    for (const text of mrkdwnTexts(reply)) expect(text).not.toMatch(/[<>]/);
  });

  it('stays within Block Kit limits for a 50-item plan of 300-character items', async () => {
    seedDoneWhenRep();
    plan(ANN, '2026-11-30', hugePlan());
    const reply = checkinMessage(await statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    expectWithinMessageSize(reply);
    const planSection = mrkdwnTexts(reply).find((text) => text.startsWith('*Today’s plan*'));
    // cut to the 3,000-character section limit, ending in …
    expect(planSection).toHaveLength(3000);
    expect(planSection?.endsWith('…')).toBe(true);
  });

  it('reminds once, gently, with how to answer', () => {
    const reply = reminderMessage();
    expectValidReply(reply);
    expect(reply.text).toBe('Still time to plan today: what are your top priorities?');
    expect(blocksOf(reply)).toHaveLength(1);
    expect(blocksOf(reply)[0]?.text?.text).toBe(
      'Still time to plan today: what are your top priorities?\n' +
        'Reply here: one priority per line, a numbered list, or separated by `;`. They become today’s plan.',
    );
  });
});

// --- The evening reflection ----------------------------------------------------------------------

describe('the evening reflection', () => {
  freshStorageEachTest();

  /**
   * Tuesday 2026-12-01 in Los Angeles: $120k quota; $30k won yesterday (Acme). Today: Umbrella (opened
   * yesterday) lost, $12k won with Initech, a new $40k Globex opportunity, 3 calls, 1 email, 2 demos,
   * and a 3-item plan with the first item done.
   */
  function seedTuesday(): void {
    addRep(ANN, 'America/Los_Angeles');
    giveQuota(ANN, 12_000_000);
    win(ANN, 'Acme', 3_000_000, '2026-11-30', MONDAY_1000_PACIFIC);
    opp(ANN, 'Umbrella', 3_000_000, '2026-11-30', MONDAY_1000_PACIFIC);
    markLost(store.db, {
      teamId: TEAM,
      userId: ANN,
      account: 'Umbrella',
      now: TUESDAY_1000_PACIFIC,
      today: '2026-12-01',
    });
    win(ANN, 'Initech', 1_200_000, '2026-12-01', TUESDAY_1000_PACIFIC);
    opp(ANN, 'Globex', 4_000_000, '2026-12-01', TUESDAY_1000_PACIFIC);
    log(ANN, 'call', 3, 'Acme', '2026-12-01');
    log(ANN, 'email', 1, null, '2026-12-01');
    log(ANN, 'demo', 2, 'Globex', '2026-12-01');
    plan(ANN, '2026-12-01', ['Call Initech', 'Send Umbrella proposal', 'Prep R&amp;D demo']);
    setPlanDone(store.db, { teamId: TEAM, userId: ANN, localDate: '2026-12-01', doneIndexes: [0] });
  }

  it('lists the plan as checkboxes, the logged work, the gap’s move and the question', async () => {
    seedTuesday();
    const reply = reflectionMessage(await reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    expect(blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'actions',
      'section',
      'section',
      'section',
    ]);
    expect(blocks[0]?.text?.text).toBe('Evening reflection · Tuesday, Dec 1');
    // Item 1 of 3 is done, so the heading counts it
    expect(blocks[1]?.text?.text).toBe('*Today’s plan*: 1 of 3 done. Tick what got done.');

    const [checkboxes] = checkboxesOf(reply);
    expect(checkboxes?.blockId).toBe('plan_done:2026-12-01');
    expect(checkboxes?.element.action_id).toBe('plan_done');
    expect(checkboxes?.element.options).toEqual([
      { text: { type: 'plain_text', text: 'Call Initech', emoji: true }, value: '0' },
      { text: { type: 'plain_text', text: 'Send Umbrella proposal', emoji: true }, value: '1' },
      // plain text: Slack's &amp; shown as the & the rep typed
      { text: { type: 'plain_text', text: 'Prep R&D demo', emoji: true }, value: '2' },
    ]);
    expect(checkboxes?.element.initial_options).toEqual([
      { text: { type: 'plain_text', text: 'Call Initech', emoji: true }, value: '0' },
    ]);

    // activity in the fixed order call, email, meeting, demo, proposal; then wins, new opportunities, losses
    expect(blocks[3]?.text?.text).toBe(
      '*Logged today*\n3 calls · 1 email · 2 demos · won $12,000 with Initech · 1 new opportunity ($40,000) · 1 lost.',
    );
    // won in Q4: $30,000 + $12,000 = $42,000. Before today: 120,000 − 30,000 = $90,000; now 120,000 − 42,000 = $78,000
    expect(blocks[4]?.text?.text).toBe('*Your gap*\n$90,000 → $78,000 today ($12,000 closed).');
    expect(blocks[5]?.text?.text).toBe('*What will you change tomorrow?*\nReply here; it is kept with today’s record.');
    expect(reply.text).toBe(
      'Evening reflection: 1 of 3 plan items done so far. $90,000 → $78,000 today ($12,000 closed). What will you change tomorrow?',
    );
  });

  it('leaves out initial_options when nothing is done yet', async () => {
    addRep(ANN, 'America/Los_Angeles');
    plan(ANN, '2026-12-01', ['Call Initech']);
    const reply = reflectionMessage(await reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
    expectValidReply(reply);
    const [checkboxes] = checkboxesOf(reply);
    expect(checkboxes?.element.options).toHaveLength(1);
    expect(checkboxes?.element).not.toHaveProperty('initial_options');
  });

  it('says so when there was no plan, no quota and nothing logged', async () => {
    addRep(ANN, 'America/Los_Angeles');
    const reply = reflectionMessage(await reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
    expectValidReply(reply);
    expect(checkboxesOf(reply)).toEqual([]);
    expect(mrkdwnTexts(reply)).toEqual([
      '*Today’s plan*\nNo plan was set today. Tomorrow’s check-in will ask again.',
      '*Logged today*\nNothing logged today.',
      '*Your gap*\nNo quota set yet: `/focus quota 120k quarter`.',
      '*What will you change tomorrow?*\nReply here; it is kept with today’s record.',
    ]);
    expect(reply.text).toBe(
      'Evening reflection: No plan today. No quota set yet: /focus quota 120k quarter. What will you change tomorrow?',
    );
  });

  it('asks about the rep’s next working day on a Friday, and on the day before a holiday', async () => {
    addRep(ANN, 'America/Los_Angeles');
    // Friday 2026-12-04, 17:45 in Los Angeles: the next working day is Monday Dec 7.
    const friday = reflectionMessage(await reviewOf('2026-12-04', Date.parse('2026-12-05T01:45:00Z')));
    expect(mrkdwnTexts(friday)).toEqual([
      '*Today’s plan*\nNo plan was set today. The next check-in (Monday) will ask again.',
      '*Logged today*\nNothing logged today.',
      '*Your gap*\nNo quota set yet: `/focus quota 120k quarter`.',
      '*What will you change on Monday?*\nReply here; it is kept with today’s record.',
    ]);
    expect(friday.text).toMatch(/What will you change on Monday\?$/);
    // With the US calendar, Thursday Dec 24 is followed by Christmas (Fri) and a weekend: Monday Dec 28.
    store.db.run(sql`UPDATE teams SET holiday_country = 'US' WHERE id = ${TEAM}`);
    const christmasEve = reflectionMessage(await reviewOf('2026-12-24', Date.parse('2026-12-25T01:45:00Z')));
    expect(christmasEve.text).toMatch(/What will you change on Monday\?$/);
  });

  it('shows at most 10 checkboxes with labels of at most 75 characters for a 50-item plan of long items', async () => {
    addRep(ANN, 'America/Los_Angeles');
    plan(ANN, '2026-12-01', hugePlan());
    setPlanDone(store.db, { teamId: TEAM, userId: ANN, localDate: '2026-12-01', doneIndexes: [1, 30] });
    const reply = reflectionMessage(await reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
    expectValidReply(reply);
    expectWithinMessageSize(reply);
    const [checkboxes] = checkboxesOf(reply);
    const options = checkboxes?.element.options ?? [];
    expect(options).toHaveLength(10);
    expect(options.map((option) => option.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // 74 characters of the item, then …: '01 ' and 71 x's
    expect(options[0]?.text.text).toBe(`01 ${'x'.repeat(71)}…`);
    // item 31 is done but not shown, so only item 2 is ticked
    expect(checkboxes?.element.initial_options?.map((option) => option.value)).toEqual(['1']);
    expect(allText(reply)).toContain('Showing the first 10 of 50 plan items.');
    // the note sits right under the checkboxes
    expect(blocksOf(reply)[3]?.type).toBe('context');
    expect(reply.text).toContain('2 of 50 plan items done so far.');
  });
});

describe('loggedWorkLine and gapMoveLine', () => {
  // One real review of an empty day, loaded once; each case swaps in the part under test.
  let empty: DayReview;
  beforeAll(async () => {
    store = tempStorage();
    addRep(ANN, 'America/Los_Angeles');
    empty = await reviewOf('2026-12-01', TUESDAY_1745_PACIFIC);
  });
  afterAll(() => {
    store.remove();
  });

  it.each<[name: string, change: Partial<Pick<DayReview, 'activity' | 'deals'>>, expected: string]>([
    ['nothing', {}, 'Nothing logged today.'],
    ['one call, singular', { activity: { call: 1 } }, '1 call.'],
    [
      'kinds in a fixed order, zero counts left out',
      { activity: { proposal: 2, email: 0, call: 4 } },
      '4 calls · 2 proposals.',
    ],
    [
      // DMs show whole dollars: $1,234.56 → $1,235
      'a win with an account needing escapes, in whole dollars',
      {
        deals: {
          won: [{ account: 'R&D <Labs>', amountCents: 123_456 }],
          lost: 0,
          newOpportunities: { count: 0, amountCents: 0 },
        },
      },
      'won $1,235 with R&amp;D &lt;Labs&gt;.',
    ],
    [
      'new opportunities, plural, and losses',
      { deals: { won: [], lost: 2, newOpportunities: { count: 2, amountCents: 4_250_000 } } },
      '2 new opportunities ($42,500) · 2 lost.',
    ],
  ])('logged work: %s', (_name, change, expected) => {
    expect(loggedWorkLine({ ...empty, ...change }, 'USD')).toBe(expected);
  });

  // The gap line reads the day's gap and the card's report: each case pairs a report of the "done when" rep
  // (quota $120,000) with the gap that report gives.
  it.each<[name: string, won: number | null, gap: DayReview['gap'], expected: string]>([
    ['no quota', null, null, 'No quota set yet: `/focus quota 120k quarter`.'],
    // nothing won today: 120,000 − 30,000 = 90,000 before and now; 30/120 = 25%
    [
      'unchanged',
      3_000_000,
      { before: 9_000_000, now: 9_000_000, wonToday: 0 },
      'Unchanged at $90,000 (25% of $120,000).',
    ],
    // won $12,000 today: 90,000 − 12,000 = 78,000
    [
      'narrowed, before → now',
      4_200_000,
      { before: 9_000_000, now: 7_800_000, wonToday: 1_200_000 },
      '$90,000 → $78,000 today ($12,000 closed).',
    ],
    // won $30,000 today, exactly the gap: 120/120 = 100%, nothing over
    [
      'closed exactly today',
      12_000_000,
      { before: 3_000_000, now: 0, wonToday: 3_000_000 },
      'Won $30,000 today: 100% of $120,000.',
    ],
    // $118,000 won before today ($2,000 to go), $50,000 today: 168,000 / 120,000 = 140%, $48,000 over
    [
      'closed today and over',
      16_800_000,
      { before: 200_000, now: 0, wonToday: 5_000_000 },
      'Won $50,000 today: 140% of $120,000, $48,000 over.',
    ],
    // met before today: 150,000 / 120,000 = 125%, $30,000 over
    [
      'met before and now',
      15_000_000,
      { before: 0, now: 0, wonToday: 0 },
      'Quota met: 125% of $120,000, $30,000 over.',
    ],
  ])('gap move: %s', (_name, won, gap, expected) => {
    const report = computeGap(doneWhenInput(won === null ? { quotaCents: null } : { wonCents: won }));
    // the case's gap is the one this report gives: now is its gap, before is the quota less what was won before today
    if (gap !== null) {
      expect(report.gapCents).toBe(gap.now);
      expect(gap.before).toBe(Math.max(0, (report.quotaCents ?? 0) - (report.wonCents - gap.wonToday)));
    }
    const review: DayReview = { ...empty, status: { ...empty.status, report }, gap };
    expect(gapMoveLine(review, 'USD')).toBe(expected);
  });
});

// --- The weekly post and /focus team --------------------------------------------------------------

/** Monday 2026-11-30 09:10 in New York (EST, UTC−5): the default weekly slot. Window: Mon 11-23 to Sun 11-29. */
const MONDAY_0910_EASTERN = Date.parse('2026-11-30T14:10:00Z');

const repId = (n: number) => `U${String(n).padStart(3, '0')}`;

/**
 * 60 reps in New York. U001–U050 have a $100k Q4 quota; U051–U060 none, but each logged a call with
 * Acme (an ICP account), and U051 also an email without an account. U001 won $220k on Nov 2 (before the
 * window), U007 $10k on Nov 24 and U042 $20k on Nov 25. U003 planned every working day of the window,
 * two items a day, the first done.
 */
function seedSixtyReps(): void {
  setAccountIcpByName(store.db, TEAM, 'Acme', 'yes');
  for (let n = 1; n <= 60; n++) {
    addRep(repId(n), 'America/New_York');
    if (n <= 50) giveQuota(repId(n), 10_000_000);
    else log(repId(n), 'call', 1, 'Acme', '2026-11-24');
  }
  log(repId(51), 'email', 1, null, '2026-11-24');
  win(repId(1), 'Vandelay', 22_000_000, '2026-11-02', Date.parse('2026-11-02T15:00:00Z'));
  win(repId(7), 'Initech', 1_000_000, '2026-11-24', Date.parse('2026-11-24T15:00:00Z'));
  win(repId(42), 'Globex', 2_000_000, '2026-11-25', Date.parse('2026-11-25T15:00:00Z'));
  for (const date of ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) {
    plan(repId(3), date, ['Call Initech', 'Send Umbrella proposal']);
    setPlanDone(store.db, { teamId: TEAM, userId: repId(3), localDate: date, doneIndexes: [0] });
  }
}

function repOf(progress: TeamProgress, userId: string): RepProgress {
  const rep = progress.reps.find((r) => r.userId === userId);
  if (!rep) throw new Error(`no rep ${userId}`);
  return rep;
}

describe('with a team of 60 reps', () => {
  // Seeded and loaded once: the progress is plain data, and no test changes it.
  let sixty: TeamProgress;
  beforeAll(async () => {
    store = tempStorage();
    seedSixtyReps();
    sixty = await loadTeamProgress(store.store, {
      teamId: TEAM,
      now: MONDAY_0910_EASTERN,
      defaultTimezone: DEFAULT_TZ,
    });
  });
  afterAll(() => {
    store.remove();
  });

  // Per rep with a $100k quota on Monday 11-30 at 09:10, before the 17:30 reflection: 42 of Q4's 66 working days
  // elapsed, so expected by now is 10,000,000 × 42 / 66 = 6,363,636.4 cents → $63,636. No rep has closed an
  // opportunity (the wins had none first): the team's 25% win rate, 1 / 0.25 = 4.0× coverage needed.
  // The window is the 7 days before today, Mon 11-23 to Sun 11-29: 5 working days.
  describe('repLine', () => {
    it.each<[userId: string, expected: string]>([
      // 220,000 − 63,636 = $156,364 ahead; 220,000 − 100,000 = $120,000 over; no open deal: projected = won, 220%;
      // no gap, so no coverage
      [
        'U001',
        '<@U001> · 220% of $100,000 ($120,000 over) · $156,364 ahead of pace · projected 220% · no activity in 7 days · plans 0/5 working days',
      ],
      // 0 − 63,636 → $63,636 behind; $0 counted of a $100,000 gap = 0.0×; plans Mon–Fri, one of two items each
      // day; streak Fri back to Mon = 5 (today not planned yet)
      [
        'U003',
        '<@U003> · 0% of $100,000 · $63,636 behind pace · projected 0% · coverage 0.0× of 4.0× · no activity in 7 days · plans 5/5 working days, 5/10 items done · 🔥 5-day streak',
      ],
      // 20,000 − 63,636 = −43,636 → $43,636 behind; 20,000 / 100,000 = 20%
      [
        'U042',
        '<@U042> · 20% of $100,000 · $43,636 behind pace · projected 20% · coverage 0.0× of 4.0× · no activity in 7 days · plans 0/5 working days',
      ],
      // a call with Acme (ICP) and an email with no account: 1 of 2 = 50%
      ['U051', '<@U051> · no quota set · ICP 50% · plans 0/5 working days'],
      ['U052', '<@U052> · no quota set · ICP 100% · plans 0/5 working days'],
    ])('describes %s by progress, not activity volume', (userId, expected) => {
      expect(repLine(repOf(sixty, userId), 'USD')).toBe(expected);
    });

    it('says "on pace" when the pace rounds to zero', () => {
      const rep = repOf(sixty, 'U042');
      // 40 cents rounds to $0
      const status = { ...rep.status, report: { ...rep.status.report, paceDeltaCents: 40 } };
      const onPace: RepProgress = { ...rep, status, teamStatus: status };
      expect(repLine(onPace, 'USD')).toContain(' · on pace · ');
    });

    it('names the period of a rep on another period kind than the team’s', () => {
      const rep = repOf(sixty, 'U042');
      expect(repLine(rep, 'USD', 'quarter').startsWith('<@U042> · 20% of $100,000')).toBe(true);
      // not counted in a monthly team's totals: the line names the rep's own period
      const apart: RepProgress = { ...rep, teamStatus: null };
      expect(repLine(apart, 'USD', 'month').startsWith('<@U042> (quarterly: Q4 2026) · 20% of $100,000')).toBe(true);
    });
  });

  describe('the weekly post', () => {
    it('puts the team totals on top, counts reps ahead and behind, and names the most improved rep', () => {
      const { top } = weeklyPost(sixty);
      expectValidReply(top);
      expectWithinMessageSize(top);
      const blocks = blocksOf(top);
      expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context', 'context']);
      expect(blocks[0]?.text?.text).toBe('Team progress toward quota · Q4 2026');
      // 50 × $100,000 = $5,000,000 quota; won $220k + $10k + $20k = $250,000 = 5% (1 of 20 cells); gap $4,750,000
      expect(blocks[1]?.text?.text).toBe(
        `*$4,750,000 to go* of the team’s $5,000,000 quota\n\`█${'░'.repeat(19)}\` 5% · $250,000 won`,
      );
      expect(blocks[2]?.fields?.map((field) => field.text)).toEqual([
        // only U001 is past the $63,636 expected by now; the other 49 are behind it (U007 with $10k, U042 with $20k)
        '*Pace (reps)*\n1 ahead · 49 behind',
        // no open deals: projected = won, 250,000 / 5,000,000 = 5%
        '*Projected*\n5% of quota (won + expected from counted pipeline)',
        // 5 planned days of 60 reps × 5 working days = 5/300 ≈ 1.7% → 2%
        '*Follow-through (last 7 days)*\nplans on 2% of working days',
      ]);
      // projected attainment a week ago (end of Sun 11-22) vs now: U042 +20 points ($20k of $100k won on 11-25),
      // U007 +10; U001's win was on 11-02, before then
      expect(blocks[3]?.elements?.map((element) => element.text)).toEqual([
        '60 reps · 50 with a quarterly quota',
        'most improved: <@U042> (projected attainment +20 points this week)',
      ]);
      expect(allText(top)).toContain('Each rep’s detail is in the thread.');
      expect(top.text).toBe('Team: $4,750,000 to go of $5,000,000 (5%).');
    });

    it('mentions every one of 60 reps exactly once across thread parts that each fit Slack', () => {
      const { top, thread } = weeklyPost(sixty);
      // 12 lines a part: 60 / 12 = 5 parts
      expect(thread).toHaveLength(5);
      for (const part of thread) {
        expectValidReply(part);
        expectWithinMessageSize(part);
      }
      const counts = mentionCounts(thread);
      expect(counts.size).toBe(60);
      for (let n = 1; n <= 60; n++) expect(counts.get(repId(n))).toBe(1);
      // in rep order; the top message mentions only the most improved
      expect(allText(thread[0] as Reply).startsWith('<@U001> · ')).toBe(true);
      expect(
        allText(thread[4] as Reply)
          .split('\n')[11]
          ?.startsWith('<@U060> · '),
      ).toBe(true);
      expect([...mentionCounts([top]).keys()]).toEqual(['U042']);
    });

    // A $400 rise on a $100k quota is 0.4 points: shown with a decimal, never as "+0".
    it('never names a most improved rep with "+0 points"', () => {
      const rep = repOf(sixty, 'U007');
      const { top } = weeklyPost({ ...sixty, mostImproved: { ...rep, projectedRise: 0.4 } });
      expect(allText(top)).not.toContain('+0 points');
      expect(allText(top)).toContain('most improved: <@U007> (projected attainment +0.4 points this week)');
    });

    it('shows progress, not raw activity volume', () => {
      const text = weeklyPost(sixty).thread.map(allText).join('\n');
      expect(text).not.toMatch(/\d+ (?:calls?|emails?|meetings?|demos?|proposals?)\b/);
    });
  });

  describe('the private team view', () => {
    /** The team's progress with its reps repeated under new IDs up to `count` reps. */
    function teamOf(count: number): TeamProgress {
      const reps = Array.from({ length: count }, (_, i) => ({
        ...(sixty.reps[i % sixty.reps.length] as RepProgress),
        userId: `U${String(i + 1).padStart(4, '0')}`,
      }));
      return { ...sixty, reps };
    }

    it('lists all 60 reps once, under the same summary as the weekly post', () => {
      const view = teamView(sixty);
      expectValidReply(view);
      expectWithinMessageSize(view);
      // header, totals, fields, notes, then 60 / 12 = 5 sections of reps
      expect(view.blocks).toHaveLength(9);
      const counts = mentionCounts([view]);
      // U042 is named once more, as the most improved
      for (let n = 1; n <= 60; n++) expect(counts.get(repId(n))).toBe(n === 42 ? 2 : 1);
      expect(allText(view)).not.toContain('Showing');
      expect(view.text).toBe(weeklyPost(sixty).top.text);
    });

    it('stays within 50 blocks and Slack’s message size, saying how many it shows when it cannot list everyone', () => {
      const view = teamView(teamOf(600));
      expectValidReply(view);
      expectWithinMessageSize(view);
      expect(view.blocks.length).toBeLessThanOrEqual(50);
      const note = allText(view).match(/Showing (\d+) of 600 reps/);
      expect(note).not.toBeNull();
      const shown = Number(note?.[1]);
      // Whole sections of 12 lines, each rep once, the first `shown` of them.
      expect(shown % 12).toBe(0);
      const counts = mentionCounts([view]);
      expect(counts.get(`U${String(shown).padStart(4, '0')}`)).toBe(1);
      expect(counts.has(`U${String(shown + 1).padStart(4, '0')}`)).toBe(false);
    });

    // Slack refuses blocks over about 13,200 characters (msg_blocks_too_long, SLACK.md): ~105 characters a
    // rep line would break /focus team from about 110 reps if only the block count were capped.
    it('keeps a 200-rep team view within Slack’s message size, showing fewer reps with a note', () => {
      const view = teamView(teamOf(200));
      expectWithinMessageSize(view);
      expect(allText(view)).toMatch(/Showing \d+ of 200 reps/);
    });
  });
});

describe('a team with quotas of different period kinds', () => {
  freshStorageEachTest();

  /**
   * The team, on Monday 2026-11-30 09:10 in New York (a quarterly team, the default). Every win on
   * Nov 2, before the week under review, so no one is "most improved":
   * U0A: $600,000 for Q4, $400,000 won; U0B: $50,000 for November, $10,000 won;
   * U0C: $2,000,000 for 2026, $1,900,000 won; U0D: $100,000 for Q4, nothing won.
   */
  function seedMixedTeam(): void {
    const quotas: [string, Period, number, number][] = [
      ['U0A', Q4, 60_000_000, 40_000_000],
      ['U0B', periodContaining('month', '2026-11-30', 1), 5_000_000, 1_000_000],
      ['U0C', periodContaining('year', '2026-11-30', 1), 200_000_000, 190_000_000],
      ['U0D', Q4, 10_000_000, 0],
    ];
    for (const [userId, period, amountCents, wonCents] of quotas) {
      addRep(userId, 'America/New_York');
      setQuota(store.db, { teamId: TEAM, userId, period, amountCents, setBy: userId, now: 0 });
      if (wonCents > 0) win(userId, `Won ${userId}`, wonCents, '2026-11-02', Date.parse('2026-11-02T15:00:00Z'));
    }
  }

  it('adds only quarterly quotas into the team’s, lists the others with their own period, and counts reps ahead and behind', async () => {
    seedMixedTeam();
    const progress = await loadTeamProgress(store.store, {
      teamId: TEAM,
      now: MONDAY_0910_EASTERN,
      defaultTimezone: DEFAULT_TZ,
    });
    const { top, thread } = weeklyPost(progress);
    expectValidReply(top);
    const blocks = blocksOf(top);
    // U0A + U0D: 600,000 + 100,000 = $700,000 quota, $400,000 won, $300,000 to go; 400/700 = 57.1% → 57%, ⌊11.4⌋ = 11 cells
    expect(blocks[1]?.text?.text).toBe(
      `*$300,000 to go* of the team’s $700,000 quota\n\`${'█'.repeat(11)}${'░'.repeat(9)}\` 57% · $400,000 won`,
    );
    // each rep on their own card (see the lines below): U0A and U0C ahead, U0B and U0D behind
    expect(blocks[2]?.fields?.map((field) => field.text)).toEqual([
      '*Pace (reps)*\n2 ahead · 2 behind',
      // no open deals: projected = won, 400,000 / 700,000 = 57%
      '*Projected*\n57% of quota (won + expected from counted pipeline)',
      '*Follow-through (last 7 days)*\nplans on 0% of working days',
    ]);
    expect(blocks[3]?.elements?.map((element) => element.text)).toEqual([
      '4 reps · 2 with a quarterly quota',
      '2 reps on another period are listed with their own, not added in',
    ]);
    expect(top.text).toBe('Team: $300,000 to go of $700,000 (57%).');

    // Before the 17:30 reflection, today is not elapsed. No opportunity ever closed: the team's 25%, 4.0× needed.
    expect(allText(thread[0] as Reply).split('\n')).toEqual([
      // Q4: 42 of 66 working days: 60,000,000 × 42 / 66 = 38,181,818 → $381,818; 400,000 − 381,818 = $18,182 ahead;
      // 400/600 = 66.7% → 67%
      '<@U0A> · 67% of $600,000 · $18,182 ahead of pace · projected 67% · coverage 0.0× of 4.0× · no activity in 7 days · plans 0/5 working days',
      // November: 20 of 21 working days: 5,000,000 × 20 / 21 = 4,761,905 → $47,619; 10,000 − 47,619 = $37,619 behind
      '<@U0B> (monthly: November 2026) · 20% of $50,000 · $37,619 behind pace · projected 20% · coverage 0.0× of 4.0× · no activity in 7 days · plans 0/5 working days',
      // 2026: 237 of 261 working days: 200,000,000 × 237 / 261 = 181,609,195 → $1,816,092;
      // 1,900,000 − 1,816,092 = $83,908 ahead; 1.9m / 2m = 95%
      '<@U0C> (yearly: 2026) · 95% of $2,000,000 · $83,908 ahead of pace · projected 95% · coverage 0.0× of 4.0× · no activity in 7 days · plans 0/5 working days',
      // Q4: 10,000,000 × 42 / 66 → $63,636 behind
      '<@U0D> · 0% of $100,000 · $63,636 behind pace · projected 0% · coverage 0.0× of 4.0× · no activity in 7 days · plans 0/5 working days',
    ]);
  });
});

describe('a team with no quotas', () => {
  freshStorageEachTest();

  it('asks for quotas, names no most improved rep, and still lists the reps', async () => {
    for (const n of [1, 2, 3]) {
      addRep(repId(n), 'America/New_York');
      log(repId(n), 'call', 2, null, '2026-11-24');
    }
    const progress = await loadTeamProgress(store.store, {
      teamId: TEAM,
      now: MONDAY_0910_EASTERN,
      defaultTimezone: DEFAULT_TZ,
    });
    expect(progress.mostImproved).toBeNull();
    const { top, thread } = weeklyPost(progress);
    expectValidReply(top);
    expect(top.text).toBe('No rep has a quarterly quota for Q4 2026 yet.');
    expect(blocksOf(top)[1]?.text?.text).toBe(
      'No rep has a quarterly quota for Q4 2026 yet. Reps set theirs with `/focus quota 120k quarter`.',
    );
    expect(blocksOf(top)[2]?.elements?.map((element) => element.text)).toEqual(['3 reps · 0 with a quarterly quota']);
    expect(allText(top)).not.toContain('most improved');
    expect(allText(top)).not.toContain('Pace');
    expect(thread).toHaveLength(1);
    expectValidReply(thread[0] as Reply);
    // calls with no account are not on an ICP account: ICP 0%
    expect(allText(thread[0] as Reply)).toBe(
      ['U001', 'U002', 'U003'].map((id) => `<@${id}> · no quota set · ICP 0% · plans 0/5 working days`).join('\n'),
    );

    const view = teamView(progress);
    expectValidReply(view);
    expect(view.text).toBe('No rep has a quarterly quota for Q4 2026 yet.');
    expect([...mentionCounts([view]).keys()]).toEqual(['U001', 'U002', 'U003']);
  });

  it('posts only the summary for a team with no active reps', async () => {
    const progress = await loadTeamProgress(store.store, {
      teamId: TEAM,
      now: MONDAY_0910_EASTERN,
      defaultTimezone: DEFAULT_TZ,
    });
    const { top, thread } = weeklyPost(progress);
    expectValidReply(top);
    expect(thread).toEqual([]);
    expectValidReply(teamView(progress));
  });
});
