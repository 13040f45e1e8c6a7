/**
 * The Postgres twin of src/db/recaps.ts: reads for looking back (a period's recap, the weekly post's wins), with
 * the same rows in the same order as the SQLite module.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { RepQuotaSet, TeamWin, WinOnRecord } from '../../db/recaps.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { PeriodKind } from '../../domain/command.js';
import type { PgDb } from './db.js';

export type { RepQuotaSet, TeamWin, WinOnRecord } from '../../db/recaps.js';

async function rowsOf<T extends Record<string, unknown>>(db: PgDb, query: SQL): Promise<T[]> {
  return (await db.execute<T>(query)).rows as T[];
}

/** The rep's largest win dated from `from` to `to` (the earliest of equal ones), with its account. */
export async function largestWin(
  db: PgDb,
  teamId: string,
  userId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<WinOnRecord | null> {
  const [row] = await rowsOf<WinOnRecord & Record<string, unknown>>(
    db,
    sql`
    select d.user_id as "userId", d.amount_cents as "amountCents", c.name as account, d.closed_on as "closedOn"
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId} and d.user_id = ${userId} and d.status = 'won'
      and d.closed_on >= ${from} and d.closed_on <= ${to}
    order by d.amount_cents desc, d.closed_on, d.id limit 1`,
  );
  return row ?? null;
}

/**
 * The team's wins a weekly post shows: those dated in [from, to], and (when an earlier post went out, at
 * `lastPostAt`) those recorded after it but dated from `lateFrom` to before `from`, which it could not show.
 * Largest first.
 */
export async function teamWinsToShow(
  db: PgDb,
  teamId: string,
  window: { from: LocalDate; to: LocalDate; lateFrom: LocalDate; lastPostAt: number | null },
): Promise<TeamWin[]> {
  return rowsOf<TeamWin & Record<string, unknown>>(
    db,
    sql`
    select d.user_id as "userId", d.amount_cents as "amountCents", c.name as account, d.closed_on as "closedOn",
      d.closed_on < ${window.from} as late
    from deals d join accounts c on c.id = d.account_id
    where d.team_id = ${teamId} and d.status = 'won' and d.closed_on >= ${window.lateFrom}
      and d.closed_on <= ${window.to}
      and (d.closed_on >= ${window.from} or d.closed_at > ${window.lastPostAt ?? Number.MAX_SAFE_INTEGER})
    order by d.amount_cents desc, d.closed_on, d.id`,
  );
}

/**
 * The team's quotas of one kind set for periods starting on or before `upTo`, with each rep's own kind; in the
 * order SQLite reads them (by the team's index, quotas_team: as they were first set).
 */
export async function teamQuotasUpTo(
  db: PgDb,
  teamId: string,
  kind: PeriodKind,
  upTo: LocalDate,
): Promise<RepQuotaSet[]> {
  return rowsOf<RepQuotaSet & Record<string, unknown>>(
    db,
    sql`
    select q.user_id as "userId", q.period_kind as "periodKind", q.period_start as "periodStart",
      q.amount_cents as "amountCents", r.quota_period as "repKind"
    from quotas q join reps r on r.team_id = q.team_id and r.user_id = q.user_id
    where q.team_id = ${teamId} and q.period_kind = ${kind} and q.period_start <= ${upTo}
    order by q.id`,
  );
}
