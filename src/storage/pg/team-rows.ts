/**
 * The Postgres twin of src/db/team-rows.ts: the whole team's rows at once, for the team view. Same rows, same
 * shapes (camelCase keys are quoted, or Postgres folds them to lower case), in the same order. Where the SQLite
 * query has no ORDER BY its rows come in the order of the index it searches (EXPLAIN QUERY PLAN names it), so
 * the ORDER BY here lists that index's columns, then the id for rowid, NULLs first as SQLite sorts them.
 *
 * SQLite's per-connection value cache of the reps' conversions is not kept here: every call reads again (the
 * team view keeps its own facts between requests, coach/team.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Target } from '../../db/targets.js';
import type { Conversion, KindTally, TeamDealRow, TeamQuota, TeamStateStamp } from '../../db/team-rows.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { PgDb } from './db.js';

export type { Conversion, KindTally, TeamDealRow, TeamQuota, TeamStateStamp } from '../../db/team-rows.js';

async function rowsOf<T extends Record<string, unknown>>(db: PgDb, query: SQL): Promise<T[]> {
  return (await db.execute<T>(query)).rows as T[];
}

/** As `to_char(…)` for SQLite's `date(ms / 1000, 'unixepoch')`: the UTC day of an epoch-ms instant. */
const utcDay = (column: string) =>
  sql.raw(`to_char(to_timestamp(${column} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`);

/**
 * The team's quotas whose period ends on or after `endingFrom`, and each rep's latest of each kind that ended
 * before it (src/db/team-rows.ts says why that is every quota the team view needs).
 */
export async function teamQuotas(db: PgDb, teamId: string, endingFrom: LocalDate): Promise<TeamQuota[]> {
  return rowsOf<TeamQuota & Record<string, unknown>>(
    db,
    sql`
    select user_id as "userId", period_kind as "periodKind", period_start as "periodStart",
      period_end as "periodEnd", amount_cents as "amountCents"
    from quotas q where team_id = ${teamId} and (period_end >= ${endingFrom} or period_start = (
      select max(p.period_start) from quotas p where p.team_id = q.team_id and p.user_id = q.user_id
        and p.period_kind = q.period_kind and p.period_end < ${endingFrom}))
    order by period_start, period_kind, id`,
  );
}

export async function teamPauses(
  db: PgDb,
  teamId: string,
): Promise<{ startsOn: LocalDate; until: LocalDate; userId: string }[]> {
  return rowsOf<{ startsOn: LocalDate; until: LocalDate; userId: string }>(
    db,
    sql`
    select user_id as "userId", starts_on as "startsOn", until from pauses where team_id = ${teamId}
    order by user_id, until, id`,
  );
}

/** In the order listTargets gives one rep's: by period, then activity. */
export async function teamTargets(db: PgDb, teamId: string): Promise<Target[]> {
  return rowsOf<Target>(
    db,
    sql`
    select team_id as "teamId", user_id as "userId", activity, per, count, updated_at as "updatedAt"
    from targets where team_id = ${teamId} order by user_id, per, activity`,
  );
}

/**
 * Each rep's conversion over deals closed from `since` to `today`, summed in the database. The cycles are
 * listed in deal id order, as SQLite's group_concat reads them.
 */
export async function teamConversions(
  db: PgDb,
  team: { id: string; dealsVersion: number },
  since: LocalDate,
  today: LocalDate,
): Promise<Map<string, Conversion>> {
  const rows = await rowsOf<{
    userId: string;
    wonCount: number;
    wonCents: number;
    oppWon: number;
    oppWonCents: number;
    lost: number;
    lostCents: number;
    cycles: number[] | null;
  }>(
    db,
    sql`
    select user_id as "userId",
      count(case when status = 'won' then 1 end) as "wonCount",
      coalesce(sum(case when status = 'won' then amount_cents end), 0) as "wonCents",
      count(case when status = 'won' and opened_on is not null then 1 end) as "oppWon",
      coalesce(sum(case when status = 'won' and opened_on is not null then amount_cents end), 0) as "oppWonCents",
      count(case when status = 'lost' then 1 end) as lost,
      coalesce(sum(case when status = 'lost' then amount_cents end), 0) as "lostCents",
      array_agg(closed_on::date - opened_on::date order by closed_on, amount_cents, opened_on, id)
        filter (where status = 'won' and opened_on is not null) as cycles
    from deals
    where team_id = ${team.id} and status in ('won', 'lost') and closed_on >= ${since} and closed_on <= ${today}
    group by user_id
    order by user_id`,
  );
  const result = new Map<string, Conversion>();
  for (const row of rows) {
    result.set(row.userId, {
      won12: { count: row.wonCount, cents: row.wonCents },
      closed12: { won: row.oppWon, wonCents: row.oppWonCents, lost: row.lost, lostCents: row.lostCents },
      cycleDays: (row.cycles ?? []).map((days) => Math.max(0, days)),
    });
  }
  return result;
}

