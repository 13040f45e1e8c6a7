/** What a rep is told when a manager sets or changes their quota, and why a person cannot carry one. */
import type { Period } from '../../domain/period.js';
import type { NotAMemberReason } from '../membership.js';
import { context, escapeMrkdwn, type Reply, section, simpleReply, stripMrkdwn } from './blocks.js';
import { wholeMoney } from './format.js';

export interface QuotaChange {
  /** The rep whose quota changed, and the manager who changed it. */
  repUserId: string;
  managerUserId: string;
  period: Pick<Period, 'label' | 'range'>;
  /** The quota in effect for the period before (null: none), and whether it was carried from an earlier one. */
  beforeCents: number | null;
  beforeCarried: boolean;
  afterCents: number;
  currency: string;
}

/** "<@UMGR> changed your quota for Q4 2026 (Oct 1 – Dec 31, 2026): $100,000 → $120,000." */
export function quotaNotice(change: QuotaChange): Reply {
  const after = wholeMoney(change.afterCents, change.currency);
  const when = `${change.period.label} (${change.period.range})`;
  const line =
    change.beforeCents === null
      ? `<@${change.managerUserId}> set your quota for ${when}: *${after}* (new: you had no quota for it).`
      : `<@${change.managerUserId}> changed your quota for ${when}: ${wholeMoney(change.beforeCents, change.currency)} → *${after}*${
          change.beforeCarried ? ' (the old amount was carried over from an earlier period)' : ''
        }.`;
  const note = 'Your card, check-ins and pace use it from now on. `/focus` shows your gap.';
  return { text: stripMrkdwn(`${line} ${note}`), blocks: [section(line), context([note])] };
}

const QUOTA_FORM = '/focus quota <amount> [month|quarter|year] [@rep]';

/** Why `who` cannot carry a quota, as a sentence (who: a mention in a reply, "That person" in a form). */
export function notAMemberProblem(reason: NotAMemberReason, who: string): string {
  switch (reason) {
    case 'not_found':
      return `${who} isn’t a member of this workspace, so they can’t carry a quota. Nothing was changed.`;
    case 'deleted':
      return `${who} has been deactivated in Slack, so they can’t carry a quota. Nothing was changed.`;
    case 'bot':
      return `${who} is a bot or an app, not a person, so it can’t carry a quota. Nothing was changed.`;
    case 'stranger':
      return `${who} belongs to another workspace, so they can’t carry a quota here. Nothing was changed.`;
    case 'unconfirmed':
      return `Slack didn’t confirm in time that ${who} is an active member of this workspace, so nothing was changed. Please try again in a moment.`;
  }
}

/**
 * The refusal for `/focus quota … @rep` naming someone who cannot carry a quota. The ID is shown as code, not as a
 * mention: Slack cannot render a mention of someone it does not know. IDs are checked (`U…`/`W…`) by the parser.
 */
export function notAMemberReply(reason: NotAMemberReason, userId: string): Reply {
  const who = reason === 'not_found' ? `\`${userId}\`` : `<@${userId}>`;
  const reply = simpleReply(
    `⚠️ ${notAMemberProblem(reason, who)}`,
    `Right form: \`${escapeMrkdwn(QUOTA_FORM)}\`, with the rep picked from Slack’s @ menu.`,
  );
  return { ...reply, refused: true };
}
