/** The Postgres twin of src/db/recent.ts. */
import { and, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { RecentItem } from '../../db/recent.js';
import type { PgDb } from './db.js';
import { accounts, activities, deals } from './schema.js';

export type { RecentItem } from '../../db/recent.js';

/**
 * The rep's latest logged work, newest first: activities and deal moves together. A Slack-logged row whose whole
 * count the CRM's records now cover (count 0, crm/apply-activities.ts) is left out: the CRM's rows show that work.
 */
export async function recentWork(db: PgDb, teamId: string, userId: string, limit: number): Promise<RecentItem[]> {
  const acts = (
    await db
      .select({ at: activities.occurredAt, kind: activities.kind, count: activities.count, account: accounts.name })
      .from(activities)
      .leftJoin(accounts, eq(accounts.id, activities.accountId))
      .where(and(eq(activities.teamId, teamId), eq(activities.userId, userId), gt(activities.count, 0)))
      .orderBy(desc(activities.occurredAt), desc(activities.id))
      .limit(limit)
  ).map((row): RecentItem => ({ type: 'activity', ...row }));
  const opened = await db
    .select({ at: deals.createdAt, status: deals.status, amountCents: deals.amountCents, account: accounts.name })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, teamId), eq(deals.userId, userId), eq(deals.status, 'open')))
    .orderBy(desc(deals.createdAt), desc(deals.id))
    .limit(limit);
  const closed = await db
    .select({ at: deals.closedAt, status: deals.status, amountCents: deals.amountCents, account: accounts.name })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, teamId), eq(deals.userId, userId), isNotNull(deals.closedAt)))
    .orderBy(desc(deals.closedAt), desc(deals.id))
    .limit(limit);
  const dealItems = [...opened, ...closed].map(
    (row): RecentItem => ({
      type: 'deal',
      at: row.at ?? 0,
      status: row.status,
      amountCents: row.amountCents,
      account: row.account,
    }),
  );
  return [...acts, ...dealItems].sort((a, b) => b.at - a.at).slice(0, limit);
}
