/**
 * Distributed mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY): the
 * HTTPReceiver options that serve Bolt's "Add to Slack" flow and authorize every request with its workspace's
 * installation, and the per-workspace Web API clients scheduled sends use instead of one bot token.
 *
 *   GET /slack/install         → straight to Slack's consent page (direct install), a signed `state` in a cookie
 *   GET /slack/oauth_redirect  → state checked against the cookie and its 10-minute age, code exchanged with
 *                                oauth.v2.access (at SLACK_API_URL when set), the installation stored encrypted
 */
import type { HTTPReceiverOptions } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import { type Installations, NotInstalledError } from './installation-store.js';
import { installFailurePage, installSuccessPage } from './pages.js';

export const INSTALL_PATH = '/slack/install';
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * The bot scopes an install asks for: manifest.yml's `oauth_config.scopes.bot`, in its order
 * (tests/install/oauth.test.ts holds the two together, so a scope added to the manifest fails it until added here).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'im:history',
  'channels:history',
  'groups:history',
  'users:read',
  'users:read.email',
  'files:write',
] as const;

/**
 * The OAuth exchange's client: bounded, and never retried (an authorization code is good once, so a retried
 * exchange fails anyway; the installer starts again instead).
 */
const EXCHANGE_CLIENT_DEFAULTS = { timeout: 10_000, retryConfig: { retries: 0 } } as const satisfies WebClientOptions;

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installations: Installations;
  logger: Logger;
  /** SLACK_API_URL: where oauth.v2.access and auth.test go; Slack's consent page is at the same host. */
  apiUrl?: string;
  /** PUBLIC_URL: when set, the redirect URL sent to Slack is `${publicUrl}/slack/oauth_redirect`. */
  publicUrl?: string;
  /** Overrides for the exchange's client (tests: a retry policy). */
  clientOptions?: WebClientOptions;
}

export type OAuthReceiverOptions = Required<
  Pick<
    HTTPReceiverOptions,
    'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'
  >
> &
  Pick<HTTPReceiverOptions, 'redirectUri'>;

/** What to spread into `new HTTPReceiver({...})` (with no bot token on the App) for distributed mode. */
export function oauthReceiverOptions(settings: OAuthSettings): OAuthReceiverOptions {
  const apiUrl = settings.apiUrl ? withSlash(settings.apiUrl) : undefined;
  return {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    stateSecret: settings.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: settings.installations,
    ...(settings.publicUrl ? { redirectUri: `${settings.publicUrl.replace(/\/+$/, '')}${OAUTH_REDIRECT_PATH}` } : {}),
    installerOptions: {
      directInstall: true,
      installPath: INSTALL_PATH,
      redirectUriPath: OAUTH_REDIRECT_PATH,
      stateVerification: true,
      // The InstallProvider builds its own WebClient from these alone (not from the App's clientOptions).
      clientOptions: {
        ...EXCHANGE_CLIENT_DEFAULTS,
        ...settings.clientOptions,
        ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      },
      ...(apiUrl ? { authorizationUrl: new URL('/oauth/v2/authorize', apiUrl).toString() } : {}),
      callbackOptions: {
        success: (installation, _options, _req, res) => installSuccessPage(installation, res),
        failure: (error, _options, _req, res) => {
          settings.logger.warn('An installation did not complete:', error.code, error.message);
          installFailurePage(error, res);
        },
      },
    },
  };
}

/** A Web API client for a workspace: what every scheduled send asks for. */
export interface TeamClients {
  /** Throws a NotInstalledError for a workspace no installation serves (log it and skip the workspace). */
  clientFor(teamId: string, enterpriseId?: string | null): Promise<WebClient>;
}

/** Single-workspace mode (SLACK_BOT_TOKEN): every team gets the one client. */
export function singleWorkspaceClients(client: WebClient): TeamClients {
  return { clientFor: async () => client };
}

/**
 * Distributed mode: each workspace's client carries its installation's bot token. The installation is read on
 * every call (an uninstall on another replica takes effect at once); the client is kept per installation while
 * its token stays the same.
 */
export class InstallationClients implements TeamClients {
  private readonly clients = new Map<string, { token: string; client: WebClient }>();

  /** `makeClient` builds a client for a token (the scheduler's schedulerClient, or the Home tabs' idempotentClient). */
  constructor(
    private readonly installations: Installations,
    private readonly makeClient: (token: string) => WebClient,
  ) {}

  async clientFor(teamId: string, enterpriseId?: string | null): Promise<WebClient> {
    const credentials = await this.installations.botCredentials(teamId, enterpriseId);
    if (!credentials) {
      this.clients.delete(`T:${teamId}`);
      throw new NotInstalledError({ teamId, enterpriseId });
    }
    const kept = this.clients.get(credentials.installKey);
    if (kept && kept.token === credentials.token) return kept.client;
    const client = this.makeClient(credentials.token);
    this.clients.set(credentials.installKey, { token: credentials.token, client });
    return client;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
