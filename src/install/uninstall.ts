/**
 * The events that end an installation. Bolt runs their listeners without authorizing them (the tokens may be gone
 * already), with the workspace and org from the envelope in `context`. Slack sends both events for one uninstall,
 * in either order: the first deletes the tokens and schedules the purge, the second finds nothing more to do.
 */

import { errorMessage } from '../errors.js';
import type { SlackRouter } from '../slack/router.js';
import type { Installations, InstallLogger, InstallSource } from './installation-store.js';

export interface UninstallDeps {
  installations: Installations;
  logger: InstallLogger & { error(...message: unknown[]): void };
}

/** Registers app_uninstalled and tokens_revoked (subscribe to both in the app's event settings). */
export function registerUninstallEvents(routes: SlackRouter, deps: UninstallDeps): void {
  routes.event('app_uninstalled', async ({ context }) => {
    await run(deps, 'app_uninstalled', () => deps.installations.uninstall(sourceOf(context)));
  });
  routes.event('tokens_revoked', async ({ event, context }) => {
    const source = sourceOf(context);
    if ((event.tokens.bot ?? []).length > 0) {
      await run(deps, 'tokens_revoked', () => deps.installations.uninstall(source));
    } else if ((event.tokens.oauth ?? []).length > 0) {
      await run(deps, 'tokens_revoked', () => deps.installations.revokeUserTokens(source, event.tokens.oauth ?? []));
    }
  });
}

/** The installation an event is about, from Bolt's context (the envelope's team, org and authorizations). */
export function sourceOf(context: {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}): InstallSource {
  return {
    teamId: context.teamId ?? null,
    enterpriseId: context.enterpriseId ?? null,
    isEnterpriseInstall: context.isEnterpriseInstall === true,
  };
}

async function run(deps: UninstallDeps, event: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    // Slack does not retry an acknowledged event: the operator must see this one.
    deps.logger.error(`Could not handle ${event}:`, errorMessage(error));
  }
}
