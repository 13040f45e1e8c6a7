/**
 * The Postgres twin of src/db/holidays.ts. The read-then-write settings (a day off added or removed, a holiday
 * worked) lock the team's row for their transaction: SQLite's callers run them in an immediate transaction, which
 * here would not stop another replica's change from being overwritten.
 */
import { and, eq } from 'drizzle-orm';
import type { LocalDate } from '../../domain/calendar.js';
import { type CompanyDay, companyDaysOf, workedDaysOf } from '../../domain/holidays.js';
import type { PgDb } from './db.js';
import { ensureRep } from './reps.js';
import { reps, teams } from './schema.js';
import { ensureTeam, type Team } from './teams.js';

export async function setTeamHolidayCountry(
  db: PgDb,
  teamId: string,
  country: string | null,
  region: string | null,
): Promise<void> {
  await ensureTeam(db, teamId);
  await db
    .update(teams)
    .set({ holidayCountry: country, holidayRegion: country === null ? null : region })
    .where(eq(teams.id, teamId));
}

export async function setRepHolidayCountry(
  db: PgDb,
  teamId: string,
  userId: string,
  country: string | null,
  region: string | null,
): Promise<void> {
  await ensureRep(db, teamId, userId);
  await db
    .update(reps)
    .set({ holidayCountry: country, holidayRegion: country === null ? null : region })
    .where(and(eq(reps.teamId, teamId), eq(reps.userId, userId)));
}

/** Replaces the team's company days off (the Settings form sends the whole list). */
export async function setCompanyDays(db: PgDb, teamId: string, days: readonly CompanyDay[]): Promise<void> {
  await ensureTeam(db, teamId);
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const json = JSON.stringify(sorted.map(({ date, name }) => ({ date, name })));
  await db.update(teams).set({ companyDaysOff: json }).where(eq(teams.id, teamId));
}

/** The team's row, created if new, locked until the transaction ends. */
async function lockedTeam(tx: PgDb, teamId: string): Promise<Team> {
  await ensureTeam(tx, teamId);
  const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).for('update');
  return team as Team;
}

/** Adds a day off, or renames the one already on that date: returns the day it replaced, if any. */
export async function addCompanyDay(db: PgDb, teamId: string, day: CompanyDay): Promise<CompanyDay | null> {
  return db.transaction(async (tx) => {
    const current = companyDaysOf((await lockedTeam(tx, teamId)).companyDaysOff);
    const replaced = current.find((d) => d.date === day.date) ?? null;
    await setCompanyDays(tx, teamId, [...current.filter((d) => d.date !== day.date), day]);
    return replaced;
  });
}

/** Removes the day off on `date`: returns it, or null when there was none (then nothing is written). */
export async function removeCompanyDay(db: PgDb, teamId: string, date: LocalDate): Promise<CompanyDay | null> {
  return db.transaction(async (tx) => {
    const current = companyDaysOf((await lockedTeam(tx, teamId)).companyDaysOff);
    const removed = current.find((d) => d.date === date) ?? null;
    if (removed !== null) {
      await setCompanyDays(
        tx,
        teamId,
        current.filter((d) => d.date !== date),
      );
    }
    return removed;
  });
}

/** Marks a public holiday the team works (or no longer does); false when nothing changed. */
export async function setHolidayWorked(db: PgDb, teamId: string, date: LocalDate, worked: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const current = workedDaysOf((await lockedTeam(tx, teamId)).workedHolidays);
    if (current.includes(date) === worked) return false;
    const next = worked ? [...current, date].sort() : current.filter((d) => d !== date);
    await tx
      .update(teams)
      .set({ workedHolidays: JSON.stringify(next) })
      .where(eq(teams.id, teamId));
    return true;
  });
}
