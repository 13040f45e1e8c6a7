import { and, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.js';
import type { IcpFit } from '../domain/command.js';
import type { ClosedOpportunities } from '../domain/conversion.js';
import type { DealOnRecord } from '../domain/gap.js';
import type { OpenDeal } from '../domain/pipeline.js';
import { type Account, findAccount, findOrCreateAccount } from './accounts.js';
import type { Db } from './connection.js';
import { cachedOnConnection, prepared } from './prepared.js';
import { accounts, activities, deals, teams } from './schema.js';

export type Deal = typeof deals.$inferSelect;

interface DealWrite {
  teamId: string;
  userId: string;
  account: string;
  now: number;
  /** The rep's local date now. */
  today: LocalDate;
}

/** Every deal write bumps the team's version, so cached team figures are never read stale. */
function bumpDealsVersion(db: Db, teamId: string): void {
  db.update(teams)
    .set({ dealsVersion: sql`${teams.dealsVersion} + 1` })
    .where(eq(teams.id, teamId))
    .run();
}

export interface WinResult {
  account: Account;
  accountCreated: boolean;
  /** The open deal this win closed, with its pipeline amount before the win. */
  closedOpen: { previousCents: number } | null;
}

/** The rep's newest open deal on an account (one open deal per account; older data may hold two). */
export function newestOpenDeal(db: Db, teamId: string, userId: string, accountId: number): Deal | undefined {
  return db
    .select()
    .from(deals)
    .where(
      and(eq(deals.teamId, teamId), eq(deals.userId, userId), eq(deals.accountId, accountId), eq(deals.status, 'open')),
    )
    .orderBy(desc(deals.createdAt), desc(deals.id))
    .get();
}

/**
 * Records a win. An open deal on the same account is closed as won at this amount, so it never counts
 * twice, and it keeps its opportunity date (conversion and the sales cycle count it); a win with no
 * opportunity first counts toward quota only. `wonOn` backdates it (default today): it counts in the
 * period holding that date.
 */
export function recordWin(db: Db, input: DealWrite & { amountCents: number; wonOn?: LocalDate }): WinResult {
  return db.transaction(
    (tx) => {
      const { account, created } = findOrCreateAccount(tx, input.teamId, input.account);
      const wonOn = input.wonOn ?? input.today;
      const closed = {
        status: 'won' as const,
        amountCents: input.amountCents,
        closedAt: input.now,
        closedOn: wonOn,
        updatedOn: input.today,
      };
      const open = newestOpenDeal(tx, input.teamId, input.userId, account.id);
      bumpDealsVersion(tx, input.teamId);
      if (open) {
        // A win dated before the opportunity was entered: it was an opportunity by then at the latest.
        const openedOn = open.openedOn !== null && open.openedOn > wonOn ? wonOn : open.openedOn;
        tx.update(deals)
          .set({ ...closed, openedOn })
          .where(eq(deals.id, open.id))
          .run();
        return { account, accountCreated: created, closedOpen: { previousCents: open.amountCents } };
      }
      tx.insert(deals)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          accountId: account.id,
          createdAt: input.now,
          openedOn: null,
          closeOn: wonOn,
          ...closed,
        })
        .run();
      return { account, accountCreated: created, closedOpen: null };
    },
    { behavior: 'immediate' },
  );
}

export interface OpportunityResult {
  account: Account;
  accountCreated: boolean;
  /** Set when the rep already had an open deal on the account: it is updated, not duplicated. */
  updated: { fromCents: number; fromCloseOn: LocalDate | null } | null;
  /** The deal's close date now (null: the period's end, as for deals from before close dates). */
  closeOn: LocalDate | null;
}

/**
 * A qualified opportunity. `closeOn` is the date the rep gave; without one a new deal closes at
 * `defaultCloseOn` (the period's end) and an existing one keeps its date.
 */
export function addOpportunity(
  db: Db,
  input: DealWrite & { amountCents: number; closeOn?: LocalDate | null; defaultCloseOn?: LocalDate | null },
): OpportunityResult {
  return db.transaction(
    (tx) => {
      const { account, created } = findOrCreateAccount(tx, input.teamId, input.account);
      const open = newestOpenDeal(tx, input.teamId, input.userId, account.id);
      bumpDealsVersion(tx, input.teamId);
      if (open) {
        const closeOn = input.closeOn ?? open.closeOn ?? input.defaultCloseOn ?? null;
        tx.update(deals)
          .set({ amountCents: input.amountCents, closeOn, updatedOn: input.today })
          .where(eq(deals.id, open.id))
          .run();
        return {
          account,
          accountCreated: created,
          updated: { fromCents: open.amountCents, fromCloseOn: open.closeOn },
          closeOn,
        };
      }
      const closeOn = input.closeOn ?? input.defaultCloseOn ?? null;
      tx.insert(deals)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          accountId: account.id,
          amountCents: input.amountCents,
          status: 'open',
          createdAt: input.now,
          openedOn: input.today,
          closeOn,
          updatedOn: input.today,
        })
        .run();
      return { account, accountCreated: created, updated: null, closeOn };
    },
    { behavior: 'immediate' },
  );
}

