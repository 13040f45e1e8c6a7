import type { AllMiddlewareArgs, BlockCheckboxesAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { loadDayReview } from '../../coach/daily.js';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import type { PlanItem } from '../../db/checkins.js';
import { sendKey } from '../../db/sends.js';
import type { SlackDeps } from '../deps.js';
import { isConversationId } from '../id-check.js';
import { ACTIONS, dateOfPlanDoneBlock } from '../ids.js';
import { MessageUpdates } from '../message-updates.js';
import type { SlackRouter } from '../router.js';
import { MAX_CHECKBOXES } from '../views/plan-checkboxes.js';
import { reflectionMessage, reflectionWithPlan } from '../views/reflection.js';

type Args = SlackActionMiddlewareArgs<BlockCheckboxesAction> & AllMiddlewareArgs;

/** The message an action came from, as Slack sends it with a block_actions payload. */
interface SourceMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[] | null;
}

/**
 * Ticking plan items, in the evening reflection or on Home, records which were done. Slack sends the
 * group's whole selection, so each tick sets the state of every item shown. The reflection is then
 * redrawn in place with the ticks as initial_options, so a reload, and the next tick, start from what
 * is stored; Home is republished the same way.
 */
export function registerPlanCheckboxes(routes: SlackRouter, deps: SlackDeps): void {
  const updates = new MessageUpdates(deps.logger);
  const newest = new NewestTicks();
  routes.action<BlockCheckboxesAction>(ACTIONS.planDone, async ({ ack, body, action, client }: Args) => {
    await ack();
    const date = dateOfPlanDoneBlock(action.block_id);
    const teamId = body.team?.id ?? body.user.team_id;
    if (!date || !teamId) {
      deps.logger.warn('Plan checkbox without a date or team', { blockId: action.block_id });
      return;
    }
    const userId = body.user.id;
    const doneIndexes = action.selected_options
      .map((option) => Number(option.value))
      .filter((index) => Number.isInteger(index) && index >= 0 && index < MAX_CHECKBOXES);
    // The rep can only ever tick their own plan: the user comes from Slack's signed payload.
    const checked = { teamId, userId, localDate: date, doneIndexes, shown: MAX_CHECKBOXES };
    const key = `${teamId}:${userId}:${date}`;
    // Admitted and queued in one synchronous step, so a newer tick's write always runs after this one.
    const updated = await withBusyRetry<PlanItem[] | null | 'older'>(
      () =>
        newest.admit(key, action.action_ts)
          ? newest.inTurn(key, () => deps.store.checkins.setPlanDone(checked))
          : 'older',
      REQUEST_BUSY_RETRY,
    );
    if (updated === 'older') {
      deps.logger.info(`A tick for ${userId} on ${date} arrived after a newer one; the newer stands`);
      return;
    }
    if (!updated) {
      deps.logger.warn(`Plan checkbox for ${userId} on ${date}, which has no plan`);
      return;
    }
    // Ticked in the reflection DM: the Home tab's copy follows (and the other way round).
    void deps.home.refresh(teamId, userId);
    // Ticked on Home: the day's reflection, if one was sent, is redrawn too, so its boxes never undo these.
    const source = sourceMessage(body) ?? (await sentReflection(deps, { teamId, userId, date }));
    if (!source) return;
    // Built when the update runs, from the plan stored by then: the last of quick ticks shows them all.
    await updates.update(client, source, async () => {
      const plan = (await deps.store.checkins.getCheckin(teamId, userId, date))?.planItems ?? [];
      if (source.blocks) return reflectionWithPlan({ text: source.text, blocks: source.blocks }, date, plan);
      const now = deps.clock();
      return reflectionMessage(
        await loadDayReview(deps.store, { teamId, userId, date, now, defaultTimezone: deps.settings.defaultTimezone }),
      );
    });
  });
}

/**
 * The message the checkboxes are in; null on Home. Slack sends the message with the action only when
 * the bot can update it (not for an ephemeral one), so its presence is what counts.
 */
function sourceMessage(body: Args['body']): SourceMessage | null {
  const container = body.container as { type?: string; channel_id?: string };
  const message = body.message as { ts?: string; text?: string; blocks?: KnownBlock[] } | undefined;
  const channel = body.channel?.id ?? container?.channel_id;
  if (container?.type !== 'message' || !message?.ts || !isConversationId(channel)) return null;
  return {
    channel,
    ts: message.ts,
    text: message.text ?? '',
    blocks: Array.isArray(message.blocks) ? message.blocks : null,
  };
}

/** The reflection sent for that day, to redraw whole (no blocks came with the action); null when none was. */
async function sentReflection(
  deps: SlackDeps,
  day: { teamId: string; userId: string; date: string },
): Promise<SourceMessage | null> {
  const sent = await deps.store.sends.getSend(sendKey(day.teamId, day.userId, 'reflection', day.date));
  if (sent?.status !== 'sent' || !isConversationId(sent.channelId) || !sent.messageTs) return null;
  return { channel: sent.channelId, ts: sent.messageTs, text: '', blocks: null };
}

/**
 * The newest tick applied per rep and day, by Slack's action_ts. Each tick carries the whole selection,
 * so a tick delivered after a newer one (a retry, a slow connection) would undo it: it is dropped.
 * Kept in memory: a restart forgets it, which only matters for ticks already in flight.
 */
class NewestTicks {
  private static readonly MAX_KEYS = 10_000;
  private readonly seen = new Map<string, string>();
  /** Per key, the last write queued: each write waits for the one admitted before it. */
  private readonly writing = new Map<string, Promise<void>>();

  /** True (and recorded) unless a newer tick was applied for `key`; a tick without a time always counts. */
  admit(key: string, actionTs: string | undefined): boolean {
    const at = sortableTs(actionTs);
    if (at === null) return true;
    const newest = this.seen.get(key);
    if (newest !== undefined && at < newest) return false;
    this.seen.delete(key);
    this.seen.set(key, at);
    if (this.seen.size > NewestTicks.MAX_KEYS) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  /**
   * Runs `write` once the write admitted before it for `key` has ended: two writes in flight together could
   * otherwise land in the other order (on Postgres each may take its own connection).
   */
  inTurn<T>(key: string, write: () => Promise<T>): Promise<T> {
    const mine = (this.writing.get(key) ?? Promise.resolve()).then(write);
    const ended = mine.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(key, ended);
    void ended.then(() => {
      if (this.writing.get(key) === ended) this.writing.delete(key);
    });
    return mine;
  }
}

/** "1764639900.000200" as a string that sorts in time order; null for anything else. */
function sortableTs(ts: string | undefined): string | null {
  const match = /^(\d{1,12})\.(\d{1,9})$/.exec(ts ?? '');
  if (!match) return null;
  return `${(match[1] ?? '').padStart(12, '0')}.${(match[2] ?? '').padEnd(9, '0')}`;
}
