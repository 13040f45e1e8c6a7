/**
 * One place that turns the configuration into the app's Slack credentials: distributed mode (many workspaces,
 * tokens from their installations) or single-workspace mode (SLACK_BOT_TOKEN). index.ts, `cli tick` and
 * `cli sync` ask here for their clients, so neither mode leaks into the code that sends.
 */
import type { WebClient } from '@slack/web-api';
import { type DistributedInstall, distributedInstall, type WebApiConfig } from '../config.js';
import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { Installations } from './installation-store.js';
import {
  InstallationClients,
  type OAuthReceiverOptions,
  oauthReceiverOptions,
  singleWorkspaceClients,
  type TeamClients,
} from './oauth.js';

/** Distributed mode, opened: the installation store, and what createSlackApp takes as its `oauth` option. */
export interface Distribution {
  settings: DistributedInstall;
  installations: Installations;
  oauth: { receiver: OAuthReceiverOptions; installations: Installations };
}

/** Distributed mode's pieces when its four credentials are set; null in single-workspace mode. */
export function openDistribution(
  config: WebApiConfig & { PUBLIC_URL?: string },
  deps: { store: Store; logger: JsonLogger; clock: () => number },
): Distribution | null {
  const settings = distributedInstall(config);
  if (!settings) return null;
  const installations = new Installations({
    store: deps.store,
    keyring: settings.keyring,
    logger: deps.logger,
    clock: deps.clock,
    purgeGraceDays: settings.purgeGraceDays,
  });
  const receiver = oauthReceiverOptions({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    stateSecret: settings.stateSecret,
    installations,
    logger: deps.logger,
    apiUrl: config.SLACK_API_URL,
    publicUrl: config.PUBLIC_URL,
  });
  return { settings, installations, oauth: { receiver, installations } };
}

/**
 * The clients a sender uses, whichever the mode: each workspace's own (distributed), or the one bot token's for
 * every team. `makeClient` is the sender's kind of client (schedulerClient, idempotentClient).
 */
export function teamClients(
  distribution: Distribution | null,
  botToken: string | undefined,
  makeClient: (token: string) => WebClient,
): TeamClients {
  if (distribution) return new InstallationClients(distribution.installations, makeClient);
  if (!botToken) {
    throw new Error('SLACK_BOT_TOKEN is required, or the install settings (SLACK_CLIENT_ID and the rest)');
  }
  return singleWorkspaceClients(makeClient(botToken));
}
