/**
 * Where one rep's figures stand in the change log of migrations/0006 (its triggers keep it, whichever process
 * writes): what a rep's kept status card (coach/status-cache.ts) is checked against, in one indexed read.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import type { RepRow } from './reps.js';
import { repChanges, reps, teamChanges, teams } from './schema.js';
import type { Team } from './teams.js';

export interface RepStamp {
  /** The team's `seq` as it stood at the rep's last write (0: never written since the log began). */
  repSeq: number;
  /** Moves on a write that can change every rep's figures (the team's settings). */
  wideSeq: number;
  /** Moves on every deal write of the team's (the team's conversion, which every rep's win rate leans on). */
  dealsVersion: number;
}

/** The rep's stamp, or null when the team has no row (nothing to keep then). */
export function repStamp(db: Db, teamId: string, userId: string): RepStamp | null {
  const row = prepared(db, 'repStamp', (d) =>
    d
      .select({
        repSeq: sql<number>`coalesce((select ${repChanges.seq} from ${repChanges}
          where ${repChanges.teamId} = ${teams.id} and ${repChanges.userId} = ${sql.placeholder('userId')}), 0)`,
        wideSeq: sql<number>`coalesce((select ${teamChanges.wideSeq} from ${teamChanges}
          where ${teamChanges.teamId} = ${teams.id}), 0)`,
        dealsVersion: teams.dealsVersion,
      })
      .from(teams)
      .where(eq(teams.id, sql.placeholder('teamId'))),
  ).get({ teamId, userId });
  return row ?? null;
}

/** What a rep's request starts from: the team's row, the rep's (none before their first contact) and the rep's stamp. */
export interface RepStart {
  team: Team;
  rep: RepRow | null;
  stamp: RepStamp;
}

/**
 * The team's row, the rep's and the rep's stamp in one indexed read (three reads' worth: a request that asks
 * for a kept status card needs nothing else); null when the team has no row yet.
 */
export function repStart(db: Db, teamId: string, userId: string): RepStart | null {
  const row = prepared(db, 'repStart', (d) =>
    d
      .select({
        team: teams,
        rep: reps,
        repSeq: sql<number>`coalesce((select ${repChanges.seq} from ${repChanges}
          where ${repChanges.teamId} = ${teams.id} and ${repChanges.userId} = ${sql.placeholder('userId')}), 0)`,
        wideSeq: sql<number>`coalesce((select ${teamChanges.wideSeq} from ${teamChanges}
          where ${teamChanges.teamId} = ${teams.id}), 0)`,
      })
      .from(teams)
      .leftJoin(reps, and(eq(reps.teamId, teams.id), eq(reps.userId, sql.placeholder('userId'))))
      .where(eq(teams.id, sql.placeholder('teamId'))),
  ).get({ teamId, userId });
  if (!row) return null;
  const { team, rep, repSeq, wideSeq } = row;
  return { team, rep, stamp: { repSeq, wideSeq, dealsVersion: team.dealsVersion } };
}
