import { unclassifiedAccountsOf } from '../db/accounts.js';
import { activityMix, type TargetCounts, targetCounts } from '../db/activities.js';
import { getCheckin, type PlanItem } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { type ClosedDeal, closedDeals, openDealsOf, teamConversion, wonBetween } from '../db/deals.js';
import { otherQuotasOn, quotaFor } from '../db/quotas.js';
import { ensureRep, pausesOf, type RepRow, workingDaysOf } from '../db/reps.js';
import { listTargets } from '../db/targets.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { addDays, daysBetween, earlierDate, type LocalDate, laterDate } from '../domain/calendar.js';
import { ACTIVITY_KINDS, type PeriodKind } from '../domain/command.js';
import type { ClosedOpportunities } from '../domain/conversion.js';
import { computeGap, type GapReport, type TargetInput, workWeek } from '../domain/gap.js';
import { roundToUnit } from '../domain/money.js';
import { type Period, periodContaining } from '../domain/period.js';
import { pausedDays, type WorkCalendar, workCalendar } from '../domain/workdays.js';
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
}

/** The rep's working weekdays minus their paused days, over [from, to]. */
export function repCalendar(db: Db, rep: RepRow, from: LocalDate, to: LocalDate): WorkCalendar {
  const pauses = pausesOf(db, rep.teamId, rep.userId);
  return workCalendar(workingDaysOf(rep), pauses.length === 0 ? [] : pausedDays(pauses, from, to));
}

/** Conversion inputs from the rep's closed deals: wins in the period, all wins and opportunities closed over 12 months. */
export function closedFigures(closed: readonly ClosedDeal[], period: Period, since: LocalDate, today: LocalDate) {
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

function targetInputs(db: Db, rep: RepRow, today: LocalDate, week: { start: LocalDate; end: LocalDate }) {
  const targets = listTargets(db, rep.teamId, rep.userId);
  const counts = (per: 'day' | 'week'): TargetCounts =>
    !targets.some((t) => t.per === per)
      ? {}
      : per === 'day'
        ? targetCounts(db, rep.teamId, rep.userId, today, today)
        : targetCounts(db, rep.teamId, rep.userId, week.start, week.end);
  const byPer = { day: counts('day'), week: counts('week') };
  return targets
    .map(
      (t): TargetInput => ({
        activity: t.activity,
        per: t.per,
        count: t.count,
        done: byPer[t.per][t.activity]?.counted ?? 0,
        doneAll: byPer[t.per][t.activity]?.all ?? 0,
      }),
    )
    .sort((a, b) => ACTIVITY_KINDS.indexOf(a.activity) - ACTIVITY_KINDS.indexOf(b.activity));
}

export function loadStatus(
  db: Db,
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
): Status {
  const team = input.loaded?.team ?? ensureTeam(db, input.teamId);
  const rep = input.loaded?.rep ?? ensureRep(db, input.teamId, input.userId);
  const clock = repNow(rep, team, input.defaultTimezone, input.now);
  const today = clock.local.date;
  const workingDays = workingDaysOf(rep);
  const kind = input.kind ?? rep.quotaPeriod;
  const period = periodContaining(kind, input.periodOn ?? today, team.fiscalYearStartMonth);
  const next = periodContaining(kind, addDays(period.end, 1), team.fiscalYearStartMonth);
  const week = workWeek(today, clock.local.weekday, workingDays);
  const calendar = repCalendar(db, rep, earlierDate(week.start, period.start), laterDate(week.end, period.end));

  const since = addDays(today, -LOOKBACK_DAYS);
  const closed = closedDeals(db, team.id, rep.userId, earlierDate(since, period.start), period.end);
  const figures = closedFigures(closed, period, since, today);
  const teamFigures = teamConversion(db, team, since, today);
  const plan = getCheckin(db, team.id, rep.userId, today)?.planItems ?? [];

  const report = computeGap({
    period,
    today,
    dayOver: clock.dayOver,
    calendar,
    week,
    quotaCents: quotaFor(db, team.id, rep.userId, kind, period.start)?.amountCents ?? null,
    wonCents: figures.wonInPeriod,
    won12: figures.won12,
    closed12: figures.closed12,
    cycleDays: figures.cycleDays,
    openDeals: openDealsOf(db, team.id, rep.userId),
    team: {
      closed12: teamFigures.closed12,
      settingRate: team.defaultWinRate,
      averageDealCents: teamFigures.averageDealCents,
    },
    mix: activityMix(db, team.id, rep.userId, week.start, week.end),
    targets: targetInputs(db, rep, today, week),
    hasPlanToday: plan.length > 0,
    unclassifiedAccounts: unclassifiedAccountsOf(db, team.id, rep.userId, week.start, week.end),
    next: { period: next, quotaCents: quotaFor(db, team.id, rep.userId, kind, next.start)?.amountCents ?? null },
  });
  const otherQuotas = otherQuotasOn(db, team.id, rep.userId, today, kind).map((quota) => {
    const other = periodContaining(quota.periodKind, today, team.fiscalYearStartMonth);
    return {
      period: other,
      quotaCents: roundToUnit(quota.amountCents),
      wonCents: roundToUnit(wonBetween(db, team.id, rep.userId, other.start, other.end)),
    };
  });
  return { team, rep, clock, period, calendar, report, plan, otherQuotas };
}
