/**
 * The Salesforce source against a local stand-in of Salesforce's REST API (tests/support/salesforce-standin.ts), built
 * from the published shapes:
 * - OAuth 2.0 client credentials flow (POST /services/oauth2/token, {access_token, instance_url}; refusals
 *   {error, error_description}):
 *   https://developer.salesforce.com/docs/atlas.en-us.262.0.chatterapi.meta/chatterapi/quickstart_connecting.htm
 * - Query and nextRecordsUrl paging: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md
 * - sObject Get Deleted: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getdeleted.md
 * - Error bodies [{message, errorCode}] (INVALID_SESSION_ID, REQUEST_LIMIT_EXCEEDED):
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/errorcodes.md
 * - Task and Event fields:
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-task.html,
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrmAuthError, type CrmBatch, CrmRateLimitError, type PullOptions } from '../../src/crm/model.js';
import { type SalesforceOptions, salesforceSource } from '../../src/crm/salesforce.js';
import {
  type SalesforceStandIn,
  type SalesforceStandInOptions,
  type SalesforceStore,
  type StandInRecord,
  startSalesforceStandIn,
} from '../support/salesforce-standin.js';

const SECRET = 'stand-in-client-secret-8A4BE698';
const ICP_FIELD = 'Ideal_Customer_Profile__c';

let standIn: SalesforceStandIn;
let sleeps: number[];
let pages: number;

async function start(options: SalesforceStandInOptions = {}) {
  standIn = await startSalesforceStandIn({ clientSecret: SECRET, accountFields: [ICP_FIELD], ...options });
  seed(standIn.store);
}

beforeEach(() => {
  sleeps = [];
  pages = 0;
});

afterEach(async () => {
  await standIn.close();
});

/** Two reps, three accounts (ICP Tier 1, Tier 3, empty), five opportunities modified at 09:01 … 09:05 UTC. */
function seed(store: SalesforceStore) {
  store.addUser('005A', 'Ann Lee', 'ann@acme.test');
  store.addUser('005B', 'Bob Ray', 'bob@acme.test');
  store.addAccount('001G', 'Globex', { [ICP_FIELD]: 'Tier 1' });
  store.addAccount('001I', 'Initech', { [ICP_FIELD]: 'Tier 3' });
  store.addAccount('001H', 'Hooli', { [ICP_FIELD]: null });
  const open = { IsClosed: false, IsWon: false };
  addOpportunity(store, '006A1', {
    Name: 'Globex renewal',
    Amount: 12000,
    CloseDate: '2025-02-28',
    StageName: 'Proposal',
    OwnerId: '005A',
    AccountId: '001G',
    ...open,
  });
  addOpportunity(store, '006A2', {
    Name: 'Initech expansion',
    Amount: 4999.99,
    CloseDate: '2025-01-03',
    StageName: 'Closed Won',
    OwnerId: '005B',
    AccountId: '001I',
    IsClosed: true,
    IsWon: true,
  });
  addOpportunity(store, '006A3', {
    Name: 'Hooli pilot',
    Amount: 800,
    CloseDate: '2025-01-02',
    StageName: 'Closed Lost',
    OwnerId: '005A',
    AccountId: '001H',
    IsClosed: true,
    IsWon: false,
  });
  addOpportunity(store, '006A4', {
    Name: 'Side deal',
    Amount: null,
    CloseDate: '2025-03-15',
    StageName: 'Prospecting',
    OwnerId: '005B',
    AccountId: null,
    ...open,
  });
  addOpportunity(store, '006A5', {
    Name: 'Globex add-on',
    Amount: 3000,
    CloseDate: '2025-02-14',
    StageName: 'Qualification',
    OwnerId: '005A',
    AccountId: '001G',
    ...open,
  });
}

/** One minute after the last change, so every record has its own LastModifiedDate. */
function addOpportunity(store: SalesforceStore, id: string, fields: StandInRecord) {
  store.advance(1);
  store.add('Opportunity', { Id: id, ...fields });
}

