/**
 * A local stand-in for the parts of Salesforce's REST API the Salesforce source uses, built from the published
 * request and response shapes:
 * - OAuth 2.0 client credentials: POST /services/oauth2/token (grant_type=client_credentials, client_id,
 *   client_secret) → {access_token, instance_url, id, token_type, issued_at, signature}; refusals as
 *   {error, error_description}:
 *   https://developer.salesforce.com/docs/atlas.en-us.262.0.chatterapi.meta/chatterapi/quickstart_connecting.htm
 * - Query: GET /services/data/vXX.X/query?q=SOQL → {totalSize, done, nextRecordsUrl, records[{attributes, …}]}, and
 *   the nextRecordsUrl (/services/data/vXX.X/query/<locator>-<offset>) for the next page:
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md,
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.md
 * - SOQL dateTime literals without quotes (WHERE LastModifiedDate > 2005-10-08T01:02:03Z):
 *   https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/api/sforce_api_calls_soql_select_dateformats.htm
 * - sObject Get Deleted: GET /services/data/vXX.X/sobjects/<type>/deleted/?start=&end= → {deletedRecords[{id,
 *   deletedDate}], earliestDateAvailable, latestDateCovered}:
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getdeleted.md,
 *   https://developer.salesforce.com/docs/atlas.en-us.264.0.api_rest.meta/api_rest/dome_get_deleted.htm
 * - Errors as [{message, errorCode}]: 401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED, 400 INVALID_FIELD:
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/errorcodes.md
 * - Task (TaskSubtype, ActivityDate, CompletedDateTime) and Event (StartDateTime, ActivityDateTime, IsAllDayEvent):
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-task.html,
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html
 * Datetimes come back as Salesforce writes them: "2025-01-06T09:00:00.000+0000".
 */
import type { IncomingMessage, Server } from 'node:http';
import { closeLocal, type LocalAnswer, listenLocal } from '../../src/playground/local-http.js';
import { readBody } from '../../src/playground/workspace.js';

export type SObjectType = 'Opportunity' | 'Task' | 'Event';
export type StandInValue = string | number | boolean | null;
/** A row as the org holds it: its own fields, OwnerId and AccountId for the lookups. */
export type StandInRecord = Record<string, StandInValue>;

/** A datetime as Salesforce writes it. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The org's data, which the test changes between pulls; every change is stamped with the org's clock. */
export class SalesforceStore {
  clock = Date.UTC(2025, 0, 6, 9, 0, 0);
  /** Where the deleted-records log begins. */
  earliestDeletedAvailable = Date.UTC(2024, 11, 1);
  readonly deletions: { type: SObjectType; id: string; at: number }[] = [];
  private readonly users = new Map<string, StandInRecord>();
  private readonly accounts = new Map<string, StandInRecord>();
  private readonly rows: Record<SObjectType, StandInRecord[]> = { Opportunity: [], Task: [], Event: [] };

  advance(minutes: number): void {
    this.clock += minutes * 60_000;
  }

  now(): string {
    return sfDateTime(this.clock);
  }

  addUser(id: string, name: string, email: string): void {
    this.users.set(id, { Id: id, Name: name, Email: email });
  }

  /** An Account; `fields` holds its custom fields (Ideal_Customer_Profile__c). */
  addAccount(id: string, name: string, fields: StandInRecord = {}): void {
    this.accounts.set(id, { Id: id, Name: name, ...fields });
  }

  /** A new record, created and last modified now unless `fields` says otherwise. */
  add(type: SObjectType, fields: StandInRecord): void {
    this.rows[type].push({
      CreatedDate: this.now(),
      ...fields,
      LastModifiedDate: fields.LastModifiedDate ?? this.now(),
    });
  }

  /** A row exactly as given, however malformed (no Id, a date that is not one). */
  plant(type: SObjectType, row: StandInRecord): void {
    this.rows[type].push(row);
  }

