/**
 * The Postgres twin of src/db/export.ts: every row of a team (or of all teams), table by table, from one
 * REPEATABLE READ snapshot (inside a transaction already, from that transaction's). Rows come in primary-key
 * order: on SQLite they come in rowid order, which is the same for the tables keyed by an id, and insertion order
 * for the others (which a Postgres table does not keep).
 */
import { asc, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ExportData } from '../../db/export.js';
import type { PgDb } from './db.js';
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

export { columnsOf, EXPORT_TABLES, type ExportData, toCsv } from '../../db/export.js';

/** Every table that holds a team's data, with the column that names the team and the primary key's columns. */
const TABLES: readonly { name: string; table: PgTable; team: PgColumn; key: readonly PgColumn[] }[] = [
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
  // crm_state stays out, as on SQLite: it holds the sync's lease and cursor, nothing a team owns.
  { name: 'crm_runs', table: crmRuns, team: crmRuns.teamId, key: [crmRuns.id] },
  { name: 'crm_owners', table: crmOwners, team: crmOwners.teamId, key: [crmOwners.teamId, crmOwners.ownerKey] },
];

/** The column of money (integer cents): every row that has one gets the team's currency right beside it. */
const AMOUNT_COLUMN = 'amountCents';
const CURRENCY_COLUMN = 'currency';
/** A team with no settings row yet reads amounts in the schema's default currency, as the app does. */
const DEFAULT_CURRENCY = 'USD';

/** All rows of one team (or of every team when teamId is null), table by table, from one snapshot. */
export async function exportData(db: PgDb, teamId: string | null): Promise<ExportData> {
  return db.transaction(
    async (tx) => {
      const data: ExportData = {};
      for (const { name, table, team, key } of TABLES) {
        const query = tx.select().from(table).$dynamic();
        const filtered = teamId === null ? query : query.where(eq(team, teamId));
        data[name] = (await filtered.orderBy(...key.map((column) => asc(column)))) as Record<string, unknown>[];
      }
      const currencies = new Map((data.teams ?? []).map((row) => [row.id, row.currency]));
      const currencyOf = (row: Record<string, unknown>) => String(currencies.get(row.teamId) ?? DEFAULT_CURRENCY);
      for (const name of Object.keys(data)) data[name] = (data[name] ?? []).map((row) => withCurrency(row, currencyOf));
      return data;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The row with `currency` right after its amount (as src/db/export.ts writes it). */
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
