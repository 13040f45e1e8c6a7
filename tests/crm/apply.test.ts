/**
 * The import engine (src/crm/apply.ts) on a real SQLite file with the real migrations: deals upserted on
 * (team, source, record id), moved between reps, deleted, skipped with reasons a manager can act on, the
 * CRM's ICP fit, and a dry run that reports the same and writes nothing. Dates are hand-worked below.
 */
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBatch, ownersOf } from '../../src/crm/apply.js';
import { type CrmBatch, type CrmDeal, type CrmOwner, emptyBatch } from '../../src/crm/model.js';
import type { OwnerMatch } from '../../src/crm/owners.js';
import { findAccount, findOrCreateAccount } from '../../src/db/accounts.js';
import type { Db } from '../../src/db/connection.js';
import { openDealsOf, recordWin, wonBetween } from '../../src/db/deals.js';
import { exportData } from '../../src/db/export.js';
import { getRep } from '../../src/db/reps.js';
import { deals, reps } from '../../src/db/schema.js';
import { getTeam } from '../../src/db/teams.js';
import { everyRow, type TempStorage, tempStorage } from '../support/db.js';

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
const DAY_MS = 24 * 60 * 60 * 1000;

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
    url: `https://app.hubspot.com/contacts/1/record/0-3/${id}`,
    ...over,
  };
}

const batch = emptyBatch;

/** Acme open $50k (Ana), Globex won $20k (Ana), Initech lost $30k (Bo). */
const FIRST = [
  deal('D1'),
  // 03:30 UTC on 2 March is 22:30 on 1 March in New York (EST until 8 March): won on the 1st.
  deal('D2', {
    accountName: 'Globex',
    amountCents: 2_000_000,
    status: 'won',
    stage: 'Closed won',
    closeDate: '2026-03-02T03:30:00Z',
    createdAt: '2026-01-10',
  }),
  deal('D3', {
    accountName: 'Initech',
    amountCents: 3_000_000,
    status: 'lost',
    stage: 'Closed lost',
    closeDate: '2026-03-05',
    createdAt: '2026-02-15T12:00:00Z',
    owner: BO,
  }),
];

let temp: TempStorage;
let db: Db;

function apply(input: Partial<CrmBatch>, options: { now?: number; dryRun?: boolean } = {}) {
  return applyBatch(temp.store, {
    teamId: TEAM,
    source: 'hubspot',
    batch: batch(input),
    owners: OWNERS,
    dryRun: options.dryRun ?? false,
    now: options.now ?? NOW,
    defaultTimezone: 'UTC',
  });
}

const dealRow = (id: string) => db.select().from(deals).where(eq(deals.externalId, id)).get();
const dealsVersion = () => getTeam(db, TEAM)?.dealsVersion ?? 0;
const repSeq = (userId: string) =>
  temp.sqlite.prepare('select seq from rep_changes where team_id = ? and user_id = ?').get(TEAM, userId) as
    | { seq: number }
    | undefined;

const everything = () => everyRow(temp.sqlite);

beforeEach(() => {
  temp = tempStorage();
  db = temp.db;
});
afterEach(() => temp.remove());

