/**
 * The CRM import engine (src/crm/apply*.ts) on either back end, through the Store and its crmApply repository
 * (src/db/crm-apply.ts and its Postgres twin): deals added, changed, moved and deleted, a typed deal taken over,
 * CRM activity counted once beside Slack's, the ICP fit, and a dry run that writes nothing. Dates hand-worked below.
 */
import { expect, it } from 'vitest';
import { applyBatch } from '../../src/crm/apply.js';
import { type CrmActivity, type CrmBatch, type CrmDeal, type CrmOwner, emptyBatch } from '../../src/crm/model.js';
import type { OwnerMatch } from '../../src/crm/owners.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const TEAM = 'T1';
const ANA: CrmOwner = { email: 'Ana@Acme.test', name: 'Ana Lima' };
const BO: CrmOwner = { email: 'bo@acme.test', name: 'Bo Chen' };
const CY: CrmOwner = { email: 'cy@acme.test', name: 'Cy Ward' };
const OWNERS = new Map<string, OwnerMatch>([
  ['ana@acme.test', { userId: 'UANA', timezone: 'America/New_York' }],
  ['bo@acme.test', { userId: 'UBO', timezone: 'America/Los_Angeles' }],
  ['cy@acme.test', { userId: null, reason: 'no Slack member has this email' }],
]);
/** 2026-03-10 17:00 UTC: 13:00 in New York (EDT since 8 March), 10:00 in Los Angeles (PDT). */
const NOW = Date.parse('2026-03-10T17:00:00Z');
const DAY_MS = 86_400_000;

function deal(id: string, over: Partial<CrmDeal> = {}): CrmDeal {
  return {
    externalId: id,
    name: `${id} renewal`,
    accountName: 'Acme',
    amountCents: 5_000_000,
    currency: 'USD',
    status: 'open',
    stage: 'Contract sent',
    closeDate: '2026-03-31',
    createdAt: '2026-02-01T15:00:00Z',
    owner: ANA,
    url: `https://crm.example/${id}`,
    ...over,
  };
}

function call(id: string, over: Partial<CrmActivity> = {}): CrmActivity {
  return { externalId: id, kind: 'call', owner: ANA, accountName: 'Acme', occurredAt: '2026-03-10T15:00:00Z', ...over };
}

function apply(store: Store, input: Partial<CrmBatch>, options: { now?: number; dryRun?: boolean } = {}) {
  return applyBatch(store, {
    teamId: TEAM,
    source: 'hubspot',
    batch: emptyBatch(input),
    owners: OWNERS,
    dryRun: options.dryRun ?? false,
    now: options.now ?? NOW,
    defaultTimezone: 'UTC',
  });
}

/** The team's deals by external id (typed ones under `typed:<id>`), in id order, as the export reads them. */
async function dealsById(store: Store): Promise<Record<string, Record<string, unknown>>> {
  const rows = [...((await store.exporter.exportData(TEAM)).deals ?? [])].sort((a, b) => Number(a.id) - Number(b.id));
  return Object.fromEntries(rows.map((row) => [row.externalId ?? `typed:${row.id}`, row]));
}

