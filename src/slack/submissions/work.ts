import { parseLocalDate } from '../../domain/calendar.js';
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  type Command,
  PERIOD_KINDS,
  type PeriodKind,
  type TypedDate,
} from '../../domain/command.js';
import { closeDateProblem } from '../../domain/date-words.js';
import { isTeamCurrency, parseMoney } from '../../domain/money.js';
import { parseAccountName } from '../../domain/parse-command.js';
import { type TypedPastDate, winDateProblem } from '../../domain/past-date.js';
import { type CommandContext, isManager } from '../commands/context.js';
import { handleLostDeal } from '../commands/deals.js';
import { type CommandResult, runCommand } from '../commands/run.js';
import type { SlackDeps } from '../deps.js';
import { INPUTS, VIEWS } from '../ids.js';
import { checkPeopleOf, sendQuotaNotice } from '../people.js';
import type { SlackRouter } from '../router.js';
import { dealOfOption } from '../views/modals.js';
import { dateOf, readAccountChoice, type StateValues, selectedOf, textOf, userOf } from './fields.js';
import { type FormOutcome, registerForm } from './submit.js';

type Errors = Partial<Record<(typeof INPUTS)[keyof typeof INPUTS], string>>;

function amountOf(values: StateValues, ctx: CommandContext, errors: Errors): number | null {
  const parsed = parseMoney(textOf(values, INPUTS.amount));
  if (!parsed.ok) {
    errors[INPUTS.amount] = `${parsed.reason.charAt(0).toUpperCase()}${parsed.reason.slice(1)}. Try 30k or $45,000.`;
    return null;
  }
  if (!isTeamCurrency(parsed.currency, ctx.team.currency)) {
    errors[INPUTS.amount] = `Your team records amounts in ${ctx.team.currency}.`;
    return null;
  }
  return parsed.cents;
}

/** A picked account: a known account's name, or a new name (written as new even when it is near a known one). */
interface PickedAccount {
  name: string;
  asNew: boolean;
}

/** The picked account: a known account of this team, or a valid new name. */
async function accountOf(
  values: StateValues,
  ctx: CommandContext,
  errors: Errors,
  required: boolean,
): Promise<PickedAccount | null> {
  const choice = readAccountChoice(selectedOf(values, INPUTS.account));
  if (choice === null) {
    if (required) errors[INPUTS.account] = 'Pick an account, or type a new name and choose “Add …”.';
    return null;
  }
  if ('id' in choice) {
    const account = await ctx.store.accounts.accountById(ctx.teamId, choice.id);
    if (!account) errors[INPUTS.account] = 'That account no longer exists. Pick another.';
    return account ? { name: account.name, asNew: false } : null;
  }
  const parsed = 'name' in choice ? parseAccountName(choice.name) : null;
  if (!parsed?.ok) {
    errors[INPUTS.account] = parsed ? `That name won't do: ${parsed.problem}.` : 'Type a shorter name.';
    return null;
  }
  // The rep chose “Add …” over the known names the picker offered: a new account, never asked about again.
  return { name: parsed.name, asNew: true };
}

function fitOf(values: StateValues): 'yes' | 'no' | null {
  const fit = selectedOf(values, INPUTS.accountFit);
  return fit === 'yes' || fit === 'no' ? fit : null;
}

/** Runs the command; then, in the same transaction, records the ICP fit for an account whose fit was unknown. */
function runWithFit(command: Command, account: string | null, fit: 'yes' | 'no' | null) {
  return (ctx: CommandContext): Promise<CommandResult> =>
    ctx.store.transaction(
      async (tx) => {
        const result = await runCommand({ ...ctx, store: tx }, command);
        const found =
          account && fit && !result.reply.refused ? await tx.accounts.findAccount(ctx.teamId, account) : undefined;
        if (found && found.icp === 'unknown' && fit) await tx.accounts.setAccountIcp(ctx.teamId, found.id, fit);
        return result;
      },
      { teamId: ctx.teamId },
    );
}

function outcome(errors: Errors, run: FormOutcome & { errorBlock: unknown }): FormOutcome {
  return Object.keys(errors).length > 0 ? { errors } : run;
}

/** The opportunity's close date: empty keeps the default (the period's end); a past date is refused. */
function closeOf(values: StateValues, ctx: CommandContext, errors: Errors): TypedDate | undefined {
  const picked = dateOf(values, INPUTS.closeDate);
  if (!picked) return undefined;
  const date = parseLocalDate(picked);
  const today = ctx.clock.local.date;
  const problem = date === null ? 'Pick a date' : closeDateProblem(date, today);
  if (date === null || problem !== null) {
    errors[INPUTS.closeDate] = `${problem}.`;
    return undefined;
  }
  return {
    words: { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8)) },
    typed: date,
  };
}

/** The win's date: empty is today; a future day or one more than 45 days back is refused. */
function wonOnOf(values: StateValues, ctx: CommandContext, errors: Errors): TypedPastDate | undefined {
  const picked = dateOf(values, INPUTS.wonOn);
  if (!picked) return undefined;
  const date = parseLocalDate(picked);
  const problem = date === null ? 'Pick a date' : winDateProblem(date, ctx.clock.local.date);
  if (date === null || problem !== null) {
    errors[INPUTS.wonOn] = `${problem}.`;
    return undefined;
  }
  const [year, month, day] = date.split('-').map(Number);
  return { words: { kind: 'date', words: { year: year ?? 0, month: month ?? 0, day: day ?? 0 } }, typed: date };
}

