import type { KnownBlock } from '@slack/types';
import type { OtherQuota, Status } from '../../coach/status.js';
import type { WinRate } from '../../domain/conversion.js';
import type { GapReport, TargetStatus } from '../../domain/gap.js';
import type { Holiday } from '../../domain/holidays.js';
import { roundToUnit } from '../../domain/money.js';
import type { Period } from '../../domain/period.js';
import type { PipelinePart, StaleDeal } from '../../domain/pipeline.js';
import { adviceLines } from './advice.js';
import { context, divider, fields, header, plainMrkdwn, type Reply, section, stripMrkdwn } from './blocks.js';
import { shortDate } from './dates.js';
import {
  activityLabel,
  coverageMultiple,
  moneyIn,
  needMultiple,
  percent,
  plural,
  progressBar,
  ratePercent,
} from './format.js';
import { nextHolidayLine } from './holidays.js';

export { activityLabel, percent, progressBar } from './format.js';

export interface GapCardData {
  period: Period;
  report: GapReport;
  plan: readonly { text: string; done: boolean }[];
  currency: string;
  timezone: string;
  /** The rep's local date. */
  today: string;
  otherQuotas?: readonly OtherQuota[];
  /** The next holiday in the period on one of the rep's working days (status.ts's nextHolidayOf). */
  nextHoliday?: Holiday | null;
}

export function cardDataOf(status: Status): GapCardData {
  return {
    period: status.period,
    report: status.report,
    plan: status.plan,
    currency: status.team.currency,
    timezone: status.clock.timezone,
    today: status.clock.local.date,
    otherQuotas: status.otherQuotas,
    nextHoliday: status.nextHoliday,
  };
}

export function targetLine(target: TargetStatus): string {
  const when = target.per === 'day' ? 'today' : 'this week';
  const outside = target.doneAll - target.done;
  const uncounted = outside > 0 ? `; ${outside} more outside your ICP or without an account, not counted` : '';
  const base = `${activityLabel(target.activity, target.count)}: ${target.done} of ${target.count} ${when}`;
  if (target.done >= target.count) return `✅ ${base}${uncounted ? ` (${uncounted.slice(2)})` : ''}`;
  if (target.behindBy > 0) {
    return `🔻 ${base} (pace says ${target.pace} by now, ${target.behindBy} behind${uncounted})`;
  }
  return `▫️ ${base} (on pace${uncounted})`;
}

/** "31% · 7 of your deals, blended with the team's 25%": what the win rate rests on. */
export function winRateBasis(winRate: WinRate): string {
  const team =
    winRate.team.source === 'history'
      ? `the team’s ${ratePercent(winRate.team.rate)} over 12 months`
      : `the team’s ${ratePercent(winRate.team.rate)} (a manager’s setting until the team has 20 closed deals)`;
  const floor = winRate.floored ? ', raised to the 5% floor' : '';
  const rate = ratePercent(winRate.rate);
  if (winRate.ownDeals === 0) {
    return `win rate ${rate}: ${team}; none of your opportunities closed in 12 months${floor}`;
  }
  return `win rate ${rate} · ${plural(winRate.ownDeals, 'of your deals', 'of your deals')}, blended with ${team}${floor}`;
}

/** "$90,000 to go of your $120,000 quota (25% won)" or "quota met: 140% of your $100,000 quota, $40,000 over". */
export function positionPhrase(report: GapReport, currency: string): string | null {
  const money = moneyIn(currency);
  if (report.quotaCents === null || report.attainment === null) return null;
  if (report.gapCents === 0) {
    const over = report.overCents > 0 ? `, ${money(report.overCents)} over` : '';
    return `quota met: ${percent(report.attainment)} of your ${money(report.quotaCents)} quota${over}`;
  }
  return `${money(report.gapCents)} to go of your ${money(report.quotaCents)} quota (${percent(report.attainment)} won)`;
}

/** "$5,000 behind (expected $35,000 by now)". */
export function paceText(report: GapReport, currency: string): string {
  const money = moneyIn(currency);
  const delta = roundToUnit(report.paceDeltaCents);
  if (delta === 0) return `On pace (expected ${money(report.expectedByNowCents)} by now)`;
  return `${money(Math.abs(delta))} ${delta > 0 ? 'ahead' : 'behind'} (expected ${money(report.expectedByNowCents)} by now)`;
}

