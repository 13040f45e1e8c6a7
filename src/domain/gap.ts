/**
 * The gap math of DESIGN.md: pure functions of a rep's numbers, a period and "today".
 *
 * Money: every figure is in cents but rounded to whole currency units once, where it is made,
 * so the figures a card shows add up exactly ("behind $20,312" beside "expected $20,313" cannot happen).
 *
 * Time: today is a working day *left* until the rep's reflection time and a day *elapsed* after it,
 * so elapsed + left is the period's working days at every instant, nobody is behind at the first
 * minute of a day, and the evening does not count today twice. Targets follow the same rule.
 */

import { adviseOn, type Lead, type Problem } from './advice.js';
import { addDays, daysBetween, type LocalDate, laterDate, type Weekday } from './calendar.js';
import type { ActivityKind } from './command.js';
import {
  averageDealOf,
  type ClosedOpportunities,
  type SalesCycle,
  teamRateOf,
  typicalCycle,
  type WinRate,
  winRateOf,
} from './conversion.js';
import { roundToUnit } from './money.js';
import type { Period } from './period.js';
import { classifyPipeline, effectiveCloseOn, type OpenDeal, type Pipeline, STALE_AFTER_DAYS } from './pipeline.js';
import { countWorkDays, isWorkDay, type WorkCalendar } from './workdays.js';

export interface TargetInput {
  activity: ActivityKind;
  per: 'day' | 'week';
  count: number;
  /** Done today (per day) or this week (per week) on ICP and unclassified accounts: what counts. */
  done: number;
  /** All of it, including work outside the ICP and work with no account. */
  doneAll: number;
}

export interface ActivityMix {
  icp: number;
  nonIcp: number;
  /** On accounts whose fit is not set yet. */
  unclassified: number;
  /** Logged without an account. */
  noAccount: number;
}

export interface GapInput {
  period: Period;
  today: LocalDate;
  /** The rep's reflection time has passed: today is elapsed, not left. */
  dayOver: boolean;
  calendar: WorkCalendar;
  /** The rep's current work week (see workWeek), for the focus mix and weekly targets. */
  week: { start: LocalDate; end: LocalDate };
  quotaCents: number | null;
  /** Won deals dated in the period. */
  wonCents: number;
  /** Every win of the last 12 months (with or without an opportunity first): sizes the average deal. */
  won12: { count: number; cents: number };
  /** The rep's opportunities closed in the last 12 months: conversion. */
  closed12: ClosedOpportunities;
  /** Calendar days from opportunity to win, for each such win of the last 12 months. */
  cycleDays: readonly number[];
  openDeals: readonly OpenDeal[];
  team: { closed12: ClosedOpportunities; settingRate: number; averageDealCents: number | null };
  mix: ActivityMix;
  targets: readonly TargetInput[];
  hasPlanToday: boolean;
  /** Accounts with the rep's open deals or this week's activity whose ICP fit is not set. */
  unclassifiedAccounts: readonly { id: number; name: string }[];
  /** The next period of the same kind, and its quota if one is set already. */
  next: { period: Period; quotaCents: number | null };
}

export interface TargetStatus extends TargetInput {
  /** Where the rep should be by now at an even pace. */
  pace: number;
  behindBy: number;
  /** Working days of the target's window (today, or this week) already over. */
  elapsedDays: number;
}

export interface NextPeriodNeed {
  period: Period;
  quotaCents: number;
  /** No quota is set for it yet: this period's quota stands in. */
  quotaAssumed: boolean;
  /** Expected from pipeline already closing in it (counted the same way, at the same win rate). */
  expectedCents: number;
  shortfallCents: number;
  /** Opportunities to create for it; null without an average deal. */
  opps: number | null;
  /** The last day a new opportunity can start and still close in it (its end minus the typical cycle). */
  byDate: LocalDate;
  weeks: number;
  /** opps ÷ weeks, unrounded: cards say it to one decimal ("about 1.2 a week"), or as one every few weeks. */
  perWeek: number | null;
}

export interface MixReport extends ActivityMix {
  total: number;
  icpShare: number;
  nonIcpShare: number;
  unclassifiedShare: number;
  noAccountShare: number;
}

