/**
 * Deals that come from a CRM are the CRM's (issue 13, item 6): a typed `won`/`lost`/`opp`, a stale-deal answer or
 * the lost picker never forks one. On an account with a CRM deal the rep is sent to the record; with the team's
 * manual deal entry off (and a CRM feeding it), every typed deal change is refused. Read before any write, in the
 * same transaction.
 */
import type { CrmSourceKind } from '../crm/model.js';
import type { Db } from '../db/connection.js';
import { crmDealById, crmDealOnAccount, crmSourcesFeeding } from '../db/crm-status.js';
import { getTeam } from '../db/teams.js';
import type { CoachSettings } from './commands/context.js';
import type { Reply } from './views/blocks.js';
import { crmDealRefusal, manualOffRefusal } from './views/crm-refusals.js';

interface GuardInput {
  db: Db;
  settings: Pick<CoachSettings, 'crmSources'>;
  teamId: string;
}

/** The CRMs feeding the team's deals (db/crm-status.ts crmSourcesFeeding), with the operator's configuration. */
export function sourcesFeeding(input: GuardInput): CrmSourceKind[] {
  return crmSourcesFeeding(input.db, input.teamId, input.settings.crmSources ?? []);
}

/** With manual deal entry off and a CRM feeding the team: the refusal; else null (a team with no CRM keeps typing). */
function manualOff(input: GuardInput): Reply | null {
  if (getTeam(input.db, input.teamId)?.manualDeals ?? true) return null;
  const feeding = sourcesFeeding(input);
  return feeding.length > 0 ? manualOffRefusal(feeding) : null;
}

/** `won`/`lost`/`opp` typed by a rep on an account: the refusal when the CRM owns that deal or all deals; else null. */
export function typedDealRefusal(input: GuardInput & { userId: string; account: string }): Reply | null {
  const deal = crmDealOnAccount(input.db, input.teamId, input.userId, input.account);
  if (deal !== null) return crmDealRefusal(deal);
  return manualOff(input);
}

/** A button that changes one deal (a stale-deal answer, the lost picker): the refusal, or null to go ahead. */
export function dealChangeRefusal(input: GuardInput & { dealId: number }): Reply | null {
  const deal = crmDealById(input.db, input.teamId, input.dealId);
  if (deal !== null) return crmDealRefusal(deal);
  return manualOff(input);
}
