/**
 * The one parser of the `/focus` grammar (DESIGN.md, "The command reference"), for slash
 * commands and for the same commands typed in the bot's DM.
 * Pure: text in, a typed command or an error carrying the right form out.
 */

import { collapseSpaces, normaliseAccountName } from './account-name.js';
import { parseLocalDate } from './calendar.js';
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  type Command,
  type CommandName,
  MAX_ACCOUNT_LENGTH,
  MAX_COMMAND_LENGTH,
  MAX_LOG_COUNT,
  MAX_PLAN_ITEM_LENGTH,
  MAX_PLAN_ITEMS,
  MAX_READ_LENGTH,
  MAX_TARGET_COUNT,
  type ParseResult,
  type PeriodKind,
  type TypedDate,
  USAGE,
} from './command.js';
import { looksLikeDate, parseDateWords } from './date-words.js';
import { parseMoney } from './money.js';
import { parseHolidays } from './parse-holidays.js';
import { splitWinDate, type TypedPastDate } from './past-date.js';
import { nearestKeyword } from './suggest.js';
import { decodeSlackEntities, quote } from './text.js';

// ---------------------------------------------------------------------------------------------
// The parser. Each subcommand has a small parser from "the text after the keyword" to a Command
// or a problem sentence; parseCommand adds that subcommand's usage and example to problems.
//
// Text conventions: account names come out as plain text (Slack's `&amp;`, `&lt;`, `&gt;` decoded,
// link escapes reduced to their label), because they are data shared with modal input. Plan items
// keep the text as Slack sent it (mentions and entities intact), ready to show back in mrkdwn.
// Error messages quote user text verbatim (cut to ~40 characters): escape them when rendering.
// ---------------------------------------------------------------------------------------------

/** Length in code points, so a simple emoji counts once rather than as two UTF-16 units. */
function charCount(text: string): number {
  return Array.from(text).length;
}

// --- Small results -----------------------------------------------------------------------------

type Problem = { problem: string };
type Step<T> = { value: T } | Problem;
type Outcome = Command | Problem;

const problem = (text: string): Problem => ({ problem: text });
const isProblem = (value: object): value is Problem => 'problem' in value;

/** Split off the first whitespace-separated word; `rest` keeps its inner layout (plan needs newlines). */
function firstWord(text: string): { word: string; rest: string } | null {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? { word: match[1] ?? '', rest: match[2] ?? '' } : null;
}

/** Words, keeping a Slack escape such as `<@U123|Ann Lee>` whole even when its label has spaces. */
function words(text: string): string[] {
  return text.match(/<[^<>]*>|[^\s<]+|</g) ?? [];
}

// --- Amounts, accounts, activities -------------------------------------------------------------

/** A currency code or symbol on its own: `USD`, `$`, `CA$`. */
const CURRENCY_ONLY = /^(?:[a-z]{3}|[a-z]{0,2}\p{Sc})$/iu;

/**
 * The amount at the start of `text`: the first word, or the first two or three when the first is only
 * a currency (`USD 1,200`, `$ 120k`). The shortest readable prefix wins, so `won 1200 EUR Corp`
 * is 1200 for the account "EUR Corp".
 */
function takeAmount(text: string): Step<{ cents: number; currency?: string; rest: string }> {
  const ends = Array.from(text.matchAll(/\S+/g), (m) => m.index + m[0].length).slice(0, 3);
  const failures: { candidate: string; reason: string }[] = [];
  for (const end of ends) {
    const candidate = text.slice(0, end);
    const parsed = parseMoney(candidate);
    if (parsed.ok) return { value: { cents: parsed.cents, currency: parsed.currency, rest: text.slice(end) } };
    failures.push({ candidate, reason: parsed.reason });
  }
  // When the first word is only a currency (`$ -5k`), '‘$’ is not an amount' would mislead: say what
  // was wrong with the currency and number together.
  const onlyCurrency = CURRENCY_ONLY.test(failures[0]?.candidate.trim() ?? '');
  const best = (onlyCurrency ? failures[1] : undefined) ?? failures[0];
  return problem(best?.reason ?? 'it needs an amount, like 120k or $120,000');
}