  /** Someone edits the record in Salesforce: LastModifiedDate moves to now. */
  update(type: SObjectType, id: string, changes: StandInRecord): void {
    const row = this.rows[type].find((candidate) => candidate.Id === id);
    if (!row) throw new Error(`no ${type} ${id} in the stand-in`);
    Object.assign(row, changes, { LastModifiedDate: this.now() });
  }

  remove(type: SObjectType, id: string): void {
    const rows = this.rows[type];
    const index = rows.findIndex((candidate) => candidate.Id === id);
    if (index < 0) throw new Error(`no ${type} ${id} in the stand-in`);
    rows.splice(index, 1);
    this.deletions.push({ type, id, at: this.clock });
  }

  all(type: SObjectType): StandInRecord[] {
    return this.rows[type];
  }

  user(id: StandInValue | undefined): StandInRecord | null {
    return typeof id === 'string' ? (this.users.get(id) ?? null) : null;
  }

  account(id: StandInValue | undefined): StandInRecord | null {
    return typeof id === 'string' ? (this.accounts.get(id) ?? null) : null;
  }
}

export interface SalesforceStandInOptions {
  clientId?: string;
  clientSecret?: string;
  /** Records per query page (Salesforce's is up to 2,000); small, so a handful of records spans pages. */
  pageSize?: number;
  /** A multi-currency org: Opportunity has CurrencyIsoCode. */
  multiCurrency?: boolean;
  /** Custom Account fields that exist (an ICP field); asking for another is INVALID_FIELD. */
  accountFields?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The SOQL of a query. */
  soql?: string;
  status: number;
}

interface Fault {
  /** Answer with it when the data-request count reaches this. */
  at: number;
  answer: LocalAnswer;
}

const FIELDS: Record<SObjectType | 'User' | 'Account', readonly string[]> = {
  Opportunity: ['Id', 'Name', 'Amount', 'CloseDate', 'IsWon', 'IsClosed', 'StageName', 'Probability', 'CreatedDate'],
  Task: ['Id', 'TaskSubtype', 'IsClosed', 'ActivityDate', 'CompletedDateTime', 'CreatedDate', 'Subject'],
  Event: ['Id', 'IsAllDayEvent', 'StartDateTime', 'ActivityDateTime', 'ActivityDate', 'CreatedDate', 'Subject'],
  User: ['Id', 'Name', 'Email'],
  Account: ['Id', 'Name'],
};

const errors = (status: number, errorCode: string, message: string): LocalAnswer => ({
  status,
  body: [{ message, errorCode }],
});

export class SalesforceStandIn {
  readonly store = new SalesforceStore();
  readonly requests: RecordedRequest[] = [];
  url = '';
  /** Tokens issued whose sessions are still valid. */
  private readonly sessions = new Set<string>();
  private issued = 0;
  private dataRequests = 0;
  private readonly faults: Fault[] = [];
  private readonly denied = new Set<string>();
  private readonly locators = new Map<string, object[]>();
  /** When set, every token issued from now on is refused at once (a Run As user without API access). */
  rejectNewSessions = false;
  private server: Server | undefined;

  constructor(readonly options: Required<SalesforceStandInOptions>) {}

