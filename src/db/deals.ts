import { and, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import { type Account, findAccount, findOrCreateAccount } from './accounts.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { accounts, deals } from './schema.js';

export type Deal = typeof deals.$inferSelect;

interface DealWrite {
  teamId: string;
  userId: string;
  account: string;
  now: number;
  /** The rep's local date now. */
  today: string;
}

export interface WinResult {
  account: Account;
  accountCreated: boolean;
  /** The open deal this win closed, with its pipeline amount before the win. */
  closedOpen: { previousCents: number } | null;
}

function newestOpenDeal(db: Db, teamId: string, userId: string, accountId: number): Deal | undefined {
  return db
    .select()
    .from(deals)
    .where(
      and(eq(deals.teamId, teamId), eq(deals.userId, userId), eq(deals.accountId, accountId), eq(deals.status, 'open')),
    )
    .orderBy(desc(deals.createdAt), desc(deals.id))
    .get();
}

/** Records a win; an open deal on the same account is closed as won at this amount, so it never counts twice. */
export function recordWin(db: Db, input: DealWrite & { amountCents: number }): WinResult {
  return db.transaction(
    (tx) => {
      const { account, created } = findOrCreateAccount(tx, input.teamId, input.account);
      const closed = {
        status: 'won' as const,
        amountCents: input.amountCents,
        closedAt: input.now,
        closedOn: input.today,
      };
      const open = newestOpenDeal(tx, input.teamId, input.userId, account.id);
      if (open) {
        tx.update(deals).set(closed).where(eq(deals.id, open.id)).run();
        return { account, accountCreated: created, closedOpen: { previousCents: open.amountCents } };
      }
      tx.insert(deals)
        .values({ teamId: input.teamId, userId: input.userId, accountId: account.id, createdAt: input.now, ...closed })
        .run();
      return { account, accountCreated: created, closedOpen: null };
    },
    { behavior: 'immediate' },
  );
}

export interface OpportunityResult {
  account: Account;
  accountCreated: boolean;
  /** Set when the rep already had an open deal on the account: its amount is updated, not duplicated. */
  updatedFromCents: number | null;
}

export function addOpportunity(db: Db, input: DealWrite & { amountCents: number }): OpportunityResult {
  return db.transaction(
    (tx) => {
      const { account, created } = findOrCreateAccount(tx, input.teamId, input.account);
      const open = newestOpenDeal(tx, input.teamId, input.userId, account.id);
      if (open) {
        tx.update(deals).set({ amountCents: input.amountCents }).where(eq(deals.id, open.id)).run();
        return { account, accountCreated: created, updatedFromCents: open.amountCents };
      }
      tx.insert(deals)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          accountId: account.id,
          amountCents: input.amountCents,
          status: 'open',
          createdAt: input.now,
        })
        .run();
      return { account, accountCreated: created, updatedFromCents: null };
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
      tx.update(deals)
        .set({ status: 'lost', closedAt: input.now, closedOn: input.today })
        .where(eq(deals.id, open.id))
        .run();
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

export interface DealSummary {
  wonCents: number;
  openCents: number;
  openCount: number;
  closed12: { won: number; lost: number; wonCents: number };
}

/**
 * What the gap math needs from deals, in one pass over the rep's deals:
 * won in [periodStart, periodEnd], open now, and closed since `since12` (local dates).
 */
export function dealSummary(
  db: Db,
  teamId: string,
  userId: string,
  range: { periodStart: string; periodEnd: string; since12: string; today: string },
): DealSummary {
  const row = prepared(db, 'dealSummary', (d) => {
    const p = (name: string) => sql.placeholder(name);
    const inPeriod = and(gte(deals.closedOn, p('periodStart')), lte(deals.closedOn, p('periodEnd')));
    const in12 = and(gte(deals.closedOn, p('since12')), lte(deals.closedOn, p('today')));
    return d
      .select({
        wonCents: sql<number>`coalesce(sum(case when ${deals.status} = 'won' and ${inPeriod} then ${deals.amountCents} end), 0)`,
        openCents: sql<number>`coalesce(sum(case when ${deals.status} = 'open' then ${deals.amountCents} end), 0)`,
        openCount: sql<number>`count(case when ${deals.status} = 'open' then 1 end)`,
        won12: sql<number>`count(case when ${deals.status} = 'won' and ${in12} then 1 end)`,
        lost12: sql<number>`count(case when ${deals.status} = 'lost' and ${in12} then 1 end)`,
        wonCents12: sql<number>`coalesce(sum(case when ${deals.status} = 'won' and ${in12} then ${deals.amountCents} end), 0)`,
      })
      .from(deals)
      .where(and(eq(deals.teamId, p('teamId')), eq(deals.userId, p('userId'))));
  }).get({ teamId, userId, ...range });
  return {
    wonCents: row?.wonCents ?? 0,
    openCents: row?.openCents ?? 0,
    openCount: row?.openCount ?? 0,
    closed12: { won: row?.won12 ?? 0, lost: row?.lost12 ?? 0, wonCents: row?.wonCents12 ?? 0 },
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

/** The rep's open deals with their accounts, largest first (the "Mark lost" picker). */
export function openDeals(
  db: Db,
  teamId: string,
  userId: string,
): { accountId: number; account: string; amountCents: number }[] {
  return db
    .select({ accountId: deals.accountId, account: accounts.name, amountCents: deals.amountCents })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(and(eq(deals.teamId, teamId), eq(deals.userId, userId), eq(deals.status, 'open')))
    .orderBy(desc(deals.amountCents), deals.id)
    .all();
}
