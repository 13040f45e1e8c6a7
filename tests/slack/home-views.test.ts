import type { BlockSuggestion } from '@slack/bolt';
import type { ModalView, PlainTextOption } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HomeData, loadHome } from '../../src/coach/home.js';
import { timezoneOf } from '../../src/coach/rep-context.js';
import { findOrCreateAccount, setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan, setPlanDone } from '../../src/db/checkins.js';
import { addOpportunity, markLost, openDeals, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import type { RecentItem } from '../../src/db/recent.js';
import { ensureRep, pauseRep, type RepRow, saveRepProfile, updateRepSettings } from '../../src/db/reps.js';
import { listTargets, setTarget } from '../../src/db/targets.js';
import { ensureTeam, setTeamChannel, updateTeamSettings } from '../../src/db/teams.js';
import type { ActivityKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import { ACTIONS, BLOCKS, INPUTS, VIEWS } from '../../src/slack/ids.js';
import { accountOptions } from '../../src/slack/options/accounts.js';
import { homeView, recentLine } from '../../src/slack/views/home.js';
import {
  logModal,
  lostModal,
  opportunityModal,
  quotaModal,
  repQuotaModal,
  targetsModal,
  winModal,
} from '../../src/slack/views/modals.js';
import { settingsModal, teamSettingsModal } from '../../src/slack/views/settings-modals.js';
import {
  allText,
  blocksOf,
  buttonsOf,
  chars,
  elementOf,
  expectValidView,
  inputOf,
  inputsOf,
  mentionCounts,
  mrkdwnTexts,
  type TextObject,
} from '../support/blockkit.js';
import { tempStorage } from '../support/db.js';

// --- Seeding through the real db functions ------------------------------------------------------

/**
 * One database for the whole file, seeded through the real db functions; each case uses a team or user
 * of its own, so cases never see each other's data. TEAM holds Ann (busy) and 19 more reps.
 */
const TEAM = 'T0001';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const DEFAULT_TZ = 'America/New_York';
const Q4 = periodContaining('quarter', '2026-11-30', 1);
const TODAY = '2026-11-30';

/** Monday 2026-11-30 08:45 in Los Angeles (PST, UTC−8): just after the default 08:30 check-in. */
const MONDAY_0845_PACIFIC = Date.parse('2026-11-30T16:45:00Z');
/** Earlier that Monday, `minutes` after 06:00 Pacific: when the seeded work was logged. */
const earlier = (minutes: number) => Date.parse('2026-11-30T14:00:00Z') + minutes * 60_000;

/** An 80-character account name that starts with `stem`. */
const longName = (stem: string) => `${stem} `.padEnd(80, '.');

const WON_ACCOUNT = longName('Initech & Sons <Holdings> International');
const OPEN_ACCOUNT = longName('Globex <EU> & Partners');
const LOST_ACCOUNT = longName('Umbrella R&D <Labs>');
const CALLED_ACCOUNT = longName('Vandelay <Imports> & Exports');

let store: ReturnType<typeof tempStorage>;

function addRep(teamId: string, userId: string, timezone: string | null = 'America/Los_Angeles'): void {
  saveRepProfile(store.db, teamId, userId, { slackTimezone: timezone, isSlackAdmin: false, fetchedAt: 0 });
}

function giveQuota(teamId: string, userId: string, amountCents: number): void {
  setQuota(store.db, { teamId, userId, period: Q4, amountCents, setBy: userId, now: 0 });
}

function log(
  teamId: string,
  userId: string,
  kind: ActivityKind,
  count: number,
  account: string | null,
  now: number,
): void {
  logActivity(store.db, { teamId, userId, kind, count, account, now, today: TODAY });
}

function homeFor(teamId: string, userId: string, isManager: boolean): Promise<HomeData> {
  return loadHome(store.store, { teamId, userId, now: MONDAY_0845_PACIFIC, defaultTimezone: DEFAULT_TZ, isManager });
}

/** 50 plan items of 300 characters, as Slack sent them (escaped); the first with entities. */
function hugePlan(): string[] {
  const first = 'Prep R&amp;D demo for &lt;Acme&gt; '.padEnd(300, 'x');
  return [first, ...Array.from({ length: 49 }, (_, i) => `${String(i + 2).padStart(2, '0')} ${'y'.repeat(297)}`)];
}

/**
 * Ann on Monday 2026-11-30 in Los Angeles: a $120k Q4 quota, two targets, a 50-item plan (items 2 and 31
 * done), and six pieces of work on 80-character accounts with `<&>` in their names, newest first:
 * a $20k deal lost (opened earlier), 3 calls, a $30k win, a $45k opportunity, 1 email without an account,
 * and 1 meeting (the sixth: too old for the Home's five).
 */
function seedBusyRep(teamId: string): void {
  addRep(teamId, ANN);
  giveQuota(teamId, ANN, 12_000_000);
  setTarget(store.db, { teamId, userId: ANN, activity: 'call', per: 'day', count: 10, now: 0 });
  setTarget(store.db, { teamId, userId: ANN, activity: 'meeting', per: 'week', count: 8, now: 0 });
  setPlan(store.db, { teamId, userId: ANN, localDate: TODAY, items: hugePlan(), now: earlier(0) });
  setPlanDone(store.db, { teamId, userId: ANN, localDate: TODAY, doneIndexes: [1, 30] });
  const deal = { teamId, userId: ANN, today: TODAY };
  addOpportunity(store.db, { ...deal, account: LOST_ACCOUNT, amountCents: 2_000_000, now: earlier(1) });
  log(teamId, ANN, 'meeting', 1, null, earlier(10));
  log(teamId, ANN, 'email', 1, null, earlier(20));
  addOpportunity(store.db, { ...deal, account: OPEN_ACCOUNT, amountCents: 4_500_000, now: earlier(30) });
  recordWin(store.db, { ...deal, account: WON_ACCOUNT, amountCents: 3_000_000, now: earlier(40) });
  log(teamId, ANN, 'call', 3, CALLED_ACCOUNT, earlier(50));
  markLost(store.db, { ...deal, account: LOST_ACCOUNT, now: earlier(60) });
}

const repId = (n: number) => `U${String(n).padStart(4, '0')}`;

/**
 * Ann (busy, in Los Angeles) and 19 more reps in New York, U0002–U0020. All but U0019 and U0020 have a $100k
 * Q4 quota. In the week before (Nov 23–27): U0002 planned every working day, two items, the first done;
 * U0005, U0010 and U0015 won $10k; every fourth rep, and U0019 and U0020, logged 2 calls with Acme (ICP).
 * Every third rep has a $50k open opportunity.
 */
function seedTeam(): void {
  seedBusyRep(TEAM);
  setAccountIcpByName(store.db, TEAM, 'Acme', 'yes');
  const lastWeek = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
  const tuesday = { now: Date.parse('2026-11-24T15:00:00Z'), today: '2026-11-24' };
  for (let n = 2; n <= 20; n++) {
    const userId = repId(n);
    addRep(TEAM, userId, 'America/New_York');
    if (n <= 18) giveQuota(TEAM, userId, 10_000_000);
    const rep = { teamId: TEAM, userId, ...tuesday };
    if (n % 5 === 0) recordWin(store.db, { ...rep, account: `Won ${n}`, amountCents: 1_000_000 });
    if (n % 3 === 0) addOpportunity(store.db, { ...rep, account: `Open ${n}`, amountCents: 5_000_000 });
    if (n % 4 === 0 || n > 18) logActivity(store.db, { ...rep, kind: 'call', count: 2, account: 'Acme' });
  }
  for (const localDate of lastWeek) {
    setPlan(store.db, { teamId: TEAM, userId: repId(2), localDate, items: ['Call Initech', 'Send proposal'], now: 0 });
    setPlanDone(store.db, { teamId: TEAM, userId: repId(2), localDate, doneIndexes: [0] });
  }
}

const escaped = (name: string) => name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Ann's Home as a rep, loaded once: plain data no case changes. */
let annAsRep: HomeData;

beforeAll(async () => {
  store = tempStorage();
  seedTeam();
  annAsRep = await homeFor(TEAM, ANN, false);
});
afterAll(() => {
  store.remove();
});

// --- The Home tab --------------------------------------------------------------------------------

describe('the Home tab', () => {
  it('walks a brand-new rep through the first quota and the first log, with buttons', async () => {
    addRep('T0NEW', BOB);
    const data = await homeFor('T0NEW', BOB, false);
    expect(data.isNew).toBe(true);
    const view = homeView(data);
    expectValidView(view);
    expect(blocksOf(view).map((block) => block.type)).toEqual([
      'section',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(mrkdwnTexts(view)).toEqual([
      '*Welcome to Focus Coach.* Busy is not the goal: quota is. ' +
        'Focus Coach keeps your gap to quota in view and pushes your time toward what closes it: ' +
        'qualified opportunities with accounts that fit your ideal customer profile.',
      '*1. Set your quota* for Q4 2026 (Oct 1 – Dec 31), so everything is measured against it.',
      '*2. Log your first piece of work*: a call, a meeting, or an opportunity in your pipeline.',
      '*3. Plan tomorrow*: each working morning I’ll ask for your priorities in a DM, and each evening how it went.',
      'Prefer typing? `/focus help` lists every command.',
    ]);
    expect(blocksOf(view)[4]?.block_id).toBe(BLOCKS.homeActions);
    const buttons = buttonsOf(view);
    expect(buttons.map((b) => [(b.text as TextObject).text, b.action_id])).toEqual([
      ['Set quota', ACTIONS.openQuota],
      ['Log activity', ACTIONS.openLog],
      ['Add an opportunity', ACTIONS.openOpp],
      ['Settings', ACTIONS.openSettings],
    ]);
    expect(buttons[0]?.style).toBe('primary');
    expect(JSON.stringify(view)).not.toContain(BLOCKS.homeManagerActions);
  });

  it('is no longer the empty state once the rep has logged anything', async () => {
    addRep('T0LOGGED', BOB);
    log('T0LOGGED', BOB, 'call', 1, null, earlier(0));
    const data = await homeFor('T0LOGGED', BOB, false);
    expect(data.isNew).toBe(false);
    const view = homeView(data);
    expectValidView(view);
    expect(allText(view)).not.toContain('Welcome to Focus Coach');
    expect(allText(view)).toContain('*Recently logged*\n• 1 call');
  });

  it('shows a brand-new manager the empty team with its settings, and no walkthrough of their own', async () => {
    addRep('T0NEWMGR', BOB);
    const view = homeView(await homeFor('T0NEWMGR', BOB, true));
    expectValidView(view);
    const blocks = blocksOf(view);
    expect(blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'context',
      'actions',
      'section',
      'divider',
      'context',
    ]);
    expect(blocks[0]?.text?.text).toBe('Your team · Q4 2026');
    expect(blocks[1]?.text?.text).toContain('No rep has a quarterly quota for Q4 2026 (Oct 1 – Dec 31) yet.');
    // team defaults: Monday 09:00 (540 minutes), USD, 25%
    expect(blocks[2]?.elements?.map((e) => e.text)).toEqual([
      'Oct 1 – Dec 31 · 0 reps · 0 with a quarterly quota',
      'weekly post: no channel yet, Mondays 09:00 (America/New_York) · currency USD · default win rate 25%',
    ]);
    expect(blocks[3]?.block_id).toBe(BLOCKS.homeManagerActions);
    expect(blocks[3]?.elements?.map((e) => [(e.text as TextObject).text, e.action_id])).toEqual([
      ["Set a rep's quota", ACTIONS.openRepQuota],
      ['Team settings', ACTIONS.openTeamSettings],
    ]);
    expect(blocks[4]?.text?.text).toBe('No rep has a quota or logged work yet.');
    expect(allText(view)).not.toContain('Welcome to Focus Coach');
  });

  it('names the team channel once one is set', async () => {
    addRep('T0CHANNEL', BOB);
    setTeamChannel(store.db, 'T0CHANNEL', 'C0SALES');
    const view = homeView(await homeFor('T0CHANNEL', BOB, true));
    expectValidView(view);
    expect(allText(view)).toContain(
      'weekly post: <#C0SALES>, Mondays 09:00 (America/New_York) · currency USD · default win rate 25%',
    );
  });

  describe('for a busy rep', () => {
    // Ann's card at Monday 08:45 Pacific, before her 17:30 reflection: 42 of Q4's 66 working days elapsed, 24 left.
    //   gap 120,000 − 30,000 = $90,000 (25%); 90,000 / 24 = $3,750 a day; 12,000,000 × 42 / 66 → $76,364 expected
    //   average deal $30,000 (the one win, which had no opportunity first); the lost $20,000 deal was an
    //   opportunity: win rate (0 + 5 × 30,000 × 25%) / (20,000 + 5 × 30,000) = 37,500 / 170,000 = 22.06% → 22%,
    //   coverage needed 1 / 0.2206 = 4.53, rounded up (never shown met while short) → 4.6×
    //   counted: the $45,000 Globex deal (fit unknown, so counted): 0.5×; expected 45,000 × 0.2206 = $9,926
    //   projected (30,000 + 9,926) / 120,000 = 33.3% → 33%; short 90,000 − 9,926 = $80,074
    //   opportunities ⌈80,074 / (0.2206 × 30,000 = 6,617.6)⌉ = ⌈12.1⌉ = 13
    //   this week: 3 calls (Vandelay, unclassified), 1 meeting and 1 email (no account): 60% / 40%
    it('puts the buttons first, then the gap card, the questions, 10 of 50 plan items, the streak and the last five items', () => {
      expect(annAsRep.isNew).toBe(false);
      expect(annAsRep.status.plan).toHaveLength(50);
      const view = homeView(annAsRep);
      expectValidView(view);
      const blocks = blocksOf(view);
      expect(blocks.map((block) => block.type)).toEqual([
        'actions',
        'header',
        'section',
        'section',
        'section',
        'section',
        'divider',
        'section',
        'context',
        'section',
        'section',
        'actions',
        'section',
        'actions',
        'section',
        'actions',
        'context',
        'context',
        'section',
      ]);
      expect(blocks[0]?.block_id).toBe(BLOCKS.homeActions);
      expect(blocks[0]?.elements?.map((b) => [(b.text as TextObject).text, b.action_id])).toEqual([
        ['Log activity', ACTIONS.openLog],
        ['Record a win', ACTIONS.openWin],
        ['Add an opportunity', ACTIONS.openOpp],
        ['Mark lost', ACTIONS.openLost],
        ['Set quota', ACTIONS.openQuota],
        ['Targets', ACTIONS.openTargets],
        ['Settings', ACTIONS.openSettings],
      ]);
      expect(blocks[1]?.text?.text).toBe('Q4 2026 · 24 working days left');
      // ⌈90,000 / 30,000⌉ = 3 deals; 25% → 5 of 20 cells
      expect(blocks[2]?.text?.text).toBe(
        `*$90,000 to go* of your $120,000 quota: about 3 deals of ~$30,000\n\`${'█'.repeat(5)}${'░'.repeat(15)}\` 25% · $30,000 won`,
      );
      expect(blocks[3]?.fields?.map((field) => field.text)).toEqual([
        '*Needed per working day*\n$3,750',
        '*Pace*\n$46,364 behind (expected $76,364 by now)',
        '*Projected*\n33% (won $30,000 + $9,926 expected from pipeline)',
      ]);
      expect(blocks[4]?.fields?.map((field) => field.text)).toEqual([
        '*Counted pipeline*\n$45,000 in 1 deal closing in Q4 2026',
        '*Coverage*\n0.5× of the 4.6× you need',
        '*Opportunities to create*\n13 (about $30,000 each)',
        '*Focus this week*\nICP 0% · non-ICP 0% · unclassified 60% · no account 40%',
      ]);
      // Before the reflection, a day target's pace is 0 and the week's is too (0 of its days over). The meeting
      // had no account, so it does not count toward the target.
      expect(blocks[5]?.text?.text).toBe(
        '*Targets* (ICP and unclassified accounts count)\n' +
          '▫️ calls: 3 of 10 today (on pace)\n' +
          '▫️ meetings: 0 of 8 this week (on pace; 1 more outside your ICP or without an account, not counted)',
      );
      // Beneath the $80,074 shortfall: the unclassified accounts, $45,000 × 22.06% + 60% × $90,000 × ½ ≈ $36,926
      const globex = escaped(OPEN_ACCOUNT);
      const vandelay = escaped(CALLED_ACCOUNT);
      expect(blocks[7]?.text?.text).toBe(
        '👉 Your counted pipeline should bring about $9,926 of the $90,000 gap: $80,074 short. ' +
          'Create 13 qualified opportunities with ICP accounts (about $30,000 each).\n' +
          `• 2 accounts not classified yet (${globex} and ${vandelay}): $45,000 of your counted pipeline rests on them. Say whether each fits your ICP.`,
      );
      expect(blocks[8]?.elements?.[0]?.text).toBe(
        'Oct 1 – Dec 31 · win rate 22% · 1 of your deals, blended with the team’s 25% ' +
          '(a manager’s setting until the team has 20 closed deals) · average deal $30,000 · ' +
          'cycle 30 days (assumed until 5 wins) · times in America/Los_Angeles',
      );
      // the card's own plan section is left out: the Home shows the plan as checkboxes
      const text = allText(view);
      expect(text).not.toContain("*Today's plan*");
      // the accounts Ann has an open deal with or worked on this week and whose fit is unknown, by name;
      // not the won or lost ones
      expect(blocks[9]?.text?.text).toBe('*Keep your numbers honest*');
      expect([blocks[10]?.text?.text, blocks[12]?.text?.text]).toEqual([
        `Does *${globex}* fit your ideal customer profile?`,
        `Does *${vandelay}* fit your ideal customer profile?`,
      ]);
      expect(blocks[11]?.elements?.map((e) => e.action_id)).toEqual([ACTIONS.classifyFits, ACTIONS.classifyOutside]);
      expect(blocks[14]?.text?.text).toBe('*Today’s plan* (Monday, Nov 30): tick what got done');
      expect(blocks[16]?.elements?.[0]?.text).toBe('Showing the first 10 of 50 items.');
      // planned today, nothing planned on Friday: a 1-day streak
      expect(blocks[17]?.elements?.[0]?.text).toBe('🔥 1-day planning streak');
      expect(blocks[18]?.text?.text).toBe(
        [
          '*Recently logged*',
          `• lost $20,000 · ${escaped(LOST_ACCOUNT)}`,
          `• 3 calls · ${escaped(CALLED_ACCOUNT)}`,
          `• 🎉 won $30,000 · ${escaped(WON_ACCOUNT)}`,
          `• opportunity $45,000 · ${escaped(OPEN_ACCOUNT)}`,
          '• 1 email',
        ].join('\n'),
      );
    });

    it('shows the first 10 plan items as checkboxes of at most 75 characters, as typed, ticked where done', () => {
      const plan = blocksOf(homeView(annAsRep))[15];
      expect(plan?.block_id).toBe('plan_done:2026-11-30');
      expect(plan?.elements).toHaveLength(1);
      const checkboxes = plan?.elements?.[0];
      expect(checkboxes?.type).toBe('checkboxes');
      expect(checkboxes?.action_id).toBe(ACTIONS.planDone);
      const options = checkboxes?.options ?? [];
      expect(options.map((o) => o.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      // plain text: Slack's entities decoded ('Prep R&D demo for <Acme> ' is 25 characters), cut to 74 and …
      expect(options[0]?.text.text).toBe(`Prep R&D demo for <Acme> ${'x'.repeat(49)}…`);
      expect(options[1]?.text.text).toBe(`02 ${'y'.repeat(71)}…`);
      // item 31 is done but not shown: only item 2 is ticked
      expect(checkboxes?.initial_options?.map((o) => o.value)).toEqual(['1']);
    });

    it('never shows a rep the manager buttons or the team table, even in a team with reps', () => {
      expect(annAsRep.team).toBeNull();
      const view = homeView(annAsRep);
      expect(blocksOf(view)).toHaveLength(19);
      const json = JSON.stringify(view);
      for (const id of [ACTIONS.openRepQuota, ACTIONS.openTeamSettings, BLOCKS.homeManagerActions]) {
        expect(json).not.toContain(id);
      }
      expect(allText(view)).not.toContain('Your team');
      expect([...mentionCounts([view]).keys()]).toEqual([]);
    });

    it('asks for a plan when there is none today, and leaves out the checkboxes and the streak', async () => {
      addRep('T0PLANLESS', ANN);
      giveQuota('T0PLANLESS', ANN, 12_000_000);
      const view = homeView(await homeFor('T0PLANLESS', ANN, false));
      expectValidView(view);
      expect(allText(view)).toContain(
        '*Today’s plan* (Monday, Nov 30)\nNo plan yet: reply to the morning check-in, or `/focus plan …`.',
      );
      expect(allText(view)).toContain('No planning streak yet: plan today to start one.');
      expect(allText(view)).not.toContain('Recently logged');
      expect(JSON.stringify(view)).not.toContain('checkboxes');
    });
  });
});

describe('recentLine', () => {
  it.each<[name: string, item: RecentItem, expected: string]>([
    [
      'one activity, singular, no account',
      { type: 'activity', at: 0, kind: 'call', count: 1, account: null },
      '• 1 call',
    ],
    [
      'activities with an escaped account',
      { type: 'activity', at: 0, kind: 'demo', count: 2, account: 'R&D <Labs>' },
      '• 2 demos · R&amp;D &lt;Labs&gt;',
    ],
    [
      // Home shows whole dollars: $1,234.56 → $1,235
      'a win, in whole dollars',
      { type: 'deal', at: 0, status: 'won', amountCents: 123_456, account: 'Acme' },
      '• 🎉 won $1,235 · Acme',
    ],
    [
      // $1,234.49 → $1,234
      'an opportunity, rounded down below half a dollar',
      { type: 'deal', at: 0, status: 'open', amountCents: 123_449, account: 'Acme' },
      '• opportunity $1,234 · Acme',
    ],
    [
      'an open opportunity',
      { type: 'deal', at: 0, status: 'open', amountCents: 4_500_000, account: 'Globex' },
      '• opportunity $45,000 · Globex',
    ],
    [
      'a loss',
      { type: 'deal', at: 0, status: 'lost', amountCents: 2_000_000, account: 'Umbrella' },
      '• lost $20,000 · Umbrella',
    ],
  ])('describes %s', (_name, item, expected) => {
    expect(recentLine(item, 'USD')).toBe(expected);
  });
});

// --- The modals ----------------------------------------------------------------------------------

describe('the modals', () => {
  const MODALS = 'T0MODALS';
  const ids = (view: ModalView) => inputsOf(view).map((block) => block.block_id);
  const repRow = (userId: string): RepRow => ensureRep(store.db, MODALS, userId);

  it('logs activity: kind (call), how many (1) and an optional account with its ICP fit', () => {
    const view = logModal();
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.log);
    expect([view.title.text, view.submit?.text, view.close?.text]).toEqual(['Log activity', 'Log it', 'Cancel']);
    expect(ids(view)).toEqual([INPUTS.activity, INPUTS.count, INPUTS.account, INPUTS.accountFit]);
    const activity = elementOf(view, INPUTS.activity);
    expect(activity.type).toBe('static_select');
    expect(activity.options?.map((o) => [o.text.text, o.value])).toEqual([
      ['Call', 'call'],
      ['Email', 'email'],
      ['Meeting', 'meeting'],
      ['Demo', 'demo'],
      ['Proposal', 'proposal'],
    ]);
    expect(activity.initial_option?.value).toBe('call');
    expect(elementOf(view, INPUTS.count)).toMatchObject({ type: 'number_input', initial_value: '1', min_value: '1' });
    expect(elementOf(view, INPUTS.account).type).toBe('external_select');
    expect(inputOf(view, INPUTS.account).optional).toBe(true);
    const fit = elementOf(view, INPUTS.accountFit);
    expect(fit.options?.map((o) => o.value)).toEqual(['yes', 'no']);
    expect(fit.initial_option).toBeUndefined();
    expect(inputOf(view, INPUTS.accountFit).optional).toBe(true);
  });

  it('records a win: an amount, a required account and its date, today unless changed', () => {
    const view = winModal('2026-12-01');
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.win);
    expect([view.title.text, view.submit?.text]).toEqual(['Record a win', 'Record win']);
    expect(ids(view)).toEqual([INPUTS.amount, INPUTS.account, INPUTS.accountFit, INPUTS.wonOn]);
    expect(elementOf(view, INPUTS.wonOn)).toMatchObject({ type: 'datepicker', initial_date: '2026-12-01' });
    expect(inputOf(view, INPUTS.wonOn).hint?.text).toContain('up to 45 days back');
    expect(inputOf(view, INPUTS.amount).label?.text).toBe('Amount won');
    expect(inputOf(view, INPUTS.amount).hint?.text).toBe('Like 30k, $45,000 or 1.2m.');
    expect(inputOf(view, INPUTS.account).optional).toBe(false);
  });

  it('adds an opportunity: an amount, a required account and an optional close date, one per account', () => {
    const view = opportunityModal(Q4.end);
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.opp);
    expect([view.title.text, view.submit?.text]).toEqual(['Add an opportunity', 'Add to pipeline']);
    expect(ids(view)).toEqual([INPUTS.amount, INPUTS.account, INPUTS.accountFit, INPUTS.closeDate]);
    expect(inputOf(view, INPUTS.account).optional).toBe(false);
    // No date prefilled: an empty picker keeps an open deal's own date rather than moving it to the period's end
    expect(elementOf(view, INPUTS.closeDate)).toMatchObject({ type: 'datepicker' });
    expect(elementOf(view, INPUTS.closeDate)).not.toHaveProperty('initial_date');
    expect(inputOf(view, INPUTS.closeDate).optional).toBe(true);
    expect(inputOf(view, INPUTS.closeDate).label?.text).toBe('Expected close date');
    expect(inputOf(view, INPUTS.closeDate).hint?.text).toBe(
      "Leave it empty and a new opportunity closes at your period's end (2026-12-31), while an open one keeps its " +
        'date. Deals closing after this period are shown apart, for the period they close in.',
    );
    expect(allText(view)).toBe('Qualified opportunities only: one open deal per account (a second one updates it).');
  });

  it('says there is nothing to mark lost, without a submit button, when no deal is open', () => {
    addRep(MODALS, 'U0NODEALS');
    const view = lostModal(openDeals(store.db, MODALS, 'U0NODEALS'), 'USD');
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.lost);
    expect(view.submit).toBeUndefined();
    expect(inputsOf(view)).toEqual([]);
    expect(allText(view)).toBe('You have no open opportunities, so there is nothing to mark lost.');
  });

  it('offers the first 100 of 150 open deals to mark lost, each within 75 characters', () => {
    // as openDeals gives them, largest first: account 150 with $150,000 down to account 1 with $1,000
    const deals = Array.from({ length: 150 }, (_, i) => ({
      id: 1000 + 150 - i,
      accountId: 150 - i,
      account: longName(`Prospect ${String(150 - i).padStart(3, '0')} <Group> & Co`),
      amountCents: (150 - i) * 100_000,
      closeOn: '2026-12-31',
    }));
    const view = lostModal(deals, 'USD');
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.lost);
    expect(view.submit?.text).toBe('Mark lost');
    expect(ids(view)).toEqual([INPUTS.openDeal]);
    const options = elementOf(view, INPUTS.openDeal).options ?? [];
    expect(options).toHaveLength(100);
    // keyed by deal, never by account
    expect(options.map((o) => o.value)).toEqual(Array.from({ length: 100 }, (_, i) => `deal:${1000 + 150 - i}`));
    // plain text, not escaped; the 80-character name alone passes 75, so it is cut at 74 and …
    expect(options[0]?.text.text).toBe(`${longName('Prospect 150 <Group> & Co').slice(0, 74)}…`);
  });

  it('lists open deals from the database largest first', () => {
    addRep(MODALS, 'U0DEALS');
    const opp = { teamId: MODALS, userId: 'U0DEALS', now: earlier(0), today: TODAY };
    addOpportunity(store.db, { ...opp, account: 'Initech', amountCents: 1_000_000 });
    addOpportunity(store.db, { ...opp, account: 'Globex <EU>', amountCents: 4_512_345 });
    const view = lostModal(openDeals(store.db, MODALS, 'U0DEALS'), 'USD');
    expectValidView(view);
    expect(elementOf(view, INPUTS.openDeal).options?.map((o) => o.text.text)).toEqual([
      // whole dollars, as everywhere but exports: $45,123.45 → $45,123
      'Globex <EU> · $45,123',
      'Initech · $10,000',
    ]);
  });

  it('sets the rep’s quota, preselecting the period of their current quota', () => {
    addRep(MODALS, 'U0QUOTA');
    let view = quotaModal(repRow('U0QUOTA'));
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.quota);
    expect([view.title.text, view.submit?.text]).toEqual(['Set your quota', 'Set quota']);
    expect(ids(view)).toEqual([INPUTS.amount, INPUTS.period]);
    const period = elementOf(view, INPUTS.period);
    expect(period.options?.map((o) => [o.text.text, o.value])).toEqual([
      ['This month', 'month'],
      ['This quarter', 'quarter'],
      ['This year', 'year'],
    ]);
    expect(period.initial_option?.value).toBe('quarter');

    const november = periodContaining('month', TODAY, 1);
    setQuota(store.db, {
      teamId: MODALS,
      userId: 'U0QUOTA',
      period: november,
      amountCents: 4_000_000,
      setBy: 'U0QUOTA',
      now: 0,
    });
    view = quotaModal(repRow('U0QUOTA'));
    expect(elementOf(view, INPUTS.period).initial_option?.value).toBe('month');
  });

  it('sets a rep’s quota for a manager: a user picker, an amount and the period (quarter)', () => {
    const view = repQuotaModal();
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.repQuota);
    expect([view.title.text, view.submit?.text]).toEqual(["Set a rep's quota", 'Set quota']);
    expect(ids(view)).toEqual([INPUTS.rep, INPUTS.amount, INPUTS.period]);
    expect(elementOf(view, INPUTS.rep).type).toBe('users_select');
    expect(elementOf(view, INPUTS.period).initial_option?.value).toBe('quarter');
  });

  it('lists all 10 targets (every kind, per day and per week) and offers 8 meetings a week', () => {
    const counts: [ActivityKind, number, number][] = [
      ['call', 10, 50],
      ['email', 20, 100],
      ['meeting', 1, 8],
      ['demo', 2, 8],
      ['proposal', 1, 3],
    ];
    for (const [activity, day, week] of counts) {
      setTarget(store.db, { teamId: MODALS, userId: 'U0TARGETS', activity, per: 'day', count: day, now: 0 });
      setTarget(store.db, { teamId: MODALS, userId: 'U0TARGETS', activity, per: 'week', count: week, now: 0 });
    }
    const view = targetsModal(listTargets(store.db, MODALS, 'U0TARGETS'));
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.targets);
    expect([view.title.text, view.submit?.text]).toEqual(['Targets', 'Save target']);
    // per day first, then per week; kinds alphabetically
    expect(allText(view)).toBe(
      [
        '*Your targets*',
        '• 10 calls a day',
        '• 2 demos a day',
        '• 20 emails a day',
        '• 1 meeting a day',
        '• 1 proposal a day',
        '• 50 calls a week',
        '• 8 demos a week',
        '• 100 emails a week',
        '• 8 meetings a week',
        '• 3 proposals a week',
      ].join('\n'),
    );
    expect(ids(view)).toEqual([INPUTS.activity, INPUTS.count, INPUTS.per]);
    expect(elementOf(view, INPUTS.activity).initial_option?.value).toBe('meeting');
    expect(elementOf(view, INPUTS.count)).toMatchObject({ initial_value: '8', min_value: '0', max_value: '1000' });
    expect(inputOf(view, INPUTS.count).hint?.text).toBe('0 removes the target.');
    expect(elementOf(view, INPUTS.per).options?.map((o) => o.value)).toEqual(['day', 'week']);
    expect(elementOf(view, INPUTS.per).initial_option?.value).toBe('week');
  });

  it('says there are no targets yet', () => {
    const view = targetsModal([]);
    expectValidView(view);
    expect(allText(view)).toBe('*Your targets*\nNo targets yet.');
  });

  describe('settings', () => {
    function settingsOf(userId: string): ModalView {
      const rep = repRow(userId);
      return settingsModal(rep, timezoneOf(rep, ensureTeam(store.db, MODALS), DEFAULT_TZ), '2026-12-01');
    }

    it('shows a new rep’s defaults: 08:30 and 17:30, Monday to Friday, Slack’s zone, reminders on, no pause', () => {
      addRep(MODALS, 'U0DEFAULTS');
      const view = settingsOf('U0DEFAULTS');
      expectValidView(view);
      expect(view.callback_id).toBe(VIEWS.settings);
      expect([view.title.text, view.submit?.text]).toEqual(['Your settings', 'Save']);
      expect(ids(view)).toEqual([
        INPUTS.checkinTime,
        INPUTS.reflectionTime,
        INPUTS.workingDays,
        INPUTS.timezone,
        INPUTS.reminders,
        INPUTS.myHolidayCountry,
        INPUTS.pausedUntil,
      ]);
      // No country of their own: the team's holidays, shown as an empty field.
      expect(elementOf(view, INPUTS.myHolidayCountry).initial_value).toBeUndefined();
      expect(inputOf(view, INPUTS.myHolidayCountry).optional).toBe(true);
      expect(elementOf(view, INPUTS.checkinTime)).toMatchObject({ type: 'timepicker', initial_time: '08:30' });
      expect(elementOf(view, INPUTS.reflectionTime)).toMatchObject({ type: 'timepicker', initial_time: '17:30' });
      const days = elementOf(view, INPUTS.workingDays);
      expect(days.type).toBe('checkboxes');
      expect(days.options?.map((o) => [o.text.text, o.value])).toEqual([
        ['Sunday', '0'],
        ['Monday', '1'],
        ['Tuesday', '2'],
        ['Wednesday', '3'],
        ['Thursday', '4'],
        ['Friday', '5'],
        ['Saturday', '6'],
      ]);
      expect(days.initial_options?.map((o) => o.text.text)).toEqual([
        'Monday',
        'Tuesday',
        'Wednesday',
        'Thursday',
        'Friday',
      ]);
      const zone = elementOf(view, INPUTS.timezone);
      expect(zone.initial_value).toBeUndefined();
      expect(zone.placeholder?.text).toBe('America/Los_Angeles');
      expect(inputOf(view, INPUTS.timezone).optional).toBe(true);
      expect(inputOf(view, INPUTS.timezone).hint?.text).toBe(
        "Leave empty to follow Slack's (America/Los_Angeles). Or an IANA name such as Europe/London.",
      );
      expect(elementOf(view, INPUTS.reminders).initial_option?.value).toBe('on');
      const pause = elementOf(view, INPUTS.pausedUntil);
      expect(pause.type).toBe('datepicker');
      expect(pause.initial_date).toBeUndefined();
      expect(inputOf(view, INPUTS.pausedUntil).optional).toBe(true);
    });

    it('shows the rep’s own times, days, time zone override, reminders off and pause', () => {
      addRep(MODALS, 'U0CUSTOM');
      updateRepSettings(store.db, MODALS, 'U0CUSTOM', {
        checkinMinutes: 7 * 60 + 45,
        reflectionMinutes: 18 * 60,
        workingDays: [4, 0, 1, 2, 3],
        timezoneOverride: 'Europe/London',
        remindersEnabled: false,
      });
      pauseRep(store.db, { teamId: MODALS, userId: 'U0CUSTOM', today: TODAY, until: '2026-12-24' });
      const view = settingsOf('U0CUSTOM');
      expectValidView(view);
      expect(elementOf(view, INPUTS.checkinTime).initial_time).toBe('07:45');
      expect(elementOf(view, INPUTS.reflectionTime).initial_time).toBe('18:00');
      expect(elementOf(view, INPUTS.workingDays).initial_options?.map((o) => o.text.text)).toEqual([
        'Sunday',
        'Monday',
        'Tuesday',
        'Wednesday',
        'Thursday',
      ]);
      const zone = elementOf(view, INPUTS.timezone);
      expect(zone.initial_value).toBe('Europe/London');
      // the placeholder still names Slack's zone: what an emptied field goes back to
      expect(zone.placeholder?.text).toBe('America/Los_Angeles');
      expect(elementOf(view, INPUTS.reminders).initial_option?.value).toBe('off');
      expect(elementOf(view, INPUTS.pausedUntil).initial_date).toBe('2026-12-24');
    });

    it('names the zone in effect when Slack has not given one', () => {
      addRep(MODALS, 'U0NOZONE', null);
      const view = settingsOf('U0NOZONE');
      expectValidView(view);
      expect(elementOf(view, INPUTS.timezone).placeholder?.text).toBe(DEFAULT_TZ);
      expect(inputOf(view, INPUTS.timezone).hint?.text).toBe(
        "Leave empty to follow Slack's (now America/New_York). Or an IANA name such as Europe/London.",
      );
    });
  });

  describe('team settings', () => {
    it('shows the team defaults and no channel yet', () => {
      const view = teamSettingsModal(ensureTeam(store.db, 'T0TEAMDEFAULTS'), DEFAULT_TZ);
      expectValidView(view);
      expect(view.callback_id).toBe(VIEWS.teamSettings);
      expect([view.title.text, view.submit?.text]).toEqual(['Team settings', 'Save']);
      expect(ids(view)).toEqual([
        INPUTS.channel,
        INPUTS.weeklyDay,
        INPUTS.weeklyTime,
        INPUTS.teamTimezone,
        INPUTS.teamPeriod,
        INPUTS.fiscalStart,
        INPUTS.currency,
        INPUTS.winRate,
        INPUTS.holidayCountry,
        INPUTS.companyDaysOff,
      ]);
      // No public holidays and no company days off until a manager picks them.
      expect(elementOf(view, INPUTS.holidayCountry).initial_value).toBeUndefined();
      expect(elementOf(view, INPUTS.companyDaysOff)).toMatchObject({ type: 'plain_text_input', multiline: true });
      expect(elementOf(view, INPUTS.companyDaysOff).initial_value).toBeUndefined();
      // team totals add quarterly quotas unless the manager picks another kind
      const period = elementOf(view, INPUTS.teamPeriod);
      expect(period.type).toBe('radio_buttons');
      expect(period.options?.map((o) => [o.text.text, o.value])).toEqual([
        ['Month', 'month'],
        ['Quarter', 'quarter'],
        ['Year', 'year'],
      ]);
      expect(period.initial_option?.value).toBe('quarter');
      expect(inputOf(view, INPUTS.teamPeriod).hint?.text).toBe(
        'Reps with quotas of another period are listed with their own, not added in.',
      );
      const channel = elementOf(view, INPUTS.channel);
      expect(channel.type).toBe('conversations_select');
      expect(channel.initial_conversation).toBeUndefined();
      expect(inputOf(view, INPUTS.channel).optional).toBe(true);
      const day = elementOf(view, INPUTS.weeklyDay);
      expect(day.options).toHaveLength(7);
      expect(day.initial_option).toEqual({ text: { type: 'plain_text', text: 'Monday', emoji: true }, value: '1' });
      expect(elementOf(view, INPUTS.weeklyTime).initial_time).toBe('09:00');
      const fiscal = elementOf(view, INPUTS.fiscalStart);
      expect(fiscal.options?.map((o) => o.value)).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
        '11',
        '12',
      ]);
      expect(fiscal.initial_option?.text.text).toBe('January');
      expect(elementOf(view, INPUTS.currency).initial_value).toBe('USD');
      expect(elementOf(view, INPUTS.winRate).initial_value).toBe('25');
    });

    it('shows the team’s channel and its own slot, fiscal start, currency and win rate', () => {
      setTeamChannel(store.db, 'T0TEAMSET', 'C0SALES');
      updateTeamSettings(store.db, 'T0TEAMSET', {
        channelId: 'C0SALES',
        weeklyDay: 5,
        weeklyMinutes: 16 * 60 + 30,
        fiscalYearStartMonth: 2,
        currency: 'EUR',
        defaultWinRate: 0.3,
        timezone: 'America/Chicago',
        periodKind: 'year',
      });
      const view = teamSettingsModal(ensureTeam(store.db, 'T0TEAMSET'), DEFAULT_TZ);
      expect(elementOf(view, INPUTS.teamPeriod).initial_option?.value).toBe('year');
      expect(elementOf(view, INPUTS.teamTimezone).initial_value).toBe('America/Chicago');
      expectValidView(view);
      expect(elementOf(view, INPUTS.channel).initial_conversation).toBe('C0SALES');
      expect(elementOf(view, INPUTS.weeklyDay).initial_option?.text.text).toBe('Friday');
      expect(elementOf(view, INPUTS.weeklyTime).initial_time).toBe('16:30');
      expect(elementOf(view, INPUTS.fiscalStart).initial_option?.text.text).toBe('February');
      expect(elementOf(view, INPUTS.currency).initial_value).toBe('EUR');
      expect(elementOf(view, INPUTS.winRate).initial_value).toBe('30');
    });
  });
});

