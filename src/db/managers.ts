/**
 * Who manages a team, as far as the app can tell without asking Slack: the workspace admins and owners it has
 * met (reps rows carry is_slack_admin, refreshed from users.info), and the operator's FOCUS_MANAGERS.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from './connection.js';
import { reps, teams } from './schema.js';
import type { Team } from './teams.js';

export interface TeamManager {
  userId: string;
  /** Their DM channel with the bot, when known; null: opened on first use. */
  dmChannelId: string | null;
}

/** Every team the app knows, with or without a channel for the weekly post. */
export function allTeams(db: Db): Team[] {
  return db.select().from(teams).orderBy(teams.id).all();
}

/**
 * A team's managers, by user ID: its admins and owners known to the app, and the FOCUS_MANAGERS (`configured`)
 * who have a row in it. A configured ID the app has met in no team at all (a manager who never used the app)
 * counts for every team: FOCUS_MANAGERS is one list for the workspace the bot is installed in.
 */
export function teamManagers(db: Db, teamId: string, configured: readonly string[]): TeamManager[] {
  const inTeam = db
    .select({ userId: reps.userId, dmChannelId: reps.dmChannelId })
    .from(reps)
    .where(
      and(
        eq(reps.teamId, teamId),
        configured.length === 0
          ? eq(reps.isSlackAdmin, true)
          : or(eq(reps.isSlackAdmin, true), inArray(reps.userId, [...configured])),
      ),
    )
    .all();
  const metAnywhere =
    configured.length === 0
      ? new Set<string>()
      : new Set(
          db
            .selectDistinct({ userId: reps.userId })
            .from(reps)
            .where(inArray(reps.userId, [...configured]))
            .all()
            .map((row) => row.userId),
        );
  const managers = new Map(inTeam.map((row) => [row.userId, row]));
  for (const userId of configured) {
    if (!metAnywhere.has(userId) && !managers.has(userId)) managers.set(userId, { userId, dmChannelId: null });
  }
  return [...managers.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
