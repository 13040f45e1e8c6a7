/**
 * What `/focus target`, `/focus plan` and `/focus icp` show when typed alone: the rep's targets and how they
 * stand, today's plan, and the accounts waiting for an ICP answer (with buttons). Each says how to change it.
 */
import type { KnownBlock } from '@slack/types';
import type { TargetStatus } from '../../domain/gap.js';
import { ACTIONS } from '../ids.js';
import { context, plainMrkdwn, type Reply, section, stripMrkdwn } from './blocks.js';
import { friendlyDate } from './dates.js';
import { targetLine } from './gap-card.js';
import { classifyQuestion } from './questions.js';

/** Accounts asked about at once: two blocks each keeps the reply far inside a message's 50. */
export const ICP_LIST_AT_ONCE = 10;

export function targetsReply(targets: readonly TargetStatus[]): Reply {
  if (targets.length === 0) {
    return reply('You have no activity targets yet.', [
      'Set one as a count per day or week, e.g. `/focus target meeting 8/week` or `/focus target call 10/day`.',
    ]);
  }
  return reply(`*Your targets*\n${targets.map(capitalisedTargetLine).join('\n')}`, [
    'Counted: work on accounts that fit your ICP or are not classified yet. Pace counts your working days so far.',
    'Change one: `/focus target meeting 10/week`; `0` removes it (`/focus target meeting 0/week`).',
  ]);
}

export function planReply(today: string, plan: readonly { text: string; done: boolean }[]): Reply {
  const day = friendlyDate(today);
  if (plan.length === 0) {
    return reply(`No plan for today (${day}) yet.`, [
      'Set one, items separated by ;, e.g. `/focus plan Call Initech; Send Umbrella proposal`, or answer the morning check-in in our DM.',
    ]);
  }
  // Plan items are kept as Slack sent them: already-escaped mrkdwn, mentions intact.
  const lines = plan.map((item) => `${item.done ? '✅' : '☐'} ${item.text}`).join('\n');
  const done = plan.filter((item) => item.done).length;
  return reply(`*Today’s plan* (${day}): ${done} of ${plan.length} done\n${lines}`, [
    'Tick items off in the evening reflection or on the Home tab. A new `/focus plan …` replaces it.',
  ]);
}

/** The accounts waiting, as read: `capped` when the read stopped at its limit, so there may be more. */
export interface WaitingAccounts {
  accounts: readonly { id: number; name: string }[];
  capped: boolean;
}

/**
 * The accounts the rep works whose fit is not set, each with its two buttons. `answer` (what the last press
 * did) leads when the list is redrawn after one.
 */
export function icpListReply({ accounts, capped }: WaitingAccounts, answer?: string): Reply {
  const lead: KnownBlock[] = answer ? [section(answer)] : [];
  if (accounts.length === 0) {
    const text = answer ? 'That was the last one waiting.' : 'No accounts are waiting for an ICP answer.';
    const note =
      'Accounts with your open deals or this week’s activity all have their fit set. Change one any time: `/focus icp Acme Corp yes` (or `no`).';
    return {
      text: stripMrkdwn(`${answer ?? ''} ${text} ${note}`.trim()),
      blocks: [...lead, section(text), context([note])],
    };
  }
  const shown = accounts.slice(0, ICP_LIST_AT_ONCE);
  // A count the read may have cut short is said as "at least".
  const count = capped ? `At least ${accounts.length} accounts are` : `${accounts.length} accounts are`;
  const heading = `*${accounts.length === 1 && !capped ? 'One account is' : count} waiting for an ICP answer*`;
  const blocks: KnownBlock[] = [
    ...lead,
    section(`${heading}\nUntil you answer, their deals count and their work counts toward targets.`),
  ];
  for (const account of shown) blocks.push(...icpListQuestion(account));
  const more = accounts.length - shown.length;
  const notes = ['Or type it: `/focus icp Acme Corp yes` (or `no`).'];
  if (more > 0 || capped) {
    notes.unshift(`${capped ? 'More' : `${more} more`} after these: they appear here as you answer.`);
  }
  blocks.push(context(notes));
  const names = shown.map((account) => plainMrkdwn(account.name)).join(', ');
  return { text: stripMrkdwn(`${answer ? `${answer} ` : ''}Waiting for an ICP answer: ${names}.`), blocks };
}

function icpListQuestion(account: { id: number; name: string }): KnownBlock[] {
  return classifyQuestion(account, { fits: ACTIONS.icpListFits, outside: ACTIONS.icpListOutside });
}

/** The card's target line ("🔻 calls: 1 of 10 …"), as a line of its own: "🔻 Calls: 1 of 10 …". */
function capitalisedTargetLine(target: TargetStatus): string {
  return targetLine(target).replace(
    /^(\S+ )(\p{Ll})/u,
    (_all, mark: string, letter: string) => mark + letter.toUpperCase(),
  );
}

function reply(text: string, notes: readonly string[]): Reply {
  return { text: stripMrkdwn(`${text} ${notes.join(' ')}`), blocks: [section(text), context(notes)] };
}
