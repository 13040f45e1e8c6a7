import type { Checkboxes, KnownBlock, PlainTextOption } from '@slack/types';
import type { DayReview } from '../../coach/daily.js';
import { ACTIVITY_KINDS } from '../../domain/command.js';
import { formatMoney } from '../../domain/money.js';
import { decodeSlackEntities } from '../../domain/text.js';
import { ACTIONS, planDoneBlockId } from '../ids.js';
import { context, escapeMrkdwn, header, type Reply, section, stripMrkdwn, truncate } from './blocks.js';
import { friendlyDate } from './dates.js';
import { activityLabel } from './gap-card.js';

/** Checkbox groups hold at most 10 options; option labels at most 75 characters. */
const MAX_CHECKBOXES = 10;
const OPTION_TEXT = 75;

function planCheckboxes(review: DayReview): KnownBlock[] {
  if (review.plan.length === 0) {
    return [section('*Today’s plan*\nNo plan was set today. Tomorrow’s check-in will ask again.')];
  }
  const options: PlainTextOption[] = review.plan.slice(0, MAX_CHECKBOXES).map((item, index) => ({
    // Plain text: the rep's own words as typed, so entities are decoded.
    text: { type: 'plain_text', text: truncate(decodeSlackEntities(item.text), OPTION_TEXT), emoji: true },
    value: String(index),
  }));
  const element: Checkboxes = { type: 'checkboxes', action_id: ACTIONS.planDone, options };
  const initial = options.filter((_, index) => review.plan[index]?.done);
  if (initial.length > 0) element.initial_options = initial;
  return [
    section('*Today’s plan*: tick what got done'),
    { type: 'actions', block_id: planDoneBlockId(review.date), elements: [element] },
  ];
}

export function loggedWorkLine(review: DayReview, currency: string): string {
  const money = (cents: number) => formatMoney(cents, currency);
  const parts = ACTIVITY_KINDS.flatMap((kind) => {
    const count = review.activity[kind] ?? 0;
    return count > 0 ? [`${count} ${activityLabel(kind, count)}`] : [];
  });
  for (const win of review.deals.won) parts.push(`won ${money(win.amountCents)} with ${escapeMrkdwn(win.account)}`);
  const opps = review.deals.newOpportunities;
  if (opps.count > 0) {
    parts.push(`${opps.count} new ${opps.count === 1 ? 'opportunity' : 'opportunities'} (${money(opps.amountCents)})`);
  }
  if (review.deals.lost > 0) parts.push(`${review.deals.lost} lost`);
  return parts.length === 0 ? 'Nothing logged today.' : `${parts.join(' · ')}.`;
}

export function gapMoveLine(review: DayReview, currency: string): string {
  const money = (cents: number) => formatMoney(cents, currency);
  if (review.gap === null) return 'No quota set yet: `/focus quota 120k quarter`.';
  const { before, now } = review.gap;
  if (now === 0 && before === 0) return 'Quota met. Keep the pipeline full.';
  if (now === before) return `Unchanged at ${money(now)}.`;
  return `${money(before)} → ${money(now)} today (${money(before - now)} closed).`;
}

/** The evening reflection: plan checkboxes, the day's work, the gap's move, and the question for tomorrow. */
export function reflectionMessage(review: DayReview): Reply {
  const currency = review.status.team.currency;
  const done = review.plan.filter((item) => item.done).length;
  const blocks: KnownBlock[] = [
    header(`Evening reflection · ${friendlyDate(review.date)}`),
    ...planCheckboxes(review),
    section(`*Logged today*\n${loggedWorkLine(review, currency)}`),
    section(`*Your gap*\n${gapMoveLine(review, currency)}`),
    section('*What will you change tomorrow?*\nReply here; it is kept with today’s record.'),
  ];
  if (review.plan.length > MAX_CHECKBOXES) {
    blocks.splice(3, 0, context([`Showing the first ${MAX_CHECKBOXES} of ${review.plan.length} plan items.`]));
  }
  const summary =
    review.plan.length === 0 ? 'No plan today.' : `${done} of ${review.plan.length} plan items done so far.`;
  return {
    text: stripMrkdwn(`Evening reflection: ${summary} ${gapMoveLine(review, currency)} What will you change tomorrow?`),
    blocks,
  };
}
