/**
 * The Salesforce source: Opportunities by SOQL (incremental on LastModifiedDate), the deleted-records resource for
 * deals removed since the last sync, Tasks (calls, emails) and Events (meetings) as activity, and accounts' ICP fit
 * from a configurable Account field. The session, its token and rate limits live in salesforce-session.ts; reading
 * the records in salesforce-records.ts.
 */
import {
  CRM_LOOK_BACK_MS,
  type CrmActivity,
  type CrmBatch,
  type CrmSource,
  emptyBatch,
  type PullOptions,
} from './model.js';
import {
  accountFit,
  type DealContext,
  type Read,
  readEvent,
  readOpportunity,
  readTask,
  type SalesforceRecord,
  salesforceInstant,
} from './salesforce-records.js';
import { SalesforceRequestError, SalesforceSession } from './salesforce-session.js';

export interface SalesforceOptions {
  /** The org's My Domain URL, e.g. https://acme.my.salesforce.com. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** An Account field's API name, e.g. Ideal_Customer_Profile__c; none: no ICP fit from Salesforce. */
  icpField?: string;
  /** Values of that field meaning "in the ICP" (case-insensitive); default `true`, for a checkbox field. */
  icpValues?: readonly string[];
  /** REST API version; default DEFAULT_SALESFORCE_API_VERSION. */
  apiVersion?: string;
  /** How far before the cursor an incremental sync starts reading; default CRM_LOOK_BACK_MS. */
  lookBackMs?: number;
}

export const DEFAULT_SALESFORCE_API_VERSION = '62.0';

/** Errors Salesforce gives when the integration user may not read an object. */
const NO_ACCESS = new Set(['INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INVALID_TYPE']);

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SalesforceRecord[];
}