export interface GapReport {
  quotaCents: number | null;
  wonCents: number;
  gapCents: number;
  /** won − quota when over quota, else 0. */
  overCents: number;
  /** won / quota; null without a quota. */
  attainment: number | null;
  workingDaysInPeriod: number;
  workingDaysElapsed: number;
  workingDaysLeft: number;
  expectedByNowCents: number;
  /** won − expectedByNow: positive ahead, negative behind. */
  paceDeltaCents: number;
  /** gap / working days left; null when none is left. */
  perDayNeededCents: number | null;
  pipeline: Pipeline;
  /** counted / gap; null when there is no gap. */
  coverage: number | null;
  /** 1 / win rate: the coverage this rep needs. */
  coverageNeeded: number;
  winRate: WinRate;
  averageDealCents: number | null;
  /** counted × win rate. */
  expectedFromPipelineCents: number;
  /** won + expected from pipeline. */
  projectedCents: number;
  projectedAttainment: number | null;
  /** The gap in average deals (rounded up); null without a gap or an average deal. */
  gapInDeals: number | null;
  cycle: SalesCycle;
  /** Calendar days from today to the period's last day. */
  calendarDaysLeft: number;
  /** The period ends sooner than the typical cycle: a new opportunity cannot close in it. */
  tooLate: boolean;
  /** null when too late, or with no average deal to size one by. */
  oppsToCreate: number | null;
  next: NextPeriodNeed | null;
  mix: MixReport;
  targets: TargetStatus[];
  unclassifiedAccounts: readonly { id: number; name: string }[];
  /** Every problem present, costliest first. */
  problems: Problem[];
  /** What the card leads with, and up to two more problems beneath it. */
  advice: { lead: Lead; more: Problem[] };
}

/** The reflection time has passed: today counts as a day elapsed. */
export function isDayOver(minutesNow: number, reflectionMinutes: number): boolean {
  return minutesNow >= reflectionMinutes;
}

/** Working days of [start, end] elapsed by now, and left: elapsed + left is always the whole. */
export function splitWorkDays(
  range: { start: LocalDate; end: LocalDate },
  today: LocalDate,
  dayOver: boolean,
  calendar: WorkCalendar,
): { total: number; elapsed: number; left: number } {
  const total = countWorkDays(range.start, range.end, calendar);
  if (today < range.start) return { total, elapsed: 0, left: total };
  if (today > range.end) return { total, elapsed: total, left: 0 };
  const todayCounts = dayOver && isWorkDay(today, calendar) ? 1 : 0;
  const elapsed = countWorkDays(range.start, addDays(today, -1), calendar) + todayCounts;
  return { total, elapsed, left: total - elapsed };
}

