import { repNow } from '../../coach/rep-context.js';
import { setQuota } from '../../db/quotas.js';
import type { Command } from '../../domain/command.js';
import { formatMoney } from '../../domain/money.js';
import { periodContaining } from '../../domain/period.js';
import type { Reply } from '../views/blocks.js';
import { confirmation, managersOnlyReply, positionLine } from '../views/replies.js';
import { type CommandContext, isManager } from './context.js';
import { reportAfterChange } from './status.js';

type QuotaCommand = Extract<Command, { kind: 'quota' }>;

export async function handleQuota(ctx: CommandContext, command: QuotaCommand): Promise<Reply> {
  const forOther = command.repUserId !== null && command.repUserId !== ctx.userId;
  if (forOther && !isManager(ctx, ctx.rep)) {
    return managersOnlyReply("set another rep's quota");
  }
  const userId = forOther && command.repUserId ? command.repUserId : ctx.userId;
  // The period is the one holding "today" in the quota owner's own time zone.
  const owner = forOther ? await ctx.profiles.ensure(ctx.client, ctx.teamId, userId) : ctx.rep;
  const ownerClock = forOther ? repNow(owner, ctx.team, ctx.settings.defaultTimezone, ctx.clock.now) : ctx.clock;
  const kind = command.period ?? owner.quotaPeriod;
  const period = periodContaining(kind, ownerClock.local.date, ctx.team.fiscalYearStartMonth);
  setQuota(ctx.db, {
    teamId: ctx.teamId,
    userId,
    period,
    amountCents: command.amountCents,
    setBy: ctx.userId,
    now: ctx.clock.now,
  });
  const amount = formatMoney(command.amountCents, ctx.team.currency);
  if (forOther) {
    return confirmation({ text: `Quota set for <@${userId}>: *${amount}* for ${period.label} (${period.range}).` });
  }
  return confirmation({
    text: `Quota set: *${amount}* for ${period.label} (${period.range}).`,
    position: positionLine(reportAfterChange(ctx), ctx.team.currency),
  });
}
