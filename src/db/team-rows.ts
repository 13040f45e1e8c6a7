/**
 * The whole team's rows at once, for the team view (`/focus team`, the manager's Home, the weekly post): one
 * query per kind of fact on the team-wide indexes (deals_team_closed, activities_team_date, checkins_team_date)
 * instead of a dozen per rep. src/coach/team-reads.ts sorts them by rep into the facts a status rests on; the
 * per-rep reads in the other modules of db/ stay what one rep's card uses.
 */
import { sql } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.js';
import type { ActivityKind, IcpFit, PeriodKind } from '../domain/command.js';
import type { ClosedOpportunities } from '../domain/conversion.js';
import type { ActivityMix } from '../domain/gap.js';
import type { Db } from './connection.js';
import { cachedOnConnection } from './prepared.js';
import type { Target } from './targets.js';

/** A row of the team's: every query here returns them with the rep's user ID. */
type OfRep<T> = T & { userId: string };

export interface TeamQuota {
  userId: string;
  periodKind: PeriodKind;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  amountCents: number;
}

/**
 * The team's quotas whose period ends on or after `endingFrom`, and each rep's latest of each kind that
 * ended before it (the one a later period carries over: domain/quota-carry.ts). A quota's end follows from
 * its kind and start (setQuota writes both from one period), so this holds every quota whose period holds or
 * follows that day, and every quota carried into one.
 */
export function teamQuotas(db: Db, teamId: string, endingFrom: LocalDate): TeamQuota[] {
  return db.all<TeamQuota>(sql`
    select user_id as userId, period_kind as periodKind, period_start as periodStart, period_end as periodEnd,
      amount_cents as amountCents
    from quotas q where team_id = ${teamId} and (period_end >= ${endingFrom} or period_start = (
      select max(p.period_start) from quotas p where p.team_id = q.team_id and p.user_id = q.user_id
        and p.period_kind = q.period_kind and p.period_end < ${endingFrom}))
    order by period_start, period_kind`);
}

export function teamPauses(db: Db, teamId: string): OfRep<{ startsOn: LocalDate; until: LocalDate }>[] {
  return db.all(sql`select user_id as userId, starts_on as startsOn, until from pauses where team_id = ${teamId}`);
}

/** In the order listTargets gives one rep's: by period, then activity. */
export function teamTargets(db: Db, teamId: string): Target[] {
  return db.all<Target>(sql`
    select team_id as teamId, user_id as userId, activity, per, count, updated_at as updatedAt
    from targets where team_id = ${teamId} order by user_id, per, activity`);
}

/** A rep's conversion over a window: every win (the average deal), opportunities won and lost, and each win's cycle. */
export interface Conversion {
  won12: { count: number; cents: number };
  closed12: ClosedOpportunities;
  cycleDays: number[];
}

const CONVERSION_CACHE_LIMIT = 50;

/**
 * Each rep's conversion over deals closed from `since` to `today`, summed in SQLite (a year of a large team's
 * deals is too many rows to carry out one by one). Cached per connection under the team's deals version, as
 * the team's own conversion is: every deal write bumps it.
 */
export function teamConversions(
  db: Db,
  team: { id: string; dealsVersion: number },
  since: LocalDate,
  today: LocalDate,
): Map<string, Conversion> {
  const key = `${team.id}|${team.dealsVersion}|${since}|${today}`;
  return cachedOnConnection(db, 'teamConversions', key, CONVERSION_CACHE_LIMIT, () =>
    readConversions(db, team.id, since, today),
  );
}

