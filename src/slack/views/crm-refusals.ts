/**
 * Deals the CRM owns, in words: the replies that send a rep to the CRM instead of forking a deal there, and the
 * confirmation of `/focus crm manual on|off`. Nothing is written when these are sent.
 */
import { CRM_LABELS, type CrmSourceKind } from '../../crm/model.js';
import { context, plainMrkdwn, type Reply, section, simpleReply, stripMrkdwn } from './blocks.js';
import { listOf } from './format.js';

export function crmLabel(source: CrmSourceKind): string {
  return CRM_LABELS[source];
}

/** "HubSpot", "HubSpot and Salesforce". */
export function crmLabels(sources: readonly CrmSourceKind[]): string {
  return listOf(sources.map(crmLabel));
}

/** A CRM record's page as a mrkdwn link, only for a plain http(s) address (anything else would break the link). */
function recordLink(url: string | null, source: CrmSourceKind): string | null {
  if (url === null || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return null;
  return `<${url.replace(/&/g, '&amp;')}|open in ${crmLabel(source)}>`;
}

function refusal(text: string, note?: string): Reply {
  return { ...simpleReply(text, note), refused: true };
}

/** `won`/`lost`/`opp` (or a button) on a deal the CRM owns: where to change it instead. */
export function crmDealRefusal(deal: { source: CrmSourceKind; url: string | null; accountName: string }): Reply {
  const name = `*${plainMrkdwn(deal.accountName)}*`;
  if (deal.source === 'csv') {
    return refusal(
      `⚠️ ${name}’s deal comes from the CSV import: change it in the spreadsheet and import it again. Nothing was changed here.`,
    );
  }
  const link = recordLink(deal.url, deal.source);
  const there = link === null ? 'change it there' : `change it there (${link})`;
  return refusal(
    `⚠️ ${name}’s deal comes from ${crmLabel(deal.source)}: ${there}. Figures update at the next sync. Nothing was changed here.`,
  );
}

/** Manual deal entry is off and a CRM feeds the team: deals are recorded in the CRM. */
export function manualOffRefusal(sources: readonly CrmSourceKind[]): Reply {
  return refusal(
    `⚠️ Deals come from ${crmLabels(sources)} for this team: record it there, and the figures update at the next sync. Nothing was changed here.`,
    'A manager turned typed deals off (`/focus crm manual on` turns them back on).',
  );
}

/** The confirmation of `/focus crm manual on|off`. */
export function manualDealsSetReply(on: boolean, feeding: readonly CrmSourceKind[]): Reply {
  const text = on
    ? '✅ Manual deal entry is *on*: reps can type `won`, `lost` and `opp` again, except on accounts whose deal comes from the CRM.'
    : feeding.length > 0
      ? `✅ Manual deal entry is *off*: deals come only from ${crmLabels(feeding)}, and reps’ \`won\`, \`lost\` and \`opp\` are refused.`
      : '✅ Manual deal entry is *off*. No CRM feeds this team yet, so reps can still type deals until one does.';
  const note = on ? '`/focus crm manual off` turns it off.' : '`/focus crm manual on` turns it back on.';
  return { text: stripMrkdwn(`${text} ${note}`), blocks: [section(text), context([note])] };
}
