import { and, eq } from 'drizzle-orm';
import type { Weekday } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import type { Db } from './connection.js';
import { reps } from './schema.js';
import { ensureTeam } from './teams.js';

export type RepRow = typeof reps.$inferSelect;

const repKey = (teamId: string, userId: string) => and(eq(reps.teamId, teamId), eq(reps.userId, userId));

export function getRep(db: Db, teamId: string, userId: string): RepRow | undefined {
  return db.select().from(reps).where(repKey(teamId, userId)).get();
}

/** The rep's row, created with defaults (and the team's) on first contact. */
export function ensureRep(db: Db, teamId: string, userId: string): RepRow {
  const existing = getRep(db, teamId, userId);
  if (existing) return existing;
  ensureTeam(db, teamId);
  db.insert(reps).values({ teamId, userId }).onConflictDoNothing().run();
  return getRep(db, teamId, userId) as RepRow;
}

export function saveRepProfile(
  db: Db,
  teamId: string,
  userId: string,
  profile: { slackTimezone: string | null; isSlackAdmin: boolean; fetchedAt: number },
): void {
  ensureRep(db, teamId, userId);
  db.update(reps)
    .set({
      slackTimezone: profile.slackTimezone,
      isSlackAdmin: profile.isSlackAdmin,
      profileFetchedAt: profile.fetchedAt,
    })
    .where(repKey(teamId, userId))
    .run();
}

export function setQuotaPeriod(db: Db, teamId: string, userId: string, period: PeriodKind): void {
  db.update(reps).set({ quotaPeriod: period }).where(repKey(teamId, userId)).run();
}

/** Pauses prompts until the given local date (exclusive of prompts before it); null resumes. */
export function setPausedUntil(db: Db, teamId: string, userId: string, until: string | null): void {
  ensureRep(db, teamId, userId);
  db.update(reps).set({ pausedUntil: until }).where(repKey(teamId, userId)).run();
}

export function workingDaysOf(rep: Pick<RepRow, 'workingDays'>): Weekday[] {
  return rep.workingDays
    .split(',')
    .filter((part) => part.trim() !== '') // Number('') is 0: an empty setting must not mean Sunday
    .map(Number)
    .filter((day): day is Weekday => Number.isInteger(day) && day >= 0 && day <= 6);
}
