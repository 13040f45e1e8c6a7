import { asc, eq, getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './connection.js';
import {
  accounts,
  activities,
  checkins,
  crmOwners,
  crmRuns,
  deals,
  pauses,
  quotas,
  reps,
  scheduledSends,
  targets,
  teamHistory,
  teams,
} from './schema.js';

/**
 * Every table that holds a team's data, with the column that names the team and the primary key's columns: rows
 * come in key order (as on Postgres, src/storage/pg/export.ts), not in whichever index the planner picks.
 */
const TABLES: readonly { name: string; table: SQLiteTable; team: SQLiteColumn; key: readonly SQLiteColumn[] }[] = [
  { name: 'teams', table: teams, team: teams.id, key: [teams.id] },
  { name: 'reps', table: reps, team: reps.teamId, key: [reps.teamId, reps.userId] },
  { name: 'quotas', table: quotas, team: quotas.teamId, key: [quotas.id] },
  { name: 'accounts', table: accounts, team: accounts.teamId, key: [accounts.id] },
  { name: 'deals', table: deals, team: deals.teamId, key: [deals.id] },
  { name: 'activities', table: activities, team: activities.teamId, key: [activities.id] },
  {
    name: 'targets',
    table: targets,
    team: targets.teamId,
    key: [targets.teamId, targets.userId, targets.activity, targets.per],
  },
  {
    name: 'checkins',
    table: checkins,
    team: checkins.teamId,
    key: [checkins.teamId, checkins.userId, checkins.localDate],
  },
  { name: 'pauses', table: pauses, team: pauses.teamId, key: [pauses.id] },
  { name: 'scheduled_sends', table: scheduledSends, team: scheduledSends.teamId, key: [scheduledSends.id] },
  { name: 'team_history', table: teamHistory, team: teamHistory.teamId, key: [teamHistory.id] },
  // What each CRM sync changed and skipped, and which CRM owner is which member. crm_state stays out: it holds
  // the sync's lease and cursor, nothing a team owns.
  { name: 'crm_runs', table: crmRuns, team: crmRuns.teamId, key: [crmRuns.id] },
  { name: 'crm_owners', table: crmOwners, team: crmOwners.teamId, key: [crmOwners.teamId, crmOwners.ownerKey] },
];

/** The column of money (integer cents): every row that has one gets the team's currency right beside it. */
const AMOUNT_COLUMN = 'amountCents';
const CURRENCY_COLUMN = 'currency';

/** A team with no settings row yet reads amounts in the schema's default currency, as the app does. */
const DEFAULT_CURRENCY = 'USD';

export type ExportData = Record<string, Record<string, unknown>[]>;

/**
 * All rows of one team (or of every team when teamId is null), table by table, read in
 * one transaction: a consistent snapshot even while the server writes.
 */
export function exportData(db: Db, teamId: string | null): ExportData {
  return db.transaction((tx) => {
    const data: ExportData = {};
    for (const { name, table, team, key } of TABLES) {
      const query = tx.select().from(table).$dynamic();
      const filtered = teamId === null ? query : query.where(eq(team, teamId));
      data[name] = filtered.orderBy(...key.map((column) => asc(column))).all() as Record<string, unknown>[];
    }
    const currencies = new Map((data.teams ?? []).map((row) => [row.id, row.currency]));
    const currencyOf = (row: Record<string, unknown>) => String(currencies.get(row.teamId) ?? DEFAULT_CURRENCY);
    for (const name of Object.keys(data)) data[name] = (data[name] ?? []).map((row) => withCurrency(row, currencyOf));
    return data;
  });
}

/**
 * The row with `currency` right after its amount, so an amount never travels without its unit: a team that
 * changed currency relabelled its amounts (nothing is converted), and an export read later must say in which.
 */
function withCurrency(
  row: Record<string, unknown>,
  currencyOf: (row: Record<string, unknown>) => string,
): Record<string, unknown> {
  if (!(AMOUNT_COLUMN in row)) return row;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value;
    if (key === AMOUNT_COLUMN) out[CURRENCY_COLUMN] = currencyOf(row);
  }
  return out;
}

/** Cells a spreadsheet would run as a formula (`=HYPERLINK(…)`) get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV document per table (RFC 4180 quoting; JSON for nested values). */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\n')}\n`;
}

export const EXPORT_TABLES = TABLES.map((t) => t.name);

export function columnsOf(name: string): string[] {
  const entry = TABLES.find((t) => t.name === name);
  if (!entry) return [];
  return Object.keys(getTableColumns(entry.table)).flatMap((column) =>
    column === AMOUNT_COLUMN ? [column, CURRENCY_COLUMN] : [column],
  );
}
