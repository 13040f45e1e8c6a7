/**
 * The CRM's Slack views, from hand-written inputs: `/focus crm` for managers and reps, the refusals that send a
 * rep to the CRM, and the manager's Home section (inside Slack's 100 blocks with the largest team).
 * Slack limits: https://api.slack.com/reference/block-kit/blocks (100 blocks in a Home tab, 50 in a message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HomeData, loadHome } from '../../src/coach/home.js';
import type { RepProgress, TeamProgress } from '../../src/coach/team.js';
import { emptySummary, type SyncSummary } from '../../src/crm/model.js';
import { type CrmOverview, type CrmRunView, type CrmSourceView, crmOverview } from '../../src/db/crm-status.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { crmRuns } from '../../src/db/schema.js';
import { periodContaining } from '../../src/domain/period.js';
import { CRM_HOME_BLOCKS, crmHomeBlocks, crmManagerReply, crmRepReply, howLongAgo } from '../../src/slack/views/crm.js';
import { crmDealRefusal, manualOffRefusal } from '../../src/slack/views/crm-refusals.js';
import { homeView } from '../../src/slack/views/home.js';
import { TEAM_FIXED_BLOCKS } from '../../src/slack/views/manager-home.js';
import { allText, blocksOf, expectValidReply, expectValidView } from '../support/blockkit.js';
import { tempStorage } from '../support/db.js';

/** Thursday 2026-12-03, 10:15 in New York (EST, UTC−5). */
const NOW = Date.parse('2026-12-03T15:15:00Z');
const viewer = { now: NOW, timezone: 'America/New_York' };
const HOUR = 3_600_000;

function summary(change: Partial<SyncSummary> = {}): SyncSummary {
  return { ...emptySummary('hubspot', false), ...change };
}

function run(change: Partial<CrmRunView> = {}): CrmRunView {
  return {
    source: 'hubspot',
    trigger: 'scheduler',
    startedAt: NOW - 2 * HOUR - 60_000,
    finishedAt: NOW - 2 * HOUR,
    status: 'ok',
    error: null,
    fix: null,
    summary: summary(),
    ...change,
  };
}

function hubspot(change: Partial<CrmSourceView> = {}): CrmSourceView {
  return {
    source: 'hubspot',
    configured: true,
    lastRun: run(),
    running: false,
    failures: 0,
    lastError: null,
    nextAttemptAt: NOW + 13 * 60_000,
    lastSuccessAt: NOW - 2 * HOUR,
    deals: 42,
    ...change,
  };
}

function overview(change: Partial<CrmOverview> = {}): CrmOverview {
  return {
    sources: [hubspot()],
    feeding: ['hubspot'],
    lastImport: null,
    unmappedOwners: [],
    manualDeals: true,
    ...change,
  };
}

describe('how long ago', () => {
  it.each<[ms: number, said: string]>([
    [-5_000, 'just now'],
    [59_000, 'just now'],
    [60_000, '1 minute ago'],
    [59 * 60_000, '59 minutes ago'],
    [HOUR, '1 hour ago'],
    [47 * HOUR + 59 * 60_000, '47 hours ago'],
    [48 * HOUR, '2 days ago'],
  ])('%i ms → %j', (ms, said) => {
    expect(howLongAgo(ms)).toBe(said);
  });
});

