import { and, eq, gt, sql } from 'drizzle-orm';
import type { Weekday } from '../domain/calendar.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { pauses, reps, teams } from './schema.js';
import { ensureTeam, type Team } from './teams.js';

export type RepRow = typeof reps.$inferSelect;

const repKey = (teamId: string, userId: string) => and(eq(reps.teamId, teamId), eq(reps.userId, userId));

export function getRep(db: Db, teamId: string, userId: string): RepRow | undefined {
  return prepared(db, 'getRep', (d) =>
    d
      .select()
      .from(reps)
      .where(and(eq(reps.teamId, sql.placeholder('teamId')), eq(reps.userId, sql.placeholder('userId')))),
  ).get({ teamId, userId });
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

/** No prompts from `today` until `until` (exclusive); the pause is also kept as history for streaks. */
export function pauseRep(db: Db, input: { teamId: string; userId: string; today: string; until: string }): void {
  db.transaction(
    (tx) => {
      ensureRep(tx, input.teamId, input.userId);
      endPauses(tx, input.teamId, input.userId, input.today);
      tx.update(reps).set({ pausedUntil: input.until }).where(repKey(input.teamId, input.userId)).run();
      tx.insert(pauses)
        .values({ teamId: input.teamId, userId: input.userId, startsOn: input.today, until: input.until })
        .run();
    },
    { behavior: 'immediate' },
  );
}

/** Prompts back on from today. */
export function resumeRep(db: Db, input: { teamId: string; userId: string; today: string }): void {
  db.transaction(
    (tx) => {
      ensureRep(tx, input.teamId, input.userId);
      endPauses(tx, input.teamId, input.userId, input.today);
      tx.update(reps).set({ pausedUntil: null }).where(repKey(input.teamId, input.userId)).run();
    },
    { behavior: 'immediate' },
  );
}

function endPauses(db: Db, teamId: string, userId: string, today: string): void {
  db.update(pauses)
    .set({ until: today })
    .where(and(eq(pauses.teamId, teamId), eq(pauses.userId, userId), gt(pauses.until, today)))
    .run();
}

export function pausesOf(db: Db, teamId: string, userId: string): { startsOn: string; until: string }[] {
  return prepared(db, 'pausesOf', (d) =>
    d
      .select({ startsOn: pauses.startsOn, until: pauses.until })
      .from(pauses)
      .where(and(eq(pauses.teamId, sql.placeholder('teamId')), eq(pauses.userId, sql.placeholder('userId')))),
  ).all({ teamId, userId });
}

export function setDmChannel(db: Db, teamId: string, userId: string, channelId: string): void {
  db.update(reps).set({ dmChannelId: channelId }).where(repKey(teamId, userId)).run();
}

export interface ActiveRep {
  rep: RepRow;
  team: Team;
}

/** Reps the scheduler coaches: those with a quota or any logged work (deals, activity, plans), with their team. */
export function activeReps(db: Db, teamId?: string): ActiveRep[] {
  const hasWork = sql`(
    exists (select 1 from quotas q where q.team_id = ${reps.teamId} and q.user_id = ${reps.userId})
    or exists (select 1 from deals d where d.team_id = ${reps.teamId} and d.user_id = ${reps.userId})
    or exists (select 1 from activities a where a.team_id = ${reps.teamId} and a.user_id = ${reps.userId})
    or exists (select 1 from checkins c where c.team_id = ${reps.teamId} and c.user_id = ${reps.userId})
  )`;
  return db
    .select({ rep: reps, team: teams })
    .from(reps)
    .innerJoin(teams, eq(teams.id, reps.teamId))
    .where(teamId === undefined ? hasWork : and(eq(reps.teamId, teamId), hasWork))
    .orderBy(reps.teamId, reps.userId)
    .all();
}

export function workingDaysOf(rep: Pick<RepRow, 'workingDays'>): Weekday[] {
  return rep.workingDays
    .split(',')
    .filter((part) => part.trim() !== '') // Number('') is 0: an empty setting must not mean Sunday
    .map(Number)
    .filter((day): day is Weekday => Number.isInteger(day) && day >= 0 && day <= 6);
}

export interface RepSettings {
  checkinMinutes: number;
  reflectionMinutes: number;
  workingDays: readonly Weekday[];
  timezoneOverride: string | null;
  remindersEnabled: boolean;
}

/** The rep's own settings (the Settings modal); the scheduler applies them from its next pass. */
export function updateRepSettings(db: Db, teamId: string, userId: string, settings: RepSettings): void {
  ensureRep(db, teamId, userId);
  db.update(reps)
    .set({ ...settings, workingDays: [...settings.workingDays].sort().join(',') })
    .where(repKey(teamId, userId))
    .run();
}
