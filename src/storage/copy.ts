/**
 * `copy`: a SQLite database into an empty Postgres one, as it is, then checked. The target is migrated first and
 * refused if it already has teams. Every table is copied in one Postgres transaction, parents before the tables
 * that reference them, in rowid order, many rows per INSERT, with the source's ids; each identity sequence then
 * continues after the largest id SQLite ever gave (so no id is reused, as AUTOINCREMENT promises). The change
 * log (team_changes, rep_changes), which the Postgres triggers filled while the rows went in, is replaced last by
 * the source's own. Once committed, each table's row count, the change log and the whole export
 * (exporter.exportData(null)) must be the same on both sides; the copy throws when they are not.
 *
 * The source is read from one snapshot (a read transaction on its connection, held for the copy and the check),
 * so a server writing to it meanwhile does not tear the copy; its later writes are not copied.
 */
import { isDeepStrictEqual } from 'node:util';
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openStorage, type Storage } from '../db/connection.js';
import { exportData } from '../db/export.js';
import * as sqliteSchema from '../db/schema.js';
import type { PgDb } from './pg/db.js';
import { exportData as pgExportData } from './pg/export.js';
import * as pgSchema from './pg/schema.js';
import { openPgStore } from './pg/store.js';

/** Postgres binds at most 65,535 parameters per statement. */
export const MAX_PARAMETERS = 65_535;
/** Rows read from SQLite and written per INSERT at most, whatever the column count: bounds the memory a table takes. */
const MAX_ROWS_PER_BATCH = 2_000;
/** Written last, over what the Postgres triggers recorded while the other tables went in. */
const CHANGE_LOG = ['team_changes', 'rep_changes'];

export interface CopyReport {
  /** Every table in the order copied, with its row count (the same on both sides). */
  tables: { name: string; rows: number }[];
  /** Each identity sequence's next value. */
  sequences: { table: string; next: number }[];
  /** How many rows the compared export held, all tables together. */
  exportedRows: number;
  ms: number;
}

export interface CopyOptions {
  /** Told after each table is written (the CLI prints it). */
  onTable?: (name: string, rows: number) => void;
}

interface TablePair {
  name: string;
  source: SQLiteTable;
  target: PgTable;
}

/**
 * Copies the SQLite database (a file path, opened and migrated here, or an open Storage nothing else uses meanwhile)
 * into the empty Postgres database at `toUrl`, and checks the copy. Returns what was copied; throws when the target
 * has teams already, or when the copy differs from the source (the target then holds the copy as written).
 */
export async function copyStore(from: string | Storage, toUrl: string, options: CopyOptions = {}): Promise<CopyReport> {
  const started = Date.now();
  const source = typeof from === 'string' ? openStorage(from) : from;
  try {
    const target = await openPgStore(toUrl, { poolSize: 2 });
    try {
      // One read snapshot for the copy and the check (WAL: writers go on meanwhile, unseen here).
      const snapshot = !source.sqlite.inTransaction;
      if (snapshot) source.sqlite.exec('BEGIN DEFERRED');
      try {
        const tables = tablesInOrder();
        const copied = await target.db.transaction(async (tx) => {
          await refuseNonEmpty(tx);
          const counts: CopyReport['tables'] = [];
          for (const pair of tables) {
            const rows = await copyTable(source, tx, pair);
            counts.push({ name: pair.name, rows });
            options.onTable?.(pair.name, rows);
          }
          const sequences = await continueSequences(source, tx, tables);
          return { counts, sequences };
        });
        const exportedRows = await verify(source, target.db, copied.counts);
        return { tables: copied.counts, sequences: copied.sequences, exportedRows, ms: Date.now() - started };
      } finally {
        if (snapshot && source.sqlite.inTransaction) source.sqlite.exec('COMMIT');
      }
    } finally {
      await target.close();
    }
  } finally {
    if (typeof from === 'string') source.close();
  }
}

/**
 * Every table of the SQLite schema with its Postgres twin (the same export name), parents before children (by the
 * Postgres foreign keys), otherwise in schema order, the change log last. A table missing its twin is an error:
 * a copy must never drop a table silently.
 */
export function tablesInOrder(): TablePair[] {
  const pgTables = new Map(
    Object.entries(pgSchema).flatMap(([key, value]) => (is(value, PgTable) ? [[key, value] as const] : [])),
  );
  const pairs: TablePair[] = [];
  for (const [key, value] of Object.entries(sqliteSchema)) {
    if (!is(value, SQLiteTable)) continue;
    const target = pgTables.get(key);
    if (!target) throw new Error(`copy: the Postgres schema has no table for ${key} (src/storage/pg/schema.ts)`);
    pairs.push({ name: getTableName(value), source: value, target });
  }
  const byName = new Map(pairs.map((pair) => [pair.name, pair]));
  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  const place = (pair: TablePair, path: readonly string[]) => {
    if (placed.has(pair.name)) return;
    if (path.includes(pair.name))
      throw new Error(`copy: foreign keys form a cycle: ${[...path, pair.name].join(' → ')}`);
    for (const fk of getTableConfig(pair.target).foreignKeys) {
      const parent = byName.get(getTableName(fk.reference().foreignTable));
      if (parent && parent !== pair) place(parent, [...path, pair.name]);
    }
    placed.add(pair.name);
    ordered.push(pair);
  };
  for (const pair of pairs) if (!CHANGE_LOG.includes(pair.name)) place(pair, []);
  for (const name of CHANGE_LOG) {
    const pair = byName.get(name);
    if (pair) place(pair, []);
  }
  return ordered;
}

