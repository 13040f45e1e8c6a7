/**
 * The Postgres twin of src/db/send-history.ts: range reads on the claim keys' unique index. The keys' text is
 * `collate "C"` (migrations/pg/0000), so a key range covers the same keys as SQLite's BINARY order.
 */
import { and, desc, eq, gt, gte, lt, or } from 'drizzle-orm';
import { type SendKind, type SendRow, sendKey } from '../../db/sends.js';
import type { PgDb } from './db.js';
import { scheduledSends } from './schema.js';
import { getSend } from './sends.js';

/** Whether a prompt of this kind went out to the rep for that local date. */
export async function wasSent(
  db: PgDb,
  teamId: string,
  userId: string,
  kind: SendKind,
  date: string,
): Promise<boolean> {
  return (await getSend(db, sendKey(teamId, userId, kind, date)))?.status === 'sent';
}

/** The claim-key range of one recipient's sends of one kind from local key `from` up to (not including) `to`. */
function keyRange(teamId: string, recipient: string, kind: SendKind, from: string, to: string) {
  return and(
    gte(scheduledSends.claimKey, sendKey(teamId, recipient, kind, from)),
    lt(scheduledSends.claimKey, sendKey(teamId, recipient, kind, to)),
  );
}

/** Whether any prompt of this kind went out to the rep for a local date from `from` up to (not including) `to`. */
export async function sentBetween(
  db: PgDb,
  input: { teamId: string; recipient: string; kind: SendKind; from: string; to: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: scheduledSends.id })
    .from(scheduledSends)
    .where(
      and(keyRange(input.teamId, input.recipient, input.kind, input.from, input.to), eq(scheduledSends.status, 'sent')),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * The latest send of this kind to this recipient, before local key `before` (an ISO week sorts as it reads),
 * whose first message went out: sent, or a multi-part send whose top message is out though a thread part is not.
 */
export async function lastPostedBefore(
  db: PgDb,
  input: { teamId: string; recipient: string; kind: SendKind; before: string },
): Promise<SendRow | undefined> {
  const rows = await db
    .select()
    .from(scheduledSends)
    .where(
      and(
        keyRange(input.teamId, input.recipient, input.kind, '', input.before),
        or(eq(scheduledSends.status, 'sent'), gt(scheduledSends.progress, 0)),
      ),
    )
    .orderBy(desc(scheduledSends.claimKey))
    .limit(1);
  return rows[0];
}
