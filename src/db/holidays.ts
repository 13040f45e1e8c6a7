/**
 * The holiday settings: the team's country and region and its company days off (on the teams row, so every
 * read of a team carries them and 0006's teams trigger marks the whole team view on a change), and a rep's
 * own country (on the reps row: the reps trigger marks that rep). Callers run these inside a transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.js';
import { type CompanyDay, companyDaysOf, workedDaysOf } from '../domain/holidays.js';
import type { Db } from './connection.js';
import { ensureRep } from './reps.js';
import { reps, teams } from './schema.js';
import { ensureTeam } from './teams.js';

export function setTeamHolidayCountry(db: Db, teamId: string, country: string | null, region: string | null): void {
  ensureTeam(db, teamId);
  db.update(teams)
    .set({ holidayCountry: country, holidayRegion: country === null ? null : region })
    .where(eq(teams.id, teamId))
    .run();
}

export function setRepHolidayCountry(
  db: Db,
  teamId: string,
  userId: string,
  country: string | null,
  region: string | null,
): void {
  ensureRep(db, teamId, userId);
  db.update(reps)
    .set({ holidayCountry: country, holidayRegion: country === null ? null : region })
    .where(and(eq(reps.teamId, teamId), eq(reps.userId, userId)))
    .run();
}

/** Replaces the team's company days off (the Settings form sends the whole list). */
export function setCompanyDays(db: Db, teamId: string, days: readonly CompanyDay[]): void {
  ensureTeam(db, teamId);
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const json = JSON.stringify(sorted.map(({ date, name }) => ({ date, name })));
  db.update(teams).set({ companyDaysOff: json }).where(eq(teams.id, teamId)).run();
}

/** Adds a day off, or renames the one already on that date: returns the day it replaced, if any. */
export function addCompanyDay(db: Db, teamId: string, day: CompanyDay): CompanyDay | null {
  const current = companyDaysOf(ensureTeam(db, teamId).companyDaysOff);
  const replaced = current.find((d) => d.date === day.date) ?? null;
  setCompanyDays(db, teamId, [...current.filter((d) => d.date !== day.date), day]);
  return replaced;
}

/** Removes the day off on `date`: returns it, or null when there was none (then nothing is written). */
export function removeCompanyDay(db: Db, teamId: string, date: LocalDate): CompanyDay | null {
  const current = companyDaysOf(ensureTeam(db, teamId).companyDaysOff);
  const removed = current.find((d) => d.date === date) ?? null;
  if (removed !== null) {
    setCompanyDays(
      db,
      teamId,
      current.filter((d) => d.date !== date),
    );
  }
  return removed;
}

/** Marks a public holiday the team works (or no longer does); false when nothing changed. */
export function setHolidayWorked(db: Db, teamId: string, date: LocalDate, worked: boolean): boolean {
  const current = workedDaysOf(ensureTeam(db, teamId).workedHolidays);
  if (current.includes(date) === worked) return false;
  const next = worked ? [...current, date].sort() : current.filter((d) => d !== date);
  db.update(teams)
    .set({ workedHolidays: JSON.stringify(next) })
    .where(eq(teams.id, teamId))
    .run();
  return true;
}
