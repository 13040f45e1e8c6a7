/**
 * The CRMs the operator configured, as sources to sync: HubSpot when HUBSPOT_TOKEN is set, Salesforce when its
 * three client-credentials variables are (config.ts refuses one or two of them alone).
 */
import { ConfigError, type WebApiConfig } from '../config.js';
import type { CrmSource, CrmSourceKind, PullOptions } from './model.js';

export type CrmConfig = Pick<
  WebApiConfig,
  | 'HUBSPOT_TOKEN'
  | 'HUBSPOT_API_URL'
  | 'HUBSPOT_ICP_PROPERTY'
  | 'HUBSPOT_ICP_VALUES'
  | 'SALESFORCE_LOGIN_URL'
  | 'SALESFORCE_CLIENT_ID'
  | 'SALESFORCE_CLIENT_SECRET'
  | 'SALESFORCE_ICP_FIELD'
  | 'SALESFORCE_ICP_VALUES'
>;

/** What an operator sets to connect a CRM: named when `cli sync` finds none. */
export const CRM_VARIABLES_HINT =
  'No CRM is configured. Set HUBSPOT_TOKEN (a HubSpot private app token) for HubSpot, or SALESFORCE_LOGIN_URL, ' +
  'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (a connected app with the client-credentials flow) for ' +
  'Salesforce; README.md, "Connect your CRM", says where each comes from.';

/** The configured sources, HubSpot first. */
export function crmSourcesFromConfig(config: CrmConfig): CrmSource[] {
  const sources: CrmSource[] = [];
  if (config.HUBSPOT_TOKEN) {
    const token = config.HUBSPOT_TOKEN;
    sources.push(
      loadedOnFirstPull('hubspot', async () =>
        (await import('./hubspot.js')).hubspotSource({
          token,
          ...(config.HUBSPOT_API_URL ? { baseUrl: config.HUBSPOT_API_URL } : {}),
          icpProperty: config.HUBSPOT_ICP_PROPERTY,
          icpValues: config.HUBSPOT_ICP_VALUES,
        }),
      ),
    );
  }
  const {
    SALESFORCE_LOGIN_URL: loginUrl,
    SALESFORCE_CLIENT_ID: clientId,
    SALESFORCE_CLIENT_SECRET: clientSecret,
  } = config;
  if (loginUrl && clientId && clientSecret) {
    sources.push(
      loadedOnFirstPull('salesforce', async () =>
        (await import('./salesforce.js')).salesforceSource({
          loginUrl,
          clientId,
          clientSecret,
          ...(config.SALESFORCE_ICP_FIELD ? { icpField: config.SALESFORCE_ICP_FIELD } : {}),
          ...(config.SALESFORCE_ICP_VALUES ? { icpValues: config.SALESFORCE_ICP_VALUES } : {}),
        }),
      ),
    );
  }
  return sources;
}

/**
 * A source whose module, with its CRM's client library (jsforce, @hubspot/api-client: about 250 modules, some
 * 20 MB of the server's heap), is loaded at its first pull rather than at start: most minutes no sync runs.
 * The source made then serves every later pull (a Salesforce session lives on in it); a failed load is tried
 * again at the next pull.
 */
function loadedOnFirstPull(kind: CrmSourceKind, load: () => Promise<CrmSource>): CrmSource {
  let loading: Promise<CrmSource> | undefined;
  return {
    kind,
    async pull(options: PullOptions) {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).pull(options);
    },
  };
}

/** The kinds configured, for the Slack side (`/focus crm`, Home) without building any client. */
export function crmSourceKinds(config: CrmConfig): CrmSourceKind[] {
  const kinds: CrmSourceKind[] = [];
  if (config.HUBSPOT_TOKEN) kinds.push('hubspot');
  if (config.SALESFORCE_LOGIN_URL && config.SALESFORCE_CLIENT_ID && config.SALESFORCE_CLIENT_SECRET)
    kinds.push('salesforce');
  return kinds;
}

/**
 * The bot token CRM work speaks to Slack with. The CRM settings are one company's, so `cli sync` and `cli import`
 * run in single-workspace mode only, as the server's CRM sync does.
 */
export function crmBotToken(config: Pick<WebApiConfig, 'SLACK_BOT_TOKEN'>, command: 'sync' | 'import'): string {
  if (config.SLACK_BOT_TOKEN) return config.SLACK_BOT_TOKEN;
  throw new ConfigError([
    `SLACK_BOT_TOKEN is required for ${command}: the CRM settings are one workspace's, so CRM syncs and imports ` +
      'run in single-workspace mode only, not when installing into many workspaces (SLACK_CLIENT_ID)',
  ]);
}
