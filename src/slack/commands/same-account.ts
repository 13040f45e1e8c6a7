import { randomBytes } from 'node:crypto';
/**
 * "One account, one name": a won / lost / opp / log / icp whose account name is not a known account but
 * closely matches one (name-match.ts) is not written; the reply asks with buttons instead. Each button's
 * value carries the whole command and the choice (a known account, or a new one), so nothing is stored
 * half-done; actions/same-account.ts finishes it when pressed.
 */
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { Account } from '../../db/accounts.js';
import type { Deal } from '../../db/deals.js';
import { ACTIVITY_KINDS, type Command, MAX_ACCOUNT_LENGTH } from '../../domain/command.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { actions, button, context, LIMITS, plainMrkdwn, type Reply, section, stripMrkdwn } from '../views/blocks.js';
import { wholeMoney } from '../views/format.js';
import type { CommandContext } from './context.js';

/** The commands that name an account and may be asked about. */
export type NamingCommand = Extract<Command, { kind: 'won' | 'lost' | 'opp' | 'log' | 'icp' }>;

const account = z
  .string()
  .min(1)
  .max(MAX_ACCOUNT_LENGTH * 4);
const cents = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A win's date travels resolved (YYYY-MM-DD), so a button pressed after midnight keeps the day the rep meant. */
const wonOn = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const closeWords = z.object({
  words: z.object({ year: z.number().int().nullable(), month: z.number().int(), day: z.number().int() }),
  typed: z.string().max(100),
});

const commandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('won'), amountCents: cents, account, wonOn }),
  z.object({ kind: z.literal('lost'), account }),
  z.object({ kind: z.literal('opp'), amountCents: cents, account, close: closeWords.optional() }),
  z.object({ kind: z.literal('log'), activity: z.enum(ACTIVITY_KINDS), count: z.number().int().min(1), account }),
  z.object({ kind: z.literal('icp'), account, fit: z.enum(['yes', 'no']) }),
]);

/** What a button carries: who was asked and when, the command, and the choice. */
export const sameAccountValue = z.object({
  /** The rep asked: only they may answer. */
  user: z.string().min(1).max(40),
  /** When the question was asked (epoch ms): a question older than a day is not answered. */
  at: z.number().int().nonnegative(),
  /** The question's own id, the same on all its buttons: the first press answers it, any later one is refused. */
  question: z.string().regex(/^[A-Za-z0-9_-]{8,32}$/),
  command: commandSchema,
  /** The known account chosen; absent: "a new account". */
  accountId: z.number().int().positive().optional(),
  /** The open deal the question named (close as won, update, mark lost): it must still be that one. */
  dealId: z.number().int().positive().optional(),
});

export type SameAccountValue = z.infer<typeof sameAccountValue>;
export type AskedCommand = SameAccountValue['command'];

/** The command as the button carries it (a win's date resolved to `wonOn`). */
function carried(command: NamingCommand, resolvedWonOn: string): AskedCommand | null {
  switch (command.kind) {
    case 'won':
      return { kind: 'won', amountCents: command.amountCents, account: command.account, wonOn: resolvedWonOn };
    case 'opp':
      return {
        kind: 'opp',
        amountCents: command.amountCents,
        account: command.account,
        ...(command.close ? { close: command.close } : {}),
      };
    case 'log':
      return command.account === null
        ? null
        : { kind: 'log', activity: command.activity, count: command.count, account: command.account };
    case 'icp':
      return { kind: 'icp', account: command.account, fit: command.fit };
    case 'lost':
      return { kind: 'lost', account: command.account };
  }
}

interface Candidate {
  account: Account;
  open: Deal | undefined;
}

/**
 * The question to ask instead of running `command`, or null when its account name is known exactly or like
 * no other (then the command runs as typed). `wonOn`: a win's resolved date.
 */
