/**
 * The Postgres twin of src/db/sends.ts: the same claims, leases and states. SQLite runs a claim's read and its
 * write in one immediate transaction, so no other claimer comes between them; here two processes can, so every
 * write is a compare-and-set that decides alone: a new claim is `insert … on conflict do nothing returning`
 * (the unique key makes the second claimer wait for the first and then insert nothing), a claim taken again is
 * an update guarded on the status and token it read (a claimer that read the same lapsed claim finds it changed
 * and updates nothing), and every later change is fenced on the claim's token, as on SQLite.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  CLAIM_LEASE_MS,
  type Claim,
  type ClaimInput,
  mayHavePosted,
  notPostedStatus,
  type SendRow,
  type SendWrite,
} from '../../db/sends.js';
import type { PgDb } from './db.js';
import { scheduledSends } from './schema.js';

export {
  CLAIM_LEASE_MS,
  type Claim,
  type ClaimInput,
  partKey,
  type SendKind,
  type SendRow,
  type SendWrite,
  sendKey,
} from '../../db/sends.js';

export async function getSend(db: PgDb, key: string): Promise<SendRow | undefined> {
  return (await db.select().from(scheduledSends).where(eq(scheduledSends.claimKey, key)).limit(1))[0];
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
export async function claimSend(db: PgDb, input: ClaimInput): Promise<Claim | null> {
  return (await claimSends(db, [input]))[0] ?? null;
}

/**
 * Claims several sends in one transaction; null where not claimed. They are claimed in key order, so two passes
 * claiming overlapping sets wait for each other's inserts in one order. (A claim and another pass's writeSends or
 * renewLeases, which lock by id, can still deadlock on lapsed claims: PostgreSQL then fails one of them, which
 * is retried like a busy database, or renewed at the next renewal.)
 */
export async function claimSends(db: PgDb, inputs: readonly ClaimInput[]): Promise<(Claim | null)[]> {
  const order = inputs.map((input, index) => ({ input, index }));
  order.sort((a, b) => (a.input.key < b.input.key ? -1 : a.input.key > b.input.key ? 1 : a.index - b.index));
  return db.transaction(async (tx) => {
    const claims: (Claim | null)[] = inputs.map(() => null);
    for (const { input, index } of order) claims[index] = await claimOne(tx, input);
    return claims;
  });
}

async function claimOne(db: PgDb, input: ClaimInput): Promise<Claim | null> {
  const token = randomUUID();
  const leaseUntil = input.now + CLAIM_LEASE_MS;
  const [fresh] = await db
    .insert(scheduledSends)
    .values({
      claimKey: input.key,
      teamId: input.teamId,
      recipient: input.recipient,
      kind: input.kind,
      status: 'pending',
      attempts: 1,
      claimedAt: input.now,
      claimToken: token,
      leaseUntil,
    })
    .onConflictDoNothing()
    .returning();
  if (fresh) return claimOf(fresh, false);
  const existing = await getSend(db, input.key);
  if (!existing || existing.status === 'sent' || existing.status === 'abandoned') return null;
  const live =
    (existing.status === 'pending' || existing.status === 'posting') && (existing.leaseUntil ?? 0) > input.now;
  if (live) return null;
  if (existing.notBefore !== null && existing.notBefore > input.now) return null;
  const checkFirst = mayHavePosted(existing);
  // Only the claim as read: another claimer that took it meanwhile changed its token (a lapsed pending claim
  // keeps its status when taken again, so the status alone would let both win).
  const sameToken =
    existing.claimToken === null
      ? isNull(scheduledSends.claimToken)
      : eq(scheduledSends.claimToken, existing.claimToken);
  const [row] = await db
    .update(scheduledSends)
    .set({
      status: 'pending',
      claimedAt: input.now,
      claimToken: token,
      leaseUntil,
      attempts: sql`${scheduledSends.attempts} + 1`,
    })
    .where(and(eq(scheduledSends.id, existing.id), eq(scheduledSends.status, existing.status), sameToken))
    .returning();
  return row ? claimOf(row, checkFirst) : null;
}

/** Only the row still held by this very claim, in one of these states, changes. */
const heldBy = (claim: { id: number; token: string }, states: readonly SendRow['status'][]) =>
  and(
    eq(scheduledSends.id, claim.id),
    eq(scheduledSends.claimToken, claim.token),
    inArray(scheduledSends.status, [...states]),
  );

/** How many rows a guarded write changed: 1 when the claim still held. */
const changed = (result: { rowCount: number | null }) => result.rowCount ?? 0;

/**
 * Right before a post: the claim must still be live and pending. It becomes `posting` (so a crash from here
 * on leaves it uncertain), with its lease renewed. False when the claim was lost: then nothing is posted.
 */
export async function beginPost(db: PgDb, claim: Claim, input: { channelId: string; now: number }): Promise<boolean> {
  const result = await db
    .update(scheduledSends)
    .set({
      status: 'posting',
      channelId: input.channelId,
      leaseUntil: input.now + CLAIM_LEASE_MS,
      firstAttemptAt: sql`coalesce(${scheduledSends.firstAttemptAt}, ${input.now})`,
    })
    .where(and(heldBy(claim, ['pending']), sql`${scheduledSends.leaseUntil} > ${input.now}`));
  return changed(result) === 1;
}