/** Targets against their pro-rata pace: a day target once the day is over, a week target by the week's elapsed days. */
export function targetStatuses(
  targets: readonly TargetInput[],
  week: { start: LocalDate; end: LocalDate },
  today: LocalDate,
  dayOver: boolean,
  calendar: WorkCalendar,
): TargetStatus[] {
  const weekDays = splitWorkDays(week, today, dayOver, calendar);
  const todayElapsed = dayOver && isWorkDay(today, calendar) ? 1 : 0;
  return targets.map((target) => {
    const elapsedDays = target.per === 'day' ? todayElapsed : weekDays.elapsed;
    const fraction = target.per === 'day' ? todayElapsed : share(weekDays.elapsed, weekDays.total);
    // The epsilon keeps 8 × 5/5 from flooring to 7.999….
    const pace = Math.floor(target.count * fraction + 1e-9);
    return { ...target, pace, behindBy: Math.max(0, pace - target.done), elapsedDays };
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

/** ⌈amount / size⌉, with an epsilon so float error (0.35 × 700,000 = 244,999.99…) never adds one. */
export function countOf(amountCents: number, sizeCents: number): number {
  if (amountCents <= 0) return 0;
  return Math.ceil(amountCents / sizeCents - 1e-9);
}

function share(part: number, total: number): number {
  return total === 0 ? 0 : part / total;
}

function mixReport(mix: ActivityMix): MixReport {
  const total = mix.icp + mix.nonIcp + mix.unclassified + mix.noAccount;
  return {
    ...mix,
    total,
    icpShare: share(mix.icp, total),
    nonIcpShare: share(mix.nonIcp, total),
    unclassifiedShare: share(mix.unclassified, total),
    noAccountShare: share(mix.noAccount, total),
  };
}

function nextPeriodNeed(
  input: GapInput,
  pipeline: Pipeline,
  rate: number,
  averageDealCents: number | null,
  cycle: SalesCycle,
): NextPeriodNeed | null {
  const { next, today } = input;
  const quota = next.quotaCents ?? input.quotaCents;
  if (quota === null) return null;
  const quotaCents = roundToUnit(quota);
  const closingThen = pipeline.later.deals.filter((deal) => {
    const closeOn = effectiveCloseOn(deal, input.period);
    return closeOn >= next.period.start && closeOn <= next.period.end;
  });
  const expectedCents = roundToUnit(closingThen.reduce((sum, deal) => sum + deal.amountCents, 0) * rate);
  const shortfallCents = Math.max(0, quotaCents - expectedCents);
  const opps = averageDealCents === null ? null : countOf(shortfallCents, rate * averageDealCents);
  const lastStart = addDays(next.period.end, -cycle.days);
  const byDate = laterDate(lastStart, today);
  const weeks = Math.max(1, daysBetween(today, byDate) / 7);
  return {
    period: next.period,
    quotaCents,
    quotaAssumed: next.quotaCents === null,
    expectedCents,
    shortfallCents,
    opps,
    byDate,
    weeks,
    perWeek: opps === null ? null : opps / weeks,
  };
}

export function computeGap(input: GapInput): GapReport {
  const { period, today, dayOver, calendar } = input;
  const quota = input.quotaCents === null ? null : roundToUnit(input.quotaCents);
  const won = roundToUnit(input.wonCents);
  const gapCents = quota === null ? 0 : Math.max(0, quota - won);
  const days = splitWorkDays(period, today, dayOver, calendar);
  const expectedByNowCents = quota === null || days.total === 0 ? 0 : roundToUnit((quota * days.elapsed) / days.total);

  const pipeline = classifyPipeline(input.openDeals, today, period);
  const openCents = input.openDeals.reduce((sum, deal) => sum + deal.amountCents, 0);
  const rawAverage = averageDealOf({
    won12: input.won12,
    open: { count: input.openDeals.length, cents: openCents },
    teamAverageCents: input.team.averageDealCents,
  });
  const averageDealCents = rawAverage === null ? null : roundToUnit(rawAverage);
  const teamRate = teamRateOf(input.team.closed12, input.team.settingRate);
  const winRate = winRateOf(input.closed12, averageDealCents, teamRate);
  const rate = winRate.rate;
  const expectedFromPipelineCents = roundToUnit(pipeline.counted.cents * rate);
  const projectedCents = won + expectedFromPipelineCents;
  const cycle = typicalCycle(input.cycleDays);
  const calendarDaysLeft = Math.max(0, daysBetween(today, period.end));
  const tooLate = calendarDaysLeft < cycle.days;
  const usableAverage = averageDealCents !== null && averageDealCents > 0 ? averageDealCents : null;
  const shortfall = Math.max(0, gapCents - expectedFromPipelineCents);

  const report: Omit<GapReport, 'problems' | 'advice'> = {
    quotaCents: quota,
    wonCents: won,
    gapCents,
    overCents: quota === null ? 0 : Math.max(0, won - quota),
    attainment: quota === null || quota === 0 ? null : won / quota,
    workingDaysInPeriod: days.total,
    workingDaysElapsed: days.elapsed,
    workingDaysLeft: days.left,
    expectedByNowCents,
    paceDeltaCents: won - expectedByNowCents,
    perDayNeededCents: days.left === 0 ? null : roundToUnit(gapCents / days.left),
    pipeline,
    coverage: gapCents === 0 ? null : pipeline.counted.cents / gapCents,
    coverageNeeded: 1 / rate,
    winRate,
    averageDealCents,
    expectedFromPipelineCents,
    projectedCents,
    projectedAttainment: quota === null || quota === 0 ? null : projectedCents / quota,
    gapInDeals: gapCents === 0 || usableAverage === null ? null : countOf(gapCents, usableAverage),
    cycle,
    calendarDaysLeft,
    tooLate,
    oppsToCreate: tooLate || usableAverage === null ? null : countOf(shortfall, rate * usableAverage),
    next: nextPeriodNeed(input, pipeline, rate, usableAverage, cycle),
    mix: mixReport(input.mix),
    targets: targetStatuses(input.targets, input.week, today, dayOver, calendar),
    unclassifiedAccounts: input.unclassifiedAccounts,
  };
  const todayOpen = !dayOver && isWorkDay(today, calendar);
  const { problems, advice } = adviseOn(report, { planNeeded: todayOpen && !input.hasPlanToday });
  return { ...report, problems, advice };
}

/** A deal as the history keeps it: enough to tell whether it was open, counted pipeline, on a past date. */
export interface DealOnRecord {
  amountCents: number;
  status: 'open' | 'won' | 'lost';
  icp: 'yes' | 'no' | 'unknown';
  openedOn: LocalDate | null;
  closeOn: LocalDate | null;
  closedOn: LocalDate | null;
  /** When the deal or its account last moved as of the date looked at; null when the record cannot tell. */
  lastTouchedOn: LocalDate | null;
}

/**
 * The projection as it stood at the end of `date` (last week's, to measure a rise): won in the period
 * by then, plus the pipeline then open that was not outside the ICP and was due to close in the period
 * and not stale then (overdue, or idle for 30 days as far as the record tells), × today's win rate. Deals are
 * taken at today's amounts and close dates.
 */
export function projectionOn(input: {
  date: LocalDate;
  period: Period;
  /** Won in the period up to and including `date`. */
  wonCents: number;
  deals: readonly DealOnRecord[];
  rate: number;
}): number {
  const { date, period } = input;
  const counted = input.deals.filter((deal) => {
    const wasOpen = deal.openedOn !== null && deal.openedOn <= date && (deal.closedOn === null || deal.closedOn > date);
    const closeOn = deal.closeOn ?? period.end;
    const idle = deal.lastTouchedOn !== null && daysBetween(deal.lastTouchedOn, date) >= STALE_AFTER_DAYS;
    return wasOpen && !idle && deal.icp !== 'no' && closeOn >= date && closeOn <= period.end;
  });
  const countedCents = roundToUnit(counted.reduce((sum, deal) => sum + deal.amountCents, 0));
  return roundToUnit(input.wonCents) + roundToUnit(countedCents * input.rate);
}
