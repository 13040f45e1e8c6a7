import { expect, it } from 'vitest';
import { emptySummary } from '../../src/crm/model.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const CAT = 'U0CAT';
const NOW = Date.UTC(2026, 10, 30, 17, 0);

/**
 * Accounts Acme (1), Globex (2), Initech (3). Deals: 1 typed in Slack (Ann, Initech, open); from HubSpot 2 (Ann,
 * Acme, won), 3 (Bob, Acme, open), 4 (Ann, Acme, open, newest); from a CSV 5 (Ann, Globex, open).
 */
async function seedDeals(store: Store): Promise<void> {
  await store.accounts.findOrCreateAccount(T1, 'Acme');
  await store.accounts.findOrCreateAccount(T1, 'Globex');
  await store.deals.addOpportunity({
    teamId: T1,
    userId: ANN,
    account: 'Initech',
    amountCents: 500_000,
    now: NOW,
    today: '2026-11-30',
  });
  const crm = { teamId: T1, closedAt: null, closedOn: null, openedOn: '2026-11-01', updatedOn: '2026-11-01' };
  await store.crmApply.insertDeals([
    {
      ...crm,
      userId: ANN,
      accountId: 1,
      amountCents: 1_000_000,
      status: 'won',
      createdAt: NOW - 3000,
      closedAt: NOW - 3000,
      closedOn: '2026-11-01',
      source: 'hubspot',
      externalId: 'h1',
      externalUrl: 'https://hs.example/h1',
    },
    {
      ...crm,
      userId: BOB,
      accountId: 1,
      amountCents: 2_000_000,
      status: 'open',
      createdAt: NOW - 2000,
      source: 'hubspot',
      externalId: 'h2',
      externalUrl: 'https://hs.example/h2',
    },
    {
      ...crm,
      userId: ANN,
      accountId: 1,
      amountCents: 3_000_000,
      status: 'open',
      createdAt: NOW - 1000,
      source: 'hubspot',
      externalId: 'h3',
      externalUrl: null,
    },
    {
      ...crm,
      userId: ANN,
      accountId: 2,
      amountCents: 1_000_000,
      status: 'open',
      createdAt: NOW,
      source: 'csv',
      externalId: 'c1',
      externalUrl: null,
    },
  ]);
}

