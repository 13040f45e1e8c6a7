import type { KnownBlock } from '@slack/types';
import type { DayReview } from '../../coach/daily.js';
import type { PlanItem } from '../../db/checkins.js';
import type { LocalDate } from '../../domain/calendar.js';
import { ACTIVITY_KINDS } from '../../domain/command.js';
import { BLOCKS, datedBlockId, planDoneBlockId } from '../ids.js';
import { context, header, plainMrkdwn, type Reply, section, stripMrkdwn } from './blocks.js';
import { friendlyDate, onNext, whenNext } from './dates.js';
import { activityLabel, moneyIn, percent } from './format.js';
import { MAX_CHECKBOXES, planCheckboxes } from './plan-checkboxes.js';

/** "1 of 3 plan items done so far.": the count in the message's text, kept in step by reflectionWithPlan. */
export function planSummary(plan: readonly { done: boolean }[]): string {
  if (plan.length === 0) return 'No plan today.';
  const done = plan.filter((item) => item.done).length;
  return `${done} of ${plan.length} plan ${plan.length === 1 ? 'item' : 'items'} done so far.`;
}
const PLAN_SUMMARY = /\d+ of \d+ plan items? done so far\./;

/** The plan's heading, with how many are done, named by the day so an update can find it. */
function planHeading(date: LocalDate, plan: readonly { done: boolean }[]): KnownBlock {
  const done = plan.filter((item) => item.done).length;
  const heading = section(`*Today’s plan*: ${done} of ${plan.length} done. Tick what got done.`);
  heading.block_id = datedBlockId(BLOCKS.planSummary, date);
  return heading;
}

function planSection(review: DayReview): KnownBlock[] {
  if (review.plan.length === 0) {
    const when = whenNext(review.date, review.nextWorkDay);
    const next = when === 'tomorrow' ? 'Tomorrow’s check-in' : `The next check-in${when ? ` (${when})` : ''}`;
    return [section(`*Today’s plan*\nNo plan was set today. ${next} will ask again.`)];
  }
  return [planHeading(review.date, review.plan), planCheckboxes(review.date, review.plan)];
}

/**
 * The reflection as sent, with its plan part redrawn from the stored plan: the ticked boxes as
 * initial_options (so a reload, and the next tick, start from them) and the count in the heading and
 * the text. Every other block is kept exactly as Slack gave it back. Null when the message has no
 * checkboxes for that day.
 */
export function reflectionWithPlan(
  message: { text: string; blocks: readonly KnownBlock[] },
  date: LocalDate,
  plan: readonly PlanItem[],
): { text: string; blocks: KnownBlock[] } | null {
  const at = message.blocks.findIndex((block) => block.block_id === planDoneBlockId(date));
  if (at < 0 || plan.length === 0) return null;
  const blocks = [...message.blocks];
  blocks[at] = planCheckboxes(date, plan);
  // Reflections sent before the heading had its ID: the section right above the checkboxes is it.
  const headingAt = blocks.findIndex((block) => block.block_id === datedBlockId(BLOCKS.planSummary, date));
  const before = blocks[at - 1];
  if (headingAt >= 0) blocks[headingAt] = planHeading(date, plan);
  else if (before?.type === 'section' && before.text?.text.startsWith('*Today’s plan*')) {
    blocks[at - 1] = planHeading(date, plan);
  }
  return { text: message.text.replace(PLAN_SUMMARY, planSummary(plan)), blocks };
}

export function loggedWorkLine(review: DayReview, currency: string): string {
  const money = moneyIn(currency);
  const parts = ACTIVITY_KINDS.flatMap((kind) => {
    const count = review.activity[kind] ?? 0;
    return count > 0 ? [`${count} ${activityLabel(kind, count)}`] : [];
  });
  for (const win of review.deals.won) parts.push(`won ${money(win.amountCents)} with ${plainMrkdwn(win.account)}`);
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
  const question = `What will you change ${onNext(review.date, review.nextWorkDay)}?`;
  const blocks: KnownBlock[] = [
    header(`Evening reflection · ${friendlyDate(review.date)}`),
    ...planSection(review),
    section(`*Logged today*\n${loggedWorkLine(review, currency)}`),
    section(`*Your gap*\n${gapMoveLine(review, currency)}`),
    section(`*${question}*\nReply here; it is kept with today’s record.`),
  ];
  if (review.plan.length > MAX_CHECKBOXES) {
    blocks.splice(3, 0, context([`Showing the first ${MAX_CHECKBOXES} of ${review.plan.length} plan items.`]));
  }
  const summary = planSummary(review.plan);
  return {
    text: stripMrkdwn(`Evening reflection: ${summary} ${gapMoveLine(review, currency)} ${question}`),
    blocks,
  };
}
