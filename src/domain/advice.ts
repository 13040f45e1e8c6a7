/**
 * The nudge (DESIGN.md, "The nudge"): every problem present in a rep's numbers, each scored by
 * what it costs the gap in money, the costliest first. The card leads with it and lists up to
 * two more beneath. Work drifting outside the ICP always makes the list when it is a large share.
 *
 * What each costs (whole currency units):
 * - pipeline short, or too late for new opportunities: the gap minus what the counted pipeline should bring;
 * - stale deals: those not outside the ICP × the win rate (what they would bring if real), at most the gap;
 * - outside the ICP: the larger of this week's non-ICP share of activity and the non-ICP share of the
 *   open pipeline, × the gap (that share of the effort the gap needs goes elsewhere);
 * - unclassified accounts: the counted pipeline on them × the win rate, plus half their share of this
 *   week's activity × the gap (as likely outside the ICP as in);
 * - a target behind: the missing share of its pace × the working days it covers so far × the need per day;
 * - no plan today: a working day's need (the gap ÷ working days left).
 */
import type { SalesCycle } from './conversion.js';
import type { GapReport, NextPeriodNeed, TargetStatus } from './gap.js';
import { roundToUnit } from './money.js';
import { type OpenDeal, type StaleDeal, totalCents } from './pipeline.js';

/** This share or more of the week's activity, or of the live pipeline, outside the ICP is always named. */
export const NON_ICP_SHARE_LIMIT = 0.3;
/** An unclassified account is taken as even odds of being outside the ICP. */
export const UNCLASSIFIED_WEIGHT = 0.5;
/** Deals named when the coach says which to close. */
export const DEALS_TO_NAME = 3;

export type Problem =
  | {
      kind: 'pipeline-short';
      costCents: number;
      shortfallCents: number;
      opps: number | null;
      averageDealCents: number | null;
    }
  | {
      kind: 'too-late';
      costCents: number;
      shortfallCents: number;
      daysLeft: number;
      cycle: SalesCycle;
      closeNow: OpenDeal[];
      next: NextPeriodNeed | null;
    }
  | { kind: 'stale'; costCents: number; deals: StaleDeal[]; cents: number }
  | { kind: 'non-icp'; costCents: number; workShare: number; pipelineShare: number; pipelineCents: number }
  | {
      kind: 'unclassified';
      costCents: number;
      accounts: readonly { id: number; name: string }[];
      pipelineCents: number;
      workShare: number;
    }
  | { kind: 'target-behind'; costCents: number; target: TargetStatus }
  | { kind: 'no-plan'; costCents: number };

export type Lead =
  | Problem
  | { kind: 'no-quota' }
  | { kind: 'quota-met'; overCents: number; next: NextPeriodNeed | null }
  | { kind: 'behind-pace'; behindCents: number; closeNow: OpenDeal[] }
  | { kind: 'on-pace'; aheadCents: number };

/** Equal costs are ordered by what the coach can least afford to leave unsaid. */
const TIE_ORDER: readonly Problem['kind'][] = [
  'too-late',
  'pipeline-short',
  'non-icp',
  'stale',
  'unclassified',
  'target-behind',
  'no-plan',
];

type Report = Omit<GapReport, 'problems' | 'advice'>;

function nonIcpProblem(report: Report): Problem | null {
  const { pipeline, mix } = report;
  // Over all open pipeline: a deal outside the ICP that has also gone stale is still outside the ICP.
  const staleOutside = totalCents(pipeline.stale.deals.filter((deal) => deal.icp === 'no'));
  const outside = pipeline.nonIcp.cents + staleOutside;
  const open = pipeline.counted.cents + pipeline.later.cents + pipeline.nonIcp.cents + pipeline.stale.cents;
  const pipelineShare = open === 0 ? 0 : outside / open;
  const worst = Math.max(mix.nonIcpShare, pipelineShare);
  if (worst < NON_ICP_SHARE_LIMIT) return null;
  return {
    kind: 'non-icp',
    costCents: roundToUnit(worst * report.gapCents),
    workShare: mix.nonIcpShare,
    pipelineShare,
    pipelineCents: outside,
  };
}

