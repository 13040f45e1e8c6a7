/**
 * The CRMs the operator configured, as sources to sync: HubSpot when HUBSPOT_TOKEN is set, Salesforce when its
 * three client-credentials variables are (config.ts refuses one or two of them alone).
 */
import { ConfigError, type WebApiConfig } from '../config.js';
import { hubspotSource } from './hubspot.js';
import type { CrmSource, CrmSourceKind } from './model.js';
import { salesforceSource } from './salesforce.js';

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
    sources.push(
      hubspotSource({
        token: config.HUBSPOT_TOKEN,
        ...(config.HUBSPOT_API_URL ? { baseUrl: config.HUBSPOT_API_URL } : {}),
        icpProperty: config.HUBSPOT_ICP_PROPERTY,
        icpValues: config.HUBSPOT_ICP_VALUES,
      }),
    );
  }
  if (config.SALESFORCE_LOGIN_URL && config.SALESFORCE_CLIENT_ID && config.SALESFORCE_CLIENT_SECRET) {
    sources.push(
      salesforceSource({
        loginUrl: config.SALESFORCE_LOGIN_URL,
        clientId: config.SALESFORCE_CLIENT_ID,
        clientSecret: config.SALESFORCE_CLIENT_SECRET,
        ...(config.SALESFORCE_ICP_FIELD ? { icpField: config.SALESFORCE_ICP_FIELD } : {}),
        ...(config.SALESFORCE_ICP_VALUES ? { icpValues: config.SALESFORCE_ICP_VALUES } : {}),
      }),
    );
  }
  return sources;
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
