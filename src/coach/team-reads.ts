/**
 * The facts of every rep of a team, read at once: the team-wide queries of db/team-rows.ts, a query a step
 * (team-progress.ts lets other requests run between steps, and reads again if anything was written
 * meanwhile), then sorted by rep into the same StatusFacts and ReviewFacts that one rep's own reads give
 * (team-facts.ts), so statusFromFacts and the review's math cannot tell the two apart.
 */

import { UNCLASSIFIED_LIST_LIMIT } from '../db/accounts.js';
import type { TargetCounts } from '../db/activities.js';
import type { PlanItem } from '../db/checkins.js';
import { type TeamConversion, toDealOnRecord, toOpenDeal } from '../db/deals.js';
import { workingDaysOf } from '../db/reps.js';
import type { Target } from '../db/targets.js';
import type { Conversion, KindTally, TeamDealRow, TeamQuota } from '../db/team-rows.js';
import type { Team } from '../db/teams.js';
import { addDays, earlierDate, type LocalDate, laterDate } from '../domain/calendar.js';
import type { ActivityMix } from '../domain/gap.js';
import { periodContaining } from '../domain/period.js';
import type { OpenDeal } from '../domain/pipeline.js';
import { quotaInEffect } from '../domain/quota-carry.js';
import { planStreakKnownFrom } from '../domain/streak.js';
import type { Store } from '../storage/types.js';
import type { Status, StatusFacts, StatusFrame } from './status.js';
import { streakHolidays, streakOf } from './streak.js';

import { type FactsSource, lastWeekDay, NO_FACTS, type ReviewFacts, reviewWindow } from './team-facts.js';

/**
 * Plans are read this many days back for streaks; a streak that reaches further is read for its rep alone.
 * Four weeks hold nearly every streak at a realistic planning rate, in about a quarter of a year's reads.
 */
export const STREAK_READ_DAYS = 28;

const NO_CONVERSION: Conversion = {
  won12: { count: 0, cents: 0 },
  closed12: { won: 0, wonCents: 0, lost: 0, lostCents: 0 },
  cycleDays: [],
};

const windowKey = (from: LocalDate, to: LocalDate) => `${from}|${to}`;