describeBackends('crm status', (use) => {
  it('finds the CRM deal on an account: the rep’s own open one, then any open one, newest first', async () => {
    const store = use();
    await seedDeals(store);
    expect(await store.crmStatus.crmDealOnAccount(T1, ANN, 'acme')).toEqual({
      id: 4,
      source: 'hubspot',
      url: null,
      accountName: 'Acme',
    });
    expect(await store.crmStatus.crmDealOnAccount(T1, BOB, 'Acme')).toEqual({
      id: 3,
      source: 'hubspot',
      url: 'https://hs.example/h2',
      accountName: 'Acme',
    });
    // Cat owns none: the newest open one.
    expect(await store.crmStatus.crmDealOnAccount(T1, CAT, 'Acme')).toEqual({
      id: 4,
      source: 'hubspot',
      url: null,
      accountName: 'Acme',
    });
    // Only a deal typed in Slack, no such account, another team.
    expect(await store.crmStatus.crmDealOnAccount(T1, ANN, 'Initech')).toBeNull();
    expect(await store.crmStatus.crmDealOnAccount(T1, ANN, 'Nobody')).toBeNull();
    expect(await store.crmStatus.crmDealOnAccount(T2, ANN, 'Acme')).toBeNull();
  });

  it('finds a deal’s CRM by its id within the team, and counts the deals per source', async () => {
    const store = use();
    await seedDeals(store);
    expect(await store.crmStatus.crmDealById(T1, 5)).toEqual({
      id: 5,
      source: 'csv',
      url: null,
      accountName: 'Globex',
    });
    expect(await store.crmStatus.crmDealById(T1, 1)).toBeNull();
    expect(await store.crmStatus.crmDealById(T2, 5)).toBeNull();
    expect(await store.crmStatus.crmDealCounts(T1)).toEqual(
      new Map([
        ['hubspot', 3],
        ['csv', 1],
      ]),
    );
    expect(await store.crmStatus.crmSourcesFeeding(T1, ['salesforce'])).toEqual(['hubspot', 'salesforce', 'csv']);
    expect(await store.crmStatus.crmSourcesFeeding(T2, [])).toEqual([]);
  });

  it("shows the team's CRM connection: each source's last sync and lease, the last import, unmapped owners", async () => {
    const store = use();
    await seedDeals(store);
    // HubSpot's sync holds the lease now.
    expect(
      await store.crm.acquireCrmLease({ teamId: T1, source: 'hubspot', now: NOW - 100, force: true }),
    ).toMatchObject({ acquired: true });
    const run = (
      source: 'hubspot' | 'salesforce' | 'csv',
      trigger: 'scheduler' | 'import',
      at: number,
      dryRun = false,
    ) => store.crm.startCrmRun({ teamId: T1, source, trigger, dryRun, now: at });
    const synced = {
      ...emptySummary('hubspot', false),
      deals: { added: 3, changed: 0, deleted: 0, unchanged: 0 },
      unmappedOwners: [{ owner: 'Pat@Example.com', records: 4, reason: 'no Slack member with this email' }],
    };
    await store.crm.finishCrmRunOk(await run('hubspot', 'scheduler', NOW - 10_000), synced, NOW - 9000);
    await store.crm.finishCrmRunFailed(await run('hubspot', 'scheduler', NOW - 5000), {
      error: 'HubSpot said 401',
      fix: 'Reconnect HubSpot',
      now: NOW - 4000,
    });
    await store.crm.finishCrmRunOk(
      await run('hubspot', 'scheduler', NOW - 3500, true),
      emptySummary('hubspot', true),
      NOW - 3000,
    );
    const imported = { ...emptySummary('csv', false), deals: { added: 1, changed: 0, deleted: 0, unchanged: 0 } };
    await store.crm.finishCrmRunOk(await run('csv', 'import', NOW - 2500), imported, NOW - 2000);
    await run('salesforce', 'scheduler', NOW - 1000); // still running
    const owner = (ownerKey: string, userId: string | null, reason: string | null) =>
      store.crmOwners.saveOwnerAnswer({ teamId: T1, ownerKey, userId, reason, checkedAt: NOW });
    await owner('pat@example.com', null, null);
    await owner('name:lee park', null, 'two members match');
    await owner('kim@example.com', 'U0KIM', null);
    await store.teams.setManualDeals(T1, false);

    const never = { failures: 0, lastError: null, nextAttemptAt: null, lastSuccessAt: null };
    expect(await store.crmStatus.crmOverview(T1, ['salesforce'], NOW)).toEqual({
      sources: [
        {
          ...never,
          source: 'hubspot',
          configured: false,
          // The failed run, not the later dry run or the import.
          lastRun: {
            source: 'hubspot',
            trigger: 'scheduler',
            startedAt: NOW - 5000,
            finishedAt: NOW - 4000,
            status: 'failed',
            error: 'HubSpot said 401',
            fix: 'Reconnect HubSpot',
            summary: null,
          },
          running: true,
          deals: 3,
        },
        { ...never, source: 'salesforce', configured: true, lastRun: null, running: false, deals: 0 },
      ],
      feeding: ['hubspot', 'salesforce', 'csv'],
      lastImport: {
        source: 'csv',
        trigger: 'import',
        startedAt: NOW - 2500,
        finishedAt: NOW - 2000,
        status: 'ok',
        error: null,
        fix: null,
        summary: imported,
      },
      unmappedOwners: [
        { owner: 'lee park', reason: 'two members match', records: null },
        { owner: 'Pat@Example.com', reason: 'no Slack member with this email', records: 4 },
      ],
      manualDeals: false,
    });
    expect(await store.crmStatus.crmOverview(T2, [], NOW)).toEqual({
      sources: [],
      feeding: [],
      lastImport: null,
      unmappedOwners: [],
      manualDeals: true,
    });
  });
});
