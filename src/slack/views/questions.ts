/**
 * The questions that keep a rep's numbers honest, asked in the morning check-in and on Home:
 * is this stale deal still real (a new close date, still on, or lost)? does this account fit the ICP?
 * Up to three of each at a time. Each question's block IDs name the deal or account it asks about,
 * so an answer can replace exactly its own question in the message with what was done.
 */
import type { Datepicker, KnownBlock } from '@slack/types';
import type { GapReport } from '../../domain/gap.js';
import type { StaleDeal } from '../../domain/pipeline.js';
import { ACTIONS, BLOCKS, questionBlockId } from '../ids.js';
import { actions, button, context, plainMrkdwn, section } from './blocks.js';
import { shortDate } from './dates.js';
import { moneyIn } from './format.js';

/** Questions of each kind asked at once. */
export const QUESTIONS_AT_ONCE = 3;

export function staleDealQuestion(deal: StaleDeal, today: string, currency: string): KnownBlock[] {
  const money = moneyIn(currency);
  const why =
    deal.reason === 'close-date-passed' && deal.closeOn !== null
      ? `its close date, ${shortDate(deal.closeOn, today)}, has passed`
      : `no change and no activity on the account for ${deal.idleDays} days`;
  const datepicker: Datepicker = {
    type: 'datepicker',
    action_id: ACTIONS.staleNewDate,
    placeholder: { type: 'plain_text', text: 'New close date', emoji: true },
    ...(deal.closeOn !== null && deal.closeOn >= today ? { initial_date: deal.closeOn } : {}),
  };
  const elements = [
    datepicker,
    button({
      text: 'Lost',
      actionId: ACTIONS.staleLost,
      value: String(deal.id),
      style: 'danger',
      confirm: {
        title: 'Mark it lost?',
        text: `Your ${money(deal.amountCents)} opportunity with *${plainMrkdwn(deal.account)}* will be marked lost.`,
        confirm: 'Mark lost',
        deny: 'Keep it',
      },
    }),
  ];
  if (deal.reason === 'idle' && deal.closeOn !== null) {
    elements.splice(
      1,
      0,
      button({
        text: `Still on for ${shortDate(deal.closeOn, today)}`,
        actionId: ACTIONS.staleStillOn,
        value: String(deal.id),
      }),
    );
  }
  const text = section(`*${plainMrkdwn(deal.account)}* · ${money(deal.amountCents)}: ${why}. Still real?`);
  text.block_id = questionBlockId(BLOCKS.staleDealText, deal.id);
  return [text, actions(questionBlockId(BLOCKS.staleDeal, deal.id), elements)];
}

/** The buttons' actions: the card's and check-in's own, or another list's (the `/focus icp` list redraws itself). */
export interface ClassifyActions {
  fits: string;
  outside: string;
}

export function classifyQuestion(
  account: { id: number; name: string },
  ids: ClassifyActions = { fits: ACTIONS.classifyFits, outside: ACTIONS.classifyOutside },
): KnownBlock[] {
  const text = section(`Does *${plainMrkdwn(account.name)}* fit your ideal customer profile?`);
  text.block_id = questionBlockId(BLOCKS.classifyText, account.id);
  const value = String(account.id);
  return [
    text,
    actions(questionBlockId(BLOCKS.classify, account.id), [
      button({ text: 'Fits our ICP', actionId: ids.fits, value, style: 'primary' }),
      button({ text: 'Outside our ICP', actionId: ids.outside, value }),
    ]),
  ];
}

/** Up to three stale deals and three unclassified accounts, under one heading; nothing when all is settled. */
export function questionBlocks(
  report: GapReport,
  today: string,
  currency: string,
  surface: 'message' | 'home' = 'message',
): KnownBlock[] {
  const stale = report.pipeline.stale.deals.slice(0, QUESTIONS_AT_ONCE);
  const accounts = report.unclassifiedAccounts.slice(0, QUESTIONS_AT_ONCE);
  if (stale.length === 0 && accounts.length === 0) return [];
  const blocks: KnownBlock[] = [section('*Keep your numbers honest*')];
  for (const deal of stale) blocks.push(...staleDealQuestion(deal, today, currency));
  for (const account of accounts) blocks.push(...classifyQuestion(account));
  const moreStale = report.pipeline.stale.deals.length - stale.length;
  const moreAccounts = report.unclassifiedAccounts.length - accounts.length;
  if (moreStale > 0 || moreAccounts > 0) {
    blocks.push(
      context([
        surface === 'home'
          ? 'More to settle after these: the next ones appear here as you answer.'
          : 'More to settle after these: the Home tab lists the rest.',
      ]),
    );
  }
  return blocks;
}

/**
 * The message with one question replaced by what was done: its text and buttons give way
 * to one context line. Blocks of other questions are left exactly as they were.
 */
export function answerInPlace(
  blocks: readonly KnownBlock[],
  question: { textBlockId: string; actionsBlockId: string },
  answer: string,
): KnownBlock[] | null {
  const index = blocks.findIndex((block) => block.block_id === question.actionsBlockId);
  if (index < 0) return null;
  const replaced = context([answer]);
  return blocks.flatMap((block, i) => {
    if (block.block_id === question.textBlockId) return [];
    return i === index ? [replaced] : [block];
  });
}