describe('applyBatch: deals', () => {
  it('adds every deal on a first sync, dated in its owner’s zone', async () => {
    const summary = await apply({ deals: FIRST, complete: true });
    expect(summary.deals).toEqual({ added: 3, changed: 0, deleted: 0, unchanged: 0 });
    expect(summary.skipped).toEqual([]);

    expect(dealRow('D1')).toMatchObject({
      userId: 'UANA',
      status: 'open',
      amountCents: 5_000_000,
      stage: 'Contract sent',
      source: 'hubspot',
      externalUrl: 'https://app.hubspot.com/contacts/1/record/0-3/D1',
      openedOn: '2026-02-01',
      createdAt: Date.parse('2026-02-01T15:00:00Z'),
      closeOn: '2026-03-31',
      closedOn: null,
      closedAt: null,
      updatedOn: '2026-03-10',
    });
    // A calendar created date is that day, at noon in New York (EST, UTC-5): 17:00 UTC.
    expect(dealRow('D2')).toMatchObject({
      status: 'won',
      openedOn: '2026-01-10',
      createdAt: Date.parse('2026-01-10T17:00:00Z'),
      closedOn: '2026-03-01',
      closedAt: Date.parse('2026-03-02T03:30:00Z'),
    });
    // Bo is in Los Angeles (PST, UTC-8, on 5 March): a calendar close date closes at noon there, 20:00 UTC.
    expect(dealRow('D3')).toMatchObject({
      userId: 'UBO',
      status: 'lost',
      closedOn: '2026-03-05',
      closedAt: Date.parse('2026-03-05T20:00:00Z'),
    });

    expect(wonBetween(db, TEAM, 'UANA', '2026-03-01', '2026-03-31')).toBe(2_000_000);
    expect(openDealsOf(db, TEAM, 'UANA').map((d) => [d.account, d.amountCents])).toEqual([['Acme', 5_000_000]]);
    expect(getRep(db, TEAM, 'UANA')?.slackTimezone).toBe('America/New_York');
    expect(getRep(db, TEAM, 'UBO')?.slackTimezone).toBe('America/Los_Angeles');
    expect(dealsVersion()).toBe(1);
  });

  it('changes nothing when the same batch comes again', async () => {
    await apply({ deals: FIRST, complete: true });
    const before = everything();
    const summary = await apply({ deals: FIRST, complete: true }, { now: NOW + DAY_MS });
    expect(summary.deals).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 3 });
    expect(everything()).toEqual(before);
  });

  it('counts a changed amount, stage or close date as changed, and dates the change today', async () => {
    await apply({ deals: FIRST });
    const [d1, d2, d3] = FIRST as [CrmDeal, CrmDeal, CrmDeal];
    const summary = await apply(
      {
        deals: [
          { ...d1, amountCents: 6_000_000 },
          { ...d2, closeDate: '2026-03-03' },
          { ...d3, stage: 'Closed lost: budget' },
        ],
      },
      { now: NOW + DAY_MS },
    );
    expect(summary.deals).toEqual({ added: 0, changed: 3, deleted: 0, unchanged: 0 });
    expect(dealRow('D1')).toMatchObject({ amountCents: 6_000_000, updatedOn: '2026-03-11' });
    expect(dealRow('D2')).toMatchObject({ closedOn: '2026-03-03', closedAt: Date.parse('2026-03-03T17:00:00Z') });
    expect(dealRow('D3')?.stage).toBe('Closed lost: budget');
    expect(dealsVersion()).toBe(2);
  });

  it('moves a deal to its new owner: both reps’ figures follow, and both are marked changed', async () => {
    await apply({ deals: FIRST });
    const [d1, d2, d3] = FIRST as [CrmDeal, CrmDeal, CrmDeal];
    const anaBefore = repSeq('UANA')?.seq ?? 0;
    const boBefore = repSeq('UBO')?.seq ?? 0;
    const summary = await apply({ deals: [{ ...d1, owner: BO }, { ...d2, owner: BO }, d3] });
    expect(summary.deals).toEqual({ added: 0, changed: 2, deleted: 0, unchanged: 1 });
    expect(wonBetween(db, TEAM, 'UANA', '2026-03-01', '2026-03-31')).toBe(0);
    // In Los Angeles 03:30 UTC on 2 March is 19:30 on 1 March: still won on the 1st.
    expect(wonBetween(db, TEAM, 'UBO', '2026-03-01', '2026-03-31')).toBe(2_000_000);
    expect(openDealsOf(db, TEAM, 'UANA')).toEqual([]);
    expect(openDealsOf(db, TEAM, 'UBO').map((d) => d.amountCents)).toEqual([5_000_000]);
    expect(repSeq('UANA')?.seq).toBeGreaterThan(anaBefore);
    expect(repSeq('UBO')?.seq).toBeGreaterThan(boBefore);
  });

  it('deletes the deals the CRM deleted, and on a complete batch the ones it no longer holds', async () => {
    await apply({ deals: [...FIRST, deal('D4', { accountName: 'Hooli' })] });
    recordWin(db, {
      teamId: TEAM,
      userId: 'UANA',
      account: 'Typed In Slack',
      amountCents: 100_00,
      now: NOW,
      today: '2026-03-10',
    });

    expect((await apply({ deletedDealIds: ['D4', 'D-never-seen'] })).deals).toEqual({
      added: 0,
      changed: 0,
      deleted: 1,
      unchanged: 0,
    });
    // D2 could not be read this time: it may well still exist, so a complete batch keeps it.
    const summary = await apply({
      deals: [FIRST[0] as CrmDeal],
      skipped: [{ externalId: 'D2', reason: 'amount "n/a" is not a number' }],
      complete: true,
    });
    expect(summary.deals).toEqual({ added: 0, changed: 0, deleted: 1, unchanged: 1 });
    expect(summary.skipped).toEqual([{ externalId: 'D2', reason: 'amount "n/a" is not a number' }]);
    expect(dealRow('D3')).toBeUndefined();
    expect(dealRow('D2')).toBeDefined();
    const typed = db.select().from(deals).where(sql`${deals.source} is null`).all();
    expect(typed.map((d) => d.amountCents)).toEqual([100_00]);
  });

  it('skips a deal whose owner no Slack member matches, lists the owner, and removes a copy synced before', async () => {
    await apply({ deals: FIRST });
    const [d1] = FIRST as [CrmDeal];
    const summary = await apply({
      deals: [{ ...d1, owner: CY }, deal('D9', { owner: CY, accountName: 'Umbrella' })],
      activities: [{ externalId: 'A9', kind: 'call', owner: CY, accountName: null, occurredAt: '2026-03-10' }],
    });
    expect(summary.deals).toEqual({ added: 0, changed: 0, deleted: 1, unchanged: 0 });
    expect(summary.skipped).toEqual([
      { externalId: 'D1', reason: 'owner cy@acme.test: no Slack member has this email' },
      { externalId: 'D9', reason: 'owner cy@acme.test: no Slack member has this email' },
      { externalId: 'A9', reason: 'owner cy@acme.test: no Slack member has this email' },
    ]);
    expect(summary.unmappedOwners).toEqual([
      { owner: 'cy@acme.test', records: 3, reason: 'no Slack member has this email' },
    ]);
    expect(dealRow('D1')).toBeUndefined();
    // A skipped record makes no account.
    expect(findAccount(db, TEAM, 'Umbrella')).toBeUndefined();
  });

  it('skips a deal in another currency, with no amount, or with a date it cannot read', async () => {
    await apply({ deals: FIRST });
    const [d1, d2] = FIRST as [CrmDeal, CrmDeal];
    const summary = await apply({
      deals: [
        { ...d1, currency: 'EUR' },
        { ...d2, amountCents: null },
        deal('D5', { createdAt: '01/02/2026' }),
        deal('D6', { amountCents: -100 }),
      ],
    });
    expect(summary.skipped).toEqual([
      { externalId: 'D1', reason: 'in EUR; this team counts USD, and amounts are never converted' },
      { externalId: 'D2', reason: 'no amount in HubSpot: the coach counts money' },
      { externalId: 'D5', reason: 'created date "01/02/2026" cannot be read (use YYYY-MM-DD or an ISO 8601 time)' },
      { externalId: 'D6', reason: 'amount -1 cannot be counted: it must be a sum of 0 or more' },
    ]);
    // D1 and D2 no longer apply as they are in the CRM: no figure may rest on them.
    expect(summary.deals).toEqual({ added: 0, changed: 0, deleted: 2, unchanged: 0 });
    expect(wonBetween(db, TEAM, 'UANA', '2026-03-01', '2026-03-31')).toBe(0);
  });

  it('keeps the day a won deal with no close date was first seen won', async () => {
    const won = deal('D7', { status: 'won', closeDate: null });
    await apply({ deals: [won] });
    // 13:00 in New York on the 10th; noon there is 16:00 UTC (EDT).
    expect(dealRow('D7')).toMatchObject({ closedOn: '2026-03-10', closedAt: Date.parse('2026-03-10T16:00:00Z') });
    expect((await apply({ deals: [won] }, { now: NOW + 3 * DAY_MS })).deals.unchanged).toBe(1);
    expect(dealRow('D7')?.closedOn).toBe('2026-03-10');
  });

  it('reads dates in the rep’s own zone when they set one', async () => {
    await apply({ deals: [] });
    db.insert(reps).values({ teamId: TEAM, userId: 'UANA', timezoneOverride: 'Asia/Kolkata' }).run();
    await apply({ deals: [FIRST[1] as CrmDeal] });
    // 03:30 UTC is 09:00 in Kolkata on 2 March.
    expect(dealRow('D2')?.closedOn).toBe('2026-03-02');
  });

  it('keeps opened on no later than closed on', async () => {
    await apply({ deals: [deal('D8', { status: 'won', createdAt: '2026-03-05', closeDate: '2026-03-04' })] });
    expect(dealRow('D8')).toMatchObject({ openedOn: '2026-03-04', closedOn: '2026-03-04' });
  });
});

