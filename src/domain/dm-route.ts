/**
 * How a message typed in the bot's DM is taken. One rule, told back to the rep:
 * - While the evening reflection or the morning check-in waits for an answer, a message
 *   is that answer (the reflection first), unless it is plainly a command: one line that
 *   parses completely as a command that records something (`won 12k Initech Corp`, `opp 40k
 *   Globex`, `log call 3`), or a bare `help`, `team`, `settings`, `plan`, `target`, `icp`,
 *   `resume`. That runs as the
 *   command, the reply says so, and the prompt keeps waiting.
 * - Otherwise a message is a command without the slash (`log call 3 Acme`, `won 12k
 *   Initech`); anything else gets a hint, and nothing is saved.
 * "Plainly" is strict where a sentence could parse: a win or an opportunity needs an amount of $100 or more
 * and a name a company could have (not "new logos, great day"); `Lost focus after lunch` is `lost` only
 * when "focus after lunch" is an account with an open deal of the rep's, and `Log calls
 * earlier in the day` is `log` only when it gives a count or names a known account. `plan`
 * while a prompt waits is always the answer, so "Plan better tomorrow" stays a reflection.
 */
import type { LocalDate } from './calendar.js';
import type { Command } from './command.js';
import { parseCommand, startsWithCommand, stripFocusPrefix } from './parse-command.js';

export type PendingPrompt = { kind: 'reflection' | 'checkin'; date: LocalDate } | null;

export type DmRoute =
  | { as: 'command'; text: string; while?: NonNullable<PendingPrompt> }
  | { as: 'reflection'; date: LocalDate; text: string }
  | { as: 'plan'; date: LocalDate; text: string }
  | { as: 'unknown' };

/** What the route asks of the rep's accounts, to tell a command from a sentence that happens to parse. */
export interface AccountsSeen {
  /** An account of the team by this name (or one the rep surely means). */
  isKnown(name: string): boolean;
  /** One of the rep's own open deals is on an account by this name. */
  hasOpenDeal(name: string): boolean;
}

export const MAX_REFLECTION_LENGTH = 3000;

/** Below this a "won" or "opp" while a prompt waits is read as a sentence (`won 2 deals today`). */
const MIN_DEAL_CENTS = 100_00;
/** More words than this is a sentence, not a company name. */
const MAX_NAME_WORDS = 6;
/** A comma in a company name comes before its legal form: `Globex, Inc.`. */
const COMMA_BEFORE_SUFFIX =
  /,\s*(?:inc|corp|co|ltd|llc|llp|gmbh|plc|sa|ag|bv|nv|pty|limited|corporation|company)\b\.?/gi;
/** Small words that start a phrase, not a company, when typed in lower case: "in the raffle", "of my calls". */
const PHRASE_START = new Set(
  'a an the in on of at to for with my our their his her new more some all and or but about from by after before'.split(
    ' ',
  ),
);

/** Whether the text could be a company's name rather than the rest of a sentence. */
function nameLike(name: string): boolean {
  const words = name.split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0 || words.length > MAX_NAME_WORDS) return false;
  if (name.replace(COMMA_BEFORE_SUFFIX, '').includes(',')) return false;
  const first = words[0] ?? '';
  return !PHRASE_START.has(first);
}

/** No account looked up: for a caller with nothing waiting, where any command runs anyway. */
const NO_ACCOUNTS: AccountsSeen = { isKnown: () => false, hasOpenDeal: () => false };

export function routeDmMessage(text: string, pending: PendingPrompt, accounts: AccountsSeen = NO_ACCOUNTS): DmRoute {
  const trimmed = text.trim();
  if (/^help$/i.test(trimmed)) return { as: 'command', text: 'help' };
  if (pending !== null) {
    const command = plainCommand(trimmed, accounts);
    if (command !== null) return { as: 'command', text: command, while: pending };
    if (pending.kind === 'reflection') return { as: 'reflection', date: pending.date, text: trimmed };
    return { as: 'plan', date: pending.date, text: trimmed };
  }
  if (startsWithCommand(text)) return { as: 'command', text: stripFocusPrefix(text).trim() };
  return { as: 'unknown' };
}

/** The command text when the message is plainly a command even though a prompt waits; else null. */
function plainCommand(text: string, accounts: AccountsSeen): string | null {
  if (text.includes('\n') || !startsWithCommand(text)) return null;
  const commandText = stripFocusPrefix(text).trim();
  const parsed = parseCommand(commandText);
  if (!parsed.ok) return null;
  return isPlainly(parsed.command, commandText, accounts) ? commandText : null;
}

function isPlainly(command: Command, text: string, accounts: AccountsSeen): boolean {
  switch (command.kind) {
    // A deal: an amount a deal could be and a name a company could have. "Won 3 new logos, great day"
    // parses ($3 on "new logos, great day") but is a sentence.
    case 'won':
    case 'opp':
      return command.amountCents >= MIN_DEAL_CENTS && nameLike(command.account);
    case 'icp':
      return nameLike(command.account);
    // A rate, a date, a channel, a country: a sentence does not parse as these.
    case 'quota':
    case 'target':
    case 'holidays':
    case 'pause':
    case 'channel':
    case 'crm':
      return true;
    case 'lost':
      return accounts.hasOpenDeal(command.account);
    case 'log':
      // `log call 3 …` gives a count; otherwise the account must be one the team has.
      return /^log\s+\S+\s+\d/i.test(text) || command.account === null || accounts.isKnown(command.account);
    // Taking nothing after the keyword, they parse only when typed alone (`target`, `icp` alone show the lists).
    case 'show':
    case 'team':
    case 'settings':
    case 'resume':
      return true;
    // The answer itself (a plan); `help` takes any words after it (bare `help` is routed before).
    default:
      return false;
  }
}
