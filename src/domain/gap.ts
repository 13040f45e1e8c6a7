/**
 * The gap math of DESIGN.md: pure functions of a rep's numbers, a period and "today".
 *
 * How today counts toward pace (the choice DESIGN.md asks us to document): before the
 * rep's check-in time today counts 0, from check-in until the reflection time it counts
 * half, and once the reflection time has passed it counts whole. Non-working days count
 * nothing. "Working days left" always includes today when it is a working day.
 */

import type { LocalDate, Weekday } from './calendar.js';
import { addDays } from './calendar.js';
import type { ActivityKind } from './command.js';
import { countWorkingDays, isWorkingDay, type Period } from './period.js';

/** Below this, the pipeline's win rate is treated as this floor, so coverage needs stay finite. */
export const MIN_WIN_RATE = 0.05;
/** Closed deals in the last 12 months needed before a rep's own win rate is trusted. */
export const MIN_CLOSED_FOR_OWN_WIN_RATE = 5;
/** A week with this share or more of activity outside the ICP earns the nudge. */
export const NON_ICP_SHARE_LIMIT = 0.3;

export type DayPart = 0 | 0.5 | 1;

export interface TargetInput {
  activity: ActivityKind;
  per: 'day' | 'week';
  count: number;
  /** Done today (per day) or this week (per week). */
  done: number;
}

export interface ActivityMix {
  icp: number;
  nonIcp: number;
  /** No account, or an account whose fit is not set yet. */
  unassigned: number;
}

export interface GapInput {
  period: Period;
  today: LocalDate;
  todayPart: DayPart;
  workingDays: readonly Weekday[];
  /** The rep's current work week (see workWeek), for weekly targets. */
  week: { start: LocalDate; end: LocalDate };
  quotaCents: number | null;
  wonCents: number;
  openCents: number;
  openCount: number;
  /** Deals closed in the 12 months to today. */
  closed12: { won: number; lost: number; wonCents: number };
  defaultWinRate: number;
  mix: ActivityMix;
  targets: readonly TargetInput[];
  hasPlanToday: boolean;
}

export interface TargetStatus extends TargetInput {
  /** Where the rep should be by now at an even pace. */
  pace: number;
  behindBy: number;
}

export type Nudge =
  | { kind: 'no-quota' }
  | { kind: 'quota-met'; overCents: number }
  | { kind: 'pipeline-short'; expectedCents: number; gapCents: number; oppsToCreate: number | null }
  | { kind: 'non-icp'; share: number }
  | { kind: 'target-behind'; target: TargetStatus }
  | { kind: 'no-plan' }
  | { kind: 'behind-pace'; behindCents: number }
  | { kind: 'on-pace'; aheadCents: number };

export interface GapReport {
  quotaCents: number | null;
  wonCents: number;
  gapCents: number;
  /** won / quota; null without a quota. */
  attainment: number | null;
  workingDaysInPeriod: number;
  workingDaysElapsed: number;
  workingDaysLeft: number;
  expectedByNowCents: number;
  /** won - expectedByNow: positive ahead, negative behind. */
  paceDeltaCents: number;
  /** null when no working day is left. */
  perDayNeededCents: number | null;
  openCents: number;
  openCount: number;
  /** open / gap; null when there is no gap. */
  coverage: number | null;
  winRate: number;
  winRateSource: 'own' | 'team-default';
  /** 1 / win rate: the coverage this rep needs. */
  coverageNeeded: number;
  expectedFromPipelineCents: number;
  averageDealCents: number | null;
  /** null when there is no deal to size an opportunity by. */
  oppsToCreate: number | null;
  mix: ActivityMix & { total: number; icpShare: number; nonIcpShare: number; unassignedShare: number };
  targets: TargetStatus[];
  nudge: Nudge;
}

/** How much of today has elapsed for pace, from the rep's local clock and working hours. */
export function dayPart(minutesNow: number, dayStartMinutes: number, dayEndMinutes: number): DayPart {
  if (minutesNow < dayStartMinutes) return 0;
  if (minutesNow < dayEndMinutes) return 0.5;
  return 1;
}

/** Working days elapsed up to now: the days before today plus today's part. */
export function workingDaysElapsed(
  from: LocalDate,
  today: LocalDate,
  todayPart: DayPart,
  workingDays: readonly Weekday[],
): number {
  const before = countWorkingDays(from, addDays(today, -1), workingDays);
  return before + (isWorkingDay(today, workingDays) ? todayPart : 0);
}

export function winRateOf(
  closed12: GapInput['closed12'],
  defaultWinRate: number,
): { winRate: number; source: 'own' | 'team-default' } {
  const closed = closed12.won + closed12.lost;
  if (closed >= MIN_CLOSED_FOR_OWN_WIN_RATE) {
    return { winRate: Math.max(MIN_WIN_RATE, closed12.won / closed), source: 'own' };
  }
  return { winRate: Math.max(MIN_WIN_RATE, defaultWinRate), source: 'team-default' };
}

export function averageDeal(input: Pick<GapInput, 'closed12' | 'openCents' | 'openCount'>): number | null {
  if (input.closed12.won > 0) return Math.round(input.closed12.wonCents / input.closed12.won);
  if (input.openCount > 0) return Math.round(input.openCents / input.openCount);
  return null;
}

