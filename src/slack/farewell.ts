/** The thanks for an evening reflection, with when the coach is back: the rep's next working day. */
import { nextWorkDayOf } from '../coach/next-workday.js';
import type { LocalDate } from '../domain/calendar.js';
import type { CommandContext } from './commands/context.js';
import { friendlyDate, seeYou } from './views/dates.js';

/**
 * "Saved as your reflection for Friday, Dec 4. Thanks, see you Monday." The day after the reflection's, by
 * the rep's working days, holidays and pause; a reflection answered late (the next morning) just says thanks.
 */
export async function reflectionSavedText(
  ctx: Pick<CommandContext, 'store' | 'team' | 'rep' | 'clock'>,
  date: LocalDate,
): Promise<string> {
  const today = ctx.clock.local.date;
  const next = await nextWorkDayOf(ctx.store, ctx.team, ctx.rep, date);
  const saved = `Saved as your reflection for ${friendlyDate(date)}.`;
  if (next !== null && next <= today) return `${saved} Thanks.`;
  return `${saved} Thanks, ${seeYou(today, next)}.`;
}
