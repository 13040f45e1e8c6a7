import { repNow } from '../../coach/rep-context.js';
import type { RepRow } from '../../db/reps.js';
import type { Command } from '../../domain/command.js';
import { type Period, periodContaining } from '../../domain/period.js';
import { noticeAfterCommit, quotaNoticeKey } from '../people.js';
import type { Reply } from '../views/blocks.js';
import { wholeMoney } from '../views/format.js';
import { notAMemberReply } from '../views/quota-notice.js';
import { confirmation, managersOnlyReply, positionLine } from '../views/replies.js';
import { type CommandContext, isManager } from './context.js';
import { reportAfterChange } from './status.js';

type QuotaCommand = Extract<Command, { kind: 'quota' }>;

export async function handleQuota(ctx: CommandContext, command: QuotaCommand): Promise<Reply> {
  const forOther = command.repUserId !== null && command.repUserId !== ctx.userId;
  if (forOther && command.repUserId) return quotaForOther(ctx, command, command.repUserId);
  const period = periodContaining(
    command.period ?? ctx.rep.quotaPeriod,
    ctx.clock.local.date,
    ctx.team.fiscalYearStartMonth,
  );
  await ctx.store.quotas.setQuota({
    teamId: ctx.teamId,
    userId: ctx.userId,
    period,
    amountCents: command.amountCents,
    setBy: ctx.userId,
    now: ctx.clock.now,
  });
  return confirmation({
    text: `Quota set: *${wholeMoney(command.amountCents, ctx.team.currency)}* for ${period.label} (${period.range}).`,
    position: positionLine(await reportAfterChange(ctx), ctx.team.currency),
  });
}

/**
 * A manager's quota for a rep: only for a person Slack confirmed a moment ago as an active human member
 * (people.ts asks before this transaction); their profile is saved with the quota, and they are told after
 * the commit what changed.
 */
async function quotaForOther(ctx: CommandContext, command: QuotaCommand, userId: string): Promise<Reply> {
  if (!isManager(ctx, ctx.rep)) return managersOnlyReply("set another rep's quota");
  const profile = ctx.profiles.confirmedMember(ctx.teamId, userId);
  if (!profile) return notAMemberReply('unconfirmed', userId);
  await ctx.store.reps.saveRepProfile(ctx.teamId, userId, { ...profile, fetchedAt: ctx.clock.now });
  const owner = (await ctx.store.reps.getRep(ctx.teamId, userId)) as RepRow;
  // The period holding "today" in the rep's own time zone, which Slack has just told us.
  const ownerClock = repNow(owner, ctx.team, ctx.settings.defaultTimezone, ctx.clock.now);
  const kind = command.period ?? owner.quotaPeriod;
  const period = periodContaining(kind, ownerClock.local.date, ctx.team.fiscalYearStartMonth);
  const before = await quotaBefore(ctx, owner, period);
  await ctx.store.quotas.setQuota({
    teamId: ctx.teamId,
    userId,
    period,
    amountCents: command.amountCents,
    setBy: ctx.userId,
    now: ctx.clock.now,
  });
  const set = `Quota set for <@${userId}>: *${wholeMoney(command.amountCents, ctx.team.currency)}* for ${period.label} (${period.range})`;
  // Nothing the rep sees has changed: no DM, and the confirmation says so.
  if (before?.amountCents === command.amountCents) return confirmation({ text: `${set}, as it was.` });
  const reply = confirmation({ text: `${set}. They'll get a DM about it.` });
  noticeAfterCommit(reply, {
    teamId: ctx.teamId,
    key: quotaNoticeKey({
      teamId: ctx.teamId,
      repUserId: userId,
      periodKind: kind,
      periodStart: period.start,
      now: ctx.clock.now,
    }),
    repUserId: userId,
    managerUserId: ctx.userId,
    period,
    beforeCents: before?.amountCents ?? null,
    beforeCarried: before?.carried ?? false,
    afterCents: command.amountCents,
    currency: ctx.team.currency,
  });
  return reply;
}

/** The quota the rep's card showed for the period before this change: set for it, or carried into it. */
function quotaBefore(ctx: CommandContext, owner: RepRow, period: Period) {
  return ctx.store.quotas.quotaInEffectFor({
    teamId: ctx.teamId,
    userId: owner.userId,
    kind: period.kind,
    periodStart: period.start,
    carries: period.kind === owner.quotaPeriod,
  });
}
