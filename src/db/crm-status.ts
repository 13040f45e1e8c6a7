/**
 * Reads for showing a team's CRM connection (`/focus crm`, the manager's Home) and for the guard on typed deals
 * (slack/crm-guard.ts). The sync runner and the CSV import write these rows (db/crm.ts, crm/apply.ts); nothing
 * here writes.
 */
import { and, desc, eq, inArray, isNotNull, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import type { CrmSourceKind, SyncSummary } from '../crm/model.js';
import { accountById, findAccount } from './accounts.js';
import type { Db } from './connection.js';
import {
  asSource,
  IMPORT_TRIGGERS,
  ownerKeyOf,
  RUNS_SEARCHED_FOR_OWNERS,
  type RunRow,
  runView,
  SOURCES,
  summaryOf,
} from './crm-run-view.js';
import { crmOwners, crmRuns, crmState, deals } from './schema.js';
import { getTeam } from './teams.js';

/** One finished sync or import, as shown to a manager. */
export interface CrmRunView {
  source: CrmSourceKind;
  trigger: string;
  startedAt: number;
  finishedAt: number;
  status: 'ok' | 'failed';
  error: string | null;
  /** What fixes a failed run, when the runner knew (a credential error's `fix`). */
  fix: string | null;
  /** What an ok run did; null for a failed one. */
  summary: SyncSummary | null;
}

export interface CrmSourceView {
  source: CrmSourceKind;
  /** The operator configured it (its credentials are set); else it only has earlier runs or deals. */
  configured: boolean;
  /** The newest finished sync (imports apart, dry runs left out). */
  lastRun: CrmRunView | null;
  /** A sync holds the lease right now. */
  running: boolean;
  failures: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** Deals of this team that come from this source. */
  deals: number;
}

/** An owner no Slack member matched: their records are skipped until they are mapped. */
export interface UnmappedOwner {
  /** The email, or the name for exports that carry only names. */
  owner: string;
  reason: string;
  /** Records the newest run naming the owner skipped for them; null when no recent run names them. */
  records: number | null;
}

export interface CrmOverview {
  sources: CrmSourceView[];
  /** The CRMs feeding the team's deals (crmSourcesFeeding): what typed deals defer to. */
  feeding: CrmSourceKind[];
  lastImport: CrmRunView | null;
  unmappedOwners: UnmappedOwner[];
  manualDeals: boolean;
}

/** The team's finished, real (not dry) runs, newest first. */
function finishedRuns(db: Db, teamId: string, limit: number): RunRow[] {
  return db
    .select()
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.dryRun, false), isNotNull(crmRuns.finishedAt)))
    .orderBy(desc(crmRuns.id))
    .limit(limit)
    .all();
}

function newestSync(db: Db, teamId: string, source: CrmSourceKind): CrmRunView | null {
  return newestRun(db, teamId, and(eq(crmRuns.source, source), notInArray(crmRuns.trigger, IMPORT_TRIGGERS)));
}

function newestImport(db: Db, teamId: string): CrmRunView | null {
  return newestRun(db, teamId, inArray(crmRuns.trigger, IMPORT_TRIGGERS));
}

/** The team's newest finished run (not a dry run) that `which` picks. */
function newestRun(db: Db, teamId: string, which: SQL | undefined): CrmRunView | null {
  const row = db
    .select()
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.dryRun, false), isNotNull(crmRuns.finishedAt), which))
    .orderBy(desc(crmRuns.id))
    .get();
  return row ? runView(row) : null;
}

/** Deals per source in the team (typed deals left out). */
export function crmDealCounts(db: Db, teamId: string): Map<CrmSourceKind, number> {
  const rows = db
    .select({ source: deals.source, n: sql<number>`count(*)` })
    .from(deals)
    .where(and(eq(deals.teamId, teamId), isNotNull(deals.source)))
    .groupBy(deals.source)
    .all();
  const counts = new Map<CrmSourceKind, number>();
  for (const row of rows) {
    const source = asSource(row.source);
    if (source !== null) counts.set(source, row.n);
  }
  return counts;
}

/**
 * The CRMs feeding the team's deals: those the operator configured, and those its deals came from (a CSV
 * preset's source included). Typed deals defer to these once manual deal entry is off.
 */
export function crmSourcesFeeding(db: Db, teamId: string, configured: readonly CrmSourceKind[]): CrmSourceKind[] {
  const feeding = new Set<CrmSourceKind>(configured);
  for (const source of crmDealCounts(db, teamId).keys()) feeding.add(source);
  return SOURCES.filter((source) => feeding.has(source));
}

/**
 * Owners no Slack member matched, as the owner cache holds them now (an owner mapped since drops out), with the
 * record count from the newest run that named them: an incremental sync names only the owners of what changed.
 */