interface DeletedResult {
  deletedRecords?: { id: string; deletedDate: string }[];
  earliestDateAvailable?: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function salesforceSource(options: SalesforceOptions): CrmSource {
  if (options.icpField !== undefined && !FIELD_NAME.test(options.icpField)) {
    throw new Error(
      `SALESFORCE_ICP_FIELD should be an Account field's API name, such as Ideal_Customer_Profile__c (got "${options.icpField}")`,
    );
  }
  return { kind: 'salesforce', pull: (pullOptions) => pullSalesforce(options, pullOptions) };
}

async function pullSalesforce(options: SalesforceOptions, pull: PullOptions): Promise<CrmBatch> {
  const session = new SalesforceSession({
    loginUrl: options.loginUrl.replace(/\/+$/, ''),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    apiVersion: options.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION,
    sleep: pull.sleep ?? realSleep,
  });
  const sinceMs = pull.since === null ? null : Date.parse(pull.since);
  if (Number.isNaN(sinceMs)) {
    throw new Error(`The saved Salesforce sync cursor is not a date ("${pull.since}"); run a full sync`);
  }
  const since = sinceMs === null ? null : soqlDateTime(sinceMs - (options.lookBackMs ?? CRM_LOOK_BACK_MS));
  const onPage = async () => {
    await pull.onPage?.();
  };
  const batch = emptyBatch({
    // ISO instants throughout, so the newest compares as text.
    cursor: sinceMs === null ? null : new Date(sinceMs).toISOString(),
    complete: since === null,
  });
  const query = (soql: string, visit: (record: SalesforceRecord) => void) => queryAll(session, soql, onPage, visit);

  await pullOpportunities(session, options, since, batch, query);
  if (since) {
    const deleted = await deletedSince(session, 'Opportunity', since, onPage);
    batch.deletedDealIds.push(...deleted.ids);
    if (deleted.gap) batch.warnings.push(`${deleted.gap} Deals deleted in Salesforce meanwhile stay in the coach.`);
  }
  await pullActivities(session, since, batch, query, onPage);
  return batch;
}

type Query = (soql: string, visit: (record: SalesforceRecord) => void) => Promise<void>;

async function pullOpportunities(
  session: SalesforceSession,
  options: SalesforceOptions,
  since: string | null,
  batch: CrmBatch,
  query: Query,
): Promise<void> {
  const describe = await session.get<{ fields?: { name: string }[] }>('/sobjects/Opportunity/describe');
  const context: DealContext = {
    instanceUrl: session.instanceUrl,
    icpField: options.icpField,
    icpValues: new Set((options.icpValues ?? ['true']).map((value) => value.trim().toLowerCase())),
    // Only a multi-currency org has the field; asking for it elsewhere fails the query.
    multiCurrency: (describe.fields ?? []).some((field) => field.name === 'CurrencyIsoCode'),
  };
  const fits = new Map<string, 'yes' | 'no'>();
  const run = () =>
    query(opportunitySoql(context, since), (record) => {
      const read = readOpportunity(record, context);
      if (read.ok) batch.deals.push(read.value);
      else batch.skipped.push(read.skip);
      const fit = read.ok ? accountFit(record, context) : null;
      if (fit) fits.set(fit.name, fit.icp);
      // A skipped record moves the cursor too: it comes back when someone fixes it (and so modifies it).
      const modifiedAt = salesforceInstant(record.LastModifiedDate);
      if (modifiedAt && (batch.cursor === null || modifiedAt > batch.cursor)) batch.cursor = modifiedAt;
    });
  try {
    await run();
  } catch (error) {
    const field = context.icpField;
    if (!(error instanceof SalesforceRequestError && error.errorCode === 'INVALID_FIELD' && field)) throw error;
    if (!error.message.includes(field)) throw error;
    batch.warnings.push(
      `Salesforce's Account has no field ${field} (INVALID_FIELD), so no ICP fit came from Salesforce: set ` +
        "SALESFORCE_ICP_FIELD to the field's API name (Setup → Object Manager → Account → Fields & Relationships).",
    );
    context.icpField = undefined;
    await run();
  }
  batch.accounts.push(...[...fits].map(([name, icp]) => ({ name, icp })));
}

function opportunitySoql(context: DealContext, since: string | null): string {
  const fields = [
    'Id',
    'Name',
    'Amount',
    'CloseDate',
    'IsWon',
    'IsClosed',
    'StageName',
    'CreatedDate',
    'LastModifiedDate',
    'Owner.Email',
    'Owner.Name',
    'Account.Name',
    ...(context.icpField ? [`Account.${context.icpField}`] : []),
    ...(context.multiCurrency ? ['CurrencyIsoCode'] : []),
  ];
  return `SELECT ${fields.join(', ')} FROM Opportunity${since ? ` WHERE LastModifiedDate > ${since}` : ''} ORDER BY LastModifiedDate`;
}

const TASK_SOQL =
  'SELECT Id, TaskSubtype, IsClosed, ActivityDate, CompletedDateTime, CreatedDate, LastModifiedDate, Owner.Email, ' +
  "Owner.Name, Account.Name FROM Task WHERE TaskSubtype IN ('Call', 'Email')";
const EVENT_SOQL =
  'SELECT Id, IsAllDayEvent, StartDateTime, ActivityDateTime, ActivityDate, LastModifiedDate, Owner.Email, ' +
  'Owner.Name, Account.Name FROM Event';

/** Calls and emails from Tasks, meetings from Events; an object the integration user cannot read is a warning. */
async function pullActivities(
  session: SalesforceSession,
  since: string | null,
  batch: CrmBatch,
  query: Query,
  onPage: () => Promise<void>,
): Promise<void> {
  const kinds: {
    type: string;
    what: string;
    soql: string;
    read: (record: SalesforceRecord) => Read<CrmActivity> | null;
  }[] = [
    { type: 'Task', what: 'calls and emails', soql: TASK_SOQL, read: readTask },
    { type: 'Event', what: 'meetings', soql: EVENT_SOQL, read: readEvent },
  ];
  for (const { type, what, soql, read } of kinds) {
    const where = since ? `${soql.includes(' WHERE ') ? ' AND' : ' WHERE'} LastModifiedDate > ${since}` : '';
    try {
      await query(`${soql}${where} ORDER BY LastModifiedDate`, (record) => {
        const result = read(record);
        if (result?.ok) batch.activities.push(result.value);
        else if (result) batch.skipped.push(result.skip);
        // Not (or no longer) a counted activity: a call reopened as a to-do, a task now of another subtype.
        else if (typeof record.Id === 'string') batch.deletedActivityIds.push(record.Id);
      });
    } catch (error) {
      if (!(error instanceof SalesforceRequestError && NO_ACCESS.has(error.errorCode))) throw error;
      batch.warnings.push(
        `Salesforce did not let the integration user read ${type} records (${error.errorCode}), so ${what} logged ` +
          "in Salesforce are not counted: give the connected app's Run As user access to them (its profile or a " +
          'permission set).',
      );
      continue;
    }
    if (!since) continue;
    const deleted = await deletedSince(session, type, since, onPage);
    batch.deletedActivityIds.push(...deleted.ids);
    if (deleted.gap)
      batch.warnings.push(`${deleted.gap} ${capitalized(what)} deleted in Salesforce meanwhile stay counted.`);
  }
}

/** Every record of a query, page by page through nextRecordsUrl; `onPage` after each page. */
async function queryAll(
  session: SalesforceSession,
  soql: string,
  onPage: () => Promise<void>,
  visit: (record: SalesforceRecord) => void,
): Promise<void> {
  let result = await session.get<QueryResult>(`/query?q=${encodeURIComponent(soql)}`);
  for (;;) {
    for (const record of result.records ?? []) visit(record);
    await onPage();
    if (result.done || !result.nextRecordsUrl) return;
    result = await session.get<QueryResult>(result.nextRecordsUrl);
  }
}

/**
 * Ids of `type` records deleted since the cursor (the sObject Get Deleted resource, which ignores seconds and keeps
 * about 15 days), and a sentence when some deletions could not be known.
 */
async function deletedSince(
  session: SalesforceSession,
  type: string,
  since: string,
  onPage: () => Promise<void>,
): Promise<{ ids: string[]; gap: string | null }> {
  const start = new Date(Math.floor(Date.parse(since) / 60_000) * 60_000);
  const end = new Date();
  if (start >= end) return { ids: [], gap: null };
  const range = `start=${encodeURIComponent(deletedParam(start))}&end=${encodeURIComponent(deletedParam(end))}`;
  let result: DeletedResult;
  try {
    result = await session.get<DeletedResult>(`/sobjects/${type}/deleted/?${range}`);
  } catch (error) {
    // Salesforce refused this range (too old, too many ids): say so and go on. Not answering fails the run.
    if (!(error instanceof SalesforceRequestError) || (error.status ?? 500) >= 500) throw error;
    return {
      ids: [],
      gap: `Salesforce did not say which ${type} records were deleted since ${since} (${error.errorCode}: ${error.message}).`,
    };
  }
  await onPage();
  const ids = (result.deletedRecords ?? []).map((record) => record.id).filter((id) => typeof id === 'string' && id);
  const earliest = salesforceInstant(result.earliestDateAvailable);
  const gap =
    earliest && earliest > start.toISOString()
      ? `Salesforce's log of deleted ${type} records starts at ${earliest}, after the last sync (${since}).`
      : null;
  return { ids, gap };
}

/** The deleted resource's start/end: "2026-01-05T10:00:00+00:00". */
function deletedParam(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * A cursor as a SOQL dateTime literal (no quotes): "2026-01-05T10:00:00Z". Seconds only, rounded down, so a record
 * modified in the cursor's own second comes again rather than never (applying it twice changes nothing).
 */
function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function capitalized(text: string): string {
  return `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`;
}
