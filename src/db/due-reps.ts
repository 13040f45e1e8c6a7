/**
 * What the morning check-ins of many reps of one team rest on, read at once for all of them (the scheduler pass:
 * issue 14, "each pass loads due reps set-based"): one query per table for the reps named, instead of a dozen
 * per rep. Each reads the same rows, in the same order per rep, as the per-rep read it stands for (named on each),
 * so coach/checkin-facts.ts builds from them exactly the facts one rep's own reads give.
 *
 * The reps are passed as a JSON array (`user_id in (select value from json_each(?))`): one bound value however
 * many reps, and SQLite still searches the rep's indexes (deals_rep_summary, activities_rep_date, the checkins
 * key) once per rep named rather than scanning the team.
 *
 * The statements are written by hand and prepared once per connection (hot-statements.ts): the pass runs each
 * once a batch, and asks for the change stamp before every check-in it renders.
 */
import type { LocalDate } from '../domain/calendar.js';
import type { ActivityKind, PeriodKind } from '../domain/command.js';
import type { Db } from './connection.js';
import { statementOn } from './prepared.js';
import type { Target } from './targets.js';

type UserIds = readonly string[];

/** `column` is one of the reps named in the statement's `@reps` parameter (a JSON array). */
const repsIn = (column: string) => `${column} in (select value from json_each(@reps))`;

/** Rows as arrays, as drizzle's `values` returns them. */
function values<R>(db: Db, name: string, text: string, params: Record<string, unknown>): R[] {
  return statementOn(db, name, text).raw(true).all(params) as R[];
}

const params = (teamId: string, userIds: UserIds, range?: { from: LocalDate; to: LocalDate }) => ({
  team: teamId,
  reps: JSON.stringify(userIds),
  ...range,
});

/** As pausesOf: [userId, startsOn, until]. */
export function pausesOfReps(db: Db, teamId: string, userIds: UserIds): [string, LocalDate, LocalDate][] {
  return values(
    db,
    'pausesOfReps',
    `select user_id, starts_on, until from pauses where team_id = @team and ${repsIn('user_id')}
     order by user_id, until, rowid`,
    params(teamId, userIds),
  );
}

/** Every quota of the reps (a rep has a few a year): [userId, kind, start, end, amount], by start then kind. */
export function quotasOfReps(
  db: Db,
  teamId: string,
  userIds: UserIds,
): [string, PeriodKind, LocalDate, LocalDate, number][] {
  return values(
    db,
    'quotasOfReps',
    `select user_id, period_kind, period_start, period_end, amount_cents from quotas
     where team_id = @team and ${repsIn('user_id')}
     order by period_start, period_kind`,
    params(teamId, userIds),
  );
}

/** As listTargets, for each rep: by rep, period, then activity. */
export function targetsOfReps(db: Db, teamId: string, userIds: UserIds): Target[] {
  return statementOn(
    db,
    'targetsOfReps',
    `select team_id as teamId, user_id as userId, activity, per, count, updated_at as updatedAt
     from targets where team_id = @team and ${repsIn('user_id')} order by user_id, per, activity`,
  )
    .raw(false)
    .all(params(teamId, userIds)) as Target[];
}

/**
 * As closedDeals, over [from, to] (the union of the reps' ranges; each rep's is picked out in memory), in the
 * order of the index closedDeals reads: [userId, status, amount, openedOn, closedOn].
 */
export function closedDealsOfReps(
  db: Db,
  teamId: string,
  userIds: UserIds,
  from: LocalDate,
  to: LocalDate,
): [string, 'won' | 'lost', number, LocalDate | null, LocalDate][] {
  return values(
    db,
    'closedDealsOfReps',
    `select user_id, status, amount_cents, opened_on, closed_on from deals
     where team_id = @team and ${repsIn('user_id')} and status in ('won', 'lost')
       and closed_on >= @from and closed_on <= @to
     order by user_id, status, closed_on, amount_cents, opened_on, id`,
    params(teamId, userIds, { from, to }),
  );
}

/**
 * As openDealsOf, in the order of the index it reads: [userId, id, accountId, account, icp, amount, closeOn,
 * updatedOn (or the day it was created), the account's last activity by anyone].
 */
