/**
 * Answers to the check-in's and Home's questions: a stale deal's new close date, "still on", or lost;
 * an account's ICP fit. Each changes only the clicking rep's own deal (the user comes from Slack's
 * signed payload), then replaces its own question in the message with what was done, and refreshes Home.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockButtonAction,
  DatepickerAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { parseLocalDate } from '../../domain/calendar.js';
import { closeDateProblem } from '../../domain/date-words.js';
import { errorMessage } from '../../errors.js';
import type { Store } from '../../storage/types.js';
import { contextFor } from '../commands/context.js';
import { dealChangeRefusal } from '../crm-guard.js';
import type { SlackDeps } from '../deps.js';
import { isConversationId } from '../id-check.js';
import { ACTIONS, BLOCKS, idOfQuestionBlock, questionBlockId } from '../ids.js';
import { postToResponseUrl } from '../respond.js';
import type { SlackRouter } from '../router.js';
import { plainMrkdwn, section } from '../views/blocks.js';
import { shortDate } from '../views/dates.js';
import { wholeMoney } from '../views/format.js';
import { modal } from '../views/inputs.js';
import { answerInPlace } from '../views/questions.js';

type Args<A extends BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;

/** Where the answer was given: a message (the check-in), or a view (Home). */
interface Origin {
  body: BlockAction;
  client: WebClient;
  deps: SlackDeps;
}

export function registerQuestionAnswers(routes: SlackRouter, deps: SlackDeps): void {
  const settle = settleWith(deps);

  routes.action<BlockAction<DatepickerAction>>(
    ACTIONS.staleNewDate,
    async (args: Args<BlockAction<DatepickerAction>>) => {
      await args.ack();
      const picked = args.action.selected_date ? parseLocalDate(args.action.selected_date) : null;
      await settle(args, BLOCKS.staleDeal, args.action.block_id, async (store, ids) => {
        const { today } = ids;
        if (picked === null) return { notice: 'Pick a date for the new close date.' };
        const refused = await crmRefusalOf(store, deps, ids);
        if (refused) return refused;
        const problem = closeDateProblem(picked, today);
        if (problem !== null) return { notice: `${problem}; nothing was changed.` };
        const result = await store.deals.answerStaleDeal({ ...ids, answer: 'close-on', closeOn: picked });
        if (!result.ok) return { answer: 'That deal is no longer open; nothing was changed.' };
        if (result.fromCloseOn === picked) {
          return { answer: `✅ ${dealName(result, ids.currency)} is still on for ${shortDate(picked, today)}.` };
        }
        const was = result.fromCloseOn ? ` (was ${shortDate(result.fromCloseOn, today)})` : '';
        return { answer: `🗓️ ${dealName(result, ids.currency)}: close date now ${shortDate(picked, today)}${was}.` };
      });
    },
  );

  routes.action<BlockButtonAction>(ACTIONS.staleStillOn, async (args: Args<BlockButtonAction>) => {
    await args.ack();
    await settle(args, BLOCKS.staleDeal, args.action.block_id, (store, ids) => confirmStillOn(store, deps, ids));
  });

  routes.action<BlockButtonAction>(ACTIONS.staleLost, async (args: Args<BlockButtonAction>) => {
    await args.ack();
    await settle(args, BLOCKS.staleDeal, args.action.block_id, async (store, ids) => {
      const refused = await crmRefusalOf(store, deps, ids);
      if (refused) return refused;
      const result = await store.deals.answerStaleDeal({ ...ids, answer: 'lost' });
      if (!result.ok) return { answer: 'That deal is no longer open; nothing was changed.' };
      return { answer: `${dealName(result, ids.currency)} marked lost.` };
    });
  });

  for (const [actionId, fit] of [
    [ACTIONS.classifyFits, 'yes'],
    [ACTIONS.classifyOutside, 'no'],
  ] as const) {
    routes.action<BlockButtonAction>(actionId, async (args: Args<BlockButtonAction>) => {
      await args.ack();
      await settle(args, BLOCKS.classify, args.action.block_id, async (store, ids) => {
        const account = await store.accounts.accountById(ids.teamId, ids.id);
        if (!account) return { answer: 'That account no longer exists; nothing was changed.' };
        await store.accounts.setAccountIcp(ids.teamId, account.id, fit);
        const name = `*${plainMrkdwn(account.name)}*`;
        return {
          answer:
            fit === 'yes'
              ? `✅ ${name} fits your ICP: its deals and activity count.`
              : `${name} is outside your ICP: its deals and activity no longer count toward your gap.`,
        };
      });
    });
  }
}

function dealName(deal: { account: string; amountCents: number }, currency: string): string {
  return `*${plainMrkdwn(deal.account)}* (${wholeMoney(deal.amountCents, currency)})`;
}

interface QuestionIds {
  teamId: string;
  userId: string;
  /** The deal or account the question asks about. */
  id: number;
  dealId: number;
  now: number;
  today: string;
  currency: string;
}

