/**
 * The check-in's look back and its suggestions: what the rep said they would change, their unfinished
 * items with buttons to carry them into today's plan, and up to three priorities from the numbers.
 */
import type { KnownBlock } from '@slack/types';
import type { Status } from '../../coach/status.js';
import type { Unfinished, UnfinishedItem, Yesterday } from '../../coach/yesterday.js';
import { addDays, type LocalDate } from '../../domain/calendar.js';
import type { GapReport } from '../../domain/gap.js';
import type { Period } from '../../domain/period.js';
import { effectiveCloseOn } from '../../domain/pipeline.js';
import { decodeSlackEntities } from '../../domain/text.js';
import { ACTIONS, BLOCKS, carryItemActionId, datedBlockId } from '../ids.js';
import { actions, button, escapeMrkdwn, plainMrkdwn, section, truncate } from './blocks.js';
import { friendlyDate, shortDate } from './dates.js';
import { moneyIn } from './format.js';

/** The quoted reflection is cut here: the check-in stays a glance. */
export const LESSON_QUOTE_LIMIT = 600;
/** Suggested priorities at most. */
export const MAX_SUGGESTIONS = 3;

/** A rep's own text (kept as Slack sent it, entities and all) shown in mrkdwn as they typed it. */
function theirWords(text: string): string {
  return escapeMrkdwn(decodeSlackEntities(text));
}

/** "yesterday", or "on Friday, Nov 27" further back. */
function whenSaid(date: LocalDate, today: LocalDate): string {
  return addDays(today, -1) === date ? 'yesterday' : `on ${friendlyDate(date)}`;
}

/** Every block the check-in gains from yesterday and the numbers (none when there is nothing to say). */
export function morningBlocks(status: Status, yesterday: Yesterday | undefined): KnownBlock[] {
  const today = status.clock.local.date;
  const blocks: KnownBlock[] = [];
  if (yesterday?.lesson) blocks.push(lessonBlock(yesterday.lesson, today));
  if (yesterday?.unfinished) blocks.push(...carryBlocks(yesterday.unfinished));
  // Suggestions help the rep answer; once today's plan is set they would only repeat the card.
  if (status.plan.length === 0) {
    const suggestions = suggestedPriorities(status.report, status.period, today, status.team.currency);
    if (suggestions.length > 0) {
      const lines = suggestions.map((line, i) => `${i + 1}. ${line}`).join('\n');
      blocks.push(section(`*Suggested from your numbers*\n${lines}`));
    }
  }
  return blocks;
}

/**
 * "What you said you'd change (yesterday):" and the answer in quotation marks. Not a mrkdwn block
 * quote: its `>` would be the one raw angle bracket in the project's mrkdwn.
 */
export function lessonBlock(lesson: { date: LocalDate; text: string }, today: LocalDate): KnownBlock {
  const said = truncate(theirWords(lesson.text), LESSON_QUOTE_LIMIT);
  return section(`*What you said you’d change* (${whenSaid(lesson.date, today)}):\n“${said}”`);
}

/**
 * The unfinished items of an earlier day, with a button for each and "Carry all"; items already carried
 * (or typed into today's plan) are said so, without buttons. The section and the buttons are named by
 * the day, so a carry redraws exactly them in the message.
 */
export function carryBlocks(unfinished: Unfinished): KnownBlock[] {
  const lines: string[] = [`*Unfinished from ${friendlyDate(unfinished.date)}*`];
  for (const item of unfinished.remaining) lines.push(`☐ ${theirWords(item.text)}`);
  if (unfinished.carried.length > 0) {
    const carried = unfinished.carried.map((item) => theirWords(item.text)).join(' · ');
    lines.push(`✅ In today’s plan: ${carried}`);
  }
  if (unfinished.remaining.length > 0) {
    lines.push(unfinished.remaining.length === 1 ? 'Carry it into today’s plan?' : 'Carry them into today’s plan?');
  } else if (unfinished.awaitingPlan) {
    lines.push('Reply with today’s other priorities: they join these.');
  } else if (unfinished.carried.length === 0) {
    // Ticked done in that day's reflection since the check-in went out.
    lines.push('All done since: nothing left to carry.');
  }
  const text = section(lines.join('\n'));
  text.block_id = datedBlockId(BLOCKS.carryText, unfinished.date);
  if (unfinished.remaining.length === 0) return [text];
  return [text, actions(datedBlockId(BLOCKS.carry, unfinished.date), carryButtons(unfinished.remaining))];
}

function carryButtons(items: readonly UnfinishedItem[]) {
  const each = items.map((item) =>
    button({
      text: decodeSlackEntities(item.text),
      actionId: carryItemActionId(item.index),
      value: String(item.index),
    }),
  );
  if (items.length < 2) return each;
  return [button({ text: 'Carry all', actionId: ACTIONS.carryAll, value: 'all', style: 'primary' }), ...each];
}

/**
 * The check-in with its carry blocks for `unfinished.date` redrawn; every other block kept as Slack gave
 * it back. Null when the message has no such blocks.
 */
export function withCarryRedrawn(blocks: readonly KnownBlock[], unfinished: Unfinished): KnownBlock[] | null {
  const ids = new Set([datedBlockId(BLOCKS.carryText, unfinished.date), datedBlockId(BLOCKS.carry, unfinished.date)]);
  const at = blocks.findIndex((block) => block.block_id !== undefined && ids.has(block.block_id));
  if (at < 0) return null;
  const kept = blocks.filter((block) => block.block_id === undefined || !ids.has(block.block_id));
  kept.splice(at, 0, ...carryBlocks(unfinished));
  return kept;
}

/**
 * Up to three priorities the numbers point at, taken in turn: the counted deal closing soonest, the
 * largest stale deal to settle, an account to classify; then the next of each.
 */
export function suggestedPriorities(
  report: Pick<GapReport, 'pipeline' | 'unclassifiedAccounts'>,
  period: Pick<Period, 'end'>,
  today: LocalDate,
  currency: string,
): string[] {
  const money = moneyIn(currency);
  const closing = [...report.pipeline.counted.deals]
    .map((deal) => ({ deal, closeOn: effectiveCloseOn(deal, period) }))
    .sort(
      (a, b) => a.closeOn.localeCompare(b.closeOn) || b.deal.amountCents - a.deal.amountCents || a.deal.id - b.deal.id,
    )
    .map(
      ({ deal, closeOn }) =>
        `Move *${plainMrkdwn(deal.account)}* (${money(deal.amountCents)}) toward a close by ${shortDate(closeOn, today)}`,
    );
  const stale = report.pipeline.stale.deals.map((deal) => {
    const why =
      deal.reason === 'close-date-passed'
        ? `its close date, ${shortDate(effectiveCloseOn(deal, period), today)}, has passed`
        : `no change and no activity on the account for ${deal.idleDays} days`;
    return `Settle *${plainMrkdwn(deal.account)}* (${money(deal.amountCents)}): ${why}`;
  });
  const classify = report.unclassifiedAccounts.map(
    (account) => `Classify *${plainMrkdwn(account.name)}*: does it fit your ICP?`,
  );
  const lists = [closing, stale, classify];
  const picked: string[] = [];
  for (let round = 0; picked.length < MAX_SUGGESTIONS && lists.some((list) => list.length > round); round++) {
    for (const list of lists) {
      const line = list[round];
      if (line !== undefined && picked.length < MAX_SUGGESTIONS) picked.push(line);
    }
  }
  return picked;
}