describe('/focus crm for a manager', () => {
  it('says when the last sync ran, in the viewer’s zone, and what it changed', () => {
    const reply = crmManagerReply(
      overview({
        sources: [
          hubspot({
            lastRun: run({
              summary: summary({
                deals: { added: 3, changed: 2, deleted: 1, unchanged: 36 },
                activities: { added: 5, changed: 0, deleted: 0, unchanged: 0 },
                accountsFitted: 2,
                skipped: [
                  { externalId: '1', reason: 'no amount' },
                  { externalId: '2', reason: 'in EUR; this team counts USD' },
                  { externalId: '3', reason: 'no amount' },
                ],
                warnings: ['no access to calls: add the crm.objects.calls.read scope'],
              }),
            }),
          }),
        ],
      }),
      viewer,
    );
    expectValidReply(reply);
    const text = allText(reply);
    // 13:15Z is 08:15 in New York, two hours before 10:15.
    expect(text).toContain('*HubSpot* · connected · 42 deals from it');
    expect(text).toContain(
      '✅ Last sync today at 08:15 (2 hours ago): deals 3 added, 2 changed, 1 deleted · activities 5 added · ICP fit set on 2 accounts · 3 skipped.',
    );
    expect(text).toContain('Skipped: 2 × no amount; 1 × in EUR; this team counts USD');
    expect(text).toContain('⚠️ no access to calls: add the crm.objects.calls.read scope');
    expect(text).toContain('*Manual deal entry: on.*');
    expect(text).toContain('`/focus crm manual off`');
    expect(text).toContain('Times are in your time zone (America/New_York).');
  });

  it('shows a failed sync with its error, the fix, the failures in a row and the next try', () => {
    const reply = crmManagerReply(
      overview({
        sources: [
          hubspot({
            lastRun: run({
              status: 'failed',
              summary: null,
              error: 'HubSpot refused the token (401)',
              fix: 'Create a new private-app token in HubSpot and set HUBSPOT_TOKEN',
            }),
            failures: 3,
            nextAttemptAt: NOW + 55 * 60_000,
            lastSuccessAt: Date.parse('2026-12-01T14:00:00Z'),
          }),
        ],
      }),
      viewer,
    );
    const text = allText(reply);
    expect(text).toContain('⚠️ Last sync failed today at 08:15 (2 hours ago): HubSpot refused the token (401)');
    expect(text).toContain('*To fix:* Create a new private-app token in HubSpot and set HUBSPOT_TOKEN');
    // 10:15 + 55 minutes = 11:10.
    expect(text).toContain('3 failures in a row; next try today at 11:10 (in 55 minutes).');
    // Dec 1, 14:00Z is 09:00 in New York; Dec 1 09:00 → Dec 3 10:15 is 49 hours: 2 days.
    expect(text).toContain('Last good sync Dec 1 at 09:00 (2 days ago).');
    expect(reply.text).toContain('The last HubSpot sync failed');
  });

  it('lists unmapped owners with their records and reason, escaped, and what to do', () => {
    const reply = crmManagerReply(
      overview({
        unmappedOwners: [
          { owner: 'alex@demo.example', records: 4, reason: 'no Slack member has this email' },
          { owner: '*Bo* <Lee>', records: null, reason: 'two members share this name' },
        ],
      }),
      viewer,
    );
    const text = allText(reply);
    expect(text).toContain('• alex@demo.example: 4 records (no Slack member has this email)');
    expect(text).toContain('• ∗Bo∗ &lt;Lee&gt; (two members share this name)');
    expect(text).toContain('invite them to Slack with that email, or change the owner in the CRM');
  });

  it('shows the last CSV import and that typed deals are off', () => {
    const reply = crmManagerReply(
      overview({
        sources: [],
        feeding: [],
        lastImport: run({
          trigger: 'import',
          source: 'pipedrive',
          summary: summary({ deals: { added: 10, changed: 0, deleted: 0, unchanged: 0 } }),
        }),
        manualDeals: false,
      }),
      viewer,
    );
    const text = allText(reply);
    expect(text).toContain('*Last CSV import* today at 08:15 (2 hours ago), as Pipedrive records: deals 10 added.');
    // No source feeds deals (no configured CRM, no deal counted): typing stays possible.
    expect(text).toContain('*Manual deal entry: off*, but no CRM feeds this team yet');
  });

  it('with nothing configured and no runs, says how to connect', () => {
    const reply = crmManagerReply(overview({ sources: [], feeding: [] }), viewer);
    expect(allText(reply)).toContain('No CRM is connected');
    expect(allText(reply)).toContain('“Connect your CRM” in the README');
    expect(allText(reply)).not.toContain('Manual deal entry');
  });
});

