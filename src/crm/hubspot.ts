/**
 * The HubSpot source: deals through the CRM search API, incremental by hs_lastmodifieddate, with their
 * pipelines' stage metadata, owners' emails, companies' ICP fit, archived deals as deletions, and calls, emails
 * and meetings as activity when the token's scopes allow (hubspot-activities.ts).
 * https://developers.hubspot.com/docs-beta/crm/search
 * https://developers.hubspot.com/docs/api-reference/latest/account/account-information/guide.md (portalId,
 * uiDomain, companyCurrency, for record links and single-currency portals)
 */
import { fullSyncActivityStart, pullActivities } from './hubspot-activities.js';
import { HUBSPOT_API_URL, HubSpotApi } from './hubspot-api.js';
import { CompanyBook, OwnerBook } from './hubspot-books.js';
import { dealUrl, isSkip, stageIndex, toCrmDeal } from './hubspot-map.js';
import { HUBSPOT_SEARCH_RESULT_CAP, listPages, modifiedAt, searchPages } from './hubspot-paging.js';
import { CRM_LOOK_BACK_MS, type CrmBatch, type CrmSource, emptyBatch, type PullOptions } from './model.js';

export interface HubSpotOptions {
  token: string;
  /** Default https://api.hubapi.com (HUBSPOT_API_URL; a stand-in in tests). */
  baseUrl?: string;
  /** Default 'hs_ideal_customer_profile'. */
  icpProperty?: string;
  /** The property's values that mean "fits the ICP"; default ['tier_1', 'tier_2']. */
  icpValues?: readonly string[];
  /** Records per request; default 100. */
  pageSize?: number;
  /** A full sync's activity reaches this many days back; default 120 (a quarter and the 8-week mix). */
  activityLookbackDays?: number;
  /** The search API's per-query cap (10,000); tests lower it with the stand-in's. */
  searchResultCap?: number;
  /** The clock for the full-sync activity window; default Date.now. */
  now?: () => number;
}

/** How far before the cursor each incremental search starts (HubSpot's search index lags). */
export const SEARCH_INDEX_LAG_MS = CRM_LOOK_BACK_MS;

const DEAL_PROPERTIES = [
  'dealname',
  'amount',
  'deal_currency_code',
  'dealstage',
  'pipeline',
  'closedate',
  'createdate',
  'hubspot_owner_id',
];
const DEALS_SCOPE = 'crm.objects.deals.read';

interface AccountDetails {
  portalId: number;
  uiDomain: string;
  companyCurrency?: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseSince(since: string | null): number | null {
  if (since === null) return null;
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new Error(`The HubSpot sync cursor "${since}" is not an ISO instant`);
  return ms;
}

async function pull(settings: Required<HubSpotOptions>, options: PullOptions): Promise<CrmBatch> {
  const hubspot = new HubSpotApi(settings.token, settings.baseUrl, options.sleep ?? realSleep);
  const onPage = async () => {
    await options.onPage?.();
  };
  const since = parseSince(options.since);
  const modifiedSince = since === null ? null : since - SEARCH_INDEX_LAG_MS;
  const batch = emptyBatch({ complete: since === null });

  const account = await hubspot.getJson<AccountDetails>(
    { label: 'GET /account-info/v3/details', scope: DEALS_SCOPE },
    '/account-info/v3/details',
  );
  const pipelines = await hubspot.call({ label: 'GET /crm/v3/pipelines/deals', scope: DEALS_SCOPE }, () =>
    hubspot.client.crm.pipelines.pipelinesApi.getAll('deals'),
  );
  const stages = stageIndex(pipelines.results);
  const owners = new OwnerBook(hubspot, onPage);
  await owners.loadActive();
  const companies = new CompanyBook(hubspot, settings.icpProperty, settings.icpValues);

  let newest = since;
  const deals = searchPages(hubspot, hubspot.client.crm.deals.searchApi, {
    call: { label: 'POST /crm/v3/objects/deals/search', scope: DEALS_SCOPE },
    filters: [],
    properties: DEAL_PROPERTIES,
    modifiedSince,
    pageSize: settings.pageSize,
    resultCap: settings.searchResultCap,
  });
  for await (const page of deals) {
    const companyOf = await companies.forRecords(
      'deals',
      page.map(({ id }) => id),
      'crm.objects.companies.read',
    );
    await owners.ensure(page.map((record) => record.properties.hubspot_owner_id));
    for (const record of page) {
      const deal = toCrmDeal(record, {
        stages,
        portalCurrency: account.companyCurrency?.toUpperCase() || null,
        owner: (id) => owners.owner(id),
        company: (id) => companyOf.get(id) ?? null,
        url: (id) => dealUrl(account.uiDomain, account.portalId, id),
      });
      if (isSkip(deal)) batch.skipped.push(deal);
      else batch.deals.push(deal);
      const modified = modifiedAt(record);
      if (modified !== null && (newest === null || modified > newest)) newest = modified;
    }
    await onPage();
  }

  if (modifiedSince !== null) {
    // Archived deals are not searchable: list them all and keep those archived since the cursor.
    const basicApi = hubspot.client.crm.deals.basicApi;
    const archived = listPages(
      hubspot,
      { label: 'GET /crm/v3/objects/deals?archived=true', scope: DEALS_SCOPE },
      (after) => basicApi.getPage(settings.pageSize, after, undefined, undefined, undefined, true),
    );
    for await (const page of archived) {
      for (const record of page) {
        if ((record.archivedAt?.getTime() ?? 0) >= modifiedSince) batch.deletedDealIds.push(record.id);
      }
      await onPage();
    }
    // A fit changed in HubSpot on a company none of the changed deals names.
    const fitChanges = searchPages(hubspot, hubspot.client.crm.companies.searchApi, {
      call: { label: 'POST /crm/v3/objects/companies/search', scope: 'crm.objects.companies.read' },
      filters: [{ propertyName: settings.icpProperty, operator: 'HAS_PROPERTY' }],
      properties: companies.properties,
      modifiedSince,
      pageSize: settings.pageSize,
      resultCap: settings.searchResultCap,
    });
    for await (const page of fitChanges) {
      for (const company of page) companies.remember(company.id, company.properties);
      await onPage();
    }
  }

  await pullActivities({
    hubspot,
    owners,
    companies,
    batch,
    onPage,
    modifiedSince,
    fullSyncFrom: fullSyncActivityStart(settings.now(), settings.activityLookbackDays),
    pageSize: settings.pageSize,
    resultCap: settings.searchResultCap,
  });

  batch.accounts = companies.fits();
  batch.cursor = newest === null ? options.since : new Date(newest).toISOString();
  return batch;
}

export function hubspotSource(options: HubSpotOptions): CrmSource {
  const settings: Required<HubSpotOptions> = {
    token: options.token,
    baseUrl: options.baseUrl ?? HUBSPOT_API_URL,
    icpProperty: options.icpProperty ?? 'hs_ideal_customer_profile',
    icpValues: options.icpValues ?? ['tier_1', 'tier_2'],
    pageSize: options.pageSize ?? 100,
    activityLookbackDays: options.activityLookbackDays ?? 120,
    searchResultCap: options.searchResultCap ?? HUBSPOT_SEARCH_RESULT_CAP,
    now: options.now ?? Date.now,
  };
  return { kind: 'hubspot', pull: (pullOptions) => pull(settings, pullOptions) };
}
