import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { setPlan } from '../src/db/checkins.js';
import { openStorage } from '../src/db/connection.js';
import { recordWin } from '../src/db/deals.js';
import { exportData } from '../src/db/export.js';
import { tempStorage } from './support/db.js';
import { exited, runTs } from './support/process.js';

describe('the operator CLI', () => {
  let temp: ReturnType<typeof tempStorage>;
  let printed: string;
  const cli = (...args: string[]) =>
    runCli(args, (text) => {
      printed += text;
    });

  beforeEach(() => {
    temp = tempStorage();
    printed = '';
    process.env.DATABASE_PATH = temp.path;
    const now = Date.parse('2026-12-01T17:00:00Z');
    recordWin(temp.db, {
      teamId: 'T1',
      userId: 'UREP1',
      account: 'Acme, "The" Corp',
      amountCents: 3_000_000,
      now,
      today: '2026-12-01',
    });
    recordWin(temp.db, {
      teamId: 'T2',
      userId: 'UREP2',
      account: 'Other Team Co',
      amountCents: 100,
      now,
      today: '2026-12-01',
    });
    setPlan(temp.db, {
      teamId: 'T1',
      userId: 'UREP1',
      localDate: '2026-12-01',
      items: ['Call Initech', 'Line\nbreak'],
      now,
    });
  });
  afterEach(() => {
    delete process.env.DATABASE_PATH;
    temp.remove();
  });

  it('migrates a new database file', async () => {
    process.env.DATABASE_PATH = join(temp.dir, 'fresh', 'new.db');
    await cli('migrate');
    // 0000 init, 0001 scheduling, 0002 covering indexes, 0003 coaching truth, 0004 backfill of deal dates,
    // 0005 send leases and team indexes, 0006 the change log, 0007 holidays, 0008 the team's history,
    // 0009 send results, 0010 the CRM, 0011 installations, 0012 the pass's team leases
    expect(printed).toContain('up to date (13 migration(s) applied)');
    expect(existsSync(process.env.DATABASE_PATH)).toBe(true);
  });

  it('backs up the live database to a copy that restores every record', async () => {
    const copy = join(temp.dir, 'backup.db');
    await cli('backup', copy);
    expect(printed).toContain(`to ${copy}`);
    const restored = openStorage(copy);
    try {
      expect(exportData(restored.db, null)).toEqual(exportData(temp.db, null));
      expect(restored.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      restored.close();
    }
  });

  it("exports one team's data as JSON", async () => {
    await cli('export', '--team', 'T1');
    const data = JSON.parse(printed) as Record<string, Record<string, unknown>[]>;
    expect(data.accounts?.map((a) => a.name)).toEqual(['Acme, "The" Corp']);
    expect(data.deals).toHaveLength(1);
    expect(data.checkins?.[0]?.planItems).toEqual([
      { text: 'Call Initech', done: false },
      { text: 'Line\nbreak', done: false },
    ]);
  });

  it('exports CSV sections with proper quoting, or one file per table', async () => {
    await cli('export', '--format', 'csv', '--team', 'T1');
    expect(printed).toContain('# accounts\nid,teamId,name,nameKey,icp,icpSource,createdAt\n');
    expect(printed).toContain('"Acme, ""The"" Corp"');
    expect(printed).toContain(
      '"[{""text"":""Call Initech"",""done"":false},{""text"":""Line\\nbreak"",""done"":false}]"',
    );
    const dir = join(temp.dir, 'out');
    await cli('export', '--format', 'csv', '--out', dir);
    expect(readFileSync(join(dir, 'deals.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('refuses to back up or export a database that does not exist, creating nothing', async () => {
    const missing = join(temp.dir, 'typo', 'focus.db');
    process.env.DATABASE_PATH = missing;
    await expect(cli('backup', join(temp.dir, 'copy.db'))).rejects.toThrow(`There is no database at ${missing}`);
    await expect(cli('export')).rejects.toThrow('There is no database');
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(temp.dir, 'copy.db'))).toBe(false);
  });

  it('defuses spreadsheet formulas in CSV cells', async () => {
    recordWin(temp.db, {
      teamId: 'T1',
      userId: 'UREP1',
      account: '=HYPERLINK("http://evil.example","x")',
      amountCents: 100,
      now: Date.parse('2026-12-01T17:00:00Z'),
      today: '2026-12-01',
    });
    await cli('export', '--format', 'csv', '--team', 'T1');
    expect(printed).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(printed).not.toMatch(/,"?=HYPERLINK/);
  });

  it('refuses unknown commands and formats with usage and exit code 2', async () => {
    await expect(cli('export', '--format', 'xml')).rejects.toThrow('--format must be json or csv');
    const child = runTs('src/cli.ts', ['frobnicate'], { DATABASE_PATH: temp.path });
    expect(await exited(child)).toBe(2);
    expect(child.output()).toContain('Unknown command “frobnicate”');
    expect(child.output()).toContain('Usage: npm run cli');
  });
});
