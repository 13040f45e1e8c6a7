import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
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
  return prepared(db, 'getSend', (d) =>
    d
      .select()
      .from(scheduledSends)
      .where(eq(scheduledSends.claimKey, sql.placeholder('key'))),
  ).get({ key });
}

export interface ClaimInput {
  key: string;
  teamId: string;
  recipient: string;
  kind: SendKind;
  now: number;
}

/**
 * Claims a send before it goes out. Returns the claimed row, or null when it was sent
 * already or another pass holds a live claim. A failed send, or a claim whose lease ran
 * out, is claimed again. Immediate, so two processes cannot both claim one key.
 */
export function claimSend(db: Db, input: ClaimInput): SendRow | null {
  return claimSends(db, [input])[0] ?? null;
}

/** Claims many sends in one immediate transaction (one commit for a whole pass); null where not claimed. */
export function claimSends(db: Db, inputs: readonly ClaimInput[]): (SendRow | null)[] {
  // Statements run on `db` inside the transaction: one connection, so they are part of it,
  // and the root's prepared statements are reused (see prepared.ts).
  return db.transaction(() => inputs.map((input) => claimOne(db, input)), { behavior: 'immediate' });
}

function claimOne(db: Db, input: ClaimInput): SendRow | null {
  const p = (name: string) => sql.placeholder(name);
  // The common case in a pass, a key never claimed, takes one statement.
  const fresh = prepared(db, 'claimNew', (d) =>
    d
      .insert(scheduledSends)
      .values({
        claimKey: p('key'),
        teamId: p('teamId'),
        recipient: p('recipient'),
        kind: p('kind'),
        status: 'pending',
        attempts: 1,
        claimedAt: p('now'),
      })
      .onConflictDoNothing()
      .returning(),
  ).get({ ...input }) as SendRow | undefined;
  if (fresh) return fresh;
  const existing = getSend(db, input.key);
  if (!existing || existing.status === 'sent' || existing.status === 'abandoned') return null;
  if (existing.status === 'pending' && input.now - existing.claimedAt < CLAIM_LEASE_MS) return null;
  return prepared(db, 'claimAgain', (d) =>
    d
      .update(scheduledSends)
      .set({ status: 'pending', claimedAt: sql`${p('now')}`, attempts: sql`${scheduledSends.attempts} + 1` })
      .where(eq(scheduledSends.id, p('id')))
      .returning(),
  ).get({ now: input.now, id: existing.id }) as SendRow;
}

/** Records a part of a multi-part send (so a retry resumes after it), keeping the claim. */
/** A claim as the pass holds it: its row and the instant it was claimed at (the fence for every update). */
export type Claim = Pick<SendRow, 'id' | 'claimedAt'>;

/**
 * Every update after the claim is fenced on it: only a row still pending under this very
 * claim changes. A pass that outlived its lease (another pass has re-claimed and maybe
 * sent) then changes nothing, and can never turn a 'sent' back into 'failed'.
 */
const stillOurs = (claim: Claim) =>
  and(
    eq(scheduledSends.id, claim.id),
    eq(scheduledSends.status, 'pending'),
    eq(scheduledSends.claimedAt, claim.claimedAt),
  );

/** Records a part of a multi-part send (so a retry resumes after it); false when the claim was lost. */
export function recordProgress(
  db: Db,
  claim: Claim,
  progress: { channelId: string; messageTs: string; parts: number },
): boolean {
  return (
    db
      .update(scheduledSends)
      .set({ channelId: progress.channelId, messageTs: progress.messageTs, progress: progress.parts })
      .where(stillOurs(claim))
      .run().changes === 1
  );
}

/** Marks a claimed send sent; false when the claim was lost meanwhile. */
export function markSent(db: Db, claim: Claim, result: { channelId: string; messageTs: string; now: number }): boolean {
  const p = (name: string) => sql.placeholder(name);
  return (
    prepared(db, 'markSent', (d) =>
      d
        .update(scheduledSends)
        .set({
          status: 'sent',
          sentAt: sql`${p('now')}`,
          channelId: sql`${p('channelId')}`,
          messageTs: sql`${p('messageTs')}`,
          lastError: null,
        })
        .where(
          and(
            eq(scheduledSends.id, p('id')),
            eq(scheduledSends.status, 'pending'),
            eq(scheduledSends.claimedAt, p('claimedAt')),
          ),
        ),
    ).run({ id: claim.id, claimedAt: claim.claimedAt, ...result }).changes === 1
  );
}

/**
 * Marks a claimed send failed (retried by a later pass inside the window), or given up for
 * good when Slack's answer can never change (`final`: a deactivated user, a channel the
 * bot is not in); false when the claim was lost meanwhile.
 */
export function markFailed(db: Db, claim: Claim, error: string, final = false): boolean {
  return (
    db
      .update(scheduledSends)
      .set({ status: final ? 'abandoned' : 'failed', lastError: error.slice(0, 500) })
      .where(stillOurs(claim))
      .run().changes === 1
  );
}

/** Whether a prompt of this kind went out to the rep for that local date. */
export function wasSent(db: Db, teamId: string, userId: string, kind: SendKind, date: string): boolean {
  return getSend(db, sendKey(teamId, userId, kind, date))?.status === 'sent';
}
