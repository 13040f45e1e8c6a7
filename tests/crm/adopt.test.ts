/**
 * A deal typed in Slack before the CRM was connected and the CRM's record of it count once (src/crm/apply-adopt.ts
 * through applyBatch), and Home's recent work leaves out Slack-logged activity the CRM now covers whole
 * (src/db/recent.ts). Real SQLite with the real migrations; deals typed through the same functions Slack's
 * commands call (addOpportunity, recordWin, logActivity). Figures and day counts are hand-worked below.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/crm/apply.js';
import { type CrmDeal, type CrmOwner, emptyBatch } from '../../src/crm/model.js';
import type { OwnerMatch } from '../../src/crm/owners.js';
import { logActivity } from '../../src/db/activities.js';
import type { Db } from '../../src/db/connection.js';
import { addOpportunity, openDealsOf, recordWin, wonBetween } from '../../src/db/deals.js';
import { recentWork } from '../../src/db/recent.js';
import { deals } from '../../src/db/schema.js';
import { getTeam } from '../../src/db/teams.js';
import { everyRow, type TempStorage, tempStorage } from '../support/db.js';

const TEAM = 'T1';
const ANA: CrmOwner = { email: 'ana@acme.test', name: 'Ana Lima' };
const BO: CrmOwner = { email: 'bo@acme.test', name: 'Bo Chen' };
const OWNERS = new Map<string, OwnerMatch>([
  ['ana@acme.test', { userId: 'UANA', timezone: 'America/New_York' }],
  ['bo@acme.test', { userId: 'UBO', timezone: 'America/New_York' }],
]);
/** 2026-11-20 17:00 UTC: 12:00 in New York (EST, UTC-5). */
const NOW = Date.parse('2026-11-20T17:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

function crmDeal(id: string, over: Partial<CrmDeal> = {}): CrmDeal {
  return {
    externalId: id,
    name: `${id} renewal`,
    accountName: 'Acme',
    amountCents: 3_500_000,
    currency: 'USD',
    status: 'open',
    stage: 'Contract sent',
    closeDate: '2026-12-15',
    createdAt: '2026-10-01',
    owner: ANA,
    url: `https://app.hubspot.com/contacts/1/record/0-3/${id}`,
    ...over,
  };
}

/** Won $20,000 on Acme, closed 12 November in HubSpot. */
const crmWin = (id: string) =>
  crmDeal(id, { amountCents: 2_000_000, status: 'won', stage: 'Closed won', closeDate: '2026-11-12' });

let temp: TempStorage;
let db: Db;

function apply(dealsIn: CrmDeal[], options: { dryRun?: boolean } = {}) {
  const batch = emptyBatch({ deals: dealsIn });
  return applyBatch(temp.store, {
    teamId: TEAM,
    source: 'hubspot',
    batch,
    owners: OWNERS,
    dryRun: options.dryRun ?? false,
    now: NOW,
    defaultTimezone: 'UTC',
  });
}

/** A day's noon in New York (EST in November, UTC-5): 17:00 UTC. */
const noonOn = (day: string) => Date.parse(`${day}T17:00:00Z`);

function typedOpportunity(userId: string, amountCents: number, today = '2026-11-02') {
  addOpportunity(db, { teamId: TEAM, userId, account: 'Acme', amountCents, now: noonOn(today), today });
}

function typedWin(userId: string, amountCents: number, wonOn: string) {
  recordWin(db, { teamId: TEAM, userId, account: 'Acme', amountCents, now: noonOn(wonOn), today: wonOn });
}

const dealsOf = (userId: string) => db.select().from(deals).where(eq(deals.userId, userId)).all();
const dealsVersion = () => getTeam(db, TEAM)?.dealsVersion ?? 0;
const warningFor = (id: string, userId = 'UANA') =>
  `Acme: the deal typed in Slack by ${userId} is now HubSpot's deal ${id} (counted once)`;

const everything = () => everyRow(temp.sqlite);

beforeEach(() => {
  temp = tempStorage();
  db = temp.db;
});
afterEach(() => temp.remove());

describe('a CRM deal takes over the deal its rep typed in Slack', () => {
  it('an open opportunity: one open deal, at the CRM’s $35,000, on the typed row', async () => {
    typedOpportunity('UANA', 3_000_000);
    const [typed] = dealsOf('UANA');
    const versionBefore = dealsVersion();

    const summary = await apply([crmDeal('D1')]);
    expect(summary.deals).toEqual({ added: 1, changed: 0, deleted: 0, unchanged: 0 });
    expect(summary.warnings).toEqual([warningFor('D1')]);

    expect(openDealsOf(db, TEAM, 'UANA').map((d) => [d.id, d.account, d.amountCents])).toEqual([
      [typed?.id, 'Acme', 3_500_000],
    ]);
    expect(dealsOf('UANA')).toEqual([
      expect.objectContaining({
        id: typed?.id,
        source: 'hubspot',
        externalId: 'D1',
        externalUrl: 'https://app.hubspot.com/contacts/1/record/0-3/D1',
        stage: 'Contract sent',
        status: 'open',
        openedOn: '2026-10-01',
        closeOn: '2026-12-15',
        updatedOn: '2026-11-20',
      }),
    ]);
    expect(dealsVersion()).toBe(versionBefore + 1);
  });

  it('a win typed on the 10th and won in the CRM on the 12th: one win, November counts $20,000 not $40,000', async () => {
    typedWin('UANA', 2_000_000, '2026-11-10');
    const summary = await apply([crmWin('D2')]);
    expect(summary.deals.added).toBe(1);
    expect(summary.warnings).toEqual([warningFor('D2')]);
    expect(wonBetween(db, TEAM, 'UANA', '2026-11-01', '2026-11-30')).toBe(2_000_000);
    expect(dealsOf('UANA')).toEqual([
      expect.objectContaining({ status: 'won', source: 'hubspot', closedOn: '2026-11-12', openedOn: '2026-10-01' }),
    ]);
  });

  it('a typed win 31 days from the CRM’s close day is the same deal; 32 days or 90 days is not', async () => {
    // 12 October to 12 November: 19 days left in October + 12 = 31.
    typedWin('UANA', 2_000_000, '2026-10-12');
    expect((await apply([crmWin('D3')])).warnings).toEqual([warningFor('D3')]);
    expect(dealsOf('UANA')).toHaveLength(1);

    // 11 October is 32 days before 12 November; 14 August is 90 (17 left in August + 30 + 31 + 12).
    typedWin('UBO', 2_000_000, '2026-10-11');
    typedWin('UBO', 1_000_000, '2026-08-14');
    const summary = await apply([{ ...crmWin('D4'), owner: BO }]);
    expect(summary.deals.added).toBe(1);
    expect(summary.warnings).toEqual([]);
    expect(dealsOf('UBO')).toHaveLength(3);
    expect(wonBetween(db, TEAM, 'UBO', '2026-08-01', '2026-11-30')).toBe(5_000_000);
  });

  it('a won CRM deal takes the typed win nearest its close day over a typed open opportunity', async () => {
    typedWin('UANA', 1_800_000, '2026-11-02');
    typedWin('UANA', 2_000_000, '2026-11-10');
    // Typed after the wins: a new opportunity on Acme, which no win can have been.
    typedOpportunity('UANA', 3_000_000, '2026-11-16');
    const [, nearest] = dealsOf('UANA');

    await apply([crmWin('D5')]);
    const adopted = dealsOf('UANA').find((d) => d.externalId === 'D5');
    expect(adopted?.id).toBe(nearest?.id);
    // The win on the 2nd was 10 days off: it stays, typed; so does the opportunity.
    expect(wonBetween(db, TEAM, 'UANA', '2026-11-01', '2026-11-30')).toBe(3_800_000);
    expect(openDealsOf(db, TEAM, 'UANA').map((d) => d.amountCents)).toEqual([3_000_000]);
  });

  it('a won CRM deal with no typed win near it closes the typed opportunity, unless that was opened after', async () => {
    typedOpportunity('UANA', 3_000_000, '2026-11-02');
    await apply([crmWin('D6')]);
    expect(openDealsOf(db, TEAM, 'UANA')).toEqual([]);
    expect(dealsOf('UANA')).toEqual([expect.objectContaining({ status: 'won', externalId: 'D6' })]);

    // Bo's opportunity was opened on the 16th: HubSpot's win of the 12th is an older deal.
    typedOpportunity('UBO', 3_000_000, '2026-11-16');
    expect((await apply([{ ...crmWin('D7'), owner: BO }])).warnings).toEqual([]);
    expect(openDealsOf(db, TEAM, 'UBO').map((d) => d.amountCents)).toEqual([3_000_000]);
  });

  it('never takes over another rep’s typed deal on the same account', async () => {
    // The win first: typed after the opportunity, it would close it.
    typedWin('UBO', 2_000_000, '2026-11-10');
    typedOpportunity('UBO', 3_000_000);
    const summary = await apply([crmDeal('D8'), crmWin('D9')]);
    expect(summary.deals.added).toBe(2);
    expect(summary.warnings).toEqual([]);
    expect(dealsOf('UBO').map((d) => [d.source, d.status, d.amountCents])).toEqual([
      [null, 'won', 2_000_000],
      [null, 'open', 3_000_000],
    ]);
    expect(openDealsOf(db, TEAM, 'UANA').map((d) => d.amountCents)).toEqual([3_500_000]);
  });

  it('takes a typed row over once in a batch: a second CRM deal on the account is added beside it', async () => {
    typedOpportunity('UANA', 3_000_000);
    const [typed] = dealsOf('UANA');
    const summary = await apply([crmDeal('D10'), crmDeal('D11', { amountCents: 1_000_000 })]);
    expect(summary.deals.added).toBe(2);
    expect(summary.warnings).toEqual([warningFor('D10')]);
    const open = openDealsOf(db, TEAM, 'UANA').map((d) => [d.id === typed?.id, d.amountCents]);
    expect(open.sort()).toEqual([
      [false, 1_000_000],
      [true, 3_500_000],
    ]);
  });

  it('a dry run reports the same takeover and writes nothing; running the batch again leaves it unchanged', async () => {
    typedOpportunity('UANA', 3_000_000);
    typedWin('UBO', 2_000_000, '2026-11-10');
    const batch = [crmDeal('D12'), { ...crmWin('D13'), owner: BO }];
    const before = everything();
    const dry = await apply(batch, { dryRun: true });
    expect(everything()).toEqual(before);

    const real = await apply(batch);
    expect(dry).toEqual({ ...real, dryRun: true });
    expect(real.warnings).toEqual([warningFor('D12'), warningFor('D13', 'UBO')]);

    const after = everything();
    const again = await apply(batch);
    expect(again.deals).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 2 });
    expect(again.warnings).toEqual([]);
    expect(everything()).toEqual(after);
  });
});