/** Rows by a key, each group in the rows' order. */
export function groupBy<T>(rows: Iterable<T>, keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function mixOf(tallies: readonly KindTally[] | undefined): ActivityMix {
  const mix = { icp: 0, nonIcp: 0, unclassified: 0, noAccount: 0 };
  for (const t of tallies ?? []) {
    mix.icp += t.icp;
    mix.nonIcp += t.nonIcp;
    mix.unclassified += t.unclassified;
    mix.noAccount += t.noAccount;
  }
  return mix;
}

/** As targetCounts counts: activity on ICP and unclassified accounts counts, all of it is shown. */
function targetCountsOf(tallies: readonly KindTally[] | undefined): TargetCounts {
  const counts: TargetCounts = {};
  for (const t of tallies ?? []) {
    counts[t.kind] = { counted: t.icp + t.unclassified, all: t.icp + t.nonIcp + t.unclassified + t.noAccount };
  }
  return counts;
}

/** Every date range the frames need each kind of fact over, so that each is read once for the whole team. */
function rangesOf(team: Team, frames: readonly StatusFrame[], quotas: readonly TeamQuota[]) {
  const sinceByToday = new Map<LocalDate, LocalDate>();
  const weeks = new Map<string, { from: LocalDate; to: LocalDate }>();
  const quotasByRep = groupBy(quotas, (q) => q.userId);
  let wins = { from: frames[0]?.period.start ?? '', to: frames[0]?.period.end ?? '' };
  const widen = (from: LocalDate, to: LocalDate) => {
    wins = { from: earlierDate(wins.from, from), to: laterDate(wins.to, to) };
  };
  for (const frame of frames) {
    sinceByToday.set(frame.today, frame.since);
    weeks.set(windowKey(frame.week.start, frame.week.end), { from: frame.week.start, to: frame.week.end });
    widen(frame.period.start, frame.period.end);
    // Last week's projection adds the wins of the period up to a week ago.
    widen(frame.period.start, addDays(reviewWindow(frame.today).from, -1));
    for (const quota of quotasByRep.get(frame.rep.userId) ?? []) {
      if (quota.periodStart > frame.today || quota.periodEnd < frame.today) continue;
      const other = periodContaining(quota.periodKind, frame.today, team.fiscalYearStartMonth);
      widen(other.start, other.end);
    }
  }
  const todays = [...sinceByToday.keys()].sort();
  return { todays, sinceByToday, weeks: [...weeks.values()], wins, quotasByRep };
}

/**
 * Reads the team's facts, one query per step: the generator yields between queries, so a driver may let other
 * work run in between (and must then check that nothing was written meanwhile: see readTeam in
 * team-progress.ts), or run it through at once. The facts it returns are all read: they answer at once. Streaks that reach back past the plans read are read rep by
 * rep, as the last step.
 */
export async function* readTeamFacts(
  store: Store,
  team: Team,
  frames: readonly StatusFrame[],
): AsyncGenerator<void, FactsSource, undefined> {
  if (frames.length === 0) return NO_FACTS;
  const firstDay = frames.reduce(
    (min, f) => earlierDate(min, earlierDate(f.period.start, f.today)),
    frames[0]?.today ?? '',
  );
  const rows = store.teamRows;
  const quotas = await rows.teamQuotas(team.id, firstDay);
  const ranges = rangesOf(team, frames, quotas);
  const { todays } = ranges;
  const firstToday = todays[0] ?? '';
  const lastToday = todays.at(-1) ?? '';
  const pauses = groupBy(await rows.teamPauses(team.id), (p) => p.userId);
  const targets = groupBy(await rows.teamTargets(team.id), (t) => t.userId);
  yield;
  const conversions = new Map<LocalDate, Map<string, Conversion>>();
  const teamRates = new Map<LocalDate, TeamConversion>();
  for (const [today, since] of ranges.sinceByToday) {
    conversions.set(today, await rows.teamConversions(team, since, today));
    yield;
    teamRates.set(today, await store.deals.teamConversion(team, since, today));
    yield;
  }
  const wins = groupBy(await rows.teamWins(team.id, ranges.wins.from, ranges.wins.to), ([userId]) => userId);
  yield;
  const weekAgoDays = todays.map((today) => addDays(reviewWindow(today).from, -1));
  const deals = groupBy(await rows.teamDeals(team.id, weekAgoDays[0] ?? firstToday), (d) => d.userId);
  yield;
  const lastActivity = await rows.openDealAccountsLastActivity(team.id);
  yield;
  const lastActivityBy = new Map<LocalDate, Map<number, LocalDate>>();
  for (const weekAgo of weekAgoDays) {
    lastActivityBy.set(weekAgo, await rows.dealAccountsLastActivityBy(team.id, weekAgo));
    yield;
  }

  // Activity per distinct window in play: each work week, each today (day targets), each review window.
  const activity = new Map<string, Map<string, KindTally[]>>();
  const windows = new Map<string, { from: LocalDate; to: LocalDate }>();
  for (const week of ranges.weeks) windows.set(windowKey(week.from, week.to), week);
  const dayTargets = new Set(
    [...targets.values()]
      .flat()
      .filter((t) => t.per === 'day')
      .map((t) => t.userId),
  );
  for (const frame of frames) {
    if (dayTargets.has(frame.rep.userId))
      windows.set(windowKey(frame.today, frame.today), { from: frame.today, to: frame.today });
    const review = reviewWindow(frame.today);
    windows.set(windowKey(review.from, review.to), review);
  }
  for (const [key, { from, to }] of windows) {
    activity.set(
      key,
      groupBy(await rows.teamActivity(team.id, from, to), (t) => t.userId),
    );
    yield;
  }

  // The plans themselves for the review windows and today; before them, only which days had one (streaks).
  const plansFrom = addDays(firstToday, -STREAK_READ_DAYS);
  const itemsFrom = reviewWindow(firstToday).from;
  const plans = groupBy(await rows.teamPlans(team.id, itemsFrom, lastToday), ([userId]) => userId);
  yield;
  const plannedBefore = groupBy(
    await rows.teamPlannedDays(team.id, plansFrom, addDays(itemsFrom, -1)),
    ([userId]) => userId,
  );
  yield;

  const unclassifiedRank = new Map<number, { rank: number; name: string }>();
  for (const [rank, [id, name]] of (await rows.teamUnclassifiedAccounts(team.id)).entries()) {
    unclassifiedRank.set(id, { rank, name });
  }
  const unclassifiedWork = new Map<string, Map<string, number[]>>();
  for (const week of ranges.weeks) {
    const touched = await rows.teamUnclassifiedActivity(team.id, week.from, week.to);
    unclassifiedWork.set(
      windowKey(week.from, week.to),
      new Map([...groupBy(touched, ([userId]) => userId)].map(([userId, rows]) => [userId, rows.map(([, id]) => id)])),
    );
  }
  yield;

  // Streaks from the plans read; the few that reach back past them are read rep by rep.
  const streaks = new Map<string, number>();
  for (const frame of frames) {
    const { rep, today } = frame;
    if (streaks.has(rep.userId)) continue;
    const known = planStreakKnownFrom(
      {
        today,
        plannedDates: new Set(
          [...(plannedBefore.get(rep.userId) ?? []), ...(plans.get(rep.userId) ?? [])].map(([, date]) => date),
        ),
        pauses: pauses.get(rep.userId) ?? [],
        workingDays: workingDaysOf(rep),
        holidays: streakHolidays(team, rep, plansFrom, today),
      },
      plansFrom,
    );
    streaks.set(rep.userId, known ?? (await streakOf(store, rep, today, team)));
  }

  const winsBetween = (userId: string, from: LocalDate, to: LocalDate) =>
    (wins.get(userId) ?? []).reduce(
      (sum, [, closedOn, cents]) => (closedOn >= from && closedOn <= to ? sum + cents : sum),
      0,
    );
  const planOn = (userId: string, date: LocalDate): PlanItem[] => {
    const row = plans.get(userId)?.find(([, day]) => day === date);
    return row ? (JSON.parse(row[2]) as PlanItem[]) : [];
  };
  const openDealsOf = (userId: string): OpenDeal[] =>
    (deals.get(userId) ?? [])
      .filter((d) => d.status === 'open')
      .map((d) =>
        toOpenDeal({
          id: d.id,
          accountId: d.accountId,
          account: d.account,
          icp: d.icp,
          amountCents: d.amountCents,
          closeOn: d.closeOn,
          updatedOn: d.changedOn,
          lastActivityOn: lastActivity.get(d.accountId) ?? null,
        }),
      );
  const unclassifiedOf = (userId: string, week: StatusFrame['week']) => {
    const ids = new Set(unclassifiedWork.get(windowKey(week.start, week.end))?.get(userId) ?? []);
    for (const deal of deals.get(userId) ?? [])
      if (deal.status === 'open' && deal.icp === 'unknown') ids.add(deal.accountId);
    return [...ids]
      .flatMap((id) => {
        const account = unclassifiedRank.get(id);
        return account ? [{ id, ...account }] : [];
      })
      .sort((a, b) => a.rank - b.rank)
      .slice(0, UNCLASSIFIED_LIST_LIMIT)
      .map(({ id, name }) => ({ id, name }));
  };
  const tallies = (userId: string, from: LocalDate, to: LocalDate) => activity.get(windowKey(from, to))?.get(userId);
  const byRecord = (rows: readonly TeamDealRow[], weekAgo: LocalDate) => {
    const lastBy = lastActivityBy.get(weekAgo);
    return rows
      .filter((d) => d.status === 'open' || (d.closedOn !== null && d.closedOn >= weekAgo))
      .map((d) =>
        toDealOnRecord(
          {
            amountCents: d.amountCents,
            status: d.status,
            icp: d.icp,
            openedOn: d.openedOn,
            closeOn: d.closeOn,
            closedOn: d.closedOn,
            updatedOn: d.updatedOn,
            lastActivityOn: lastBy?.get(d.accountId) ?? null,
          },
          weekAgo,
        ),
      );
  };

  const facts = {
    statusFacts(frame: StatusFrame): StatusFacts {
      const { rep, kind, period, next, today, week } = frame;
      const userId = rep.userId;
      const repQuotas = ranges.quotasByRep.get(userId) ?? [];
      // As the rep's own card reads it: this period's quota carried over when none was set (quota-carry.ts);
      // the next period's only as set.
      const quotaOf = (start: LocalDate, carries: boolean) =>
        quotaInEffect(repQuotas, { kind, periodStart: start, carries })?.amountCents ?? null;
      const repTargets: Target[] = targets.get(userId) ?? [];
      const has = (per: 'day' | 'week') => repTargets.some((t) => t.per === per);
      const conversion = conversions.get(today)?.get(userId) ?? NO_CONVERSION;
      return {
        pauses: pauses.get(userId) ?? [],
        quotaCents: quotaOf(period.start, kind === rep.quotaPeriod),
        nextQuotaCents: quotaOf(next.start, false),
        closed: { wonInPeriod: winsBetween(userId, period.start, period.end), ...conversion },
        teamConversion: teamRates.get(today) as TeamConversion,
        openDeals: openDealsOf(userId),
        mix: mixOf(tallies(userId, week.start, week.end)),
        targets: repTargets,
        targetCounts: {
          day: has('day') ? targetCountsOf(tallies(userId, today, today)) : {},
          week: has('week') ? targetCountsOf(tallies(userId, week.start, week.end)) : {},
        },
        plan: planOn(userId, today),
        unclassifiedAccounts: unclassifiedOf(userId, week),
        otherQuotas: repQuotas
          .filter((q) => q.periodKind !== kind && q.periodStart <= today && q.periodEnd >= today)
          .map((q) => {
            const other = periodContaining(q.periodKind, today, team.fiscalYearStartMonth);
            return {
              periodKind: q.periodKind,
              amountCents: q.amountCents,
              wonCents: winsBetween(userId, other.start, other.end),
            };
          }),
      };
    },
    reviewFacts(status: Status, shown: Status): ReviewFacts {
      const userId = status.rep.userId;
      const window = reviewWindow(status.clock.local.date);
      const weekAgo = lastWeekDay(shown);
      return {
        pauses: pauses.get(userId) ?? [],
        planned: (plans.get(userId) ?? [])
          .filter(([, date]) => date >= window.from && date <= window.to)
          .map(([, localDate, items]) => ({ localDate, planItems: JSON.parse(items) as PlanItem[] })),
        mix: mixOf(tallies(userId, window.from, window.to)),
        streak: streaks.get(userId) ?? 0,
        lastWeek:
          weekAgo === null
            ? null
            : {
                wonCents: winsBetween(userId, shown.period.start, weekAgo),
                deals: byRecord(deals.get(userId) ?? [], weekAgo),
              },
      };
    },
  };
  return {
    statusFacts: async (frame) => facts.statusFacts(frame),
    reviewFacts: async (status, shown) => facts.reviewFacts(status, shown),
  };
}
