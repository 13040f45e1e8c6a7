/**
 * The Postgres twin of src/db/due-reps.ts: what the morning check-ins of many reps of one team rest on, read at
 * once, with the same rows in the same order per rep as the SQLite module.
 *
 * The reps are bound as one text array (`user_id = any($1::text[])`) where SQLite reads a JSON array. SQLite
 * sorts NULL first in ascending order and Postgres last, so every sort key that may be null says `nulls first`;
 * the pauses' rowid tie-break is their id.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { CheckinRow, DayTally } from '../../db/due-reps.js';
import type { Target } from '../../db/targets.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { ActivityKind, PeriodKind } from '../../domain/command.js';
import type { PgDb } from './db.js';
import { teamChanges } from './schema.js';

export type { CheckinRow, DayTally } from '../../db/due-reps.js';

type UserIds = readonly string[];

const repsIn = (column: string, userIds: UserIds) => sql`${sql.raw(column)} = any(${sql.param([...userIds])}::text[])`;

async function rowsOf<T extends Record<string, unknown>>(db: PgDb, query: SQL): Promise<T[]> {
  return (await db.execute<T>(query)).rows as T[];
}

/** As pausesOf: [userId, startsOn, until]. */
export async function pausesOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
): Promise<[string, LocalDate, LocalDate][]> {
  const rows = await rowsOf<{ userId: string; startsOn: LocalDate; until: LocalDate }>(
    db,
    sql`
    select user_id as "userId", starts_on as "startsOn", until from pauses
    where team_id = ${teamId} and ${repsIn('user_id', userIds)}
    order by user_id, until, id`,
  );
  return rows.map((row) => [row.userId, row.startsOn, row.until]);
}

/**
 * Every quota of the reps (a rep has a few a year): [userId, kind, start, end, amount], by start then kind, then
 * rep (SQLite reads the reps from its sorted list of them, and keeps that order among equal starts and kinds).
 */
export async function quotasOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
): Promise<[string, PeriodKind, LocalDate, LocalDate, number][]> {
  const rows = await rowsOf<{
    userId: string;
    periodKind: PeriodKind;
    periodStart: LocalDate;
    periodEnd: LocalDate;
    amountCents: number;
  }>(
    db,
    sql`
    select user_id as "userId", period_kind as "periodKind", period_start as "periodStart",
      period_end as "periodEnd", amount_cents as "amountCents"
    from quotas
    where team_id = ${teamId} and ${repsIn('user_id', userIds)}
    order by period_start, period_kind, user_id`,
  );
  return rows.map((row) => [row.userId, row.periodKind, row.periodStart, row.periodEnd, row.amountCents]);
}

/** As listTargets, for each rep: by rep, period, then activity. */
export async function targetsOfReps(db: PgDb, teamId: string, userIds: UserIds): Promise<Target[]> {
  return rowsOf<Target>(
    db,
    sql`
    select team_id as "teamId", user_id as "userId", activity, per, count, updated_at as "updatedAt"
    from targets where team_id = ${teamId} and ${repsIn('user_id', userIds)} order by user_id, per, activity`,
  );
}

/**
 * As closedDeals, over [from, to] (the union of the reps' ranges; each rep's is picked out in memory), in the
 * order SQLite reads them: [userId, status, amount, openedOn, closedOn].
 */
export async function closedDealsOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
  from: LocalDate,
  to: LocalDate,
): Promise<[string, 'won' | 'lost', number, LocalDate | null, LocalDate][]> {
  const rows = await rowsOf<{
    userId: string;
    status: 'won' | 'lost';
    amountCents: number;
    openedOn: LocalDate | null;
    closedOn: LocalDate;
  }>(
    db,
    sql`
    select user_id as "userId", status, amount_cents as "amountCents", opened_on as "openedOn",
      closed_on as "closedOn"
    from deals
    where team_id = ${teamId} and ${repsIn('user_id', userIds)} and status in ('won', 'lost')
      and closed_on >= ${from} and closed_on <= ${to}
    order by user_id, status, closed_on, amount_cents, opened_on nulls first, id`,
  );
  return rows.map((row) => [row.userId, row.status, row.amountCents, row.openedOn, row.closedOn]);
}

/**
 * As openDealsOf, in the order SQLite reads them: [userId, id, accountId, account, icp, amount, closeOn,
 * updatedOn (or the UTC day it was created), the account's last activity by anyone].
 */