export type LostResult =
  | { ok: true; account: Account; amountCents: number; stillOpen: number }
  | { ok: false; reason: 'no-account' | 'no-open-deal'; account?: Account };

/** Marks the rep's newest open deal on the account lost. */
export function markLost(db: Db, input: DealWrite): LostResult {
  return db.transaction(
    (tx) => {
      const account = findAccount(tx, input.teamId, input.account);
      if (!account) return { ok: false, reason: 'no-account' };
      const open = newestOpenDeal(tx, input.teamId, input.userId, account.id);
      if (!open) return { ok: false, reason: 'no-open-deal', account };
      closeAsLost(tx, open.id, input);
      const remaining = tx
        .select({ n: sql<number>`count(*)` })
        .from(deals)
        .where(
          and(
            eq(deals.teamId, input.teamId),
            eq(deals.userId, input.userId),
            eq(deals.accountId, account.id),
            eq(deals.status, 'open'),
          ),
        )
        .get();
      return { ok: true, account, amountCents: open.amountCents, stillOpen: remaining?.n ?? 0 };
    },
    { behavior: 'immediate' },
  );
}

function closeAsLost(db: Db, dealId: number, input: { teamId: string; now: number; today: LocalDate }): void {
  bumpDealsVersion(db, input.teamId);
  db.update(deals)
    .set({ status: 'lost', closedAt: input.now, closedOn: input.today, updatedOn: input.today })
    .where(eq(deals.id, dealId))
    .run();
}

/** One of the rep's own open deals, with its account's name; undefined if not theirs or not open. */
export function openDealOf(
  db: Db,
  input: { teamId: string; userId: string; dealId: number },
): (Deal & { account: string }) | undefined {
  const row = db
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
    .get();
  return row ? { ...row.deal, account: row.account } : undefined;
}

export type DealChange =
  | { ok: true; account: string; amountCents: number; fromCloseOn: LocalDate | null }
  | { ok: false; reason: 'not-open' };

/**
 * An answer to "is this stale deal still real?": a new close date (or the same one, confirmed), or lost.
 * Only the rep's own open deal changes; anything else changes nothing.
 */
export function answerStaleDeal(
  db: Db,
  input: { teamId: string; userId: string; dealId: number; now: number; today: LocalDate } & (
    | { answer: 'close-on'; closeOn: LocalDate }
    | { answer: 'lost' }
  ),
): DealChange {
  return db.transaction(
    (tx) => {
      const deal = openDealOf(tx, input);
      if (!deal) return { ok: false, reason: 'not-open' };
      if (input.answer === 'lost') {
        closeAsLost(tx, deal.id, input);
      } else {
        bumpDealsVersion(tx, input.teamId);
        tx.update(deals).set({ closeOn: input.closeOn, updatedOn: input.today }).where(eq(deals.id, deal.id)).run();
      }
      return { ok: true, account: deal.account, amountCents: deal.amountCents, fromCloseOn: deal.closeOn };
    },
    { behavior: 'immediate' },
  );
}

/** A closed deal, as conversion and the sales cycle read it. */
export interface ClosedDeal {
  status: 'won' | 'lost';
  amountCents: number;
  openedOn: LocalDate | null;
  closedOn: LocalDate;
}

/** The rep's deals won or lost from `from` to `to` (local dates, inclusive). */
export function closedDeals(db: Db, teamId: string, userId: string, from: LocalDate, to: LocalDate): ClosedDeal[] {
  return prepared(db, 'closedDeals', (d) =>
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
      ),
  ).all({ teamId, userId, from, to }) as ClosedDeal[];
}