describe('/focus crm for a rep', () => {
  it('names the CRM and when it last synced, and nothing a manager sees', () => {
    const reply = crmRepReply(
      overview({
        sources: [hubspot({ lastRun: run({ status: 'failed', error: 'HubSpot refused the token (401)' }) })],
        unmappedOwners: [{ owner: 'alex@demo.example', records: 4, reason: 'no Slack member has this email' }],
      }),
      viewer,
    );
    const text = allText(reply);
    expect(text).toContain('Deals for this team come from HubSpot.');
    expect(text).toContain('HubSpot: last synced today at 08:15 (2 hours ago)');
    expect(text).not.toContain('401');
    expect(text).not.toContain('alex@');
  });
});

describe('a team fed by CSV imports alone', () => {
  const csvOnly = overview({
    sources: [],
    feeding: ['pipedrive'],
    lastImport: run({ trigger: 'import', source: 'pipedrive' }),
    manualDeals: false,
  });

  it('tells a rep where deals come from and when the last file came in', () => {
    const text = allText(crmRepReply(csvOnly, viewer));
    expect(text).toContain('Deals for this team come from Pipedrive. Change deals in Pipedrive');
    expect(text).toContain('Last CSV import today at 08:15 (2 hours ago)');
  });

  it('tells a manager typed deals are refused, as the guard does', () => {
    expect(allText(crmManagerReply(csvOnly, viewer))).toContain(
      '*Manual deal entry: off.* Deals come only from Pipedrive',
    );
  });
});

describe('refusals', () => {
  it('sends the rep to the CRM record, with a link only for a plain web address', () => {
    const url = 'https://app.hubspot.com/contacts/123/record/0-3/456?a=1&b=2';
    const withLink = crmDealRefusal({ source: 'hubspot', url, accountName: 'Acme & Co' });
    expect(withLink.refused).toBe(true);
    expect(allText(withLink)).toBe(
      '⚠️ *Acme &amp; Co*’s deal comes from HubSpot: change it there (<https://app.hubspot.com/contacts/123/record/0-3/456?a=1&amp;b=2|open in HubSpot>). Figures update at the next sync. Nothing was changed here.',
    );
    const broken = crmDealRefusal({ source: 'salesforce', url: 'https://x.example/a|b>', accountName: 'Acme' });
    expect(allText(broken)).toContain('comes from Salesforce: change it there. Figures update');
  });

  it('says deals come from the CRM when typed deals are off', () => {
    const reply = manualOffRefusal(['hubspot', 'salesforce']);
    expect(allText(reply)).toContain('Deals come from HubSpot and Salesforce for this team');
    expect(reply.refused).toBe(true);
  });
});

describe('the Home section', () => {
  it('is one line per source, the unmatched owners, and the way to the detail', () => {
    const blocks = crmHomeBlocks(
      overview({
        sources: [
          hubspot({
            lastRun: run({ summary: summary({ deals: { added: 3, changed: 2, deleted: 0, unchanged: 7 } }) }),
          }),
          hubspot({
            source: 'salesforce',
            lastRun: run({ source: 'salesforce', status: 'failed', error: `invalid_client ${'x'.repeat(400)}` }),
          }),
        ],
        unmappedOwners: [{ owner: 'alex@demo.example', records: 4, reason: 'no member' }],
      }),
      viewer,
    );
    expect(blocks).toHaveLength(CRM_HOME_BLOCKS);
    const text = allText({ text: '', blocks });
    expect(text).toContain('HubSpot: last sync today at 08:15 (2 hours ago) · deals 3 added, 2 changed');
    expect(text).toContain('⚠️ Salesforce: last sync failed today at 08:15 (2 hours ago): invalid_client xxx');
    // The error is cut on Home (200 characters); /focus crm shows it whole.
    expect(text).not.toContain('x'.repeat(200));
    expect(text).toContain('1 CRM owner with no Slack member');
    expect(text).toContain('Manual deal entry on · `/focus crm` for the detail');
  });

  it('is left out without a CRM', () => {
    expect(crmHomeBlocks(null, viewer)).toEqual([]);
    expect(crmHomeBlocks(overview({ sources: [] }), viewer)).toEqual([]);
  });

  it('is budgeted with the team’s fixed blocks', () => {
    expect(TEAM_FIXED_BLOCKS).toBe(8 + CRM_HOME_BLOCKS);
  });
});

