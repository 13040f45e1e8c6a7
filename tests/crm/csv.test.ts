/**
 * Deals CSV files read into the import model: each CRM's export (tests/fixtures/crm), a column mapping, and the
 * bad rows a file can hold. The fixtures' headers follow each CRM's own export:
 *
 * - HubSpot: a deals export has the property labels as headers ("Record ID", "Deal Name", "Deal Stage",
 *   "Pipeline", "Amount", "Close Date", "Create Date", "Deal owner" by name, the associated company, "Currency"
 *   in multi-currency accounts), https://knowledge.hubspot.com/crm-deals/hubspots-default-deal-properties and
 *   https://developers.hubspot.com/docs/api/crm/exports (CSV, XLS or XLSX; property labels, or internal names);
 *   a HubSpot deal's close date is set when it moves into a closed won or closed lost stage.
 * - Salesforce: an opportunity report exported as CSV ("Opportunity Owner" by name, "Account Name",
 *   "Opportunity Name", "Stage", "Fiscal Period", "Amount", "Probability (%)", "Age", "Close Date", "Created
 *   Date", "Won", "Closed", "Opportunity ID" when the report has it), dates as the user's locale writes them (US:
 *   11/3/2026), and the report's title and copyright lines below the rows;
 *   https://help.salesforce.com/s/articleView?id=sales.opp_fields.htm&language=en_US&type=5 and IsWon, IsClosed in
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
 * - Pipedrive: every deal field as "Deal - <name>" ("Deal - ID", "Deal - Title", "Deal - Organization",
 *   "Deal - Value", "Deal - Currency", "Deal - Status" open/won/lost/deleted, "Deal - Expected close date",
 *   "Deal - Won time", "Deal - Lost time", "Deal - Deal created", "Deal - Owner" by name),
 *   https://support.pipedrive.com/it/article/import-fields (the "Deal" field category of its spreadsheets).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvImportOptions, type CsvParse, parseDealsCsv } from '../../src/crm/csv.js';
import type { CrmBatch, CrmDeal } from '../../src/crm/model.js';
import { REPO_ROOT } from '../support/process.js';

const TODAY = '2026-12-04';
const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'tests/fixtures/crm', name), 'utf8');

function batchOf(result: CsvParse): CrmBatch & { source: string; rows: number } {
  if (!result.ok) throw new Error(`expected the file to parse: ${JSON.stringify(result.errors)}`);
  return { ...result.batch, source: result.source, rows: result.rows };
}

const parse = (text: string, options: Omit<CsvImportOptions, 'today'>) =>
  parseDealsCsv(text, { today: TODAY, ...options });
const byId = (batch: CrmBatch, id: string): CrmDeal | undefined => batch.deals.find((d) => d.externalId === id);
const dana = { email: null, name: 'Dana Reyes' };

describe('the HubSpot deals export', () => {
  const batch = batchOf(parse(fixture('hubspot-deals.csv'), { preset: 'hubspot' }));

  it('reads every deal under the HubSpot source, through the BOM and a quoted newline', () => {
    expect(batch.source).toBe('hubspot');
    expect(batch.rows).toBe(10);
    expect(batch.deals.map((d) => d.externalId)).toEqual([
      '18234567001',
      '18234567002',
      '18234567003',
      '18234567004',
      '18234567005',
      '18234567006',
      '18234567007',
      '18234567008',
      '18234567009',
      '18234567010',
    ]);
    expect(byId(batch, '18234567005')?.name).toBe('Stark Industries\nQ4 add-on');
    expect(batch.complete).toBe(false);
    expect(batch.warnings).toEqual([]);
  });

  it('maps the stage labels, amounts in cents, dates without their time, and owners by name', () => {
    expect(byId(batch, '18234567001')).toEqual({
      externalId: '18234567001',
      name: 'Initech - Platform renewal',
      accountName: 'Initech',
      amountCents: 4_800_000,
      currency: 'USD',
      status: 'won',
      stage: 'Closed won',
      closeDate: '2026-11-03',
      createdAt: '2026-09-14',
      owner: dana,
      url: null,
    });
    // "12500.00" → 1,250,000 cents; "21000.50" → 2,100,050.
    expect(byId(batch, '18234567002')).toMatchObject({
      amountCents: 1_250_000,
      status: 'open',
      closeDate: '2026-12-18',
    });
    expect(byId(batch, '18234567005')?.amountCents).toBe(2_100_050);
    expect(byId(batch, '18234567003')).toMatchObject({ status: 'lost', stage: 'Closed lost', closeDate: '2026-11-20' });
    // A quoted comma stays in the company's name; a deal with no company keeps null (its name is the account).
    expect(byId(batch, '18234567004')?.accountName).toBe('Hooli, Inc.');
    expect(byId(batch, '18234567006')).toMatchObject({ accountName: null, name: 'Wayne Enterprises - new logo' });
    // Another currency and no amount are the import's to skip, with the reason: read as they are.
    expect(byId(batch, '18234567008')).toMatchObject({ currency: 'EUR', amountCents: 1_800_000 });
    expect(byId(batch, '18234567009')?.amountCents).toBeNull();
    const statuses = batch.deals.map((d) => d.status);
    expect(statuses.filter((s) => s === 'won')).toHaveLength(4);
    expect(statuses.filter((s) => s === 'lost')).toHaveLength(1);
  });
});

describe('the Salesforce opportunity report', () => {
  const batch = batchOf(parse(fixture('salesforce-opportunities.csv'), { preset: 'salesforce' }));

  it('reads the Won and Closed columns, US dates, grouped amounts, and skips the report footer', () => {
    expect(batch.source).toBe('salesforce');
    expect(batch.rows).toBe(10);
    expect(byId(batch, '0068c00000AbCdE001')).toEqual({
      externalId: '0068c00000AbCdE001',
      name: 'Initech - Platform renewal',
      accountName: 'Initech',
      amountCents: 4_800_000,
      currency: null,
      status: 'won',
      stage: 'Closed Won',
      closeDate: '2026-11-03',
      createdAt: '2026-09-14',
      owner: dana,
      url: null,
    });
    // Won 0, Closed 1: lost. Won 0, Closed 0: open, its close date the expected one (1/15/2027).
    expect(byId(batch, '0068c00000AbCdE003')).toMatchObject({ status: 'lost', closeDate: '2026-11-20' });
    expect(byId(batch, '0068c00000AbCdE004')).toMatchObject({
      status: 'open',
      stage: 'Proposal/Price Quote',
      closeDate: '2027-01-15',
      createdAt: '2026-11-02',
      amountCents: 6_400_000,
    });
    expect(byId(batch, '0068c00000AbCdE005')?.amountCents).toBe(2_100_050);
    expect(batch.warnings).toEqual([
      "Ignored the 5 line(s) below the deals (a report's title, copyright and the like).",
    ]);
  });

  it('falls back to the stage name when the report has no Won or Closed column', () => {
    const text = [
      'Opportunity Name,Account Name,Stage,Amount,Close Date,Opportunity Owner',
      'Renewal,Initech,Closed Won,1000,11/3/2026,Dana Reyes',
      'Pilot,Umbrella,Closed Lost,2000,11/20/2026,Dana Reyes',
      'Expansion,Globex,Qualification,3000,12/18/2026,Dana Reyes',
    ].join('\n');
    const deals = batchOf(parse(text, { preset: 'salesforce' })).deals;
    expect(deals.map((d) => d.status)).toEqual(['won', 'lost', 'open']);
  });
});

describe('the Pipedrive deals export', () => {
  const batch = batchOf(parse(fixture('pipedrive-deals.csv'), { preset: 'pipedrive' }));

  it('reads the status words, closes won and lost deals on their won or lost time, and deletes deleted ones', () => {
    expect(batch.source).toBe('pipedrive');
    expect(batch.rows).toBe(10);
    expect(batch.deals).toHaveLength(9);
    expect(batch.deletedDealIds).toEqual(['109']);
    // Expected close 2026-11-10, won at 2026-11-03 14:22:05: closed on the 3rd.
    expect(byId(batch, '101')).toEqual({
      externalId: '101',
      name: 'Initech platform renewal',
      accountName: 'Initech',
      amountCents: 4_800_000,
      currency: 'USD',
      status: 'won',
      stage: 'Negotiations Started',
      closeDate: '2026-11-03',
      createdAt: '2026-09-14',
      owner: dana,
      url: null,
    });
    // Expected close 2026-11-30, lost at 2026-11-20 16:40.
    expect(byId(batch, '103')).toMatchObject({ status: 'lost', closeDate: '2026-11-20' });
    expect(byId(batch, '102')).toMatchObject({ status: 'open', closeDate: '2026-12-18', amountCents: 1_250_000 });
    expect(byId(batch, '105')?.amountCents).toBe(2_100_050);
  });
});

describe('a spreadsheet with a column mapping', () => {
  const mapping = {
    id: 'Deal ID',
    account: 'Company',
    amount: 'Value',
    status: 'Stage',
    close: 'Close date',
    created: 'Created',
    owner: 'Owner email',
    currency: 'Currency',
    name: 'Title',
  } as const;

  it('imports as csv, owners by email, amounts with $ and commas, and any of the date forms', () => {
    const batch = batchOf(parse(fixture('custom.csv'), { mapping }));
    expect(batch.source).toBe('csv');
    expect(batch.deals.map((d) => [d.externalId, d.status, d.amountCents, d.closeDate, d.owner.email])).toEqual([
      ['D-1', 'won', 4_800_000, '2026-11-03', 'dana@demo.example'],
      ['D-2', 'open', 1_250_000, '2026-12-18', 'dana@demo.example'],
      ['D-3', 'lost', 900_000, '2026-11-20', 'priya@demo.example'],
      ['D-4', 'won', 2_100_050, '2026-10-28', 'sam@demo.example'],
      ['D-5', 'won', 1_500_000, '2026-12-01', 'lee@demo.example'],
      ['D-6', 'open', 3_000_000, '2026-12-30', 'sam@demo.example'],
    ]);
    expect(byId(batch, 'D-4')).toMatchObject({ createdAt: '2026-09-30', stage: 'Closed Won', owner: { name: null } });
    // No currency given: the team's.
    expect(byId(batch, 'D-5')?.currency).toBeNull();
    expect(byId(batch, 'D-2')?.stage).toBe('Proposal');
  });

  it('without an id column, derives each id from account, owner and created date, the same every time, and says so', () => {
    const { id: _id, ...withoutId } = mapping;
    const first = batchOf(parse(fixture('custom.csv'), { mapping: withoutId }));
    const again = batchOf(parse(fixture('custom.csv'), { mapping: withoutId }));
    expect(first.deals.map((d) => d.externalId)).toEqual(again.deals.map((d) => d.externalId));
    expect(new Set(first.deals.map((d) => d.externalId)).size).toBe(6);
    expect(first.deals[0]?.externalId).toMatch(/^row-[0-9a-f]{16}$/);
    expect(first.warnings.join(' ')).toContain('no id column');
  });

  it('reads semicolon-separated files, and keeps a file complete only when asked', () => {
    const text = 'Company;Value;Stage;Owner\n"Initech";"1500.5";open;dana@demo.example\n';
    const map = { account: 'Company', amount: 'Value', status: 'Stage', owner: 'Owner' } as const;
    const batch = batchOf(parse(text, { mapping: map, complete: true }));
    expect(batch.deals[0]).toMatchObject({ amountCents: 150_050, accountName: 'Initech', status: 'open' });
    expect(batch.complete).toBe(true);
    // A thousands dot (1.500 in much of Europe) is never read as one and a half.
    expect(parse(text.replace('1500.5', '1.500'), { mapping: map })).toEqual({
      ok: false,
      errors: [{ line: 2, reason: 'amount “1.500” could be read two ways; write it like 1500 or 1,500.00' }],
    });
  });

  it('needs the close date of a won deal, and counts an undated deal as created on it', () => {
    const map = { account: 'Company', amount: 'Value', status: 'Stage', owner: 'Owner', close: 'Closed' } as const;
    const ok = batchOf(
      parse('Company,Value,Stage,Owner,Closed\nInitech,100,won,Dana Reyes,2026-11-03\n', { mapping: map }),
    );
    expect(ok.deals[0]).toMatchObject({ createdAt: '2026-11-03', closeDate: '2026-11-03' });
    expect(ok.warnings.join(' ')).toContain('1 deal(s) have no created date');
    expect(parse('Company,Value,Stage,Owner,Closed\nInitech,100,won,Dana Reyes,\n', { mapping: map })).toEqual({
      ok: false,
      errors: [{ line: 2, reason: 'a won deal needs the day it closed, in its close date' }],
    });
  });
});

describe('a file with bad rows', () => {
  it('fails as a whole, naming every bad line as a spreadsheet numbers it, with the reason and the value', () => {
    const result = parse(fixture('bad-rows.csv'), { preset: 'hubspot' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, reason: 'amount “twelve” is not a number; write it like 12500 or 12,500.00' },
        {
          line: 4,
          reason:
            'close date “03.11.2026” is not a date; write it as 2026-11-03, 2026-11-03 14:22 or 11/03/2026 (month first)',
        },
        { line: 5, reason: 'the owner is empty; every deal needs its owner (an email, or their full name)' },
        {
          line: 6,
          reason: "the won deal's close date 2027-03-01 is after today (2026-12-04); a closed deal closed already",
        },
        { line: 7, reason: 'currency “Dollars” is not a currency code; write it like USD or EUR' },
        { line: 8, reason: 'has the same id as line 2; each deal goes in the file once' },
        { line: 9, reason: 'amount “-300” is negative' },
        {
          line: 10,
          reason: 'the row has 10 values where the header has 9 columns; put a value holding a comma in quotes',
        },
      ],
    });
  });

  it('refuses an unknown preset, a mapping to a column the file lacks, and a missing required column, listing the columns', () => {
    const text = fixture('custom.csv');
    const [unknown] = (parseDealsCsv(text, { preset: 'zoho' as 'hubspot', today: TODAY }) as { errors: unknown[] })
      .errors;
    expect(unknown).toEqual({
      line: 1,
      reason: expect.stringMatching(
        /^unknown preset “zoho”: use hubspot, salesforce or pipedrive \(the file's columns are: “Deal ID”, “Title”/,
      ),
    });
    const wrongColumn = parse(text, {
      mapping: { account: 'Organisation', amount: 'Value', status: 'Stage', owner: 'Owner email' },
    });
    expect(wrongColumn).toMatchObject({
      ok: false,
      errors: [
        { line: 1, reason: expect.stringContaining('--map account=“Organisation”: the file has no such column') },
      ],
    });
    const missing = parse(text, { preset: 'hubspot' });
    expect(missing).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    const reason = (missing as { errors: { reason: string }[] }).errors[0]?.reason ?? '';
    expect(reason).toContain('the “amount” column (the HubSpot export calls it “Amount”)');
    expect(reason).toContain('the “owner” column (the HubSpot export calls it “Deal owner”)');
    expect(reason).toContain("the file's columns are: “Deal ID”, “Title”, “Company”");
  });

  it('suggests the preset a file looks like when none was named', () => {
    expect(parse(fixture('pipedrive-deals.csv'), {})).toMatchObject({
      ok: false,
      errors: [
        { line: 1, reason: expect.stringContaining('this looks like a Pipedrive export: add --preset pipedrive') },
      ],
    });
  });

  it('reports a quote never closed, and an empty file or one with only its header', () => {
    expect(parse('Record ID,Deal Name\n1,"Initech\n2,Globex\n', { preset: 'hubspot' })).toEqual({
      ok: false,
      errors: [{ line: 2, reason: 'a quoted value is never closed: a value that starts with " must end with "' }],
    });
    expect(parse('', { preset: 'hubspot' })).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    expect(parse(fixture('hubspot-deals.csv').split('\n')[0] ?? '', { preset: 'hubspot' })).toEqual({
      ok: false,
      errors: [{ line: 2, reason: 'there are no deals below the header' }],
    });
  });
});
