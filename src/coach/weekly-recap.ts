/**
 * What a weekly post looks back on besides the team's progress: every win since the previous post, so none
 * falls between two posts (across a week or a period boundary), and, in the first post after a team period
 * ended, how that period went for the team.
 *
 * A post covers the days from the previous post's day up to yesterday (the team's dates); the first post
 * ever covers the 7 days before today. The previous post is the last one the sends table records as out, and
 * its day is when it was claimed, in the team's zone. A win recorded after the previous post but dated before
 * the days it covered (booked late, backdated) is shown too, marked as such: no post could have shown it.
 */
import type { TeamWin } from '../db/recaps.js';
import type { Team } from '../db/teams.js';
import { addDays, type LocalDate, localDate } from '../domain/calendar.js';
import { type Period, periodContaining } from '../domain/period.js';
import { quotaInEffect } from '../domain/quota-carry.js';
import type { Store } from '../storage/types.js';
import { periodBefore } from './recap.js';

/** The days a first post covers. */
export const FIRST_POST_DAYS = 7;

/**
 * How far before a post's days a late win is looked for: wins are backdated up to 45 days, and a rep's date
 * may be a day off the team's.
 */
export const LATE_WIN_DAYS = 46;

/** How a team period that ended went: the reps with a quota of the team's kind in effect for it. */
export interface TeamRecap {
  period: Period;
  quotaCents: number;
  /** Won by the reps with a quota for the period. */
  wonCents: number;
  repsWithQuota: number;
  /** Reps whose wins reached their quota, largest attainment first. */
  atOrOver: string[];
  /** Won in the period by reps without a quota of the team's kind for it (not in the totals). */
  otherWonCents: number;
}

export interface WeeklyLookBack {
  /** The days this post covers (team dates, inclusive). */
  window: { from: LocalDate; to: LocalDate };
  /** The previous post's day, or null for the first post. */
  since: LocalDate | null;
  /** Wins dated in the window, and wins booked late, largest first. */
  wins: TeamWin[];
  /** The team period that ended within the window, recapped; null when none did. */
  recap: TeamRecap | null;
}

/** A team period's results, with each rep's quota as the team view counted it (carried over when not set). */
export async function teamRecap(store: Store, team: Team, period: Period): Promise<TeamRecap | null> {
  const [quotas, wins] = await Promise.all([
    store.recaps.teamQuotasUpTo(team.id, period.kind, period.start),
    store.teamRows.teamWins(team.id, period.start, period.end),
  ]);
  const byRep = new Map<string, typeof quotas>();
  for (const row of quotas) {
    const rows = byRep.get(row.userId);
    if (rows) rows.push(row);
    else byRep.set(row.userId, [row]);
  }
  const won = new Map<string, number>();
  for (const [userId, , cents] of wins) {
    won.set(userId, (won.get(userId) ?? 0) + cents);
  }
  const counted: { userId: string; quotaCents: number; wonCents: number }[] = [];
  for (const [userId, rows] of byRep) {
    const quota = quotaInEffect(rows, {
      kind: period.kind,
      periodStart: period.start,
      carries: rows[0]?.repKind === period.kind,
    });
    if (quota) counted.push({ userId, quotaCents: quota.amountCents, wonCents: won.get(userId) ?? 0 });
  }
  const allWon = [...won.values()].reduce((sum, cents) => sum + cents, 0);
  if (counted.length === 0 && allWon === 0) return null;
  const wonCents = counted.reduce((sum, r) => sum + r.wonCents, 0);
  const share = (r: (typeof counted)[number]) =>
    r.quotaCents === 0 ? Number.POSITIVE_INFINITY : r.wonCents / r.quotaCents;
  return {
    period,
    quotaCents: counted.reduce((sum, r) => sum + r.quotaCents, 0),
    wonCents,
    repsWithQuota: counted.length,
    atOrOver: counted
      .filter((r) => r.wonCents >= r.quotaCents)
      .sort((a, b) => share(b) - share(a) || a.userId.localeCompare(b.userId))
      .map((r) => r.userId),
    otherWonCents: allWon - wonCents,
  };
}

/**
 * What the weekly post of ISO week `week`, built at `now`, looks back on: the days since the last post that
 * went out before it (the sends table: `recipient` is the weekly post's in its send keys), their wins, and
 * the recap of a team period that ended in them.
 */
export async function weeklyLookBack(
  store: Store,
  team: Team,
  input: { now: number; defaultTimezone: string; recipient: string; week: string },
): Promise<WeeklyLookBack> {
  const zone = team.timezone ?? input.defaultTimezone;
  const today = localDate(input.now, zone);
  const previous = await store.sendHistory.lastPostedBefore({
    teamId: team.id,
    recipient: input.recipient,
    kind: 'weekly',
    before: input.week,
  });
  // Claimed before its figures were read: a win recorded at that moment is shown again rather than never.
  const lastPostAt = previous ? Math.min(previous.claimedAt, previous.firstAttemptAt ?? previous.claimedAt) : null;
  const since = lastPostAt === null ? null : localDate(lastPostAt, zone);
  const to = addDays(today, -1);
  const from = since ?? addDays(today, -FIRST_POST_DAYS);
  const wins = await store.recaps.teamWinsToShow(team.id, {
    from,
    to,
    lateFrom: addDays(from, -LATE_WIN_DAYS),
    lastPostAt,
  });
  const ended = periodBefore(
    periodContaining(team.periodKind, today, team.fiscalYearStartMonth),
    team.fiscalYearStartMonth,
  );
  // The first post whose days reach the period's last day recaps it (its end is always before today).
  const recap = from <= ended.end ? await teamRecap(store, team, ended) : null;
  return { window: { from, to }, since, wins, recap };
}
