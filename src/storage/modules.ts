/** The SQLite modules behind each repository (runtime values; types.ts names their types). */
import * as accounts from '../db/accounts.js';
import * as activities from '../db/activities.js';
import * as checkins from '../db/checkins.js';
import * as crm from '../db/crm.js';
import * as crmApply from '../db/crm-apply.js';
import * as crmOwners from '../db/crm-owners.js';
import * as crmStatus from '../db/crm-status.js';
import * as deals from '../db/deals.js';
import * as dueReps from '../db/due-reps.js';
import * as events from '../db/events.js';
import * as exporter from '../db/export.js';
import * as history from '../db/history.js';
import * as holidays from '../db/holidays.js';
import * as installations from '../db/installations.js';
import * as managers from '../db/managers.js';
import * as passLeases from '../db/pass-leases.js';
import * as quotas from '../db/quotas.js';
import * as recaps from '../db/recaps.js';
import * as recent from '../db/recent.js';
import * as repChanges from '../db/rep-changes.js';
import * as reps from '../db/reps.js';
import * as sendHistory from '../db/send-history.js';
import * as sends from '../db/sends.js';
import * as targets from '../db/targets.js';
import * as teamRows from '../db/team-rows.js';
import * as teams from '../db/teams.js';
import type { RepositoryModules } from './types.js';

export const SQLITE_MODULES: RepositoryModules = {
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

/** Every repository's functions, `call` wrapping each: the one binding loop both back ends use. */
export function bindModules<R>(
  modules: Record<string, Record<string, unknown>>,
  call: (fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => Promise<unknown>,
): R {
  const repositories: Record<string, Record<string, unknown>> = {};
  for (const [name, module] of Object.entries(modules)) {
    const bound: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(module)) {
      if (typeof value === 'function') bound[key] = call(value as (...args: unknown[]) => unknown);
    }
    repositories[name] = Object.freeze(bound);
  }
  return repositories as R;
}
