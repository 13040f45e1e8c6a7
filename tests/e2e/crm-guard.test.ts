/**
 * Deals from the CRM are the CRM's (issue 13, item 6), over signed HTTP against the real Bolt app: `won`, `lost`
 * and `opp` on an account with a CRM deal, a stale-deal button and the lost picker on one, and every typed deal once
 * a manager turns manual deal entry off, write nothing and send the rep to the CRM; typed deals elsewhere, `log` and
 * `icp` keep working. The CRM's rows are inserted as the sync would write them (src/db/schema.ts).
 * HubSpot record URLs: https://knowledge.hubspot.com/records/view-and-filter-records (…/record/0-3/<deal id>).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOrCreateAccount } from '../../src/db/accounts.js';
import { openDealsOf } from '../../src/db/deals.js';
import { exportData } from '../../src/db/export.js';
import { deals } from '../../src/db/schema.js';
import { ensureTeam, setManualDeals } from '../../src/db/teams.js';
import { typedDealRefusal } from '../../src/slack/crm-guard.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/slack/ids.js';
import { tempDatabaseFile, tempStorage } from '../support/db.js';
import { buttonPayload, startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { pick, viewSubmission } from '../support/payloads.js';

/** Monday 2026-11-30, 10:00 in New York. */
const NOW = Date.parse('2026-11-30T15:00:00Z');
const ACME_URL = 'https://app.hubspot.com/contacts/4455/record/0-3/9001';

describe('deals from the CRM are changed in the CRM', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempDatabaseFile>;
  let acmeDealId: number;

  async function focus(text: string, user = 'UREP1'): Promise<string> {
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    return `${res.json().text}\n${JSON.stringify(res.json().blocks)}`;
  }

  /** What a refused command must leave as it was: deals, accounts, activity and the team's row. */
  const snapshot = () => {
    const data = exportData(app.storage.db, TEAM);
    return { deals: data.deals, accounts: data.accounts, activities: data.activities, teams: data.teams };
  };

  /** An open HubSpot deal, as the sync writes it. */
  function hubspotDeal(account: string, userId: string, externalId: string, url: string | null): number {
    const db = app.storage.db;
    ensureTeam(db, TEAM);
    const { account: row } = findOrCreateAccount(db, TEAM, account);
    const inserted = db
      .insert(deals)
      .values({
        teamId: TEAM,
        userId,
        accountId: row.id,
        amountCents: 4_000_000,
        status: 'open',
        createdAt: Date.parse('2026-11-02T15:00:00Z'),
        openedOn: '2026-11-02',
        closeOn: '2026-11-20',
        updatedOn: '2026-11-02',
        source: 'hubspot',
        externalId,
        externalUrl: url,
        stage: 'Contract sent',
      })
      .returning({ id: deals.id })
      .get();
    return inserted.id;
  }

  beforeEach(async () => {
    temp = tempDatabaseFile();
    app = await startTestApp({ databasePath: temp.path, now: NOW, managers: ['UMGR'], crmSources: ['hubspot'] });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UMGR', { tz: 'America/New_York' });
    await focus('quota 120k quarter');
    // Acme's deal is the CRM's (its close date, Nov 20, has passed: a stale-deal question asks about it).
    acmeDealId = hubspotDeal('Acme', 'UREP1', '9001', ACME_URL);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('refuses won, opp and lost on an account with a CRM deal, with the record’s link, and writes nothing', async () => {
    const before = snapshot();
    const link = `<${ACME_URL}|open in HubSpot>`;
    for (const command of ['won 30k Acme', 'opp 50k acme close 12/15', 'lost Acme']) {
      const reply = await focus(command);
      expect(reply).toContain(
        `Acme*’s deal comes from HubSpot: change it there (${link}). Figures update at the next sync.`,
      );
      expect(reply).toContain('Nothing was changed here.');
    }
    expect(snapshot()).toEqual(before);
    // A typed deal on another account still works, and so do activity and ICP answers on the CRM's account.
    expect(await focus('won 5k Globex')).toContain('Won *$5,000* with *Globex*');
    expect(await focus('log call 2 Acme')).toContain('2 calls');
    expect(await focus('icp Acme yes')).not.toContain('comes from HubSpot');
    expect(snapshot().deals).toHaveLength(2);
  });

  it('refuses the same commands typed in the DM', async () => {
    const before = snapshot();
    await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text: 'won 30k Acme',
      ts: '1764514800.000100',
      channel_type: 'im',
    });
    await app.stub.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const reply = String(app.stub.callsTo('chat.postMessage').at(-1)?.params.text);
    expect(reply).toContain('Acme’s deal comes from HubSpot: change it there');
    expect(snapshot()).toEqual(before);
  });

  it('refuses a stale-deal answer and the lost picker on the CRM’s deal', async () => {
    const before = snapshot();
    const responseUrl = app.stub.responseUrl('stale');
    await app.action(
      buttonPayload({
        actionId: ACTIONS.staleLost,
        value: String(acmeDealId),
        blockId: `stale_deal:${acmeDealId}`,
        responseUrl,
      }),
    );
    await app.stub.waitFor((calls) => calls.some((c) => c.method === 'response_url:stale'));
    const notice = String(app.stub.callsTo('response_url:stale')[0]?.params.text);
    expect(notice).toContain(`Acme’s deal comes from HubSpot: change it there (<${ACME_URL}|open in HubSpot>)`);

    const res = await app.action(viewSubmission(VIEWS.lost, { [INPUTS.openDeal]: pick(`deal:${acmeDealId}`) }));
    expect(res.json()).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(res.json())).toContain('comes from HubSpot');
    expect(snapshot()).toEqual(before);
    expect(openDealsOf(app.storage.db, TEAM, 'UREP1').map((deal) => deal.account)).toEqual(['Acme']);
  });

  it('with manual deal entry off, refuses every typed deal; on again, takes them', async () => {
    expect(await focus('crm manual off', 'UREP1')).toContain('Only managers can turn manual deal entry on or off');
    expect(await focus('crm manual off', 'UMGR')).toContain('Manual deal entry is *off*: deals come only from HubSpot');
    const before = snapshot();
    for (const command of ['won 5k Globex', 'opp 20k Initech', 'lost Globex']) {
      const reply = await focus(command);
      expect(reply).toContain('Deals come from HubSpot for this team: record it there');
      expect(reply).toContain('`/focus crm manual on` turns them back on');
    }
    expect(snapshot().deals).toEqual(before.deals);
    expect(snapshot().accounts).toEqual(before.accounts);
    // Activity and ICP answers are still typed.
    expect(await focus('log meeting Globex')).toContain('meeting');
    expect(await focus('crm manual on', 'UMGR')).toContain('Manual deal entry is *on*');
    expect(await focus('won 5k Globex')).toContain('Won *$5,000* with *Globex*');
  });
});

describe('manual deal entry off without any CRM', () => {
  it('leaves typing on: a team with no CRM must still have a way to record deals', async () => {
    const store = tempStorage();
    try {
      ensureTeam(store.db, 'T0BARE');
      setManualDeals(store.db, 'T0BARE', false);
      const input = {
        store: store.store,
        settings: { crmSources: [] },
        teamId: 'T0BARE',
        userId: 'U1',
        account: 'Acme',
      };
      expect(await typedDealRefusal(input)).toBeNull();
      expect((await typedDealRefusal({ ...input, settings: { crmSources: ['salesforce'] } }))?.text).toContain(
        'Deals come from Salesforce for this team',
      );
    } finally {
      store.remove();
    }
  });
});
