/**
 * `/focus crm` over signed HTTP against the real Bolt app: a manager after a successful sync, after a failed one
 * (with the fix), with unmapped owners; a rep; a team with nothing configured; and help listing it. The runs,
 * the sync state and the owner cache are inserted as the sync runner and the import engine write them
 * (src/db/crm.ts, src/db/schema.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptySummary, type SyncSummary } from '../../src/crm/model.js';
import { crmOwners, crmRuns, crmState } from '../../src/db/schema.js';
import { tempDatabaseFile } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';

/** Thursday 2026-12-03, 10:15 in New York (EST, UTC−5). */
const NOW = Date.parse('2026-12-03T15:15:00Z');
const MINUTE = 60_000;

describe('/focus crm', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempDatabaseFile>;

  async function start(crmSources: ('hubspot' | 'salesforce')[]) {
    temp = tempDatabaseFile();
    app = await startTestApp({ databasePath: temp.path, now: NOW, managers: ['UMGR'], crmSources });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    // The manager reads times in Los Angeles (PST, UTC−8): 10:15 in New York is 07:15 there.
    app.stub.users.set('UMGR', { tz: 'America/Los_Angeles' });
  }
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  async function focus(text: string, user = 'UMGR'): Promise<{ text: string; all: string }> {
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    const body = res.json();
    return { text: String(body.text), all: JSON.stringify(body.blocks) };
  }

  function finishedRun(input: {
    status: 'ok' | 'failed';
    finishedAt: number;
    summary?: SyncSummary | { fix: string } | null;
    error?: string;
    trigger?: string;
    source?: string;
  }) {
    app.storage.db
      .insert(crmRuns)
      .values({
        teamId: TEAM,
        source: input.source ?? 'hubspot',
        trigger: input.trigger ?? 'scheduler',
        startedAt: input.finishedAt - MINUTE,
        finishedAt: input.finishedAt,
        status: input.status,
        error: input.error ?? null,
        summary: (input.summary ?? null) as Record<string, unknown> | null,
      })
      .run();
  }

  const okSummary = (change: Partial<SyncSummary>): SyncSummary => ({ ...emptySummary('hubspot', false), ...change });

  it('shows a manager the last sync in their zone and what it changed', async () => {
    await start(['hubspot']);
    // 14:45Z: 06:45 in Los Angeles, 30 minutes before the manager asks.
    finishedRun({
      status: 'ok',
      finishedAt: NOW - 30 * MINUTE,
      summary: okSummary({
        deals: { added: 12, changed: 0, deleted: 0, unchanged: 0 },
        activities: { added: 7, changed: 0, deleted: 0, unchanged: 0 },
        accountsFitted: 3,
        skipped: [{ externalId: '77', reason: 'no amount in HubSpot' }],
      }),
    });
    app.storage.db
      .insert(crmState)
      .values({ teamId: TEAM, source: 'hubspot', lastSuccessAt: NOW - 30 * MINUTE, nextAttemptAt: NOW - 15 * MINUTE })
      .run();
    const { text, all } = await focus('crm');
    expect(text).toBe('CRM: HubSpot.');
    expect(all).toContain('*HubSpot* · connected · 0 deals from it');
    expect(all).toContain(
      '✅ Last sync today at 06:45 (30 minutes ago): deals 12 added · activities 7 added · ICP fit set on 3 accounts · 1 skipped.',
    );
    expect(all).toContain('Skipped: 1 × no amount in HubSpot');
    expect(all).toContain('*Manual deal entry: on.*');
    expect(all).toContain('Times are in your time zone (America/Los_Angeles).');
  });

  it('shows a failed sync with the fix, and the last good one', async () => {
    await start(['hubspot']);
    finishedRun({ status: 'ok', finishedAt: NOW - 3 * 60 * MINUTE, summary: okSummary({}) });
    const fix = 'In HubSpot, Settings → Integrations → Private apps: create a token and set HUBSPOT_TOKEN';
    finishedRun({
      status: 'failed',
      finishedAt: NOW - 5 * MINUTE,
      error: 'HubSpot refused the token (401)',
      summary: { fix },
    });
    app.storage.db
      .insert(crmState)
      .values({
        teamId: TEAM,
        source: 'hubspot',
        failures: 2,
        lastError: 'HubSpot refused the token (401)',
        lastSuccessAt: NOW - 3 * 60 * MINUTE,
        nextAttemptAt: NOW + 25 * MINUTE,
      })
      .run();
    const { text, all } = await focus('crm');
    expect(text).toBe('The last HubSpot sync failed: /focus crm shows the fix.');
    expect(all).toContain('⚠️ Last sync failed today at 07:10 (5 minutes ago): HubSpot refused the token (401)');
    expect(all).toContain(`*To fix:* ${fix}`);
    // 07:15 + 25 minutes = 07:40 in Los Angeles.
    expect(all).toContain('2 failures in a row; next try today at 07:40 (in 25 minutes).');
    expect(all).toContain('Last good sync today at 04:15 (3 hours ago).');
  });

  it('lists the owners no Slack member matched, with their records and what to do', async () => {
    await start(['hubspot']);
    finishedRun({
      status: 'ok',
      finishedAt: NOW - 10 * MINUTE,
      summary: okSummary({
        unmappedOwners: [{ owner: 'Alex@Demo.example', records: 3, reason: 'no Slack member has this email' }],
      }),
    });
    app.storage.db
      .insert(crmOwners)
      .values([
        {
          teamId: TEAM,
          ownerKey: 'alex@demo.example',
          userId: null,
          reason: 'no Slack member has this email',
          checkedAt: NOW,
        },
        { teamId: TEAM, ownerKey: 'dana@demo.example', userId: 'UREP1', reason: null, checkedAt: NOW },
      ])
      .run();
    const { all } = await focus('crm');
    expect(all).toContain('*CRM owners with no Slack member*: their deals and activity are skipped');
    expect(all).toContain('• Alex@Demo.example: 3 records (no Slack member has this email)');
    expect(all).not.toContain('dana@');
    expect(all).toContain('To fix: invite them to Slack with that email, or change the owner in the CRM.');
  });

  it('tells a rep which CRM feeds the deals and when it last synced, and nothing more', async () => {
    await start(['hubspot']);
    finishedRun({ status: 'ok', finishedAt: NOW - 30 * MINUTE, summary: okSummary({}) });
    finishedRun({ status: 'failed', finishedAt: NOW - 5 * MINUTE, error: 'HubSpot refused the token (401)' });
    app.storage.db
      .insert(crmState)
      .values({ teamId: TEAM, source: 'hubspot', failures: 1, lastSuccessAt: NOW - 30 * MINUTE })
      .run();
    const { text, all } = await focus('crm', 'UREP1');
    expect(text).toContain('Deals for this team come from HubSpot.');
    // The rep's own zone: 14:45Z is 09:45 in New York.
    expect(all).toContain('HubSpot: last synced today at 09:45 (30 minutes ago)');
    expect(all).not.toContain('401');
    expect(all).not.toContain('Manual deal entry');
  });

  it('with nothing configured and no runs, says how to connect, and help lists the command', async () => {
    await start([]);
    const { all } = await focus('crm');
    expect(all).toContain('No CRM is connected: deals come from what reps type in Slack.');
    expect(all).toContain('“Connect your CRM” in the README');
    expect((await focus('crm', 'UREP1')).all).toContain('No CRM feeds this team’s deals');
    expect((await focus('help', 'UREP1')).all).toContain('`/focus crm [manual on|off]`  managers: the CRM connection');
    expect((await focus('crm manual maybe')).all).toContain('Manual deal entry is on or off, not ‘maybe’');
  });
});
