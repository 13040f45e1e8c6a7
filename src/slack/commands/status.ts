import { loadStatus } from '../../coach/status.js';
import { loadTeamProgress } from '../../coach/team.js';
import { type Reply, simpleReply } from '../views/blocks.js';
import { gapCard } from '../views/gap-card.js';
import { teamView } from '../views/team.js';
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

/** The weekly post's content, privately and now. */
export function handleTeam(ctx: CommandContext): Reply {
  return teamView(
    loadTeamProgress(ctx.db, { teamId: ctx.teamId, now: ctx.clock.now, defaultTimezone: ctx.settings.defaultTimezone }),
  );
}

export function handleSettings(): Reply {
  return simpleReply(
    "The settings form isn't here yet: it arrives with the App Home tab.",
    'Meanwhile `/focus pause 2026-12-24` and `/focus resume` control your prompts.',
  );
}
