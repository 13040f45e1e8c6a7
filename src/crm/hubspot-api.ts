/**
 * HubSpot's API through the official client (@hubspot/api-client 13.5.0), and the one place that decides what a
 * failed call means: a 429 waits its Retry-After and repeats the same request, a 401 or a 403 on what the sync
 * needs is the operator's to fix (CrmAuthError), a 403 MISSING_SCOPES on what it can do without is reported to
 * the caller (HubSpotMissingScopeError). The token never appears in a message.
 *
 * Error bodies (`{status:'error', message, correlationId, category, errors:[{context:{requiredGranularScopes}}]}`):
 * https://github.com/HubSpot/hubspot-api-nodejs/issues/268 (MISSING_SCOPES with requiredScopes),
 * https://github.com/HubSpot/hubspot-api-python/issues/211 (401 INVALID_AUTHENTICATION).
 */
import { Client } from '@hubspot/api-client';
import { CrmAuthError, CrmRateLimitError, MAX_RETRY_AFTER_SLEEP_MS } from './model.js';

export const HUBSPOT_API_URL = 'https://api.hubapi.com';

/** The scopes a private app needs for deals, their companies and owners. */
export const HUBSPOT_REQUIRED_SCOPES = [
  'crm.objects.deals.read',
  'crm.objects.companies.read',
  'crm.objects.owners.read',
];
/**
 * Calls, emails and meetings are read with the contacts scope
 * (https://developers.hubspot.com/docs/api-reference/latest/crm/activities/calls/guide.md, …/meetings/guide.md).
 */
export const HUBSPOT_ACTIVITY_SCOPE = 'crm.objects.contacts.read';

/** Without Retry-After (HubSpot often sends none), wait out its ten-second rolling window. */
const DEFAULT_RETRY_AFTER_MS = 10_000;
/** A request answered 429 this many times in a row gives the run up, however short the waits. */
const MAX_RATE_LIMITED_TRIES = 5;

const PRIVATE_APP_PATH = 'In HubSpot: Settings → Integrations → Private Apps → <your app>';
const ALL_SCOPES_TEXT = `${HUBSPOT_REQUIRED_SCOPES.join(', ')} (and ${HUBSPOT_ACTIVITY_SCOPE} for calls, emails and meetings)`;

/** A 403 MISSING_SCOPES on something the sync can do without. */
export class HubSpotMissingScopeError extends Error {
  constructor(readonly scopes: string[]) {
    super(`HubSpot needs the scope ${scopes.join(' or ')}`);
    this.name = 'HubSpotMissingScopeError';
  }
}

/** What a call is, for messages, and the scope HubSpot would want for it. */
export interface HubSpotCall {
  /** "POST /crm/v3/objects/deals/search" */
  label: string;
  scope: string;
  /** True: a missing scope is reported (HubSpotMissingScopeError), not the operator's to fix at once. */
  optional?: boolean;
}

