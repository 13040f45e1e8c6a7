/** The Postgres twin of src/db/history.ts. */
import { asc, count, eq, max } from 'drizzle-orm';
import type { CurrencyChange, RecordedAmounts, TeamHistoryRow } from '../../db/history.js';
import type { PgDb } from './db.js';
import { deals, quotas, teamHistory } from './schema.js';

export type { CurrencyChange, RecordedAmounts, TeamHistoryRow } from '../../db/history.js';

export async function recordCurrencyChange(
  db: PgDb,
  entry: { teamId: string; userId: string; at: number; change: CurrencyChange },
): Promise<void> {
  const { from, to, quotas: quotaCount, deals: dealCount } = entry.change;
  await db.insert(teamHistory).values({
    teamId: entry.teamId,
    userId: entry.userId,
    at: entry.at,
    kind: 'currency',
    detail: { from, to, quotas: quotaCount, deals: dealCount },
  });
}

/** The team's history, oldest first. */
export async function teamHistoryOf(db: PgDb, teamId: string): Promise<TeamHistoryRow[]> {
  return db
    .select()
    .from(teamHistory)
    .where(eq(teamHistory.teamId, teamId))
    .orderBy(asc(teamHistory.at), asc(teamHistory.id));
}

export async function recordedAmounts(db: PgDb, teamId: string): Promise<RecordedAmounts> {
  const [quota] = await db
    .select({ n: count(), largest: max(quotas.amountCents) })
    .from(quotas)
    .where(eq(quotas.teamId, teamId));
  const [deal] = await db
    .select({ n: count(), largest: max(deals.amountCents) })
    .from(deals)
    .where(eq(deals.teamId, teamId));
  const largest = [quota?.largest, deal?.largest].filter((cents): cents is number => typeof cents === 'number');
  return {
    quotas: quota?.n ?? 0,
    deals: deal?.n ?? 0,
    largestCents: largest.length > 0 ? Math.max(...largest) : null,
  };
}
