import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DayReview, loadDayReview } from '../../src/coach/daily.js';
import { loadStatus, type Status } from '../../src/coach/status.js';
import { loadTeamProgress, type RepProgress, type TeamProgress } from '../../src/coach/team.js';
import { setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan, setPlanDone } from '../../src/db/checkins.js';
import { addOpportunity, markLost, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import type { ActivityKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import type { Reply } from '../../src/slack/views/blocks.js';
import { checkinMessage, reminderMessage } from '../../src/slack/views/checkin.js';
import { gapMoveLine, loggedWorkLine, reflectionMessage } from '../../src/slack/views/reflection.js';
import { repLine, teamView, weeklyPost } from '../../src/slack/views/team.js';
import {
  allText,
  blocksOf,
  checkboxesOf,
  expectValidReply,
  expectWithinMessageSize,
  mentionCounts,
  mrkdwnTexts,
} from '../support/blockkit.js';
import { tempStorage } from '../support/db.js';

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

function statusAt(now: number, userId = ANN): Status {
  return loadStatus(store.db, { teamId: TEAM, userId, now, defaultTimezone: DEFAULT_TZ });
}

function reviewOf(date: string, now: number, userId = ANN): DayReview {
  return loadDayReview(store.db, { teamId: TEAM, userId, date, now, defaultTimezone: DEFAULT_TZ });
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

describe('the morning check-in', () => {
  freshStorageEachTest();

  it('shows the gap in one glance and asks for today’s priorities', () => {
    seedDoneWhenRep();
    const reply = checkinMessage(statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    // $120,000 − $30,000 = $90,000 to go; 30/120 = 25%
    expect(blocks[0]?.text?.text).toBe('Good morning! *$90,000 to go* in Q4 2026 (25% of $120,000).');
    expect(blocks[1]?.fields?.map((field) => field.text)).toEqual([
      // 24 working days left (Mon 11-30 plus 23 weekdays in December): $90,000 / 24 = $3,750
      '*Needed today*\n$3,750',
      // 66 working days in Q4 (22 + 21 + 23), 42.5 elapsed (42 before today + half of today):
      // expected 12,000,000 × 42.5 / 66 = 7,727,273 cents; 3,000,000 − 7,727,273 → $47,273 behind
      '*Pace*\n$47,273 behind',
      // $45,000 open / $90,000 gap = 0.5×; team default win rate 25% → 4.0× needed
      '*Coverage*\n0.5× of the 4.0× you need',
    ]);
    expect(blocks[2]?.text?.text).toBe(
      '*What are today’s priorities?*\nReply here: one priority per line, a numbered list, or separated by `;`. They become today’s plan.',
    );
    // pipeline brings 25% of $45,000 = $11,250; (90,000 − 11,250) / (0.25 × 30,000 average deal) = 10.5 → 11
    expect(blocks[3]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '👉 Your pipeline should bring about $11,250 of the $90,000 gap. Create 11 qualified opportunities with ICP accounts.',
        },
      ],
    });
    expect(blocks).toHaveLength(4);
    expect(reply.text).toBe('Good morning! $90,000 to go in Q4 2026 (25% of $120,000). What are today’s priorities?');
  });

  it('shows the plan instead of asking when one is already set', () => {
    seedDoneWhenRep();
    plan(ANN, '2026-11-30', ['Call Initech', 'Send Umbrella proposal']);
    setPlanDone(store.db, { teamId: TEAM, userId: ANN, localDate: '2026-11-30', doneIndexes: [1] });
    const reply = checkinMessage(statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const text = allText(reply);
    expect(text).toContain('*Today’s plan*\n☐ Call Initech\n✅ Send Umbrella proposal');
    expect(text).toContain('To change it, reply `plan &lt;item&gt;; &lt;item&gt;`.');
    expect(text).not.toContain('What are today’s priorities?');
    expect(text).not.toContain('👉');
    // the glance is still there
    expect(text).toContain('*$90,000 to go* in Q4 2026');
    expect(reply.text).toBe('Good morning! $90,000 to go in Q4 2026 (25% of $120,000). Your plan for today is set.');
  });

  it('asks a rep without a quota to set one, with no quota figures', () => {
    addRep(ANN, 'America/Los_Angeles');
    log(ANN, 'call', 1, null, '2026-11-30');
    const reply = checkinMessage(statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    expect(blocks[0]?.text?.text).toBe('Good morning! No quota set for Q4 2026 yet: `/focus quota 120k quarter`.');
    const text = allText(reply);
    expect(text).not.toContain('Needed today');
    expect(text).not.toContain('Coverage');
    expect(text).toContain('*What are today’s priorities?*');
    expect(text).toContain('👉 Set your quota first');
    expect(reply.text).toBe(
      'Good morning! No quota set for Q4 2026 yet: /focus quota 120k quarter. What are today’s priorities?',
    );
  });

  it('says the quota is met, with nothing to cover', () => {
    addRep(ANN, 'America/Los_Angeles');
    giveQuota(ANN, 12_000_000);
    win(ANN, 'Acme', 15_000_000, '2026-11-30', MONDAY_0845_PACIFIC - 60_000);
    const reply = checkinMessage(statusAt(MONDAY_0845_PACIFIC));
    expectValidReply(reply);
    const blocks = blocksOf(reply);
    // 150,000 / 120,000 = 125%
    expect(blocks[0]?.text?.text).toBe('Good morning! Quota met for Q4 2026 (125%).');
    expect(blocks[1]?.fields?.map((field) => field.text)).toEqual([
      // no gap: $0 a day
      '*Needed today*\n$0',
      // 15,000,000 − 7,727,273 = 7,272,727 → $72,727 ahead
      '*Pace*\n$72,727 ahead',
      // no gap, so no coverage ratio
      '*Coverage*\n—',
    ]);
    expect(allText(reply)).toContain('👉 Quota met, $30,000 over.');
  });

  it('stays within Block Kit limits for a 50-item plan of 300-character items', () => {
    seedDoneWhenRep();
    plan(ANN, '2026-11-30', hugePlan());
    const reply = checkinMessage(statusAt(MONDAY_0845_PACIFIC));
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

  it('lists the plan as checkboxes, the logged work, the gap’s move and the question', () => {
    seedTuesday();
    const reply = reflectionMessage(reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
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
    expect(blocks[1]?.text?.text).toBe('*Today’s plan*: tick what got done');

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

  it('leaves out initial_options when nothing is done yet', () => {
    addRep(ANN, 'America/Los_Angeles');
    plan(ANN, '2026-12-01', ['Call Initech']);
    const reply = reflectionMessage(reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
    expectValidReply(reply);
    const [checkboxes] = checkboxesOf(reply);
    expect(checkboxes?.element.options).toHaveLength(1);
    expect(checkboxes?.element).not.toHaveProperty('initial_options');
  });

  it('says so when there was no plan, no quota and nothing logged', () => {
    addRep(ANN, 'America/Los_Angeles');
    const reply = reflectionMessage(reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
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

  it('shows at most 10 checkboxes with labels of at most 75 characters for a 50-item plan of long items', () => {
    addRep(ANN, 'America/Los_Angeles');
    plan(ANN, '2026-12-01', hugePlan());
    setPlanDone(store.db, { teamId: TEAM, userId: ANN, localDate: '2026-12-01', doneIndexes: [1, 30] });
    const reply = reflectionMessage(reviewOf('2026-12-01', TUESDAY_1745_PACIFIC));
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
  beforeAll(() => {
    store = tempStorage();
    addRep(ANN, 'America/Los_Angeles');
    empty = reviewOf('2026-12-01', TUESDAY_1745_PACIFIC);
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
      'a win with an account needing escapes, in cents when not whole',
      {
        deals: {
          won: [{ account: 'R&D <Labs>', amountCents: 123_456 }],
          lost: 0,
          newOpportunities: { count: 0, amountCents: 0 },
        },
      },
      'won $1,234.56 with R&amp;D &lt;Labs&gt;.',
    ],
    [
      'new opportunities, plural, and losses',
      { deals: { won: [], lost: 2, newOpportunities: { count: 2, amountCents: 4_250_000 } } },
      '2 new opportunities ($42,500) · 2 lost.',
    ],
  ])('logged work: %s', (_name, change, expected) => {
    expect(loggedWorkLine({ ...empty, ...change }, 'USD')).toBe(expected);
  });

  it.each<[name: string, gap: DayReview['gap'], expected: string]>([
    ['no quota', null, 'No quota set yet: `/focus quota 120k quarter`.'],
    ['met before and now', { before: 0, now: 0 }, 'Quota met. Keep the pipeline full.'],
    ['unchanged', { before: 9_000_000, now: 9_000_000 }, 'Unchanged at $90,000.'],
    // 90,000 − 78,000 = 12,000 closed
    ['narrowed, before → now', { before: 9_000_000, now: 7_800_000 }, '$90,000 → $78,000 today ($12,000 closed).'],
    ['closed today', { before: 1_000_000, now: 0 }, '$10,000 → $0 today ($10,000 closed).'],
  ])('gap move: %s', (_name, gap, expected) => {
    expect(gapMoveLine({ ...empty, gap }, 'USD')).toBe(expected);
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
  beforeAll(() => {
    store = tempStorage();
    seedSixtyReps();
    sixty = loadTeamProgress(store.db, { teamId: TEAM, now: MONDAY_0910_EASTERN, defaultTimezone: DEFAULT_TZ });
  });
  afterAll(() => {
    store.remove();
  });

  // Per rep with a $100k quota on Monday 11-30 at 09:10 (after the 08:30 check-in, so half of today):
  // expected by now 10,000,000 × 42.5 / 66 = 6,439,394 cents.
  describe('repLine', () => {
    it.each<[userId: string, expected: string]>([
      // 22,000,000 − 6,439,394 = 15,560,606 → $155,606 ahead; no gap, so no coverage
      ['U001', '<@U001> · 220% of $100,000 · $155,606 ahead of pace · no activity logged · plans 0/5 days'],
      // 0 − 6,439,394 → $64,394 behind; plans Mon–Fri, one of two items each day; streak Fri back to Mon = 5
      [
        'U003',
        '<@U003> · 0% of $100,000 · $64,394 behind pace · coverage 0.0× of 4.0× · no activity logged · plans 5/5 days, 5/10 items done · 🔥 5-day streak',
      ],
      // 2,000,000 − 6,439,394 = −4,439,394 → $44,394 behind; $0 open of an $80,000 gap = 0.0×
      [
        'U042',
        '<@U042> · 20% of $100,000 · $44,394 behind pace · coverage 0.0× of 4.0× · no activity logged · plans 0/5 days',
      ],
      // a call with Acme (ICP) and an email with no account: 1 of 2 = 50%
      ['U051', '<@U051> · no quota set · ICP 50% · plans 0/5 days'],
      ['U052', '<@U052> · no quota set · ICP 100% · plans 0/5 days'],
    ])('describes %s by progress, not activity volume', (userId, expected) => {
      expect(repLine(repOf(sixty, userId), 'USD')).toBe(expected);
    });

    it('says "on pace" when the pace rounds to zero', () => {
      const rep = repOf(sixty, 'U042');
      // 40 cents rounds to $0
      const onPace: RepProgress = {
        ...rep,
        status: { ...rep.status, report: { ...rep.status.report, paceDeltaCents: 40 } },
      };
      expect(repLine(onPace, 'USD')).toContain(' · on pace · ');
    });
  });

  describe('the weekly post', () => {
    it('puts the team totals on top and names the most improved rep', () => {
      const { top } = weeklyPost(sixty);
      expectValidReply(top);
      expectWithinMessageSize(top);
      const blocks = blocksOf(top);
      expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context', 'context']);
      expect(blocks[0]?.text?.text).toBe('Team progress toward quota');
      // 50 × $100,000 = $5,000,000 quota; won $220k + $10k + $20k = $250,000 = 5% (1 of 20 cells); gap $4,750,000
      expect(blocks[1]?.text?.text).toBe(
        `*$4,750,000 to go* of the team’s $5,000,000 quota\n\`█${'░'.repeat(19)}\` 5% · $250,000 won`,
      );
      expect(blocks[2]?.fields?.map((field) => field.text)).toEqual([
        // expected 50 × 6,439,394 = 321,969,700; 25,000,000 − 321,969,700 = −296,969,700 → $2,969,697 behind
        '*Pace*\n$2,969,697 behind',
        // 5 planned days of 60 reps × 5 working days = 5/300 ≈ 1.7% → 2%
        '*Follow-through (last 7 days)*\nplans on 2% of working days',
      ]);
      // U042 gained 20 points ($20k of $100k) in the window; U007 10; U001's win was before the window
      expect(blocks[3]?.elements?.map((element) => element.text)).toEqual([
        '60 reps · 50 with a quota',
        'most improved: <@U042> (+20 points of quota)',
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

    // A $400 win on a $100k quota is 0.4 points: shown with a decimal, never as "+0".
    it('never names a most improved rep with "+0 points"', () => {
      const rep = repOf(sixty, 'U007');
      const { top } = weeklyPost({ ...sixty, mostImproved: { ...rep, gainedPoints: 0.4 } });
      expect(allText(top)).not.toContain('(+0 points');
      expect(allText(top)).toContain('most improved: <@U007> (+0.4 points of quota)');
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

describe('a team with no quotas', () => {
  freshStorageEachTest();

  it('asks for quotas, names no most improved rep, and still lists the reps', () => {
    for (const n of [1, 2, 3]) {
      addRep(repId(n), 'America/New_York');
      log(repId(n), 'call', 2, null, '2026-11-24');
    }
    const progress = loadTeamProgress(store.db, {
      teamId: TEAM,
      now: MONDAY_0910_EASTERN,
      defaultTimezone: DEFAULT_TZ,
    });
    expect(progress.mostImproved).toBeNull();
    const { top, thread } = weeklyPost(progress);
    expectValidReply(top);
    expect(top.text).toBe('No rep has a quota for the current period yet.');
    expect(blocksOf(top)[1]?.text?.text).toBe(
      'No rep has a quota for the current period yet. Reps set theirs with `/focus quota 120k quarter`.',
    );
    expect(allText(top)).not.toContain('most improved');
    expect(allText(top)).not.toContain('Pace');
    expect(thread).toHaveLength(1);
    expectValidReply(thread[0] as Reply);
    // calls with no account are unassigned: ICP 0%
    expect(allText(thread[0] as Reply)).toBe(
      ['U001', 'U002', 'U003'].map((id) => `<@${id}> · no quota set · ICP 0% · plans 0/5 days`).join('\n'),
    );

    const view = teamView(progress);
    expectValidReply(view);
    expect(view.text).toBe('No rep has a quota for the current period yet.');
    expect([...mentionCounts([view]).keys()]).toEqual(['U001', 'U002', 'U003']);
  });

  it('posts only the summary for a team with no active reps', () => {
    const progress = loadTeamProgress(store.db, {
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
