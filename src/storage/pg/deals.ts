/**
 * The Postgres twin of src/db/deals.ts: the same reads and writes, with the same results in the same order.
 *
 * Writes. On SQLite a deal write is an immediate transaction: no other write runs between its read of the open
 * deal and its update. Here each write transaction first locks the team's row (`select … for update`), so the
 * team's deal writes run one at a time as they do on SQLite; the deals-version bump writes that row anyway.
 *
 * Reads. Where the SQLite query has no ORDER BY its rows come in the order of the index it searches
 * (deals_rep_summary: status, closing date, amount, opening date, rowid), so the ORDER BY here names those
 * columns, NULLs first as SQLite sorts them. The team's conversion is not cached per connection here.
 */
import { type AnyColumn, and, asc, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import type {
  ClosedDeal,
  DayDeals,
  Deal,
  DealChange,
  LostResult,
  OpportunityResult,
  PickableDeal,
  TeamConversion,
  WinResult,
} from '../../db/deals.js';
import { toDealOnRecord, toOpenDeal } from '../../db/deals.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { DealOnRecord } from '../../domain/gap.js';
import type { OpenDeal } from '../../domain/pipeline.js';
import { findAccount, findOrCreateAccount } from './accounts.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { accounts, activities, deals, teams } from './schema.js';

export type {
  ClosedDeal,
  DayDeals,
  Deal,
  DealChange,
  LostResult,
  OpportunityResult,
  PickableDeal,
  TeamConversion,
  WinResult,
} from '../../db/deals.js';
export { toDealOnRecord, toOpenDeal } from '../../db/deals.js';

interface DealWrite {
  teamId: string;
  userId: string;
  account: string;
  now: number;
  /** The rep's local date now. */
  today: LocalDate;
}

/** `column nulls first`: SQLite's place for NULL in an ascending sort. */
const nullsFirst = (column: AnyColumn) => sql`${column} nulls first`;

/** The order of the deals_rep_summary index within one rep's deals: how SQLite returns them unsorted. */
const repSummaryOrder = [
  asc(deals.status),
  nullsFirst(deals.closedOn),
  asc(deals.amountCents),
  nullsFirst(deals.openedOn),
  asc(deals.id),
];

/** Holds the team's row until the transaction ends: the team's deal writes run one at a time. */
async function lockTeamDeals(db: PgDb, teamId: string): Promise<void> {
  await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
}

/** Every deal write bumps the team's version, so cached team figures are never read stale. */
async function bumpDealsVersion(db: PgDb, teamId: string): Promise<void> {
  await db
    .update(teams)
    .set({ dealsVersion: sql`${teams.dealsVersion} + 1` })
    .where(eq(teams.id, teamId));
}

/** The rep's newest open deal on an account (one open deal per account; older data may hold two). */
export async function newestOpenDeal(
  db: PgDb,
  teamId: string,
  userId: string,
  accountId: number,
): Promise<Deal | undefined> {
  const [deal] = await db
    .select()
    .from(deals)
    .where(
      and(eq(deals.teamId, teamId), eq(deals.userId, userId), eq(deals.accountId, accountId), eq(deals.status, 'open')),
    )
    .orderBy(desc(deals.createdAt), desc(deals.id))
    .limit(1);
  return deal;
}

/**
 * Records a win. An open deal on the same account is closed as won at this amount, so it never counts twice,
 * and it keeps its opportunity date; a win with no opportunity first counts toward quota only. `wonOn`
 * backdates it (default today).
 */
export async function recordWin(
  db: PgDb,
  input: DealWrite & { amountCents: number; wonOn?: LocalDate },
): Promise<WinResult> {
  return db.transaction(async (tx) => {
    await lockTeamDeals(tx, input.teamId);
    const { account, created } = await findOrCreateAccount(tx, input.teamId, input.account);
    const wonOn = input.wonOn ?? input.today;
    const closed = {
      status: 'won' as const,
      amountCents: input.amountCents,
      closedAt: input.now,
      closedOn: wonOn,
      updatedOn: input.today,
    };
    const open = await newestOpenDeal(tx, input.teamId, input.userId, account.id);
    await bumpDealsVersion(tx, input.teamId);
    if (open) {
      // A win dated before the opportunity was entered: it was an opportunity by then at the latest.
      const openedOn = open.openedOn !== null && open.openedOn > wonOn ? wonOn : open.openedOn;
      await tx
        .update(deals)
        .set({ ...closed, openedOn })
        .where(eq(deals.id, open.id));
      return { account, accountCreated: created, closedOpen: { previousCents: open.amountCents } };
    }
    await tx.insert(deals).values({
      teamId: input.teamId,
      userId: input.userId,
      accountId: account.id,
      createdAt: input.now,
      openedOn: null,
      closeOn: wonOn,
      ...closed,
    });
    return { account, accountCreated: created, closedOpen: null };
  });
}

/**
 * A qualified opportunity. `closeOn` is the date the rep gave; without one a new deal closes at
 * `defaultCloseOn` (the period's end) and an existing one keeps its date.
 */
export async function addOpportunity(
  db: PgDb,
  input: DealWrite & { amountCents: number; closeOn?: LocalDate | null; defaultCloseOn?: LocalDate | null },
): Promise<OpportunityResult> {
  return db.transaction(async (tx) => {
    await lockTeamDeals(tx, input.teamId);
    const { account, created } = await findOrCreateAccount(tx, input.teamId, input.account);
    const open = await newestOpenDeal(tx, input.teamId, input.userId, account.id);
    await bumpDealsVersion(tx, input.teamId);
    if (open) {
      const closeOn = input.closeOn ?? open.closeOn ?? input.defaultCloseOn ?? null;
      await tx
        .update(deals)
        .set({ amountCents: input.amountCents, closeOn, updatedOn: input.today })
        .where(eq(deals.id, open.id));
      return {
        account,
        accountCreated: created,
        updated: { fromCents: open.amountCents, fromCloseOn: open.closeOn },
        closeOn,
      };
    }
    const closeOn = input.closeOn ?? input.defaultCloseOn ?? null;
    await tx.insert(deals).values({
      teamId: input.teamId,
      userId: input.userId,
      accountId: account.id,
      amountCents: input.amountCents,
      status: 'open',
      createdAt: input.now,
      openedOn: input.today,
      closeOn,
      updatedOn: input.today,
    });
    return { account, accountCreated: created, updated: null, closeOn };
  });
}

/** Marks the rep's newest open deal on the account lost. */
export async function markLost(db: PgDb, input: DealWrite): Promise<LostResult> {
  return db.transaction(async (tx) => {
    await lockTeamDeals(tx, input.teamId);
    const account = await findAccount(tx, input.teamId, input.account);
    if (!account) return { ok: false, reason: 'no-account' };
    const open = await newestOpenDeal(tx, input.teamId, input.userId, account.id);
    if (!open) return { ok: false, reason: 'no-open-deal', account };
    await closeAsLost(tx, open.id, input);
    const [remaining] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(deals)
      .where(
        and(
          eq(deals.teamId, input.teamId),
          eq(deals.userId, input.userId),
          eq(deals.accountId, account.id),
          eq(deals.status, 'open'),
        ),
      );
    return { ok: true, account, amountCents: open.amountCents, stillOpen: remaining?.n ?? 0 };
  });
}

async function closeAsLost(
  db: PgDb,
  dealId: number,
  input: { teamId: string; now: number; today: LocalDate },
): Promise<void> {
  await bumpDealsVersion(db, input.teamId);
  await db
    .update(deals)
    .set({ status: 'lost', closedAt: input.now, closedOn: input.today, updatedOn: input.today })
    .where(eq(deals.id, dealId));
}

/** One of the rep's own open deals, with its account's name; undefined if not theirs or not open. */
export async function openDealOf(
  db: PgDb,
  input: { teamId: string; userId: string; dealId: number },
): Promise<(Deal & { account: string }) | undefined> {
  const [row] = await db
    .select({ deal: deals, account: accounts.name })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(
      and(
        eq(deals.id, input.dealId),
        eq(deals.teamId, input.teamId),
        eq(deals.userId, input.userId),
        eq(deals.status, 'open'),
      ),
    )
    .limit(1);
  return row ? { ...row.deal, account: row.account } : undefined;
}

/**
 * An answer to "is this stale deal still real?": a new close date (or the same one, confirmed), or lost.
 * Only the rep's own open deal changes; anything else changes nothing.
 */
export async function answerStaleDeal(
  db: PgDb,
  input: { teamId: string; userId: string; dealId: number; now: number; today: LocalDate } & (
    | { answer: 'close-on'; closeOn: LocalDate }
    | { answer: 'lost' }
  ),
): Promise<DealChange> {
  return db.transaction(async (tx) => {
    await lockTeamDeals(tx, input.teamId);
    const deal = await openDealOf(tx, input);
    if (!deal) return { ok: false, reason: 'not-open' };
    if (input.answer === 'lost') {
      await closeAsLost(tx, deal.id, input);
    } else {
      await bumpDealsVersion(tx, input.teamId);
      await tx.update(deals).set({ closeOn: input.closeOn, updatedOn: input.today }).where(eq(deals.id, deal.id));
    }
    return { ok: true, account: deal.account, amountCents: deal.amountCents, fromCloseOn: deal.closeOn };
  });
}

/** The rep's deals won or lost from `from` to `to` (local dates, inclusive). */
export async function closedDeals(
  db: PgDb,
  teamId: string,
  userId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<ClosedDeal[]> {
  const query = preparedOn(db, 'closed_deals', (d) =>
    d
      .select({
        status: deals.status,
        amountCents: deals.amountCents,
        openedOn: deals.openedOn,
        closedOn: deals.closedOn,
      })
      .from(deals)
      .where(
        and(
          eq(deals.teamId, sql.placeholder('teamId')),
          eq(deals.userId, sql.placeholder('userId')),
          or(eq(deals.status, 'won'), eq(deals.status, 'lost')),
          gte(deals.closedOn, sql.placeholder('from')),
          lte(deals.closedOn, sql.placeholder('to')),
        ),
      )
      .orderBy(...repSummaryOrder),
  );
  return (await query.execute({ teamId, userId, from, to })) as ClosedDeal[];
}

/** The UTC day of the deal's creation: SQLite's `date(created_at / 1000, 'unixepoch')`. */
const createdDay = sql`to_char(to_timestamp(${deals.createdAt} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`;

/** The rep's open deals with their accounts' fit and when each last moved (the deal, or activity on its account). */
export async function openDealsOf(db: PgDb, teamId: string, userId: string): Promise<OpenDeal[]> {
  const query = preparedOn(db, 'open_deals_of', (d) =>
    d
      .select({
        id: deals.id,
        accountId: deals.accountId,
        account: accounts.name,
        icp: accounts.icp,
        amountCents: deals.amountCents,
        closeOn: deals.closeOn,
        updatedOn: sql<string>`coalesce(${deals.updatedOn}, ${createdDay})`,
        lastActivityOn: sql<
          string | null
        >`(select max(${activities.localDate}) from ${activities} where ${activities.accountId} = ${deals.accountId})`,
      })
      .from(deals)
      .innerJoin(accounts, eq(accounts.id, deals.accountId))
      .where(
        and(
          eq(deals.teamId, sql.placeholder('teamId')),
          eq(deals.userId, sql.placeholder('userId')),
          eq(deals.status, 'open'),
        ),
      )
      .orderBy(...repSummaryOrder),
  );
  const rows = await query.execute({ teamId, userId });
  return rows.map(toOpenDeal);
}

/**
 * The rep's deals that were open at some point from `date` on (open now, or closed since), as the record
 * shows them on `date`: for rebuilding that day's projection.
 */
export async function dealsOpenSince(
  db: PgDb,
  teamId: string,
  userId: string,
  date: LocalDate,
): Promise<DealOnRecord[]> {
  const rows = await db
    .select({
      amountCents: deals.amountCents,
      status: deals.status,
      icp: accounts.icp,
      openedOn: deals.openedOn,
      closeOn: deals.closeOn,
      closedOn: deals.closedOn,
      updatedOn: deals.updatedOn,
      lastActivityOn: sql<string | null>`(select max(${activities.localDate}) from ${activities}
        where ${activities.accountId} = ${deals.accountId} and ${activities.localDate} <= ${date})`,
    })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(
      and(eq(deals.teamId, teamId), eq(deals.userId, userId), or(eq(deals.status, 'open'), gte(deals.closedOn, date))),
    )
    .orderBy(...repSummaryOrder);
  return rows.map((row) => toDealOnRecord(row, date));
}

/** The team's pooled conversion over [since, today] and its average deal. */
export async function teamConversion(
  db: PgDb,
  team: { id: string; dealsVersion: number },
  since: LocalDate,
  today: LocalDate,
): Promise<TeamConversion> {
  const query = preparedOn(db, 'team_conversion', (d) => {
    const fromOpportunity = sql<number>`(${deals.openedOn} is not null)::int`;
    return d
      .select({
        status: deals.status,
        fromOpportunity,
        count: sql<number>`count(*)`,
        cents: sql<number>`coalesce(sum(${deals.amountCents}), 0)`,
      })
      .from(deals)
      .where(
        and(
          eq(deals.teamId, sql.placeholder('teamId')),
          or(
            eq(deals.status, 'open'),
            and(
              or(eq(deals.status, 'won'), eq(deals.status, 'lost')),
              gte(deals.closedOn, sql.placeholder('since')),
              lte(deals.closedOn, sql.placeholder('today')),
            ),
          ),
        ),
      )
      .groupBy(deals.status, fromOpportunity);
  });
  const rows = await query.execute({ teamId: team.id, since, today });
  const sum = (status: string, opportunity?: boolean) =>
    rows
      .filter((r) => r.status === status && (opportunity === undefined || Boolean(r.fromOpportunity) === opportunity))
      .reduce((acc, r) => ({ count: acc.count + r.count, cents: acc.cents + r.cents }), { count: 0, cents: 0 });
  const oppWon = sum('won', true);
  const lost = sum('lost');
  const won = sum('won');
  const open = sum('open');
  return {
    closed12: { won: oppWon.count, wonCents: oppWon.cents, lost: lost.count, lostCents: lost.cents },
    averageDealCents: won.count > 0 ? won.cents / won.count : open.count > 0 ? open.cents / open.count : null,
  };
}

/** The rep's deal moves on one local day: wins and losses by closing date, new opportunities by creation instant. */
export async function dealsOnDay(
  db: PgDb,
  teamId: string,
  userId: string,
  day: { date: string; startMs: number; endMs: number },
): Promise<DayDeals> {
  const rows = await db
    .select({
      status: deals.status,
      amountCents: deals.amountCents,
      closedOn: deals.closedOn,
      createdAt: deals.createdAt,
      account: accounts.name,
    })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(
      and(
        eq(deals.teamId, teamId),
        eq(deals.userId, userId),
        or(eq(deals.closedOn, day.date), and(gte(deals.createdAt, day.startMs), lt(deals.createdAt, day.endMs))),
      ),
    )
    .orderBy(deals.id);
  const closedToday = rows.filter((row) => row.closedOn === day.date);
  const openedToday = rows.filter(
    (row) => row.status === 'open' && row.createdAt >= day.startMs && row.createdAt < day.endMs,
  );
  return {
    won: closedToday
      .filter((row) => row.status === 'won')
      .map(({ account, amountCents }) => ({ account, amountCents })),
    lost: closedToday.filter((row) => row.status === 'lost').length,
    newOpportunities: {
      count: openedToday.length,
      amountCents: openedToday.reduce((sum, row) => sum + row.amountCents, 0),
    },
  };
}

/** Won amounts with closing dates from `from` to `to` (local dates, inclusive). */
export async function wonBetween(db: PgDb, teamId: string, userId: string, from: string, to: string): Promise<number> {
  const query = preparedOn(db, 'won_between', (d) =>
    d
      .select({ cents: sql<number>`coalesce(sum(${deals.amountCents}), 0)` })
      .from(deals)
      .where(
        and(
          eq(deals.teamId, sql.placeholder('teamId')),
          eq(deals.userId, sql.placeholder('userId')),
          eq(deals.status, 'won'),
          gte(deals.closedOn, sql.placeholder('from')),
          lte(deals.closedOn, sql.placeholder('to')),
        ),
      ),
  );
  const [row] = await query.execute({ teamId, userId, from, to });
  return row?.cents ?? 0;
}

/** The rep's open deals with their accounts, largest first (the "Mark lost" picker: keyed by deal). */
export async function openDeals(db: PgDb, teamId: string, userId: string): Promise<PickableDeal[]> {
  return db
    .select({
      id: deals.id,
      accountId: deals.accountId,
      account: accounts.name,
      amountCents: deals.amountCents,
      closeOn: deals.closeOn,
    })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, teamId), eq(deals.userId, userId), eq(deals.status, 'open')))
    .orderBy(desc(deals.amountCents), deals.id);
}
