/**
 * Which column of a deals CSV holds what: the presets for each CRM's standard deal export (their headers as the
 * CRMs write them; tests/crm/csv.test.ts cites the pages), and the resolution of a header row against a preset
 * or a `--map` of our field names to the file's headers.
 */
import type { CrmSourceKind } from './model.js';

/**
 * What we read from a row. `won`/`closed` are yes/no columns (Salesforce's Won and Closed); `wonOn`/`lostOn`
 * the day a deal was won or lost where the export keeps it apart from the expected close date (Pipedrive).
 */
export const CSV_FIELDS = [
  'id',
  'name',
  'account',
  'amount',
  'currency',
  'status',
  'stage',
  'won',
  'closed',
  'close',
  'wonOn',
  'lostOn',
  'created',
  'owner',
  'url',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

export type CsvPreset = 'hubspot' | 'salesforce' | 'pipedrive';

interface PresetSpec {
  label: string;
  /** The headers each field goes by in this export, the preferred first (matched ignoring case and spacing). */
  columns: Partial<Record<CsvField, readonly string[]>>;
}

export const PRESETS: Readonly<Record<CsvPreset, PresetSpec>> = {
  // HubSpot's deals export: the property labels as headers, the owner by full name.
  hubspot: {
    label: 'HubSpot',
    columns: {
      id: ['Record ID'],
      name: ['Deal Name'],
      account: ['Associated Company (Primary)', 'Associated Company', 'Company name'],
      amount: ['Amount'],
      currency: ['Currency', 'Deal currency code'],
      stage: ['Deal Stage'],
      close: ['Close Date'],
      created: ['Create Date'],
      owner: ['Deal owner'],
    },
  },
  // A Salesforce opportunity report exported as "Details Only" CSV; the ID column only when the report has it.
  salesforce: {
    label: 'Salesforce',
    columns: {
      id: ['Opportunity ID', 'Opportunity ID (18)'],
      name: ['Opportunity Name'],
      account: ['Account Name'],
      amount: ['Amount'],
      currency: ['Opportunity Currency', 'Amount Currency', 'Currency'],
      stage: ['Stage'],
      won: ['Won'],
      closed: ['Closed'],
      close: ['Close Date'],
      created: ['Created Date'],
      owner: ['Opportunity Owner: Email', 'Owner Email', 'Opportunity Owner'],
    },
  },
  // Pipedrive's deals export: every deal field as "Deal - <label>".
  pipedrive: {
    label: 'Pipedrive',
    columns: {
      id: ['Deal - ID', 'Deal - Pipedrive System ID'],
      name: ['Deal - Title'],
      account: ['Deal - Organization', 'Organization'],
      amount: ['Deal - Value'],
      currency: ['Deal - Currency', 'Deal - Currency of value'],
      status: ['Deal - Status'],
      stage: ['Deal - Stage'],
      close: ['Deal - Expected close date'],
      wonOn: ['Deal - Won time'],
      lostOn: ['Deal - Lost time'],
      created: ['Deal - Deal created', 'Deal - Creation date'],
      owner: ['Deal - Owner'],
    },
  },
};

export function isCsvPreset(name: string): name is CsvPreset {
  return Object.hasOwn(PRESETS, name);
}

/** Where each field is in the row (its column index), and what the file was read as. */
export interface ColumnPlan {
  source: CrmSourceKind;
  label: string;
  at: Partial<Record<CsvField, number>>;
}

export type ColumnResolution = { ok: true; plan: ColumnPlan } | { ok: false; reason: string };

/** Headers compare ignoring case and runs of spaces: "Deal owner" is "Deal Owner". */
const fold = (header: string) => header.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Resolves the header row: a preset's columns, overridden by `mapping` where given. A mapping alone imports as
 * 'csv'; a preset imports under its CRM's source, so its record ids agree with that CRM's API sync.
 */
export function resolveColumns(
  header: readonly string[],
  preset: string | undefined,
  mapping: Partial<Record<CsvField, string>> | undefined,
): ColumnResolution {
  const found = `the file's columns are: ${header.map((h) => `“${h.trim()}”`).join(', ') || '(none)'}`;
  if (preset !== undefined && !isCsvPreset(preset)) {
    return { ok: false, reason: `unknown preset “${preset}”: use hubspot, salesforce or pipedrive (${found})` };
  }
  if (preset === undefined && (mapping === undefined || Object.keys(mapping).length === 0)) {
    const guess = likelyPreset(header);
    const hint = guess ? `this looks like a ${PRESETS[guess].label} export: add --preset ${guess}` : 'name the columns';
    return {
      ok: false,
      reason: `say how to read the file: ${hint} (or --map, e.g. --map "account=Company,…"); ${found}`,
    };
  }
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(fold(h))) index.set(fold(h), i);
  });
  const spec = preset === undefined ? undefined : PRESETS[preset];
  const at: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const i = spec?.columns[field]?.map((h) => index.get(fold(h))).find((i) => i !== undefined);
    if (i !== undefined) at[field] = i;
  }
  for (const [field, name] of Object.entries(mapping ?? {})) {
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      return { ok: false, reason: `--map: unknown field “${field}”; the fields are ${CSV_FIELDS.join(', ')}` };
    }
    const i = index.get(fold(name ?? ''));
    if (i === undefined)
      return { ok: false, reason: `--map ${field}=“${name}”: the file has no such column; ${found}` };
    at[field as CsvField] = i;
  }
  const missing = missingRequired(at);
  if (missing.length > 0) {
    const wanted = missing.map((need) => describeNeed(need, spec)).join('; ');
    return { ok: false, reason: `missing ${wanted}; ${found}` };
  }
  return spec
    ? { ok: true, plan: { source: preset as CsvPreset, label: spec.label, at } }
    : { ok: true, plan: { source: 'csv', label: 'CSV', at } };
}

