/**
 * Paging through HubSpot: the CRM search API (POST /crm/v3/objects/{type}/search, `paging.next.after`, at most
 * 10,000 results per query: "Attempting to page beyond 10,000 will result in a 400 error") and the plain list
 * endpoints (GET /crm/v3/objects/{type}?archived=true, GET /crm/v3/owners).
 * https://developers.hubspot.com/docs-beta/crm/search
 * https://docs.aws.amazon.com/glue/latest/dg/hubspot-connector-limitations.md (the 10,000 cap and its 400)
 */
import type { HubSpotApi, HubSpotCall } from './hubspot-api.js';
import type { HubSpotRecord } from './hubspot-map.js';

export const MODIFIED_PROPERTY = 'hs_lastmodifieddate';
/** The search API's cap on the results of one query. */
export const HUBSPOT_SEARCH_RESULT_CAP = 10_000;

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
}

interface Paged<T> {
  results: T[];
  paging?: { next?: { after: string } };
}

/** The codegen's SearchApi (one per object type), typed by what the sync sends and reads. */
export interface SearchApi {
  doSearch(request: {
    filterGroups?: { filters: SearchFilter[] }[];
    sorts?: string[];
    properties?: string[];
    limit?: number;
    after?: string;
  }): Promise<Paged<HubSpotRecord>>;
}

/**
 * The search API takes sorts as `{propertyName, direction}` objects; the client declares them `string[]` and
 * sends them as given (https://github.com/HubSpot/hubspot-api-nodejs/issues/559).
 */
const OLDEST_MODIFIED_FIRST = [{ propertyName: MODIFIED_PROPERTY, direction: 'ASCENDING' }] as unknown as string[];

export interface SearchOptions {
  call: HubSpotCall;
  filters: SearchFilter[];
  properties: string[];
  /** Only records modified at or after this instant (ms since the epoch); null: all of them. */
  modifiedSince: number | null;
  pageSize: number;
  /** HUBSPOT_SEARCH_RESULT_CAP; lower against a stand-in. */
  resultCap: number;
}

/** A record's hs_lastmodifieddate in ms, or null when absent or unreadable. */
export function modifiedAt(record: HubSpotRecord): number | null {
  const value = record.properties[MODIFIED_PROPERTY];
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Every matching record once, oldest modified first, a page at a time. Before paging past the result cap, the
 * query starts again from the newest last-modified date seen (GTE: the records sharing that instant come again
 * and are dropped as already seen).
 */
export async function* searchPages(hubspot: HubSpotApi, api: SearchApi, options: SearchOptions) {
  const seen = new Set<string>();
  let floor = options.modifiedSince;
  let after: string | undefined;
  let fetched = 0;
  for (;;) {
    const filters: SearchFilter[] =
      floor === null
        ? options.filters
        : [...options.filters, { propertyName: MODIFIED_PROPERTY, operator: 'GTE', value: String(floor) }];
    const request = {
      filterGroups: filters.length > 0 ? [{ filters }] : [],
      sorts: OLDEST_MODIFIED_FIRST,
      properties: [...new Set([...options.properties, MODIFIED_PROPERTY])],
      limit: options.pageSize,
      ...(after === undefined ? {} : { after }),
    };
    const page = await hubspot.call(options.call, () => api.doSearch(request));
    const fresh = page.results.filter((record) => !seen.has(record.id));
    for (const record of fresh) seen.add(record.id);
    yield fresh;
    const next = page.paging?.next?.after;
    if (!next) return;
    fetched += page.results.length;
    if (fetched + options.pageSize <= options.resultCap) {
      after = next;
      continue;
    }
    const newest = Math.max(...page.results.map((record) => modifiedAt(record) ?? Number.NEGATIVE_INFINITY));
    if (!Number.isFinite(newest) || (floor !== null && newest <= floor)) {
      throw new Error(
        `More than ${options.resultCap} HubSpot records share one last-modified time (${options.call.label}); ` +
          'the search API cannot page past them',
      );
    }
    floor = newest;
    after = undefined;
    fetched = 0;
  }
}

/** Every page of a list endpoint that pages with `after`. */
export async function* listPages<T>(
  hubspot: HubSpotApi,
  call: HubSpotCall,
  fetchPage: (after: string | undefined) => Promise<Paged<T>>,
) {
  let after: string | undefined;
  do {
    const cursor = after;
    const page = await hubspot.call(call, () => fetchPage(cursor));
    yield page.results;
    after = page.paging?.next?.after;
  } while (after);
}
