import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { accountKey, normaliseAccountName } from '../domain/account-name.js';
import type { IcpFit } from '../domain/command.js';
import { nearestNames } from '../domain/name-match.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { accounts, activities, deals } from './schema.js';
import { ensureTeam } from './teams.js';

export type Account = typeof accounts.$inferSelect;

export function findAccount(db: Db, teamId: string, name: string): Account | undefined {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), eq(accounts.nameKey, accountKey(name))))
    .get();
}

/** Finds an account by name, case-insensitively, creating it (fit unknown) if new. */
export function findOrCreateAccount(db: Db, teamId: string, name: string): { account: Account; created: boolean } {
  const existing = findAccount(db, teamId, name);
  if (existing) return { account: existing, created: false };
  ensureTeam(db, teamId);
  const account = db
    .insert(accounts)
    .values({ teamId, name: normaliseAccountName(name), nameKey: accountKey(name) })
    .returning()
    .get();
  return { account, created: true };
}

/** How many near names a question offers at most. */
export const NEAR_ACCOUNTS_LIMIT = 3;

/**
 * The team's accounts whose names closely match `name` without being it (name-match.ts: `Globex` for
 * `Globex Corp`, `Glbex Corp`), best first; empty when an account has exactly that name. Reads the team's
 * names alone: a few thousand names take a few milliseconds.
 */
export function nearAccounts(db: Db, teamId: string, name: string, limit = NEAR_ACCOUNTS_LIMIT): Account[] {
  if (findAccount(db, teamId, name)) return [];
  const names = db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.teamId, teamId))
    .all();
  const ids = nearestNames(name, names, limit).map((found) => found.id);
  if (ids.length === 0) return [];
  const rows = db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), inArray(accounts.id, ids)))
    .all();
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

export function setAccountIcp(db: Db, teamId: string, accountId: number, fit: IcpFit): Account | undefined {
  return db
    .update(accounts)
    .set({ icp: fit })
    .where(and(eq(accounts.teamId, teamId), eq(accounts.id, accountId)))
    .returning()
    .get();
}

/** Sets the fit of a named account, creating it if new; returns the account. */
export function setAccountIcpByName(db: Db, teamId: string, name: string, fit: IcpFit): Account {
  return db.transaction(
    (tx) => {
      const { account } = findOrCreateAccount(tx, teamId, name);
      return setAccountIcp(tx, teamId, account.id, fit) ?? account;
    },
    { behavior: 'immediate' },
  );
}

export function listAccounts(db: Db, teamId: string): Account[] {
  return db.select().from(accounts).where(eq(accounts.teamId, teamId)).orderBy(asc(accounts.nameKey)).all();
}

/** Accounts whose name contains the query (case-insensitive), names starting with it first. */
export function searchAccounts(db: Db, teamId: string, query: string, limit: number): Account[] {
  const key = accountKey(query);
  if (key === '') {
    return db
      .select()
      .from(accounts)
      .where(eq(accounts.teamId, teamId))
      .orderBy(asc(accounts.nameKey))
      .limit(limit)
      .all();
  }
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), sql`${accounts.nameKey} like ${`%${escaped}%`} escape '\\'`))
    .orderBy(sql`instr(${accounts.nameKey}, ${key}) = 1 desc`, asc(accounts.nameKey))
    .limit(limit)
    .all();
}

export function accountById(db: Db, teamId: string, accountId: number): Account | undefined {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), eq(accounts.id, accountId)))
    .get();
}

/** How many unclassified accounts a card lists at most (and asks about three at a time). */
export const UNCLASSIFIED_LIST_LIMIT = 20;

/** Accounts whose fit is not set that the rep has an open deal with, or logged activity on between two dates. */
export function unclassifiedAccountsOf(
  db: Db,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): { id: number; name: string }[] {
  return prepared(db, 'unclassifiedAccountsOf', (d) => {
    const p = (name: string) => sql.placeholder(name);
    const touched = sql`(
      select ${deals.accountId} from ${deals}
        where ${deals.teamId} = ${p('teamId')} and ${deals.userId} = ${p('userId')} and ${deals.status} = 'open'
      union
      select ${activities.accountId} from ${activities}
        where ${activities.teamId} = ${p('teamId')} and ${activities.userId} = ${p('userId')}
          and ${activities.localDate} >= ${p('from')} and ${activities.localDate} <= ${p('to')}
          and ${activities.accountId} is not null
    )`;
    return d
      .select({ id: accounts.id, name: accounts.name })
      .from(accounts)
      .where(and(eq(accounts.icp, 'unknown'), sql`${accounts.id} in ${touched}`))
      .orderBy(asc(accounts.nameKey))
      .limit(UNCLASSIFIED_LIST_LIMIT);
  }).all({ teamId, userId, from, to });
}
