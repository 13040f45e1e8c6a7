import { eq, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { scheduledSends } from './schema.js';

/** A claim left pending this long (a crash between claim and send) may be taken again. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;

export type SendKind = 'checkin' | 'reminder' | 'reflection' | 'weekly';
export type SendRow = typeof scheduledSends.$inferSelect;

/** The unique key of one scheduled message: team, recipient (rep or channel), kind, local date or ISO week. */
export function sendKey(teamId: string, recipient: string, kind: SendKind, localKey: string): string {
  return `${teamId}:${recipient}:${kind}:${localKey}`;
}

export function getSend(db: Db, key: string): SendRow | undefined {
  return db.select().from(scheduledSends).where(eq(scheduledSends.claimKey, key)).get();
}

/**
 * Claims a send before it goes out. Returns the claimed row, or null when it was sent
 * already or another pass holds a live claim. A failed send, or a claim whose lease ran
 * out, is claimed again. Immediate, so two processes cannot both claim one key.
 */
export function claimSend(
  db: Db,
  input: { key: string; teamId: string; recipient: string; kind: SendKind; now: number },
): SendRow | null {
  return db.transaction(
    (tx) => {
      const existing = getSend(tx, input.key);
      if (!existing) {
        return tx
          .insert(scheduledSends)
          .values({
            claimKey: input.key,
            teamId: input.teamId,
            recipient: input.recipient,
            kind: input.kind,
            status: 'pending',
            attempts: 1,
            claimedAt: input.now,
          })
          .returning()
          .get();
      }
      if (existing.status === 'sent') return null;
      if (existing.status === 'pending' && input.now - existing.claimedAt < CLAIM_LEASE_MS) return null;
      return tx
        .update(scheduledSends)
        .set({ status: 'pending', claimedAt: input.now, attempts: sql`${scheduledSends.attempts} + 1` })
        .where(eq(scheduledSends.id, existing.id))
        .returning()
        .get();
    },
    { behavior: 'immediate' },
  );
}

/** Records a part of a multi-part send (so a retry resumes after it), keeping the claim. */
export function recordProgress(
  db: Db,
  id: number,
  progress: { channelId: string; messageTs: string; parts: number },
): void {
  db.update(scheduledSends)
    .set({ channelId: progress.channelId, messageTs: progress.messageTs, progress: progress.parts })
    .where(eq(scheduledSends.id, id))
    .run();
}

export function markSent(db: Db, id: number, result: { channelId: string; messageTs: string; now: number }): void {
  db.update(scheduledSends)
    .set({
      status: 'sent',
      sentAt: result.now,
      channelId: result.channelId,
      messageTs: result.messageTs,
      lastError: null,
    })
    .where(eq(scheduledSends.id, id))
    .run();
}

export function markFailed(db: Db, id: number, error: string): void {
  db.update(scheduledSends)
    .set({ status: 'failed', lastError: error.slice(0, 500) })
    .where(eq(scheduledSends.id, id))
    .run();
}

/** Whether a prompt of this kind went out to the rep for that local date. */
export function wasSent(db: Db, teamId: string, userId: string, kind: SendKind, date: string): boolean {
  return getSend(db, sendKey(teamId, userId, kind, date))?.status === 'sent';
}
