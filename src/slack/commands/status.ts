import { loadStatus } from '../../coach/status.js';
import { type Reply, simpleReply } from '../views/blocks.js';
import { gapCard } from '../views/gap-card.js';
import type { CommandContext } from './context.js';

export function handleStatus(ctx: CommandContext): Reply {
  const status = loadStatus(ctx.db, {
    teamId: ctx.teamId,
    userId: ctx.userId,
    now: ctx.clock.now,
    defaultTimezone: ctx.settings.defaultTimezone,
  });
  return gapCard({
    period: status.period,
    report: status.report,
    plan: status.plan,
    currency: status.team.currency,
    timezone: status.clock.timezone,
  });
}

/** The rep's position after a change, for the line under a confirmation. */
export function reportAfterChange(ctx: CommandContext) {
  return loadStatus(ctx.db, {
    teamId: ctx.teamId,
    userId: ctx.userId,
    now: ctx.clock.now,
    defaultTimezone: ctx.settings.defaultTimezone,
  }).report;
}

export function handleTeam(): Reply {
  return simpleReply(
    "The team view isn't here yet: it arrives with the weekly team progress post.",
    'Meanwhile `/focus` shows your own gap, pace and pipeline.',
  );
}

export function handleSettings(): Reply {
  return simpleReply(
    "The settings form isn't here yet: it arrives with the App Home tab.",
    'Meanwhile `/focus pause 2026-12-24` and `/focus resume` control your prompts.',
  );
}
