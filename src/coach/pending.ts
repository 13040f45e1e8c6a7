import { addDays, type LocalDate } from '../domain/calendar.js';
import type { PendingPrompt } from '../domain/dm-route.js';
import type { Store } from '../storage/types.js';
import { LOOK_BACK_DAYS } from './yesterday.js';

/**
 * Which prompt a DM reply would answer: tonight's unanswered reflection, else this
 * morning's check-in still without a plan of the rep's own (carried items alone do not answer
 * it), else the last reflection sent before today (last night's, or Friday's on a Monday) when unanswered.
 */
export async function pendingPrompt(
  store: Store,
  teamId: string,
  userId: string,
  today: LocalDate,
): Promise<PendingPrompt> {
  const wasSent = (kind: 'checkin' | 'reflection', date: LocalDate) =>
    store.sendHistory.wasSent(teamId, userId, kind, date);
  const unansweredReflection = async (date: LocalDate) =>
    (await wasSent('reflection', date)) && !(await store.checkins.getCheckin(teamId, userId, date))?.reflection;
  if (await unansweredReflection(today)) return { kind: 'reflection', date: today };
  // A plan of carried items only (planSetAt null) still waits for the rep's own answer, which joins them.
  const plan = await store.checkins.getCheckin(teamId, userId, today);
  if ((await wasSent('checkin', today)) && (!plan?.planItems.length || plan.planSetAt === null)) {
    return { kind: 'checkin', date: today };
  }
  // The last reflection sent before today (Friday's on a Monday morning, Wednesday's after a Thursday and Friday
  // off), if still unanswered: reflections go out on working days only, so it is the last working day's. Over
  // the same week the check-in looks back for what to carry (yesterday.ts).
  for (let back = 1; back <= LOOK_BACK_DAYS; back++) {
    const date = addDays(today, -back);
    if (await wasSent('reflection', date)) {
      return (await unansweredReflection(date)) ? { kind: 'reflection', date } : null;
    }
  }
  return null;
}
