/** The Postgres twin of src/db/rep-changes.ts: where one rep's figures stand in the change log its triggers keep. */
import { and, eq, sql } from 'drizzle-orm';
import type { RepStamp, RepStart } from '../../db/rep-changes.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { repChanges, reps, teamChanges, teams } from './schema.js';

export type { RepStamp, RepStart } from '../../db/rep-changes.js';

/** The rep's stamp, or null when the team has no row (nothing to keep then). */
export async function repStamp(db: PgDb, teamId: string, userId: string): Promise<RepStamp | null> {
  const [row] = await db
    .select({
      repSeq: sql<number>`coalesce((select ${repChanges.seq} from ${repChanges}
        where ${repChanges.teamId} = ${teams.id} and ${repChanges.userId} = ${userId}), 0)`,
      wideSeq: sql<number>`coalesce((select ${teamChanges.wideSeq} from ${teamChanges}
        where ${teamChanges.teamId} = ${teams.id}), 0)`,
      dealsVersion: teams.dealsVersion,
    })
    .from(teams)
    .where(eq(teams.id, teamId))
    .limit(1);
  return row ?? null;
}

/**
 * The team's row, the rep's and the rep's stamp in one round trip (a request that asks for a kept status card
 * needs nothing else), as a statement prepared once per connection; null when the team has no row yet.
 */
export async function repStart(db: PgDb, teamId: string, userId: string): Promise<RepStart | null> {
  const query = preparedOn(db, 'rep_start', (d) =>
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
      .where(eq(teams.id, sql.placeholder('teamId')))
      .limit(1),
  );
  const [row] = await query.execute({ teamId, userId });
  if (!row) return null;
  const { team, rep, repSeq, wideSeq } = row;
  return { team, rep, stamp: { repSeq, wideSeq, dealsVersion: team.dealsVersion } };
}
