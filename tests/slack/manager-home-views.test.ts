import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HomeData, loadHome } from '../../src/coach/home.js';
import type { RepProgress, TeamProgress } from '../../src/coach/team.js';
import { setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { periodContaining } from '../../src/domain/period.js';
import { repCardModal, repQuotaModalFor } from '../../src/slack/actions/rep-card.js';
import { ACTIONS, BLOCKS, INPUTS, VIEWS } from '../../src/slack/ids.js';
import { homeView } from '../../src/slack/views/home.js';
import { MAX_REP_ROWS } from '../../src/slack/views/manager-home.js';
import {
  allText,
  blocksOf,
  buttonsOf,
  elementOf,
  expectValidView,
  loose,
  mentionCounts,
  type TextObject,
} from '../support/blockkit.js';
import { tempStorage } from '../support/db.js';

/**
 * A team of four reps in Los Angeles on Monday 2026-11-30 at 08:45 (before their 17:30 reflection), Q4 2026
 * (Oct 1 – Dec 31: 66 working days, 42 elapsed, 24 left; no holiday calendar):
 *  - UA: $100,000 quota, won $80,000 (no opportunity first), planned Nov 23, 24 and 25, 2 calls on Acme last week;
 *  - UB: $100,000 quota, won $10,000, a $50,000 opportunity on an unclassified account (closing Dec 31);
 *  - UC: $150,000 quota, nothing else;
 *  - UD: no quota, one call on Acme (ICP) logged this very morning.
 * The manager UM carries no quota and logged nothing, so is not on the team.
 */
const TEAM = 'T0MGR';
const Q4 = periodContaining('quarter', '2026-11-30', 1);
const TODAY = '2026-11-30';
const NOW = Date.parse('2026-11-30T16:45:00Z');
const LAST_TUESDAY = { now: Date.parse('2026-11-24T17:00:00Z'), today: '2026-11-24' };

let store: ReturnType<typeof tempStorage>;
let manager: HomeData;

function addRep(userId: string, quotaCents: number | null): void {
  saveRepProfile(store.db, TEAM, userId, { slackTimezone: 'America/Los_Angeles', isSlackAdmin: false, fetchedAt: 0 });
  if (quotaCents !== null)
    setQuota(store.db, { teamId: TEAM, userId, period: Q4, amountCents: quotaCents, setBy: 'UM', now: 0 });
}

function seed(): void {
  setAccountIcpByName(store.db, TEAM, 'Acme', 'yes');
  addRep('UA', 10_000_000);
  addRep('UB', 10_000_000);
  addRep('UC', 15_000_000);
  addRep('UD', null);
  saveRepProfile(store.db, TEAM, 'UM', { slackTimezone: 'America/New_York', isSlackAdmin: true, fetchedAt: 0 });
  recordWin(store.db, { teamId: TEAM, userId: 'UA', account: 'Initech', amountCents: 8_000_000, ...LAST_TUESDAY });
  for (const localDate of ['2026-11-23', '2026-11-24', '2026-11-25']) {
    setPlan(store.db, { teamId: TEAM, userId: 'UA', localDate, items: ['Call Initech'], now: 0 });
  }
  logActivity(store.db, { teamId: TEAM, userId: 'UA', kind: 'call', count: 2, account: 'Acme', ...LAST_TUESDAY });
  recordWin(store.db, { teamId: TEAM, userId: 'UB', account: 'Hooli', amountCents: 1_000_000, ...LAST_TUESDAY });
  addOpportunity(store.db, { teamId: TEAM, userId: 'UB', account: 'Globex', amountCents: 5_000_000, ...LAST_TUESDAY });
  const thisMorning = Date.parse('2026-11-30T16:00:00Z');
  logActivity(store.db, {
    teamId: TEAM,
    userId: 'UD',
    kind: 'call',
    count: 1,
    account: 'Acme',
    now: thisMorning,
    today: TODAY,
  });
}

const homeOf = (userId: string, isManager: boolean) =>
  loadHome(store.store, { teamId: TEAM, userId, now: NOW, defaultTimezone: 'America/New_York', isManager });

/** The team's reps repeated under new IDs up to `count`. */
function teamOf(count: number): TeamProgress {
  const team = manager.team as TeamProgress;
  const reps = Array.from({ length: count }, (_, i) => ({
    ...(team.reps[i % team.reps.length] as RepProgress),
    userId: `U${String(i + 1).padStart(4, '0')}`,
  }));
  return { ...team, reps };
}

beforeAll(async () => {
  store = tempStorage();
  seed();
  manager = await homeOf('UM', true);
});
afterAll(() => store.remove());

describe("the manager's Home", () => {
  it('leads with the team: totals for the quarter, worked by hand', () => {
    const view = homeView(manager);
    expectValidView(view);
    const blocks = blocksOf(view);
    expect(blocks[0]?.text?.text).toBe('Your team · Q4 2026');
    // quota 100,000 + 100,000 + 150,000 = $350,000 (UD has none); won 80,000 + 10,000 = $90,000;
    // 90,000 / 350,000 = 25.7% → 26%, 0.257 × 20 = 5.1 → 5 cells
    expect(blocks[1]?.text?.text).toBe(`\`${'█'.repeat(5)}${'░'.repeat(15)}\` *26%* of the team's quota won`);
    // expected by now: 42 of 66 working days; UA 100,000 × 42/66 = 63,636 (won 80,000: ahead), UB 63,636
    // (won 10,000: behind), UC 150,000 × 42/66 = 95,455 (behind).
    // projected: UA 80,000 (no pipeline) + UB 10,000 + 50,000 × 25% (the team's default rate, no closed
    // opportunities anywhere) = 22,500 + UC 0 = $102,500; 102,500 / 350,000 = 29.3% → 29%
    // follow-through: UA planned 3 of the 5 working days Nov 23–27, the others none: 3 / (4 × 5) = 15%
    expect(blocks[2]?.fields?.map((f) => f.text)).toEqual([
      '*Quota*\n$350,000 (3 reps)',
      '*Won*\n$90,000',
      '*Gap*\n$260,000',
      '*Projected*\n29% ($102,500: won + counted pipeline × win rate)',
      '*Reps*\n1 ahead · 2 behind',
      '*Follow-through*\nplans on 15% of working days (last 7 days)',
    ]);
    expect(blocks[3]?.elements?.[0]?.text).toBe('Oct 1 – Dec 31 · 4 reps · 3 with a quarterly quota');
    expect(blocks[4]?.block_id).toBe(BLOCKS.homeManagerActions);
  });

  it('lists one two-line row per rep, lowest projected attainment first, each with its actions', () => {
    const blocks = blocksOf(homeView(manager));
    expect(blocks[5]?.text?.text).toBe('*Reps, lowest projected attainment first*: who needs you most is on top');
    const rows = blocks.slice(7, 15);
    expect(rows.map((b) => b.type)).toEqual([
      'section',
      'actions',
      'section',
      'actions',
      'section',
      'actions',
      'section',
      'actions',
    ]);
    expect(rows.filter((b) => b.type === 'section').map((b) => b.text?.text)).toEqual([
      // UC: 0 of 150,000; behind 95,455; needs 150,000 ÷ 25% = $600,000 of counted pipeline, has none
      '🔴 *<@UC>* · projected *0%* · 0% of $150,000\n' +
        '$95,455 behind pace · pipeline $0 of $600,000 needed · no activity this week · plans 0/5 days',
      // UB: 10,000 − 63,636 = 53,636 behind; projected 22.5% → 23%; gap 90,000 ÷ 25% = $360,000
      '🔴 *<@UB>* · projected *23%* · 10% of $100,000\n' +
        '$53,636 behind pace · pipeline $50,000 of $360,000 needed · no activity this week · plans 0/5 days',
      // UA: 80,000 − 63,636 = 16,364 ahead; projected 80% (yellow: 70–99%); gap 20,000 ÷ 25% = $80,000.
      // Last week's 2 calls are not this week's: the rep's own card says the same.
      '🟡 *<@UA>* · projected *80%* · 80% of $100,000\n' +
        '$16,364 ahead of pace · pipeline $0 of $80,000 needed · no activity this week · plans 3/5 days',
      // UD: no quota, so last; this morning's call on Acme (ICP) is this week's activity
      '⚪ *<@UD>* · no quota set\nICP 100% this week · plans 0/5 days',
    ]);
    const rowButtons = rows.filter((b) => b.type === 'actions');
    expect(rowButtons.map((b) => b.block_id)).toEqual(['home_rep:UC', 'home_rep:UB', 'home_rep:UA', 'home_rep:UD']);
    expect(rowButtons[3]?.elements?.map((e) => [(e.text as TextObject).text, e.action_id, e.value, e.style])).toEqual([
      ['Open card', ACTIONS.openRepCard, 'UD', undefined],
      // a rep with no quota: setting one is the thing to do
      ['Set quota', ACTIONS.openRepQuotaFor, 'UD', 'primary'],
    ]);
    expect(rowButtons[0]?.elements?.[1]?.style).toBeUndefined();
  });

  it('shows a manager without a quota no walkthrough and no card of their own', () => {
    const view = homeView(manager);
    const text = allText(view);
    expect(manager.isNew).toBe(true);
    expect(text).not.toContain('Welcome to Focus Coach');
    expect(text).not.toContain('1. Set your quota');
    expect(buttonsOf(view).map((b) => b.action_id)).not.toContain(ACTIONS.openQuota);
    expect(blocksOf(view).at(-1)?.elements?.[0]?.text).toContain('You carry no quota of your own');
    // 8 blocks of totals, heading and legend, 4 rows of 2, the divider and the note
    expect(blocksOf(view)).toHaveLength(5 + 2 + 8 + 2);
    expect(allText(view)).not.toContain('more rep');
  });

  it('puts the card of a manager who carries a quota below the team', async () => {
    const view = homeView(await homeOf('UA', true));
    expectValidView(view);
    const blocks = blocksOf(view);
    expect(blocks[0]?.text?.text).toBe('Your team · Q4 2026');
    const own = blocks.findIndex((b) => b.type === 'header' && b.text?.text === 'Your own quota');
    expect(own).toBe(16);
    expect(blocks[own + 1]?.block_id).toBe(BLOCKS.homeActions);
    expect(blocks[own + 2]?.text?.text).toBe('Q4 2026 · 24 working days left');
    expect(allText(view)).toContain('*$20,000 to go* of your $100,000 quota');
  });

  it('shows a rep without the manager role only their own Home', async () => {
    const view = homeView(await homeOf('UA', false));
    expect(allText(view)).not.toContain('Your team');
    expect(JSON.stringify(view)).not.toContain(ACTIONS.openRepCard);
  });

  it('caps a large team at 30 rows inside 100 blocks, and says how many more `/focus team` lists', async () => {
    const withCard = await homeOf('UA', true);
    for (const data of [manager, withCard]) {
      const view = homeView({ ...data, team: teamOf(200) });
      expectValidView(view);
      const blocks = blocksOf(view);
      expect(blocks.length).toBeLessThanOrEqual(100);
      const shown = blocks.filter((b) => b.block_id?.startsWith('home_rep:')).length;
      expect(shown).toBeLessThanOrEqual(MAX_REP_ROWS);
      expect(shown).toBeGreaterThan(0);
      expect(allText(view)).toContain(
        `${200 - shown} more reps with higher projections are not shown here: \`/focus team\` lists every rep.`,
      );
      expect(mentionCounts([view]).size).toBe(shown);
    }
    // Without a card of the manager's own, all 30 fit: 5 totals + heading and legend 2 + 2 × 30 rows + the note 1
    // + divider and no-quota line 2 = 70 blocks
    expect(blocksOf(homeView({ ...manager, team: teamOf(200) }))).toHaveLength(70);
  });
});

describe("a rep's row actions", () => {
  it("opens the rep's card read only: the card their own Home shows, from the team view", async () => {
    const ud = (manager.team as TeamProgress).reps.find((r) => r.userId === 'UD') as RepProgress;
    const modal = repCardModal(ud);
    expectValidView(modal);
    expect(modal.callback_id).toBe(VIEWS.repCard);
    expect(modal.submit).toBeUndefined();
    expect(loose(modal).close?.text).toBe('Close');
    // Why the old team table said "no activity" for UD: the weekly review's share looks at the 7 days before
    // today, and UD's only call is today's. The row and the card both read this week's, today included.
    expect(ud.icpShare).toBeNull();
    expect(ud.status.report.mix).toMatchObject({ icp: 1, total: 1 });
    const card = allText(modal);
    expect(card).toContain("*<@UD>*'s card, as they see it on their Home (read only).");
    // the rep's own Home says the same of this week's focus, and lists the call
    const own = allText(homeView(await homeOf('UD', false)));
    const focus = '*Focus this week*\nICP 100% · non-ICP 0% · unclassified 0%';
    expect(card).toContain(focus);
    expect(own).toContain(focus);
    expect(own).toContain('*Recently logged*\n• 1 call · Acme');
  });

  it('opens the rep-quota form with the rep picked', () => {
    const modal = repQuotaModalFor('UB');
    expect(modal.callback_id).toBe(VIEWS.repQuota);
    expect(elementOf(modal, INPUTS.rep)).toMatchObject({ type: 'users_select', initial_user: 'UB' });
  });
});

describe('the Home of a manager of the generated demo team (src/db/seed.ts, 40 reps)', () => {
  it('shows 30 rows in order of projected attainment, the rest counted, inside 100 blocks', async () => {
    const seeded = seedTeam(store.sqlite, { teamId: 'TSEED', reps: 40, days: 90, now: NOW });
    saveRepProfile(store.db, 'TSEED', 'UBOSS', { slackTimezone: null, isSlackAdmin: true, fetchedAt: 0 });
    const data = await loadHome(store.store, {
      teamId: 'TSEED',
      userId: 'UBOSS',
      now: NOW,
      defaultTimezone: 'America/New_York',
      isManager: true,
    });
    expect(data.team?.reps).toHaveLength(seeded.userIds.length);
    const view = homeView(data);
    expectValidView(view);
    const blocks = blocksOf(view);
    expect(blocks.length).toBeLessThanOrEqual(100);
    const rows = blocks.filter((b) => b.type === 'section' && /^(🔴|🟡|🟢|⚪) \*<@/.test(b.text?.text ?? ''));
    expect(rows).toHaveLength(MAX_REP_ROWS);
    // the projected percentages as shown never fall down the list
    const shown = rows.map((b) => Number(/projected \*(\d+)%\*/.exec(b.text?.text ?? '')?.[1] ?? Number.NaN));
    expect(shown.every((p) => Number.isFinite(p))).toBe(true);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(allText(view)).toContain(`${40 - MAX_REP_ROWS} more reps with higher projections are not shown here`);
  });
});
