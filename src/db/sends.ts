/**
 * Claims on scheduled messages: each message is claimed in the database under its unique key before it
 * is sent, by a claim with a random token and a lease. Every later change is fenced on the token, so a
 * pass that lost its claim (its lease lapsed, another pass took it) can change nothing, and a send whose
 * claim is not live is never posted.
 *
 * States: pending (claimed, not posted) → posting (a post in flight) → sent; failed (known not to have
 * posted: claimed again freely); uncertain (may have posted: the history is checked for its key before
 * any retry); abandoned (an answer that can never change). A claim whose lease lapsed is claimable: a
 * lapsed `posting` is uncertain, and so is a lapsed `pending` once an attempt had begun posting (it may have
 * been taken to settle an uncertain send and lapsed before it looked); a lapsed `pending` never posted is not.
 *
 * A claim taken to settle an uncertain send keeps `checkFirst` until it has looked in the conversation: given
 * back or known not posted before that, it goes back to `uncertain`, never to `failed`, so no later claim posts
 * without looking.
 *
 * The pass takes its claims a few at a time (claimSends) and records its posts begun and sent a few at a time
 * (writeSends), each batch in one transaction: scheduler/send-writes.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { immediateOn, prepared, statementOn } from './prepared.js';
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

/**
 * The pass's hot statements (a claim, a post begun, a send sent: one each per send), written by hand and prepared
 * once per connection (prepared.ts, statementOn). Drizzle's placeholder filling and row mapping, and its transaction
 * objects, cost several times what SQLite itself does for these one-row writes. The other statements here are
 * drizzle's.
 */
const hot = {
  claimNew: (db: Db) =>
    statementOn(
      db,
      'sends.claimNew',
      `insert into scheduled_sends (claim_key, team_id, recipient, kind, status, attempts, claimed_at, claim_token, lease_until)
       values (?, ?, ?, ?, 'pending', 1, ?, ?, ?) on conflict do nothing returning id`,
    ).pluck(),
  beginPost: (db: Db) =>
    statementOn(
      db,
      'sends.beginPost',
      `update scheduled_sends set status = 'posting', channel_id = ?, lease_until = ?,
         first_attempt_at = coalesce(first_attempt_at, ?)
       where id = ? and claim_token = ? and status = 'pending' and lease_until > ?`,
    ),
  markSent: (db: Db) =>
    statementOn(
      db,
      'sends.markSent',
      `update scheduled_sends set status = 'sent', sent_at = ?, channel_id = ?, message_ts = ?,
         result = coalesce(?, result), last_error = null, lease_until = null, not_before = null
       where id = ? and claim_token = ? and status in ('pending', 'posting')`,
    ),
};

/** Claims several sends in one immediate transaction; null where not claimed. */
export function claimSends(db: Db, inputs: readonly ClaimInput[]): (Claim | null)[] {
  // The drizzle statements of a claim taken again run on `db`: one connection, so they are part of it.
  return immediateOn(db, () => inputs.map((input) => claimOne(db, input)));
}