/** Each need is one field, or a choice of fields any one of which will do. */
type Need = readonly CsvField[];
const REQUIRED: readonly Need[] = [['account', 'name'], ['amount'], ['status', 'stage', 'won'], ['owner']];

function missingRequired(at: Partial<Record<CsvField, number>>): Need[] {
  return REQUIRED.filter((need) => need.every((field) => at[field] === undefined));
}

function describeNeed(need: Need, spec: PresetSpec | undefined): string {
  const own = spec ? need.filter((f) => spec.columns[f] !== undefined) : need;
  const fields = own.map((f) => `“${f}”`).join(' or ');
  const headers = own.flatMap((f) => spec?.columns[f] ?? []);
  return spec
    ? `the ${fields} column (the ${spec.label} export calls it ${headers.map((h) => `“${h}”`).join(' or ')})`
    : `the ${fields} column (add ${need[0]}=<column> to --map)`;
}

/** The preset whose identifying columns the header has, to suggest when none was named. */
function likelyPreset(header: readonly string[]): CsvPreset | undefined {
  const folded = new Set(header.map(fold));
  const marks: Record<CsvPreset, string> = {
    hubspot: 'deal stage',
    salesforce: 'opportunity name',
    pipedrive: 'deal - title',
  };
  return (Object.keys(marks) as CsvPreset[]).find((preset) => folded.has(marks[preset]));
}

/** A yes/no column (Salesforce's Won and Closed): 1/0, true/false, yes/no; empty is unknown. */
export function readYesNo(text: string, label: string, problems: string[]): boolean | undefined {
  if (text === '') return undefined;
  if (/^(1|true|yes|y)$/i.test(text)) return true;
  if (/^(0|false|no|n)$/i.test(text)) return false;
  problems.push(`${label} “${text}” is neither yes nor no; write 1 or 0, true or false`);
  return undefined;
}

type DealStatus = 'open' | 'won' | 'lost' | 'deleted';
type StatusRead = { status: DealStatus; stage: string | null } | { problem: string };

const STATUS_WORD = /^(open|won|lost|deleted|closed[\s_-]*won|closed[\s_-]*lost)$/i;
const WON_STAGE = /^(closed[\s_-]*)?won\b/i;
const LOST_STAGE = /^(closed[\s_-]*)?lost\b/i;

/**
 * Open, won or lost: the yes/no Won and Closed columns first (Salesforce), then a status word (Pipedrive's
 * open/won/lost/deleted), then the stage's name (HubSpot's "Closed won"/"Closed lost"; any other stage is open).
 * A status column holding stage names (`--map status=Stage`) is read as the stage.
 */
export function readStatus(
  won: boolean | undefined,
  closed: boolean | undefined,
  statusText: string,
  stageText: string,
): StatusRead {
  const word = STATUS_WORD.test(statusText) ? statusText.toLowerCase() : '';
  const stage = stageText || statusText || null;
  const status = statusFrom(won, closed, word, stage);
  return status === null
    ? { problem: 'the status and stage are both empty; write open, won or lost, or the stage' }
    : { status, stage };
}

function statusFrom(
  won: boolean | undefined,
  closed: boolean | undefined,
  word: string,
  stage: string | null,
): DealStatus | null {
  const byName = (text: string) => (WON_STAGE.test(text) ? 'won' : LOST_STAGE.test(text) ? 'lost' : null);
  if (won === true) return 'won';
  if (closed === false) return 'open';
  if (closed === true) return won === false ? 'lost' : (byName(stage ?? word) ?? 'lost');
  if (word === 'open' || word === 'deleted') return word;
  if (word !== '') return byName(word);
  if (stage !== null) return byName(stage) ?? 'open';
  return null;
}