type Outcome = { answer: string } | { notice: string };

/**
 * The shared steps: who and what (from the signed payload and the question's block ID), the rep's
 * local today, the change, then the question replaced in its message (or Home refreshed).
 */
function settleWith(deps: SlackDeps) {
  return async (
    { body, client }: Args<BlockAction>,
    prefix: string,
    blockId: string,
    change: (store: Store, ids: QuestionIds) => Promise<Outcome>,
  ): Promise<void> => {
    const teamId = body.team?.id ?? body.user.team_id;
    const id = idOfQuestionBlock(prefix, blockId);
    const origin: Origin = { body, client, deps };
    if (!teamId || id === null) {
      deps.logger.warn(`Question answer without a team or a question (block ID of ${blockId.length} characters)`);
      return;
    }
    try {
      const ctx = await contextFor(deps, client, teamId, body.user.id);
      const today = ctx.clock.local.date;
      const ids: QuestionIds = {
        teamId,
        userId: body.user.id,
        id,
        dealId: id,
        now: ctx.clock.now,
        today,
        currency: ctx.team.currency,
      };
      // The check (the CRM guard, the deal still open) and the write in one transaction of the team's, as a typed
      // command's: a CRM sync cannot take the deal over in between, nor deadlock against it on Postgres.
      const outcome = await withBusyRetry(
        () => deps.store.transaction((tx) => change(tx, ids), { teamId }),
        REQUEST_BUSY_RETRY,
      );
      if ('notice' in outcome) {
        await tell(origin, outcome.notice);
        return;
      }
      void deps.home.refresh(teamId, body.user.id);
      await replaceQuestion(origin, prefix, id, outcome.answer);
    } catch (error) {
      deps.logger.error('Answering a question failed:', error);
      await tell(origin, 'Something went wrong on our side, and nothing was saved. Please try again.');
    }
  };
}

/**
 * A deal the CRM owns (or any deal while the team's typed deals are off) is changed in the CRM: the rep is told
 * where, privately, and the question stays.
 */
async function crmRefusalOf(store: Store, deps: SlackDeps, ids: QuestionIds): Promise<Outcome | null> {
  const refused = await dealChangeRefusal({
    store,
    settings: deps.settings,
    teamId: ids.teamId,
    dealId: ids.dealId,
  });
  return refused ? { notice: refused.text } : null;
}

/** "Still on": the deal keeps its close date and counts as touched today. */
async function confirmStillOn(store: Store, deps: SlackDeps, ids: QuestionIds): Promise<Outcome> {
  const refused = await crmRefusalOf(store, deps, ids);
  if (refused) return refused;
  const deal = await store.deals.openDealOf(ids);
  if (!deal) return { answer: 'That deal is no longer open; nothing was changed.' };
  const closeOn = deal.closeOn ?? ids.today;
  if (closeOn < ids.today) return { notice: 'Its close date has passed: pick a new one instead.' };
  const result = await store.deals.answerStaleDeal({ ...ids, answer: 'close-on', closeOn });
  if (!result.ok) return { answer: 'That deal is no longer open; nothing was changed.' };
  return { answer: `✅ ${dealName(result, ids.currency)} is still on for ${shortDate(closeOn, ids.today)}.` };
}

/** The answered question gives way to what was done, in the message it was asked in. */
async function replaceQuestion(origin: Origin, prefix: string, id: number, answer: string) {
  const { body, client, deps } = origin;
  const message = (body as { message?: { ts?: string; text?: string; blocks?: KnownBlock[] } }).message;
  const channel = body.channel?.id ?? (body.container as { channel_id?: string }).channel_id;
  if (body.container?.type !== 'message' || !message?.blocks || !message.ts || !isConversationId(channel)) return;
  const textPrefix = prefix === BLOCKS.staleDeal ? BLOCKS.staleDealText : BLOCKS.classifyText;
  const blocks = answerInPlace(
    message.blocks,
    { textBlockId: questionBlockId(textPrefix, id), actionsBlockId: questionBlockId(prefix, id) },
    answer,
  );
  if (!blocks) return;
  try {
    await client.chat.update({ channel, ts: message.ts, text: message.text ?? 'Focus Coach', blocks });
  } catch (error) {
    deps.logger.warn('Could not update the answered question in place:', errorMessage(error));
  }
}

/** A short private word: in the conversation when there is one, else (Home) in a small modal. */
async function tell(origin: Origin, text: string): Promise<void> {
  const { body, client, deps } = origin;
  if (body.response_url) {
    await postToResponseUrl(
      body.response_url,
      { response_type: 'ephemeral', replace_original: false, text },
      deps.logger,
    );
    return;
  }
  await client.views
    .open({ trigger_id: body.trigger_id, view: modal('question_notice', 'Focus Coach', [section(text)], null) })
    .catch(() => undefined);
}