function source(overrides: Partial<SalesforceOptions> = {}) {
  return salesforceSource({
    loginUrl: standIn.url,
    clientId: standIn.options.clientId,
    clientSecret: SECRET,
    icpField: ICP_FIELD,
    icpValues: ['Tier 1', 'Tier 2'],
    // Read exactly from the cursor, so each test sees only its own changes; one test below is about the look-back.
    lookBackMs: 0,
    ...overrides,
  });
}

function pull(since: string | null, overrides: Partial<SalesforceOptions> = {}, options: Partial<PullOptions> = {}) {
  return source(overrides).pull({
    since,
    onPage: () => {
      pages += 1;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
}

const ids = (batch: CrmBatch) => batch.deals.map((deal) => deal.externalId);
const deal = (batch: CrmBatch, id: string) => batch.deals.find((candidate) => candidate.externalId === id);
const tokenRequests = () => standIn.requests.filter((request) => request.path === '/services/oauth2/token');

describe('salesforceSource: opportunities', () => {
  it('a first full sync reads every opportunity across pages: status, owner, account fit, link, cursor', async () => {
    await start();
    const batch = await pull(null);

    expect(ids(batch)).toEqual(['006A1', '006A2', '006A3', '006A4', '006A5']);
    expect(deal(batch, '006A1')).toEqual({
      externalId: '006A1',
      name: 'Globex renewal',
      accountName: 'Globex',
      amountCents: 1_200_000,
      currency: null,
      status: 'open',
      stage: 'Proposal',
      closeDate: '2025-02-28',
      createdAt: '2025-01-06T09:01:00.000Z',
      owner: { email: 'ann@acme.test', name: 'Ann Lee' },
      url: `${standIn.url}/lightning/r/Opportunity/006A1/view`,
    });
    expect(batch.deals.map((d) => d.status)).toEqual(['open', 'won', 'lost', 'open', 'open']);
    // 4,999.99 × 100 is 499,999.00000000006 in floating point: whole cents.
    expect(deal(batch, '006A2')?.amountCents).toBe(499_999);
    expect(deal(batch, '006A2')?.owner.email).toBe('bob@acme.test');
    // No amount and no account: passed on as they are, for the engine to skip or name.
    expect(deal(batch, '006A4')).toMatchObject({ amountCents: null, accountName: null });
    // Tier 1 is in the ICP, Tier 3 is not; Hooli's field is empty, so its Slack answer stands.
    expect(batch.accounts).toEqual([
      { name: 'Globex', icp: 'yes' },
      { name: 'Initech', icp: 'no' },
    ]);
    expect(batch).toMatchObject({
      complete: true,
      cursor: '2025-01-06T09:05:00.000Z',
      deletedDealIds: [],
      skipped: [],
    });

    const soql = standIn.queries().find((query) => query.includes('FROM Opportunity'));
    expect(soql).not.toContain('WHERE');
    expect(soql).toContain(`Account.${ICP_FIELD}`);
    // 5 opportunities at 2 a page: the query and two nextRecordsUrl pages; then one page of tasks, one of events.
    expect(standIn.requests.filter((request) => /\/query\/01g/.test(request.path))).toHaveLength(2);
    expect(pages).toBe(5);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('an incremental sync returns only what changed since the cursor, and the deleted ids', async () => {
    await start();
    const first = await pull(null);
    const { store } = standIn;
    store.advance(10); // 09:15
    store.update('Opportunity', '006A1', { Amount: 15000, StageName: 'Negotiation' });
    store.advance(1); // 09:16
    store.remove('Opportunity', '006A3');
    addOpportunity(store, '006A6', {
      Name: 'Initech services',
      Amount: 2500,
      CloseDate: '2025-03-01',
      StageName: 'Prospecting',
      OwnerId: '005B',
      AccountId: '001I',
      IsClosed: false,
      IsWon: false,
    }); // 09:17

    const batch = await pull(first.cursor);

    expect(ids(batch)).toEqual(['006A1', '006A6']);
    expect(deal(batch, '006A1')).toMatchObject({ amountCents: 1_500_000, stage: 'Negotiation', status: 'open' });
    expect(batch).toMatchObject({ deletedDealIds: ['006A3'], complete: false, cursor: '2025-01-06T09:17:00.000Z' });
    expect(batch.accounts).toEqual([
      { name: 'Globex', icp: 'yes' },
      { name: 'Initech', icp: 'no' },
    ]);
    expect(standIn.queries().at(-3)).toContain('WHERE LastModifiedDate > 2025-01-06T09:05:00Z');
  });

  it('nothing changed: no deals, and the cursor stays where it was', async () => {
    await start();
    const batch = await pull('2025-01-06T09:05:00.000Z');
    expect(batch).toMatchObject({ deals: [], deletedDealIds: [], cursor: '2025-01-06T09:05:00.000Z' });
  });

  it('reads two minutes back from the cursor, for a record saved late within them (it comes again, unchanged)', async () => {
    await start();
    const batch = await pull('2025-01-06T09:05:00.000Z', { lookBackMs: undefined });
    expect(standIn.queries().find((query) => query.includes('FROM Opportunity'))).toContain(
      'WHERE LastModifiedDate > 2025-01-06T09:03:00Z',
    );
    // Modified at 09:04 and 09:05: inside the two minutes.
    expect(ids(batch)).toEqual(['006A4', '006A5']);
  });

  it('a deal moved to another owner comes with the new owner', async () => {
    await start();
    standIn.store.advance(5);
    standIn.store.update('Opportunity', '006A2', { OwnerId: '005A' });
    const batch = await pull('2025-01-06T09:05:00.000Z');
    expect(ids(batch)).toEqual(['006A2']);
    expect(deal(batch, '006A2')?.owner).toEqual({ email: 'ann@acme.test', name: 'Ann Lee' });
  });

  it('a multi-currency org gives each deal its CurrencyIsoCode', async () => {
    await start({ multiCurrency: true });
    standIn.store.update('Opportunity', '006A5', { CurrencyIsoCode: 'EUR' });
    const batch = await pull(null);
    expect(deal(batch, '006A5')?.currency).toBe('EUR');
    expect(deal(batch, '006A1')?.currency).toBeNull();
    expect(standIn.queries().find((query) => query.includes('FROM Opportunity'))).toContain('CurrencyIsoCode');
  });

  it('an ICP field the Account does not have is a warning, and the deals still come', async () => {
    await start({ accountFields: [] });
    const batch = await pull(null);
    expect(ids(batch)).toHaveLength(5);
    expect(batch.accounts).toEqual([]);
    expect(batch.warnings).toEqual([expect.stringContaining(`no field ${ICP_FIELD} (INVALID_FIELD)`)]);
    expect(batch.warnings[0]).toContain('SALESFORCE_ICP_FIELD');
  });

  it('a malformed record is skipped with its reason, and the rest come', async () => {
    await start();
    const { store } = standIn;
    store.plant('Opportunity', {
      Name: 'No id',
      Amount: 10,
      IsClosed: false,
      IsWon: false,
      CreatedDate: store.now(),
      LastModifiedDate: store.now(),
    });
    addOpportunity(store, '006B1', {
      Name: 'Bad date',
      Amount: 10,
      CloseDate: '2025-02-30',
      IsClosed: false,
      IsWon: false,
      OwnerId: '005A',
    });
    addOpportunity(store, '006B2', {
      Name: 'Bad amount',
      Amount: 'lots',
      CloseDate: '2025-02-01',
      IsClosed: false,
      IsWon: false,
      OwnerId: '005A',
    });

    const batch = await pull(null);

    expect(ids(batch)).toEqual(['006A1', '006A2', '006A3', '006A4', '006A5']);
    expect(batch.skipped).toEqual([
      { reason: 'Salesforce Opportunity: a record without an Id' },
      {
        externalId: '006B1',
        reason: 'Salesforce Opportunity: an unreadable CloseDate ("2025-02-30"); expected YYYY-MM-DD',
      },
      { externalId: '006B2', reason: 'Salesforce Opportunity: an Amount that is not a number ("lots")' },
    ]);
    // The cursor passes the skipped records: they come back when someone fixes them.
    expect(batch.cursor).toBe('2025-01-06T09:07:00.000Z');
  });
});

describe('salesforceSource: rate limits', () => {
  it('a 429 mid-paging waits its Retry-After and asks for the same page again: nothing lost or doubled', async () => {
    await start();
    // Data requests: describe, the query, then the first nextRecordsUrl, which is refused once.
    standIn.rateLimitNext({ after: 2, retryAfter: '7' });
    const batch = await pull(null);

    expect(sleeps).toEqual([7000]);
    expect(ids(batch)).toEqual(['006A1', '006A2', '006A3', '006A4', '006A5']);
    const pageRequests = standIn.requests.filter((request) => /\/query\/01g/.test(request.path));
    expect(pageRequests.map((request) => [request.path.split('/').pop(), request.status])).toEqual([
      ['01gSTANDIN1-2', 429],
      ['01gSTANDIN1-2', 200],
      ['01gSTANDIN1-4', 200],
    ]);
  });

  it('a Retry-After longer than a sync should sleep gives the run up with CrmRateLimitError', async () => {
    await start();
    standIn.rateLimitNext({ after: 1, retryAfter: '120' });
    const error = await pull(null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ source: 'salesforce', retryAfterMs: 120_000 });
    expect(sleeps).toEqual([]);
  });

  it("Salesforce's own 403 REQUEST_LIMIT_EXCEEDED: concurrent requests wait 30 s, the daily allowance an hour", async () => {
    await start();
    standIn.requestLimitNext('ConcurrentRequests (Concurrent API Requests) Limit exceeded.', 1);
    const batch = await pull(null);
    expect(sleeps).toEqual([30_000]);
    expect(ids(batch)).toHaveLength(5);

    standIn.requestLimitNext('TotalRequests Limit exceeded.', 1);
    const error = await pull(null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CrmRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000 });
  });
});

describe('salesforceSource: credentials', () => {
  it('a wrong client secret is a CrmAuthError naming SALESFORCE_CLIENT_SECRET, without the secret', async () => {
    await start();
    const wrong = 'wrong-secret-77f1c0de';
    const error = await pull(null, { clientSecret: wrong }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CrmAuthError);
    const auth = error as CrmAuthError;
    expect(auth.source).toBe('salesforce');
    expect(auth.message).toContain('invalid_client');
    expect(auth.fix).toContain('SALESFORCE_CLIENT_SECRET');
    expect(auth.fix).toContain('Client Credentials Flow');
    expect(auth.fix).toContain('SALESFORCE_LOGIN_URL');
    for (const text of [auth.message, auth.fix, String(auth.stack)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SECRET);
    }
    expect(standIn.requests.map((request) => request.path)).toEqual(['/services/oauth2/token']);
  });

  it('an unknown client id says to copy the consumer key into SALESFORCE_CLIENT_ID', async () => {
    await start();
    const error = await pull(null, { clientId: 'not-the-key' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect((error as CrmAuthError).fix).toContain('SALESFORCE_CLIENT_ID');
  });

  it('a session that expires mid-sync is authorized again once, and the sync goes on', async () => {
    await start();
    const batch = await pull(
      null,
      {},
      {
        onPage: () => {
          pages += 1;
          if (pages === 1) standIn.expireSessions();
        },
      },
    );
    expect(ids(batch)).toEqual(['006A1', '006A2', '006A3', '006A4', '006A5']);
    expect(tokenRequests()).toHaveLength(2);
    expect(standIn.requests.filter((request) => request.status === 401)).toHaveLength(1);
  });

  it('a session refused again right after a new one is a CrmAuthError, not a loop', async () => {
    await start();
    const error = await pull(
      null,
      {},
      {
        onPage: () => {
          standIn.rejectNewSessions = true;
          standIn.expireSessions();
        },
      },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect((error as CrmAuthError).fix).toContain('Run As user');
    expect(tokenRequests()).toHaveLength(2);
  });
});

describe('salesforceSource: activities', () => {
  function seedActivities(store: SalesforceStore) {
    store.advance(1); // 09:06
    store.add('Task', {
      Id: '00TC1',
      TaskSubtype: 'Call',
      IsClosed: true,
      ActivityDate: '2025-01-06',
      CompletedDateTime: '2025-01-06T08:30:00.000+0000',
      OwnerId: '005A',
      AccountId: '001G',
    });
    store.add('Task', {
      Id: '00TE1',
      TaskSubtype: 'Email',
      IsClosed: true,
      ActivityDate: '2025-01-03',
      CompletedDateTime: null,
      OwnerId: '005B',
      AccountId: '001I',
    });
    // A call still to make and a plain to-do are not activity.
    store.add('Task', {
      Id: '00TC2',
      TaskSubtype: 'Call',
      IsClosed: false,
      ActivityDate: '2025-01-09',
      OwnerId: '005A',
      AccountId: '001G',
    });
    store.add('Task', {
      Id: '00TT1',
      TaskSubtype: 'Task',
      IsClosed: true,
      ActivityDate: '2025-01-06',
      OwnerId: '005A',
      AccountId: null,
    });
    store.add('Event', {
      Id: '00UM1',
      IsAllDayEvent: false,
      StartDateTime: '2025-01-06T15:00:00.000+0000',
      ActivityDateTime: '2025-01-06T15:00:00.000+0000',
      ActivityDate: '2025-01-06',
      OwnerId: '005A',
      AccountId: '001H',
    });
    // An all-day event counts on its calendar date, not on midnight UTC.
    store.add('Event', {
      Id: '00UM2',
      IsAllDayEvent: true,
      StartDateTime: '2025-01-07T00:00:00.000+0000',
      ActivityDate: '2025-01-07',
      OwnerId: '005B',
      AccountId: null,
    });
  }

  it('tasks become calls and emails, events meetings, with owner, account and when', async () => {
    await start();
    seedActivities(standIn.store);
    const batch = await pull(null);
    const ann = { email: 'ann@acme.test', name: 'Ann Lee' };
    const bob = { email: 'bob@acme.test', name: 'Bob Ray' };
    expect(batch.activities).toEqual([
      { externalId: '00TC1', kind: 'call', owner: ann, accountName: 'Globex', occurredAt: '2025-01-06T08:30:00.000Z' },
      { externalId: '00TE1', kind: 'email', owner: bob, accountName: 'Initech', occurredAt: '2025-01-03' },
      {
        externalId: '00UM1',
        kind: 'meeting',
        owner: ann,
        accountName: 'Hooli',
        occurredAt: '2025-01-06T15:00:00.000Z',
      },
      { externalId: '00UM2', kind: 'meeting', owner: bob, accountName: null, occurredAt: '2025-01-07' },
    ]);
    expect(batch.warnings).toEqual([]);
    expect(standIn.queries().find((query) => query.includes('FROM Task'))).toContain(
      "TaskSubtype IN ('Call', 'Email')",
    );
  });

  it('incrementally: changed activities since the cursor, and deleted ones', async () => {
    await start();
    seedActivities(standIn.store);
    const first = await pull(null);
    expect(first.cursor).toBe('2025-01-06T09:05:00.000Z');
    standIn.store.advance(5);
    standIn.store.remove('Task', '00TC1');
    standIn.store.update('Event', '00UM1', { StartDateTime: '2025-01-08T10:00:00.000+0000' });
    // The email was logged by mistake: made a plain to-do, it is no longer counted.
    standIn.store.update('Task', '00TE1', { TaskSubtype: 'Task' });

    const batch = await pull('2025-01-06T09:06:00.000Z');
    expect(batch.activities.map((activity) => [activity.externalId, activity.occurredAt])).toEqual([
      ['00UM1', '2025-01-08T10:00:00.000Z'],
    ]);
    expect(batch.deletedActivityIds.sort()).toEqual(['00TC1', '00TE1']);
  });

  it('an integration user who cannot read Tasks gets a warning, and events and deals still come', async () => {
    await start();
    seedActivities(standIn.store);
    standIn.deny('Task');
    const batch = await pull(null);
    expect(ids(batch)).toHaveLength(5);
    expect(batch.activities.map((activity) => activity.kind)).toEqual(['meeting', 'meeting']);
    expect(batch.warnings).toEqual([expect.stringMatching(/read Task records \(INVALID_TYPE\), so calls and emails/)]);
  });
});
