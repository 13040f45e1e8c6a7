/**
 * The Postgres twins behind each repository (the runtime values), and the compile-time proof that each one, bound
 * to its database, has exactly the SQLite module's repository type: a missing repository or function, another
 * parameter list or another result type fails the typecheck here, not at a call site on one back end.
 */
import type { Repositories } from '../types.js';
import * as accounts from './accounts.js';
import * as activities from './activities.js';
import * as checkins from './checkins.js';
import * as crm from './crm.js';
import * as crmApply from './crm-apply.js';
import * as crmOwners from './crm-owners.js';
import * as crmStatus from './crm-status.js';
import type { PgDb } from './db.js';
import * as deals from './deals.js';
import * as dueReps from './due-reps.js';
import * as events from './events.js';
import * as exporter from './export.js';
import * as history from './history.js';
import * as holidays from './holidays.js';
import * as installations from './installations.js';
import * as managers from './managers.js';
import * as passLeases from './pass-leases.js';
import * as quotas from './quotas.js';
import * as recaps from './recaps.js';
import * as recent from './recent.js';
import * as repChanges from './rep-changes.js';
import * as reps from './reps.js';
import * as sendHistory from './send-history.js';
import * as sends from './sends.js';
import * as targets from './targets.js';
import * as teamRows from './team-rows.js';
import * as teams from './teams.js';

export const PG_MODULES = {
  accounts,
  activities,
  checkins,
  crm,
  crmApply,
  crmOwners,
  crmStatus,
  deals,
  dueReps,
  events,
  exporter,
  history,
  holidays,
  installations,
  managers,
  passLeases,
  quotas,
  recaps,
  recent,
  repChanges,
  reps,
  sendHistory,
  sends,
  targets,
  teamRows,
  teams,
};

/** A pg module's database functions with the database bound, as types.ts's Bound does for the SQLite ones. */
export type PgBound<M> = {
  // biome-ignore lint/suspicious/noExplicitAny: matching any parameter list is the point
  [K in keyof M as M[K] extends (db: PgDb, ...rest: any[]) => unknown ? K : never]: M[K] extends (
    db: PgDb,
    ...rest: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

export type PgRepositories = { readonly [K in keyof typeof PG_MODULES]: PgBound<(typeof PG_MODULES)[K]> };

// The check itself: the bound twins are assignable to the SQLite repositories, every one of them.
const _check: Repositories = null as unknown as PgRepositories;
void _check;
