/**
 * The `/focus` command reference (DESIGN.md) as types: what a parsed command is, the
 * limits on its parts, and the right form of each subcommand. The parser is parse-command.ts.
 */
import type { DateWords } from './date-words.js';
import type { TypedPastDate } from './past-date.js';

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'demo', 'proposal'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export type IcpFit = 'yes' | 'no' | 'unknown';

/** A date as the rep typed it (`3/15`), resolved against their local today by the handler. */
export interface TypedDate {
  words: DateWords;
  typed: string;
}

export type Command =
  | { kind: 'status' }
  | { kind: 'help' }
  | { kind: 'quota'; amountCents: number; period: PeriodKind | null; repUserId: string | null; currency?: string }
  | ({ kind: 'won'; amountCents: number; account: string; currency?: string; on?: TypedPastDate } & AccountChoice)
  | { kind: 'lost'; account: string }
  | ({ kind: 'opp'; amountCents: number; account: string; currency?: string; close?: TypedDate } & AccountChoice)
  | ({ kind: 'log'; activity: ActivityKind; count: number; account: string | null } & AccountChoice)
  | { kind: 'target'; activity: ActivityKind; count: number; per: 'day' | 'week' }
  | ({ kind: 'icp'; account: string; fit: 'yes' | 'no' } & AccountChoice)
  | { kind: 'plan'; items: string[] }
  | { kind: 'team' }
  | { kind: 'settings' }
  | { kind: 'pause'; until: string }
  | { kind: 'resume' }
  | { kind: 'channel'; channelId: string }
  /** `target`, `plan` or `icp` typed alone: the rep's targets, today's plan, the accounts waiting for a fit. */
  | { kind: 'show'; what: 'target' | 'plan' | 'icp' }
  | { kind: 'holidays'; action: HolidaysAction }
  /** The rep's burn-up and 8-week ICP mix, as PNG files in their DM. */
  | { kind: 'chart' }
  /** The CRM connection (managers see the detail); `manual` turns the team's manual deal entry on or off. */
  | { kind: 'crm'; action: CrmAction };

/** `/focus crm`: show the connection; `/focus crm manual on|off`: whether reps may still type deals. */
export type CrmAction = { op: 'show' } | { op: 'manual'; on: boolean };

/**
 * `/focus holidays`: show the calendar; set the team's country (null: no public holidays); add or remove a
 * company day off; work a public holiday (`remove` undoes it); or a rep's own country (null: back to the team's).
 */
export type HolidaysAction =
  | { op: 'show' }
  | { op: 'country'; country: string | null; region: string | null }
  | { op: 'add'; date: string; name: string }
  | { op: 'remove'; date: string }
  | { op: 'work'; date: string }
  | { op: 'mine'; country: string | null; region: string | null };

/** The subcommands as typed and documented (USAGE); `show` is the no-argument form of three of them. */
export type CommandName = Exclude<Command['kind'], 'show'>;

/**
 * Never typed: set when the rep answered "No, <name> is a new account" (or picked “Add …” in a form), so a name
 * that closely matches a known account is written as a new one instead of asked about again.
 */
export interface AccountChoice {
  asNew?: true;
}

/** What went wrong, and the right form with an example, ready to show the user. */
export interface CommandError {
  message: string;
  usage: string;
  example: string;
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: CommandError };

/** Longest `/focus` command; longer text is still read (up to MAX_READ_LENGTH) to name a field at fault. */
export const MAX_COMMAND_LENGTH = 2000;
/** Longest text read at all: beyond it only the keyword is looked at. */
export const MAX_READ_LENGTH = 20_000;
export const MAX_ACCOUNT_LENGTH = 80;
export const MAX_PLAN_ITEMS = 10;
export const MAX_PLAN_ITEM_LENGTH = 200;
export const MAX_LOG_COUNT = 500;
export const MAX_TARGET_COUNT = 1000;

export const USAGE: Record<CommandName, { usage: string; example: string }> = {
  status: { usage: '/focus', example: '/focus' },
  help: { usage: '/focus help', example: '/focus help' },
  quota: { usage: '/focus quota <amount> [month|quarter|year] [@rep]', example: '/focus quota 120k quarter' },
  won: { usage: '/focus won <amount> <account> [on <date>]', example: '/focus won 24.5k Acme Corp on friday' },
  lost: { usage: '/focus lost <account>', example: '/focus lost Acme Corp' },
  opp: { usage: '/focus opp <amount> <account> [close <date>]', example: '/focus opp 50k Globex close 3/15' },
  log: {
    usage: '/focus log <call|email|meeting|demo|proposal> [count] [account]',
    example: '/focus log call 3 Acme Corp',
  },
  target: {
    usage: '/focus target <call|email|meeting|demo|proposal> <count>/<day|week>',
    example: '/focus target meeting 8/week',
  },
  icp: { usage: '/focus icp <account> yes|no', example: '/focus icp Acme Corp yes' },
  plan: {
    usage: '/focus plan <item>; <item>; <item>',
    example: '/focus plan Call Acme about renewal; Demo for Globex; Send Initech proposal',
  },
  team: { usage: '/focus team', example: '/focus team' },
  settings: { usage: '/focus settings', example: '/focus settings' },
  pause: { usage: '/focus pause <YYYY-MM-DD>', example: '/focus pause 2026-12-24' },
  resume: { usage: '/focus resume', example: '/focus resume' },
  channel: { usage: '/focus channel <#channel>', example: '/focus channel #sales-team' },
  holidays: {
    usage:
      '/focus holidays [country <code> [region] | add <YYYY-MM-DD> <name> | work <YYYY-MM-DD> | remove <YYYY-MM-DD> | mine <code> [region]|team]',
    example: '/focus holidays country US CA',
  },
  chart: { usage: '/focus chart', example: '/focus chart' },
  crm: { usage: '/focus crm [manual on|off]', example: '/focus crm manual off' },
};
