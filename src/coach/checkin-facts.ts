/**
 * The morning check-in's facts for many reps of one team, read at once (db/due-reps.ts: one query per table)
 * and sorted by rep into the same StatusFacts and Yesterday that one rep's own reads give (gatherStatusFacts,
 * loadYesterday), so statusFromFacts and the check-in's message cannot tell the two apart. The scheduler pass
 * reads its due check-ins this way (scheduler/checkin-batches.ts).
 */
import { UNCLASSIFIED_LIST_LIMIT } from '../db/accounts.js';
import type { TargetCounts } from '../db/activities.js';
import type { PlanItem } from '../db/checkins.js';
import { type TeamConversion, toOpenDeal } from '../db/deals.js';
import type { CheckinRow, DayTally } from '../db/due-reps.js';
import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { addDays, earlierDate, type LocalDate, laterDate } from '../domain/calendar.js';
import type { ActivityKind } from '../domain/command.js';
import type { ActivityMix } from '../domain/gap.js';
import { periodContaining } from '../domain/period.js';
import { quotaInEffect } from '../domain/quota-carry.js';
import type { Store } from '../storage/types.js';
import { closedFigures, closedRange, type StatusFacts, type StatusFrame, statusFrame } from './status.js';
import { groupBy } from './team-reads.js';
import { LOOK_BACK_DAYS, type LookedBack, type Yesterday, yesterdayOf } from './yesterday.js';

/** What one rep's morning check-in is made from. */
export interface CheckinFacts {
  frame: StatusFrame;
  facts: StatusFacts;
  yesterday: Yesterday;
}

/** A widening date range: the union of every rep's range of one kind, read once for all of them. */
class Span {
  from: LocalDate | null = null;
  to: LocalDate | null = null;
  add(from: LocalDate, to: LocalDate): void {
    this.from = this.from === null ? from : earlierDate(this.from, from);
    this.to = this.to === null ? to : laterDate(this.to, to);
  }
}

/** The quotas of another kind than the frame's whose period holds its today, as otherQuotasOn lists them. */
function otherQuotasOf<Q extends { kind: string; start: LocalDate; end: LocalDate }>(
  quotas: readonly Q[],
  frame: StatusFrame,
): Q[] {
  return quotas.filter((q) => q.kind !== frame.kind && q.start <= frame.today && q.end >= frame.today);
}

