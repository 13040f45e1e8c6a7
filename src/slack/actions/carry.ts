/**
 * The check-in's carry buttons: an earlier day's unfinished plan items (all, or one) appended to today's
 * plan, never twice, within the plan's ten items. The check-in is then redrawn in place to say what is in
 * today's plan now; what could not be carried is said privately.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { type CarryOutcome, carryItems, unfinishedFrom } from '../../coach/yesterday.js';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { MAX_PLAN_ITEMS } from '../../domain/command.js';
import { decodeSlackEntities, quote } from '../../domain/text.js';
import { contextFor } from '../commands/context.js';
import type { SlackDeps } from '../deps.js';
import { isConversationId } from '../id-check.js';
import { ACTIONS, BLOCKS, dateOfBlock, indexOfCarryItem } from '../ids.js';
import { MessageUpdates } from '../message-updates.js';
import { postToResponseUrl } from '../respond.js';
import type { SlackRouter } from '../router.js';
import { escapeMrkdwn } from '../views/blocks.js';
import { withCarryRedrawn } from '../views/yesterday.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const CARRY_ACTION = new RegExp(`^(${ACTIONS.carryAll}|${ACTIONS.carryItem}:\\d{1,2})$`);

export function registerCarryButtons(routes: SlackRouter, deps: SlackDeps): void {
  const updates = new MessageUpdates(deps.logger);
  routes.action<BlockButtonAction>(CARRY_ACTION, async ({ ack, body, action, client }: Args) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id;
    const userId = body.user.id;
    const from = dateOfBlock(BLOCKS.carry, action.block_id);
    const which: 'all' | number | null =
      action.action_id === ACTIONS.carryAll ? 'all' : indexOfCarryItem(action.action_id);
    if (!teamId || !from || which === null) {
      deps.logger.warn('Carry button without a team, a day or an item', { actionId: action.action_id });
      return;
    }
    const say = (text: string) =>
      postToResponseUrl(body.response_url, { response_type: 'ephemeral', replace_original: false, text }, deps.logger);
    let today: string;
    let outcome: CarryOutcome;
    try {
      const ctx = await contextFor(deps, client, teamId, userId);
      today = ctx.clock.local.date;
      if (from >= today) {
        await say('Those items are already today’s; nothing was carried.');
        return;
      }
      const input = { teamId, userId, from, today, which };
      outcome = await withBusyRetry(() => carryItems(deps.store, input), REQUEST_BUSY_RETRY);
    } catch (error) {
      deps.logger.error('Carrying plan items failed:', error);
      await say('Something went wrong on our side, and nothing was carried. Please try again.');
      return;
    }
    if (outcome.kind === 'carried' && outcome.appended.added.length > 0) void deps.home.refresh(teamId, userId);
    const redrawn = await redraw(updates, { body, client, deps }, { teamId, userId, from, today });
    const notice = noticeOf(outcome, redrawn);
    if (notice) await say(notice);
  });
}

/** The check-in's carry blocks redrawn from what is stored now; false when the message could not be updated. */
async function redraw(
  updates: MessageUpdates,
  origin: Pick<Args, 'body' | 'client'> & { deps: SlackDeps },
  day: { teamId: string; userId: string; from: string; today: string },
): Promise<boolean> {
  const { body, client, deps } = origin;
  const message = body.message as { ts?: string; text?: string; blocks?: KnownBlock[] } | undefined;
  const channel = body.channel?.id ?? (body.container as { channel_id?: string }).channel_id;
  if (body.container?.type !== 'message' || !message?.ts || !message.blocks || !isConversationId(channel)) {
    return false;
  }
  const { blocks, text } = message;
  return updates.update(client, { channel, ts: message.ts }, async () => {
    const unfinished = await unfinishedFrom(deps.store, day.teamId, day.userId, day.from, day.today);
    const redrawn = withCarryRedrawn(blocks, unfinished);
    return redrawn ? { text: text ?? 'Focus Coach', blocks: redrawn } : null;
  });
}

/** A plan item quoted in mrkdwn: cut as typed, then escaped again (a cut never splits an `&amp;`). */
function said(text: string): string {
  return escapeMrkdwn(quote(decodeSlackEntities(text)));
}

/** What the rep is told privately: what could not be carried, and what was when the message could not say it. */
function noticeOf(outcome: CarryOutcome, redrawn: boolean): string | null {
  if (outcome.kind === 'gone') return 'That item is no longer in that day’s plan; nothing was carried.';
  if (outcome.kind === 'done') {
    return `${said(outcome.text)} was ticked done since; nothing was carried.`;
  }
  const { added, noRoom } = outcome.appended;
  const parts: string[] = [];
  if (!redrawn && added.length > 0) {
    parts.push(`Carried into today’s plan: ${added.map(said).join(', ')}.`);
  }
  if (noRoom.length > 0) {
    const left = noRoom.map(said).join(', ');
    parts.push(
      `Today’s plan holds at most ${MAX_PLAN_ITEMS} items, so ${left} ${noRoom.length === 1 ? 'was' : 'were'} not carried. ` +
        'Set a shorter plan with `/focus plan …`, then carry again.',
    );
  }
  if (!redrawn && parts.length === 0) return 'Those items are in today’s plan already; nothing was added.';
  return parts.length > 0 ? parts.join(' ') : null;
}