export function oppsToCreate(
  gapCents: number,
  expectedFromPipelineCents: number,
  winRate: number,
  averageDealCents: number | null,
): number | null {
  const shortfall = Math.max(0, gapCents - expectedFromPipelineCents);
  if (shortfall === 0) return 0;
  if (averageDealCents === null || averageDealCents <= 0) return null;
  // The epsilon absorbs float error (0.35 × 700,000 = 244,999.99999999997) so an exact whole count is not rounded up.
  return Math.ceil(shortfall / (winRate * averageDealCents) - 1e-9);
}

function share(part: number, total: number): number {
  return total === 0 ? 0 : part / total;
}

/** Targets against their pro-rata pace: per day by today's part, per week by the week's elapsed working days. */
export function targetStatuses(
  targets: readonly TargetInput[],
  week: { start: LocalDate; end: LocalDate },
  today: LocalDate,
  todayPart: DayPart,
  workingDays: readonly Weekday[],
): TargetStatus[] {
  const weekDays = countWorkingDays(week.start, week.end, workingDays);
  const weekElapsed = workingDaysElapsed(week.start, today, todayPart, workingDays);
  const todayWorks = isWorkingDay(today, workingDays);
  return targets.map((target) => {
    const fraction = target.per === 'day' ? (todayWorks ? todayPart : 0) : share(weekElapsed, weekDays);
    const pace = Math.floor(target.count * fraction);
    return { ...target, pace, behindBy: Math.max(0, pace - target.done) };
  });
}

/** The week a rep's targets and focus mix count in: Sunday-started for Sunday-to-Thursday weeks, else Monday. */
export function workWeek(
  today: LocalDate,
  weekday: Weekday,
  workingDays: readonly Weekday[],
): { start: LocalDate; end: LocalDate } {
  const startsSunday = workingDays.includes(0) && !workingDays.includes(6);
  const offset = startsSunday ? weekday : (weekday + 6) % 7;
  const start = addDays(today, -offset);
  return { start, end: addDays(start, 6) };
}

export function computeGap(input: GapInput): GapReport {
  const { period, today, todayPart, workingDays, week } = input;
  const quota = input.quotaCents;
  const gapCents = quota === null ? 0 : Math.max(0, quota - input.wonCents);
  const workingDaysInPeriod = countWorkingDays(period.start, period.end, workingDays);
  const elapsed = workingDaysElapsed(period.start, today, todayPart, workingDays);
  const workingDaysLeft = countWorkingDays(today, period.end, workingDays);
  const expectedByNowCents =
    quota === null || workingDaysInPeriod === 0 ? 0 : Math.round((quota * elapsed) / workingDaysInPeriod);

  const { winRate, source } = winRateOf(input.closed12, input.defaultWinRate);
  const expectedFromPipelineCents = Math.round(input.openCents * winRate);
  const avgDeal = averageDeal(input);
  const total = input.mix.icp + input.mix.nonIcp + input.mix.unassigned;

  const report: Omit<GapReport, 'nudge'> = {
    quotaCents: quota,
    wonCents: input.wonCents,
    gapCents,
    attainment: quota === null || quota === 0 ? null : input.wonCents / quota,
    workingDaysInPeriod,
    workingDaysElapsed: elapsed,
    workingDaysLeft,
    expectedByNowCents,
    paceDeltaCents: input.wonCents - expectedByNowCents,
    perDayNeededCents: workingDaysLeft === 0 ? null : Math.round(gapCents / workingDaysLeft),
    openCents: input.openCents,
    openCount: input.openCount,
    coverage: gapCents === 0 ? null : input.openCents / gapCents,
    winRate,
    winRateSource: source,
    coverageNeeded: 1 / winRate,
    expectedFromPipelineCents,
    averageDealCents: avgDeal,
    oppsToCreate: oppsToCreate(gapCents, expectedFromPipelineCents, winRate, avgDeal),
    mix: {
      ...input.mix,
      total,
      icpShare: share(input.mix.icp, total),
      nonIcpShare: share(input.mix.nonIcp, total),
      unassignedShare: share(input.mix.unassigned, total),
    },
    targets: targetStatuses(input.targets, week, today, todayPart, workingDays),
  };
  return { ...report, nudge: pickNudge(report, input) };
}

/** The one line of advice: the largest problem first, in a fixed order of severity. */
export function pickNudge(
  report: Omit<GapReport, 'nudge'>,
  input: Pick<GapInput, 'hasPlanToday' | 'today' | 'workingDays'>,
): Nudge {
  if (report.quotaCents === null) return { kind: 'no-quota' };
  if (report.gapCents === 0) return { kind: 'quota-met', overCents: report.wonCents - report.quotaCents };
  if (report.expectedFromPipelineCents < report.gapCents) {
    return {
      kind: 'pipeline-short',
      expectedCents: report.expectedFromPipelineCents,
      gapCents: report.gapCents,
      oppsToCreate: report.oppsToCreate,
    };
  }
  if (report.mix.nonIcp > 0 && report.mix.nonIcpShare >= NON_ICP_SHARE_LIMIT) {
    return { kind: 'non-icp', share: report.mix.nonIcpShare };
  }
  const behind = [...report.targets].sort((a, b) => b.behindBy / b.count - a.behindBy / a.count)[0];
  if (behind && behind.behindBy > 0) return { kind: 'target-behind', target: behind };
  if (!input.hasPlanToday && isWorkingDay(input.today, input.workingDays)) return { kind: 'no-plan' };
  if (report.paceDeltaCents < 0) return { kind: 'behind-pace', behindCents: -report.paceDeltaCents };
  return { kind: 'on-pace', aheadCents: report.paceDeltaCents };
}