/** The check-in facts of `reps` (all of `team`) at `now`, by user ID. */
export async function readCheckinFacts(
  store: Store,
  team: Team,
  reps: readonly RepRow[],
  input: { now: number; defaultTimezone: string },
): Promise<Map<string, CheckinFacts>> {
  if (reps.length === 0) return new Map();
  const frames = reps.map((rep) => statusFrame(team, rep, input));
  const userIds = frames.map((frame) => frame.rep.userId);
  const due = store.dueReps;
  const quotas = groupBy(
    (await due.quotasOfReps(team.id, userIds)).map(([userId, kind, start, end, amountCents]) => ({
      userId,
      kind,
      start,
      end,
      amountCents,
    })),
    (q) => q.userId,
  );
  const closed = new Span();
  const weeks = new Span();
  const checkinDays = new Span();
  for (const frame of frames) {
    const range = closedRange(frame);
    closed.add(range.from, range.to);
    for (const quota of otherQuotasOf(quotas.get(frame.rep.userId) ?? [], frame)) {
      const other = periodContaining(quota.kind, frame.today, team.fiscalYearStartMonth);
      closed.add(other.start, other.end);
    }
    weeks.add(frame.week.start, frame.week.end);
    weeks.add(frame.today, frame.today);
    checkinDays.add(addDays(frame.today, -LOOK_BACK_DAYS), frame.today);
  }
  const byRep = <T extends readonly unknown[]>(rows: T[]) => groupBy(rows, (row) => row[0] as string);
  const [pauseRows, targetRows, closedRows, openRows, activityRows, unclassifiedRows, checkinRows] = await Promise.all([
    due.pausesOfReps(team.id, userIds),
    due.targetsOfReps(team.id, userIds),
    due.closedDealsOfReps(team.id, userIds, closed.from ?? '', closed.to ?? ''),
    due.openDealsOfReps(team.id, userIds),
    due.activityOfReps(team.id, userIds, weeks.from ?? '', weeks.to ?? ''),
    due.unclassifiedOfReps(team.id, userIds, weeks.from ?? '', weeks.to ?? ''),
    due.checkinsOfReps(team.id, userIds, checkinDays.from ?? '', checkinDays.to ?? ''),
  ]);
  const pauses = byRep(pauseRows);
  const targets = groupBy(targetRows, (t) => t.userId);
  const closedDeals = byRep(closedRows);
  const openDeals = byRep(openRows);
  const activity = byRep(activityRows);
  const unclassified = byRep(unclassifiedRows);
  const checkins = byRep(checkinRows);
  // The team's conversion, once per distinct today among the reps (as each rep's own card reads it).
  const rates = new Map<LocalDate, TeamConversion>();
  for (const { since, today } of frames) {
    if (!rates.has(today)) rates.set(today, await store.deals.teamConversion(team, since, today));
  }

  const result = new Map<string, CheckinFacts>();
  for (const frame of frames) {
    const { rep, kind, period, next, today, week, since } = frame;
    const userId = rep.userId;
    const repQuotas = quotas.get(userId) ?? [];
    const asSet = repQuotas.map((q) => ({ periodKind: q.kind, periodStart: q.start, amountCents: q.amountCents }));
    const range = closedRange(frame);
    const repClosed = closedDeals.get(userId) ?? [];
    const wonBetween = (from: LocalDate, to: LocalDate) =>
      repClosed.reduce(
        (sum, [, status, cents, , closedOn]) =>
          status === 'won' && closedOn >= from && closedOn <= to ? sum + cents : sum,
        0,
      );
    const repTargets = targets.get(userId) ?? [];
    const tallies = activity.get(userId) ?? [];
    const countsFor = (per: 'day' | 'week', from: LocalDate, to: LocalDate): TargetCounts =>
      repTargets.some((t) => t.per === per) ? targetCountsOf(tallies, from, to) : {};
    const days = (checkins.get(userId) ?? []).map(lookedBack);
    const todays = days.find((day) => day.localDate === today);
    const facts: StatusFacts = {
      pauses: (pauses.get(userId) ?? []).map(([, startsOn, until]) => ({ startsOn, until })),
      quotaCents:
        quotaInEffect(asSet, { kind, periodStart: period.start, carries: kind === rep.quotaPeriod })?.amountCents ??
        null,
      nextQuotaCents: repQuotas.find((q) => q.kind === kind && q.start === next.start)?.amountCents ?? null,
      closed: closedFigures(
        repClosed
          .filter(([, , , , closedOn]) => closedOn >= range.from && closedOn <= range.to)
          .map(([, status, amountCents, openedOn, closedOn]) => ({ status, amountCents, openedOn, closedOn })),
        period,
        since,
        today,
      ),
      teamConversion: rates.get(today) as TeamConversion,
      openDeals: (openDeals.get(userId) ?? []).map(
        ([, id, accountId, account, icp, amountCents, closeOn, updatedOn, lastActivityOn]) =>
          toOpenDeal({ id, accountId, account, icp, amountCents, closeOn, updatedOn, lastActivityOn }),
      ),
      mix: mixOf(tallies, week.start, week.end),
      targets: repTargets,
      targetCounts: { day: countsFor('day', today, today), week: countsFor('week', week.start, week.end) },
      plan: todays?.planItems ?? [],
      unclassifiedAccounts: unclassifiedOf(unclassified.get(userId) ?? [], week),
      otherQuotas: otherQuotasOf(repQuotas, frame).map((quota) => {
        const other = periodContaining(quota.kind, today, team.fiscalYearStartMonth);
        return { periodKind: quota.kind, amountCents: quota.amountCents, wonCents: wonBetween(other.start, other.end) };
      }),
    };
    const before = days.filter((day) => day.localDate < today);
    result.set(userId, { frame, facts, yesterday: yesterdayOf(before, todays) });
  }
  return result;
}

/** A row of checkinsOfReps as loadYesterday sees a check-in (the plan parsed as drizzle's JSON column does). */
function lookedBack([, localDate, items, planSetAt, reflection]: CheckinRow): LookedBack {
  return { localDate, planItems: JSON.parse(items) as PlanItem[], planSetAt, reflection };
}

function inRange(tally: DayTally, from: LocalDate, to: LocalDate): boolean {
  return tally[1] >= from && tally[1] <= to;
}

/** As activityMix: the days' activity by the accounts' ICP fit. */
function mixOf(tallies: readonly DayTally[], from: LocalDate, to: LocalDate): ActivityMix {
  const mix = { icp: 0, nonIcp: 0, unclassified: 0, noAccount: 0 };
  for (const tally of tallies) {
    if (!inRange(tally, from, to)) continue;
    mix.icp += tally[3];
    mix.nonIcp += tally[4];
    mix.unclassified += tally[5];
    mix.noAccount += tally[6];
  }
  return mix;
}

/** As targetCounts: per kind, what counts (ICP and unclassified accounts) and all of it, kinds in order. */
function targetCountsOf(tallies: readonly DayTally[], from: LocalDate, to: LocalDate): TargetCounts {
  const byKind = new Map<ActivityKind, { counted: number; all: number }>();
  for (const tally of tallies) {
    if (!inRange(tally, from, to)) continue;
    const counts = byKind.get(tally[2]) ?? { counted: 0, all: 0 };
    counts.counted += tally[3] + tally[5];
    counts.all += tally[7];
    byKind.set(tally[2], counts);
  }
  return Object.fromEntries([...byKind].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** As unclassifiedAccountsOf: the rows come by name key; each account once, the first UNCLASSIFIED_LIST_LIMIT. */
function unclassifiedOf(
  rows: readonly [string, number, string, LocalDate | null][],
  week: StatusFrame['week'],
): { id: number; name: string }[] {
  const seen = new Set<number>();
  const accounts: { id: number; name: string }[] = [];
  for (const [, id, name, date] of rows) {
    if (accounts.length >= UNCLASSIFIED_LIST_LIMIT) break;
    if (seen.has(id) || (date !== null && (date < week.start || date > week.end))) continue;
    seen.add(id);
    accounts.push({ id, name });
  }
  return accounts;
}
