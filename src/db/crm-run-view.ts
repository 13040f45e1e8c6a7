/**
 * The pure half of the CRM status reads, shared by the SQLite module (crm-status.ts) and its Postgres twin: which
 * sources there are, which runs are imports, and a stored run read defensively into what a manager is shown.
 */
import { CRM_LABELS, type CrmSourceKind, emptySummary, type SyncSummary } from '../crm/model.js';
import type { CrmRunView } from './crm-status.js';

export const SOURCES = Object.keys(CRM_LABELS) as CrmSourceKind[];

export function asSource(value: string | null): CrmSourceKind | null {
  return value !== null && (SOURCES as string[]).includes(value) ? (value as CrmSourceKind) : null;
}

/** Runs that loaded a file rather than pulled from a CRM's API: `cli import`, and the playground's CSV sample. */
export const IMPORT_TRIGGERS = ['import', 'playground'];

/** Ok runs whose summaries are searched for an unmapped owner's record count. */
export const RUNS_SEARCHED_FOR_OWNERS = 50;

/** A crm_runs row as either back end reads it. */
export interface RunRow {
  source: string;
  trigger: string;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'ok' | 'failed';
  error: string | null;
  summary: Record<string, unknown> | null;
}

/** A stored summary read defensively: a field another version did not write reads as nothing done. */
export function summaryOf(raw: Record<string, unknown>, source: CrmSourceKind): SyncSummary {
  const empty = emptySummary(source, false);
  const counts = (value: unknown) => ({ ...empty.deals, ...(typeof value === 'object' ? value : {}) });
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  return {
    ...empty,
    deals: counts(raw.deals),
    activities: counts(raw.activities),
    accountsFitted: typeof raw.accountsFitted === 'number' ? raw.accountsFitted : 0,
    skipped: list<SyncSummary['skipped'][number]>(raw.skipped).filter((skip) => typeof skip?.reason === 'string'),
    unmappedOwners: list<SyncSummary['unmappedOwners'][number]>(raw.unmappedOwners).filter(
      (owner) => typeof owner?.owner === 'string' && typeof owner.reason === 'string',
    ),
    warnings: list<unknown>(raw.warnings).filter((warning): warning is string => typeof warning === 'string'),
  };
}

export function runView(row: RunRow): CrmRunView | null {
  const source = asSource(row.source);
  if (source === null || row.finishedAt === null || row.status === 'running') return null;
  const summary = row.summary as Record<string, unknown> | null;
  const fix = typeof summary?.fix === 'string' ? summary.fix : null;
  return {
    source,
    trigger: row.trigger,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    status: row.status,
    error: row.error,
    fix,
    summary: row.status === 'ok' && summary !== null ? summaryOf(summary, source) : null,
  };
}

/** The key crm_owners files an owner under (lower-cased email, or `name:` and the folded name). */
export function ownerKeyOf(owner: string): string {
  const folded = owner.trim().replace(/\s+/g, ' ').toLowerCase();
  return folded.includes('@') ? folded : `name:${folded}`;
}