function dealForm(kind: 'won' | 'opp') {
  return async (values: StateValues, ctx: CommandContext): Promise<FormOutcome> => {
    const errors: Errors = {};
    const amountCents = amountOf(values, ctx, errors);
    const picked = await accountOf(values, ctx, errors, true);
    const close = kind === 'opp' ? closeOf(values, ctx, errors) : undefined;
    const on = kind === 'won' ? wonOnOf(values, ctx, errors) : undefined;
    if (amountCents === null || picked === null) return { errors };
    const base = { amountCents, account: picked.name, ...(picked.asNew ? { asNew: true as const } : {}) };
    const command: Command =
      kind === 'opp' ? { kind, ...base, ...(close ? { close } : {}) } : { kind, ...base, ...(on ? { on } : {}) };
    return outcome(errors, { run: runWithFit(command, picked.name, fitOf(values)), errorBlock: INPUTS.account });
  };
}

async function logForm(values: StateValues, ctx: CommandContext): Promise<FormOutcome> {
  const errors: Errors = {};
  const activity = selectedOf(values, INPUTS.activity);
  const count = Number(textOf(values, INPUTS.count));
  if (!ACTIVITY_KINDS.includes(activity as ActivityKind)) errors[INPUTS.activity] = 'Pick an activity.';
  if (!Number.isInteger(count) || count < 1 || count > 500) errors[INPUTS.count] = 'A whole number from 1 to 500.';
  const picked = await accountOf(values, ctx, errors, false);
  const command: Command = {
    kind: 'log',
    activity: activity as ActivityKind,
    count,
    account: picked?.name ?? null,
    ...(picked?.asNew ? { asNew: true as const } : {}),
  };
  return outcome(errors, { run: runWithFit(command, picked?.name ?? null, fitOf(values)), errorBlock: INPUTS.account });
}

/** The picked deal, by its ID: only the rep's own open deal; the write checks that again. */
async function lostForm(values: StateValues, ctx: CommandContext): Promise<FormOutcome> {
  const dealId = dealOfOption(selectedOf(values, INPUTS.openDeal));
  const deal =
    dealId === null ? undefined : await ctx.store.deals.openDealOf({ teamId: ctx.teamId, userId: ctx.userId, dealId });
  if (!deal) return { errors: { [INPUTS.openDeal]: 'Pick one of your open opportunities.' } };
  return {
    run: (c) =>
      c.store.transaction(
        async (tx) => {
          const reply = await handleLostDeal({ ...c, store: tx }, deal.id);
          return { reply, changed: !reply.refused };
        },
        { teamId: c.teamId },
      ),
    errorBlock: INPUTS.openDeal,
  };
}

function periodOf(values: StateValues, errors: Errors): PeriodKind | null {
  const period = selectedOf(values, INPUTS.period);
  if (PERIOD_KINDS.includes(period as PeriodKind)) return period as PeriodKind;
  errors[INPUTS.period] = 'Pick a month, quarter or year.';
  return null;
}

function quotaForm(forRep: boolean, deps: SlackDeps) {
  return async (values: StateValues, ctx: CommandContext): Promise<FormOutcome> => {
    const errors: Errors = {};
    if (forRep && !isManager(ctx, ctx.rep)) {
      // Checked here as well as on the button: a forged submission is refused too.
      return { errors: { [INPUTS.rep]: "Only managers can set another rep's quota. Nothing was changed." } };
    }
    const picked = forRep ? userOf(values, INPUTS.rep) : { id: null };
    const repUserId = 'id' in picked ? picked.id : null;
    if ('invalid' in picked) errors[INPUTS.rep] = "That isn't a person in this workspace. Pick a rep from the list.";
    else if (forRep && !repUserId) errors[INPUTS.rep] = 'Pick a rep.';
    const amountCents = amountOf(values, ctx, errors);
    const period = periodOf(values, errors);
    if (amountCents === null || period === null || Object.keys(errors).length > 0) return { errors };
    const command: Command = { kind: 'quota', amountCents, period, repUserId };
    // Slack's user picker lists bots and deactivated people too: the pick is checked with Slack before any write.
    const refused = await checkPeopleOf(ctx, command);
    if (refused) return { errors: { [INPUTS.rep]: refused.fieldError } };
    return {
      run: async (c) => {
        const result = await runCommand(c, command);
        void sendQuotaNotice(deps, c.client, result.reply);
        return result;
      },
      errorBlock: forRep ? INPUTS.rep : INPUTS.amount,
    };
  };
}

function targetForm(values: StateValues): FormOutcome {
  const errors: Errors = {};
  const activity = selectedOf(values, INPUTS.activity);
  const count = Number(textOf(values, INPUTS.count));
  const per = selectedOf(values, INPUTS.per);
  if (!ACTIVITY_KINDS.includes(activity as ActivityKind)) errors[INPUTS.activity] = 'Pick an activity.';
  if (!Number.isInteger(count) || count < 0 || count > 1000) errors[INPUTS.count] = 'A whole number from 0 to 1000.';
  if (per !== 'day' && per !== 'week') errors[INPUTS.per] = 'Pick day or week.';
  return outcome(errors, {
    run: (c) =>
      runCommand(c, { kind: 'target', activity: activity as ActivityKind, count, per: per as 'day' | 'week' }),
    errorBlock: INPUTS.count,
  });
}

export function registerWorkForms(routes: SlackRouter, deps: SlackDeps): void {
  registerForm(routes, deps, VIEWS.log, logForm);
  registerForm(routes, deps, VIEWS.win, dealForm('won'));
  registerForm(routes, deps, VIEWS.opp, dealForm('opp'));
  registerForm(routes, deps, VIEWS.lost, lostForm);
  registerForm(routes, deps, VIEWS.quota, quotaForm(false, deps));
  registerForm(routes, deps, VIEWS.repQuota, quotaForm(true, deps));
  registerForm(routes, deps, VIEWS.targets, targetForm);
}
