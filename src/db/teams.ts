import { eq, isNotNull, sql } from 'drizzle-orm';
import type { PeriodKind } from '../domain/command.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { teams } from './schema.js';

export type Team = typeof teams.$inferSelect;

/** The team's settings row, created with defaults the first time a team is seen. */
export function ensureTeam(db: Db, teamId: string): Team {
  const existing = getTeam(db, teamId);
  if (existing) return existing;
  db.insert(teams).values({ id: teamId }).onConflictDoNothing().run();
  return getTeam(db, teamId) as Team;
}

export function getTeam(db: Db, teamId: string): Team | undefined {
  return prepared(db, 'getTeam', (d) =>
    d
      .select()
      .from(teams)
      .where(eq(teams.id, sql.placeholder('teamId'))),
  ).get({ teamId });
}

export function setTeamChannel(db: Db, teamId: string, channelId: string): void {
  ensureTeam(db, teamId);
  db.update(teams).set({ channelId }).where(eq(teams.id, teamId)).run();
}

/** Whether the team's reps may still add, win or lose deals by hand once a CRM feeds the deals. */
export function setManualDeals(db: Db, teamId: string, manualDeals: boolean): void {
  ensureTeam(db, teamId);
  db.update(teams).set({ manualDeals }).where(eq(teams.id, teamId)).run();
}

/** Teams with a channel for the weekly post. */
export function teamsWithChannel(db: Db): Team[] {
  return db.select().from(teams).where(isNotNull(teams.channelId)).orderBy(teams.id).all();
}

export interface TeamSettings {
  channelId: string | null;
  /** Null: the operator's DEFAULT_TIMEZONE. */
  timezone: string | null;
  weeklyDay: number;
  weeklyMinutes: number;
  fiscalYearStartMonth: number;
  currency: string;
  defaultWinRate: number;
  periodKind: PeriodKind;
}

export function updateTeamSettings(db: Db, teamId: string, settings: TeamSettings): void {
  ensureTeam(db, teamId);
  db.update(teams).set(settings).where(eq(teams.id, teamId)).run();
}