describe('applyBatch: dry run', () => {
  it('reports exactly what the real run does, and writes nothing', async () => {
    await apply({ deals: FIRST });
    const [d1, d2] = FIRST as [CrmDeal, CrmDeal];
    const next: Partial<CrmBatch> = {
      deals: [{ ...d1, amountCents: 7_000_000 }, { ...d2, currency: 'EUR' }, deal('D4', { accountName: 'Hooli' })],
      activities: [{ externalId: 'A1', kind: 'call', owner: ANA, accountName: 'Acme', occurredAt: '2026-03-10' }],
      accounts: [{ name: 'Hooli', icp: 'yes' }],
      complete: true,
      warnings: ['no access to meetings: add the scope crm.objects.meetings.read'],
    };
    const exported = exportData(db, null);
    const before = everything();
    const dry = await apply(next, { dryRun: true });
    expect(exportData(db, null)).toEqual(exported);
    expect(everything()).toEqual(before);

    const real = await apply(next);
    expect(dry).toEqual({ ...real, dryRun: true });
    expect(real.deals).toEqual({ added: 1, changed: 1, deleted: 2, unchanged: 0 });
    expect(real.accountsFitted).toBe(1);
    expect(real.warnings).toEqual(['no access to meetings: add the scope crm.objects.meetings.read']);
  });
});

