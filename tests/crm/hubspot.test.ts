/**
 * The HubSpot source against the local stand-in (tests/support/hubspot-standin.ts), which answers with HubSpot's
 * published shapes:
 * https://developers.hubspot.com/docs-beta/crm/search (search: filterGroups, sorts, properties, limit, after)
 * https://docs.aws.amazon.com/glue/latest/dg/hubspot-connector-limitations.md (10,000 results per query, then 400)
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide?year=2021 (isClosed, probability)
 * https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide (owners with email)
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
 * https://developers.hubspot.com/docs/api-reference/2027-03-beta/account/account-information/get-account-details
 * https://developers.hubspot.com/docs/api/crm/calls, https://developers.hubspot.com/docs/api/crm/meetings
 * https://github.com/HubSpot/hubspot-api-nodejs/issues/268 (403 MISSING_SCOPES body)
 * https://github.com/HubSpot/hubspot-api-python/issues/211 (401 INVALID_AUTHENTICATION body)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubSpotOptions, hubspotSource, SEARCH_INDEX_LAG_MS } from '../../src/crm/hubspot.js';
import { icpFit, parseAmountCents, stageStatus } from '../../src/crm/hubspot-map.js';
import { CrmAuthError, type CrmBatch, CrmRateLimitError } from '../../src/crm/model.js';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot-standin.js';
import type { HubSpotDataset, HubSpotStore } from '../support/hubspot-standin-store.js';

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
/** The stand-in's clock at start: Monday 2026-11-02 09:00 UTC. */
const T0 = Date.parse('2026-11-02T09:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEARCH_DEALS = '/crm/v3/objects/deals/search';

let standIn: HubSpotStandIn;

/**
 * Three companies, five activities and five deals across two pipelines, written an hour apart (far more than
 * the search lag): the deals last, so the first sync's cursor (the newest deal) is past every activity.
 */
function seed(store: HubSpotStore): void {
  const put = (...args: Parameters<HubSpotStore['put']>) => {
    store.tick(HOUR);
    store.put(...args);
  };
  put('companies', { id: '5001', properties: { name: 'Northwind Traders', hs_ideal_customer_profile: 'tier_1' } });
  put('companies', { id: '5002', properties: { name: 'Globex', hs_ideal_customer_profile: 'tier_3' } });
  put('companies', { id: '5003', properties: { name: 'Hooli', hs_ideal_customer_profile: null } });
  const activity = (type: 'calls' | 'emails' | 'meetings', id: string, properties: Record<string, string>) =>
    put(type, {
      id,
      companyIds: id === '8003' ? [] : ['5001'],
      properties: { hubspot_owner_id: '201', ...properties },
    });
  activity('calls', '8001', { hs_timestamp: '2026-11-02T10:30:00Z' });
  activity('meetings', '8002', { hs_timestamp: '2026-10-30T16:00:00Z', hs_meeting_outcome: 'COMPLETED' });
  activity('emails', '8003', { hs_timestamp: '2026-11-02T11:00:00Z', hs_email_direction: 'EMAIL' });
  activity('emails', '8004', { hs_timestamp: '2026-11-02T11:05:00Z', hs_email_direction: 'INCOMING_EMAIL' });
  activity('calls', '8005', { hs_timestamp: new Date(T0 - 200 * DAY).toISOString() });
  const deal = (id: string, companyIds: string[], properties: Record<string, string | null>) =>
    put('deals', {
      id,
      companyIds,
      properties: { pipeline: 'default', createdate: '2026-10-01T15:00:00Z', ...properties },
    });
  deal('7001', ['5001'], {
    dealname: 'Northwind rollout',
    amount: '24000.50',
    dealstage: 'closedwon',
    closedate: '2026-10-20T17:00:00Z',
    hubspot_owner_id: '201',
  });
  deal('7002', ['5002'], {
    dealname: 'Globex renewal',
    amount: '18000',
    deal_currency_code: 'EUR',
    dealstage: 'contractsent',
    closedate: '2026-11-20T17:00:00Z',
    hubspot_owner_id: '202',
  });
  deal('7003', ['5003'], {
    dealname: 'Hooli analytics',
    amount: '9500',
    dealstage: 'closedlost',
    closedate: '2026-10-28T17:00:00Z',
    hubspot_owner_id: '201',
  });
  deal('7004', [], { dealname: 'Walk-in', amount: '', dealstage: 'qualifiedtobuy', hubspot_owner_id: '203' });
  deal('7005', ['5002', '5001'], {
    dealname: 'Globex renewals',
    amount: '3000',
    pipeline: 'renewals',
    dealstage: '1002',
    closedate: '2026-11-01T17:00:00Z',
    hubspot_owner_id: '202',
  });
}

/** The portal: two active owners and one deactivated, the default pipeline and a renewals pipeline. */
const PORTAL: HubSpotDataset = {
  portalId: 4_412_345,
  uiDomain: 'app-eu1.hubspot.com',
  companyCurrency: 'USD',
  owners: [
    { id: '201', email: 'dana@demo.example', firstName: 'Dana', lastName: 'Reyes' },
    { id: '202', email: 'sam@demo.example', firstName: 'Sam', lastName: 'Okafor' },
    { id: '203', email: 'former@demo.example', firstName: 'Fran', lastName: 'Former', archived: true },
  ],
  pipelines: [
    {
      id: 'default',
      label: 'Sales Pipeline',
      stages: [
        { id: 'qualifiedtobuy', label: 'Qualified To Buy', isClosed: false, probability: 0.4 },
        { id: 'contractsent', label: 'Contract Sent', isClosed: false, probability: 0.9 },
        { id: 'closedwon', label: 'Closed Won', isClosed: true, probability: 1 },
        { id: 'closedlost', label: 'Closed Lost', isClosed: true, probability: 0 },
      ],
    },
    {
      id: 'renewals',
      label: 'Renewals',
      stages: [
        { id: '1001', label: 'Renewal due', isClosed: false, probability: 0.5 },
        { id: '1002', label: 'Renewed', isClosed: true, probability: 1 },
      ],
    },
  ],
};

beforeEach(async () => {
  standIn = await startHubSpotStandIn({ token: TOKEN, now: T0, maxPageSize: 2, data: PORTAL });
  seed(standIn.store);
});

afterEach(async () => {
  await standIn.close();
});

function source(extra: Partial<HubSpotOptions> = {}) {
  return hubspotSource({
    token: TOKEN,
    baseUrl: standIn.url,
    pageSize: 2,
    now: () => standIn.store.now,
    ...extra,
  });
}

const noSleep = async () => {};

function byId<T extends { externalId: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.externalId, item]));
}

