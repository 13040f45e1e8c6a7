/**
 * The managers' weekly coaching digest as a DM (coach/digest.ts): who is at risk and why, in figures the rep's
 * card also shows, one question to open each conversation with, and a line for the reps on track.
 */
import type { KnownBlock } from '@slack/types';
import type { CoachingQuestion, RepAtRisk, RiskReason, TeamDigest } from '../../coach/digest.js';
import { AT_RISK_PERCENT } from '../../coach/digest.js';
import { formatClock } from '../../domain/calendar.js';
import { effectiveCloseOn } from '../../domain/pipeline.js';
import { context, header, LIMITS, plainMrkdwn, type Reply, section, truncate } from './blocks.js';
import { shortDate } from './dates.js';
import { coverageMultiple, listOf, moneyIn, needMultiple, percent, plural, ratePercent } from './format.js';

/** Reps at risk shown in full; the rest are named in one line (a message holds about 13,000 characters). */
const REPS_IN_FULL = 15;
/** Stale deals named per rep; the rest are counted. */
const STALE_NAMED = 2;
/** Reps named in the on-track and no-quota lines. */
const NAMED_IN_LINE = 30;

const mention = (userId: string) => `<@${userId}>`;

function reasonLine(reason: RiskReason, money: (cents: number) => string): string {
  switch (reason.kind) {
    case 'low-projection': {
      const pipeline =
        reason.countedCents === 0
          ? 'no counted pipeline'
          : `${money(reason.expectedCents)} expected from ${money(reason.countedCents)} counted pipeline at a ${ratePercent(reason.rate)} win rate`;
      const coverage =
        reason.coverage === null
          ? ''
          : `; coverage ${coverageMultiple(reason.coverage)} of the ${needMultiple(reason.coverageNeeded)} needed`;
      const late = reason.tooLate ? `; too late in ${reason.period.label} for new opportunities to close` : '';
      return `Projected *${percent(reason.projected)}* of ${money(reason.quotaCents)}: ${money(reason.wonCents)} won + ${pipeline}${coverage}${late}`;
    }
    case 'stale': {
      const named = reason.deals.slice(0, STALE_NAMED).map((deal) => {
        const why =
          deal.reason === 'close-date-passed'
            ? `close date ${shortDate(effectiveCloseOn(deal, reason.period))} passed`
            : `untouched for ${deal.idleDays} days`;
        return `${plainMrkdwn(deal.account)} ${money(deal.amountCents)} (${why})`;
      });
      const more = reason.deals.length - named.length;
      if (more > 0) named.push(`${plural(more, 'more deal')}`);
      return `Stale pipeline, not counted: ${plural(reason.deals.length, 'deal')}, ${money(reason.cents)}: ${listOf(named)}`;
    }
    case 'no-plans': {
      const days = reason.workingDays === 1 ? 'the one working day' : `any of ${reason.workingDays} working days`;
      return `No plan on ${days} from ${shortDate(reason.from)} to ${shortDate(reason.to)}`;
    }
  }
}

function questionText(question: CoachingQuestion): string {
  switch (question.kind) {
    case 'new-opportunities':
      return question.forPeriod === null
        ? 'Which two ICP accounts could become opportunities this week?'
        : `Which two ICP accounts could become opportunities for ${question.forPeriod.label} this week?`;
    case 'close-counted':
      return `What does ${plainMrkdwn(question.deal.account)} need from you to close by ${shortDate(question.periodEnd)}?`;
    case 'stale-decision':
      return `What would it take to get ${plainMrkdwn(question.deal.account)} to a decision, or should we let it go?`;
    case 'planning':
      return `What gets in the way of planning your day at ${formatClock(question.checkinMinutes)}?`;
  }
}

function repSection(rep: RepAtRisk, money: (cents: number) => string): KnownBlock {
  const lines = rep.reasons.map((reason) => `• ${reasonLine(reason, money)}`);
  return section(
    truncate(
      `*${mention(rep.userId)}*\n${lines.join('\n')}\n_Ask:_ “${questionText(rep.question)}”`,
      LIMITS.sectionText,
    ),
  );
}

/** "<@A>, <@B> and 3 more". */
function namedLine(names: readonly string[]): string {
  const shown = names.slice(0, NAMED_IN_LINE);
  const more = names.length - shown.length;
  return listOf(more > 0 ? [...shown, `${more} more`] : shown);
}

export function digestMessage(digest: TeamDigest): Reply {
  const money = moneyIn(digest.currency);
  const { totals, atRisk, onTrack, noQuota, period } = digest;
  const count = atRisk.length === 0 ? 'No rep' : `${atRisk.length} of ${plural(digest.reps, 'rep')}`;
  const headline = `${count} ${atRisk.length === 1 || atRisk.length === 0 ? 'needs' : 'need'} a coaching conversation this week`;
  const blocks: KnownBlock[] = [header(`Coaching digest · ${period.label}`)];
  const team =
    totals.quotaCents === 0
      ? ''
      : ` Team: ${money(totals.wonCents)} won of ${money(totals.quotaCents)} (${percent(totals.wonCents / totals.quotaCents)}), projected ${percent(totals.projectedCents / totals.quotaCents)}.`;
  blocks.push(section(`*${headline}.*${team}`));
  for (const rep of atRisk.slice(0, REPS_IN_FULL)) blocks.push(repSection(rep, money));
  const rest = atRisk.slice(REPS_IN_FULL).map((rep) => mention(rep.userId));
  if (rest.length > 0) blocks.push(section(`*Also at risk:* ${namedLine(rest)} (\`/focus team\` has every rep).`));
  if (onTrack.length > 0) {
    const named = onTrack.map((rep) => `${mention(rep.userId)} (projected ${percent(rep.projected)})`);
    blocks.push(section(`*On track:* ${namedLine(named)}`));
  }
  if (noQuota.length > 0) blocks.push(section(`*No quota set:* ${namedLine(noQuota.map(mention))}`));
  blocks.push(
    context([
      `At risk: projected under ${AT_RISK_PERCENT}% of quota, stale deals (close date passed, or 30 days untouched), or no plan on any working day in the last 7 days. Only managers get this digest.`,
    ]),
  );
  return { text: `Coaching digest: ${headline.charAt(0).toLowerCase()}${headline.slice(1)}.`, blocks };
}
