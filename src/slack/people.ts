/**
 * People a manager names: a quota (and so a rep row) is written only for an active, human member of the
 * workspace, and the rep hears about a quota a manager set for them.
 *
 * The check asks Slack, so it runs before the write's transaction (no network call is awaited inside one); the
 * write itself only accepts a person checked a moment ago (Profiles.confirmedMember), so a path that forgot the
 * check refuses rather than writes. The notice is sent after the write's transaction has committed, once, with a send key.
 */
import type { WebClient } from '@slack/web-api';
import type { Command } from '../domain/command.js';
import { type CommandContext, isManager } from './commands/context.js';
import type { SlackDeps } from './deps.js';
import { dmChannelOf } from './dm.js';
import { replyInDm } from './dm-reply.js';
import type { Reply } from './views/blocks.js';
import { notAMemberProblem, notAMemberReply, type QuotaChange, quotaNotice } from './views/quota-notice.js';

/** The person a command would write for who is not the caller, if any (today: `/focus quota … @rep`). */
export function otherPersonOf(ctx: Pick<CommandContext, 'userId'>, command: Command): string | null {
  if (command.kind !== 'quota' || command.repUserId === null || command.repUserId === ctx.userId) return null;
  return command.repUserId;
}

/** A refusal, as a reply to a command and as the error under a modal's person picker. */
export interface PersonRefusal {
  reply: Reply;
  fieldError: string;
}

/**
 * Null when the command may go on; else the refusal. A non-manager is left to the handler's "managers only"
 * (Slack is not asked about people a rep may not touch anyway).
 */
export async function checkPeopleOf(ctx: CommandContext, command: Command): Promise<PersonRefusal | null> {
  const other = otherPersonOf(ctx, command);
  if (other === null || !isManager(ctx, ctx.rep)) return null;
  const membership = await ctx.profiles.checkMember(ctx.client, ctx.teamId, other);
  if (membership.ok) return null;
  const pick = membership.reason === 'unconfirmed' ? '' : ' Pick a rep: a person on your team.';
  return {
    reply: notAMemberReply(membership.reason, other),
    fieldError: `${notAMemberProblem(membership.reason, 'The person picked')}${pick}`,
  };
}

/**
 * Quota changes waiting for their notice, by the reply of the write that made them: the write runs inside a
 * transaction (which may be retried) and only its final reply reaches the caller, after the commit.
 */
const changes = new WeakMap<Reply, QuotaChange & { teamId: string; key: string }>();

export function noticeAfterCommit(reply: Reply, change: QuotaChange & { teamId: string; key: string }): void {
  changes.set(reply, change);
}

/** The same change, now answered by `to` (a reply rewritten after the write, e.g. with a line appended). */
export function carryQuotaNotice(from: Reply, to: Reply): void {
  const change = changes.get(from);
  if (change) changes.set(to, change);
}

/** Sends the rep the notice of the change `reply` made, if it made one; failures are logged, never thrown. */
export async function sendQuotaNotice(
  deps: Pick<SlackDeps, 'store' | 'logger' | 'home'>,
  client: WebClient,
  reply: Reply,
): Promise<void> {
  const change = changes.get(reply);
  if (!change || reply.refused) return;
  changes.delete(reply);
  try {
    const rep = await deps.store.reps.getRep(change.teamId, change.repUserId);
    if (!rep) return;
    // Their Home shows the new quota too, without waiting for their next visit.
    void deps.home.refresh(change.teamId, change.repUserId);
    const channel = await dmChannelOf(client, deps.store, rep);
    await replyInDm({
      client,
      logger: deps.logger,
      channel,
      userId: change.repUserId,
      key: change.key,
      reply: quotaNotice(change),
    });
  } catch (error) {
    deps.logger.error(`The quota notice to ${change.repUserId} was not sent:`, error);
  }
}

/** The notice's send key: one per change (the rep, the period and the instant the manager set it). */
export function quotaNoticeKey(input: {
  teamId: string;
  repUserId: string;
  periodKind: string;
  periodStart: string;
  now: number;
}): string {
  return `${input.teamId}:${input.repUserId}:quota-notice:${input.periodKind}:${input.periodStart}:${input.now}`;
}