function unmappedOwners(db: Db, teamId: string): UnmappedOwner[] {
  const misses = db
    .select({ key: crmOwners.ownerKey, reason: crmOwners.reason })
    .from(crmOwners)
    .where(and(eq(crmOwners.teamId, teamId), isNull(crmOwners.userId)))
    .orderBy(crmOwners.ownerKey)
    .all();
  if (misses.length === 0) return [];
  const named = new Map<string, { owner: string; records: number; reason: string }>();
  for (const row of finishedRuns(db, teamId, RUNS_SEARCHED_FOR_OWNERS)) {
    const source = asSource(row.source);
    const summary = row.status === 'ok' && row.summary && source ? summaryOf(row.summary, source) : null;
    for (const entry of summary?.unmappedOwners ?? []) {
      const key = ownerKeyOf(entry.owner);
      if (!named.has(key)) named.set(key, entry);
    }
  }
  return misses.map(({ key, reason }) => {
    const entry = named.get(key);
    return {
      owner: entry?.owner ?? key.replace(/^name:/, ''),
      reason: reason ?? entry?.reason ?? 'no Slack member matches',
      records: entry?.records ?? null,
    };
  });
}

/**
 * The team's CRM connection: every configured source and every source with runs or deals, the last CSV import,
 * the unmapped owners, and whether reps may still type deals. `now` tells a live lease from a lapsed one.
 */
export function crmOverview(db: Db, teamId: string, configured: readonly CrmSourceKind[], now: number): CrmOverview {
  const states = db.select().from(crmState).where(eq(crmState.teamId, teamId)).all();
  const ran = db
    .selectDistinct({ source: crmRuns.source })
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.dryRun, false), notInArray(crmRuns.trigger, IMPORT_TRIGGERS)))
    .all();
  const dealCounts = crmDealCounts(db, teamId);
  const shown = new Set<CrmSourceKind>(configured);
  for (const row of [...states, ...ran]) {
    const source = asSource(row.source);
    if (source !== null) shown.add(source);
  }
  // A source with deals but no sync of its own (a CSV preset's) is shown with the import, not as a connection.
  const sources = SOURCES.filter((source) => shown.has(source)).map((source): CrmSourceView => {
    const state = states.find((row) => row.source === source);
    return {
      source,
      configured: configured.includes(source),
      lastRun: newestSync(db, teamId, source),
      running: state?.leaseToken != null && (state.leaseUntil ?? 0) > now,
      failures: state?.failures ?? 0,
      lastError: state?.lastError ?? null,
      nextAttemptAt: state?.nextAttemptAt ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      deals: dealCounts.get(source) ?? 0,
    };
  });
  return {
    sources,
    feeding: SOURCES.filter((source) => configured.includes(source) || dealCounts.has(source)),
    lastImport: newestImport(db, teamId),
    unmappedOwners: unmappedOwners(db, teamId),
    manualDeals: getTeam(db, teamId)?.manualDeals ?? true,
  };
}

/** Whether the team has a CRM to show: a configured source, or a sync or import that ran. */
export function hasCrm(overview: Pick<CrmOverview, 'sources' | 'lastImport'>): boolean {
  return overview.sources.length > 0 || overview.lastImport !== null;
}

/** A deal the CRM owns: where it lives, and its page there. */
export interface CrmDealRef {
  id: number;
  source: CrmSourceKind;
  url: string | null;
  accountName: string;
}

/**
 * The CRM deal on an account of the team, when there is one: the rep's own open one first, then any open one,
 * then the newest, so the link goes to the record the rep most likely meant.
 */
export function crmDealOnAccount(db: Db, teamId: string, userId: string, accountName: string): CrmDealRef | null {
  const account = findAccount(db, teamId, accountName);
  if (!account) return null;
  const row = db
    .select({ id: deals.id, source: deals.source, url: deals.externalUrl })
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.accountId, account.id), isNotNull(deals.source)))
    .orderBy(
      sql`${deals.status} = 'open' and ${deals.userId} = ${userId} desc`,
      sql`${deals.status} = 'open' desc`,
      desc(deals.createdAt),
      desc(deals.id),
    )
    .get();
  const source = asSource(row?.source ?? null);
  return row && source !== null ? { id: row.id, source, url: row.url, accountName: account.name } : null;
}

/** A deal's CRM, by its ID (null: typed in Slack, or no such deal in the team). */
export function crmDealById(db: Db, teamId: string, dealId: number): CrmDealRef | null {
  const row = db
    .select({ id: deals.id, source: deals.source, url: deals.externalUrl, accountId: deals.accountId })
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.id, dealId)))
    .get();
  const source = asSource(row?.source ?? null);
  if (!row || source === null) return null;
  const account = accountById(db, teamId, row.accountId);
  return { id: row.id, source, url: row.url, accountName: account?.name ?? '' };
}