describe("the manager's Home with a CRM, over the real database", () => {
  const TEAM = 'T0CRM';
  let store: ReturnType<typeof tempStorage>;
  let manager: HomeData;

  beforeAll(async () => {
    store = tempStorage();
    const q4 = periodContaining('quarter', '2026-12-03', 1);
    // The manager carries a quota too, so their own card sits below the team.
    for (const [userId, admin] of [
      ['UA', false],
      ['UM', true],
    ] as const) {
      saveRepProfile(store.db, TEAM, userId, { slackTimezone: 'America/New_York', isSlackAdmin: admin, fetchedAt: 0 });
      setQuota(store.db, { teamId: TEAM, userId, period: q4, amountCents: 10_000_000, setBy: 'UM', now: 0 });
    }
    store.db
      .insert(crmRuns)
      .values({
        teamId: TEAM,
        source: 'hubspot',
        trigger: 'scheduler',
        startedAt: NOW - HOUR - 1000,
        finishedAt: NOW - HOUR,
        status: 'failed',
        error: 'HubSpot refused the token (401)',
      })
      .run();
    manager = await loadHome(store.store, {
      teamId: TEAM,
      userId: 'UM',
      now: NOW,
      defaultTimezone: 'America/New_York',
      isManager: true,
      crmSources: ['hubspot'],
    });
  });
  afterAll(() => store.remove());

  it('shows the failed sync between the totals and the rows, inside 100 blocks even for 200 reps', () => {
    const team = manager.team as TeamProgress;
    const reps = Array.from({ length: 200 }, (_, i) => ({
      ...(team.reps[i % team.reps.length] as RepProgress),
      userId: `U${String(i + 1).padStart(4, '0')}`,
    }));
    const view = homeView({ ...manager, team: { ...team, reps } });
    expectValidView(view);
    expect(blocksOf(view).length).toBeLessThanOrEqual(100);
    expect(allText(view)).toContain('⚠️ HubSpot: last sync failed today at 09:15 (1 hour ago)');
  });

  it('reads a summary another version wrote with odd fields as nothing done, not a crash', () => {
    store.db
      .insert(crmRuns)
      .values({
        teamId: 'T0ODD',
        source: 'salesforce',
        trigger: 'cli',
        startedAt: NOW - 2000,
        finishedAt: NOW - 1000,
        status: 'ok',
        summary: { deals: null, skipped: [{ externalId: '1' }, { reason: 'no amount' }], warnings: [7, 'slow'] },
      })
      .run();
    const odd = crmOverview(store.db, 'T0ODD', [], NOW);
    const text = allText(crmManagerReply(odd, viewer));
    expect(text).toContain('✅ Last sync today at 10:14 (just now): no deal changed · 1 skipped.');
    expect(text).toContain('Skipped: 1 × no amount');
    expect(text).toContain('⚠️ slow');
  });

  it('has no CRM section for a manager without one', async () => {
    const none = await loadHome(store.store, {
      teamId: 'T0NONE',
      userId: 'UM',
      now: NOW,
      defaultTimezone: 'America/New_York',
      isManager: true,
    });
    expect(none.crm).toBeNull();
    expect(allText(homeView(none))).not.toContain('*CRM*');
  });
});
