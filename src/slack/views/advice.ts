/** The nudge in words: the lead and the problems beneath it, as every surface shows them. */
import { type Lead, NON_ICP_SHARE_LIMIT, type Problem } from '../../domain/advice.js';
import type { GapReport, NextPeriodNeed, TargetStatus } from '../../domain/gap.js';
import type { Period } from '../../domain/period.js';
import type { OpenDeal } from '../../domain/pipeline.js';
import { plainMrkdwn } from './blocks.js';
import { shortDate } from './dates.js';
import { activityLabel, listOf, moneyIn, percent, plural } from './format.js';

export interface AdviceContext {
  report: GapReport;
  period: Period;
  currency: string;
  today: string;
}

/** "create about 1.2 ICP opportunities a week for Q1 2027: 16 by Mar 1": the total and its weekly rate agree. */
export function nextPeriodAsk(next: NextPeriodNeed, ctx: AdviceContext): string | null {
  if (next.opps === null || next.perWeek === null) return null;
  if (next.opps === 0) return `your pipeline for ${next.period.label} already covers its quota`;
  const assumed = next.quotaAssumed ? ` (at this period’s quota of ${moneyIn(ctx.currency)(next.quotaCents)})` : '';
  const by = shortDate(next.byDate, ctx.today);
  const total = plural(next.opps, 'ICP opportunity', 'ICP opportunities');
  if (next.weeks <= 1) {
    // Less than a week to start what can still close in it: the whole need, now.
    return `create ${total} for ${next.period.label} this week${assumed}`;
  }
  if (next.perWeek < 0.5) {
    // Fewer than one every two weeks: say how often (rounded, so it agrees with the total).
    const every = Math.round(next.weeks / next.opps);
    return `create ${total} for ${next.period.label} by ${by}, about one every ${every} weeks${assumed}`;
  }
  const rate = Number(next.perWeek.toFixed(1));
  return `create about ${rate} ICP ${rate === 1 ? 'opportunity' : 'opportunities'} a week for ${next.period.label}: ${next.opps} by ${by}${assumed}`;
}

/** "Globex, Acme, Initech and 2 more": three names at most. */
function namesOf(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((name) => plainMrkdwn(name));
  return listOf(names.length > 3 ? [...shown, `${names.length - 3} more`] : shown);
}

function dealList(deals: readonly OpenDeal[], currency: string): string {
  const money = moneyIn(currency);
  return listOf(deals.map((deal) => `${plainMrkdwn(deal.account)} (${money(deal.amountCents)})`));
}

export function targetBehindText(target: TargetStatus): string {
  const when = target.per === 'day' ? 'today' : 'this week';
  const outside = target.doneAll - target.done;
  const uncounted = outside > 0 ? ` (${outside} more outside your ICP or without an account don’t count)` : '';
  return `Behind on ${activityLabel(target.activity, 2)}: ${target.done} of ${target.count} ${when} on ICP and unclassified accounts, pace says ${target.pace} by now${uncounted}.`;
}

