/**
 * Whether the answer to "Did you mean Globex Corp?" was already carried out: a button pressed twice, or
 * pressed again after a reload, must not book a win or an activity twice.
 */
import { and, eq, gte } from 'drizzle-orm';
import type { ActivityKind } from '../domain/command.js';
import type { Db } from './connection.js';
import { activities, deals } from './schema.js';

export type AnsweredCommand =
  | { kind: 'won'; amountCents: number }
  | { kind: 'log'; activity: ActivityKind; count: number }
  | { kind: 'opp' | 'icp' | 'lost' };

/**
 * True when the rep has, since `since` (the instant the question was asked), won this amount on the account
 * or logged this activity on it. Updating an opportunity and setting a fit do the same thing twice, and a
 * lost deal is checked by the deal itself, so those are never "done already".
 */
export function answeredSince(
  db: Db,
  input: { teamId: string; userId: string; accountId: number; since: number; command: AnsweredCommand },
): boolean {
  const { teamId, userId, accountId, since, command } = input;
  if (command.kind === 'won') {
    const row = db
      .select({ id: deals.id })
      .from(deals)
      .where(
        and(
          eq(deals.teamId, teamId),
          eq(deals.userId, userId),
          eq(deals.accountId, accountId),
          eq(deals.status, 'won'),
          eq(deals.amountCents, command.amountCents),
          gte(deals.closedAt, since),
        ),
      )
      .get();
    return row !== undefined;
  }
  if (command.kind === 'log') {
    const row = db
      .select({ id: activities.id })
      .from(activities)
      .where(
        and(
          eq(activities.teamId, teamId),
          eq(activities.userId, userId),
          eq(activities.accountId, accountId),
          eq(activities.kind, command.activity),
          eq(activities.count, command.count),
          gte(activities.occurredAt, since),
        ),
      )
      .get();
    return row !== undefined;
  }
  return false;
}
