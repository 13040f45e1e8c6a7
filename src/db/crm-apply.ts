/**
 * The statements of the CRM import engine (src/crm/apply*.ts), which runs them inside one transaction per batch:
 * a source's deals and activities as they stand here, written back record by record; the rep's typed deals a
 * CRM record can take over; the team's accounts by name; the CRM's ICP fit. The engine keeps the logic; this
 * module (and its Postgres twin, src/storage/pg/crm-apply.ts) only reads and writes.
 */
import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { IcpFit } from '../domain/command.js';
import type { Db } from './connection.js';
import type { Deal } from './deals.js';
import { accounts, activities, deals, teams } from './schema.js';

export type NewDeal = typeof deals.$inferInsert;
export type ActivityRow = typeof activities.$inferSelect;
export type NewActivity = typeof activities.$inferInsert;
/** A deal's columns the engine changes (never its id or team). */
export type DealChanges = Partial<Omit<NewDeal, 'id' | 'teamId'>>;
export type ActivityChanges = Partial<Omit<NewActivity, 'id' | 'teamId'>>;

/** An account as the engine keeps it in memory: its name, for lookups, and its fit, to set only a change. */
export type TeamAccount = Pick<typeof accounts.$inferSelect, 'id' | 'name' | 'nameKey' | 'icp' | 'icpSource'>;

/** A rep's day of one kind of activity. */
export type SlackLoggedDay = Pick<ActivityRow, 'userId' | 'localDate' | 'kind'>;

/** A rep's deal typed in Slack (source null), with its account's name. */
export interface TypedDeal {
  deal: Deal;
  account: string;
}

/**
 * Rows per multi-row INSERT: deals have 16 columns, so 500 rows bind 8,000 parameters, under SQLite's 32,766 and
 * Postgres' 65,535.
 */
export const INSERT_ROWS_PER_STATEMENT = 500;

/** Ids per `in (…)` list of one statement. */
export const IDS_PER_STATEMENT = 500;

/** The deals this source put here, in id order. */
export function sourceDeals(db: Db, teamId: string, source: string): Deal[] {
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.source, source)))
    .orderBy(deals.id)
    .all();
}

/** Every deal typed in Slack in the team, with its account's name: what a new CRM record may take over. */
export function typedDeals(db: Db, teamId: string): TypedDeal[] {
  return db
    .select({ deal: deals, account: accounts.name })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, teamId), isNull(deals.source)))
    .orderBy(deals.id)
    .all();
}

/** Adds deals, in the order given (ids rise with it). */
export function insertDeals(db: Db, rows: readonly NewDeal[]): void {
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) {
    db.insert(deals)
      .values(rows.slice(i, i + INSERT_ROWS_PER_STATEMENT))
      .run();
  }
}

export function updateDeal(db: Db, teamId: string, dealId: number, changes: DealChanges): void {
  db.update(deals)
    .set(changes)
    .where(and(eq(deals.id, dealId), eq(deals.teamId, teamId)))
    .run();
}

export function deleteDeal(db: Db, teamId: string, dealId: number): void {
  db.delete(deals)
    .where(and(eq(deals.id, dealId), eq(deals.teamId, teamId)))
    .run();
}

/** Every deal write bumps the team's version, so cached conversion figures are never read stale (db/deals.ts). */
export function bumpDealsVersion(db: Db, teamId: string): void {
  db.update(teams)
    .set({ dealsVersion: sql`${teams.dealsVersion} + 1` })
    .where(eq(teams.id, teamId))
    .run();
}

/** The activities this source put here, in id order. */
export function sourceActivities(db: Db, teamId: string, source: string): ActivityRow[] {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.teamId, teamId), eq(activities.source, source)))
    .orderBy(activities.id)
    .all();
}

/**
 * The rep-day-kinds between two local dates (both included) that have activity logged in Slack: the only days
 * where counting CRM activity again can change a count (db/activities.ts recountActivityDay).
 */
export function slackLoggedDays(db: Db, teamId: string, from: string, to: string): SlackLoggedDay[] {
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
    .orderBy(activities.userId, activities.localDate, activities.kind)
    .all();
}

/** Adds activities, in the order given (ids rise with it). */
export function insertActivities(db: Db, rows: readonly NewActivity[]): void {
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) {
    db.insert(activities)
      .values(rows.slice(i, i + INSERT_ROWS_PER_STATEMENT))
      .run();
  }
}

export function updateActivity(db: Db, teamId: string, activityId: number, changes: ActivityChanges): void {
  db.update(activities)
    .set(changes)
    .where(and(eq(activities.id, activityId), eq(activities.teamId, teamId)))
    .run();
}

export function deleteActivity(db: Db, teamId: string, activityId: number): void {
  db.delete(activities)
    .where(and(eq(activities.id, activityId), eq(activities.teamId, teamId)))
    .run();
}

/** The team's accounts (name and fit), in id order: the engine looks every record's company up in memory. */
export function teamAccounts(db: Db, teamId: string): TeamAccount[] {
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
    .orderBy(accounts.id)
    .all();
}

/** The CRM's ICP fit on these accounts of the team, and which CRM set it. */
export function setAccountsFit(
  db: Db,
  teamId: string,
  accountIds: readonly number[],
  fit: { icp: IcpFit; icpSource: string },
): void {
  for (let i = 0; i < accountIds.length; i += IDS_PER_STATEMENT) {
    db.update(accounts)
      .set(fit)
      .where(and(eq(accounts.teamId, teamId), inArray(accounts.id, accountIds.slice(i, i + IDS_PER_STATEMENT))))
      .run();
  }
}
