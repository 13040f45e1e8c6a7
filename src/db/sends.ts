/**
 * Claims on scheduled messages: each message is claimed in the database under its unique key before it
 * is sent, by a claim with a random token and a lease. Every later change is fenced on the token, so a
 * pass that lost its claim (its lease lapsed, another pass took it) can change nothing, and a send whose
 * claim is not live is never posted.
 *
 * States: pending (claimed, not posted) → posting (a post in flight) → sent; failed (known not to have
 * posted: claimed again freely); uncertain (may have posted: the history is checked for its key before
 * any retry); abandoned (an answer that can never change). A claim whose lease lapsed is claimable: a
 * lapsed `pending` was never posted, a lapsed `posting` is uncertain.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, type Placeholder, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { scheduledSends } from './schema.js';

/** How long a claim holds without renewal. A live pass renews its claims well before. */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;

/** `digest`: the managers' weekly coaching digest, one DM per manager (scheduler/digest.ts). */
export type SendKind = 'checkin' | 'reminder' | 'reflection' | 'weekly' | 'digest';
export type SendRow = typeof scheduledSends.$inferSelect;

/** The unique key of one scheduled message: team, recipient (rep or channel), kind, local date or ISO week. */
export function sendKey(teamId: string, recipient: string, kind: SendKind, localKey: string): string {
  return `${teamId}:${recipient}:${kind}:${localKey}`;
}

/** The key of one part of a multi-part send (the weekly post's thread replies); part 0 is the message itself. */
export function partKey(key: string, part: number): string {
  return part === 0 ? key : `${key}#${part}`;
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

/** A live claim as the pass holds it. */
export interface Claim {
  id: number;
  key: string;
  token: string;
  attempts: number;
  /** A post may already be out: look for the key in the conversation before posting. */
  checkFirst: boolean;
  /** Where earlier attempts posted (and, for a multi-part send, its first message and how many parts are out). */
  channelId: string | null;
  messageTs: string | null;
  progress: number;
  firstAttemptAt: number | null;
}

function claimOf(row: SendRow, checkFirst: boolean): Claim {
  return {
    id: row.id,
    key: row.claimKey,
    token: row.claimToken ?? '',
    attempts: row.attempts,
    checkFirst,
    channelId: row.channelId,
    messageTs: row.messageTs,
    progress: row.progress,
    firstAttemptAt: row.firstAttemptAt,
  };
}

/** Claims one send; null when it was sent, is abandoned, is held by a live claim, or must wait (Retry-After). */
export function claimSend(db: Db, input: ClaimInput): Claim | null {
  return claimSends(db, [input])[0] ?? null;
}

/** Claims several sends in one immediate transaction; null where not claimed. */
export function claimSends(db: Db, inputs: readonly ClaimInput[]): (Claim | null)[] {
  // Statements run on `db` inside the transaction: one connection, so they are part of it (see prepared.ts).
  return db.transaction(() => inputs.map((input) => claimOne(db, input)), { behavior: 'immediate' });
}

function claimOne(db: Db, input: ClaimInput): Claim | null {
  const p = (name: string) => sql.placeholder(name);
  const token = randomUUID();
  const leaseUntil = input.now + CLAIM_LEASE_MS;
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
        claimToken: p('token'),
        leaseUntil: p('leaseUntil'),
      })
      .onConflictDoNothing()
      .returning(),
  ).get({ ...input, token, leaseUntil }) as SendRow | undefined;
  if (fresh) return claimOf(fresh, false);
  const existing = getSend(db, input.key);
  if (!existing || existing.status === 'sent' || existing.status === 'abandoned') return null;
  const live =
    (existing.status === 'pending' || existing.status === 'posting') && (existing.leaseUntil ?? 0) > input.now;
  if (live) return null;
  if (existing.notBefore !== null && existing.notBefore > input.now) return null;
  const checkFirst = existing.status === 'posting' || existing.status === 'uncertain';
  const row = prepared(db, 'claimAgain', (d) =>
    d
      .update(scheduledSends)
      .set({
        status: 'pending',
        claimedAt: sql`${p('now')}`,
        claimToken: sql`${p('token')}`,
        leaseUntil: sql`${p('leaseUntil')}`,
        attempts: sql`${scheduledSends.attempts} + 1`,
      })
      .where(and(eq(scheduledSends.id, p('id')), eq(scheduledSends.status, p('status'))))
      .returning(),
  ).get({ now: input.now, token, leaseUntil, id: existing.id, status: existing.status }) as SendRow | undefined;
  return row ? claimOf(row, checkFirst) : null;
}

/**
 * Only the row still held by this very claim, in one of these states, changes. A prepared statement passes
 * PREPARED_CLAIM: the claim's id and token are then its parameters `id` and `token`.
 */
const heldBy = (
  claim: { id: number | Placeholder; token: string | Placeholder },
  states: readonly SendRow['status'][],
) =>
  and(
    eq(scheduledSends.id, claim.id),
    eq(scheduledSends.claimToken, claim.token),
    inArray(scheduledSends.status, [...states]),
  );

