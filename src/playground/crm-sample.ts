/**
 * The playground's "Load CRM sample (CSV)": the HubSpot deals export kept for the tests
 * (tests/fixtures/crm/hubspot-deals.csv) imported into the playground's team as `cli import --preset hubspot`
 * does it: parsed, its owners (by name, as HubSpot exports them) matched to the workspace's people, applied in
 * one transaction and recorded as a run. Its dates move by whole days so that the day the sample was written
 * for is the playground's today: its wins land in the current quarter whenever the playground runs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CsvImportDeps, describeErrors, describeSummary, importDealsCsv } from '../crm/cli-import.js';
import type { CrmBatch, CrmDate, SyncSummary } from '../crm/model.js';
import { addDays, daysBetween, localDate } from '../domain/calendar.js';

export const CRM_SAMPLE_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../tests/fixtures/crm/hubspot-deals.csv',
);

/** The day the sample's dates were written around ("today" for its wins and open deals). */
export const CRM_SAMPLE_DAY = '2026-12-04';

const DAY_MS = 24 * 60 * 60 * 1000;

export type CrmSampleResult = { ok: true; summary: SyncSummary; message: string } | { ok: false; message: string };

export async function loadCrmSample(deps: CsvImportDeps): Promise<CrmSampleResult> {
  const days = daysBetween(CRM_SAMPLE_DAY, localDate(deps.now(), deps.defaultTimezone));
  const outcome = await importDealsCsv(deps, {
    text: readFileSync(CRM_SAMPLE_PATH, 'utf8'),
    preset: 'hubspot',
    dryRun: false,
    trigger: 'playground',
    today: CRM_SAMPLE_DAY,
    prepare: (batch) => shiftDates(batch, days),
  });
  if (!outcome.ok) return { ok: false, message: describeErrors(outcome.errors) };
  return { ok: true, summary: outcome.summary, message: describeSummary(outcome.summary, 'the HubSpot sample') };
}

/** The batch with every deal's dates `days` later (earlier when negative); a day stays a day, an instant an instant. */
export function shiftDates(batch: CrmBatch, days: number): CrmBatch {
  if (days === 0) return batch;
  const shift = (date: CrmDate): CrmDate =>
    date.length === 10 ? addDays(date, days) : new Date(Date.parse(date) + days * DAY_MS).toISOString();
  return {
    ...batch,
    deals: batch.deals.map((deal) => ({
      ...deal,
      closeDate: deal.closeDate === null ? null : shift(deal.closeDate),
      createdAt: shift(deal.createdAt),
    })),
  };
}
