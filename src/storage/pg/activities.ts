/** The Postgres twin of src/db/activities.ts. */
import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { ActivityDay, LoggedActivity, TargetCounts } from '../../db/activities.js';
import { uncoveredCounts } from '../../domain/activity-match.js';
import type { ActivityKind } from '../../domain/command.js';
import type { ActivityMix } from '../../domain/gap.js';
import { findOrCreateAccount } from './accounts.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { accounts, activities } from './schema.js';

export type { ActivityDay, LoggedActivity, TargetCounts } from '../../db/activities.js';

/**
 * Holds one rep's day of one kind until the transaction ends. Logging reads the day's total, writes, recounts and
 * reads it again, and a CRM sync recounts the same rows: on SQLite one immediate transaction at a time does so;
 * here two at once would recount from rows the other has not committed. The day may have no rows yet, so it is an
 * advisory lock, not a row lock. Taking it again in the same transaction does not wait.
 */
async function lockActivityDay(tx: PgDb, day: ActivityDay): Promise<void> {
  const key = `activity:${day.teamId}:${day.userId}:${day.localDate}:${day.kind}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

export async function logActivity(
  db: PgDb,
  input: {
    teamId: string;
    userId: string;
    kind: ActivityKind;
    count: number;
    account: string | null;
    now: number;
    today: string;
  },
): Promise<LoggedActivity> {
  return db.transaction(async (tx) => {
    const found = input.account === null ? null : await findOrCreateAccount(tx, input.teamId, input.account);
    const day = { teamId: input.teamId, userId: input.userId, localDate: input.today, kind: input.kind };
    // Only after the account: creating it may wait for another transaction that recounts this very day.
    await lockActivityDay(tx, day);
    const before = await dayTotal(tx, day);
    await tx.insert(activities).values({
      ...day,
      count: input.count,
      loggedCount: input.count,
      accountId: found?.account.id ?? null,
      occurredAt: input.now,
    });
    const crmSource = await recountActivityDay(tx, day);
    // What the day's total grew by is what this log added; the rest the CRM had already.
    const covered = input.count - ((await dayTotal(tx, day)) - before);
    return {
      account: found?.account ?? null,
      accountCreated: found?.created ?? false,
      ...(covered > 0 && crmSource !== null ? { alreadyInCrm: { count: covered, source: crmSource } } : {}),
    };
  });
}

const ofDay = (day: ActivityDay) =>
  and(
    eq(activities.teamId, day.teamId),
    eq(activities.userId, day.userId),
    eq(activities.localDate, day.localDate),
    eq(activities.kind, day.kind),
  );

async function dayTotal(db: PgDb, day: ActivityDay): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${activities.count}), 0)` })
    .from(activities)
    .where(ofDay(day));
  return row?.total ?? 0;
}

/**
 * Re-applies "counted once" (domain/activity-match.ts) to one rep's day of one kind: each Slack-logged row's
 * `count` becomes what the day's CRM records leave uncovered of what the rep typed (`logged_count`, kept). Run
 * after any write to that day, CRM or Slack, so a deleted CRM record gives the Slack row its count back.
 * Returns the CRM that recorded activity that day (null: none): the first in SQLite's order (its
 * activities_team_date index: by count, then account, no account first, then as logged).
 */
export async function recountActivityDay(db: PgDb, day: ActivityDay): Promise<string | null> {
  return db.transaction(async (tx) => {
    await lockActivityDay(tx, day);
    const rows = await tx
      .select({
        id: activities.id,
        source: activities.source,
        accountId: activities.accountId,
        count: activities.count,
        loggedCount: activities.loggedCount,
      })
      .from(activities)
      .where(ofDay(day))
      .orderBy(asc(activities.count), sql`${activities.accountId} asc nulls first`, asc(activities.id));
    const crm = rows.filter((row) => row.source !== null);
    const slack = rows
      .filter((row) => row.source === null)
      .map((row) => ({ ...row, logged: row.loggedCount ?? row.count }));
    const left = uncoveredCounts(
      crm.map((row) => ({ accountId: row.accountId, units: row.count })),
      slack,
    );
    for (const row of slack) {
      const count = left.get(row.id) ?? row.logged;
      if (count === row.count && row.loggedCount !== null) continue;
      await tx
        .update(activities)
        .set({ count, loggedCount: row.logged })
        .where(and(eq(activities.id, row.id), isNull(activities.source)));
    }
    return crm[0]?.source ?? null;
  });
}

const repRange = (teamId: string, userId: string, from: string, to: string) =>
  and(
    eq(activities.teamId, teamId),
    eq(activities.userId, userId),
    gte(activities.localDate, from),
    lte(activities.localDate, to),
  );

/** repRange with placeholders (teamId, userId, from, to), for the prepared statements. */
const placeholderRange = and(
  eq(activities.teamId, sql.placeholder('teamId')),
  eq(activities.userId, sql.placeholder('userId')),
  gte(activities.localDate, sql.placeholder('from')),
  lte(activities.localDate, sql.placeholder('to')),
);

/** Activity between two local dates (inclusive) split by the account's ICP fit. */
export async function activityMix(
  db: PgDb,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Promise<ActivityMix> {
  const query = preparedOn(db, 'activity_mix', (d) =>
    d
      .select({
        icp: sql<number>`coalesce(sum(case when ${accounts.icp} = 'yes' then ${activities.count} end), 0)`,
        nonIcp: sql<number>`coalesce(sum(case when ${accounts.icp} = 'no' then ${activities.count} end), 0)`,
        unclassified: sql<number>`coalesce(sum(case when ${accounts.icp} = 'unknown' then ${activities.count} end), 0)`,
        noAccount: sql<number>`coalesce(sum(case when ${activities.accountId} is null then ${activities.count} end), 0)`,
      })
      .from(activities)
      .leftJoin(accounts, eq(accounts.id, activities.accountId))
      .where(placeholderRange),
  );
  const [row] = await query.execute({ teamId, userId, from, to });
  return {
    icp: row?.icp ?? 0,
    nonIcp: row?.nonIcp ?? 0,
    unclassified: row?.unclassified ?? 0,
    noAccount: row?.noAccount ?? 0,
  };
}

/** Counts per activity kind between two local dates (inclusive), kinds in SQLite's (sorted) group order. */
export async function activityCounts(
  db: PgDb,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Promise<Partial<Record<ActivityKind, number>>> {
  const rows = await db
    .select({ kind: activities.kind, total: sql<number>`sum(${activities.count})` })
    .from(activities)
    .where(repRange(teamId, userId, from, to))
    .groupBy(activities.kind)
    .orderBy(asc(activities.kind));
  return Object.fromEntries(rows.map((row) => [row.kind, row.total]));
}

/** Per activity kind: what counts toward targets (on ICP and unclassified accounts), and all of it. */
export async function targetCounts(
  db: PgDb,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Promise<TargetCounts> {
  const query = preparedOn(db, 'target_counts', (d) =>
    d
      .select({
        kind: activities.kind,
        all: sql<number>`sum(${activities.count})`,
        counted: sql<number>`coalesce(sum(case when ${accounts.icp} in ('yes', 'unknown') then ${activities.count} end), 0)`,
      })
      .from(activities)
      .leftJoin(accounts, eq(accounts.id, activities.accountId))
      .where(placeholderRange)
      .groupBy(activities.kind)
      .orderBy(asc(activities.kind)),
  );
  const rows = await query.execute({ teamId, userId, from, to });
  return Object.fromEntries(rows.map((row) => [row.kind, { counted: row.counted, all: row.all }]));
}
