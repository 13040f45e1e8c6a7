import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { ActivityKind } from '../domain/command.js';
import type { ActivityMix } from '../domain/gap.js';
import { type Account, findOrCreateAccount } from './accounts.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { accounts, activities } from './schema.js';

export interface LoggedActivity {
  account: Account | null;
  accountCreated: boolean;
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
      tx.insert(activities)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          kind: input.kind,
          count: input.count,
          accountId: found?.account.id ?? null,
          occurredAt: input.now,
          localDate: input.today,
        })
        .run();
      return { account: found?.account ?? null, accountCreated: found?.created ?? false };
    },
    { behavior: 'immediate' },
  );
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
