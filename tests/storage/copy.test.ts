/**
 * `copy` (src/storage/copy.ts): a seeded SQLite team, with a row in every other table, copied into a fresh Postgres
 * database: the same counts and export on both sides, ids continuing where SQLite left off, and a second copy into
 * the same database refused. Skipped without TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySummary } from '../../src/crm/model.js';
import { acquireCrmLease, finishCrmRunOk, startCrmRun } from '../../src/db/crm.js';
import { saveOwnerAnswer } from '../../src/db/crm-owners.js';
import { firstDelivery } from '../../src/db/events.js';
import { exportData } from '../../src/db/export.js';
import { recordCurrencyChange } from '../../src/db/history.js';
import { takePassLease } from '../../src/db/pass-leases.js';
import { pauseRep } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { claimSend, sendKey } from '../../src/db/sends.js';
import { setTarget } from '../../src/db/targets.js';
import { type CopyReport, copyStore, tablesInOrder } from '../../src/storage/copy.js';
import { exportData as pgExportData } from '../../src/storage/pg/export.js';
import { openPgStore, type PgStore } from '../../src/storage/pg/store.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { createTestDatabase, PG_SKIP_REASON, type TestDatabase, testDatabaseUrl } from '../support/pg.js';

const TEAM = 'TSEED';
/** Tue 2026-12-01 17:00 UTC. */
const NOW = Date.UTC(2026, 11, 1, 17, 0);

describe('the tables copy copies, in order', () => {
  it('takes every table, parents before the tables that reference them, the change log last', () => {
    const names = tablesInOrder().map((table) => table.name);
    expect(names).toHaveLength(21);
    expect(new Set(names).size).toBe(21);
    const isBefore = (parent: string, child: string) =>
      expect(names.indexOf(parent)).toBeLessThan(names.indexOf(child));
    isBefore('teams', 'reps');
    isBefore('teams', 'accounts');
    isBefore('teams', 'team_history');
    isBefore('accounts', 'deals');
    isBefore('accounts', 'activities');
    expect(names.slice(-2)).toEqual(['team_changes', 'rep_changes']);
  });
});

/** A seeded team, then one or more rows in each table the seed leaves empty, and a deleted last deal. */
function seedSource(temp: TempStorage): { deletedDealId: number } {
  const { db, sqlite } = temp;
  const [userId = ''] = seedTeam(sqlite, { teamId: TEAM, reps: 4, days: 21, now: NOW }).userIds;
  pauseRep(db, { teamId: TEAM, userId, today: '2026-12-02', until: '2026-12-05' });
  setTarget(db, { teamId: TEAM, userId, activity: 'call', per: 'day', count: 12, now: NOW });
  takePassLease(db, { teamId: TEAM, holder: 'seed', now: NOW });
  claimSend(db, {
    key: sendKey(TEAM, userId, 'checkin', '2026-12-01'),
    teamId: TEAM,
    recipient: userId,
    kind: 'checkin',
    now: NOW,
  });
  firstDelivery(db, 'Ev0001', NOW);
  recordCurrencyChange(db, { teamId: TEAM, userId, at: NOW, change: { from: 'USD', to: 'EUR', quotas: 1, deals: 2 } });
  acquireCrmLease(db, { teamId: TEAM, source: 'hubspot', now: NOW, force: true });
  const run = startCrmRun(db, { teamId: TEAM, source: 'hubspot', trigger: 'cli', dryRun: false, now: NOW });
  finishCrmRunOk(db, run, emptySummary('hubspot', false), NOW + 1);
  saveOwnerAnswer(db, { teamId: TEAM, ownerKey: 'ann@acme.test', userId, reason: null, checkedAt: NOW });
  sqlite
    .prepare(
      `insert into installations (install_key, team_id, is_enterprise_install, key_id, secret, installed_at, updated_at)
       values ('T:TSEED', 'TSEED', 0, 'k1', 'c2VjcmV0', ?, ?)`,
    )
    .run(NOW, NOW);
  sqlite.prepare("insert into org_workspaces (enterprise_id, team_id, seen_at) values ('E1', 'TSEED', ?)").run(NOW);
  sqlite
    .prepare(
      "insert into workspace_purges (install_key, team_id, uninstalled_at, purge_after) values ('T:TGONE', 'TGONE', ?, ?)",
    )
    .run(NOW, NOW + 1);
  const last = sqlite.prepare('select max(id) as id from deals').get() as { id: number };
  sqlite.prepare('delete from deals where id = ?').run(last.id);
  return { deletedDealId: last.id };
}

