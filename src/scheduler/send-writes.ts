/**
 * The pass's writes on its claims, a few sends at a time (db/sends.ts, writeSends): every post begun and every
 * send marked sent that the workers ask for while a write is pending goes into the next transaction, so a pass of
 * many sends commits a few times per round of its workers instead of twice per send.
 *
 * A post begun is awaited: the claim must be `posting` in the database before anything is posted, so that a crash
 * from there on leaves the send uncertain, looked for before any retry. A send marked sent is written behind:
 * the worker goes on to its next send, and the mark goes with the next transaction. A crash before that commits
 * leaves the send `posting` under a lease that lapses; the next claim takes it as uncertain, looks for its key in
 * the conversation and finds it: nothing is posted twice, at the cost of one look per send left unmarked. The claim
 * stays among those the pass renews until its mark is written, and the pass writes every mark before it ends
 * (and so before a workspace's pass lease is given back, and before a stopped pass returns).
 */
import { withBusyRetry } from '../db/busy.js';
import { CLAIM_LEASE_MS, type Claim, type SendWrite } from '../db/sends.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';

/** Most writes in one transaction: a long one would hold SQLite's write lock from every other writer. */
const MOST_WRITES = 256;

interface Queued {
  write: SendWrite;
  answer: (written: boolean) => void;
}

export class SendWrites {
  private queued: Queued[] = [];
  /** The transaction being written, if any: one at a time, so a claim's writes land in the order asked. */
  private writing: Promise<void> | null = null;
  private scheduled = false;
  /** Claims with a write not yet committed: the pass renews their leases with those it holds. */
  readonly unwritten = new Set<Claim>();

  constructor(
    private readonly store: Store,
    private readonly logger: JsonLogger,
    /** The pass's clock: each attempt at a transaction is stamped with the time it is made, not when it was asked. */
    private readonly clock: () => number,
  ) {}

  /** Right before a post: true once the claim is `posting` in the database, false when it was lost (or the write failed). */
  begin(claim: Claim, input: { channelId: string; now: number }): Promise<boolean> {
    return this.enqueue({ op: 'begin', claim, ...input });
  }

  /**
   * The send posted: marked sent with the next transaction. The promise says whether the mark held; the pass need
   * not wait for it (a mark that cannot be written is logged, and the send is settled later by looking).
   */
  sent(
    claim: Claim,
    input: { channelId: string; messageTs: string | null; now: number; result?: string },
  ): Promise<boolean> {
    return this.enqueue({ op: 'sent', claim, ...input });
  }

  /** Resolves once every write asked for so far is committed (or known to have failed). */
  async flush(): Promise<void> {
    while (this.queued.length > 0 || this.writing !== null) {
      if (this.writing === null) this.start();
      await this.writing;
    }
  }

  private enqueue(write: SendWrite): Promise<boolean> {
    return new Promise<boolean>((answer) => {
      this.queued.push({ write, answer });
      this.unwritten.add(write.claim);
      this.schedule();
    });
  }

  /**
   * The next transaction starts once the workers have had their turn (setImmediate): the writes they ask for
   * meanwhile join it. The pass's workers reach a post's beginning or end together often enough that this
   * groups most of them, and no write waits longer than the event loop's turn and the transaction before it.
   */
  private schedule(): void {
    if (this.scheduled || this.writing !== null) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.writing === null && this.queued.length > 0) this.start();
    });
  }

  private start(): void {
    const batch = this.queued.splice(0, MOST_WRITES);
    this.writing = this.write(batch).finally(() => {
      this.writing = null;
      if (this.queued.length > 0) this.schedule();
    });
  }

  private async write(batch: Queued[]): Promise<void> {
    let answers: boolean[];
    try {
      // Up to most of the lease, as a single write after a post (sending.ts, record): past it, the claims are
      // another pass's to settle (by looking, not posting).
      // Each attempt measures the leases from its own moment: a write that waited behind a busy database must not
      // renew a lease from the time it was asked, which could already be most of a lease ago.
      answers = await withBusyRetry(
        () => {
          const now = this.clock();
          return this.store.sends.writeSends(batch.map((queued) => ({ ...queued.write, now })));
        },
        { totalMs: CLAIM_LEASE_MS / 2 },
      );
    } catch (error) {
      this.logger.error(
        `Could not record ${batch.length} send(s) begun or sent; their claims will be settled by looking:`,
        errorMessage(error),
      );
      answers = batch.map(() => false);
    }
    batch.forEach((queued, index) => {
      this.unwritten.delete(queued.write.claim);
      queued.answer(answers[index] === true);
    });
  }
}