function targetProblem(report: Report): Problem | null {
  const perDay = report.perDayNeededCents ?? 0;
  let worst: Problem | null = null;
  for (const target of report.targets) {
    if (target.behindBy <= 0 || target.pace <= 0) continue;
    const costCents = roundToUnit((target.behindBy / target.pace) * target.elapsedDays * perDay);
    if (worst === null || costCents > worst.costCents) worst = { kind: 'target-behind', costCents, target };
  }
  return worst;
}

/** Every problem present, costliest first. */
export function problemsOf(report: Report, options: { planNeeded: boolean }): Problem[] {
  if (report.quotaCents === null) return [];
  const rate = report.winRate.rate;
  const problems: Problem[] = [];
  const { pipeline } = report;
  if (pipeline.stale.deals.length > 0) {
    // What the stale deals would bring if real, and could count (not outside the ICP), up to the gap.
    const countable = totalCents(pipeline.stale.deals.filter((deal) => deal.icp !== 'no'));
    problems.push({
      kind: 'stale',
      costCents: Math.min(report.gapCents, roundToUnit(countable * rate)),
      deals: pipeline.stale.deals,
      cents: pipeline.stale.cents,
    });
  }
  // Drift outside the ICP is named whenever it is large, even with the quota met (it costs nothing then,
  // but next period's pipeline is built now).
  const nonIcp = nonIcpProblem(report);
  if (nonIcp) problems.push(nonIcp);
  if (report.gapCents > 0) {
    const shortfallCents = Math.max(0, report.gapCents - report.expectedFromPipelineCents);
    if (shortfallCents > 0 && report.tooLate) {
      problems.push({
        kind: 'too-late',
        costCents: shortfallCents,
        shortfallCents,
        daysLeft: report.calendarDaysLeft,
        cycle: report.cycle,
        closeNow: pipeline.counted.deals.slice(0, DEALS_TO_NAME),
        next: report.next,
      });
    } else if (shortfallCents > 0) {
      problems.push({
        kind: 'pipeline-short',
        costCents: shortfallCents,
        shortfallCents,
        opps: report.oppsToCreate,
        averageDealCents: report.averageDealCents,
      });
    }
    if (report.unclassifiedAccounts.length > 0) {
      const workShare = report.mix.unclassifiedShare;
      problems.push({
        kind: 'unclassified',
        costCents: roundToUnit(pipeline.unclassifiedCents * rate + workShare * report.gapCents * UNCLASSIFIED_WEIGHT),
        accounts: report.unclassifiedAccounts,
        pipelineCents: pipeline.unclassifiedCents,
        workShare,
      });
    }
    const target = targetProblem(report);
    if (target) problems.push(target);
    if (options.planNeeded) problems.push({ kind: 'no-plan', costCents: report.perDayNeededCents ?? 0 });
  }
  return problems.sort((a, b) => b.costCents - a.costCents || TIE_ORDER.indexOf(a.kind) - TIE_ORDER.indexOf(b.kind));
}

/** The lead and up to two more, with non-ICP drift made to surface whenever it is present. */
export function adviseOn(
  report: Report,
  options: { planNeeded: boolean },
): { problems: Problem[]; advice: { lead: Lead; more: Problem[] } } {
  const problems = problemsOf(report, options);
  let lead: Lead;
  let more: Problem[];
  if (report.quotaCents === null) {
    lead = { kind: 'no-quota' };
    more = [];
  } else if (report.gapCents === 0) {
    lead = { kind: 'quota-met', overCents: report.overCents, next: report.next };
    more = problems.slice(0, 2);
  } else if (problems.length > 0) {
    lead = problems[0] as Problem;
    more = problems.slice(1, 3);
  } else if (report.paceDeltaCents < 0) {
    lead = {
      kind: 'behind-pace',
      behindCents: -report.paceDeltaCents,
      closeNow: report.pipeline.counted.deals.slice(0, DEALS_TO_NAME),
    };
    more = [];
  } else {
    lead = { kind: 'on-pace', aheadCents: report.paceDeltaCents };
    more = [];
  }
  const drift = problems.find((p) => p.kind === 'non-icp');
  if (drift && lead !== drift && !more.includes(drift)) {
    more = more.length < 2 ? [...more, drift] : [more[0] as Problem, drift];
  }
  return { problems, advice: { lead, more } };
}
