/** The Postgres twin of src/db/rep-changes.ts: where one rep's figures stand in the change log its triggers keep. */
import { eq, sql } from 'drizzle-orm';
import type { RepStamp } from '../../db/rep-changes.js';
import type { PgDb } from './db.js';
import { repChanges, teamChanges, teams } from './schema.js';

export type { RepStamp } from '../../db/rep-changes.js';

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
