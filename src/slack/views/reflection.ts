import type { KnownBlock } from '@slack/types';
import type { DayReview } from '../../coach/daily.js';
import { ACTIVITY_KINDS } from '../../domain/command.js';
import { context, escapeMrkdwn, header, type Reply, section, stripMrkdwn } from './blocks.js';
import { friendlyDate } from './dates.js';
import { activityLabel, moneyIn, percent } from './format.js';
import { MAX_CHECKBOXES, planCheckboxes } from './plan-checkboxes.js';

function planSection(review: DayReview): KnownBlock[] {
  if (review.plan.length === 0) {
    return [section('*Today’s plan*\nNo plan was set today. Tomorrow’s check-in will ask again.')];
  }
  return [section('*Today’s plan*: tick what got done'), planCheckboxes(review.date, review.plan)];
}

export function loggedWorkLine(review: DayReview, currency: string): string {
  const money = moneyIn(currency);
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

/** How the gap moved today, in the same whole units as the card ("$90,000 → $60,000 today ($30,000 closed)"). */
export function gapMoveLine(review: DayReview, currency: string): string {
  const money = moneyIn(currency);
  const { report } = review.status;
  if (review.gap === null || report.quotaCents === null || report.attainment === null) {
    return 'No quota set yet: `/focus quota 120k quarter`.';
  }
  const { before, now, wonToday } = review.gap;
  if (now === 0) {
    const over = report.overCents > 0 ? `, ${money(report.overCents)} over` : '';
    const today = wonToday > 0 ? `Won ${money(wonToday)} today: ` : 'Quota met: ';
    return `${today}${percent(report.attainment)} of ${money(report.quotaCents)}${over}.`;
  }
  if (now === before)
    return `Unchanged at ${money(now)} (${percent(report.attainment)} of ${money(report.quotaCents)}).`;
  return `${money(before)} → ${money(now)} today (${money(before - now)} closed).`;
}

/** The evening reflection: plan checkboxes, the day's work, the gap's move, and the question for tomorrow. */
export function reflectionMessage(review: DayReview): Reply {
  const currency = review.status.team.currency;
  const done = review.plan.filter((item) => item.done).length;
  const blocks: KnownBlock[] = [
    header(`Evening reflection · ${friendlyDate(review.date)}`),
    ...planSection(review),
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