/** The team's wins (closing date and amount) from `from` to `to`, inclusive. */
export async function teamWins(
  db: PgDb,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<[string, LocalDate, number][]> {
  const rows = await rowsOf<{ userId: string; closedOn: LocalDate; amountCents: number }>(
    db,
    sql`
    select user_id as "userId", closed_on as "closedOn", amount_cents as "amountCents" from deals
    where team_id = ${teamId} and status = 'won' and closed_on >= ${from} and closed_on <= ${to}
    order by closed_on, amount_cents, opened_on nulls first, user_id, id`,
  );
  return rows.map((row) => [row.userId, row.closedOn, row.amountCents]);
}

/** The team's open deals, and those closed on or after `closedSince` (last week's projections), with their accounts. */
export async function teamDeals(db: PgDb, teamId: string, closedSince: LocalDate): Promise<TeamDealRow[]> {
  return rowsOf<TeamDealRow & Record<string, unknown>>(
    db,
    sql`
    select d.id, d.user_id as "userId", d.account_id as "accountId", c.name as account, c.icp,
      d.amount_cents as "amountCents", d.status, d.opened_on as "openedOn", d.close_on as "closeOn",
      d.closed_on as "closedOn", d.updated_on as "updatedOn",
      coalesce(d.updated_on, ${utcDay('d.created_at')}) as "changedOn"
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId}
      and (d.status = 'open' or (d.status in ('won', 'lost') and d.closed_on >= ${closedSince}))
    order by d.source nulls first, d.external_id nulls first, d.id`,
  );
}

/**
 * When each account of the team's open deals last saw activity (by anyone), by account ID; in the order SQLite
 * meets the accounts first (deals_team_closed: closing day, amount, opening day, rep, rowid).
 */
export async function openDealAccountsLastActivity(db: PgDb, teamId: string): Promise<Map<number, LocalDate>> {
  const rows = await rowsOf<{ accountId: number; lastOn: LocalDate | null }>(
    db,
    sql`
    select x.account_id as "accountId",
      (select max(local_date) from activities a where a.account_id = x.account_id) as "lastOn"
    from (
      select distinct on (account_id) account_id, closed_on, amount_cents, opened_on, user_id, id from deals
      where team_id = ${teamId} and status = 'open'
      order by account_id, closed_on nulls first, amount_cents, opened_on nulls first, user_id, id
    ) x
    order by x.closed_on nulls first, x.amount_cents, x.opened_on nulls first, x.user_id, x.id`,
  );
  return new Map(rows.flatMap(({ accountId, lastOn }) => (lastOn === null ? [] : [[accountId, lastOn]])));
}

/**
 * As of `date`: when each account of the team's deals whose last change is known by then (changed on or
 * before it, and open or closed since) last saw activity by then; in the order SQLite meets the accounts first
 * (deals_external: source, external id, rowid).
 */
export async function dealAccountsLastActivityBy(
  db: PgDb,
  teamId: string,
  date: LocalDate,
): Promise<Map<number, LocalDate>> {
  const rows = await rowsOf<{ accountId: number; lastOn: LocalDate | null }>(
    db,
    sql`
    select x.account_id as "accountId",
      (select max(local_date) from activities a where a.account_id = x.account_id and a.local_date <= ${date})
        as "lastOn"
    from (
      select distinct on (account_id) account_id, source, external_id, id from deals
      where team_id = ${teamId} and updated_on <= ${date}
        and (status = 'open' or (status in ('won', 'lost') and closed_on >= ${date}))
      order by account_id, source nulls first, external_id nulls first, id
    ) x
    order by x.source nulls first, x.external_id nulls first, x.id`,
  );
  return new Map(rows.flatMap(({ accountId, lastOn }) => (lastOn === null ? [] : [[accountId, lastOn]])));
}

/** The team's activity from `from` to `to` (local dates, inclusive), per rep and kind, by ICP fit. */
export async function teamActivity(db: PgDb, teamId: string, from: LocalDate, to: LocalDate): Promise<KindTally[]> {
  return rowsOf<KindTally & Record<string, unknown>>(
    db,
    sql`
    select a.user_id as "userId", a.kind,
      coalesce(sum(case when c.icp = 'yes' then a.count end), 0) as icp,
      coalesce(sum(case when c.icp = 'no' then a.count end), 0) as "nonIcp",
      coalesce(sum(case when c.icp = 'unknown' then a.count end), 0) as unclassified,
      coalesce(sum(case when a.account_id is null then a.count end), 0) as "noAccount"
    from activities a left join accounts c on c.id = a.account_id
    where a.team_id = ${teamId} and a.local_date >= ${from} and a.local_date <= ${to}
    group by a.user_id, a.kind
    order by a.user_id, a.kind`,
  );
}

/** The team's plans from `from` to `to` (days with at least one item), the items as the JSON text SQLite stores. */
export async function teamPlans(
  db: PgDb,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<[string, LocalDate, string][]> {
  const rows = await rowsOf<{ userId: string; localDate: LocalDate; planItems: string }>(
    db,
    sql`
    select user_id as "userId", local_date as "localDate", plan_items::text as "planItems" from checkins
    where team_id = ${teamId} and local_date >= ${from} and local_date <= ${to} and json_array_length(plan_items) > 0
    order by local_date, user_id`,
  );
  return rows.map((row) => [row.userId, row.localDate, row.planItems]);
}

/** Only the days with a plan from `from` to `to`, for streaks. */
export async function teamPlannedDays(
  db: PgDb,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<[string, LocalDate][]> {
  const rows = await rowsOf<{ userId: string; localDate: LocalDate }>(
    db,
    sql`
    select user_id as "userId", local_date as "localDate" from checkins
    where team_id = ${teamId} and local_date >= ${from} and local_date <= ${to} and json_array_length(plan_items) > 0
    order by local_date, user_id`,
  );
  return rows.map((row) => [row.userId, row.localDate]);
}

/** The team's accounts whose ICP fit is not set, in the order a card lists them (by name key, as SQLite sorts it). */
export async function teamUnclassifiedAccounts(db: PgDb, teamId: string): Promise<[number, string][]> {
  const rows = await rowsOf<{ id: number; name: string }>(
    db,
    sql`select id, name from accounts where team_id = ${teamId} and icp = 'unknown' order by name_key, id`,
  );
  return rows.map((row) => [row.id, row.name]);
}

/** Which reps logged activity on unclassified accounts from `from` to `to`, and on which. */
export async function teamUnclassifiedActivity(
  db: PgDb,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<[string, number][]> {
  const rows = await rowsOf<{ userId: string; accountId: number }>(
    db,
    sql`
    select "userId", "accountId" from (
      select distinct on (a.user_id, a.account_id) a.user_id as "userId", a.account_id as "accountId",
        a.local_date, a.kind, a.count, a.id
      from activities a join accounts c on c.id = a.account_id
      where a.team_id = ${teamId} and a.local_date >= ${from} and a.local_date <= ${to} and c.icp = 'unknown'
      order by a.user_id, a.account_id, a.local_date, a.kind, a.count, a.id
    ) first_seen
    order by local_date, "userId", kind, count, "accountId", id`,
  );
  return rows.map((row) => [row.userId, row.accountId]);
}

/** Where a team's changes stand (kept by the change-log triggers of migrations/pg). */
export async function teamStateStamp(db: PgDb, teamId: string): Promise<TeamStateStamp> {
  const [row] = await rowsOf<TeamStateStamp & Record<string, unknown>>(
    db,
    sql`
    select coalesce(c.seq, 0) as seq, coalesce(c.wide_seq, 0) as "wideSeq", t.deals_version as "dealsVersion"
    from teams t left join team_changes c on c.team_id = t.id where t.id = ${teamId}`,
  );
  return row ?? { seq: 0, wideSeq: 0, dealsVersion: 0 };
}

/** The reps of a team written since its `seq` stood at `since`: at most `limit` (null: more than that). */
export async function repsChangedSince(
  db: PgDb,
  teamId: string,
  since: number,
  limit: number,
): Promise<Set<string> | null> {
  const rows = await rowsOf<{ userId: string }>(
    db,
    sql`select user_id as "userId" from rep_changes where team_id = ${teamId} and seq > ${since} limit ${limit + 1}`,
  );
  return rows.length > limit ? null : new Set(rows.map((row) => row.userId));
}

/** The teams with the most reps, largest first: the team views worth reading ahead of anyone asking. */
export async function largestTeams(db: PgDb, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ teamId: string }>(
    db,
    sql`select team_id as "teamId" from reps group by team_id order by count(*) desc, team_id limit ${limit}`,
  );
  return rows.map((row) => row.teamId);
}