/** A prepared statement's parameter where drizzle's `set` wants SQL. */
const param = (name: string) => sql`${sql.placeholder(name)}`;

const PREPARED_CLAIM = { id: sql.placeholder('id'), token: sql.placeholder('token') };

/**
 * Right before a post: the claim must still be live and pending. It becomes `posting` (so a crash from here
 * on leaves it uncertain), with its lease renewed. False when the claim was lost: then nothing is posted.
 */
export function beginPost(db: Db, claim: Claim, input: { channelId: string; now: number }): boolean {
  // Prepared once per connection: the pass runs this for every send.
  const statement = prepared(db, 'beginPost', (d) =>
    d
      .update(scheduledSends)
      .set({
        status: 'posting',
        channelId: param('channelId'),
        leaseUntil: param('leaseUntil'),
        firstAttemptAt: sql`coalesce(${scheduledSends.firstAttemptAt}, ${sql.placeholder('now')})`,
      })
      .where(and(heldBy(PREPARED_CLAIM, ['pending']), sql`${scheduledSends.leaseUntil} > ${sql.placeholder('now')}`)),
  );
  const { channelId, now } = input;
  return (
    statement.run({ id: claim.id, token: claim.token, channelId, leaseUntil: now + CLAIM_LEASE_MS, now }).changes === 1
  );
}

/** Extends the leases of claims a live pass still holds; returns the IDs of those it no longer holds. */
export function renewLeases(db: Db, claims: readonly Claim[], now: number): number[] {
  const lost: number[] = [];
  db.transaction(
    () => {
      for (const claim of claims) {
        const renewed = db
          .update(scheduledSends)
          .set({ leaseUntil: now + CLAIM_LEASE_MS })
          .where(heldBy(claim, ['pending', 'posting']))
          .run().changes;
        if (renewed !== 1) lost.push(claim.id);
      }
    },
    { behavior: 'immediate' },
  );
  return lost;
}

/** A part of a multi-part send is out: recorded (a retry resumes after it), the claim kept and pending. */
export function recordProgress(
  db: Db,
  claim: Claim,
  progress: { channelId: string; messageTs: string; parts: number },
): boolean {
  return (
    db
      .update(scheduledSends)
      .set({
        status: 'pending',
        channelId: progress.channelId,
        messageTs: progress.messageTs,
        progress: progress.parts,
      })
      .where(heldBy(claim, ['pending', 'posting']))
      .run().changes === 1
  );
}

/** Marks a claimed send sent; false when the claim was lost meanwhile. */
export function markSent(
  db: Db,
  claim: Claim,
  result: { channelId: string; messageTs: string | null; now: number; result?: string },
): boolean {
  // Prepared once per connection: the pass runs this for every send. No `result` keeps the one recorded.
  const statement = prepared(db, 'markSent', (d) =>
    d
      .update(scheduledSends)
      .set({
        status: 'sent',
        sentAt: param('now'),
        channelId: param('channelId'),
        messageTs: param('messageTs'),
        result: sql`coalesce(${sql.placeholder('result')}, ${scheduledSends.result})`,
        lastError: null,
        leaseUntil: null,
        notBefore: null,
      })
      .where(heldBy(PREPARED_CLAIM, ['pending', 'posting'])),
  );
  return (
    statement.run({
      id: claim.id,
      token: claim.token,
      now: result.now,
      channelId: result.channelId,
      messageTs: result.messageTs,
      result: result.result ?? null,
    }).changes === 1
  );
}

/**
 * Known not to have posted: tried again by a later claim (not before `notBefore`, for a 429), or given up for
 * good when Slack's answer can never change (`final`).
 */
export function markNotPosted(
  db: Db,
  claim: Claim,
  input: { error: string; final: boolean; notBefore?: number | null },
): boolean {
  return (
    db
      .update(scheduledSends)
      .set({
        status: input.final ? 'abandoned' : 'failed',
        lastError: input.error.slice(0, 500),
        leaseUntil: null,
        notBefore: input.notBefore ?? null,
      })
      .where(heldBy(claim, ['pending', 'posting']))
      .run().changes === 1
  );
}

/** The post may have gone out: the next claim looks for it in the conversation before posting again. */
export function markUncertain(db: Db, claim: Claim, error: string): boolean {
  return (
    db
      .update(scheduledSends)
      .set({ status: 'uncertain', lastError: error.slice(0, 500), leaseUntil: null })
      .where(heldBy(claim, ['pending', 'posting']))
      .run().changes === 1
  );
}

/** Gives a claim back unposted (shutdown): claimable at once by another process. */
export function releaseClaim(db: Db, claim: Claim): boolean {
  return (
    db
      .update(scheduledSends)
      .set({ status: 'failed', lastError: 'released unsent when its process stopped', leaseUntil: null })
      .where(heldBy(claim, ['pending']))
      .run().changes === 1
  );
}
