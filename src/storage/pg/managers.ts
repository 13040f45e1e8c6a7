/** The Postgres twin of src/db/managers.ts. */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { TeamManager } from '../../db/managers.js';
import type { Team } from '../../db/teams.js';
import type { PgDb } from './db.js';
import { reps, teams } from './schema.js';

export type { TeamManager } from '../../db/managers.js';

/** Every team the app knows, with or without a channel for the weekly post. */
export async function allTeams(db: PgDb): Promise<Team[]> {
  return db.select().from(teams).orderBy(teams.id);
}

/**
 * A team's managers, by user ID: its admins and owners known to the app, and the FOCUS_MANAGERS (`configured`)
 * who have a row in it. A configured ID the app has met in no team at all (a manager who never used the app)
 * counts for every team: FOCUS_MANAGERS is one list for the workspace the bot is installed in.
 */
export async function teamManagers(db: PgDb, teamId: string, configured: readonly string[]): Promise<TeamManager[]> {
  const inTeam = await db
    .select({ userId: reps.userId, dmChannelId: reps.dmChannelId })
    .from(reps)
    .where(
      and(
        eq(reps.teamId, teamId),
        configured.length === 0
          ? eq(reps.isSlackAdmin, true)
          : or(eq(reps.isSlackAdmin, true), inArray(reps.userId, [...configured])),
      ),
    );
  const metAnywhere =
    configured.length === 0
      ? new Set<string>()
      : new Set(
          (
            await db
              .selectDistinct({ userId: reps.userId })
              .from(reps)
              .where(inArray(reps.userId, [...configured]))
          ).map((row) => row.userId),
        );
  const managers = new Map(inTeam.map((row) => [row.userId, row]));
  for (const userId of configured) {
    if (!metAnywhere.has(userId) && !managers.has(userId)) managers.set(userId, { userId, dmChannelId: null });
  }
  return [...managers.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