  async start(): Promise<void> {
    const { server, port } = await listenLocal((req) => this.handle(req));
    this.server = server;
    this.url = `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return closeLocal(this.server);
  }

  /** Every session issued so far expires (Salesforce's session timeout). */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** The `after`+1-th data request from now answers 429 with Retry-After (once). */
  rateLimitNext(options: { after?: number; retryAfter?: string } = {}): void {
    const headers: Record<string, string> =
      options.retryAfter === undefined ? {} : { 'retry-after': options.retryAfter };
    this.faults.push({
      at: this.dataRequests + (options.after ?? 0) + 1,
      answer: { status: 429, headers, body: [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] },
    });
  }

  /** The `after`+1-th data request from now answers 403 REQUEST_LIMIT_EXCEEDED with this message (once). */
  requestLimitNext(message: string, after = 0): void {
    this.faults.push({ at: this.dataRequests + after + 1, answer: errors(403, 'REQUEST_LIMIT_EXCEEDED', message) });
  }

  /** The integration user cannot read this object: its queries answer INVALID_TYPE. */
  deny(type: SObjectType): void {
    this.denied.add(type);
  }

  /** The SOQL of every query sent, in order. */
  queries(): string[] {
    return this.requests.flatMap((request) => (request.soql ? [request.soql] : []));
  }

  private async handle(req: IncomingMessage): Promise<LocalAnswer> {
    const url = new URL(req.url ?? '/', this.url);
    const record = (answer: LocalAnswer, soql?: string) => {
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status: answer.status ?? 200, soql });
      return answer;
    };
    if (url.pathname === '/services/oauth2/token' && req.method === 'POST') {
      return record(this.token(new URLSearchParams(await readBody(req))));
    }
    const soql = url.pathname.endsWith('/query') ? (url.searchParams.get('q') ?? undefined) : undefined;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.sessions.has(token)) {
      return record(errors(401, 'INVALID_SESSION_ID', 'Session expired or invalid'), soql);
    }
    this.dataRequests += 1;
    const fault = this.faults.findIndex((candidate) => candidate.at === this.dataRequests);
    if (fault >= 0) return record(this.faults.splice(fault, 1)[0]?.answer ?? {}, soql);
    return record(this.data(url, soql), soql);
  }

  private token(params: URLSearchParams): LocalAnswer {
    if (params.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    }
    if (params.get('client_id') !== this.options.clientId) {
      return { status: 400, body: { error: 'invalid_client_id', error_description: 'client identifier invalid' } };
    }
    if (params.get('client_secret') !== this.options.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
    }
    this.issued += 1;
    const accessToken = `00DSTANDIN0000001!session-${this.issued}`;
    if (!this.rejectNewSessions) this.sessions.add(accessToken);
    return {
      body: {
        access_token: accessToken,
        signature: 'c3RhbmQtaW4=',
        scope: 'api',
        instance_url: this.url,
        id: `${this.url}/id/00DSTANDIN0000001AAA/005STANDIN0000001AAA`,
        token_type: 'Bearer',
        issued_at: String(this.store.clock),
      },
    };
  }

  private data(url: URL, soql: string | undefined): LocalAnswer {
    const path = /^\/services\/data\/v\d+\.\d\/(.*)$/.exec(url.pathname)?.[1];
    if (path === undefined) return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (path === 'query' && soql) return this.query(soql);
    const more = /^query\/(.+)-(\d+)$/.exec(path);
    if (more) return this.page(more[1] ?? '', Number(more[2]));
    if (path === 'sobjects/Opportunity/describe') {
      const fields = [...FIELDS.Opportunity, 'LastModifiedDate', 'OwnerId', 'AccountId'];
      if (this.options.multiCurrency) fields.push('CurrencyIsoCode');
      return { body: { name: 'Opportunity', fields: fields.map((name) => ({ name })) } };
    }
    const deleted = /^sobjects\/(\w+)\/deleted\/?$/.exec(path);
    if (deleted) return this.deleted(deleted[1] ?? '', url.searchParams);
    return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  /** Just enough SOQL: the fields, the object after FROM, and `LastModifiedDate > <literal>`. */
  private query(soql: string): LocalAnswer {
    const parts = /^SELECT (.+?) FROM (\w+)(.*)$/i.exec(soql.trim());
    if (!parts) return errors(400, 'MALFORMED_QUERY', 'unexpected token');
    const fields = (parts[1] ?? '').split(',').map((field) => field.trim());
    const type = parts[2] as SObjectType;
    if (!(type in FIELDS) || this.denied.has(type)) {
      return errors(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
    }
    const since = /LastModifiedDate > (\S+)/.exec(parts[3] ?? '')?.[1];
    const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
    const modified = (record: StandInRecord) => Date.parse(String(record.LastModifiedDate));
    const rows = this.store
      .all(type)
      .filter((record) => !(modified(record) <= sinceMs))
      .sort((a, b) => (modified(a) || 0) - (modified(b) || 0));
    const projected: object[] = [];
    for (const row of rows) {
      const result = this.project(type, row, fields);
      if (typeof result === 'string') return errors(400, 'INVALID_FIELD', result);
      projected.push(result);
    }
    const locator = `01gSTANDIN${this.locators.size + 1}`;
    this.locators.set(locator, projected);
    return this.page(locator, 0);
  }

  private page(locator: string, offset: number): LocalAnswer {
    const records = this.locators.get(locator);
    if (!records) return errors(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const end = offset + this.options.pageSize;
    const done = end >= records.length;
    return {
      body: {
        totalSize: records.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `/services/data/v62.0/query/${locator}-${end}` }),
        records: records.slice(offset, end),
      },
    };
  }

  /** A row with the selected fields and its Owner/Account lookups nested, or the INVALID_FIELD message. */
  private project(type: SObjectType, row: StandInRecord, fields: string[]): object | string {
    const out: Record<string, unknown> = {
      attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${String(row.Id)}` },
    };
    for (const path of fields) {
      const [head = '', sub] = path.split('.');
      if (!sub) {
        const known = [...FIELDS[type], 'LastModifiedDate', ...(this.options.multiCurrency ? ['CurrencyIsoCode'] : [])];
        if (!known.includes(head)) return noSuchColumn(head, type);
        out[head] = row[head] ?? null;
        continue;
      }
      const target = head === 'Owner' ? 'User' : head === 'Account' ? 'Account' : null;
      if (!target) return noSuchColumn(head, type);
      const known = [...FIELDS[target], ...(target === 'Account' ? this.options.accountFields : [])];
      if (!known.includes(sub)) return noSuchColumn(sub, target);
      const related = target === 'User' ? this.store.user(row.OwnerId) : this.store.account(row.AccountId);
      if (!related) {
        out[head] = null;
        continue;
      }
      const nested = (out[head] ?? {
        attributes: { type: target, url: `/services/data/v62.0/sobjects/${target}/${String(related.Id)}` },
      }) as Record<string, unknown>;
      nested[sub] = related[sub] ?? null;
      out[head] = nested;
    }
    return out;
  }

  private deleted(type: string, params: URLSearchParams): LocalAnswer {
    const start = Date.parse(params.get('start') ?? '');
    const end = Date.parse(params.get('end') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
      return errors(400, 'INVALID_REPLICATION_DATE', 'start and end must be dates, start before end');
    }
    const deletedRecords = this.store.deletions
      .filter((entry) => entry.type === type && entry.at >= start && entry.at <= end)
      .map((entry) => ({ id: entry.id, deletedDate: sfDateTime(entry.at) }));
    return {
      body: {
        deletedRecords,
        earliestDateAvailable: sfDateTime(this.store.earliestDeletedAvailable),
        latestDateCovered: sfDateTime(Math.floor(end / 60_000) * 60_000),
      },
    };
  }
}

function noSuchColumn(field: string, entity: string): string {
  return (
    `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to ` +
    "append the '__c' after the custom field name."
  );
}

export async function startSalesforceStandIn(options: SalesforceStandInOptions = {}): Promise<SalesforceStandIn> {
  const standIn = new SalesforceStandIn({
    clientId: options.clientId ?? '3MVG9STANDINCLIENTID',
    clientSecret: options.clientSecret ?? 'stand-in-client-secret-8A4BE698',
    pageSize: options.pageSize ?? 2,
    multiCurrency: options.multiCurrency ?? false,
    accountFields: options.accountFields ?? [],
  });
  await standIn.start();
  return standIn;
}
