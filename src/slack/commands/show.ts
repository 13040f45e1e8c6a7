/** `/focus target`, `/focus plan` and `/focus icp` typed alone: the current state, read only. */

import { UNCLASSIFIED_LIST_LIMIT } from '../../db/accounts.js';
import { workingDaysOf } from '../../db/reps.js';
import type { Command } from '../../domain/command.js';
import { workWeek } from '../../domain/gap.js';
import type { Store } from '../../storage/types.js';
import type { Reply } from '../views/blocks.js';
import { icpListReply, planReply, targetsReply, type WaitingAccounts } from '../views/current.js';
import type { CommandContext } from './context.js';
import { statusNow } from './status.js';

export async function handleShow(ctx: CommandContext, command: Extract<Command, { kind: 'show' }>): Promise<Reply> {
  switch (command.what) {
    case 'target':
      return showTargets(ctx);
    case 'plan':
      return planReply(
        ctx.clock.local.date,
        (await ctx.store.checkins.getCheckin(ctx.teamId, ctx.userId, ctx.clock.local.date))?.planItems ?? [],
      );
    case 'icp':
      return icpListReply(await waitingAccounts(ctx.store, ctx));
  }
}

/** The targets with the card's own progress and pace (the same today-rule, the same counted work). */
async function showTargets(ctx: CommandContext): Promise<Reply> {
  return targetsReply((await statusNow(ctx)).report.targets);
}

/** The card's unclassified accounts: those with the rep's open deals or this work week's activity. */
export async function waitingAccounts(
  store: Store,
  ctx: Pick<CommandContext, 'teamId' | 'userId' | 'rep' | 'clock'>,
): Promise<WaitingAccounts> {
  const week = workWeek(ctx.clock.local.date, ctx.clock.local.weekday, workingDaysOf(ctx.rep));
  const accounts = await store.accounts.unclassifiedAccountsOf(ctx.teamId, ctx.userId, week.start, week.end);
  return { accounts, capped: accounts.length >= UNCLASSIFIED_LIST_LIMIT };
}
