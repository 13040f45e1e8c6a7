/**
 * Deals that come from a CRM are the CRM's (issue 13, item 6): a typed `won`/`lost`/`opp`, a stale-deal answer or
 * the lost picker never forks one. On an account with a CRM deal the rep is sent to the record; with the team's
 * manual deal entry off (and a CRM feeding it), every typed deal change is refused. Read before any write, in the
 * same transaction.
 */
import type { CrmSourceKind } from '../crm/model.js';
import type { Store } from '../storage/types.js';
import type { CoachSettings } from './commands/context.js';
import type { Reply } from './views/blocks.js';
import { crmDealRefusal, manualOffRefusal } from './views/crm-refusals.js';

interface GuardInput {
  store: Store;
  settings: Pick<CoachSettings, 'crmSources'>;
  teamId: string;
}

/** The CRMs feeding the team's deals (db/crm-status.ts crmSourcesFeeding), with the operator's configuration. */
export function sourcesFeeding(input: GuardInput): Promise<CrmSourceKind[]> {
  return input.store.crmStatus.crmSourcesFeeding(input.teamId, input.settings.crmSources ?? []);
}

/** With manual deal entry off and a CRM feeding the team: the refusal; else null (a team with no CRM keeps typing). */
async function manualOff(input: GuardInput): Promise<Reply | null> {
  if ((await input.store.teams.getTeam(input.teamId))?.manualDeals ?? true) return null;
  const feeding = await sourcesFeeding(input);
  return feeding.length > 0 ? manualOffRefusal(feeding) : null;
}

/** `won`/`lost`/`opp` typed by a rep on an account: the refusal when the CRM owns that deal or all deals; else null. */
export async function typedDealRefusal(input: GuardInput & { userId: string; account: string }): Promise<Reply | null> {
  const deal = await input.store.crmStatus.crmDealOnAccount(input.teamId, input.userId, input.account);
  if (deal !== null) return crmDealRefusal(deal);
  return manualOff(input);
}

/** A button that changes one deal (a stale-deal answer, the lost picker): the refusal, or null to go ahead. */
export async function dealChangeRefusal(input: GuardInput & { dealId: number }): Promise<Reply | null> {
  const deal = await input.store.crmStatus.crmDealById(input.teamId, input.dealId);
  if (deal !== null) return crmDealRefusal(deal);
  return manualOff(input);
}
