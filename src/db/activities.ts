import { and, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { uncoveredCounts } from '../domain/activity-match.js';
import type { ActivityKind } from '../domain/command.js';
import type { ActivityMix } from '../domain/gap.js';
import { type Account, findOrCreateAccount } from './accounts.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { accounts, activities } from './schema.js';

export interface LoggedActivity {
  account: Account | null;
  accountCreated: boolean;
  /** Set when the CRM already had some of the units just logged that day (counted once): how many, and which CRM. */
  alreadyInCrm?: { count: number; source: string };
}

export function logActivity(
  db: Db,
  input: {
    teamId: string;
    userId: string;
    kind: ActivityKind;
    count: number;
    account: string | null;
    now: number;
    today: string;
  },
): LoggedActivity {
  return db.transaction(
    (tx) => {
      const found = input.account === null ? null : findOrCreateAccount(tx, input.teamId, input.account);
      const day = { teamId: input.teamId, userId: input.userId, localDate: input.today, kind: input.kind };
      const before = dayTotal(tx, day);
      tx.insert(activities)
        .values({
          ...day,
          count: input.count,
          loggedCount: input.count,
          accountId: found?.account.id ?? null,
          occurredAt: input.now,
        })
        .run();
      const crmSource = recountActivityDay(tx, day);
      // What the day's total grew by is what this log added; the rest the CRM had already.
      const covered = input.count - (dayTotal(tx, day) - before);
      return {
        account: found?.account ?? null,
        accountCreated: found?.created ?? false,
        ...(covered > 0 && crmSource !== null ? { alreadyInCrm: { count: covered, source: crmSource } } : {}),
      };
    },
    { behavior: 'immediate' },
  );
}

/** One rep's activity of one kind on one local day: the unit within which Slack and CRM activity count once. */
export interface ActivityDay {
  teamId: string;
  userId: string;
  localDate: string;
  kind: ActivityKind;
}

const ofDay = (day: ActivityDay) =>
  and(
    eq(activities.teamId, day.teamId),
    eq(activities.userId, day.userId),
    eq(activities.localDate, day.localDate),
    eq(activities.kind, day.kind),
  );

function dayTotal(db: Db, day: ActivityDay): number {
  const row = db
    .select({ total: sql<number>`coalesce(sum(${activities.count}), 0)` })
    .from(activities)
    .where(ofDay(day))
    .get();
  return row?.total ?? 0;
}

/**
 * Re-applies "counted once" (domain/activity-match.ts) to one rep's day of one kind: each Slack-logged row's
 * `count` becomes what the day's CRM records leave uncovered of what the rep typed (`logged_count`, kept). Run
 * after any write to that day, CRM or Slack, so a deleted CRM record gives the Slack row its count back.
 * Returns the CRM that recorded activity that day (null: none).
 */
export function recountActivityDay(db: Db, day: ActivityDay): string | null {
  const rows = db
    .select({
      id: activities.id,
      source: activities.source,
      accountId: activities.accountId,
      count: activities.count,
      loggedCount: activities.loggedCount,
    })
    .from(activities)
    .where(ofDay(day))
    .all();
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
    db.update(activities)
      .set({ count, loggedCount: row.logged })
      .where(and(eq(activities.id, row.id), isNull(activities.source)))
      .run();
  }
  return crm[0]?.source ?? null;
}

const repRange = () =>
  and(
    eq(activities.teamId, sql.placeholder('teamId')),
    eq(activities.userId, sql.placeholder('userId')),
    gte(activities.localDate, sql.placeholder('from')),
    lte(activities.localDate, sql.placeholder('to')),
  );

/** Activity between two local dates (inclusive) split by the account's ICP fit. */
export function activityMix(db: Db, teamId: string, userId: string, from: string, to: string): ActivityMix {
  const row = prepared(db, 'activityMix', (d) =>
    d
      .select({
        icp: sql<number>`coalesce(sum(case when ${accounts.icp} = 'yes' then ${activities.count} end), 0)`,
        nonIcp: sql<number>`coalesce(sum(case when ${accounts.icp} = 'no' then ${activities.count} end), 0)`,
        unclassified: sql<number>`coalesce(sum(case when ${accounts.icp} = 'unknown' then ${activities.count} end), 0)`,
        noAccount: sql<number>`coalesce(sum(case when ${activities.accountId} is null then ${activities.count} end), 0)`,
      })
      .from(activities)
      .leftJoin(accounts, eq(accounts.id, activities.accountId))
      .where(repRange()),
  ).get({ teamId, userId, from, to });
  return {
    icp: row?.icp ?? 0,
    nonIcp: row?.nonIcp ?? 0,
    unclassified: row?.unclassified ?? 0,
    noAccount: row?.noAccount ?? 0,
  };
}

/** Counts per activity kind between two local dates (inclusive). */
export function activityCounts(
  db: Db,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Partial<Record<ActivityKind, number>> {
  const rows = prepared(db, 'activityCounts', (d) =>
    d
      .select({ kind: activities.kind, total: sql<number>`sum(${activities.count})` })
      .from(activities)
      .where(repRange())
      .groupBy(activities.kind),
  ).all({ teamId, userId, from, to });
  return Object.fromEntries(rows.map((row) => [row.kind, row.total]));
}

/** Per activity kind: what counts toward targets (on ICP and unclassified accounts), and all of it. */
export type TargetCounts = Partial<Record<ActivityKind, { counted: number; all: number }>>;

export function targetCounts(db: Db, teamId: string, userId: string, from: string, to: string): TargetCounts {
  const rows = prepared(db, 'targetCounts', (d) =>
    d
      .select({
        kind: activities.kind,
        all: sql<number>`sum(${activities.count})`,
        counted: sql<number>`coalesce(sum(case when ${accounts.icp} in ('yes', 'unknown') then ${activities.count} end), 0)`,
      })
      .from(activities)
      .leftJoin(accounts, eq(accounts.id, activities.accountId))
      .where(repRange())
      .groupBy(activities.kind),
  ).all({ teamId, userId, from, to });
  return Object.fromEntries(rows.map((row) => [row.kind, { counted: row.counted, all: row.all }]));
}
