/**
 * `npm run cli -- import <file.csv> [--preset hubspot|salesforce|pipedrive] [--map …] [--complete] [--dry-run]`:
 * a deals CSV read (crm/csv.ts), its owners matched to Slack members, and applied in one transaction
 * (crm/apply.ts). Every run is recorded in crm_runs (trigger 'import'), dry runs too, marked dry_run, so a
 * manager can see what was tried; a file with any bad row is recorded as failed and writes nothing else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { WebClient } from '@slack/web-api';
import { crmSecrets, loadWebApiConfig } from '../config.js';
import type { CrmTrigger } from '../db/crm.js';
import { localDate } from '../domain/calendar.js';
import { JsonLogger } from '../logger.js';
import { idempotentClient } from '../scheduler/client.js';
import { openStore } from '../storage/open.js';
import type { Store } from '../storage/types.js';
import { applyBatch, ownersOf } from './apply.js';
import { type CsvField, type CsvPreset, parseDealsCsv } from './csv.js';
import { CSV_FIELDS, isCsvPreset } from './csv-presets.js';
import { CRM_LABELS, type CrmBatch, type CrmSkip, type SyncSummary } from './model.js';
import { slackOwnerDirectory, unansweredOwners } from './owners.js';
import { crmBotToken } from './sources.js';
import { OwnersUnansweredError, workspaceTeamId } from './sync.js';

export interface CsvImportDeps {
  store: Store;
  /** For matching owners to members (users.lookupByEmail, users.list). */
  client: WebClient;
  teamId: string;
  now: () => number;
  /** The operator's zone: "today" for the file's relative checks, and a rep's dates when they have none. */
  defaultTimezone: string;
}

export interface CsvImportRequest {
  text: string;
  preset?: string;
  mapping?: Partial<Record<CsvField, string>>;
  complete?: boolean;
  dryRun: boolean;
  trigger: Extract<CrmTrigger, 'import' | 'playground'>;
  /** The day the file's relative checks take as today (YYYY-MM-DD); default: now in the default zone. */
  today?: string;
  /** Changes the batch before it is applied (the playground moves its sample's dates to the present). */
  prepare?: (batch: CrmBatch) => CrmBatch;
}

export type CsvImportOutcome =
  | { ok: true; summary: SyncSummary; rows: number; runId: number }
  | { ok: false; errors: CrmSkip[]; runId: number };

/** Parses, matches owners and applies: all of the file or, with any bad row, nothing but the failed run's record. */
export async function importDealsCsv(deps: CsvImportDeps, request: CsvImportRequest): Promise<CsvImportOutcome> {
  const { store, teamId, now } = deps;
  const parsed = parseDealsCsv(request.text, {
    // An unknown name is refused by the parse, with the file's columns.
    preset: request.preset as CsvPreset | undefined,
    mapping: request.mapping,
    complete: request.complete,
    today: request.today ?? localDate(now(), deps.defaultTimezone),
  });
  const source = parsed.ok ? parsed.source : request.preset && isCsvPreset(request.preset) ? request.preset : 'csv';
  const runId = await store.crm.startCrmRun({
    teamId,
    source,
    trigger: request.trigger,
    dryRun: request.dryRun,
    now: now(),
  });
  if (!parsed.ok) {
    await store.crm.finishCrmRunFailed(runId, { error: describeErrors(parsed.errors), fix: null, now: now() });
    return { ok: false, errors: parsed.errors, runId };
  }
  const batch = request.prepare ? request.prepare(parsed.batch) : parsed.batch;
  try {
    const owners = await slackOwnerDirectory({ store, teamId, client: deps.client, now }).resolve(ownersOf(batch));
    // Slack not answering says nothing about who owns what: import nothing rather than skip those deals.
    const unanswered = unansweredOwners(owners);
    if (unanswered) throw new OwnersUnansweredError(unanswered.count, unanswered.reason);
    const at = now();
    const summary = await applyBatch(store, {
      teamId,
      source,
      batch,
      owners,
      dryRun: request.dryRun,
      now: at,
      defaultTimezone: deps.defaultTimezone,
    });
    await store.crm.finishCrmRunOk(runId, summary, at);
    return { ok: true, summary, rows: parsed.rows, runId };
  } catch (error) {
    await store.crm.finishCrmRunFailed(runId, {
      error: error instanceof Error ? error.message : String(error),
      fix: null,
      now: now(),
    });
    throw error;
  }
}