function readConversions(db: Db, teamId: string, since: LocalDate, today: LocalDate): Map<string, Conversion> {
  const rows = db.values<[string, number, number, number, number, number, number, string | null]>(sql`
    select user_id,
      count(case when status = 'won' then 1 end),
      coalesce(sum(case when status = 'won' then amount_cents end), 0),
      count(case when status = 'won' and opened_on is not null then 1 end),
      coalesce(sum(case when status = 'won' and opened_on is not null then amount_cents end), 0),
      count(case when status = 'lost' then 1 end),
      coalesce(sum(case when status = 'lost' then amount_cents end), 0),
      group_concat(case when status = 'won' and opened_on is not null
        then cast(julianday(closed_on) - julianday(opened_on) as integer) end)
    from deals
    where team_id = ${teamId} and status in ('won', 'lost') and closed_on >= ${since} and closed_on <= ${today}
    group by user_id`);
  const result = new Map<string, Conversion>();
  for (const [userId, wonCount, wonCents, oppWon, oppWonCents, lost, lostCents, cycles] of rows) {
    result.set(userId, {
      won12: { count: wonCount, cents: wonCents },
      closed12: { won: oppWon, wonCents: oppWonCents, lost, lostCents },
      cycleDays: cycles === null ? [] : cycles.split(',').map((days) => Math.max(0, Number(days))),
    });
  }
  return result;
}

/** The team's wins (closing date and amount) from `from` to `to`, inclusive. */
export function teamWins(db: Db, teamId: string, from: LocalDate, to: LocalDate): [string, LocalDate, number][] {
  return db.values(sql`
    select user_id, closed_on, amount_cents from deals
    where team_id = ${teamId} and status = 'won' and closed_on >= ${from} and closed_on <= ${to}`);
}

export interface TeamDealRow {
  id: number;
  userId: string;
  accountId: number;
  account: string;
  icp: IcpFit;
  amountCents: number;
  status: 'open' | 'won' | 'lost';
  openedOn: LocalDate | null;
  closeOn: LocalDate | null;
  closedOn: LocalDate | null;
  updatedOn: LocalDate | null;
  /** The last change, else the day it was created (as openDealsOf dates an open deal). */
  changedOn: LocalDate;
}

/** The team's open deals, and those closed on or after `closedSince` (last week's projections), with their accounts. */
export function teamDeals(db: Db, teamId: string, closedSince: LocalDate): TeamDealRow[] {
  // Read as arrays: better-sqlite3 makes an object per row far slower than one fixed shape is made here.
  const rows = db.values<unknown[]>(sql`
    select d.id, d.user_id, d.account_id, c.name, c.icp, d.amount_cents, d.status, d.opened_on, d.close_on,
      d.closed_on, d.updated_on, coalesce(d.updated_on, date(d.created_at / 1000, 'unixepoch'))
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId}
      and (d.status = 'open' or (d.status in ('won', 'lost') and d.closed_on >= ${closedSince}))`);
  return rows.map((row) => ({
    id: row[0] as number,
    userId: row[1] as string,
    accountId: row[2] as number,
    account: row[3] as string,
    icp: row[4] as IcpFit,
    amountCents: row[5] as number,
    status: row[6] as TeamDealRow['status'],
    openedOn: row[7] as LocalDate | null,
    closeOn: row[8] as LocalDate | null,
    closedOn: row[9] as LocalDate | null,
    updatedOn: row[10] as LocalDate | null,
    changedOn: row[11] as LocalDate,
  }));
}

/** When each account of the team's open deals last saw activity (by anyone), by account ID. */
export function openDealAccountsLastActivity(db: Db, teamId: string): Map<number, LocalDate> {
  const rows = db.values<[number, LocalDate | null]>(sql`
    select x.account_id, (select max(local_date) from activities a where a.account_id = x.account_id)
    from (select distinct account_id from deals where team_id = ${teamId} and status = 'open') x`);
  return new Map(rows.flatMap(([id, date]) => (date === null ? [] : [[id, date]])));
}

/**
 * As of `date`: when each account of the team's deals whose last change is known by then (changed on or
 * before it, and open or closed since) last saw activity by then.
 */
export function dealAccountsLastActivityBy(db: Db, teamId: string, date: LocalDate): Map<number, LocalDate> {
  const rows = db.values<[number, LocalDate | null]>(sql`
    select x.account_id, (select max(local_date) from activities a where a.account_id = x.account_id and a.local_date <= ${date})
    from (select distinct account_id from deals where team_id = ${teamId} and updated_on <= ${date}
      and (status = 'open' or (status in ('won', 'lost') and closed_on >= ${date}))) x`);
  return new Map(rows.flatMap(([id, day]) => (day === null ? [] : [[id, day]])));
}