describe('applyBatch: accounts’ ICP fit', () => {
  it('sets the fit of accounts the team has, once, and creates none', async () => {
    await apply({ deals: FIRST });
    const fits = [
      { name: 'ACME', icp: 'yes' as const },
      { name: 'Initech', icp: 'no' as const },
      { name: 'Umbrella', icp: 'yes' as const },
    ];
    expect((await apply({ accounts: fits })).accountsFitted).toBe(2);
    expect(findAccount(db, TEAM, 'Acme')).toMatchObject({ icp: 'yes', icpSource: 'hubspot' });
    expect(findAccount(db, TEAM, 'Initech')).toMatchObject({ icp: 'no', icpSource: 'hubspot' });
    expect(findAccount(db, TEAM, 'Umbrella')).toBeUndefined();
    expect((await apply({ accounts: fits })).accountsFitted).toBe(0);
  });

  it('fits an account the same batch creates', async () => {
    expect((await apply({ deals: [deal('D1')], accounts: [{ name: 'acme', icp: 'yes' }] })).accountsFitted).toBe(1);
    expect(openDealsOf(db, TEAM, 'UANA').map((d) => d.icp)).toEqual(['yes']);
  });
});

describe('ownersOf', () => {
  it('lists each owner of deals and activities once, by email or name, and leaves out owners with neither', () => {
    const owners = ownersOf(
      batch({
        deals: [deal('D1'), deal('D2', { owner: { email: 'ana@acme.test', name: null } }), deal('D3', { owner: BO })],
        activities: [
          {
            externalId: 'A1',
            kind: 'call',
            owner: { email: null, name: 'Dee  Park' },
            accountName: null,
            occurredAt: '2026-03-10',
          },
          {
            externalId: 'A2',
            kind: 'call',
            owner: { email: null, name: null },
            accountName: null,
            occurredAt: '2026-03-10',
          },
        ],
      }),
    );
    expect(owners).toEqual([ANA, BO, { email: null, name: 'Dee  Park' }]);
  });
});

describe('account names', () => {
  it('takes the CRM’s “Initech” for the one account typed as “Initech Corp”, and says so once', async () => {
    findOrCreateAccount(db, TEAM, 'Initech Corp');
    const summary = await apply({
      deals: [deal('D7', { accountName: 'Initech' }), deal('D8', { accountName: 'INITECH', owner: BO })],
      accounts: [{ name: 'Initech', icp: 'yes' }],
    });
    expect(summary.deals.added).toBe(2);
    expect(summary.warnings).toEqual(['HubSpot’s “Initech” is the account “Initech Corp” here (the same name)']);
    const initech = findAccount(db, TEAM, 'Initech Corp');
    expect(initech?.icp).toBe('yes');
    expect(dealRow('D7')?.accountId).toBe(initech?.id);
    expect(findAccount(db, TEAM, 'Initech')).toBeUndefined();
  });

  it('creates the account when two typed names fold to the CRM’s, or the name only looks alike', async () => {
    findOrCreateAccount(db, TEAM, 'Globex Inc');
    findOrCreateAccount(db, TEAM, 'Globex Corp');
    findOrCreateAccount(db, TEAM, 'Hooli Holdings');
    await apply({ deals: [deal('D9', { accountName: 'Globex' }), deal('D10', { accountName: 'Hooly Holdings' })] });
    expect(findAccount(db, TEAM, 'Globex')?.id).toBe(dealRow('D9')?.accountId);
    expect(findAccount(db, TEAM, 'Hooly Holdings')?.id).toBe(dealRow('D10')?.accountId);
  });
});
