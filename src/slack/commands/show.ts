/** `/focus target`, `/focus plan` and `/focus icp` typed alone: the current state, read only. */

import { UNCLASSIFIED_LIST_LIMIT, unclassifiedAccountsOf } from '../../db/accounts.js';
import { getCheckin } from '../../db/checkins.js';
import type { Db } from '../../db/connection.js';
import { workingDaysOf } from '../../db/reps.js';
import type { Command } from '../../domain/command.js';
import { workWeek } from '../../domain/gap.js';
import type { Reply } from '../views/blocks.js';
import { icpListReply, planReply, targetsReply, type WaitingAccounts } from '../views/current.js';
import type { CommandContext } from './context.js';
import { statusNow } from './status.js';

export function handleShow(ctx: CommandContext, command: Extract<Command, { kind: 'show' }>): Reply {
  switch (command.what) {
    case 'target':
      return showTargets(ctx);
    case 'plan':
      return planReply(
        ctx.clock.local.date,
        getCheckin(ctx.db, ctx.teamId, ctx.userId, ctx.clock.local.date)?.planItems ?? [],
      );
    case 'icp':
      return icpListReply(waitingAccounts(ctx.db, ctx));
  }
}

/** The targets with the card's own progress and pace (the same today-rule, the same counted work). */
function showTargets(ctx: CommandContext): Reply {
  return targetsReply(statusNow(ctx).report.targets);
}

/** The card's unclassified accounts: those with the rep's open deals or this work week's activity. */
export function waitingAccounts(
  db: Db,
  ctx: Pick<CommandContext, 'teamId' | 'userId' | 'rep' | 'clock'>,
): WaitingAccounts {
  const week = workWeek(ctx.clock.local.date, ctx.clock.local.weekday, workingDaysOf(ctx.rep));
  const accounts = unclassifiedAccountsOf(db, ctx.teamId, ctx.userId, week.start, week.end);
  return { accounts, capped: accounts.length >= UNCLASSIFIED_LIST_LIMIT };
}