/** Activity of one kind by the accounts' ICP fit: the focus mix adds the kinds, the targets count by kind. */
export type KindTally = OfRep<ActivityMix & { kind: ActivityKind }>;

/** The team's activity from `from` to `to` (local dates, inclusive), per rep and kind, by ICP fit. */
export function teamActivity(db: Db, teamId: string, from: LocalDate, to: LocalDate): KindTally[] {
  return db.all<KindTally>(sql`
    select a.user_id as userId, a.kind,
      coalesce(sum(case when c.icp = 'yes' then a.count end), 0) as icp,
      coalesce(sum(case when c.icp = 'no' then a.count end), 0) as nonIcp,
      coalesce(sum(case when c.icp = 'unknown' then a.count end), 0) as unclassified,
      coalesce(sum(case when a.account_id is null then a.count end), 0) as noAccount
    from activities a left join accounts c on c.id = a.account_id
    where a.team_id = ${teamId} and a.local_date >= ${from} and a.local_date <= ${to}
    group by a.user_id, a.kind`);
}

/** The team's plans from `from` to `to` (days with at least one item), the items as stored (JSON). */
export function teamPlans(db: Db, teamId: string, from: LocalDate, to: LocalDate): [string, LocalDate, string][] {
  return db.values(sql`
    select user_id, local_date, plan_items from checkins
    where team_id = ${teamId} and local_date >= ${from} and local_date <= ${to} and json_array_length(plan_items) > 0`);
}

/** Only the days with a plan from `from` to `to`, for streaks. */
export function teamPlannedDays(db: Db, teamId: string, from: LocalDate, to: LocalDate): [string, LocalDate][] {
  return db.values(sql`
    select user_id, local_date from checkins
    where team_id = ${teamId} and local_date >= ${from} and local_date <= ${to} and json_array_length(plan_items) > 0`);
}

/** The team's accounts whose ICP fit is not set, in the order a card lists them (by name key, as SQLite sorts it). */
export function teamUnclassifiedAccounts(db: Db, teamId: string): [number, string][] {
  return db.values(sql`select id, name from accounts where team_id = ${teamId} and icp = 'unknown' order by name_key`);
}

/** Which reps logged activity on unclassified accounts from `from` to `to`, and on which. */
export function teamUnclassifiedActivity(db: Db, teamId: string, from: LocalDate, to: LocalDate): [string, number][] {
  return db.values(sql`
    select distinct a.user_id, a.account_id from activities a join accounts c on c.id = a.account_id
    where a.team_id = ${teamId} and a.local_date >= ${from} and a.local_date <= ${to} and c.icp = 'unknown'`);
}

/**
 * Where a team's changes stand (kept by the triggers of migrations/0006, whichever process wrote): `seq` moves
 * on every write a rep's figures are read from, `wideSeq` on one that can change every rep's (the team's
 * settings, an account's fit or name), and the deals version on every deal write (the team's conversion).
 */
export interface TeamStateStamp {
  seq: number;
  wideSeq: number;
  dealsVersion: number;
}

export function teamStateStamp(db: Db, teamId: string): TeamStateStamp {
  const row = db.get<TeamStateStamp>(sql`
    select coalesce(c.seq, 0) as seq, coalesce(c.wide_seq, 0) as wideSeq, t.deals_version as dealsVersion
    from teams t left join team_changes c on c.team_id = t.id where t.id = ${teamId}`);
  return row ?? { seq: 0, wideSeq: 0, dealsVersion: 0 };
}

/** The reps of a team written since its `seq` stood at `since`: at most `limit` (null: more than that). */
export function repsChangedSince(db: Db, teamId: string, since: number, limit: number): Set<string> | null {
  const rows = db.values<[string]>(
    sql`select user_id from rep_changes where team_id = ${teamId} and seq > ${since} limit ${limit + 1}`,
  );
  return rows.length > limit ? null : new Set(rows.map(([userId]) => userId));
}

/** The teams with the most reps, largest first: the team views worth reading ahead of anyone asking. */
export function largestTeams(db: Db, limit: number): string[] {
  return db
    .values<[string]>(sql`select team_id from reps group by team_id order by count(*) desc, team_id limit ${limit}`)
    .map(([teamId]) => teamId);
}
