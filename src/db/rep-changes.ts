/**
 * Where one rep's figures stand in the change log of migrations/0006 (its triggers keep it, whichever process
 * writes): what a rep's kept status card (coach/status-cache.ts) is checked against, in one indexed read.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { repChanges, teamChanges, teams } from './schema.js';

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
