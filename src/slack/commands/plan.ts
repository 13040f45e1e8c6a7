import { daysBetween } from '../../domain/calendar.js';
import { type Command, USAGE } from '../../domain/command.js';
import type { Reply } from '../views/blocks.js';
import { friendlyDate } from '../views/dates.js';
import { confirmation, errorReply } from '../views/replies.js';
import type { CommandContext } from './context.js';

/** The longest pause a rep can set: a year. */
export const MAX_PAUSE_DAYS = 366;

export async function handlePlan(ctx: CommandContext, command: Extract<Command, { kind: 'plan' }>): Promise<Reply> {
  const today = ctx.clock.local.date;
  const replaced = ((await ctx.store.checkins.getCheckin(ctx.teamId, ctx.userId, today))?.planItems.length ?? 0) > 0;
  const items = await ctx.store.checkins.setPlan({
    teamId: ctx.teamId,
    userId: ctx.userId,
    localDate: today,
    items: command.items,
    now: ctx.clock.now,
  });
  // Plan items are kept as Slack sent them: already-escaped mrkdwn, mentions intact.
  const lines = items.map((item) => `☐ ${item.text}`).join('\n');
  return confirmation({
    text: `${replaced ? "Replaced today's plan" : "Today's plan"} (${friendlyDate(today)}):\n${lines}`,
    position: 'The evening reflection will ask what got done.',
  });
}

export async function handlePause(ctx: CommandContext, command: Extract<Command, { kind: 'pause' }>): Promise<Reply> {
  const today = ctx.clock.local.date;
  const days = daysBetween(today, command.until);
  if (days <= 0) {
    return errorReply({
      message: `The pause date, ${command.until}, is not in the future (today is ${today}). Nothing was changed.`,
      ...USAGE.pause,
    });
  }
  if (days > MAX_PAUSE_DAYS) {
    return errorReply({
      message: `The pause date, ${command.until}, is more than a year away. Nothing was changed.`,
      ...USAGE.pause,
    });
  }
  await ctx.store.reps.pauseRep({ teamId: ctx.teamId, userId: ctx.userId, today, until: command.until });
  return confirmation({
    text: `Paused: no check-ins or reflections before *${friendlyDate(command.until)}*; they start again that morning.`,
    position: "Back sooner? `/focus resume`. A pause doesn't break your streak.",
  });
}

export async function handleResume(ctx: CommandContext): Promise<Reply> {
  const wasPaused = ctx.rep.pausedUntil !== null && ctx.rep.pausedUntil > ctx.clock.local.date;
  await ctx.store.reps.resumeRep({ teamId: ctx.teamId, userId: ctx.userId, today: ctx.clock.local.date });
  return confirmation({
    text: wasPaused
      ? 'Welcome back: check-ins and reflections are on again.'
      : "You weren't paused: check-ins and reflections are on.",
  });
}