// --- The account picker's options --------------------------------------------------------------------

describe('accountOptions with 200 accounts', () => {
  const ACCOUNTS = 'T0ACCOUNTS';

  function suggest(value: string): Promise<PlainTextOption[]> {
    const body = {
      type: 'block_suggestion',
      block_id: INPUTS.account,
      action_id: INPUTS.account,
      value,
      api_app_id: 'A0APP',
      team: { id: ACCOUNTS, domain: 'acme' },
      user: { id: ANN, name: 'ann', team_id: ACCOUNTS },
      token: 'legacy',
      container: { type: 'view', view_id: 'V0001' },
    } satisfies BlockSuggestion;
    return accountOptions({ store: store.store }, body);
  }
  const texts = (options: readonly PlainTextOption[]) => options.map((o) => o.text.text);

  /** At most 100 options (Slack's limit for an external select), each within 75 characters. */
  function expectValidAccountOptions(options: readonly PlainTextOption[]): void {
    expect(options.length).toBeGreaterThan(0);
    expect(options.length).toBeLessThanOrEqual(100);
    for (const option of options) {
      expect(option.text.type).toBe('plain_text');
      expect(chars(option.text.text)).toBeLessThanOrEqual(75);
      expect(chars(option.value ?? '')).toBeGreaterThan(0);
      expect(chars(option.value ?? '')).toBeLessThanOrEqual(75);
    }
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
  }

  /** Five Acme-like accounts (two with a known fit), an 80-character one and 194 Northwind branches: 200. */
  beforeAll(() => {
    setAccountIcpByName(store.db, ACCOUNTS, 'Acme', 'yes');
    findOrCreateAccount(store.db, ACCOUNTS, 'Acme Europe');
    setAccountIcpByName(store.db, ACCOUNTS, 'ACME Rockets <R&D>', 'no');
    findOrCreateAccount(store.db, ACCOUNTS, 'Big Acme Labs');
    findOrCreateAccount(store.db, ACCOUNTS, 'Nacme');
    findOrCreateAccount(store.db, ACCOUNTS, longName('Zeta & Sons <Holdings>'));
    for (let n = 1; n <= 194; n++) {
      findOrCreateAccount(store.db, ACCOUNTS, `Northwind ${String(n).padStart(3, '0')}`);
    }
  });

  it('offers the first 99 accounts alphabetically, and nothing to add, before anything is typed', async () => {
    const options = await suggest('');
    expectValidAccountOptions(options);
    expect(options).toHaveLength(99);
    expect(texts(options).slice(0, 6)).toEqual([
      'Acme · ICP',
      'Acme Europe',
      'ACME Rockets <R&D> · outside ICP',
      'Big Acme Labs',
      'Nacme',
      'Northwind 001',
    ]);
    expect(texts(options).at(-1)).toBe('Northwind 094');
    expect(options.every((o) => /^id:\d+$/.test(o.value ?? ''))).toBe(true);
  });

  it('matches a substring case-insensitively, names starting with it first, and offers no “Add” on an exact match', async () => {
    const options = await suggest('  aCmE ');
    expectValidAccountOptions(options);
    expect(texts(options)).toEqual([
      'Acme · ICP',
      'Acme Europe',
      'ACME Rockets <R&D> · outside ICP',
      'Big Acme Labs',
      'Nacme',
    ]);
  });

  it('offers to add a name that is not an exact match, last', async () => {
    const options = await suggest('Acme Eu');
    expectValidAccountOptions(options);
    expect(options.map((o) => [o.text.text, o.value])).toEqual([
      ['Acme Europe', expect.stringMatching(/^id:\d+$/)],
      ['Add “Acme Eu”', 'new:Acme Eu'],
    ]);
  });

  it('offers only “Add” when nothing matches', async () => {
    expect((await suggest('Initech')).map((o) => [o.text.text, o.value])).toEqual([['Add “Initech”', 'new:Initech']]);
  });

  it('caps a broad match at 99 accounts plus “Add”: 100 options', async () => {
    const options = await suggest('north');
    expectValidAccountOptions(options);
    expect(options).toHaveLength(100);
    expect(texts(options).slice(0, 2)).toEqual(['Northwind 001', 'Northwind 002']);
    expect(texts(options)[98]).toBe('Northwind 099');
    expect(options[99]).toEqual({ text: { type: 'plain_text', text: 'Add “north”', emoji: true }, value: 'new:north' });
  });

  it('cuts an 80-character account name to 75 characters in its option', async () => {
    const options = await suggest('zeta');
    expectValidAccountOptions(options);
    expect(texts(options)).toEqual([`${longName('Zeta & Sons <Holdings>').slice(0, 74)}…`, 'Add “zeta”']);
  });

  it('offers to add a 70-character name with the whole name in a value of 74 characters', async () => {
    const name = 'Q'.repeat(70);
    const options = await suggest(name);
    expectValidAccountOptions(options);
    expect(options).toHaveLength(1);
    expect(options[0]?.value).toBe(`new:${name}`);
    // 'Add “' and the name pass 75 characters: the label is cut, the value is not
    expect(options[0]?.text.text).toBe(`Add “${'Q'.repeat(69)}…`);
  });

  it('refuses a new name of 71 characters with an option that says why', async () => {
    expect(await suggest('Q'.repeat(71))).toEqual([
      {
        text: { type: 'plain_text', text: 'Too long: new account names have at most 70 characters', emoji: true },
        value: 'invalid',
      },
    ]);
  });
});