/** The parts of the client's ApiException (each codegen module has its own class) that the sync reads. */
interface HubSpotFailure {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A non-2xx answer to a request made with client.apiRequest, in the codegen's ApiException shape. */
class HubSpotHttpFailure extends Error implements HubSpotFailure {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HubSpot answered ${code}`);
  }
}

function asFailure(error: unknown): HubSpotFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, body, headers } = error as Partial<HubSpotFailure>;
  if (typeof code !== 'number' || typeof headers !== 'object' || headers === null) return null;
  return { code, body, headers };
}

interface ErrorBody {
  message?: string;
  category?: string;
  correlationId?: string;
  errors?: { context?: Record<string, unknown> }[];
}

function errorBody(body: unknown): ErrorBody {
  return typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
}

/** The scopes a 403 names (`requiredGranularScopes`, or the older `requiredScopes`), else the call's own. */
function missingScopes(body: ErrorBody, fallback: string): string[] {
  const named = (body.errors ?? []).flatMap(({ context }) => {
    const scopes = context?.requiredGranularScopes ?? context?.requiredScopes;
    return Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
  });
  return named.length > 0 ? [...new Set(named)] : [fallback];
}

/** A body as JSON, or as the text it is (a proxy's HTML error page). */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return text;
  }
}

function retryAfterMs(headers: Record<string, string>): number {
  const seconds = Number(headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : DEFAULT_RETRY_AFTER_MS;
}

export class HubSpotApi {
  readonly client: Client;

  constructor(
    private readonly token: string,
    baseUrl: string,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    // No retries in the client: its retry decorator waits with a bare setTimeout and logs to the console; 429s
    // are handled below, where Retry-After and the caller's clock are known.
    this.client = new Client({ accessToken: token, basePath: baseUrl.replace(/\/+$/, ''), numberOfApiCallRetries: 0 });
  }

  /** Runs one request, repeating it after a 429's wait; every other failure is turned into a clear error. */
  async call<T>(call: HubSpotCall, run: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      let failure: HubSpotFailure | null;
      try {
        return await run();
      } catch (error) {
        failure = asFailure(error);
        if (!failure) throw this.unanswered(call, error);
      }
      if (failure.code === 429) {
        const wait = retryAfterMs(failure.headers);
        if (wait > MAX_RETRY_AFTER_SLEEP_MS || tries >= MAX_RATE_LIMITED_TRIES) {
          throw new CrmRateLimitError('hubspot', wait);
        }
        await this.sleep(wait);
        continue;
      }
      throw this.failureError(call, failure);
    }
  }

  /** A GET the codegen has no module for (account-info), through the client's own request path. */
  async getJson<T>(call: HubSpotCall, path: string): Promise<T> {
    return this.call(call, async () => {
      const response = await this.client.apiRequest({ method: 'GET', path });
      const body = parseJson(await response.text());
      if (!response.ok) {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        throw new HubSpotHttpFailure(response.status, body, headers);
      }
      return body as T;
    });
  }

  /** No answer: node-fetch's FetchError (refused, reset, DNS) in words; anything else as it is. */
  private unanswered(call: HubSpotCall, error: unknown): unknown {
    if (!(error instanceof Error) || error.name !== 'FetchError') return error;
    return new Error(`HubSpot could not be reached (${call.label}): ${this.redact(error.message)}`);
  }

  private failureError(call: HubSpotCall, failure: HubSpotFailure): Error {
    const body = errorBody(failure.body);
    if (failure.code === 401) {
      return new CrmAuthError(
        'hubspot',
        `HubSpot refused HUBSPOT_TOKEN (401 ${body.category ?? 'Unauthorized'} on ${call.label})`,
        `HUBSPOT_TOKEN was refused (401: expired, revoked or mistyped). ${PRIVATE_APP_PATH} → Auth: rotate or copy ` +
          `the access token, with scopes ${ALL_SCOPES_TEXT}, and set HUBSPOT_TOKEN to it.`,
      );
    }
    if (failure.code === 403) {
      const scopes = missingScopes(body, call.scope);
      if (call.optional && body.category === 'MISSING_SCOPES') return new HubSpotMissingScopeError(scopes);
      return new CrmAuthError(
        'hubspot',
        `HubSpot refused HUBSPOT_TOKEN (403 ${body.category ?? 'Forbidden'} on ${call.label})`,
        `HUBSPOT_TOKEN lacks the scope ${scopes.join(' or ')}. ${PRIVATE_APP_PATH} → Scopes: add ${scopes.join(', ')} ` +
          `(the app needs ${ALL_SCOPES_TEXT}) and commit the change; the token stays the same.`,
      );
    }
    const detail = body.message ? `: ${this.redact(body.message)}` : '';
    const correlation = body.correlationId ? ` (correlationId ${body.correlationId})` : '';
    return new Error(`HubSpot answered ${failure.code} to ${call.label}${detail}${correlation}`);
  }

  private redact(text: string): string {
    // A real token is long; a short one would only scramble the message.
    return this.token.length >= 8 ? text.split(this.token).join('[HUBSPOT_TOKEN]') : text;
  }
}
