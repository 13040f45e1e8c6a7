/**
 * The Postgres twin of src/db/crm-apply.ts: the import engine's reads and writes. The engine runs them in one
 * transaction under the team's advisory lock (store.transaction with its teamId), so its reads and later writes
 * see no other writer of the team in between, as on SQLite.
 */
import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  type ActivityChanges,
  type ActivityRow,
  type DealChanges,
  IDS_PER_STATEMENT,
  INSERT_ROWS_PER_STATEMENT,
  type NewActivity,
  type NewDeal,
  type SlackLoggedDay,
  type TeamAccount,
  type TypedDeal,
} from '../../db/crm-apply.js';
import type { Deal } from '../../db/deals.js';
import type { IcpFit } from '../../domain/command.js';
import type { PgDb } from './db.js';
import { accounts, activities, deals, teams } from './schema.js';

export {
  type ActivityChanges,
  type ActivityRow,
  type DealChanges,
  IDS_PER_STATEMENT,
  INSERT_ROWS_PER_STATEMENT,
  type NewActivity,
  type NewDeal,
  type SlackLoggedDay,
  type TeamAccount,
  type TypedDeal,
} from '../../db/crm-apply.js';

/** The deals this source put here, in id order. */
export async function sourceDeals(db: PgDb, teamId: string, source: string): Promise<Deal[]> {
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.source, source)))
    .orderBy(deals.id);
}

/** Every deal typed in Slack in the team, with its account's name: what a new CRM record may take over. */
export async function typedDeals(db: PgDb, teamId: string): Promise<TypedDeal[]> {
  return db
    .select({ deal: deals, account: accounts.name })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, teamId), isNull(deals.source)))
    .orderBy(deals.id);
}

/** Adds deals, in the order given (ids rise with it: a multi-row VALUES takes identity values in order). */
export async function insertDeals(db: PgDb, rows: readonly NewDeal[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) {
    await db.insert(deals).values(rows.slice(i, i + INSERT_ROWS_PER_STATEMENT));
  }
}

export async function updateDeal(db: PgDb, teamId: string, dealId: number, changes: DealChanges): Promise<void> {
  await db
    .update(deals)
    .set(changes)
    .where(and(eq(deals.id, dealId), eq(deals.teamId, teamId)));
}

export async function deleteDeal(db: PgDb, teamId: string, dealId: number): Promise<void> {
  await db.delete(deals).where(and(eq(deals.id, dealId), eq(deals.teamId, teamId)));
}

/** Every deal write bumps the team's version, so cached conversion figures are never read stale (db/deals.ts). */
export async function bumpDealsVersion(db: PgDb, teamId: string): Promise<void> {
  await db
    .update(teams)
    .set({ dealsVersion: sql`${teams.dealsVersion} + 1` })
    .where(eq(teams.id, teamId));
}

/** The activities this source put here, in id order. */
export async function sourceActivities(db: PgDb, teamId: string, source: string): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.teamId, teamId), eq(activities.source, source)))
    .orderBy(activities.id);
}

/** The rep-day-kinds between two local dates (both included) that have activity logged in Slack. */
export async function slackLoggedDays(db: PgDb, teamId: string, from: string, to: string): Promise<SlackLoggedDay[]> {
  return db
    .selectDistinct({ userId: activities.userId, localDate: activities.localDate, kind: activities.kind })
    .from(activities)
    .where(
      and(
        eq(activities.teamId, teamId),
        isNull(activities.source),
        gte(activities.localDate, from),
        lte(activities.localDate, to),
      ),
    )
    .orderBy(activities.userId, activities.localDate, activities.kind);
}

/** Adds activities, in the order given (ids rise with it). */
export async function insertActivities(db: PgDb, rows: readonly NewActivity[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) {
    await db.insert(activities).values(rows.slice(i, i + INSERT_ROWS_PER_STATEMENT));
  }
}

export async function updateActivity(
  db: PgDb,
  teamId: string,
  activityId: number,
  changes: ActivityChanges,
): Promise<void> {
  await db
    .update(activities)
    .set(changes)
    .where(and(eq(activities.id, activityId), eq(activities.teamId, teamId)));
}

export async function deleteActivity(db: PgDb, teamId: string, activityId: number): Promise<void> {
  await db.delete(activities).where(and(eq(activities.id, activityId), eq(activities.teamId, teamId)));
}

/** The team's accounts (name and fit), in id order: the engine looks every record's company up in memory. */
export async function teamAccounts(db: PgDb, teamId: string): Promise<TeamAccount[]> {
  return db
    .select({
      id: accounts.id,
      name: accounts.name,
      nameKey: accounts.nameKey,
      icp: accounts.icp,
      icpSource: accounts.icpSource,
    })
    .from(accounts)
    .where(eq(accounts.teamId, teamId))
    .orderBy(accounts.id);
}

/** The CRM's ICP fit on these accounts of the team, and which CRM set it. */
export async function setAccountsFit(
  db: PgDb,
  teamId: string,
  accountIds: readonly number[],
  fit: { icp: IcpFit; icpSource: string },
): Promise<void> {
  for (let i = 0; i < accountIds.length; i += IDS_PER_STATEMENT) {
    const ids = accountIds.slice(i, i + IDS_PER_STATEMENT);
    await db
      .update(accounts)
      .set(fit)
      .where(and(eq(accounts.teamId, teamId), inArray(accounts.id, ids)));
  }
}
