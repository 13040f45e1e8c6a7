/** Every action, block, view and callback ID the app sends or listens for, in one place. */
export const ACTIONS = {
  icpFits: 'icp_fits',
  icpOutside: 'icp_outside',
  /** The plan checkboxes, in the evening reflection and on the Home tab. */
  planDone: 'plan_done',
  /** Home tab buttons, each opening its modal. */
  openLog: 'home_open_log',
  openWin: 'home_open_win',
  openOpp: 'home_open_opp',
  openLost: 'home_open_lost',
  openQuota: 'home_open_quota',
  openTargets: 'home_open_targets',
  openSettings: 'home_open_settings',
  /** "Is this stale deal still real?": a new close date, still on for its date, or lost. */
  staleNewDate: 'stale_new_date',
  staleStillOn: 'stale_still_on',
  staleLost: 'stale_lost',
  /** "Does this account fit your ICP?", asked in the check-in and on Home. */
  classifyFits: 'classify_fits',
  classifyOutside: 'classify_outside',
  /** The same question in `/focus icp`'s list, which is redrawn whole after each answer. */
  icpListFits: 'icp_list_fits',
  icpListOutside: 'icp_list_outside',
  /** Manager-only Home buttons. */
  openRepQuota: 'home_open_rep_quota',
  openTeamSettings: 'home_open_team_settings',
  /** A rep's row on the manager's Home: their card (read only), and the rep-quota form with them picked. */
  openRepCard: 'home_open_rep_card',
  openRepQuotaFor: 'home_open_rep_quota_for',
  /** "Did you mean Globex Corp?": a known account (`same_account_pick:0`, one per name offered), or a new one. */
  sameAccountPick: 'same_account_pick',
  sameAccountNew: 'same_account_new',
  /** The check-in's "carry yesterday's unfinished items into today": all of them, or one (`carry_item:2`). */
  carryAll: 'carry_all',
  carryItem: 'carry_item',
} as const;

export const BLOCKS = {
  icpQuestion: 'icp_question',
  homeActions: 'home_actions',
  homeManagerActions: 'home_manager_actions',
  /** A rep's row of buttons on the manager's Home: `home_rep:U0123` (block IDs are unique in a view). */
  homeRep: 'home_rep',
  /** Prefixes: the deal or account ID follows the colon, so each question's answer names what it answers. */
  staleDeal: 'stale_deal',
  staleDealText: 'stale_deal_text',
  classify: 'classify',
  classifyText: 'classify_text',
  /** The buttons of "Did you mean Globex Corp?" under a command whose account name nearly matched. */
  sameAccount: 'same_account',
  /** The reflection's plan heading with its count: `plan_summary:2026-12-01`. */
  planSummary: 'plan_summary',
  /** The check-in's unfinished items of an earlier day, and their carry buttons: `carry:2026-11-30`. */
  carry: 'carry',
  carryText: 'carry_text',
} as const;

/** Modal callback IDs: one per form. */
export const VIEWS = {
  log: 'modal_log',
  win: 'modal_win',
  opp: 'modal_opp',
  lost: 'modal_lost',
  quota: 'modal_quota',
  targets: 'modal_targets',
  settings: 'modal_settings',
  repQuota: 'modal_rep_quota',
  teamSettings: 'modal_team_settings',
  /** Pushed over the team settings when the currency would change with amounts recorded: Confirm writes. */
  currencyConfirm: 'modal_currency_confirm',
  /** A rep's card as a manager sees it from Home: read only. */
  repCard: 'modal_rep_card',
  /** Shown instead of a manager form to someone who is not a manager. */
  refused: 'modal_refused',
} as const;

/**
 * Input blocks of the modals: a submission's values and errors are keyed by these, and each
 * block's one element uses the same ID as its action ID (so the account picker's options
 * requests arrive for INPUTS.account).
 */
export const INPUTS = {
  account: 'in_account',
  accountFit: 'in_account_fit',
  amount: 'in_amount',
  activity: 'in_activity',
  count: 'in_count',
  per: 'in_per',
  period: 'in_period',
  openDeal: 'in_open_deal',
  rep: 'in_rep',
  checkinTime: 'in_checkin_time',
  reflectionTime: 'in_reflection_time',
  workingDays: 'in_working_days',
  timezone: 'in_timezone',
  reminders: 'in_reminders',
  pausedUntil: 'in_paused_until',
  channel: 'in_channel',
  weeklyDay: 'in_weekly_day',
  weeklyTime: 'in_weekly_time',
  teamTimezone: 'in_team_timezone',
  fiscalStart: 'in_fiscal_start',
  currency: 'in_currency',
  winRate: 'in_win_rate',
  teamPeriod: 'in_team_period',
  /** Holidays: the team's country and region, its company days off, and a rep's own country. */
  holidayCountry: 'in_holiday_country',
  companyDaysOff: 'in_company_days_off',
  myHolidayCountry: 'in_my_holiday_country',
  closeDate: 'in_close_date',
  /** The win modal's date: today, or up to 45 days back. */
  wonOn: 'in_won_on',
} as const;

/** Each input block holds one element; its action ID is the block's, so values read as values[id][id]. */
export type InputId = (typeof INPUTS)[keyof typeof INPUTS];

/** The reflection's checkbox block names the day it reviews: `plan_done:2026-12-01`. */
export function planDoneBlockId(date: string): string {
  return `${ACTIONS.planDone}:${date}`;
}

export function dateOfPlanDoneBlock(blockId: string): string | null {
  const prefix = `${ACTIONS.planDone}:`;
  if (!blockId.startsWith(prefix)) return null;
  const date = blockId.slice(prefix.length);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
}

/** A block ID that names a day: `carry:2026-11-30`. */
export function datedBlockId(prefix: string, date: string): string {
  return `${prefix}:${date}`;
}

/** The day a block ID of `prefix` names, if it is one. */
export function dateOfBlock(prefix: string, blockId: string): string | null {
  if (!blockId.startsWith(`${prefix}:`)) return null;
  const date = blockId.slice(prefix.length + 1);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
}

/** One carry button per unfinished item: action IDs must differ within a block. */
export function carryItemActionId(index: number): string {
  return `${ACTIONS.carryItem}:${index}`;
}

export function indexOfCarryItem(actionId: string): number | null {
  if (!actionId.startsWith(`${ACTIONS.carryItem}:`)) return null;
  const index = Number(actionId.slice(ACTIONS.carryItem.length + 1));
  return Number.isInteger(index) && index >= 0 && index < 100 ? index : null;
}

/** A question's block ID with the deal or account it asks about: `stale_deal:42`. */
export function questionBlockId(prefix: string, id: number): string {
  return `${prefix}:${id}`;
}

/** The deal or account ID of a question's block, if it is one of `prefix`. */
export function idOfQuestionBlock(prefix: string, blockId: string): number | null {
  if (!blockId.startsWith(`${prefix}:`)) return null;
  const id = Number(blockId.slice(prefix.length + 1));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