const countOf = (temp: TempStorage, table: string) =>
  (temp.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;

describe.skipIf(!testDatabaseUrl())(`copy into Postgres${testDatabaseUrl() ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let source: TempStorage;
  let database: TestDatabase;
  let report: CopyReport;
  let deletedDealId: number;
  let target: PgStore;
  const told: string[] = [];

  beforeAll(async () => {
    source = tempStorage();
    ({ deletedDealId } = seedSource(source));
    database = await createTestDatabase('empty');
    report = await copyStore(source, database.url, { onTable: (name) => told.push(name) });
    target = await openPgStore(database.url, { poolSize: 1 });
  }, 120_000);

  afterAll(async () => {
    await target?.close();
    await database?.drop();
    source?.remove();
  });

  it('copies every row of every table, and says so table by table', async () => {
    expect(report.tables.map((table) => table.name)).toEqual(tablesInOrder().map((table) => table.name));
    expect(told).toEqual(report.tables.map((table) => table.name));
    for (const { name, rows } of report.tables) {
      expect([name, rows]).toEqual([name, countOf(source, name)]);
      const { rows: counted } = await target.pool.query<{ n: number }>(`select count(*)::int as n from "${name}"`);
      expect([name, counted[0]?.n]).toEqual([name, rows]);
    }
    // Every table has a row to copy, so none was copied by accident of being empty.
    expect(report.tables.filter((table) => table.rows === 0)).toEqual([]);
    expect(countOf(source, 'reps')).toBe(4);
  });

  it('exports the same on both sides, and keeps the change log as SQLite had it', async () => {
    const sqliteExport = exportData(source.db, null);
    const pgExport = await pgExportData(target.db, null);
    // Postgres gives the tables keyed by an id in id order, as SQLite's rowid order does.
    for (const name of ['deals', 'activities', 'accounts', 'quotas', 'crm_runs']) {
      expect([name, pgExport[name]]).toEqual([name, sqliteExport[name]]);
    }
    const byKey = (rows: Record<string, unknown>[] = []) =>
      [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    for (const name of Object.keys(sqliteExport)) {
      expect([name, byKey(pgExport[name])]).toEqual([name, byKey(sqliteExport[name])]);
    }
    expect(report.exportedRows).toBe(Object.values(sqliteExport).reduce((sum, rows) => sum + rows.length, 0));
    const changes = source.sqlite.prepare('select team_id, seq, wide_seq from team_changes').all();
    const { rows } = await target.pool.query('select team_id, seq, wide_seq from team_changes');
    expect(rows).toEqual(changes);
  });

  it('continues each id where SQLite left off: after the largest id, or a larger one deleted', async () => {
    const deals = report.sequences.find((sequence) => sequence.table === 'deals');
    expect(deals?.next).toBe(deletedDealId + 1);
    const account = (await target.pool.query<{ id: number }>('select min(id) as id from accounts')).rows[0]?.id;
    const deal = await target.pool.query<{ id: number }>(
      `insert into deals (team_id, user_id, account_id, amount_cents, status, created_at)
       values ('TSEED', 'USEED0001', $1, 100, 'open', $2) returning id`,
      [account, NOW],
    );
    expect(deal.rows[0]?.id).toBe(deletedDealId + 1);
    const maxActivity = (source.sqlite.prepare('select max(id) as id from activities').get() as { id: number }).id;
    const activity = await target.pool.query<{ id: number }>(
      `insert into activities (team_id, user_id, kind, count, occurred_at, local_date)
       values ('TSEED', 'USEED0001', 'call', 1, $1, '2026-12-01') returning id`,
      [NOW],
    );
    expect(activity.rows[0]?.id).toBe(maxActivity + 1);
    expect(report.sequences.map((sequence) => sequence.table).sort()).toEqual([
      'accounts',
      'activities',
      'crm_runs',
      'deals',
      'pauses',
      'quotas',
      'scheduled_sends',
      'team_history',
    ]);
  });

  it('refuses to copy into a database that has teams, and changes nothing there', async () => {
    const before = await pgExportData(target.db, null);
    await expect(copyStore(source, database.url)).rejects.toThrow(/already holds 1 team\(s\)/);
    expect(await pgExportData(target.db, null)).toEqual(before);
  });
});