function modifiedOf(type: 'deals', id: string): string {
  return standIn.store.records(type).get(id)?.properties.hs_lastmodifieddate ?? '';
}

function dealSearches() {
  return standIn.requests.filter((request) => request.path === SEARCH_DEALS);
}

describe('hubspotSource: a first full sync', () => {
  it('reads every deal across pages with stages, owners, companies, ICP fit, links and the cursor', async () => {
    let pages = 0;
    const batch = await source().pull({ since: null, onPage: () => void pages++, sleep: noSleep });

    expect(batch.complete).toBe(true);
    expect(batch.deletedDealIds).toEqual([]);
    expect(batch.skipped).toEqual([]);
    expect(batch.warnings).toEqual([]);
    const deals = byId(batch.deals);
    expect(Object.keys(deals).sort()).toEqual(['7001', '7002', '7003', '7004', '7005']);
    expect(deals['7001']).toEqual({
      externalId: '7001',
      name: 'Northwind rollout',
      accountName: 'Northwind Traders',
      amountCents: 2_400_050,
      currency: 'USD',
      status: 'won',
      stage: 'Closed Won',
      closeDate: '2026-10-20T17:00:00Z',
      createdAt: '2026-10-01T15:00:00Z',
      owner: { email: 'dana@demo.example', name: 'Dana Reyes' },
      url: 'https://app-eu1.hubspot.com/contacts/4412345/record/0-3/7001',
    });
    expect(deals['7002']).toMatchObject({
      status: 'open',
      stage: 'Contract Sent',
      currency: 'EUR',
      amountCents: 1_800_000,
    });
    expect(deals['7002']?.owner.email).toBe('sam@demo.example');
    expect(deals['7003']).toMatchObject({ status: 'lost', stage: 'Closed Lost', accountName: 'Hooli' });
    // No company, no amount, and an owner since deactivated (read from the archived owners).
    expect(deals['7004']).toMatchObject({ status: 'open', accountName: null, amountCents: null, closeDate: null });
    expect(deals['7004']?.owner).toEqual({ email: 'former@demo.example', name: 'Fran Former' });
    // The second pipeline's closed stage with probability 1.0; the primary of two companies.
    expect(deals['7005']).toMatchObject({ status: 'won', stage: 'Renewed', accountName: 'Globex' });

    // Hooli's property is empty: left out, Slack's answer stands.
    expect(batch.accounts).toEqual(
      expect.arrayContaining([
        { name: 'Northwind Traders', icp: 'yes' },
        { name: 'Globex', icp: 'no' },
      ]),
    );
    expect(batch.accounts).toHaveLength(2);
    expect(batch.cursor).toBe(modifiedOf('deals', '7005'));

    // Five deals at two a page: three searches, paged with `after`, oldest modified first.
    expect(dealSearches().map((request) => (request.body as { after?: string }).after)).toEqual([undefined, '2', '4']);
    expect(dealSearches()[0]?.body).toHaveProperty('sorts', [
      { propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' },
    ]);
    expect(pages).toBeGreaterThanOrEqual(3);

    // Calls, meetings and sent emails of the last 120 days; not the incoming email, not the 200-day-old call.
    expect(batch.activities.map(({ externalId, kind }) => [externalId, kind]).sort()).toEqual([
      ['8001', 'call'],
      ['8002', 'meeting'],
      ['8003', 'email'],
    ]);
    expect(byId(batch.activities)['8001']).toEqual({
      externalId: '8001',
      kind: 'call',
      owner: { email: 'dana@demo.example', name: 'Dana Reyes' },
      accountName: 'Northwind Traders',
      occurredAt: '2026-11-02T10:30:00Z',
    });
    expect(byId(batch.activities)['8003']?.accountName).toBeNull();
  });

  it('starts the query again from the last modified date seen before paging past the search cap', async () => {
    await standIn.close();
    standIn = await startHubSpotStandIn({ token: TOKEN, now: T0, maxPageSize: 2, searchCap: 4, data: PORTAL });
    seed(standIn.store);

    const batch = await source({ searchResultCap: 4 }).pull({ since: null, sleep: noSleep });

    expect(batch.deals.map((deal) => deal.externalId).sort()).toEqual(['7001', '7002', '7003', '7004', '7005']);
    expect(standIn.requests.filter((request) => request.status === 400)).toEqual([]);
    // Pages at 0 and 2 reach the cap of 4; the third query asks for deals modified since 7004 (again included).
    const third = dealSearches()[2]?.body as { after?: string; filterGroups: { filters: unknown[] }[] };
    expect(third.after).toBeUndefined();
    expect(third.filterGroups[0]?.filters).toEqual([
      { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(Date.parse(modifiedOf('deals', '7004'))) },
    ]);
  });
});

describe('hubspotSource: incremental syncs', () => {
  async function firstSync(): Promise<CrmBatch> {
    return source().pull({ since: null, sleep: noSleep });
  }

  it('returns what changed since the cursor, the archived deals and activities, and changed fits', async () => {
    const first = await firstSync();
    const store = standIn.store;
    store.tick(10 * 60_000);
    store.update('deals', '7002', { dealstage: 'closedwon', closedate: '2026-11-12T16:00:00Z' });
    store.put('deals', {
      id: '7006',
      companyIds: ['5003'],
      properties: {
        dealname: 'Hooli expansion',
        amount: '4200',
        dealstage: 'qualifiedtobuy',
        pipeline: 'default',
        hubspot_owner_id: '201',
      },
    });
    store.archive('deals', '7003');
    store.archive('calls', '8001');
    store.update('meetings', '8002', { hs_meeting_outcome: 'CANCELED' });
    store.update('companies', '5003', { hs_ideal_customer_profile: 'tier_2' });
    store.tick(60_000);

    const batch = await source().pull({ since: first.cursor, sleep: noSleep });

    expect(batch.complete).toBe(false);
    // 7005, the newest deal at the first sync, comes again: each search starts the index's lag before the
    // cursor (a change HubSpot had not indexed yet is not lost). The deals modified earlier do not.
    expect(batch.deals.map((deal) => deal.externalId).sort()).toEqual(['7002', '7005', '7006']);
    expect(byId(batch.deals)['7002']).toMatchObject({ status: 'won', closeDate: '2026-11-12T16:00:00Z' });
    expect(byId(batch.deals)['7006']).toMatchObject({ accountName: 'Hooli', amountCents: 420_000, status: 'open' });
    expect(batch.deletedDealIds).toEqual(['7003']);
    expect(batch.deletedActivityIds.sort()).toEqual(['8001', '8002']);
    expect(batch.activities).toEqual([]);
    expect(batch.accounts).toContainEqual({ name: 'Hooli', icp: 'yes' });
    expect(batch.cursor).toBe(modifiedOf('deals', '7006'));
    const lastSearch = dealSearches().at(-1)?.body as { filterGroups: { filters: { value: string }[] }[] };
    expect(lastSearch.filterGroups[0]?.filters[0]?.value).toBe(
      String(Date.parse(first.cursor ?? '') - SEARCH_INDEX_LAG_MS),
    );
  });

  it('keeps the cursor when nothing changed', async () => {
    const first = await firstSync();
    standIn.store.tick(HOUR);

    const batch = await source().pull({ since: first.cursor, sleep: noSleep });

    // Only the deal at the cursor, read again (the search is inclusive and starts the lag before it).
    expect(batch.deals.map((deal) => deal.externalId)).toEqual(['7005']);
    expect(batch.deletedDealIds).toEqual([]);
    expect(batch.cursor).toBe(first.cursor);
  });

  it("shows a deal moved to another owner with the new owner's email", async () => {
    const first = await firstSync();
    standIn.store.tick(HOUR);
    standIn.store.update('deals', '7001', { hubspot_owner_id: '202' });

    const batch = await source().pull({ since: first.cursor, sleep: noSleep });

    expect(batch.deals.map((deal) => [deal.externalId, deal.owner.email])).toEqual([
      ['7005', 'sam@demo.example'],
      ['7001', 'sam@demo.example'],
    ]);
  });
});

describe('hubspotSource: rate limits', () => {
  it('waits out a 429 mid-page (Retry-After, else 10 s) and repeats that request, losing and doubling nothing', async () => {
    standIn.throttle({ path: SEARCH_DEALS, occurrence: 2, retryAfter: '3' });
    standIn.throttle({ path: '/crm/v3/objects/calls/search', occurrence: 1, retryAfter: null });
    const waits: number[] = [];

    const batch = await source().pull({ since: null, sleep: async (ms) => void waits.push(ms) });

    expect(waits).toEqual([3000, 10_000]);
    const ids = batch.deals.map((deal) => deal.externalId);
    expect(ids.sort()).toEqual(['7001', '7002', '7003', '7004', '7005']);
    const searches = dealSearches();
    expect(searches.map((request) => request.status)).toEqual([200, 429, 200, 200]);
    expect(searches[2]?.body).toEqual(searches[1]?.body);
    expect(batch.activities.map((activity) => activity.externalId).sort()).toEqual(['8001', '8002', '8003']);
  });

  it('gives the run up with CrmRateLimitError when HubSpot asks to wait longer than a sync sleeps', async () => {
    standIn.throttle({ path: SEARCH_DEALS, occurrence: 1, retryAfter: '120' });
    const waits: number[] = [];

    const pull = source().pull({ since: null, sleep: async (ms) => void waits.push(ms) });

    await expect(pull).rejects.toBeInstanceOf(CrmRateLimitError);
    await expect(pull).rejects.toMatchObject({ source: 'hubspot', retryAfterMs: 120_000 });
    expect(waits).toEqual([]);
  });
});

describe('hubspotSource: credentials and scopes', () => {
  it('turns a refused token into CrmAuthError saying what to fix, without the token', async () => {
    const wrong = 'pat-na1-99999999-8888-7777-6666-000000000000';

    const error = await hubspotSource({ token: wrong, baseUrl: standIn.url })
      .pull({ since: null, sleep: noSleep })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CrmAuthError);
    const auth = error as CrmAuthError;
    expect(auth.source).toBe('hubspot');
    expect(auth.message).toContain('401');
    expect(auth.fix).toContain('HUBSPOT_TOKEN');
    expect(auth.fix).toContain('Private Apps');
    expect(auth.fix).toContain('crm.objects.deals.read');
    expect(`${auth.message} ${auth.fix} ${auth.stack}`).not.toContain(wrong);
  });

  it('says HubSpot could not be reached when nothing answers', async () => {
    const url = standIn.url;
    await standIn.close();

    const pull = hubspotSource({ token: TOKEN, baseUrl: url }).pull({ since: null, sleep: noSleep });

    await expect(pull).rejects.toThrow(
      /^HubSpot could not be reached \(GET \/account-info\/v3\/details\): .*ECONNREFUSED/,
    );
    standIn = await startHubSpotStandIn({ token: TOKEN, now: T0 });
  });

  it('names the missing deals scope as the fix when the token may not read deals', async () => {
    standIn.denyScopes(['deals'], 'crm.objects.deals.read');

    const error = await source()
      .pull({ since: null, sleep: noSleep })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CrmAuthError);
    expect((error as CrmAuthError).fix).toMatch(/^HUBSPOT_TOKEN lacks the scope crm\.objects\.deals\.read\./);
  });

  it('warns about missing activity scopes and still brings the deals', async () => {
    standIn.denyScopes(['calls', 'emails', 'meetings']);

    const batch = await source().pull({ since: null, sleep: noSleep });

    expect(batch.deals).toHaveLength(5);
    expect(batch.activities).toEqual([]);
    expect(batch.warnings).toEqual([
      'HubSpot calls, emails, meetings are not synced: HUBSPOT_TOKEN lacks the scope crm.objects.contacts.read. ' +
        'In HubSpot: Settings → Integrations → Private Apps → <your app> → Scopes: add crm.objects.contacts.read ' +
        'and commit the change.',
    ]);
  });
});