/** Every bad row, one a line, as the CLI prints them and crm_runs keeps them. */
export function describeErrors(errors: readonly CrmSkip[]): string {
  return errors.map((e) => (e.line === undefined ? e.reason : `line ${e.line}: ${e.reason}`)).join('\n');
}

/** One line for a person: what the import did, or on a dry run would do. */
export function describeSummary(summary: SyncSummary, file: string): string {
  const { added, changed, deleted, unchanged } = summary.deals;
  const counts = `${added} added, ${changed} changed, ${deleted} deleted, ${unchanged} unchanged, ${summary.skipped.length} skipped`;
  const unmapped = summary.unmappedOwners.length;
  const owners = unmapped === 0 ? '' : `; ${unmapped} owner(s) not matched to a Slack member`;
  const lead = summary.dryRun
    ? `Dry run of ${file} (${CRM_LABELS[summary.source]}), nothing written: would be`
    : `Imported ${file} (${CRM_LABELS[summary.source]}):`;
  return `${lead} ${counts}${owners}.`;
}

/** A file that was not imported: the CLI prints every bad line and exits with 1. */
export class ImportFailedError extends Error {
  constructor(file: string, errors: readonly CrmSkip[]) {
    super(
      `${file} was not imported, and nothing of it was written. Fix these rows and import it again:\n${describeErrors(errors)}`,
    );
    this.name = 'ImportFailedError';
  }
}

export async function importCommand(
  args: string[],
  out: (text: string) => void,
  err: (text: string) => void = (text) => process.stderr.write(text),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      preset: { type: 'string' },
      map: { type: 'string' },
      complete: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    throw new Error('import takes one file: import <file.csv> [--preset hubspot|salesforce|pipedrive] [--map …]');
  }
  if (!existsSync(file)) throw new Error(`There is no file at ${file}.`);
  const text = readFileSync(file, 'utf8');
  const mapping = values.map === undefined ? undefined : parseMapping(values.map);
  const config = loadWebApiConfig(env);
  const botToken = crmBotToken(config, 'import');
  const logger = new JsonLogger(config.LOG_LEVEL, {
    secrets: [botToken, ...crmSecrets(config)],
    sink: (line) => process.stderr.write(`${line}\n`),
  });
  const store = await openStore({
    url: config.DATABASE_URL,
    path: config.DATABASE_PATH,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    const client = idempotentClient(botToken, { apiUrl: config.SLACK_API_URL, logger });
    const deps = {
      store,
      client,
      teamId: await workspaceTeamId(client),
      now: () => Date.now(),
      defaultTimezone: config.DEFAULT_TIMEZONE,
    };
    const outcome = await importDealsCsv(deps, {
      text,
      preset: values.preset,
      mapping,
      complete: values.complete,
      dryRun: values['dry-run'],
      trigger: 'import',
    });
    if (!outcome.ok) throw new ImportFailedError(basename(file), outcome.errors);
    out(`${JSON.stringify(outcome.summary, null, 2)}\n`);
    err(`${describeSummary(outcome.summary, basename(file))}\n`);
  } finally {
    await store.close();
  }
}

/**
 * `--map "id=Deal ID,account=Company,amount=Value"`: our field = the file's header, comma-separated. A header
 * may hold a comma itself; only a comma followed by `field=` starts the next pair.
 */
export function parseMapping(text: string): Partial<Record<CsvField, string>> {
  const mapping: Partial<Record<CsvField, string>> = {};
  for (const pair of text.split(/,(?=\s*[A-Za-z]+\s*=)/)) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(pair);
    const field = match?.[1];
    const header = match?.[2];
    if (field === undefined || header === undefined || header === '') {
      throw new Error(
        `--map takes field=column pairs, e.g. --map "account=Company,amount=Value", not “${pair.trim()}”`,
      );
    }
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`--map: unknown field “${field}”; the fields are ${CSV_FIELDS.join(', ')}`);
    }
    mapping[field as CsvField] = header;
  }
  return mapping;
}
