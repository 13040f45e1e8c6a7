/**
 * What went out before, read from the claims of scheduled messages (db/sends.ts): whether a prompt was sent
 * for a day or a range of days, and the last weekly post. The claim keys end in the local date or ISO week,
 * which sorts as it reads, so each is a range read on the keys' unique index.
 */
import { and, desc, eq, gt, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { scheduledSends } from './schema.js';
import { getSend, type SendKind, type SendRow, sendKey } from './sends.js';

/** Whether a prompt of this kind went out to the rep for that local date. */
export function wasSent(db: Db, teamId: string, userId: string, kind: SendKind, date: string): boolean {
  return getSend(db, sendKey(teamId, userId, kind, date))?.status === 'sent';
}

/** The claim-key range of one recipient's sends of one kind from local key `from` up to (not including) `to`. */
function keyRange(teamId: string, recipient: string, kind: SendKind, from: string, to: string) {
  return and(
    gte(scheduledSends.claimKey, sendKey(teamId, recipient, kind, from)),
    lt(scheduledSends.claimKey, sendKey(teamId, recipient, kind, to)),
  );
}

/**
 * Whether any prompt of this kind went out to the rep for a local date from `from` up to (not including) `to`:
 * a range read on the claim keys' unique index (the keys end in the date, which sorts as it reads).
 */
export function sentBetween(
  db: Db,
  input: { teamId: string; recipient: string; kind: SendKind; from: string; to: string },
): boolean {
  // Prepared once per connection: the scheduler asks this for every check-in it sends.
  const row = prepared(db, 'sentBetween', (d) =>
    d
      .select({ id: scheduledSends.id })
      .from(scheduledSends)
      .where(
        and(
          gte(scheduledSends.claimKey, sql.placeholder('from')),
          lt(scheduledSends.claimKey, sql.placeholder('to')),
          eq(scheduledSends.status, 'sent'),
        ),
      )
      .limit(1),
  ).get({
    from: sendKey(input.teamId, input.recipient, input.kind, input.from),
    to: sendKey(input.teamId, input.recipient, input.kind, input.to),
  });
  return row !== undefined;
}

/**
 * The latest send of this kind to this recipient, before local key `before` (an ISO week sorts as it reads),
 * whose first message went out: sent, or a multi-part send whose top message is out though a thread part is not.
 */
export function lastPostedBefore(
  db: Db,
  input: { teamId: string; recipient: string; kind: SendKind; before: string },
): SendRow | undefined {
  return db
    .select()
    .from(scheduledSends)
    .where(
      and(
        keyRange(input.teamId, input.recipient, input.kind, '', input.before),
        or(eq(scheduledSends.status, 'sent'), gt(scheduledSends.progress, 0)),
      ),
    )
    .orderBy(desc(scheduledSends.claimKey))
    .limit(1)
    .get();
}
