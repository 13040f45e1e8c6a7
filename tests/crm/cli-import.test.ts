/**
 * `cli import` end to end (src/crm/cli-import.ts): a CSV export read, its owners matched to the Slack stand-in's
 * members and written to a real database. The stand-in (tests/support/slack-stub.ts) answers auth.test with
 * the workspace (https://docs.slack.dev/reference/methods/auth.test/, `team_id`), users.lookupByEmail
 * (https://docs.slack.dev/reference/methods/users.lookupByEmail/, `users_not_found`) and users.list by page
 * (https://docs.slack.dev/reference/methods/users.list/, members' `real_name` and profile names), for the
 * exports that name owners rather than give their emails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCommand, parseMapping } from '../../src/crm/cli-import.js';
import type { SyncSummary } from '../../src/crm/model.js';
import { recentCrmRuns } from '../../src/db/crm.js';
import { exportData } from '../../src/db/export.js';
import { accounts, deals } from '../../src/db/schema.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { BOT_TOKEN } from '../support/harness.js';
import { exited, REPO_ROOT, runTs } from '../support/process.js';
import { SlackStub } from '../support/slack-stub.js';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/crm');
const REPS = [
  { id: 'UDANA', first: 'dana', name: 'Dana Reyes', tz: 'America/Los_Angeles' },
  { id: 'UPRIYA', first: 'priya', name: 'Priya Shah', tz: 'Asia/Kolkata' },
  { id: 'USAM', first: 'sam', name: 'Sam Okafor', tz: 'America/New_York' },
  { id: 'ULEE', first: 'lee', name: 'Lee Chen', tz: 'Europe/London' },
];

let stub: SlackStub;
let temp: TempStorage;
let printed: string;
let told: string;

beforeAll(async () => {
  stub = await new SlackStub().start();
  for (const rep of REPS) {
    stub.users.set(rep.id, {
      name: rep.first,
      deleted: false,
      is_bot: false,
      tz: rep.tz,
      profile: { email: `${rep.first}@demo.example`, real_name: rep.name, display_name: rep.first },
    });
  }
});
afterAll(async () => {
  await stub.stop();
  temp.remove();
});
beforeEach(() => {
  temp?.remove();
  temp = tempStorage();
  printed = '';
  told = '';
});

const env = (): NodeJS.ProcessEnv => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: stub.apiUrl,
  DATABASE_PATH: temp.path,
  DEFAULT_TIMEZONE: 'America/New_York',
  LOG_LEVEL: 'error',
});

async function cliImport(...args: string[]): Promise<SyncSummary> {
  printed = '';
  told = '';
  await importCommand(
    args,
    (text) => {
      printed += text;
    },
    (text) => {
      told += text;
    },
    env(),
  );
  return JSON.parse(printed) as SyncSummary;
}

/** A deal as the coach keeps it: whose, which account, how much, and its dates. */
function dealRows(source: string) {
  return temp.db
    .select({
      id: deals.externalId,
      user: deals.userId,
      account: accounts.name,
      cents: deals.amountCents,
      status: deals.status,
      closedOn: deals.closedOn,
      closeOn: deals.closeOn,
    })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, 'T1'), eq(deals.source, source)))
    .orderBy(deals.externalId)
    .all();
}

/** Everything but the run log and the owner look-up cache, which a dry or failed run may write. */
function teamData() {
  const { crm_runs: _runs, crm_owners: _owners, ...rest } = exportData(temp.db, null);
  return rest;
}

