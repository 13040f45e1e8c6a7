import { getCheckin } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { wasSent } from '../db/send-history.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { PendingPrompt } from '../domain/dm-route.js';
import { LOOK_BACK_DAYS } from './yesterday.js';

/**
 * Which prompt a DM reply would answer: tonight's unanswered reflection, else this
 * morning's check-in still without a plan of the rep's own (carried items alone do not answer
 * it), else the last reflection sent before today (last night's, or Friday's on a Monday) when unanswered.
 */
export function pendingPrompt(db: Db, teamId: string, userId: string, today: LocalDate): PendingPrompt {
  const unansweredReflection = (date: LocalDate) =>
    wasSent(db, teamId, userId, 'reflection', date) && !getCheckin(db, teamId, userId, date)?.reflection;
  if (unansweredReflection(today)) return { kind: 'reflection', date: today };
  // A plan of carried items only (planSetAt null) still waits for the rep's own answer, which joins them.
  const plan = getCheckin(db, teamId, userId, today);
  if (wasSent(db, teamId, userId, 'checkin', today) && (!plan?.planItems.length || plan.planSetAt === null)) {
    return { kind: 'checkin', date: today };
  }
  // The last reflection sent before today (Friday's on a Monday morning, Wednesday's after a Thursday and Friday
  // off), if still unanswered: reflections go out on working days only, so it is the last working day's. Over
  // the same week the check-in looks back for what to carry (yesterday.ts).
  for (let back = 1; back <= LOOK_BACK_DAYS; back++) {
    const date = addDays(today, -back);
    if (wasSent(db, teamId, userId, 'reflection', date)) {
      return unansweredReflection(date) ? { kind: 'reflection', date } : null;
    }
  }
  return null;
}