export function openDealsOfReps(
  db: Db,
  teamId: string,
  userIds: UserIds,
): [string, number, number, string, string, number, LocalDate | null, LocalDate, LocalDate | null][] {
  return values(
    db,
    'openDealsOfReps',
    `select d.user_id, d.id, d.account_id, c.name, c.icp, d.amount_cents, d.close_on,
       coalesce(d.updated_on, date(d.created_at / 1000, 'unixepoch')),
       (select max(a.local_date) from activities a where a.account_id = d.account_id)
     from deals d join accounts c on c.id = d.account_id
     where d.team_id = @team and ${repsIn('d.user_id')} and d.status = 'open'
     order by d.user_id, d.closed_on, d.amount_cents, d.opened_on, d.id`,
    params(teamId, userIds),
  );
}

/** A rep's activity of one kind on one day, by the accounts' ICP fit, and in all. */
export type DayTally = [
  userId: string,
  localDate: LocalDate,
  kind: ActivityKind,
  icp: number,
  nonIcp: number,
  unclassified: number,
  noAccount: number,
  all: number,
];

/** The reps' activity from `from` to `to` per rep, day and kind (activityMix and targetCounts add days of it). */
export function activityOfReps(db: Db, teamId: string, userIds: UserIds, from: LocalDate, to: LocalDate): DayTally[] {
  return values(
    db,
    'activityOfReps',
    `select a.user_id, a.local_date, a.kind,
       coalesce(sum(case when c.icp = 'yes' then a.count end), 0),
       coalesce(sum(case when c.icp = 'no' then a.count end), 0),
       coalesce(sum(case when c.icp = 'unknown' then a.count end), 0),
       coalesce(sum(case when a.account_id is null then a.count end), 0),
       sum(a.count)
     from activities a left join accounts c on c.id = a.account_id
     where a.team_id = @team and ${repsIn('a.user_id')} and a.local_date >= @from and a.local_date <= @to
     group by a.user_id, a.local_date, a.kind
     order by a.user_id, a.local_date, a.kind`,
    params(teamId, userIds, { from, to }),
  );
}

/**
 * The unclassified accounts the reps have an open deal with (local date null) or logged activity on from `from`
 * to `to` (on which day), in the order unclassifiedAccountsOf lists them (by name key): [userId, id, name, date].
 */
export function unclassifiedOfReps(
  db: Db,
  teamId: string,
  userIds: UserIds,
  from: LocalDate,
  to: LocalDate,
): [string, number, string, LocalDate | null][] {
  return values(
    db,
    'unclassifiedOfReps',
    `select x.user_id, c.id, c.name, x.local_date from (
       select user_id, account_id, null as local_date from deals
         where team_id = @team and ${repsIn('user_id')} and status = 'open'
       union
       select user_id, account_id, local_date from activities
         where team_id = @team and ${repsIn('user_id')} and local_date >= @from and local_date <= @to
           and account_id is not null
     ) x join accounts c on c.id = x.account_id
     where c.icp = 'unknown'
     order by c.name_key, c.id`,
    params(teamId, userIds, { from, to }),
  );
}

/** A check-in as the morning reads it: [userId, localDate, planItems (JSON), planSetAt, reflection]. */
export type CheckinRow = [string, LocalDate, string, number | null, string | null];

/** As checkinsBetween, for each rep, oldest first. */
export function checkinsOfReps(db: Db, teamId: string, userIds: UserIds, from: LocalDate, to: LocalDate): CheckinRow[] {
  return values(
    db,
    'checkinsOfReps',
    `select user_id, local_date, plan_items, plan_set_at, reflection from checkins
     where team_id = @team and ${repsIn('user_id')} and local_date >= @from and local_date <= @to
     order by user_id, local_date`,
    params(teamId, userIds, { from, to }),
  );
}

/**
 * Where the team's change log stands (migration 0006's triggers: `seq` moves on every write a rep's figures are
 * read from, `wideSeq` on one that can change every rep's). As teamStateStamp in team-rows.ts, less the deals
 * version: the pass asks before each check-in it renders from facts read earlier.
 */
export function changeStamp(db: Db, teamId: string): { seq: number; wideSeq: number } {
  const row = statementOn(db, 'changeStamp', 'select seq, wide_seq as wideSeq from team_changes where team_id = ?')
    .raw(false)
    .get(teamId) as { seq: number; wideSeq: number } | undefined;
  return row ?? { seq: 0, wideSeq: 0 };
}
