/**
 * The one storage interface the app uses: repositories of async functions, named as the SQLite modules in
 * src/db name them. Its type is derived from those modules, so the Postgres twins (src/storage/pg) must
 * match them signature for signature or the typecheck fails (see pg/index.ts).
 *
 * A call reads `await store.deals.recordWin(input)` where it read `recordWin(db, input)`.
 */

import type * as accounts from '../db/accounts.js';
import type * as activities from '../db/activities.js';
import type * as checkins from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import type * as crm from '../db/crm.js';
import type * as crmApply from '../db/crm-apply.js';
import type * as crmOwners from '../db/crm-owners.js';
import type * as crmStatus from '../db/crm-status.js';
import type * as deals from '../db/deals.js';
import type * as dueReps from '../db/due-reps.js';
import type * as events from '../db/events.js';
import type * as exporter from '../db/export.js';
import type * as history from '../db/history.js';
import type * as holidays from '../db/holidays.js';
import type * as installations from '../db/installations.js';
import type * as managers from '../db/managers.js';
import type * as passLeases from '../db/pass-leases.js';
import type * as quotas from '../db/quotas.js';
import type * as recaps from '../db/recaps.js';
import type * as recent from '../db/recent.js';
import type * as repChanges from '../db/rep-changes.js';
import type * as reps from '../db/reps.js';
import type * as sendHistory from '../db/send-history.js';
import type * as sends from '../db/sends.js';
import type * as targets from '../db/targets.js';
import type * as teamRows from '../db/team-rows.js';
import type * as teams from '../db/teams.js';

/**
 * A module's database functions with the database bound: `(db: Db, ...a) => R` becomes `(...a) => Promise<R>`.
 * Functions that take no database (pure helpers such as sendKey) are left out.
 */
export type Bound<M> = {
  // biome-ignore lint/suspicious/noExplicitAny: matching any parameter list is the point
  [K in keyof M as M[K] extends (db: Db, ...rest: any[]) => unknown ? K : never]: M[K] extends (
    db: Db,
    ...rest: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** The modules behind each repository, by repository name: one list for the type, both bindings and the tests. */
export interface RepositoryModules {
  accounts: typeof accounts;
  activities: typeof activities;
  checkins: typeof checkins;
  crm: typeof crm;
  crmApply: typeof crmApply;
  crmOwners: typeof crmOwners;
  crmStatus: typeof crmStatus;
  deals: typeof deals;
  dueReps: typeof dueReps;
  events: typeof events;
  exporter: typeof exporter;
  history: typeof history;
  holidays: typeof holidays;
  installations: typeof installations;
  managers: typeof managers;
  passLeases: typeof passLeases;
  quotas: typeof quotas;
  recaps: typeof recaps;
  recent: typeof recent;
  repChanges: typeof repChanges;
  reps: typeof reps;
  sendHistory: typeof sendHistory;
  sends: typeof sends;
  targets: typeof targets;
  teamRows: typeof teamRows;
  teams: typeof teams;
}

export type Repositories = { readonly [K in keyof RepositoryModules]: Bound<RepositoryModules[K]> };

export type Dialect = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /**
   * The team the transaction writes for. On Postgres it takes that team's advisory lock first, so a team's
   * read-modify-write transactions run one at a time, as every write does on SQLite.
   */
  teamId?: string;
  /** A consistent read-only snapshot (exports, copy verification). */
  readOnly?: boolean;
}

/**
 * What the app's functions take: the repositories, at the root or inside a transaction (the same calls either way).
 */
export interface Store extends Repositories {
  readonly dialect: Dialect;
  /**
   * Runs `work` in one transaction and commits when it resolves, or rolls back when it throws; inside one it is a
   * savepoint. `work` must use the store it is given, never the outer one. No network call (Slack, a CRM) may be
   * awaited inside: on SQLite every other statement of this process waits for it.
   */
  transaction<T>(work: (tx: Store) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * A value cache that lives as long as the root store (kept cards, team views); null inside a transaction, whose
   * reads may see its own uncommitted writes.
   */
  cache<V>(name: string): Map<string, V> | null;
}

/** The store as opened: the one to close at shutdown. */
export interface RootStore extends Store {
  /** How many migrations the database has had applied (for `cli migrate`). */
  appliedMigrations(): Promise<number>;
  close(): Promise<void>;
}
