/**
 * One Salesforce session for a pull, on jsforce: the OAuth 2.0 client-credentials flow against the org's My Domain
 * (POST /services/oauth2/token, grant_type=client_credentials → access_token, instance_url), one new token when the
 * session expires mid-sync, and Salesforce's rate limits waited out (short) or handed to the scheduler (long).
 *
 * jsforce's own retry of 429 and 5xx sleeps on real timers and ignores Retry-After, so data requests turn it off
 * (`retry.statusCodes: []`) and go through a transport that remembers the last response's status and headers: a
 * failed request's HttpApiError carries neither.
 */
import jsforce, { type Connection, type HttpRequest, type HttpResponse, type TokenResponse } from 'jsforce';
import { CrmAuthError, CrmRateLimitError, MAX_RETRY_AFTER_SLEEP_MS } from './model.js';

export interface SalesforceSessionOptions {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
  sleep: (ms: number) => Promise<void>;
}

/** A REST error body Salesforce sent (`[{message, errorCode}]`), with the HTTP status. Never holds a credential. */
export class SalesforceRequestError extends Error {
  constructor(
    readonly status: number | null,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SalesforceRequestError';
  }
}

/** A 429 without Retry-After, or REQUEST_LIMIT_EXCEEDED for concurrent long requests: they clear in seconds. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
/** REQUEST_LIMIT_EXCEEDED "TotalRequests": the org's rolling 24-hour API allowance is spent; try in an hour. */
const DAILY_LIMIT_WAIT_MS = 60 * 60_000;
/** How many times one request waits out a rate limit before the run gives up (the scheduler retries later). */
const MAX_RATE_LIMIT_WAITS = 5;
/** A data request that has not answered in a minute has failed; jsforce's default is 30 minutes. */
const REQUEST_TIMEOUT_MS = 60_000;

const CONNECTED_APP = 'Setup → App Manager → your connected app';
const MY_DOMAIN_FIX = 'set SALESFORCE_LOGIN_URL to your My Domain URL (https://<your-domain>.my.salesforce.com)';

/** What the operator has to change for each refusal of the token endpoint. */
const TOKEN_FIXES: Record<string, string> = {
  invalid_client:
    `Salesforce refused SALESFORCE_CLIENT_ID/SALESFORCE_CLIENT_SECRET (invalid_client). In ${CONNECTED_APP}: ` +
    'check the consumer key and secret (Manage Consumer Details), enable the Client Credentials Flow and set its ' +
    `Run As user, and ${MY_DOMAIN_FIX}`,
  invalid_client_id:
    `Salesforce does not know SALESFORCE_CLIENT_ID (invalid_client_id). In ${CONNECTED_APP} → Manage Consumer ` +
    `Details: copy the consumer key into SALESFORCE_CLIENT_ID, and ${MY_DOMAIN_FIX}`,
  invalid_grant:
    `Salesforce refused the client-credentials grant (invalid_grant). In ${CONNECTED_APP} → Manage → Edit ` +
    'Policies: under Client Credentials Flow, set Run As to an active user with API Enabled; and ' +
    `${MY_DOMAIN_FIX}, not login.salesforce.com`,
  unsupported_grant_type:
    `Salesforce does not allow the client-credentials flow for this app (unsupported_grant_type). In ` +
    `${CONNECTED_APP} → Edit → API (Enable OAuth Settings): tick Enable Client Credentials Flow; and ${MY_DOMAIN_FIX}`,
};

const GENERIC_TOKEN_FIX =
  `Check SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET against ${CONNECTED_APP} (Manage Consumer Details), ` +
  `that the app has the Client Credentials Flow enabled with a Run As user, and ${MY_DOMAIN_FIX}`;

export class SalesforceSession {
  private readonly conn: Connection;
  private authorized = false;
  /** New tokens taken during the request under way: a second 401 after one means the credential is the problem. */
  private reauthorizations = 0;
  /** Why a mid-request re-authorization failed: jsforce rethrows it as a bare "Unable to refresh session". */
  private refreshFailure: Error | null = null;
  private lastResponse: Pick<HttpResponse, 'statusCode' | 'headers'> | null = null;
  private readonly requestOptions: object;

  constructor(private readonly options: SalesforceSessionOptions) {
    this.conn = new jsforce.Connection({
      loginUrl: options.loginUrl,
      version: options.apiVersion,
      oauth2: { loginUrl: options.loginUrl, clientId: options.clientId, clientSecret: options.clientSecret },
      refreshFn: (_conn, callback) => this.reauthorize(callback),
      // Whatever JSFORCE_LOG_LEVEL says: the operator's log is ours, and it never carries a session.
      logLevel: 'NONE',
    });
    const base = this.conn._transport;
    const transport = {
      httpRequest: (request: HttpRequest, requestOptions?: object) => {
        const answer = base.httpRequest(request, requestOptions);
        answer.then(
          (response) => {
            this.lastResponse = { statusCode: response.statusCode, headers: response.headers };
          },
          () => {},
        );
        return answer;
      },
    };
    this.requestOptions = { transport, retry: { statusCodes: [] }, timeout: REQUEST_TIMEOUT_MS };
  }

  /** The org's own address, from the token response (record links are built on it). */
  get instanceUrl(): string {
    return this.conn.instanceUrl;
  }