export function coverageText(report: GapReport): string {
  const need = needMultiple(report.coverageNeeded);
  if (report.quotaCents === null) return `Set a quota to measure it (you need ${need} of your gap)`;
  if (report.coverage === null) return 'No gap left to cover';
  return `${coverageMultiple(report.coverage)} of the ${need} you need`;
}

/** "85% (won $60,000 + $42,000 expected from pipeline)". */
export function projectionText(report: GapReport, currency: string): string {
  const money = moneyIn(currency);
  if (report.projectedAttainment === null) return '—';
  return `${percent(report.projectedAttainment)} (won ${money(report.wonCents)} + ${money(report.expectedFromPipelineCents)} expected from pipeline)`;
}

function oppsText(report: GapReport, period: Period, currency: string): string {
  if (report.quotaCents === null) return 'Set a quota first';
  if (report.gapCents === 0) return 'None for this period: quota met';
  if (report.tooLate) {
    return `None that can close in ${period.label}: your typical cycle is ${report.cycle.days} days`;
  }
  if (report.oppsToCreate === null) return 'Log an opportunity to size this';
  const each = report.averageDealCents === null ? '' : ` (about ${moneyIn(currency)(report.averageDealCents)} each)`;
  return `${report.oppsToCreate}${report.oppsToCreate === 0 ? '' : each}`;
}

function staleReason(deal: StaleDeal, today: string): string {
  return deal.reason === 'close-date-passed' && deal.closeOn !== null
    ? `close date ${shortDate(deal.closeOn, today)} passed`
    : `no change or activity for ${deal.idleDays} days`;
}

/** Pipeline shown apart from what counts: stale, outside the ICP, closing later. */
export function apartLines(report: GapReport, period: Period, currency: string, today: string): string[] {
  const money = moneyIn(currency);
  const amount = (part: PipelinePart) => `${money(part.cents)} in ${plural(part.deals.length, 'deal')}`;
  const { stale, nonIcp, later } = report.pipeline;
  const lines: string[] = [];
  if (stale.deals.length > 0) {
    const named = stale.deals
      .slice(0, 3)
      .map((d) => `${plainMrkdwn(d.account)}: ${staleReason(d, today)}`)
      .join('; ');
    lines.push(`⏳ Stale, not counted: ${amount(stale)} (${named}${stale.deals.length > 3 ? '; …' : ''})`);
  }
  if (nonIcp.deals.length > 0) lines.push(`🚫 Outside your ICP, not counted: ${amount(nonIcp)}`);
  if (later.deals.length > 0) lines.push(`📅 Closing after ${period.label}: ${amount(later)}`);
  return lines;
}

function planLines(plan: GapCardData['plan']): string {
  if (plan.length === 0) return "*Today's plan*\nNo plan yet: `/focus plan &lt;item&gt;; &lt;item&gt;`";
  // Plan items are kept as Slack sent them: already-escaped mrkdwn, mentions intact.
  const lines = plan.map((item) => `${item.done ? '✅' : '☐'} ${item.text}`);
  return `*Today's plan*\n${lines.join('\n')}`;
}

export function mixText(report: GapReport): string {
  const { mix } = report;
  if (mix.total === 0) return 'No activity logged yet';
  const parts = [`ICP ${percent(mix.icpShare)}`, `non-ICP ${percent(mix.nonIcpShare)}`];
  parts.push(`unclassified ${percent(mix.unclassifiedShare)}`);
  if (mix.noAccount > 0) parts.push(`no account ${percent(mix.noAccountShare)}`);
  return parts.join(' · ');
}

/** "2026: 10% of $1,000,000" for a quota of another period kind. */
export function otherQuotaLine(other: OtherQuota, currency: string): string {
  const money = moneyIn(currency);
  const share = other.quotaCents === 0 ? 0 : other.wonCents / other.quotaCents;
  const over = other.wonCents > other.quotaCents ? `, ${money(other.wonCents - other.quotaCents)} over` : '';
  return `${other.period.label}: ${percent(share)} of ${money(other.quotaCents)}${over}`;
}

