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
        unassigned: sql<number>`coalesce(sum(case when ${accounts.icp} is null or ${accounts.icp} = 'unknown' then ${activities.count} end), 0)`,
      })
      .from(activities)
      .leftJoin(accounts, eq(accounts.id, activities.accountId))
      .where(repRange()),
  ).get({ teamId, userId, from, to });
  return { icp: row?.icp ?? 0, nonIcp: row?.nonIcp ?? 0, unassigned: row?.unassigned ?? 0 };
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
