/**
 * The pass's morning check-ins, read set-based (issue 14): the facts of the due reps of a team are read a batch
 * at a time (coach/checkin-facts.ts: one query per table for the batch), just before the first of them is
 * rendered, instead of a dozen reads per rep.
 *
 * A message must say what the database says when it is rendered, as it did when each rep was read alone: a
 * pass paced at Slack's rate renders a batch over minutes. So before each message the team's change log
 * (migration 0006's triggers) is asked whether anything was written since the batch was read: if that rep was
 * written, they are read alone; if something every rep's figures rest on was (a team setting, an account's
 * fit), or too many reps to list, the batch is read again.
 *
 * The pass's workers ask for messages at once: a batch being read serves every message that waits for it, so a
 * batch is read once however many sends ask for it meanwhile.
 */
import { type CheckinFacts, readCheckinFacts } from '../coach/checkin-facts.js';
import { statusFromFacts } from '../coach/status.js';
import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { morningCheckin } from '../slack/morning.js';
import type { Reply } from '../slack/views/blocks.js';
import { checkinMessage } from '../slack/views/checkin.js';
import type { Store } from '../storage/types.js';

/** Reps read at once: large enough that a query's fixed cost is shared, small enough to be read in a moment. */
const CHECKIN_BATCH_SIZE = 500;
/** More reps written since a batch was read than this, and it is read again rather than asked about rep by rep. */
const CHANGED_LIMIT = 40;

interface Loaded {
  batch: number;
  stamp: { seq: number; wideSeq: number };
  facts: Map<string, CheckinFacts>;
  /** The reps written since the batch was read, as of a later `seq` (asked once per `seq`). */
  changed?: { seq: number; reps: Set<string> | null };
}

interface TeamCheckins {
  team: Team;
  reps: RepRow[];
  position: Map<string, number>;
  /** The batch read last, or being read now. */
  loaded: Promise<Loaded> | null;
}

export class CheckinBatches {
  private readonly teams = new Map<string, TeamCheckins>();

  constructor(
    private readonly store: Store,
    private readonly at: { now: number; defaultTimezone: string },
    private readonly batchSize = CHECKIN_BATCH_SIZE,
  ) {}

  /** A due check-in, in the order the pass will send them. */
  add(team: Team, rep: RepRow): void {
    let entry = this.teams.get(team.id);
    if (!entry) {
      entry = { team, reps: [], position: new Map(), loaded: null };
      this.teams.set(team.id, entry);
    }
    if (entry.position.has(rep.userId)) return;
    entry.position.set(rep.userId, entry.reps.length);
    entry.reps.push(rep);
  }

  /** The rep's morning check-in (without the period turn, which pass.ts adds), from facts as they stand now. */
  async message(loaded: { team: Team; rep: RepRow }): Promise<Reply> {
    const pre = await this.factsOf(loaded.team.id, loaded.rep.userId);
    if (!pre) {
      const { team, rep } = loaded;
      return morningCheckin(this.store, { teamId: team.id, userId: rep.userId, ...this.at, loaded });
    }
    return checkinMessage(statusFromFacts(pre.frame, pre.facts), pre.yesterday);
  }

  /** The rep's facts from their batch, read now if need be; null when they must be read alone. */
  private async factsOf(teamId: string, userId: string): Promise<CheckinFacts | null> {
    const entry = this.teams.get(teamId);
    const position = entry?.position.get(userId);
    if (!entry || position === undefined) return null;
    const batch = Math.floor(position / this.batchSize);
    for (;;) {
      const asked = entry.loaded;
      const loaded = asked === null ? null : await asked;
      if (loaded?.batch === batch) {
        const state = await this.stale(loaded, entry.team.id);
        if (state === 'fresh') return loaded.facts.get(userId) ?? null;
        if (state === 'reps') return loaded.changed?.reps?.has(userId) ? null : (loaded.facts.get(userId) ?? null);
      }
      // Another send began a read while this one looked: that read is asked about like any other.
      if (entry.loaded !== asked && entry.loaded !== null) continue;
      const reading = this.read(entry, batch);
      entry.loaded = reading;
      return (await reading).facts.get(userId) ?? null;
    }
  }

  /** Whether anything was written since the batch was read: nothing, some reps (now listed), or too much. */
  private async stale(loaded: Loaded, teamId: string): Promise<'fresh' | 'reps' | 'batch'> {
    const now = await this.store.dueReps.changeStamp(teamId);
    if (now.seq === loaded.stamp.seq && now.wideSeq === loaded.stamp.wideSeq) return 'fresh';
    if (now.wideSeq !== loaded.stamp.wideSeq) return 'batch';
    if (loaded.changed?.seq !== now.seq) {
      const reps = await this.store.teamRows.repsChangedSince(teamId, loaded.stamp.seq, CHANGED_LIMIT);
      loaded.changed = { seq: now.seq, reps };
    }
    return loaded.changed.reps === null ? 'batch' : 'reps';
  }

  /** The batch's facts; a read that fails is forgotten, so the next message asks again. */
  private read(entry: TeamCheckins, batch: number): Promise<Loaded> {
    const reading = this.readBatch(entry, batch);
    reading.catch(() => {
      if (entry.loaded === reading) entry.loaded = null;
    });
    return reading;
  }

  private async readBatch(entry: TeamCheckins, batch: number): Promise<Loaded> {
    // The stamp first: a write landing during the reads shows as a change, and its reps are read again alone.
    const stamp = await this.store.dueReps.changeStamp(entry.team.id);
    const reps = entry.reps.slice(batch * this.batchSize, (batch + 1) * this.batchSize);
    return { batch, stamp, facts: await readCheckinFacts(this.store, entry.team, reps, this.at) };
  }
}
