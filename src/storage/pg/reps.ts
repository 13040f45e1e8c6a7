/** The Postgres twin of src/db/reps.ts. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ActiveRep, RepRow, RepSettings } from '../../db/reps.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { pauses, reps, teams } from './schema.js';
import { ensureTeam } from './teams.js';

export { type ActiveRep, type RepRow, type RepSettings, workingDaysOf } from '../../db/reps.js';

const repKey = (teamId: string, userId: string) => and(eq(reps.teamId, teamId), eq(reps.userId, userId));

export async function getRep(db: PgDb, teamId: string, userId: string): Promise<RepRow | undefined> {
  return (await db.select().from(reps).where(repKey(teamId, userId)).limit(1))[0];
}

/** The rep's row, created with defaults (and the team's) on first contact. */
export async function ensureRep(db: PgDb, teamId: string, userId: string): Promise<RepRow> {
  const existing = await getRep(db, teamId, userId);
  if (existing) return existing;
  await ensureTeam(db, teamId);
  await db.insert(reps).values({ teamId, userId }).onConflictDoNothing();
  return (await getRep(db, teamId, userId)) as RepRow;
}

/**
 * Creates the rep's row if new and locks it until the transaction ends: SQLite's immediate transaction makes a
 * pause's read-then-write one step; here two pauses of one rep would each end the other's pauses unseen.
 */
async function lockRep(tx: PgDb, teamId: string, userId: string): Promise<void> {
  await ensureRep(tx, teamId, userId);
  await tx.select({ userId: reps.userId }).from(reps).where(repKey(teamId, userId)).for('update');
}

export async function saveRepProfile(
  db: PgDb,
  teamId: string,
  userId: string,
  profile: { slackTimezone: string | null; isSlackAdmin: boolean; fetchedAt: number },
): Promise<void> {
  await ensureRep(db, teamId, userId);
  await db
    .update(reps)
    .set({
      slackTimezone: profile.slackTimezone,
      isSlackAdmin: profile.isSlackAdmin,
      profileFetchedAt: profile.fetchedAt,
    })
    .where(repKey(teamId, userId));
}

/** No prompts from `today` until `until` (exclusive); the pause is also kept as history for streaks. */
export async function pauseRep(
  db: PgDb,
  input: { teamId: string; userId: string; today: string; until: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRep(tx, input.teamId, input.userId);
    await endPauses(tx, input.teamId, input.userId, input.today);
    await tx.update(reps).set({ pausedUntil: input.until }).where(repKey(input.teamId, input.userId));
    await tx
      .insert(pauses)
      .values({ teamId: input.teamId, userId: input.userId, startsOn: input.today, until: input.until });
  });
}

/** Prompts back on from today. */
export async function resumeRep(db: PgDb, input: { teamId: string; userId: string; today: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRep(tx, input.teamId, input.userId);
    await endPauses(tx, input.teamId, input.userId, input.today);
    await tx.update(reps).set({ pausedUntil: null }).where(repKey(input.teamId, input.userId));
  });
}

async function endPauses(db: PgDb, teamId: string, userId: string, today: string): Promise<void> {
  await db
    .update(pauses)
    .set({ until: today })
    .where(and(eq(pauses.teamId, teamId), eq(pauses.userId, userId), gt(pauses.until, today)));
}

/** The rep's pauses, in SQLite's order (its pauses_rep index: by end, then as taken). */
export async function pausesOf(
  db: PgDb,
  teamId: string,
  userId: string,
): Promise<{ startsOn: string; until: string }[]> {
  return preparedOn(db, 'pauses_of', (d) =>
    d
      .select({ startsOn: pauses.startsOn, until: pauses.until })
      .from(pauses)
      .where(and(eq(pauses.teamId, sql.placeholder('teamId')), eq(pauses.userId, sql.placeholder('userId'))))
      .orderBy(asc(pauses.until), asc(pauses.id)),
  ).execute({ teamId, userId });
}

export async function setDmChannel(db: PgDb, teamId: string, userId: string, channelId: string): Promise<void> {
  await db.update(reps).set({ dmChannelId: channelId }).where(repKey(teamId, userId));
}

/** Reps the scheduler coaches: those with a quota or any logged work (deals, activity, plans), with their team. */
export async function activeReps(db: PgDb, teamId?: string): Promise<ActiveRep[]> {
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
    .orderBy(reps.teamId, reps.userId);
}

/** The rep's own settings (the Settings modal); the scheduler applies them from its next pass. */
export async function updateRepSettings(
  db: PgDb,
  teamId: string,
  userId: string,
  settings: RepSettings,
): Promise<void> {
  await ensureRep(db, teamId, userId);
  await db
    .update(reps)
    .set({ ...settings, workingDays: [...settings.workingDays].sort().join(',') })
    .where(repKey(teamId, userId));
}
