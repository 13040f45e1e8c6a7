import { repNow } from '../../coach/rep-context.js';
import { loadStatus, type Status } from '../../coach/status.js';
import { keptStatusCard } from '../../coach/status-cache.js';
import { loadTeamProgress } from '../../coach/team.js';
import type { SlackDeps } from '../deps.js';
import { type Reply, simpleReply } from '../views/blocks.js';
import { cardDataOf, gapCard } from '../views/gap-card.js';
import { teamView } from '../views/team.js';
import type { CommandContext } from './context.js';

/** What a status is computed from: a command's context without its Slack client (start-up has none). */
type StatusContext = Pick<
  CommandContext,
  'store' | 'settings' | 'teamId' | 'userId' | 'team' | 'rep' | 'clock' | 'stamp'
>;

/** The gap card, kept between asks until something it rests on changes (coach/status-cache.ts). */
export function handleStatus(ctx: StatusContext): Promise<Reply> {
  return keptStatusCard(ctx.store, ctx, () => gapCardNow(ctx));
}

/** The gap card computed now, kept nowhere. */
export async function gapCardNow(ctx: StatusContext): Promise<Reply> {
  return gapCard(cardDataOf(await statusNow(ctx)));
}

/** How long a starting server spends on status cards before it listens (warmStatusCards). */
export const WARM_CARDS_BUDGET_MS = 200;

/**
 * Before the server listens: the status cards of its largest team's reps, as many as `budgetMs` allows, made and
 * kept as `/focus` makes them. The code a status request runs is then compiled, and the reps who ask first after a
 * deploy (a load balancer sends a new replica its share at once) are not queued behind that compiling and their
 * cards' first reads: they were 60 ms for the first card and about 2 ms for each next one. Reads only.
 * Returns how many cards were made.
 */
export async function warmStatusCards(
  deps: Pick<SlackDeps, 'store' | 'settings' | 'clock'>,
  budgetMs = WARM_CARDS_BUDGET_MS,
): Promise<number> {
  const { store, settings } = deps;
  const started = performance.now();
  let made = 0;
  for (const teamId of await store.teamRows.largestTeams(1)) {
    for (const {
      rep: { userId },
    } of await store.reps.activeReps(teamId)) {
      if (performance.now() - started >= budgetMs) return made;
      const start = await store.repChanges.repStart(teamId, userId);
      if (!start?.rep) continue;
      const { team, rep, stamp } = start;
      const clock = repNow(rep, team, settings.defaultTimezone, deps.clock());
      await handleStatus({ store, settings, teamId, userId, team, rep, clock, stamp });
      made++;
    }
  }
  return made;
}

/**
 * The rep's status now. After a change the team's and rep's rows are read again (the write, in this
 * transaction, may have changed them); otherwise the context's own rows serve.
 */
export function statusNow(ctx: StatusContext, after: 'change' | null = null): Promise<Status> {
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
