import type { TargetCounts } from '../db/activities.js';
import type { PlanItem } from '../db/checkins.js';
import type { ClosedDeal, TeamConversion } from '../db/deals.js';
import { type RepRow, workingDaysOf } from '../db/reps.js';
import type { Target } from '../db/targets.js';
import type { Team } from '../db/teams.js';
import { addDays, daysBetween, earlierDate, type LocalDate, laterDate } from '../domain/calendar.js';
import { ACTIVITY_KINDS, type PeriodKind } from '../domain/command.js';
import type { ClosedOpportunities } from '../domain/conversion.js';
import { type ActivityMix, computeGap, type GapReport, type TargetInput, workWeek } from '../domain/gap.js';
import { type Holiday, holidayDates, holidaySourceOf, holidaysBetween } from '../domain/holidays.js';
import { roundToUnit } from '../domain/money.js';
import { isWorkingDay, type Period, periodContaining } from '../domain/period.js';
import type { OpenDeal } from '../domain/pipeline.js';
import { pausedDays, type WorkCalendar, workCalendar } from '../domain/workdays.js';
import type { Store } from '../storage/types.js';
import { type RepNow, repNow } from './rep-context.js';

/** Conversion, the average deal and the sales cycle look back this far. */
export const LOOKBACK_DAYS = 365;

/** A quota of another period kind that also holds today ("2026: 10% of $1,000,000"). */
export interface OtherQuota {
  period: Period;
  quotaCents: number;
  wonCents: number;
}

/** Everything the gap card shows, for one rep at one instant. */
export interface Status {
  team: Team;
  rep: RepRow;
  clock: RepNow;
  period: Period;
  calendar: WorkCalendar;
  report: GapReport;
  plan: PlanItem[];
  otherQuotas: OtherQuota[];
  /** The first holiday from today to the period's end that falls on one of the rep's working weekdays. */
  nextHoliday: Holiday | null;
}

/** A pause as taken: its first day and the first day after it. */
export interface Pause {
  startsOn: LocalDate;
  until: LocalDate;
}

/** The rep's working weekdays minus their paused days and holidays (the team's, or their own country's), over [from, to]. */
export function calendarOf(
  team: Team,
  rep: RepRow,
  pauses: readonly Pause[],
  from: LocalDate,
  to: LocalDate,
): WorkCalendar {
  const paused = pauses.length === 0 ? [] : pausedDays(pauses, from, to);
  const holidays = holidayDates(holidaySourceOf(team, rep), from, to);
  return workCalendar(workingDaysOf(rep), holidays.length === 0 ? paused : [...paused, ...holidays]);
}

/** The next holiday the card mentions: from today to the period's end, on a day the rep would work. */
export function nextHolidayOf(team: Team, rep: RepRow, today: LocalDate, period: Period): Holiday | null {
  const workingDays = workingDaysOf(rep);
  return (
    holidaysBetween(holidaySourceOf(team, rep), today, period.end).find((h) => isWorkingDay(h.date, workingDays)) ??
    null
  );
}

/** What a status is measured on: the rep at the instant, the period (of the rep's kind or another), the next one, the week. */
export interface StatusFrame {
  team: Team;
  rep: RepRow;
  clock: RepNow;
  today: LocalDate;
  kind: PeriodKind;
  period: Period;
  next: Period;
  /** The rep's current work week (focus mix, weekly targets). */
  week: { start: LocalDate; end: LocalDate };
  /** Conversion, the average deal and the cycle count deals closed from here to today. */
  since: LocalDate;
}

export function statusFrame(
  team: Team,
  rep: RepRow,
  input: {
    now: number;
    defaultTimezone: string;
    /** Another period kind than the rep's own (the team view adds like with like). */
    kind?: PeriodKind;
    /** Measure the period holding this date instead of the rep's today (the team's period, in the team's zone). */
    periodOn?: LocalDate;
  },
): StatusFrame {
  const clock = repNow(rep, team, input.defaultTimezone, input.now);
  const today = clock.local.date;
  const kind = input.kind ?? rep.quotaPeriod;
  const period = periodContaining(kind, input.periodOn ?? today, team.fiscalYearStartMonth);
  return {
    team,
    rep,
    clock,
    today,
    kind,
    period,
    next: periodContaining(kind, addDays(period.end, 1), team.fiscalYearStartMonth),
    week: workWeek(today, clock.local.weekday, workingDaysOf(rep)),
    since: addDays(today, -LOOKBACK_DAYS),
  };
}