describeBackends('crm apply', (use, backend) => {
  it('adds every deal on a first sync in its owner’s zone, then finds nothing to change', async () => {
    const store = use();
    const first = [
      deal('D1'),
      // 03:30 UTC on 2 March is 22:30 on 1 March in New York (EST until 8 March): won on the 1st.
      deal('D2', { accountName: 'Globex', status: 'won', closeDate: '2026-03-02T03:30:00Z', createdAt: '2026-01-10' }),
      deal('D3', { accountName: 'Initech', status: 'lost', closeDate: '2026-03-05', owner: BO }),
    ];
    const summary = await apply(store, { deals: first, complete: true });
    expect(summary.deals).toEqual({ added: 3, changed: 0, deleted: 0, unchanged: 0 });
    const rows = await dealsById(store);
    expect(rows.D1).toEqual({
      id: expect.any(Number),
      teamId: TEAM,
      userId: 'UANA',
      accountId: expect.any(Number),
      amountCents: 5_000_000,
      currency: 'USD',
      status: 'open',
      createdAt: Date.parse('2026-02-01T15:00:00Z'),
      closedAt: null,
      closedOn: null,
      openedOn: '2026-02-01',
      closeOn: '2026-03-31',
      updatedOn: '2026-03-10',
      source: 'hubspot',
      externalId: 'D1',
      externalUrl: 'https://crm.example/D1',
      stage: 'Contract sent',
    });
    // A calendar created date is noon that day in New York (EST, UTC-5): 17:00 UTC.
    expect(rows.D2).toMatchObject({
      status: 'won',
      openedOn: '2026-01-10',
      createdAt: Date.parse('2026-01-10T17:00:00Z'),
      closedOn: '2026-03-01',
      closedAt: Date.parse('2026-03-02T03:30:00Z'),
    });
    // Bo is in Los Angeles (PST, UTC-8, on 5 March): noon there is 20:00 UTC.
    expect(rows.D3).toMatchObject({
      userId: 'UBO',
      closedOn: '2026-03-05',
      closedAt: Date.parse('2026-03-05T20:00:00Z'),
    });
    // Ids rise in the batch's order.
    expect([rows.D1?.id, rows.D2?.id, rows.D3?.id]).toEqual([1, 2, 3]);
    expect((await store.teams.getTeam(TEAM))?.dealsVersion).toBe(1);
    expect((await store.reps.getRep(TEAM, 'UBO'))?.slackTimezone).toBe('America/Los_Angeles');

    const before = await store.exporter.exportData(null);
    const again = await apply(store, { deals: first, complete: true }, { now: NOW + DAY_MS });
    expect(again.deals).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 3 });
    expect(await store.exporter.exportData(null)).toEqual(before);
  });

  it('changes, moves, skips and deletes: a complete batch drops what the CRM no longer holds', async () => {
    const store = use();
    await apply(store, {
      deals: [deal('D1'), deal('D2', { accountName: 'Globex' }), deal('D3', { accountName: 'Hooli' })],
    });
    const summary = await apply(
      store,
      {
        deals: [
          deal('D1', { amountCents: 6_000_000 }),
          deal('D2', { accountName: 'Globex', owner: BO }),
          deal('D4', { accountName: 'Umbrella', owner: CY }),
        ],
        complete: true,
      },
      { now: NOW + DAY_MS },
    );
    expect(summary.deals).toEqual({ added: 0, changed: 2, deleted: 1, unchanged: 0 });
    expect(summary.skipped).toEqual([
      { externalId: 'D4', reason: 'owner cy@acme.test: no Slack member has this email' },
    ]);
    expect(summary.unmappedOwners).toEqual([
      { owner: 'cy@acme.test', records: 1, reason: 'no Slack member has this email' },
    ]);
    const rows = await dealsById(store);
    expect(Object.keys(rows).sort()).toEqual(['D1', 'D2']);
    expect(rows.D1).toMatchObject({ amountCents: 6_000_000, updatedOn: '2026-03-11' });
    expect(rows.D2).toMatchObject({ userId: 'UBO', updatedOn: '2026-03-11' });
    expect((await store.teams.getTeam(TEAM))?.dealsVersion).toBe(2);
    expect((await apply(store, { deletedDealIds: ['D2', 'D-never'] })).deals.deleted).toBe(1);
    expect(Object.keys(await dealsById(store))).toEqual(['D1']);
  });

  it('lets a new CRM deal take over the deal its rep typed in Slack, once per batch', async () => {
    const store = use();
    const typed = { teamId: TEAM, userId: 'UANA', account: 'Acme', now: NOW - 5 * DAY_MS, today: '2026-03-05' };
    await store.deals.addOpportunity({ ...typed, amountCents: 3_000_000 });
    await store.deals.addOpportunity({ ...typed, userId: 'UBO', amountCents: 1_000_000 });
    const [anaTyped] = Object.values(await dealsById(store));
    const summary = await apply(store, { deals: [deal('D1'), deal('D2', { amountCents: 700_000 })] });
    expect(summary.deals.added).toBe(2);
    expect(summary.warnings).toEqual(["Acme: the deal typed in Slack by UANA is now HubSpot's deal D1 (counted once)"]);
    const rows = await dealsById(store);
    expect(rows.D1).toMatchObject({ id: anaTyped?.id, amountCents: 5_000_000, source: 'hubspot' });
    // Bo's typed deal stays his; D2 is added beside the taken-over row.
    expect(Object.values(rows).map((row) => [row.userId, row.source, row.amountCents])).toEqual([
      ['UANA', 'hubspot', 5_000_000],
      ['UBO', null, 1_000_000],
      ['UANA', 'hubspot', 700_000],
    ]);
  });

  it('counts a call logged in Slack and synced from the CRM once, and gives the count back when it goes', async () => {
    const store = use();
    await store.activities.logActivity({
      teamId: TEAM,
      userId: 'UANA',
      kind: 'call',
      count: 3,
      account: 'Acme',
      now: NOW,
      today: '2026-03-10',
    });
    const summary = await apply(store, {
      activities: [call('A1'), call('A2'), call('A3', { occurredAt: 'yesterday' })],
    });
    expect(summary.activities).toEqual({ added: 2, changed: 0, deleted: 0, unchanged: 0 });
    expect(summary.skipped).toEqual([
      { externalId: 'A3', reason: 'date "yesterday" cannot be read (use YYYY-MM-DD or an ISO 8601 time)' },
    ]);
    const counts = async () =>
      (await store.exporter.exportData(TEAM)).activities?.map((row) => [row.source, row.count, row.loggedCount]);
    expect(await counts()).toEqual([
      [null, 1, 3],
      ['hubspot', 1, null],
      ['hubspot', 1, null],
    ]);
    expect((await store.activities.activityCounts(TEAM, 'UANA', '2026-03-10', '2026-03-10')).call).toBe(3);
    await apply(store, { deletedActivityIds: ['A2'] });
    expect(await counts()).toEqual([
      [null, 2, 3],
      ['hubspot', 1, null],
    ]);
  });

  it('sets the ICP fit of accounts the team has, creates none, and a dry run writes nothing', async () => {
    const store = use();
    await apply(store, { deals: [deal('D1')] });
    const fits = [
      { name: 'acme', icp: 'yes' as const },
      { name: 'Nobody Inc', icp: 'no' as const },
    ];
    const before = await store.exporter.exportData(null);
    const dry = await apply(store, { accounts: fits, deals: [deal('D5', { accountName: 'Hooli' })] }, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, accountsFitted: 1, deals: { added: 1 } });
    expect(await store.exporter.exportData(null)).toEqual(before);
    expect((await apply(store, { accounts: fits })).accountsFitted).toBe(1);
    expect((await apply(store, { accounts: fits })).accountsFitted).toBe(0);
    expect((await store.exporter.exportData(TEAM)).accounts?.map((a) => [a.name, a.icp, a.icpSource])).toEqual([
      ['Acme', 'yes', 'hubspot'],
    ]);
    // The dry run's deal left no row; on Postgres it used up an id all the same (sequences are not rolled back).
    await apply(store, { deals: [deal('D6', { accountName: 'Acme' })] });
    expect((await dealsById(store)).D6?.id).toBe(backend.dialect === 'sqlite' ? 2 : 3);
  });

  it('gives an account named twice by the batch (the same name but for a suffix) the last fit', async () => {
    const store = use();
    await store.deals.addOpportunity({
      teamId: TEAM,
      userId: 'UANA',
      account: 'Initech Corp',
      amountCents: 100,
      now: NOW,
      today: '2026-03-10',
    });
    const fits = [
      { name: 'Initech Corp', icp: 'no' as const },
      { name: 'Initech', icp: 'yes' as const },
    ];
    const summary = await apply(store, { accounts: fits });
    expect(summary.accountsFitted).toBe(2);
    expect(summary.warnings).toEqual(['HubSpot’s “Initech” is the account “Initech Corp” here (the same name)']);
    expect((await store.exporter.exportData(TEAM)).accounts?.map((a) => [a.name, a.icp, a.icpSource])).toEqual([
      ['Initech Corp', 'yes', 'hubspot'],
    ]);
    // Another team's account is never set, even when named by id.
    await store.teams.ensureTeam('T2');
    const other = (await store.accounts.findOrCreateAccount('T2', 'Initech Corp')).account;
    await store.crmApply.setAccountsFit(TEAM, [other.id], { icp: 'no', icpSource: 'csv' });
    expect(await store.accounts.accountById('T2', other.id)).toMatchObject({ icp: 'unknown', icpSource: null });
  });

  it('writes many rows in a few statements, ids in the order given', async () => {
    const store = use();
    await store.teams.ensureTeam(TEAM);
    const account = (await store.accounts.findOrCreateAccount(TEAM, 'Acme')).account;
    const rows = Array.from({ length: 1_203 }, (_, i) => ({
      teamId: TEAM,
      userId: 'UANA',
      accountId: account.id,
      amountCents: i,
      status: 'open' as const,
      createdAt: NOW,
      source: 'hubspot',
      externalId: `X${i}`,
    }));
    await store.crmApply.insertDeals(rows);
    const read = await store.crmApply.sourceDeals(TEAM, 'hubspot');
    expect(read.map((row) => [row.id, row.amountCents])).toEqual(rows.map((row, i) => [i + 1, row.amountCents]));
    expect(await store.crmApply.teamAccounts(TEAM)).toEqual([
      { id: account.id, name: 'Acme', nameKey: 'acme', icp: 'unknown', icpSource: null },
    ]);
    expect(await store.crmApply.typedDeals(TEAM)).toEqual([]);
  });
});