async function refuseNonEmpty(tx: PgDb): Promise<void> {
  const { rows } = await tx.execute<{ n: number }>(sql`select count(*)::int as n from teams`);
  const teams = rows[0]?.n ?? 0;
  if (teams > 0) {
    throw new Error(
      `copy: the Postgres database already holds ${teams} team(s); copy only into an empty database ` +
        '(create a new one, or drop this one if it is a copy to redo)',
    );
  }
}

/** The table's rows, in rowid order, many per INSERT; returns how many. The change log replaces what is there. */
async function copyTable(source: Storage, tx: PgDb, pair: TablePair): Promise<number> {
  const columns = getTableColumns(pair.source);
  const perBatch = Math.min(MAX_ROWS_PER_BATCH, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
  if (CHANGE_LOG.includes(pair.name)) await tx.delete(pair.target);
  let copied = 0;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = source.db
      .select({ ...columns, copyRowid: sql<number>`rowid` })
      .from(pair.source)
      .where(sql`rowid > ${after}`)
      .orderBy(sql`rowid`)
      .limit(perBatch)
      .all() as (Record<string, unknown> & { copyRowid: number })[];
    if (page.length === 0) return copied;
    after = page[page.length - 1]?.copyRowid ?? after;
    const rows = page.map(({ copyRowid: _, ...row }) => row);
    await tx.insert(pair.target).values(rows as (typeof pair.target)['$inferInsert'][]);
    copied += rows.length;
  }
}

/**
 * Moves each identity sequence past the largest id SQLite gave in that table: the table's largest id, or a
 * larger one AUTOINCREMENT gave before its row was deleted (sqlite_sequence).
 */
async function continueSequences(
  source: Storage,
  tx: PgDb,
  tables: readonly TablePair[],
): Promise<CopyReport['sequences']> {
  const given = new Map(
    (source.sqlite.prepare('select name, seq from sqlite_sequence').all() as { name: string; seq: number }[]).map(
      (row) => [row.name, row.seq],
    ),
  );
  const sequences: CopyReport['sequences'] = [];
  for (const { name, target } of tables) {
    if (!('id' in getTableColumns(target))) continue;
    const { rows } = await tx.execute<{ sequence: string | null }>(
      sql`select pg_get_serial_sequence(${name}, 'id') as sequence`,
    );
    const sequence = rows[0]?.sequence;
    if (!sequence) continue;
    const { rows: maxRows } = await tx.execute<{ max: number | null }>(
      sql`select max(id)::bigint as max from ${sql.identifier(name)}`,
    );
    const next = Math.max(Number(maxRows[0]?.max ?? 0), given.get(name) ?? 0) + 1;
    await tx.execute(sql`select setval(${sequence}::regclass, ${next}, false)`);
    sequences.push({ table: name, next });
  }
  return sequences;
}

/**
 * The check after commit: each table's count on both sides, the change log row for row, and the whole export
 * (rows compared in a canonical order: SQLite gives the tables without an id in insertion order, Postgres in key
 * order). Returns the export's row count; throws on the first difference.
 */
async function verify(source: Storage, target: PgDb, counts: CopyReport['tables']): Promise<number> {
  for (const { name, rows } of counts) {
    const sqliteRows = (source.sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
    const { rows: pgRows } = await target.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(name)}`,
    );
    const pgCount = pgRows[0]?.n ?? -1;
    if (sqliteRows !== rows || pgCount !== rows) {
      throw new Error(`copy: ${name} has ${sqliteRows} rows in SQLite, ${rows} copied, ${pgCount} in Postgres`);
    }
  }
  for (const name of CHANGE_LOG) {
    const sqliteRows = source.sqlite.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
    const { rows: pgRows } = await target.execute<Record<string, unknown>>(sql`select * from ${sql.identifier(name)}`);
    assertSameRows(name, sqliteRows, pgRows);
  }
  const before = exportData(source.db, null);
  const after = await pgExportData(target, null);
  assertSameRows('export tables', Object.keys(before), Object.keys(after));
  let exported = 0;
  for (const [name, rows] of Object.entries(before)) {
    assertSameRows(`${name} (export)`, rows, after[name] ?? []);
    exported += rows.length;
  }
  return exported;
}

function assertSameRows(what: string, expected: readonly unknown[], actual: readonly unknown[]): void {
  const [left, right] = [canonical(expected), canonical(actual)];
  const same = (a: Keyed[], b: Keyed[]) =>
    a.length === b.length && a.every((row, i) => row.key === b[i]?.key && isDeepStrictEqual(row.row, b[i]?.row));
  if (same(left, right)) return;
  const rightKeys = new Set(right.map((row) => row.key));
  const leftKeys = new Set(left.map((row) => row.key));
  const missing = left.find((row) => !rightKeys.has(row.key))?.key;
  const extra = right.find((row) => !leftKeys.has(row.key))?.key;
  throw new Error(
    `copy: ${what} differ between SQLite (${expected.length} rows) and Postgres (${actual.length} rows)` +
      `${missing ? `; only in SQLite: ${missing.slice(0, 2000)}` : ''}` +
      `${extra ? `; only in Postgres: ${extra.slice(0, 2000)}` : ''}`,
  );
}

interface Keyed {
  key: string;
  row: unknown;
}

/**
 * The rows in a canonical order (by their JSON text), each kept as a value too: compared as values, a Date and its
 * ISO text, or an undefined field and a missing one, still differ.
 */
function canonical(rows: readonly unknown[]): Keyed[] {
  return rows
    .map((row) => ({ key: JSON.stringify(row), row }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