  /**
   * GET a REST resource: a path under /services/data/vXX.X ("/query?q=…") or a nextRecordsUrl. A rate limit is
   * waited out via `sleep` and the same request sent again; an expired session is re-authorized once.
   */
  async get<T>(url: string): Promise<T> {
    if (!this.authorized) await this.authorize();
    for (let waits = 0; ; waits += 1) {
      this.reauthorizations = 0;
      this.refreshFailure = null;
      this.lastResponse = null;
      try {
        return await this.conn.request<T>({ method: 'GET', url }, this.requestOptions);
      } catch (error) {
        if (this.refreshFailure) throw this.refreshFailure;
        const failure = this.requestError(error);
        if (!(failure instanceof SalesforceRequestError)) throw failure;
        const wait = rateLimitWait(failure, this.lastResponse);
        if (wait === null) throw this.sessionRefused(failure) ?? failure;
        if (wait > MAX_RETRY_AFTER_SLEEP_MS || waits >= MAX_RATE_LIMIT_WAITS) {
          throw new CrmRateLimitError('salesforce', wait);
        }
        await this.options.sleep(wait);
      }
    }
  }

  private async authorize(): Promise<void> {
    try {
      await this.conn.authorize({ grant_type: 'client_credentials' });
      this.authorized = true;
    } catch (error) {
      throw this.tokenError(error);
    }
  }

  /** jsforce's session-refresh hook, called on a 401: one new token per request, then the credential is at fault. */
  private reauthorize(callback: (error: Error | null | undefined, token?: string, response?: TokenResponse) => void) {
    this.reauthorizations += 1;
    if (this.reauthorizations > 1) {
      this.refreshFailure = new CrmAuthError(
        'salesforce',
        'Salesforce refused a session it had just issued (401 INVALID_SESSION_ID)',
        `In ${CONNECTED_APP} → Manage → Edit Policies: check the Client Credentials Flow's Run As user is active ` +
          'and has API Enabled, and that IP Relaxation lets this server in',
      );
      callback(this.refreshFailure);
      return;
    }
    this.conn.oauth2.requestToken({ grant_type: 'client_credentials' }).then(
      (response) => callback(undefined, response.access_token, response),
      (error: unknown) => {
        this.refreshFailure = this.tokenError(error);
        callback(this.refreshFailure);
      },
    );
  }

  /** The token endpoint's refusal ({error, error_description}, which jsforce puts in name and message). */
  private tokenError(error: unknown): Error {
    const code = error instanceof Error ? error.name : '';
    const status = Number(/^ERROR_HTTP_(\d+)$/.exec(code)?.[1] ?? 0);
    if (status >= 500) return new Error(`Salesforce's token endpoint answered HTTP ${status}; the sync will try again`);
    if (status) {
      // Not an OAuth answer (an HTML page, a 404): the login URL is not the org's token endpoint.
      return new CrmAuthError(
        'salesforce',
        `${this.options.loginUrl}/services/oauth2/token answered HTTP ${status}, not a Salesforce OAuth answer`,
        `${MY_DOMAIN_FIX[0]?.toUpperCase()}${MY_DOMAIN_FIX.slice(1)} (Setup → My Domain shows it)`,
      );
    }
    if (/^[a-z_]+$/.test(code)) {
      const description = this.redact(error instanceof Error ? error.message : '').slice(0, 200);
      return new CrmAuthError(
        'salesforce',
        `Salesforce refused the client-credentials login (${code}: ${description})`,
        TOKEN_FIXES[code] ?? GENERIC_TOKEN_FIX,
      );
    }
    // A network failure or the like: nothing the operator's settings can be blamed for yet.
    return new Error(`Salesforce could not be reached at ${this.options.loginUrl}: ${this.redact(String(error))}`);
  }

  /**
   * jsforce's HttpApiError (errorCode, message) as ours, with the status the transport saw; anything else (no
   * answer at all, a timeout) as a plain Error, so nobody mistakes it for Salesforce's refusal.
   */
  private requestError(error: unknown): Error {
    if (error instanceof Error && 'errorCode' in error && typeof error.errorCode === 'string') {
      const status = this.lastResponse?.statusCode ?? null;
      return new SalesforceRequestError(status, error.errorCode, this.redact(error.message).slice(0, 300));
    }
    return new Error(
      `Salesforce did not answer: ${this.redact(error instanceof Error ? error.message : String(error))}`,
    );
  }

  /** A 401 that jsforce does not treat as expiry ("This session is not valid for use with the REST API"). */
  private sessionRefused(failure: SalesforceRequestError): CrmAuthError | null {
    if (failure.errorCode !== 'INVALID_SESSION_ID') return null;
    return new CrmAuthError(
      'salesforce',
      `Salesforce refused the session (INVALID_SESSION_ID: ${failure.message})`,
      `In ${CONNECTED_APP}: give the app the "Manage user data via APIs (api)" OAuth scope, and check the Client ` +
        "Credentials Flow's Run As user has API Enabled",
    );
  }

  /** Salesforce never echoes a credential, but nothing from the wire reaches a message unchecked. */
  private redact(text: string): string {
    let clean = text;
    for (const secret of [this.options.clientSecret, this.conn.accessToken]) {
      if (secret) clean = clean.split(secret).join('[redacted]');
    }
    return clean;
  }
}

/** How long a rate-limited request should wait, or null when the failure is not a rate limit. */
function rateLimitWait(
  failure: SalesforceRequestError,
  response: Pick<HttpResponse, 'statusCode' | 'headers'> | null,
): number | null {
  if (response?.statusCode === 429) {
    return parseRetryAfter(response.headers['retry-after']) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
  }
  if (failure.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    return /TotalRequests/i.test(failure.message) ? DAILY_LIMIT_WAIT_MS : DEFAULT_RATE_LIMIT_WAIT_MS;
  }
  return null;
}

/** Retry-After is whole seconds or an HTTP date. */
function parseRetryAfter(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
