/**
 * The Postgres twin of src/db/crm-status.ts: reads for showing a team's CRM connection and for the guard on
 * typed deals. Nothing here writes. The pure helpers (hasCrm) are the SQLite module's.
 */
import { and, desc, eq, inArray, isNotNull, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import type { CrmSourceKind } from '../../crm/model.js';
import {
  asSource,
  IMPORT_TRIGGERS,
  ownerKeyOf,
  RUNS_SEARCHED_FOR_OWNERS,
  type RunRow,
  runView,
  SOURCES,
  summaryOf,
} from '../../db/crm-run-view.js';
import type { CrmDealRef, CrmOverview, CrmRunView, CrmSourceView, UnmappedOwner } from '../../db/crm-status.js';
import { accountById, findAccount } from './accounts.js';
import type { PgDb } from './db.js';
import { crmOwners, crmRuns, crmState, deals } from './schema.js';
import { getTeam } from './teams.js';

export type { CrmDealRef, CrmOverview, CrmRunView, CrmSourceView, UnmappedOwner } from '../../db/crm-status.js';
export { hasCrm } from '../../db/crm-status.js';

/** The team's finished, real (not dry) runs, newest first. */
async function finishedRuns(db: PgDb, teamId: string, limit: number): Promise<RunRow[]> {
  return db
    .select()
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.dryRun, false), isNotNull(crmRuns.finishedAt)))
    .orderBy(desc(crmRuns.id))
    .limit(limit);
}

function newestSync(db: PgDb, teamId: string, source: CrmSourceKind): Promise<CrmRunView | null> {
  return newestRun(db, teamId, and(eq(crmRuns.source, source), notInArray(crmRuns.trigger, IMPORT_TRIGGERS)));
}

function newestImport(db: PgDb, teamId: string): Promise<CrmRunView | null> {
  return newestRun(db, teamId, inArray(crmRuns.trigger, IMPORT_TRIGGERS));
}

/** The team's newest finished run (not a dry run) that `which` picks. */
async function newestRun(db: PgDb, teamId: string, which: SQL | undefined): Promise<CrmRunView | null> {
  const [row] = await db
    .select()
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.dryRun, false), isNotNull(crmRuns.finishedAt), which))
    .orderBy(desc(crmRuns.id))
    .limit(1);
  return row ? runView(row) : null;
}

/** Deals per source in the team (typed deals left out). */
export async function crmDealCounts(db: PgDb, teamId: string): Promise<Map<CrmSourceKind, number>> {
  const rows = await db
    .select({ source: deals.source, n: sql<number>`count(*)` })
    .from(deals)
    .where(and(eq(deals.teamId, teamId), isNotNull(deals.source)))
    .groupBy(deals.source)
    .orderBy(deals.source);
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
export async function crmSourcesFeeding(
  db: PgDb,
  teamId: string,
  configured: readonly CrmSourceKind[],
): Promise<CrmSourceKind[]> {
  const feeding = new Set<CrmSourceKind>(configured);
  for (const source of (await crmDealCounts(db, teamId)).keys()) feeding.add(source);
  return SOURCES.filter((source) => feeding.has(source));
}

/**
 * Owners no Slack member matched, as the owner cache holds them now, with the record count from the newest run
 * that named them.
 */
async function unmappedOwners(db: PgDb, teamId: string): Promise<UnmappedOwner[]> {
  const misses = await db
    .select({ key: crmOwners.ownerKey, reason: crmOwners.reason })
    .from(crmOwners)
    .where(and(eq(crmOwners.teamId, teamId), isNull(crmOwners.userId)))
    .orderBy(crmOwners.ownerKey);
  if (misses.length === 0) return [];
  const named = new Map<string, { owner: string; records: number; reason: string }>();
  for (const row of await finishedRuns(db, teamId, RUNS_SEARCHED_FOR_OWNERS)) {
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
export async function crmOverview(
  db: PgDb,
  teamId: string,
  configured: readonly CrmSourceKind[],
  now: number,
): Promise<CrmOverview> {
  const states = await db.select().from(crmState).where(eq(crmState.teamId, teamId));
  const ran = await db
    .selectDistinct({ source: crmRuns.source })
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.dryRun, false), notInArray(crmRuns.trigger, IMPORT_TRIGGERS)));
  const dealCounts = await crmDealCounts(db, teamId);
  const shown = new Set<CrmSourceKind>(configured);
  for (const row of [...states, ...ran]) {
    const source = asSource(row.source);
    if (source !== null) shown.add(source);
  }
  // A source with deals but no sync of its own (a CSV preset's) is shown with the import, not as a connection.
  const sources: CrmSourceView[] = [];
  for (const source of SOURCES.filter((kind) => shown.has(kind))) {
    const state = states.find((row) => row.source === source);
    sources.push({
      source,
      configured: configured.includes(source),
      lastRun: await newestSync(db, teamId, source),
      running: state?.leaseToken != null && (state.leaseUntil ?? 0) > now,
      failures: state?.failures ?? 0,
      lastError: state?.lastError ?? null,
      nextAttemptAt: state?.nextAttemptAt ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      deals: dealCounts.get(source) ?? 0,
    });
  }
  return {
    sources,
    feeding: SOURCES.filter((source) => configured.includes(source) || dealCounts.has(source)),
    lastImport: await newestImport(db, teamId),
    unmappedOwners: await unmappedOwners(db, teamId),
    manualDeals: (await getTeam(db, teamId))?.manualDeals ?? true,
  };
}

/**
 * The CRM deal on an account of the team, when there is one: the rep's own open one first, then any open one,
 * then the newest, so the link goes to the record the rep most likely meant.
 */
export async function crmDealOnAccount(
  db: PgDb,
  teamId: string,
  userId: string,
  accountName: string,
): Promise<CrmDealRef | null> {
  const account = await findAccount(db, teamId, accountName);
  if (!account) return null;
  const [row] = await db
    .select({ id: deals.id, source: deals.source, url: deals.externalUrl })
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.accountId, account.id), isNotNull(deals.source)))
    .orderBy(
      sql`${deals.status} = 'open' and ${deals.userId} = ${userId} desc`,
      sql`${deals.status} = 'open' desc`,
      desc(deals.createdAt),
      desc(deals.id),
    )
    .limit(1);
  const source = asSource(row?.source ?? null);
  return row && source !== null ? { id: row.id, source, url: row.url, accountName: account.name } : null;
}

/** A deal's CRM, by its ID (null: typed in Slack, or no such deal in the team). */
export async function crmDealById(db: PgDb, teamId: string, dealId: number): Promise<CrmDealRef | null> {
  const [row] = await db
    .select({ id: deals.id, source: deals.source, url: deals.externalUrl, accountId: deals.accountId })
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.id, dealId)))
    .limit(1);
  const source = asSource(row?.source ?? null);
  if (!row || source === null) return null;
  const account = await accountById(db, teamId, row.accountId);
  return { id: row.id, source, url: row.url, accountName: account?.name ?? '' };
}
