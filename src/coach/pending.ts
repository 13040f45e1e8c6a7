import { getCheckin } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { wasSent } from '../db/sends.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { PendingPrompt } from '../domain/dm-route.js';

/**
 * Which prompt a DM reply would answer: tonight's unanswered reflection, else this
 * morning's check-in still without a plan, else last night's unanswered reflection.
 */
export function pendingPrompt(db: Db, teamId: string, userId: string, today: LocalDate): PendingPrompt {
  const unansweredReflection = (date: LocalDate) =>
    wasSent(db, teamId, userId, 'reflection', date) && !getCheckin(db, teamId, userId, date)?.reflection;
  if (unansweredReflection(today)) return { kind: 'reflection', date: today };
  if (wasSent(db, teamId, userId, 'checkin', today) && !getCheckin(db, teamId, userId, today)?.planItems.length) {
    return { kind: 'checkin', date: today };
  }
  const yesterday = addDays(today, -1);
  if (unansweredReflection(yesterday)) return { kind: 'reflection', date: yesterday };
  return null;
}
