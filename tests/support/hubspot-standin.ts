/**
 * A local stand-in for the parts of HubSpot's REST API the sync reads, answering with the published shapes from
 * an in-memory store (hubspot-standin-store.ts) the test changes: account details, deal pipelines, owners, CRM
 * search, archived lists, companies batch read and associations v4 batch read. It checks the private-app token,
 * pages with `paging.next.after`, refuses to page past the search cap with a 400, and can answer 429 (with or
 * without Retry-After) or 403 MISSING_SCOPES on request. Every request is recorded.
 *
 * Shapes:
 * https://developers.hubspot.com/docs-beta/crm/search (search request and paging; 10,000-result cap and its 400:
 *   https://docs.aws.amazon.com/glue/latest/dg/hubspot-connector-limitations.md)
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
 * https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide?year=2021
 * https://developers.hubspot.com/docs/api-reference/2027-03-beta/account/account-information/get-account-details
 * https://github.com/HubSpot/hubspot-api-nodejs/issues/268 (403 MISSING_SCOPES body)
 * https://github.com/HubSpot/hubspot-api-python/issues/211 (401 INVALID_AUTHENTICATION body)
 * https://developers.hubspot.com/changelog/2018-11-06-rate-limit-information-headers-will-be-included-in-http-responses
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeLocal, type LocalAnswer } from '../../src/playground/local-http.js';
import { readBody } from '../../src/playground/workspace.js';
import { error, route } from './hubspot-standin-routes.js';
import { type HubSpotDataset, HubSpotStore, type ObjectType } from './hubspot-standin-store.js';

export { hubspotSampleData } from './hubspot-standin-sample.js';
export { defaultSalesPipeline, type HubSpotDataset, HubSpotStore } from './hubspot-standin-store.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface HubSpotStandInOptions {
  token: string;
  data?: HubSpotDataset;
  /** The store's clock at start (ms); default Date.now(). */
  now?: number;
  /** The largest page served, whatever `limit` asks; default 200 (HubSpot's search maximum). */
  maxPageSize?: number;
  /** Results one search query may page through; default 10,000. */
  searchCap?: number;
  port?: number;
}

export interface Throttle {
  /** Only requests to this path count; default every request. */
  path?: string;
  /** The matching request (1 = the next) that is answered 429. */
  occurrence: number;
  /** Seconds, as HubSpot would send it; null: no Retry-After header. */
  retryAfter: string | null;
}

export interface HubSpotStandIn {
  url: string;
  store: HubSpotStore;
  requests: RecordedRequest[];
  /** Answer 429 to one coming request. */
  throttle(throttle: Throttle): void;
  /** Answer 403 MISSING_SCOPES to everything about these object types (their search, lists, associations). */
  denyScopes(types: ObjectType[], scope?: string): void;
  close(): Promise<void>;
}

/** The object type a path is about, for denied scopes. */
function objectTypeOf(path: string): string | undefined {
  return /^\/crm\/v3\/objects\/(\w+)/.exec(path)?.[1] ?? /^\/crm\/v4\/associations\/(\w+)\//.exec(path)?.[1];
}

export async function startHubSpotStandIn(options: HubSpotStandInOptions): Promise<HubSpotStandIn> {
  const store = new HubSpotStore(options.data ?? {}, options.now ?? Date.now());
  const requests: RecordedRequest[] = [];
  const throttles: (Throttle & { seen: number })[] = [];
  const denied = new Map<string, string>();

  const answer = async (req: IncomingMessage, raw: string): Promise<LocalAnswer> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more ' +
          'details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    for (const throttle of throttles) {
      if (throttle.path && throttle.path !== url.pathname) continue;
      throttle.seen += 1;
      if (throttle.seen !== throttle.occurrence) continue;
      throttles.splice(throttles.indexOf(throttle), 1);
      const headers: Record<string, string> = {
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '0',
        ...(throttle.retryAfter === null ? {} : { 'retry-after': throttle.retryAfter }),
      };
      const limited = error(429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', {
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      });
      return { ...limited, headers };
    }
    const deniedScope = denied.get(objectTypeOf(url.pathname) ?? '');
    if (deniedScope) {
      return error(
        403,
        'MISSING_SCOPES',
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: " +
          'https://developers.hubspot.com/scopes.',
        {
          errors: [
            {
              message: 'One or more of the following scopes are required.',
              context: { requiredGranularScopes: [deniedScope] },
            },
          ],
          links: { scopes: 'https://developers.hubspot.com/scopes' },
        },
      );
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    // The client asks for the owners at /crm/v3/owners/; HubSpot answers with or without the slash.
    const path = url.pathname.replace(/(.)\/+$/, '$1');
    const limits = { maxPageSize: options.maxPageSize ?? 200, searchCap: options.searchCap ?? 10_000 };
    return route(store, limits, req.method ?? 'GET', path, url.searchParams, body);
  };

  // Like listenLocal (src/playground/local-http.ts), but on a chosen port when asked (scripts/hubspot-standin.ts).
  const server = createServer((req, res) => {
    void readBody(req)
      .then(async (raw) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const served = await answer(req, raw);
        const status = served.status ?? 200;
        requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: raw ? JSON.parse(raw) : null,
          status,
        });
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...served.headers });
        res.end(JSON.stringify(served.body ?? {}));
      })
      .catch((failure: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(failure));
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    requests,
    throttle: (throttle) => throttles.push({ ...throttle, seen: 0 }),
    denyScopes: (types, scope = 'crm.objects.contacts.read') => {
      for (const type of types) denied.set(type, scope);
    },
    close: () => closeLocal(server),
  };
}
