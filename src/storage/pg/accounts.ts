/** The Postgres twin of src/db/accounts.ts. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Account } from '../../db/accounts.js';
import { NEAR_ACCOUNTS_LIMIT, UNCLASSIFIED_LIST_LIMIT } from '../../db/accounts.js';
import { accountKey, normaliseAccountName } from '../../domain/account-name.js';
import type { IcpFit } from '../../domain/command.js';
import { nearestNames } from '../../domain/name-match.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { accounts, activities, deals } from './schema.js';
import { ensureTeam } from './teams.js';

export { type Account, NEAR_ACCOUNTS_LIMIT, UNCLASSIFIED_LIST_LIMIT } from '../../db/accounts.js';

export async function findAccount(db: PgDb, teamId: string, name: string): Promise<Account | undefined> {
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), eq(accounts.nameKey, accountKey(name))))
    .limit(1);
  return rows[0];
}

/**
 * Finds an account by name, case-insensitively, creating it (fit unknown) if new. Another replica may create the
 * same name between the look and the insert: the insert then does nothing and the look again finds theirs (a
 * unique violation would abort the caller's whole transaction).
 */
export async function findOrCreateAccount(
  db: PgDb,
  teamId: string,
  name: string,
): Promise<{ account: Account; created: boolean }> {
  const existing = await findAccount(db, teamId, name);
  if (existing) return { account: existing, created: false };
  await ensureTeam(db, teamId);
  const [account] = await db
    .insert(accounts)
    .values({ teamId, name: normaliseAccountName(name), nameKey: accountKey(name) })
    .onConflictDoNothing({ target: [accounts.teamId, accounts.nameKey] })
    .returning();
  if (account) return { account, created: true };
  return { account: (await findAccount(db, teamId, name)) as Account, created: false };
}

/**
 * The team's accounts whose names closely match `name` without being it (name-match.ts: `Globex` for
 * `Globex Corp`, `Glbex Corp`), best first; empty when an account has exactly that name. Names are read in
 * SQLite's order (its accounts_team_key index), so equally near names come out in the same order.
 */
export async function nearAccounts(
  db: PgDb,
  teamId: string,
  name: string,
  limit = NEAR_ACCOUNTS_LIMIT,
): Promise<Account[]> {
  if (await findAccount(db, teamId, name)) return [];
  const names = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.teamId, teamId))
    .orderBy(asc(accounts.nameKey));
  const ids = nearestNames(name, names, limit).map((found) => found.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), inArray(accounts.id, ids)));
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

export async function setAccountIcp(
  db: PgDb,
  teamId: string,
  accountId: number,
  fit: IcpFit,
): Promise<Account | undefined> {
  const rows = await db
    .update(accounts)
    .set({ icp: fit })
    .where(and(eq(accounts.teamId, teamId), eq(accounts.id, accountId)))
    .returning();
  return rows[0];
}

/** Sets the fit of a named account, creating it if new; returns the account. */
export async function setAccountIcpByName(db: PgDb, teamId: string, name: string, fit: IcpFit): Promise<Account> {
  return db.transaction(async (tx) => {
    const { account } = await findOrCreateAccount(tx, teamId, name);
    return (await setAccountIcp(tx, teamId, account.id, fit)) ?? account;
  });
}

export async function listAccounts(db: PgDb, teamId: string): Promise<Account[]> {
  return db.select().from(accounts).where(eq(accounts.teamId, teamId)).orderBy(asc(accounts.nameKey));
}

/** Accounts whose name contains the query (case-insensitive), names starting with it first. */
export async function searchAccounts(db: PgDb, teamId: string, query: string, limit: number): Promise<Account[]> {
  const key = accountKey(query);
  if (key === '') {
    return db.select().from(accounts).where(eq(accounts.teamId, teamId)).orderBy(asc(accounts.nameKey)).limit(limit);
  }
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), sql`${accounts.nameKey} like ${`%${escaped}%`} escape '\\'`))
    .orderBy(sql`strpos(${accounts.nameKey}, ${key}) = 1 desc`, asc(accounts.nameKey))
    .limit(limit);
}

export async function accountById(db: PgDb, teamId: string, accountId: number): Promise<Account | undefined> {
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.teamId, teamId), eq(accounts.id, accountId)))
    .limit(1);
  return rows[0];
}

/** Accounts whose fit is not set that the rep has an open deal with, or logged activity on between two dates. */
export async function unclassifiedAccountsOf(
  db: PgDb,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Promise<{ id: number; name: string }[]> {
  return preparedOn(db, 'unclassified_accounts_of', (d) => {
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
  }).execute({ teamId, userId, from, to });
}
