/**
 * What is due when (DESIGN.md, "Scheduled coaching"): pure functions of a rep's or a
 * team's settings and their local wall clock at the pass's instant.
 *
 * Windows are measured on the local wall clock: a prompt is due from its time until
 * the catch-up window (3 hours) has passed, and is keyed by the local date it belongs
 * to, so a daylight-saving change can neither skip one (a time inside the spring-forward
 * gap is due from the first minute after it) nor send one twice (the repeated hour has
 * the same date key). A window may run past midnight: the prompt keeps its own date.
 */
import { addDays, isoWeekKey, type LocalDate, type LocalDateTime, type Weekday, weekdayOf } from './calendar.js';
import { isWorkingDay } from './period.js';

export const CATCH_UP_MINUTES = 180;
/** A check-in still unanswered this long after it was due gets one gentle reminder (inside the window). */
export const REMINDER_AFTER_MINUTES = 120;

export type PromptKind = 'checkin' | 'reminder' | 'reflection';

export interface RepSchedule {
  checkinMinutes: number;
  reflectionMinutes: number;
  workingDays: readonly Weekday[];
  /** No prompts for dates before this one (the rep's local date); null when not paused. */
  pausedUntil: LocalDate | null;
  remindersEnabled: boolean;
  /** Holidays (public and company days off) near the wall clock's date: no prompts on them. */
  offDays?: readonly LocalDate[];
}

export interface DuePrompt {
  kind: PromptKind;
  /** The local date the prompt belongs to: its key, and the day whose plan it asks for or reviews. */
  date: LocalDate;
}

/** Minutes since `minutes` on `date`, counting from the wall clock `now`; candidates are today and yesterday. */
function windowDates(now: LocalDateTime, minutes: number): { date: LocalDate; elapsed: number }[] {
  return [
    { date: now.date, elapsed: now.minutes - minutes },
    { date: addDays(now.date, -1), elapsed: now.minutes + 1440 - minutes },
  ];
}

function inWindow(elapsed: number, from = 0): boolean {
  return elapsed >= from && elapsed < CATCH_UP_MINUTES;
}

export function isPaused(schedule: Pick<RepSchedule, 'pausedUntil'>, date: LocalDate): boolean {
  return schedule.pausedUntil !== null && date < schedule.pausedUntil;
}

/**
 * The prompts due for a rep whose local wall clock reads `now`. The reminder is due
 * whenever the check-in was due 2–3 hours ago; the pass sends it only if the check-in
 * went out at least two hours ago and no plan has arrived.
 */
export function duePrompts(schedule: RepSchedule, now: LocalDateTime): DuePrompt[] {
  const due: DuePrompt[] = [];
  const eligible = (date: LocalDate) =>
    isWorkingDay(date, schedule.workingDays) && !isPaused(schedule, date) && !schedule.offDays?.includes(date);
  for (const { date, elapsed } of windowDates(now, schedule.checkinMinutes)) {
    if (!inWindow(elapsed) || !eligible(date)) continue;
    // Once the day's reflection time has come, asking for the day's plan makes no sense.
    const reflectionDue = schedule.reflectionMinutes > schedule.checkinMinutes;
    if (reflectionDue && schedule.checkinMinutes + elapsed >= schedule.reflectionMinutes) continue;
    due.push({ kind: 'checkin', date });
    if (schedule.remindersEnabled && inWindow(elapsed, REMINDER_AFTER_MINUTES)) due.push({ kind: 'reminder', date });
  }
  for (const { date, elapsed } of windowDates(now, schedule.reflectionMinutes)) {
    if (inWindow(elapsed) && eligible(date)) due.push({ kind: 'reflection', date });
  }
  return due;
}

export interface WeeklySlot {
  weeklyDay: Weekday;
  weeklyMinutes: number;
}

/** The weekly post, if due for a team whose local wall clock reads `now`: keyed by the slot date's ISO week. */
export function dueWeeklyPost(slot: WeeklySlot, now: LocalDateTime): { date: LocalDate; week: string } | null {
  for (const { date, elapsed } of windowDates(now, slot.weeklyMinutes)) {
    if (inWindow(elapsed) && weekdayOf(date) === slot.weeklyDay) return { date, week: isoWeekKey(date) };
  }
  return null;
}
