/**
 * The two schemas must describe one database: every schema change is made in src/db/schema.ts (SQLite) and
 * src/storage/pg/schema.ts (Postgres) and generated twice, and this catches a forgotten half. Column types differ
 * on purpose (bigint for epoch ms and cents, boolean, json, double precision); what the app sees must not: the
 * same exports, JS property names, SQL names, nullability, keys, defaults, enums, indexes and foreign keys.
 */
import { type Column, getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import { PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../src/db/schema.js';
import * as pgSchema from '../../src/storage/pg/schema.js';

/** A column as the app sees it. A default written as SQL differs per dialect (the clock, '[]'), so only its presence counts. */
function columnShape(key: string, column: Column) {
  return {
    key,
    name: column.name,
    dataType: column.dataType,
    notNull: column.notNull,
    primary: column.primary,
    hasDefault: column.hasDefault,
    default: is(column.default, SQL) ? 'sql' : column.default,
    enumValues: column.enumValues ?? null,
  };
}

interface KeyConfig {
  getName(): string | undefined;
  columns: { name: string }[];
}
interface ForeignKeyConfig {
  getName(): string;
  onDelete?: string;
  onUpdate?: string;
  reference(): {
    columns: { name: string }[];
    foreignTable: Parameters<typeof getTableName>[0];
    foreignColumns: { name: string }[];
  };
}
interface TableConfig {
  name: string;
  indexes: { config: { name?: string; unique: boolean; columns: unknown[] } }[];
  foreignKeys: ForeignKeyConfig[];
  primaryKeys: KeyConfig[];
  uniqueConstraints: KeyConfig[];
}

/** An index column: a Column on SQLite, an IndexedColumn on Postgres; both carry the SQL name. */
const indexColumnName = (column: unknown) => (column as { name?: string }).name ?? String(column);

/** A table's shape, the same for both dialects, sorted so that declaration order does not matter. */
function tableShape(table: Parameters<typeof getTableColumns>[0], config: TableConfig) {
  const byName = <T extends { name: string }>(rows: T[]) => rows.sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    name: config.name,
    columns: Object.entries(getTableColumns(table))
      .map(([key, column]) => columnShape(key, column))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    indexes: byName(
      config.indexes.map((i) => ({
        name: i.config.name ?? '',
        unique: i.config.unique,
        columns: i.config.columns.map(indexColumnName),
      })),
    ),
    foreignKeys: byName(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: ref.columns.map((c) => c.name),
          foreignTable: getTableName(ref.foreignTable),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
      }),
    ),
    primaryKeys: byName(
      config.primaryKeys.map((k) => ({ name: k.getName() ?? '', columns: k.columns.map((c) => c.name) })),
    ),
    uniqueConstraints: byName(
      config.uniqueConstraints.map((k) => ({ name: k.getName() ?? '', columns: k.columns.map((c) => c.name) })),
    ),
  };
}

const sqliteTables = Object.fromEntries(
  Object.entries(sqliteSchema)
    .filter(([, value]) => is(value, SQLiteTable))
    .map(([key, table]) => [key, tableShape(table as SQLiteTable, sqliteTableConfig(table as SQLiteTable))]),
);
const pgTables = Object.fromEntries(
  Object.entries(pgSchema)
    .filter(([, value]) => is(value, PgTable))
    .map(([key, table]) => [key, tableShape(table as PgTable, pgTableConfig(table as PgTable))]),
);

describe('the Postgres schema mirrors the SQLite one', () => {
  it('exports the same names', () => {
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
    expect(Object.keys(sqliteTables).length).toBeGreaterThan(10);
  });

  it.each(Object.keys(sqliteTables))('%s: same columns, keys, indexes and foreign keys', (key) => {
    expect(pgTables[key]).toEqual(sqliteTables[key]);
  });
});