/**
 * The gap card: the rep's whole position in one message. The Home tab shows the plan as
 * checkboxes of its own, so it asks for the card without the plan's text section.
 */
export function gapCard(data: GapCardData, options: { withPlan?: boolean } = {}): Reply {
  const { period, report, currency, today } = data;
  const money = moneyIn(currency);
  const daysLeft = plural(report.workingDaysLeft, 'working day');
  const blocks: KnownBlock[] = [header(`${period.label} · ${daysLeft} left`)];
  if (data.nextHoliday) blocks.push(context([nextHolidayLine(data.nextHoliday, today)]));
  const advice = adviceLines({ report, period, currency, today });

  if (report.quotaCents === null || report.attainment === null) {
    blocks.push(section(`*No quota set for ${period.label} yet.*\n${advice.lead}`));
  } else {
    const headline =
      report.gapCents === 0
        ? `*Quota met: ${percent(report.attainment)}*${report.overCents > 0 ? `, ${money(report.overCents)} over` : ''} your ${money(report.quotaCents)} quota`
        : `*${money(report.gapCents)} to go* of your ${money(report.quotaCents)} quota${
            report.gapInDeals === null || report.averageDealCents === null
              ? ''
              : `: about ${plural(report.gapInDeals, 'deal')} of ~${money(report.averageDealCents)}`
          }`;
    blocks.push(
      section(
        `${headline}\n\`${progressBar(report.attainment)}\` ${percent(report.attainment)} · ${money(report.wonCents)} won`,
      ),
    );
    const perDay = report.perDayNeededCents === null ? 'No working days left' : money(report.perDayNeededCents);
    blocks.push(
      fields([
        `*Needed per working day*\n${report.gapCents === 0 ? 'Nothing: quota met' : perDay}`,
        `*Pace*\n${paceText(report, currency)}`,
        `*Projected*\n${projectionText(report, currency)}`,
      ]),
    );
  }

  const counted = report.pipeline.counted;
  blocks.push(
    fields([
      `*Counted pipeline*\n${money(counted.cents)} in ${plural(counted.deals.length, 'deal')} closing in ${period.label}`,
      `*Coverage*\n${coverageText(report)}`,
      `*Opportunities to create*\n${oppsText(report, period, currency)}`,
      `*Focus this week*\n${mixText(report)}`,
    ]),
  );
  const apart = apartLines(report, period, currency, today);
  if (apart.length > 0) blocks.push(section(apart.join('\n')));
  if (report.targets.length > 0) {
    blocks.push(
      section(`*Targets* (ICP and unclassified accounts count)\n${report.targets.map(targetLine).join('\n')}`),
    );
  }
  if (options.withPlan !== false) blocks.push(section(planLines(data.plan)));
  blocks.push(divider());
  if (report.quotaCents !== null) {
    const more = advice.more.map((line) => `• ${line}`);
    blocks.push(section([`👉 ${advice.lead}`, ...more].join('\n')));
  }
  const others = (data.otherQuotas ?? []).map((other) => otherQuotaLine(other, currency));
  if (others.length > 0) blocks.push(context([`Also: ${others.join(' · ')}`]));
  const avg = report.averageDealCents === null ? '' : ` · average deal ${money(report.averageDealCents)}`;
  const cycle =
    report.cycle.source === 'own'
      ? ` · typical cycle ${report.cycle.days} days`
      : ` · cycle ${report.cycle.days} days (assumed until 5 wins)`;
  blocks.push(context([`${period.range} · ${winRateBasis(report.winRate)}${avg}${cycle} · times in ${data.timezone}`]));

  const position = positionPhrase(report, currency);
  // A met quota's lead already says so: the notification says it once.
  const summary =
    position === null
      ? `${period.label}: no quota set yet. `
      : report.gapCents === 0
        ? `${period.label}: `
        : `${period.label}: ${position}. `;
  return { text: stripMrkdwn(`${summary}${advice.lead}`), blocks };
}