/** Wins in the period, and every win and opportunity closed over the 12 months to today (conversion, the cycle). */
export interface ClosedFigures {
  wonInPeriod: number;
  won12: { count: number; cents: number };
  closed12: ClosedOpportunities;
  /** Calendar days from opportunity to win, for each such win of the 12 months. */
  cycleDays: number[];
}

/** Conversion inputs from the rep's closed deals: wins in the period, all wins and opportunities closed over 12 months. */
export function closedFigures(
  closed: readonly ClosedDeal[],
  period: Period,
  since: LocalDate,
  today: LocalDate,
): ClosedFigures {
  let wonInPeriod = 0;
  const won12 = { count: 0, cents: 0 };
  const closed12: ClosedOpportunities = { won: 0, wonCents: 0, lost: 0, lostCents: 0 };
  const cycleDays: number[] = [];
  for (const deal of closed) {
    if (deal.status === 'won' && deal.closedOn >= period.start && deal.closedOn <= period.end) {
      wonInPeriod += deal.amountCents;
    }
    if (deal.closedOn < since || deal.closedOn > today) continue;
    if (deal.status === 'won') {
      won12.count++;
      won12.cents += deal.amountCents;
      if (deal.openedOn !== null) {
        closed12.won++;
        closed12.wonCents += deal.amountCents;
        cycleDays.push(Math.max(0, daysBetween(deal.openedOn, deal.closedOn)));
      }
    } else {
      closed12.lost++;
      closed12.lostCents += deal.amountCents;
    }
  }
  return { wonInPeriod, won12, closed12, cycleDays };
}

/**
 * What a status rests on, read from the database for one frame. loadStatus reads it for one rep
 * (gatherStatusFacts); the team view reads it for the whole team in a few queries (team-reads.ts).
 * statusFromFacts turns either into the same Status, so the card and the team view never disagree.
 */
export interface StatusFacts {
  pauses: readonly Pause[];
  /**
   * The quota in effect for the frame's period (carried over when none was set for it: domain/quota-carry.ts),
   * and the one set already for the next period of its kind (null: the gap math assumes this period's).
   */
  quotaCents: number | null;
  nextQuotaCents: number | null;
  closed: ClosedFigures;
  teamConversion: TeamConversion;
  openDeals: readonly OpenDeal[];
  /** The week's activity by the accounts' ICP fit. */
  mix: ActivityMix;
  targets: readonly Target[];
  /** Activity per kind, for the targets: today's (when a day target is set) and the week's. */
  targetCounts: { day: TargetCounts; week: TargetCounts };
  plan: PlanItem[];
  unclassifiedAccounts: readonly { id: number; name: string }[];
  /** The rep's quotas of other kinds whose period holds today, by start, with what was won in each. */
  otherQuotas: readonly { periodKind: PeriodKind; amountCents: number; wonCents: number }[];
}

/** The range of closing dates a frame's closed deals are read over: the 12 months to today and the whole period. */
export function closedRange(frame: StatusFrame): { from: LocalDate; to: LocalDate } {
  return { from: earlierDate(frame.since, frame.period.start), to: laterDate(frame.today, frame.period.end) };
}

/** One rep's facts, read on their own: every read at once (one after another on SQLite, side by side on Postgres). */
export async function gatherStatusFacts(store: Store, frame: StatusFrame): Promise<StatusFacts> {
  const { team, rep, today, kind, period, next, week, since } = frame;
  const range = closedRange(frame);
  const targetsRead = store.targets.listTargets(team.id, rep.userId);
  const countsFor = async (per: 'day' | 'week', from: LocalDate, to: LocalDate): Promise<TargetCounts> =>
    (await targetsRead).some((t) => t.per === per) ? store.activities.targetCounts(team.id, rep.userId, from, to) : {};
  const [
    pauses,
    quota,
    nextQuota,
    closed,
    conversion,
    openDeals,
    mix,
    targets,
    day,
    weekCounts,
    checkin,
    unclassified,
    others,
  ] = await Promise.all([
    store.reps.pausesOf(team.id, rep.userId),
    // The quota set for the period, else carried over from the last one of the rep's own kind.
    store.quotas.quotaInEffectFor({
      teamId: team.id,
      userId: rep.userId,
      kind,
      periodStart: period.start,
      carries: kind === rep.quotaPeriod,
    }),
    store.quotas.quotaFor(team.id, rep.userId, kind, next.start),
    store.deals.closedDeals(team.id, rep.userId, range.from, range.to),
    store.deals.teamConversion(team, since, today),
    store.deals.openDealsOf(team.id, rep.userId),
    store.activities.activityMix(team.id, rep.userId, week.start, week.end),
    targetsRead,
    countsFor('day', today, today),
    countsFor('week', week.start, week.end),
    store.checkins.getCheckin(team.id, rep.userId, today),
    store.accounts.unclassifiedAccountsOf(team.id, rep.userId, week.start, week.end),
    otherQuotasWon(store, frame),
  ]);
  return {
    pauses,
    quotaCents: quota?.amountCents ?? null,
    nextQuotaCents: nextQuota?.amountCents ?? null,
    closed: closedFigures(closed, period, since, today),
    teamConversion: conversion,
    openDeals,
    mix,
    targets,
    targetCounts: { day, week: weekCounts },
    plan: checkin?.planItems ?? [],
    unclassifiedAccounts: unclassified,
    otherQuotas: others,
  };
}

