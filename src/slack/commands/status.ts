import { loadStatus, type Status } from '../../coach/status.js';
import { keptStatusCard } from '../../coach/status-cache.js';
import { loadTeamProgress } from '../../coach/team.js';
import { type Reply, simpleReply } from '../views/blocks.js';
import { cardDataOf, gapCard } from '../views/gap-card.js';
import { teamView } from '../views/team.js';
import type { CommandContext } from './context.js';

/** The gap card, kept between asks until something it rests on changes (coach/status-cache.ts). */
export function handleStatus(ctx: CommandContext): Promise<Reply> {
  return keptStatusCard(ctx.store, ctx, async () => gapCard(cardDataOf(await statusNow(ctx))));
}

/**
 * The rep's status now. After a change the team's and rep's rows are read again (the write, in this
 * transaction, may have changed them); otherwise the context's own rows serve.
 */
export function statusNow(ctx: CommandContext, after: 'change' | null = null): Promise<Status> {
  return loadStatus(ctx.store, {
    teamId: ctx.teamId,
    userId: ctx.userId,
    now: ctx.clock.now,
    defaultTimezone: ctx.settings.defaultTimezone,
    ...(after === 'change' ? {} : { loaded: { team: ctx.team, rep: ctx.rep } }),
  });
}

/** The rep's position after a change, for the line under a confirmation. */
export async function reportAfterChange(ctx: CommandContext): Promise<Status['report']> {
  return (await statusNow(ctx, 'change')).report;
}

/** The weekly post's content, privately and now. */
export async function handleTeam(ctx: CommandContext): Promise<Reply> {
  return teamView(
    await loadTeamProgress(ctx.store, {
      teamId: ctx.teamId,
      now: ctx.clock.now,
      defaultTimezone: ctx.settings.defaultTimezone,
    }),
  );
}

/** `/focus settings` opens the Settings modal (see focus.ts); in the DM, where no modal can open, it points there. */
export function handleSettings(): Reply {
  return simpleReply(
    'Your settings (check-in and reflection times, working days, time zone, reminders, pause) are a form:',
    'type `/focus settings` in any channel, or open the Focus Coach app’s Home tab and press Settings.',
  );
}
