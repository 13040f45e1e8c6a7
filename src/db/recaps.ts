/**
 * Reads for looking back: a period that ended (the rep's recap in their first check-in of the next one, the
 * team's in its first weekly post after it) and the wins since the last weekly post.
 */
import { sql } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import type { QuotaSet } from '../domain/quota-carry.js';
import type { Db } from './connection.js';

export interface WinOnRecord {
  userId: string;
  amountCents: number;
  account: string;
  closedOn: LocalDate;
}

/** The rep's largest win dated from `from` to `to` (the earliest of equal ones), with its account. */
export function largestWin(db: Db, teamId: string, userId: string, from: LocalDate, to: LocalDate): WinOnRecord | null {
  const row = db.get<WinOnRecord>(sql`
    select d.user_id as userId, d.amount_cents as amountCents, c.name as account, d.closed_on as closedOn
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId} and d.user_id = ${userId} and d.status = 'won'
      and d.closed_on >= ${from} and d.closed_on <= ${to}
    order by d.amount_cents desc, d.closed_on, d.id limit 1`);
  return row ?? null;
}

export interface TeamWin extends WinOnRecord {
  /** Dated before the window, but recorded after the last post (backdated): no post has shown it. */
  late: boolean;
}

/**
 * The team's wins a weekly post shows: those dated in [from, to], and (when an earlier post went out, at
 * `lastPostAt`) those recorded after it but dated from `lateFrom` to before `from`, which it could not show.
 * Largest first.
 */
export function teamWinsToShow(
  db: Db,
  teamId: string,
  window: { from: LocalDate; to: LocalDate; lateFrom: LocalDate; lastPostAt: number | null },
): TeamWin[] {
  const rows = db.values<[string, number, string, LocalDate, number]>(sql`
    select d.user_id, d.amount_cents, c.name, d.closed_on, d.closed_on < ${window.from}
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId} and d.status = 'won' and d.closed_on >= ${window.lateFrom}
      and d.closed_on <= ${window.to}
      and (d.closed_on >= ${window.from} or d.closed_at > ${window.lastPostAt ?? Number.MAX_SAFE_INTEGER})
    order by d.amount_cents desc, d.closed_on, d.id`);
  return rows.map(([userId, amountCents, account, closedOn, late]) => ({
    userId,
    amountCents,
    account,
    closedOn,
    late: late === 1,
  }));
}

export interface RepQuotaSet extends QuotaSet {
  userId: string;
  /** The kind of the rep's card: the one whose quota carries over (domain/quota-carry.ts). */
  repKind: PeriodKind;
}

/** The team's quotas of one kind set for periods starting on or before `upTo`, with each rep's own kind. */
export function teamQuotasUpTo(db: Db, teamId: string, kind: PeriodKind, upTo: LocalDate): RepQuotaSet[] {
  return db.all<RepQuotaSet>(sql`
    select q.user_id as userId, q.period_kind as periodKind, q.period_start as periodStart,
      q.amount_cents as amountCents, r.quota_period as repKind
    from quotas q join reps r on r.team_id = q.team_id and r.user_id = q.user_id
    where q.team_id = ${teamId} and q.period_kind = ${kind} and q.period_start <= ${upTo}`);
}