/**
 * Slack link escapes become their label (`<http://acme.com|acme.com>` → acme.com), or the address. Only a
 * real link (a scheme, then `:`) is one: `<script>` typed raw stays as typed (Slack itself sends typed `<`
 * as `&lt;`, but a client or test that does not must not lose characters).
 */
function unwrapLinks(text: string): string {
  return text.replace(
    /<([a-z][a-z0-9+.-]*:[^<>|\s]*)(?:\|([^<>]*))?>/gi,
    (_all, url: string, label: string | undefined) =>
      label !== undefined && label !== '' ? label : url.replace(/^(?:https?:\/\/|mailto:)/i, ''),
  );
}

/** An account name typed anywhere (a modal too): the tidied name, or what is wrong with it. */
export function parseAccountName(raw: string): { ok: true; name: string } | { ok: false; problem: string } {
  const parsed = parseAccount(raw);
  return isProblem(parsed) ? { ok: false, problem: parsed.problem } : { ok: true, name: parsed.value };
}

function parseAccount(raw: string): Step<string> {
  const text = decodeSlackEntities(unwrapLinks(raw));
  if (/[\r\n\u2028\u2029]/.test(text.trim())) return problem('account names must fit on one line');
  if (/<[@#!]/.test(text)) return problem('account names can’t contain @mentions, #channels or @here');
  const name = normaliseAccountName(text);
  if (name === '') return problem('it needs an account name');
  // Every control character (C0, DEL and C1, e.g. U+0085 NEXT LINE), not just the ASCII ones.
  if (/\p{Cc}/u.test(name)) return problem('account names can’t contain control characters');
  const length = charCount(name);
  if (length > MAX_ACCOUNT_LENGTH) {
    return problem(
      `Account names stop at ${MAX_ACCOUNT_LENGTH} characters (this one has ${length.toLocaleString('en-US')}): use a shorter form of ${quote(name)}`,
    );
  }
  return { value: name };
}

const ACTIVITY_WORDS = new Map<string, ActivityKind>(
  ACTIVITY_KINDS.flatMap((kind): [string, ActivityKind][] => [
    [kind, kind],
    [`${kind}s`, kind],
  ]),
);

const ACTIVITY_LIST = 'call, email, meeting, demo or proposal';

function parseActivity(word: string | undefined): Step<ActivityKind> {
  if (word === undefined) return problem(`it needs an activity: ${ACTIVITY_LIST}`);
  const kind = ACTIVITY_WORDS.get(word.toLowerCase());
  return kind ? { value: kind } : problem(`${quote(word)} isn’t an activity; use ${ACTIVITY_LIST}`);
}

// --- Mentions -----------------------------------------------------------------------------------

const USER_MENTION = /^<@([UW][A-Z0-9]{2,30})(?:\|[^<>]*)?>$/;
const CHANNEL_MENTION = /^<#([CG][A-Z0-9]{2,30})(?:\|[^<>]*)?>$/;

// --- Subcommand parsers -------------------------------------------------------------------------

const PERIOD_WORDS = new Map<string, PeriodKind>([
  ['month', 'month'],
  ['monthly', 'month'],
  ['quarter', 'quarter'],
  ['quarterly', 'quarter'],
  ['q', 'quarter'],
  ['qtr', 'quarter'],
  ['year', 'year'],
  ['yearly', 'year'],
  ['annual', 'year'],
  ['annually', 'year'],
  ['fy', 'year'],
]);

function parseQuota(rest: string): Outcome {
  const lead = firstWord(rest)?.word ?? '';
  if (PERIOD_WORDS.has(lead.toLowerCase()) || USER_MENTION.test(lead) || lead.startsWith('@')) {
    return problem(`start with the amount, then the period or @rep: ${quote(lead)} came first`);
  }
  const amount = takeAmount(rest);
  if (isProblem(amount)) return amount;
  let period: PeriodKind | null = null;
  let repUserId: string | null = null;
  for (const word of words(amount.value.rest)) {
    const asPeriod = PERIOD_WORDS.get(word.toLowerCase());
    const asRep = USER_MENTION.exec(word)?.[1];
    if (asPeriod !== undefined) {
      if (period !== null) return problem(`give one period, not ${quote(period)} and ${quote(word)}`);
      period = asPeriod;
    } else if (asRep !== undefined) {
      if (repUserId !== null) return problem('set one rep’s quota at a time');
      repUserId = asRep;
    } else if (word.startsWith('@')) {
      return problem(`${quote(word)} isn’t a mention: pick the person from Slack’s @ menu so it arrives as one`);
    } else {
      return problem(`${quote(word)} isn’t a period (month, quarter or year) or an @rep`);
    }
  }
  return withCurrency({ kind: 'quota', amountCents: amount.value.cents, period, repUserId }, amount.value.currency);
}

function parseDeal(kind: 'won' | 'opp') {
  return (rest: string): Outcome => {
    const amount = takeAmount(rest);
    if (isProblem(amount)) return amount;
    const split = kind === 'opp' ? splitCloseDate(amount.value.rest) : splitWon(amount.value.rest);
    if (isProblem(split)) return split;
    const account = parseAccount(split.value.account);
    if (isProblem(account)) return account;
    const command = withCurrency(
      { kind, amountCents: amount.value.cents, account: account.value },
      amount.value.currency,
    );
    if ('on' in split.value && split.value.on) return { ...command, on: split.value.on };
    return 'close' in split.value && split.value.close ? { ...command, close: split.value.close } : command;
  };
}

/** `Acme on friday` → the account and the win's date (past-date.ts). */
function splitWon(text: string): Step<{ account: string; on?: TypedPastDate }> {
  const split = splitWinDate(text);
  return 'problem' in split ? problem(split.problem) : { value: split };
}

/** `close`, `closes` or `closing`, optionally `on`, `by` or `date`: where a close date may start. */
const CLOSE_WORD = /\s(?:close|closes|closing)(?:\s+(?:on|by|date))?(?=\s|$)/gi;

/**
 * `Globex close 3/15` → the account and the close date. The keyword is tried from the last one back, so
 * `Close Brothers close 3/15` works; a keyword with nothing after or before it is part of the name
 * (`Fast Close`, `Closing 2 Ltd`),
 * and one followed by what looks like a bad date (`close 3/45`) is refused rather than taken as a name.
 */
function splitCloseDate(text: string): Step<{ account: string; close?: TypedDate }> {
  const padded = ` ${text}`;
  const keywords = Array.from(padded.matchAll(CLOSE_WORD)).reverse();
  for (const keyword of keywords) {
    const typed = collapseSpaces(padded.slice(keyword.index + keyword[0].length));
    // Nothing after it, or no account before it (`Closing 2 Ltd`): part of the name.
    if (typed === '' || padded.slice(0, keyword.index).trim() === '') continue;
    const words = parseDateWords(typed);
    if (words !== null) return { value: { account: padded.slice(0, keyword.index), close: { words, typed } } };
    if (keyword === keywords[0] && looksLikeDate(typed)) {
      return problem(
        `${quote(typed)} isn’t a date; write the close date like close 3/15, close Mar 15 or close 2027-03-15`,
      );
    }
  }
  return { value: { account: text } };
}

/** The currency the rep typed, when they typed one (checked against the team's by the handler). */
function withCurrency<T extends object>(command: T, currency: string | undefined): T & { currency?: string } {
  return currency === undefined ? command : { ...command, currency };
}

function parseLost(rest: string): Outcome {
  const account = parseAccount(rest);
  return isProblem(account) ? account : { kind: 'lost', account: account.value };
}

function parseLog(rest: string): Outcome {
  const first = firstWord(rest);
  const activity = parseActivity(first?.word);
  if (isProblem(activity)) return activity;
  let remainder = first?.rest ?? '';
  let count = 1;
  // A bare number is the count; anything else (`3M`, `7-Eleven`) starts the account.
  const next = firstWord(remainder);
  if (next && /^\d+$/.test(next.word)) {
    count = Number(next.word);
    if (count < 1 || count > MAX_LOG_COUNT) {
      return problem(`the count must be a whole number from 1 to ${MAX_LOG_COUNT}, not ${quote(next.word)}`);
    }
    remainder = next.rest;
  }
  if (remainder.trim() === '') return { kind: 'log', activity: activity.value, count, account: null };
  const account = parseAccount(remainder);
  if (isProblem(account)) return account;
  return { kind: 'log', activity: activity.value, count, account: account.value };
}

/** `8/week`, `8 / week`, `8 per week`, `8/wk`, `2/d`. */
const RATE = /^(\d+)(?:\s*\/\s*|\s+per\s+)(days?|d|weeks?|wks?|w)$/i;

function parseTarget(rest: string): Outcome {
  // Alone, it shows the rep's targets and how they stand.
  if (rest.trim() === '') return { kind: 'show', what: 'target' };
  const first = firstWord(rest);
  const activity = parseActivity(first?.word);
  if (isProblem(activity)) return activity;
  const rateText = collapseSpaces(first?.rest ?? '');
  if (rateText === '') return problem('it needs a count per day or week, like 8/week');
  const rate = RATE.exec(rateText);
  if (!rate) return problem(`${quote(rateText)} isn’t a count per day or week, like 8/week or 2/day`);
  const count = Number(rate[1]);
  if (count > MAX_TARGET_COUNT) {
    return problem(`targets go from 0 (no target) to ${MAX_TARGET_COUNT}, not ${quote(rate[1] ?? '')}`);
  }
  const per = (rate[2] ?? '').toLowerCase().startsWith('d') ? 'day' : 'week';
  return { kind: 'target', activity: activity.value, count, per };
}

const FIT_WORDS = new Map<string, 'yes' | 'no'>([
  ['yes', 'yes'],
  ['y', 'yes'],
  ['no', 'no'],
  ['n', 'no'],
]);

function parseIcp(rest: string): Outcome {
  // Alone, it shows the accounts waiting for an answer.
  if (rest.trim() === '') return { kind: 'show', what: 'icp' };
  const match = /^([\s\S]*?)(\S+)\s*$/.exec(rest);
  if (!match) return problem('it needs an account and yes or no');
  const last = match[2] ?? '';
  const fit = FIT_WORDS.get(last.toLowerCase());
  if (fit === undefined) return problem(`end with yes or no (is the account a fit?), not ${quote(last)}`);
  const account = parseAccount(match[1] ?? '');
  if (isProblem(account)) return account;
  return { kind: 'icp', account: account.value, fit };
}

/** `1.`, `1)`, `-`, `*`, `•` before an item; a space must follow so `1.5x pipeline` stays whole. */
const LIST_MARKER = /^(?:\d{1,3}[.)]|[-*•◦▪–])(?:\s+|$)/;

/** Items end at `;` or a line break, but not at the `;` of Slack's `&amp;`, `&lt;` or `&gt;`. */
const PLAN_SEPARATOR = /(?<!&(?:amp|lt|gt));|[\r\n\u2028\u2029]/;

function parsePlan(rest: string): Outcome {
  // Alone, it shows today's plan.
  if (rest.trim() === '') return { kind: 'show', what: 'plan' };
  const items = rest
    .split(PLAN_SEPARATOR)
    .map((item) => collapseSpaces(collapseSpaces(item).replace(LIST_MARKER, '')))
    .filter((item) => item !== '');
  if (items.length === 0) return problem('it needs at least one item; separate items with ;');
  if (items.length > MAX_PLAN_ITEMS) {
    return problem(`a plan has at most ${MAX_PLAN_ITEMS} items; that one has ${items.length}`);
  }
  for (const item of items) {
    if (charCount(item) > MAX_PLAN_ITEM_LENGTH) {
      return problem(`plan items are at most ${MAX_PLAN_ITEM_LENGTH} characters; ${quote(item)} is longer`);
    }
    // A plan is shown back in Slack; it must never ping a whole channel.
    if (/<!/.test(item)) return problem(`plan items can’t contain @here, @channel or @everyone: ${quote(item)}`);
  }
  return { kind: 'plan', items };
}

/** `team`, `settings`, `resume`, `chart`: the keyword alone. */
function parseBare(kind: 'team' | 'settings' | 'resume' | 'chart') {
  return (rest: string): Outcome => {
    const extra = rest.trim();
    return extra === '' ? { kind } : problem(`${kind} takes nothing after it, not ${quote(extra)}`);
  };
}

function parsePause(rest: string): Outcome {
  const text = rest.trim();
  if (text === '') return problem('it needs the date to pause until, as YYYY-MM-DD');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return problem(`write the date as YYYY-MM-DD, not ${quote(text)}`);
  const until = parseLocalDate(text);
  return until === null ? problem(`${quote(text)} isn’t a real date`) : { kind: 'pause', until };
}

function parseChannel(rest: string): Outcome {
  const found = words(rest);
  const word = found[0];
  if (word === undefined) return problem('it needs a channel: pick one from Slack’s # menu');
  if (found.length > 1) return problem(`give one channel, then nothing else: ${quote(rest)}`);
  const channelId = CHANNEL_MENTION.exec(word)?.[1];
  if (channelId !== undefined) return { kind: 'channel', channelId };
  if (word.startsWith('#')) {
    return problem(`${quote(word)} isn’t a channel link: pick the channel from Slack’s # menu so it arrives as one`);
  }
  return problem(`${quote(word)} isn’t a channel`);
}

const ON_OFF = new Map<string, boolean>([
  ['on', true],
  ['off', false],
]);

/** `crm` alone shows the connection; `crm manual on|off` sets the team's manual deal entry. */
function parseCrm(rest: string): Outcome {
  const found = rest.trim().split(/\s+/).filter(Boolean);
  const [op, setting, ...extra] = found;
  if (op === undefined) return { kind: 'crm', action: { op: 'show' } };
  if (op.toLowerCase() !== 'manual') return problem(`${quote(op)} isn’t a CRM setting; use manual on or manual off`);
  if (setting === undefined) return problem('say whether reps may type deals: manual on or manual off');
  const on = ON_OFF.get(setting.toLowerCase());
  if (on === undefined || extra.length > 0) {
    return problem(`manual deal entry is on or off, not ${quote(found.slice(1).join(' '))}`);
  }
  return { kind: 'crm', action: { op: 'manual', on } };
}

/** Keyword → which subcommand (aliases included) and how to read the rest. A Map, so `constructor` misses. */
const SUBCOMMANDS = new Map<string, { name: CommandName; parse: (rest: string) => Outcome }>([
  ['help', { name: 'help', parse: () => ({ kind: 'help' }) }],
  ['quota', { name: 'quota', parse: parseQuota }],
  ['won', { name: 'won', parse: parseDeal('won') }],
  ['lost', { name: 'lost', parse: parseLost }],
  ['opp', { name: 'opp', parse: parseDeal('opp') }],
  ['opportunity', { name: 'opp', parse: parseDeal('opp') }],
  ['log', { name: 'log', parse: parseLog }],
  ['target', { name: 'target', parse: parseTarget }],
  ['icp', { name: 'icp', parse: parseIcp }],
  ['plan', { name: 'plan', parse: parsePlan }],
  ['team', { name: 'team', parse: parseBare('team') }],
  ['settings', { name: 'settings', parse: parseBare('settings') }],
  ['pause', { name: 'pause', parse: parsePause }],
  ['resume', { name: 'resume', parse: parseBare('resume') }],
  ['channel', { name: 'channel', parse: parseChannel }],
  ['holidays', { name: 'holidays', parse: parseHolidays }],
  ['holiday', { name: 'holidays', parse: parseHolidays }],
  ['chart', { name: 'chart', parse: parseBare('chart') }],
  ['charts', { name: 'chart', parse: parseBare('chart') }],
  ['crm', { name: 'crm', parse: parseCrm }],
]);

/** Problems are phrased to follow "it"; the reply is a sentence of its own, so it starts with a capital. */
function failure(name: CommandName, message: string): ParseResult {
  return { ok: false, error: { message: capitalise(message), ...USAGE[name] } };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A word that is no subcommand: the nearest one's form when it is a slip (`tagret`), else the way to the list. */
function unknownCommand(word: string): ParseResult {
  // `status` is what a bare /focus shows: suggested as `/focus`.
  const keywords = Object.keys(USAGE) as CommandName[];
  const near = nearestKeyword(word, keywords) as CommandName | null;
  if (near === null)
    return failure('help', `There’s no /focus command ${quote(word)}. Try \`/focus help\` for the list.`);
  const command = near === 'status' ? '/focus' : `/focus ${near}`;
  return failure(near, `There’s no /focus command ${quote(word)}. Did you mean \`${command}\`?`);
}

/**
 * Lone surrogates become U+FFFD (as String#toWellFormed does) so nothing downstream chokes on them,
 * and invisible separators become spaces so `help\u200B` is still help.
 */
function cleanInput(text: string): string {
  return text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD').replace(/[\u200B\u2060]/g, ' ');
}

/**
 * Parse the text after `/focus` (or a DM message typed without the slash). Never throws: every input
 * gives a command or an error saying what was wrong, with the subcommand's usage and an example.
 */
export function parseCommand(text: string): ParseResult {
  const input = typeof text === 'string' ? text : '';
  // Over the command limit, a field at fault (a 3,000-character account name) is named with its own
  // limit; only text that is long for no field's reason, or too long to read at all, gets the whole limit.
  const tooLong = () => {
    const keyword = firstWord(input.slice(0, 40))?.word.toLowerCase() ?? '';
    const message = `that’s too long: ${input.length} characters, and commands stop at ${MAX_COMMAND_LENGTH}`;
    return failure(SUBCOMMANDS.get(keyword)?.name ?? 'help', message);
  };
  if (input.length > MAX_READ_LENGTH) return tooLong();

  const parts = firstWord(cleanInput(input));
  if (parts === null) return { ok: true, command: { kind: 'status' } };
  const subcommand = SUBCOMMANDS.get(parts.word.toLowerCase());
  if (subcommand === undefined) return input.length > MAX_COMMAND_LENGTH ? tooLong() : unknownCommand(parts.word);
  const outcome = subcommand.parse(parts.rest);
  if (isProblem(outcome)) return failure(subcommand.name, outcome.problem);
  if (input.length > MAX_COMMAND_LENGTH) return tooLong();
  return { ok: true, command: outcome };
}

/** Whether text begins with a subcommand keyword (`log call 3`, `Won 12k Initech`), optionally after `/focus`. */
export function startsWithCommand(text: string): boolean {
  const parts = firstWord(cleanInput(stripFocusPrefix(text).slice(0, 40)));
  return parts !== null && SUBCOMMANDS.has(parts.word.toLowerCase());
}

/** `/focus log call` typed into the DM works like `log call`. */
export function stripFocusPrefix(text: string): string {
  return text.replace(/^\s*\/focus\b/i, '');
}