describe('cli import', () => {
  it('imports the HubSpot export: deals to their owners by name, the rest skipped with the reason, the run recorded', async () => {
    const summary = await cliImport(join(FIXTURES, 'hubspot-deals.csv'), '--preset', 'hubspot');
    expect(summary).toMatchObject({
      source: 'hubspot',
      dryRun: false,
      deals: { added: 8, changed: 0, deleted: 0, unchanged: 0 },
      unmappedOwners: [],
    });
    // Soylent is in EUR (the team counts USD) and Vandelay has no amount.
    expect(summary.skipped.map((s) => s.externalId).sort()).toEqual(['18234567008', '18234567009']);
    expect(told).toBe('Imported hubspot-deals.csv (HubSpot): 8 added, 0 changed, 0 deleted, 0 unchanged, 2 skipped.\n');
    expect(dealRows('hubspot')).toEqual([
      {
        id: '18234567001',
        user: 'UDANA',
        account: 'Initech',
        cents: 4_800_000,
        status: 'won',
        closedOn: '2026-11-03',
        closeOn: '2026-11-03',
      },
      {
        id: '18234567002',
        user: 'UDANA',
        account: 'Globex Corporation',
        cents: 1_250_000,
        status: 'open',
        closedOn: null,
        closeOn: '2026-12-18',
      },
      {
        id: '18234567003',
        user: 'UPRIYA',
        account: 'Umbrella Corp',
        cents: 900_000,
        status: 'lost',
        closedOn: '2026-11-20',
        closeOn: '2026-11-20',
      },
      {
        id: '18234567004',
        user: 'UPRIYA',
        account: 'Hooli, Inc.',
        cents: 6_400_000,
        status: 'open',
        closedOn: null,
        closeOn: '2027-01-15',
      },
      {
        id: '18234567005',
        user: 'USAM',
        account: 'Stark Industries',
        cents: 2_100_050,
        status: 'won',
        closedOn: '2026-10-28',
        closeOn: '2026-10-28',
      },
      {
        id: '18234567006',
        user: 'USAM',
        account: 'Wayne Enterprises - new logo',
        cents: 3_000_000,
        status: 'open',
        closedOn: null,
        closeOn: '2026-12-30',
      },
      {
        id: '18234567007',
        user: 'ULEE',
        account: 'Acme Corp',
        cents: 1_500_000,
        status: 'won',
        closedOn: '2026-12-01',
        closeOn: '2026-12-01',
      },
      {
        id: '18234567010',
        user: 'UPRIYA',
        account: 'Massive Dynamic',
        cents: 2_750_000,
        status: 'won',
        closedOn: '2026-11-17',
        closeOn: '2026-11-17',
      },
    ]);
    expect(recentCrmRuns(temp.db, 'T1', 'hubspot')).toMatchObject([
      { trigger: 'import', dryRun: false, status: 'ok', added: 8, changed: 0, deleted: 0, skipped: 2 },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    await cliImport(join(FIXTURES, 'salesforce-opportunities.csv'), '--preset', 'salesforce');
    const before = teamData();
    const again = await cliImport(join(FIXTURES, 'salesforce-opportunities.csv'), '--preset', 'salesforce');
    expect(again.deals).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 10 });
    expect(teamData()).toEqual(before);
  });

  it('on a dry run, prints what would change and writes nothing', async () => {
    const before = teamData();
    const summary = await cliImport(join(FIXTURES, 'pipedrive-deals.csv'), '--preset', 'pipedrive', '--dry-run');
    expect(summary).toMatchObject({ source: 'pipedrive', dryRun: true, deals: { added: 8 } });
    expect(told).toMatch(/^Dry run of pipedrive-deals\.csv \(Pipedrive\), nothing written: would be 8 added/);
    expect(teamData()).toEqual(before);
    expect(recentCrmRuns(temp.db, 'T1', 'pipedrive')).toMatchObject([{ dryRun: true, status: 'ok', added: 8 }]);
  });

  it('with --complete, deletes the deals of that source the file no longer holds', async () => {
    await cliImport(join(FIXTURES, 'pipedrive-deals.csv'), '--preset', 'pipedrive');
    const lines = readLines(join(FIXTURES, 'pipedrive-deals.csv'));
    const smaller = join(temp.dir, 'two-deals.csv');
    writeFileSync(smaller, [lines[0], lines[1], lines[2]].join('\n'));
    const partial = await cliImport(smaller, '--preset', 'pipedrive');
    expect(partial.deals).toEqual({ added: 0, changed: 0, deleted: 0, unchanged: 2 });
    const complete = await cliImport(smaller, '--preset', 'pipedrive', '--complete');
    expect(complete.deals).toEqual({ added: 0, changed: 0, deleted: 6, unchanged: 2 });
    expect(dealRows('pipedrive').map((d) => d.id)).toEqual(['101', '102']);
  });

  it('imports a spreadsheet through --map, owners by email, and lists an owner no member has', async () => {
    const withStranger = join(temp.dir, 'custom.csv');
    writeFileSync(
      withStranger,
      `${readLines(join(FIXTURES, 'custom.csv')).join('\n')}\nD-7,Side deal,Initrode,4000,USD,Won,2026-11-12,2026-10-02,pat@elsewhere.example,\n`,
    );
    const summary = await cliImport(
      withStranger,
      '--map',
      'id=Deal ID,account=Company,amount=Value,status=Stage,close=Close date,created=Created,owner=Owner email,currency=Currency,name=Title',
    );
    expect(summary).toMatchObject({ source: 'csv', deals: { added: 6 } });
    expect(summary.unmappedOwners).toEqual([
      { owner: 'pat@elsewhere.example', records: 1, reason: expect.any(String) },
    ]);
    expect(dealRows('csv').map((d) => [d.id, d.user])).toEqual([
      ['D-1', 'UDANA'],
      ['D-2', 'UDANA'],
      ['D-3', 'UPRIYA'],
      ['D-4', 'USAM'],
      ['D-5', 'ULEE'],
      ['D-6', 'USAM'],
    ]);
    expect(stub.callsTo('users.lookupByEmail').map((c) => c.params.email)).toContain('sam@demo.example');
  });

  it('imports nothing when Slack cannot say who the owners are (the app lacks users:read.email)', async () => {
    stub.on('users.lookupByEmail', () => ({ body: { ok: false, error: 'missing_scope', needed: 'users:read.email' } }));
    try {
      const error = await cliImport(
        join(FIXTURES, 'custom.csv'),
        '--map',
        'id=Deal ID,account=Company,amount=Value,status=Stage,close=Close date,created=Created,owner=Owner email,currency=Currency,name=Title',
      ).catch((e: unknown) => e);
      expect(String(error)).toContain('Slack could not say who');
      expect(dealRows('csv')).toEqual([]);
    } finally {
      stub.off('users.lookupByEmail');
    }
  });

  it('fails a file with bad rows as a whole: every bad line, nothing written but the failed run', async () => {
    const before = teamData();
    const error = await cliImport(join(FIXTURES, 'bad-rows.csv'), '--preset', 'hubspot').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ImportFailedError' });
    const message = (error as Error).message;
    expect(message).toMatch(/^bad-rows\.csv was not imported, and nothing of it was written/);
    for (const line of [3, 4, 5, 6, 7, 8, 9, 10]) expect(message).toContain(`\nline ${line}: `);
    expect(message).not.toMatch(/line (2|11):/);
    expect(printed).toBe('');
    expect(teamData()).toEqual(before);
    const [run] = recentCrmRuns(temp.db, 'T1', 'hubspot');
    expect(run).toMatchObject({ trigger: 'import', status: 'failed', added: 0 });
    expect(run?.error).toContain('line 3: amount “twelve” is not a number');
  });

  // A process of its own starts tsx: generous time, so a busy machine does not fail it.
  it('as a process, exits 1 printing the bad lines of a bad file', { timeout: 60_000 }, async () => {
    const bad = runTs(
      'src/cli.ts',
      ['import', join(FIXTURES, 'bad-rows.csv'), '--preset', 'hubspot'],
      toStrings(env()),
    );
    expect(await exited(bad)).toBe(1);
    expect(bad.output()).toContain('line 7: currency “Dollars” is not a currency code; write it like USD or EUR');
  });

  it('as a process, exits 0 printing the JSON summary of a good file', { timeout: 60_000 }, async () => {
    const good = runTs(
      'src/cli.ts',
      [
        'import',
        join(FIXTURES, 'custom.csv'),
        '--map',
        'account=Company,amount=Value,status=Stage,close=Close date,owner=Owner email,id=Deal ID',
      ],
      toStrings(env()),
    );
    expect(await exited(good), good.output()).toBe(0);
    expect(good.output()).toContain('"source": "csv"');
    expect(good.output()).toContain('Imported custom.csv (the CSV import): 6 added');
  });

  it('says what is wrong with the command line', async () => {
    await expect(cliImport()).rejects.toThrow('import takes one file');
    await expect(cliImport(join(temp.dir, 'nope.csv'))).rejects.toThrow(
      `There is no file at ${join(temp.dir, 'nope.csv')}`,
    );
    await expect(cliImport(join(FIXTURES, 'custom.csv'), '--map', 'acount=Company')).rejects.toThrow(
      '--map: unknown field “acount”',
    );
    expect(parseMapping('account=Acme, Inc. column,amount = Value')).toEqual({
      account: 'Acme, Inc. column',
      amount: 'Value',
    });
  });
});

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

function toStrings(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((e): e is [string, string] => e[1] !== undefined));
}