export async function openDealsOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
): Promise<[string, number, number, string, string, number, LocalDate | null, LocalDate, LocalDate | null][]> {
  const rows = await rowsOf<{
    userId: string;
    id: number;
    accountId: number;
    account: string;
    icp: string;
    amountCents: number;
    closeOn: LocalDate | null;
    updatedOn: LocalDate;
    lastActivityOn: LocalDate | null;
  }>(
    db,
    sql`
    select d.user_id as "userId", d.id, d.account_id as "accountId", c.name as account, c.icp,
      d.amount_cents as "amountCents", d.close_on as "closeOn",
      coalesce(d.updated_on, to_char(to_timestamp(d.created_at / 1000.0) at time zone 'UTC', 'YYYY-MM-DD'))
        as "updatedOn",
      (select max(a.local_date) from activities a where a.account_id = d.account_id) as "lastActivityOn"
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId} and ${repsIn('d.user_id', userIds)} and d.status = 'open'
    order by d.user_id, d.closed_on nulls first, d.amount_cents, d.opened_on nulls first, d.id`,
  );
  return rows.map((row) => [
    row.userId,
    row.id,
    row.accountId,
    row.account,
    row.icp,
    row.amountCents,
    row.closeOn,
    row.updatedOn,
    row.lastActivityOn,
  ]);
}

/** The reps' activity from `from` to `to` per rep, day and kind (activityMix and targetCounts add days of it). */
export async function activityOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
  from: LocalDate,
  to: LocalDate,
): Promise<DayTally[]> {
  const rows = await rowsOf<{
    userId: string;
    localDate: LocalDate;
    kind: ActivityKind;
    icp: number;
    nonIcp: number;
    unclassified: number;
    noAccount: number;
    all: number;
  }>(
    db,
    sql`
    select a.user_id as "userId", a.local_date as "localDate", a.kind,
      coalesce(sum(case when c.icp = 'yes' then a.count end), 0) as icp,
      coalesce(sum(case when c.icp = 'no' then a.count end), 0) as "nonIcp",
      coalesce(sum(case when c.icp = 'unknown' then a.count end), 0) as unclassified,
      coalesce(sum(case when a.account_id is null then a.count end), 0) as "noAccount",
      sum(a.count) as "all"
    from activities a left join accounts c on c.id = a.account_id
    where a.team_id = ${teamId} and ${repsIn('a.user_id', userIds)} and a.local_date >= ${from} and a.local_date <= ${to}
    group by a.user_id, a.local_date, a.kind
    order by a.user_id, a.local_date, a.kind`,
  );
  return rows.map((row) => [
    row.userId,
    row.localDate,
    row.kind,
    row.icp,
    row.nonIcp,
    row.unclassified,
    row.noAccount,
    row.all,
  ]);
}

/**
 * The unclassified accounts the reps have an open deal with (local date null) or logged activity on from `from`
 * to `to` (on which day), in the order unclassifiedAccountsOf lists them (by name key): [userId, id, name, date].
 * Ties (one account, several reps or days) are broken by rep, then day, the open deal first.
 */
export async function unclassifiedOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
  from: LocalDate,
  to: LocalDate,
): Promise<[string, number, string, LocalDate | null][]> {
  const rows = await rowsOf<{ userId: string; id: number; name: string; localDate: LocalDate | null }>(
    db,
    sql`
    select x.user_id as "userId", c.id, c.name, x.local_date as "localDate" from (
      select user_id, account_id, null::text as local_date from deals
        where team_id = ${teamId} and ${repsIn('user_id', userIds)} and status = 'open'
      union
      select user_id, account_id, local_date from activities
        where team_id = ${teamId} and ${repsIn('user_id', userIds)} and local_date >= ${from} and local_date <= ${to}
          and account_id is not null
    ) x join accounts c on c.id = x.account_id
    where c.icp = 'unknown'
    order by c.name_key, c.id, x.user_id, x.local_date nulls first`,
  );
  return rows.map((row) => [row.userId, row.id, row.name, row.localDate]);
}

/** As checkinsBetween, for each rep, oldest first; the plan items as the JSON text SQLite stores. */
export async function checkinsOfReps(
  db: PgDb,
  teamId: string,
  userIds: UserIds,
  from: LocalDate,
  to: LocalDate,
): Promise<CheckinRow[]> {
  const rows = await rowsOf<{
    userId: string;
    localDate: LocalDate;
    planItems: string;
    planSetAt: number | null;
    reflection: string | null;
  }>(
    db,
    sql`
    select user_id as "userId", local_date as "localDate", plan_items::text as "planItems",
      plan_set_at as "planSetAt", reflection
    from checkins
    where team_id = ${teamId} and ${repsIn('user_id', userIds)} and local_date >= ${from} and local_date <= ${to}
    order by user_id, local_date`,
  );
  return rows.map((row) => [row.userId, row.localDate, row.planItems, row.planSetAt, row.reflection]);
}

/** Where the team's change log stands (the change-log triggers of migrations/pg): `seq` and `wideSeq`. */
export async function changeStamp(db: PgDb, teamId: string): Promise<{ seq: number; wideSeq: number }> {
  const [row] = await db
    .select({ seq: teamChanges.seq, wideSeq: teamChanges.wideSeq })
    .from(teamChanges)
    .where(eq(teamChanges.teamId, teamId))
    .limit(1);
  return row ?? { seq: 0, wideSeq: 0 };
}