/** The rep's quotas of other kinds whose period holds the frame's today, with what was won in each. */
async function otherQuotasWon(store: Store, frame: StatusFrame): Promise<StatusFacts['otherQuotas']> {
  const { team, rep, today, kind } = frame;
  const quotas = await store.quotas.otherQuotasOn(team.id, rep.userId, today, kind);
  if (quotas.length === 0) return [];
  return Promise.all(
    quotas.map(async (quota) => {
      const other = periodContaining(quota.periodKind, today, team.fiscalYearStartMonth);
      return {
        periodKind: quota.periodKind,
        amountCents: quota.amountCents,
        wonCents: await store.deals.wonBetween(team.id, rep.userId, other.start, other.end),
      };
    }),
  );
}

function targetInputs(facts: StatusFacts): TargetInput[] {
  return facts.targets
    .map(
      (t): TargetInput => ({
        activity: t.activity,
        per: t.per,
        count: t.count,
        done: facts.targetCounts[t.per][t.activity]?.counted ?? 0,
        doneAll: facts.targetCounts[t.per][t.activity]?.all ?? 0,
      }),
    )
    .sort((a, b) => ACTIVITY_KINDS.indexOf(a.activity) - ACTIVITY_KINDS.indexOf(b.activity));
}

/** The gap math on a frame's facts: the one place a Status is made. */
export function statusFromFacts(frame: StatusFrame, facts: StatusFacts): Status {
  const { team, rep, clock, today, period, next, week } = frame;
  const calendar = calendarOf(
    team,
    rep,
    facts.pauses,
    earlierDate(week.start, period.start),
    laterDate(week.end, period.end),
  );
  const report = computeGap({
    period,
    today,
    dayOver: clock.dayOver,
    calendar,
    week,
    quotaCents: facts.quotaCents,
    wonCents: facts.closed.wonInPeriod,
    won12: facts.closed.won12,
    closed12: facts.closed.closed12,
    cycleDays: facts.closed.cycleDays,
    openDeals: facts.openDeals,
    team: {
      closed12: facts.teamConversion.closed12,
      settingRate: team.defaultWinRate,
      averageDealCents: facts.teamConversion.averageDealCents,
    },
    mix: facts.mix,
    targets: targetInputs(facts),
    hasPlanToday: facts.plan.length > 0,
    unclassifiedAccounts: facts.unclassifiedAccounts,
    next: { period: next, quotaCents: facts.nextQuotaCents },
  });
  const otherQuotas = facts.otherQuotas.map((quota) => ({
    period: periodContaining(quota.periodKind, today, team.fiscalYearStartMonth),
    quotaCents: roundToUnit(quota.amountCents),
    wonCents: roundToUnit(quota.wonCents),
  }));
  const nextHoliday = nextHolidayOf(team, rep, today, period);
  return { team, rep, clock, period, calendar, report, plan: facts.plan, otherQuotas, nextHoliday };
}

export async function loadStatus(
  store: Store,
  input: {
    teamId: string;
    userId: string;
    now: number;
    defaultTimezone: string;
    /** Already loaded (the scheduler pass has them): saves two reads per rep. */
    loaded?: { team: Team; rep: RepRow };
    /** Another period kind than the rep's own (the team view adds like with like). */
    kind?: PeriodKind;
    /** Measure the period holding this date instead of the rep's today (the team's period, in the team's zone). */
    periodOn?: LocalDate;
  },
): Promise<Status> {
  const team = input.loaded?.team ?? (await store.teams.ensureTeam(input.teamId));
  const rep = input.loaded?.rep ?? (await store.reps.ensureRep(input.teamId, input.userId));
  const frame = statusFrame(team, rep, input);
  return statusFromFacts(frame, await gatherStatusFacts(store, frame));
}
