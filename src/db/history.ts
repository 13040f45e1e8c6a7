/**
 * The team's history (team_history): settings changes people should be able to look back on, with who made
 * them and when. A currency change is one: amounts are relabelled, never converted, so the history is where
 * anyone can learn which currency an older amount was recorded in.
 */
import { asc, count, eq, max } from 'drizzle-orm';
import type { Db } from './connection.js';
import { deals, quotas, teamHistory } from './schema.js';

export type TeamHistoryRow = typeof teamHistory.$inferSelect;

/** A currency change: the codes, and how many amounts it relabelled. */
export interface CurrencyChange {
  from: string;
  to: string;
  quotas: number;
  deals: number;
}

export function recordCurrencyChange(
  db: Db,
  entry: { teamId: string; userId: string; at: number; change: CurrencyChange },
): void {
  const { from, to, quotas: quotaCount, deals: dealCount } = entry.change;
  db.insert(teamHistory)
    .values({
      teamId: entry.teamId,
      userId: entry.userId,
      at: entry.at,
      kind: 'currency',
      detail: { from, to, quotas: quotaCount, deals: dealCount },
    })
    .run();
}

/** The team's history, oldest first. */
export function teamHistoryOf(db: Db, teamId: string): TeamHistoryRow[] {
  return db
    .select()
    .from(teamHistory)
    .where(eq(teamHistory.teamId, teamId))
    .orderBy(asc(teamHistory.at), asc(teamHistory.id))
    .all();
}

/** The amounts a currency change would relabel: how many quotas and deals, and the largest amount of any. */
export interface RecordedAmounts {
  quotas: number;
  deals: number;
  largestCents: number | null;
}

export function recordedAmounts(db: Db, teamId: string): RecordedAmounts {
  const quota = db
    .select({ n: count(), largest: max(quotas.amountCents) })
    .from(quotas)
    .where(eq(quotas.teamId, teamId))
    .get();
  const deal = db
    .select({ n: count(), largest: max(deals.amountCents) })
    .from(deals)
    .where(eq(deals.teamId, teamId))
    .get();
  const largest = [quota?.largest, deal?.largest].filter((cents): cents is number => typeof cents === 'number');
  return {
    quotas: quota?.n ?? 0,
    deals: deal?.n ?? 0,
    largestCents: largest.length > 0 ? Math.max(...largest) : null,
  };
}
