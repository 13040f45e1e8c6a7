/**
 * What the managers hear about a CRM sync: a DM when it breaks (a refused credential at once, any other
 * error after FAILURES_BEFORE_DM in a row), and one when it works again. The runner (sync.ts) decides when,
 * once per distinct error, under its lease; this module only words and sends.
 */
import type { WebClient } from '@slack/web-api';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import { managerDmChannel } from '../scheduler/digest.js';
import { escapeMrkdwn } from '../slack/views/blocks.js';
import type { Store } from '../storage/types.js';
import { CRM_LABELS, type CrmSourceKind, type SyncSummary } from './model.js';

/** Network trouble and CRM outages usually pass: the managers hear of them only when they last. */
export const FAILURES_BEFORE_DM = 3;

export function brokenMessage(source: CrmSourceKind, error: string, fix: string | null, failures: number): string {
  const label = CRM_LABELS[source];
  const head = fix
    ? `:warning: *${label} sync stopped:* ${escapeMrkdwn(error)}\n*To fix:* ${escapeMrkdwn(fix)}`
    : `:warning: *${label} sync has failed ${failures} times in a row:* ${escapeMrkdwn(error)}\n` +
      `If it goes on, check that this app can reach ${label} and ${label}'s status page.`;
  return (
    `${head}\nThe coach keeps trying by itself, waiting longer each time, and tells you when it works again. ` +
    `Until then the deals from ${label} stay as they were at the last sync.`
  );
}

export function recoveredMessage(summary: SyncSummary): string {
  const label = CRM_LABELS[summary.source];
  const { deals } = summary;
  return (
    `:white_check_mark: *${label} sync works again.* This sync added ${deals.added} deal(s), changed ` +
    `${deals.changed} and removed ${deals.deleted}. \`/focus crm\` shows the details.`
  );
}

/** DMs every manager of the team; one manager's failure neither stops the others nor the sync. */
export async function tellManagers(
  deps: { store: Store; client: WebClient; logger: JsonLogger; managers: readonly string[] },
  teamId: string,
  text: string,
): Promise<number> {
  let sent = 0;
  for (const manager of await deps.store.managers.teamManagers(teamId, deps.managers)) {
    try {
      const channel = await managerDmChannel(deps.client, deps.store, teamId, manager);
      await deps.client.chat.postMessage({ channel, text });
      sent += 1;
    } catch (error) {
      deps.logger.warn(`Could not tell manager ${manager.userId} about the CRM sync:`, errorMessage(error));
    }
  }
  return sent;
}