export async function askAboutNearName(
  ctx: CommandContext,
  command: NamingCommand,
  wonOnDate = '',
): Promise<Reply | null> {
  const asked = carried(command, wonOnDate || ctx.clock.local.date);
  if (asked === null) return null;
  const near = await ctx.store.accounts.nearAccounts(ctx.teamId, asked.account);
  let candidates: Candidate[] = [];
  for (const found of near) {
    candidates.push({ account: found, open: await ctx.store.deals.newestOpenDeal(ctx.teamId, ctx.userId, found.id) });
  }
  // Only an account with an open deal of the rep's can be marked lost.
  if (asked.kind === 'lost') candidates = candidates.filter((c) => c.open !== undefined);
  if (candidates.length === 0) return null;
  // A win or an update goes first to the near account whose open deal it would close or change.
  if (asked.kind === 'won' || asked.kind === 'opp') {
    candidates = [...candidates.filter((c) => c.open), ...candidates.filter((c) => !c.open)];
  }
  return questionReply(ctx, asked, candidates);
}

function questionReply(ctx: CommandContext, asked: AskedCommand, candidates: Candidate[]): Reply {
  const money = (amount: number) => wholeMoney(amount, ctx.team.currency);
  const typed = plainMrkdwn(asked.account);
  const question = randomBytes(9).toString('base64url');
  const valueFor = (choice: { accountId?: number; dealId?: number }) =>
    buttonValue({ user: ctx.userId, at: ctx.clock.now, question, command: asked, ...choice });
  const [first] = candidates;
  const asking = first ? questionText(asked, first, money) : '';
  const others = candidates.slice(1).map((c) => `*${plainMrkdwn(c.account.name)}*`);
  const lines = [asking];
  if (others.length > 0) lines.push(`Or did you mean ${others.join(' or ')}?`);
  if (asked.kind === 'lost') lines.unshift(`There is no account called *${typed}*.`);
  const actsOnDeal = asked.kind === 'won' || asked.kind === 'opp' || asked.kind === 'lost';
  const buttons = candidates.map((candidate, index) =>
    button({
      text: pickText(asked, candidate, money),
      actionId: `${ACTIONS.sameAccountPick}:${index}`,
      // The deal travels only where the answer acts on it (close, update, mark lost), to be checked still open.
      value: valueFor({ accountId: candidate.account.id, dealId: actsOnDeal ? candidate.open?.id : undefined }),
      ...(index === 0 ? { style: 'primary' as const } : {}),
    }),
  );
  if (asked.kind !== 'lost') {
    buttons.push(
      button({ text: `No, ${asked.account} is a new account`, actionId: ACTIONS.sameAccountNew, value: valueFor({}) }),
    );
  }
  const note = 'Nothing is saved until you choose.';
  const blocks: KnownBlock[] = [section(lines.join('\n')), actions(BLOCKS.sameAccount, buttons), context([note])];
  return { text: stripMrkdwn(`${lines.join(' ')} ${note}`), blocks };
}

function questionText(asked: AskedCommand, first: Candidate, money: (cents: number) => string): string {
  const name = `*${plainMrkdwn(first.account.name)}*`;
  const open = first.open;
  if (open && asked.kind === 'won')
    return `${name} has an open ${money(open.amountCents)} opportunity: close it as won?`;
  if (open && asked.kind === 'opp') {
    return `${name} has an open ${money(open.amountCents)} opportunity: update it to ${money(asked.amountCents)}?`;
  }
  if (open && asked.kind === 'lost') return `Did you mean ${name} (${money(open.amountCents)} open)?`;
  return `Did you mean ${name}?`;
}

/** The button for a known account, in the words of what it will do. */
function pickText(asked: AskedCommand, candidate: Candidate, money: (cents: number) => string): string {
  const name = candidate.account.name;
  const open = candidate.open;
  switch (asked.kind) {
    case 'won':
      return open ? `Yes, close ${name} as won` : `Record the win on ${name}`;
    case 'opp':
      return open ? `Yes, update ${name}` : `Add it to ${name}`;
    case 'lost':
      return `Mark ${name}'s ${money(open?.amountCents ?? 0)} deal lost`;
    case 'log':
      return `Log it on ${name}`;
    case 'icp':
      return `Mark ${name} ${asked.fit === 'yes' ? 'a fit' : 'outside the ICP'}`;
  }
}

function buttonValue(value: SameAccountValue): string {
  const text = JSON.stringify(value);
  // An 80-character name and its command fit with room to spare; never send a value Slack would refuse.
  if (text.length > LIMITS.buttonValue) throw new RangeError('same-account button value too long');
  return text;
}