/**
 * Extends the leases of claims a live pass still holds; returns the IDs of those it no longer holds (in the
 * order given). Renewed in id order, in one transaction.
 */
export async function renewLeases(db: PgDb, claims: readonly Claim[], now: number): Promise<number[]> {
  const kept = new Set<number>();
  await db.transaction(async (tx) => {
    for (const claim of [...claims].sort((a, b) => a.id - b.id)) {
      const renewed = await tx
        .update(scheduledSends)
        .set({ leaseUntil: now + CLAIM_LEASE_MS })
        .where(heldBy(claim, ['pending', 'posting']));
      if (changed(renewed) === 1) kept.add(claim.id);
    }
  });
  return claims.filter((claim) => !kept.has(claim.id)).map((claim) => claim.id);
}

/** A part of a multi-part send is out: recorded (a retry resumes after it), the claim kept and pending. */
export async function recordProgress(
  db: PgDb,
  claim: Claim,
  progress: { channelId: string; messageTs: string; parts: number },
): Promise<boolean> {
  const result = await db
    .update(scheduledSends)
    .set({
      status: 'pending',
      channelId: progress.channelId,
      messageTs: progress.messageTs,
      progress: progress.parts,
    })
    .where(heldBy(claim, ['pending', 'posting']));
  return changed(result) === 1;
}

/** Marks a claimed send sent; false when the claim was lost meanwhile. */
export async function markSent(
  db: PgDb,
  claim: Claim,
  result: { channelId: string; messageTs: string | null; now: number; result?: string },
): Promise<boolean> {
  // No `result` keeps the one recorded.
  const written = await db
    .update(scheduledSends)
    .set({
      status: 'sent',
      sentAt: result.now,
      channelId: result.channelId,
      messageTs: result.messageTs,
      ...(result.result === undefined ? {} : { result: result.result }),
      lastError: null,
      leaseUntil: null,
      notBefore: null,
    })
    .where(heldBy(claim, ['pending', 'posting']));
  return changed(written) === 1;
}

/** As on SQLite: a claim taken to settle an uncertain send that fails before it began posting goes back to uncertain. */
const stillToLook = sql<
  'failed' | 'uncertain'
>`case when ${scheduledSends.status} = 'pending' then 'uncertain' else 'failed' end`;

/**
 * Known not to have posted: tried again by a later claim (not before `notBefore`, for a 429), or given up for
 * good when Slack's answer can never change (`final`). A claim that had still to look for an earlier attempt
 * goes back to uncertain (stillToLook).
 */
export async function markNotPosted(
  db: PgDb,
  claim: Claim,
  input: { error: string; final: boolean; notBefore?: number | null },
): Promise<boolean> {
  const result = await db
    .update(scheduledSends)
    .set({
      status: input.final ? 'abandoned' : claim.checkFirst ? stillToLook : 'failed',
      lastError: input.error.slice(0, 500),
      leaseUntil: null,
      notBefore: input.notBefore ?? null,
    })
    .where(heldBy(claim, ['pending', 'posting']));
  return changed(result) === 1;
}

/** The post may have gone out: the next claim looks for it in the conversation before posting again. */
export async function markUncertain(db: PgDb, claim: Claim, error: string): Promise<boolean> {
  const result = await db
    .update(scheduledSends)
    .set({ status: 'uncertain', lastError: error.slice(0, 500), leaseUntil: null })
    .where(heldBy(claim, ['pending', 'posting']));
  return changed(result) === 1;
}

/**
 * Gives a claim back unposted (shutdown, or a claim taken ahead that its pass will not use): claimable at once by
 * another process, which looks first if this claim had still to look.
 */
export async function releaseClaim(db: PgDb, claim: Claim): Promise<boolean> {
  const result = await db
    .update(scheduledSends)
    .set({ status: notPostedStatus(claim), lastError: 'released unsent when its process stopped', leaseUntil: null })
    .where(heldBy(claim, ['pending']));
  return changed(result) === 1;
}

/**
 * Several claims' writes in one transaction: for each, in the order given, what beginPost or markSent would have
 * answered. They are written in claim id order (a claim's own writes keep theirs), so two passes writing
 * overlapping claims (one that took over the other's lapsed claim) lock the rows in one order; against a claim
 * (key order) a deadlock is possible, and PostgreSQL's failing one side is retried (withBusyRetry).
 */
export async function writeSends(db: PgDb, writes: readonly SendWrite[]): Promise<boolean[]> {
  if (writes.length === 0) return [];
  const order = writes.map((write, index) => ({ write, index }));
  order.sort((a, b) => a.write.claim.id - b.write.claim.id || a.index - b.index);
  return db.transaction(async (tx) => {
    const answers: boolean[] = writes.map(() => false);
    for (const { write, index } of order) {
      answers[index] =
        write.op === 'begin' ? await beginPost(tx, write.claim, write) : await markSent(tx, write.claim, write);
    }
    return answers;
  });
}
