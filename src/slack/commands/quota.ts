import { repNow } from '../../coach/rep-context.js';
import { setQuota } from '../../db/quotas.js';
import type { Command } from '../../domain/command.js';
import { periodContaining } from '../../domain/period.js';
import type { Reply } from '../views/blocks.js';
import { wholeMoney } from '../views/format.js';
import { confirmation, managersOnlyReply, positionLine } from '../views/replies.js';
import { type CommandContext, isManager } from './context.js';
import { reportAfterChange } from './status.js';

type QuotaCommand = Extract<Command, { kind: 'quota' }>;

export function handleQuota(ctx: CommandContext, command: QuotaCommand): Reply {
  const forOther = command.repUserId !== null && command.repUserId !== ctx.userId;
  if (forOther && !isManager(ctx, ctx.rep)) {
    return managersOnlyReply("set another rep's quota");
  }
  const userId = forOther && command.repUserId ? command.repUserId : ctx.userId;
  // The period is the one holding "today" in the quota owner's own time zone, as far as
  // we know it now: the reply cannot wait for Slack (3 seconds), so a rep never seen
  // before gets the team's zone, and their profile is fetched for next time.
  const owner = forOther ? ctx.profiles.cached(ctx.client, ctx.teamId, userId) : ctx.rep;
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
  const amount = wholeMoney(command.amountCents, ctx.team.currency);
  if (forOther) {
    return confirmation({ text: `Quota set for <@${userId}>: *${amount}* for ${period.label} (${period.range}).` });
  }
  return confirmation({
    text: `Quota set: *${amount}* for ${period.label} (${period.range}).`,
    position: positionLine(reportAfterChange(ctx), ctx.team.currency),
  });
}
