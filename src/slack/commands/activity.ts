import { CRM_LABELS, type CrmSourceKind } from '../../crm/model.js';
import { workingDaysOf } from '../../db/reps.js';
import type { Command } from '../../domain/command.js';
import { workWeek } from '../../domain/gap.js';
import { plainMrkdwn, type Reply } from '../views/blocks.js';
import { activityLabel } from '../views/format.js';
import { confirmation } from '../views/replies.js';
import type { CommandContext } from './context.js';
import { askAboutNearName } from './same-account.js';

export async function handleLog(ctx: CommandContext, command: Extract<Command, { kind: 'log' }>): Promise<Reply> {
  const question = command.asNew ? null : await askAboutNearName(ctx, command);
  if (question) return question;
  const result = await ctx.store.activities.logActivity({
    teamId: ctx.teamId,
    userId: ctx.userId,
    kind: command.activity,
    count: command.count,
    account: command.account,
    now: ctx.clock.now,
    today: ctx.clock.local.date,
  });
  const what = `${command.count} ${activityLabel(command.activity, command.count)}`;
  const withWhom = result.account ? ` with *${plainMrkdwn(result.account.name)}*` : '';
  const inCrm = result.alreadyInCrm;
  const countedOnce = inCrm
    ? ` (${inCrm.count} ${inCrm.count === 1 ? 'was' : 'were'} already in ${crmLabel(inCrm.source)}, counted once)`
    : '';
  const hint = result.account
    ? undefined
    : 'Add the account next time (`/focus log call 2 Initech`): only work on ICP and unclassified accounts counts toward your targets.';
  return confirmation({
    text: `Logged ${what}${withWhom}${countedOnce}.`,
    position: hint,
    askIcpFor: result.account,
  });
}

export async function handleTarget(ctx: CommandContext, command: Extract<Command, { kind: 'target' }>): Promise<Reply> {
  const { previous } = await ctx.store.targets.setTarget({
    teamId: ctx.teamId,
    userId: ctx.userId,
    activity: command.activity,
    per: command.per,
    count: command.count,
    now: ctx.clock.now,
  });
  const name = `${activityLabel(command.activity, 2)} per ${command.per}`;
  if (command.count === 0) {
    return confirmation({
      text: previous === null ? `You had no ${name} target; nothing to remove.` : `Removed your ${name} target.`,
    });
  }
  const today = ctx.clock.local.date;
  const range =
    command.per === 'day'
      ? { start: today, end: today }
      : workWeek(today, ctx.clock.local.weekday, workingDaysOf(ctx.rep));
  const done = (await ctx.store.activities.targetCounts(ctx.teamId, ctx.userId, range.start, range.end))[
    command.activity
  ];
  const counted = done?.counted ?? 0;
  const outside = (done?.all ?? 0) - counted;
  const changed = previous === null ? '' : ` (was ${previous})`;
  const uncounted = outside > 0 ? `, and ${outside} outside your ICP or without an account, which don’t count` : '';
  return confirmation({
    text: `Target set: *${command.count} ${activityLabel(command.activity, command.count)} a ${command.per}*${changed}.`,
    position: `So far ${command.per === 'day' ? 'today' : 'this week'}: ${counted} on ICP and unclassified accounts${uncounted}.`,
  });
}

export async function handleIcp(ctx: CommandContext, command: Extract<Command, { kind: 'icp' }>): Promise<Reply> {
  const question = command.asNew ? null : await askAboutNearName(ctx, command);
  if (question) return question;
  const account = await ctx.store.accounts.setAccountIcpByName(ctx.teamId, command.account, command.fit);
  const verdict = command.fit === 'yes' ? 'fits your ICP ✅' : 'is outside your ICP';
  return confirmation({
    text: `*${plainMrkdwn(account.name)}* ${verdict}.`,
    position:
      command.fit === 'yes'
        ? 'Its deals count in your pipeline and its activity toward your targets, for the whole team.'
        : 'Its deals are shown apart and its activity no longer counts toward targets, for the whole team.',
  });
}

/** The CRM's name as reps know it ("HubSpot"); a source this version does not know is named as stored. */
function crmLabel(source: string): string {
  return Object.hasOwn(CRM_LABELS, source) ? CRM_LABELS[source as CrmSourceKind] : source;
}
