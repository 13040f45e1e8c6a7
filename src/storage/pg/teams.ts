/** The Postgres twin of src/db/teams.ts. */
import { asc, eq, isNotNull } from 'drizzle-orm';
import type { Team, TeamSettings } from '../../db/teams.js';
import type { PgDb } from './db.js';
import { teams } from './schema.js';

export type { Team, TeamSettings } from '../../db/teams.js';

/** The team's settings row, created with defaults the first time a team is seen. */
export async function ensureTeam(db: PgDb, teamId: string): Promise<Team> {
  const existing = await getTeam(db, teamId);
  if (existing) return existing;
  await db.insert(teams).values({ id: teamId }).onConflictDoNothing();
  return (await getTeam(db, teamId)) as Team;
}

export async function getTeam(db: PgDb, teamId: string): Promise<Team | undefined> {
  return (await db.select().from(teams).where(eq(teams.id, teamId)).limit(1))[0];
}

export async function setTeamChannel(db: PgDb, teamId: string, channelId: string): Promise<void> {
  await ensureTeam(db, teamId);
  await db.update(teams).set({ channelId }).where(eq(teams.id, teamId));
}

/** Whether the team's reps may still add, win or lose deals by hand once a CRM feeds the deals. */
export async function setManualDeals(db: PgDb, teamId: string, manualDeals: boolean): Promise<void> {
  await ensureTeam(db, teamId);
  await db.update(teams).set({ manualDeals }).where(eq(teams.id, teamId));
}

/**
 * Teams with a channel for the weekly post. SQLite scans them in insertion order (rowid); the creation instant,
 * then the ID, is the nearest Postgres has.
 */
export async function teamsWithChannel(db: PgDb): Promise<Team[]> {
  return db.select().from(teams).where(isNotNull(teams.channelId)).orderBy(asc(teams.id));
}

export async function updateTeamSettings(db: PgDb, teamId: string, settings: TeamSettings): Promise<void> {
  await ensureTeam(db, teamId);
  await db.update(teams).set(settings).where(eq(teams.id, teamId));
}