describe('recent work', () => {
  it('leaves out a Slack-logged row the CRM covers whole, and shows what is left of one it covers in part', async () => {
    const calledAt = NOW - DAY_MS;
    logActivity(db, {
      teamId: TEAM,
      userId: 'UANA',
      kind: 'call',
      count: 2,
      account: 'Acme',
      now: calledAt,
      today: '2026-11-19',
    });
    logActivity(db, {
      teamId: TEAM,
      userId: 'UANA',
      kind: 'email',
      count: 3,
      account: 'Acme',
      now: calledAt,
      today: '2026-11-19',
    });
    // HubSpot has both calls and two of the three emails, at 15:00 UTC (10:00 in New York) on the 19th.
    const at = '2026-11-19T15:00:00Z';
    await applyBatch(temp.store, {
      teamId: TEAM,
      source: 'hubspot',
      batch: emptyBatch({
        activities: [
          { externalId: 'C1', kind: 'call', owner: ANA, accountName: 'Acme', occurredAt: at },
          { externalId: 'C2', kind: 'call', owner: ANA, accountName: 'Acme', occurredAt: at },
          { externalId: 'E1', kind: 'email', owner: ANA, accountName: 'Acme', occurredAt: at },
          { externalId: 'E2', kind: 'email', owner: ANA, accountName: 'Acme', occurredAt: at },
        ],
      }),
      owners: OWNERS,
      dryRun: false,
      now: NOW,
      defaultTimezone: 'UTC',
    });

    const items = recentWork(db, TEAM, 'UANA', 10);
    // The Slack rows (logged at noon, later than the CRM's 10:00) come first: 3 emails less 2 covered = 1.
    expect(items.map((item) => (item.type === 'activity' ? [item.kind, item.count] : item.type))).toEqual([
      ['email', 1],
      ['email', 1],
      ['email', 1],
      ['call', 1],
      ['call', 1],
    ]);
    expect(items.every((item) => item.type !== 'activity' || item.count > 0)).toBe(true);
  });
});