function claimOne(db: Db, input: ClaimInput): Claim | null {
  const p = (name: string) => sql.placeholder(name);
  const token = randomUUID();
  const leaseUntil = input.now + CLAIM_LEASE_MS;
  // The common case in a pass, a key never claimed, takes one statement, and its row is what was inserted.
  const id = hot.claimNew(db).get(input.key, input.teamId, input.recipient, input.kind, input.now, token, leaseUntil) as
    | number
    | undefined;
  if (id !== undefined) {
    return {
      id,
      key: input.key,
      token,
      attempts: 1,
      checkFirst: false,
      channelId: null,
      messageTs: null,
      progress: 0,
      firstAttemptAt: null,
    };
  }
  const existing = getSend(db, input.key);
  if (!existing || existing.status === 'sent' || existing.status === 'abandoned') return null;
  const live =
    (existing.status === 'pending' || existing.status === 'posting') && (existing.leaseUntil ?? 0) > input.now;
  if (live) return null;
  if (existing.notBefore !== null && existing.notBefore > input.now) return null;
  const checkFirst = mayHavePosted(existing);
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
 * Whether a claimable row's send may have posted, so that its next claim must look before posting: a post was in
 * flight, its outcome is unknown, or a claim that lapsed pending after an attempt had begun (recordProgress leaves
 * a multi-part send pending between parts, and a claim taken to settle an uncertain send is pending until it looks).
 */
export function mayHavePosted(row: Pick<SendRow, 'status' | 'firstAttemptAt'>): boolean {
  return (
    row.status === 'posting' || row.status === 'uncertain' || (row.status === 'pending' && row.firstAttemptAt !== null)
  );
}

/**
 * What a pending claim given back unposted becomes: failed (claimed again freely), or uncertain when it was taken to
 * settle an uncertain send (checkFirst) and may not have looked yet.
 */
export function notPostedStatus(claim: Pick<Claim, 'checkFirst'>): 'failed' | 'uncertain' {
  return claim.checkFirst ? 'uncertain' : 'failed';
}

/**
 * Only the row still held by this very claim, in one of these states, changes (the hand-written statements above
 * say the same in SQL).
 */
const heldBy = (claim: { id: number; token: string }, states: readonly SendRow['status'][]) =>
  and(
    eq(scheduledSends.id, claim.id),
    eq(scheduledSends.claimToken, claim.token),
    inArray(scheduledSends.status, [...states]),
  );

/**
 * Right before a post: the claim must still be live and pending. It becomes `posting` (so a crash from here
 * on leaves it uncertain), with its lease renewed. False when the claim was lost: then nothing is posted.
 */
export function beginPost(db: Db, claim: Claim, input: { channelId: string; now: number }): boolean {
  const { channelId, now } = input;
  return hot.beginPost(db).run(channelId, now + CLAIM_LEASE_MS, now, claim.id, claim.token, now).changes === 1;
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
  // No `result` keeps the one recorded.
  const { now, channelId, messageTs } = result;
  return hot.markSent(db).run(now, channelId, messageTs, result.result ?? null, claim.id, claim.token).changes === 1;
}

/**
 * A claim taken to settle an uncertain send that fails before it began posting (the pass looks before it begins)
 * may not have looked: it goes back to uncertain, since this attempt did not post but an earlier one may have.
 */
const stillToLook = sql<
  'failed' | 'uncertain'
>`case when ${scheduledSends.status} = 'pending' then 'uncertain' else 'failed' end`;

/**
 * Known not to have posted: tried again by a later claim (not before `notBefore`, for a 429), or given up for
 * good when Slack's answer can never change (`final`). A claim that had still to look for an earlier attempt
 * goes back to uncertain (stillToLook).
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
        status: input.final ? 'abandoned' : claim.checkFirst ? stillToLook : 'failed',
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

/**
 * Gives a claim back unposted (shutdown, or a claim taken ahead that its pass will not use): claimable at once by
 * another process, which looks first if this claim had still to look.
 */
export function releaseClaim(db: Db, claim: Claim): boolean {
  return (
    db
      .update(scheduledSends)
      .set({ status: notPostedStatus(claim), lastError: 'released unsent when its process stopped', leaseUntil: null })
      .where(heldBy(claim, ['pending']))
      .run().changes === 1
  );
}

/** A claim's write that the pass batches with others' (scheduler/send-writes.ts): a post begun, or a send sent. */
export type SendWrite =
  | { op: 'begin'; claim: Claim; channelId: string; now: number }
  | { op: 'sent'; claim: Claim; channelId: string; messageTs: string | null; now: number; result?: string };

/**
 * Several claims' writes in one immediate transaction, in the order given: for each, what beginPost or markSent
 * would have answered (false when its claim was lost). One commit for many sends is what the pass saves; each
 * write is still fenced on its own claim.
 */
export function writeSends(db: Db, writes: readonly SendWrite[]): boolean[] {
  if (writes.length === 0) return [];
  return immediateOn(db, () =>
    writes.map((write) =>
      write.op === 'begin' ? beginPost(db, write.claim, write) : markSent(db, write.claim, write),
    ),
  );
}