/** The rep's open deals with their accounts' fit and when each last moved (the deal, or activity on its account). */
export function openDealsOf(db: Db, teamId: string, userId: string): OpenDeal[] {
  const rows = prepared(db, 'openDealsOf', (d) =>
    d
      .select({
        id: deals.id,
        accountId: deals.accountId,
        account: accounts.name,
        icp: accounts.icp,
        amountCents: deals.amountCents,
        closeOn: deals.closeOn,
        updatedOn: sql<string>`coalesce(${deals.updatedOn}, date(${deals.createdAt} / 1000, 'unixepoch'))`,
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
      ),
  ).all({ teamId, userId });
  return rows.map(toOpenDeal);
}

/** An open deal read with its last change (or creation day) and its account's last activity. */
export function toOpenDeal(
  row: Omit<OpenDeal, 'lastTouchedOn' | 'icp'> & { icp: string; updatedOn: string; lastActivityOn: string | null },
): OpenDeal {
  const { updatedOn, lastActivityOn } = row;
  return {
    id: row.id,
    accountId: row.accountId,
    account: row.account,
    icp: row.icp as IcpFit,
    amountCents: row.amountCents,
    closeOn: row.closeOn,
    lastTouchedOn: lastActivityOn !== null && lastActivityOn > updatedOn ? lastActivityOn : updatedOn,
  };
}

/**
 * The rep's deals that were open at some point from `date` on (open now, or closed since), as the record
 * shows them on `date`: for rebuilding that day's projection. When the deal or its account last moved by
 * then is known only if the deal has not changed since (a later change hides the earlier one).
 */
export function dealsOpenSince(db: Db, teamId: string, userId: string, date: LocalDate): DealOnRecord[] {
  const rows = db
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
    .all();
  return rows.map((row) => toDealOnRecord(row, date));
}

/** A deal as it stood on `date`, read with its last change and its account's last activity by then. */
export function toDealOnRecord(
  row: Omit<DealOnRecord, 'lastTouchedOn'> & { updatedOn: LocalDate | null; lastActivityOn: LocalDate | null },
  date: LocalDate,
): DealOnRecord {
  const { updatedOn, lastActivityOn } = row;
  const known = updatedOn !== null && updatedOn <= date;
  const touched = known && lastActivityOn !== null && lastActivityOn > updatedOn ? lastActivityOn : updatedOn;
  return {
    amountCents: row.amountCents,
    status: row.status,
    icp: row.icp,
    openedOn: row.openedOn,
    closeOn: row.closeOn,
    closedOn: row.closedOn,
    lastTouchedOn: known ? touched : null,
  };
}

export interface TeamConversion {
  closed12: ClosedOpportunities;
  /** Mean won amount over the window, else mean open amount; null with neither. */
  averageDealCents: number | null;
}

const TEAM_CACHE_LIMIT = 1000;

/**
 * The team's pooled conversion over [since, today] and its average deal. Cached per connection under
 * the team's deals version, so a pass over thousands of reps reads it once and a new deal is seen at once.
 */
export function teamConversion(
  db: Db,
  team: { id: string; dealsVersion: number },
  since: LocalDate,
  today: LocalDate,
): TeamConversion {
  return cachedOnConnection(
    db,
    'teamConversion',
    `${team.id}|${team.dealsVersion}|${since}|${today}`,
    TEAM_CACHE_LIMIT,
    () => readTeamConversion(db, team.id, since, today),
  );
}

function readTeamConversion(db: Db, teamId: string, since: LocalDate, today: LocalDate): TeamConversion {
  const rows = prepared(db, 'teamConversion', (d) =>
    d
      .select({
        status: deals.status,
        fromOpportunity: sql<number>`${deals.openedOn} is not null`,
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
      .groupBy(deals.status, sql`${deals.openedOn} is not null`),
  ).all({ teamId, since, today });
  const sum = (status: string, fromOpportunity?: boolean) =>
    rows
      .filter(
        (r) => r.status === status && (fromOpportunity === undefined || Boolean(r.fromOpportunity) === fromOpportunity),
      )
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

export interface DayDeals {
  won: { account: string; amountCents: number }[];
  lost: number;
  newOpportunities: { count: number; amountCents: number };
}

/** The rep's deal moves on one local day: wins and losses by closing date, new opportunities by creation instant. */
export function dealsOnDay(
  db: Db,
  teamId: string,
  userId: string,
  day: { date: string; startMs: number; endMs: number },
): DayDeals {
  const rows = db
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
    .orderBy(deals.id)
    .all();
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
export function wonBetween(db: Db, teamId: string, userId: string, from: string, to: string): number {
  const row = db
    .select({ cents: sql<number>`coalesce(sum(${deals.amountCents}), 0)` })
    .from(deals)
    .where(
      and(
        eq(deals.teamId, teamId),
        eq(deals.userId, userId),
        eq(deals.status, 'won'),
        gte(deals.closedOn, from),
        lte(deals.closedOn, to),
      ),
    )
    .get();
  return row?.cents ?? 0;
}

/** One of the rep's open deals as a picker lists it. */
export interface PickableDeal {
  id: number;
  accountId: number;
  account: string;
  amountCents: number;
  closeOn: LocalDate | null;
}

/** The rep's open deals with their accounts, largest first (the "Mark lost" picker: keyed by deal). */
export function openDeals(db: Db, teamId: string, userId: string): PickableDeal[] {
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
    .orderBy(desc(deals.amountCents), deals.id)
    .all();
}