describe('hubspotSource: malformed records', () => {
  it('skips a deal with a malformed amount or an unknown stage, with the reason, and brings the rest', async () => {
    standIn.store.update('deals', '7002', { amount: '18k' });
    standIn.store.update('deals', '7004', { dealstage: 'gone' });

    const batch = await source().pull({ since: null, sleep: noSleep });

    expect(batch.skipped).toEqual([
      {
        externalId: '7002',
        reason: 'HubSpot deal "Globex renewal": amount "18k" is not a number; correct it in HubSpot',
      },
      { externalId: '7004', reason: 'HubSpot deal "Walk-in": stage "gone" is in none of the deal pipelines' },
    ]);
    expect(batch.deals.map((deal) => deal.externalId).sort()).toEqual(['7001', '7003', '7005']);
  });
});

describe('HubSpot values', () => {
  it.each([
    ['24000.50', 2_400_050],
    ['18000', 1_800_000],
    ['1.005', 101],
    ['0.994', 99],
    ['19.999', 2000],
    [' 7 ', 700],
    ['', null],
    [null, null],
  ])('amount %j is %j cents', (raw, cents) => {
    expect(parseAmountCents(raw)).toEqual({ cents });
  });

  it.each([
    ['12k', 'amount "12k" is not a number'],
    ['1,200', 'amount "1,200" is not a number'],
    ['-500', 'amount "-500" is negative'],
  ])('amount %j is refused: %s', (raw, error) => {
    expect(parseAmountCents(raw)).toEqual({ error });
  });

  it.each([
    [{ isClosed: 'true', probability: '1.0' }, 'won'],
    [{ isClosed: 'true', probability: '0.0' }, 'lost'],
    [{ isClosed: 'false', probability: '0.9' }, 'open'],
    [{ isClosed: 'false', probability: '1.0' }, 'open'],
    [{ isClosed: 'true', probability: '' }, 'open'],
    [undefined, 'open'],
  ])('stage metadata %j is %s', (metadata, status) => {
    expect(stageStatus(metadata)).toBe(status);
  });

  it('reads the ICP property against the configured values', () => {
    expect(icpFit('tier_1', ['tier_1', 'tier_2'])).toBe('yes');
    expect(icpFit('TIER_2', ['tier_1', 'tier_2'])).toBe('yes');
    expect(icpFit('tier_3', ['tier_1', 'tier_2'])).toBe('no');
    expect(icpFit(' ', ['tier_1'])).toBeNull();
  });
});
