/**
 * The managers' weekly coaching digest: which reps need a conversation this week, why (in figures a manager can
 * check by hand on the rep's card), and one question to open it with. Made from the kept team view (team.ts):
 * no reads of its own, so a digest says exactly what the weekly post and `/focus team` say.
 *
 * At risk: projected attainment under 70% of quota (as the card rounds it), stale deals in the pipeline, or no
 * plan on any of the rep's working days in the last 7 days.
 */
import type { LocalDate } from '../domain/calendar.js';
import type { Period } from '../domain/period.js';
import type { OpenDeal, StaleDeal } from '../domain/pipeline.js';
import { type RepProgress, shownStatus, type TeamProgress, type TeamTotals } from './team.js';

/** Projected attainment, in whole percent as cards show it, below which a rep is at risk. */
export const AT_RISK_PERCENT = 70;

export interface LowProjection {
  kind: 'low-projection';
  projected: number;
  quotaCents: number;
  wonCents: number;
  /** counted × win rate, in whole units, as the card has it. */
  expectedCents: number;
  countedCents: number;
  rate: number;
  /** counted ÷ gap, and the 1 ÷ win rate needed. */
  coverage: number | null;
  coverageNeeded: number;
  /** The period ends sooner than the rep's typical cycle: new opportunities cannot close in it. */
  tooLate: boolean;
  period: Period;
}

export interface StalePipeline {
  kind: 'stale';
  /** Largest first. */
  deals: StaleDeal[];
  cents: number;
  period: Period;
}

export interface NoPlans {
  kind: 'no-plans';
  workingDays: number;
  from: LocalDate;
  to: LocalDate;
}

export type RiskReason = LowProjection | StalePipeline | NoPlans;

/** The one question a manager opens with, chosen from the reasons (see questionFor). */
export type CoachingQuestion =
  | { kind: 'close-counted'; deal: OpenDeal; periodEnd: LocalDate }
  /** `forPeriod`: too late for this period, and nothing counted or stale to settle: the next one's pipeline. */
  | { kind: 'new-opportunities'; forPeriod: Period | null }
  | { kind: 'stale-decision'; deal: StaleDeal }
  | { kind: 'planning'; checkinMinutes: number };

export interface RepAtRisk {
  userId: string;
  /** Projected attainment; null without a quota. */
  projected: number | null;
  reasons: RiskReason[];
  question: CoachingQuestion;
}

export interface RepOnTrack {
  userId: string;
  projected: number;
}

export interface TeamDigest {
  period: Period;
  currency: string;
  totals: TeamTotals;
  reps: number;
  /** Lowest projection first; reps without a quota (at risk for stale deals or plans) last. */
  atRisk: RepAtRisk[];
  /** Highest projection first. */
  onTrack: RepOnTrack[];
  /** Reps with no quota and nothing else at risk. */
  noQuota: string[];
}

const wholePercent = (share: number) => Math.round(share * 100);

/** The rep's reasons for a conversation this week, in the order they are said: projection, stale deals, plans. */
export function riskReasons(progress: RepProgress): RiskReason[] {
  const { report, period } = shownStatus(progress);
  const reasons: RiskReason[] = [];
  if (
    report.quotaCents !== null &&
    report.projectedAttainment !== null &&
    wholePercent(report.projectedAttainment) < AT_RISK_PERCENT
  ) {
    reasons.push({
      kind: 'low-projection',
      projected: report.projectedAttainment,
      quotaCents: report.quotaCents,
      wonCents: report.wonCents,
      expectedCents: report.expectedFromPipelineCents,
      countedCents: report.pipeline.counted.cents,
      rate: report.winRate.rate,
      coverage: report.coverage,
      coverageNeeded: report.coverageNeeded,
      tooLate: report.tooLate,
      period,
    });
  }
  const { stale } = report.pipeline;
  if (stale.deals.length > 0) reasons.push({ kind: 'stale', deals: stale.deals, cents: stale.cents, period });
  // Working days exclude weekends, holidays and pauses: a rep away all week is not flagged.
  if (progress.workingDays > 0 && progress.plannedDays === 0) {
    reasons.push({ kind: 'no-plans', workingDays: progress.workingDays, ...progress.window });
  }
  return reasons;
}

/**
 * One question, from the costliest reason. A low projection always means counted pipeline short of the need
 * (projected = won + counted × rate), so it asks for new ICP opportunities; when new ones could no longer close
 * in the period, it asks what the largest counted deal needs to close, else for a decision on the largest stale
 * deal, else for next period's opportunities. Stale deals alone ask for a decision on the largest; no plans ask
 * what gets in the way of planning at the rep's check-in time.
 */
export function questionFor(progress: RepProgress, reasons: readonly RiskReason[]): CoachingQuestion | null {
  const { report, period } = shownStatus(progress);
  const low = reasons.find((reason) => reason.kind === 'low-projection');
  const stale = reasons.find((reason) => reason.kind === 'stale');
  const largestCounted = report.pipeline.counted.deals[0];
  if (low && !low.tooLate) return { kind: 'new-opportunities', forPeriod: null };
  if (low && largestCounted) return { kind: 'close-counted', deal: largestCounted, periodEnd: period.end };
  if (stale?.deals[0]) return { kind: 'stale-decision', deal: stale.deals[0] };
  if (low) return { kind: 'new-opportunities', forPeriod: report.next?.period ?? null };
  if (reasons.some((reason) => reason.kind === 'no-plans')) {
    return { kind: 'planning', checkinMinutes: progress.status.rep.checkinMinutes };
  }
  return null;
}

const byUser = (a: { userId: string }, b: { userId: string }) =>
  a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;

/** The team's digest; null when no rep has a quota (there is nothing to measure a team against yet). */
export function teamDigest(progress: TeamProgress): TeamDigest | null {
  if (!progress.reps.some((rep) => shownStatus(rep).report.quotaCents !== null)) return null;
  const atRisk: RepAtRisk[] = [];
  const onTrack: RepOnTrack[] = [];
  const noQuota: string[] = [];
  for (const rep of progress.reps) {
    const projected = shownStatus(rep).report.projectedAttainment;
    const reasons = riskReasons(rep);
    const question = questionFor(rep, reasons);
    if (question) atRisk.push({ userId: rep.userId, projected, reasons, question });
    else if (projected === null) noQuota.push(rep.userId);
    else onTrack.push({ userId: rep.userId, projected });
  }
  atRisk.sort(
    (a, b) => (a.projected ?? Number.POSITIVE_INFINITY) - (b.projected ?? Number.POSITIVE_INFINITY) || byUser(a, b),
  );
  onTrack.sort((a, b) => b.projected - a.projected || byUser(a, b));
  return {
    period: progress.period,
    currency: progress.team.currency,
    totals: progress.totals,
    reps: progress.reps.length,
    atRisk,
    onTrack,
    noQuota: noQuota.sort(),
  };
}