export function problemText(problem: Problem, ctx: AdviceContext): string {
  const money = moneyIn(ctx.currency);
  const { report } = ctx;
  switch (problem.kind) {
    case 'pipeline-short': {
      const ask =
        problem.opps === null
          ? 'Add qualified opportunities with ICP accounts: `/focus opp 40k Globex`'
          : `Create ${plural(problem.opps, 'qualified opportunity', 'qualified opportunities')} with ICP accounts${
              problem.averageDealCents === null ? '' : ` (about ${money(problem.averageDealCents)} each)`
            }`;
      const brings =
        report.expectedFromPipelineCents === 0
          ? `Nothing in your counted pipeline toward the ${money(report.gapCents)} gap yet.`
          : `Your counted pipeline should bring about ${money(report.expectedFromPipelineCents)} of the ${money(report.gapCents)} gap: ${money(problem.shortfallCents)} short.`;
      return `${brings} ${ask}.`;
    }
    case 'too-late': {
      const days = problem.daysLeft === 0 ? 'ends today' : `ends in ${plural(problem.daysLeft, 'day')}`;
      const projected =
        report.projectedAttainment === null ? '' : ` Projected: ${percent(report.projectedAttainment)} of quota.`;
      const close = problem.closeNow.length > 0 ? ` Close now: ${dealList(problem.closeNow, ctx.currency)}.` : '';
      const next = problem.next ? nextPeriodAsk(problem.next, ctx) : null;
      return (
        `${ctx.period.label} ${days}, sooner than your typical ${problem.cycle.days}-day cycle: new opportunities won’t close in time.` +
        `${projected}${close}${next ? ` Then ${next}.` : ''}`
      );
    }
    case 'stale': {
      const names = namesOf(problem.deals.map((d) => d.account));
      const one = problem.deals.length === 1;
      return `${money(problem.cents)} in ${plural(problem.deals.length, 'stale deal')} (${names}) is not counted: give ${one ? 'it' : 'each'} a new close date, or mark it lost.`;
    }
    case 'non-icp': {
      const work =
        problem.workShare >= NON_ICP_SHARE_LIMIT ? `${percent(problem.workShare)} of this week’s activity` : null;
      const pipeline =
        problem.pipelineShare >= NON_ICP_SHARE_LIMIT
          ? `${money(problem.pipelineCents)} of your open pipeline (${percent(problem.pipelineShare)})`
          : null;
      if (work && pipeline)
        return `${work} and ${pipeline} are outside your ICP. Put the next hours into ICP accounts.`;
      if (pipeline)
        return `${pipeline} is with accounts outside your ICP and doesn’t count. Build pipeline with ICP accounts.`;
      return `${work} went to accounts outside your ICP. Put the next hours into ICP accounts.`;
    }
    case 'unclassified': {
      const names = namesOf(problem.accounts.map((a) => a.name));
      const one = problem.accounts.length === 1;
      const rests =
        problem.pipelineCents > 0
          ? `: ${money(problem.pipelineCents)} of your counted pipeline rests on ${one ? 'it' : 'them'}`
          : '';
      return `${plural(problem.accounts.length, 'account')} not classified yet (${names})${rests}. Say whether ${one ? 'it fits' : 'each fits'} your ICP.`;
    }
    case 'target-behind':
      return targetBehindText(problem.target);
    case 'no-plan':
      return 'No plan for today yet. Pick your top priorities: `/focus plan Call Initech; Send Umbrella proposal`';
  }
}

export function leadText(lead: Lead, ctx: AdviceContext): string {
  const money = moneyIn(ctx.currency);
  switch (lead.kind) {
    case 'no-quota':
      return 'Set your quota first, so everything else is measured against it: `/focus quota 120k quarter`';
    case 'quota-met': {
      const over = lead.overCents > 0 ? `, ${money(lead.overCents)} over` : '';
      const attained = ctx.report.attainment === null ? '' : `: ${percent(ctx.report.attainment)}`;
      const next = lead.next ? nextPeriodAsk(lead.next, ctx) : null;
      return `Quota met${attained}${over}. ${next ? `Turn to next period: ${next}.` : 'Turn to next period’s pipeline.'}`;
    }
    case 'behind-pace': {
      const push = lead.closeNow.length > 0 ? `: push ${dealList(lead.closeNow, ctx.currency)} to close` : '';
      return `${money(lead.behindCents)} behind pace, but your counted pipeline can cover the gap${push}.`;
    }
    case 'on-pace':
      return lead.aheadCents > 0
        ? `On pace, ${money(lead.aheadCents)} ahead. Work today’s plan.`
        : 'On pace. Work today’s plan.';
    default:
      return problemText(lead, ctx);
  }
}

/**
 * The lead line and the lines beneath it. `skip` leaves out what the surface already asks itself
 * (the check-in asks for today's plan, so it does not also nudge for one).
 */
export function adviceLines(ctx: AdviceContext, skip: readonly Lead['kind'][] = []): { lead: string; more: string[] } {
  const { advice } = ctx.report;
  const [lead, ...more] = [advice.lead, ...advice.more].filter((item) => !skip.includes(item.kind));
  if (lead === undefined) {
    // Only the skipped problem was wrong: what the card would say without it.
    const { report } = ctx;
    const pace: Lead =
      report.paceDeltaCents < 0
        ? {
            kind: 'behind-pace',
            behindCents: -report.paceDeltaCents,
            closeNow: report.pipeline.counted.deals.slice(0, 3),
          }
        : { kind: 'on-pace', aheadCents: report.paceDeltaCents };
    return { lead: leadText(pace, ctx), more: [] };
  }
  return { lead: leadText(lead, ctx), more: (more as Problem[]).map((problem) => problemText(problem, ctx)) };
}
