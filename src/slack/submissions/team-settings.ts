/**
 * The team settings form's submission, and the currency confirmation it may push. A new currency relabels
 * every amount already recorded (money is stored as plain cents) and converts nothing, so when the team has
 * amounts the form is not saved at once: the submission pushes a confirmation that says so, carrying the
 * whole change in its private_metadata, and only its Confirm writes. Cancel goes back to the form (Slack pops
 * the pushed view) and writes nothing. Every currency change is recorded in the team's history.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import type { RecordedAmounts } from '../../db/history.js';
import type { TeamSettings } from '../../db/teams.js';
import { PERIOD_KINDS } from '../../domain/command.js';
import type { CompanyDay } from '../../domain/holidays.js';
import type { Store } from '../../storage/types.js';
import { type CommandContext, contextFor, isManager } from '../commands/context.js';
import type { SlackDeps } from '../deps.js';
import { isTeamId, isUserId } from '../id-check.js';
import { INPUTS, type InputId, VIEWS } from '../ids.js';
import type { SlackRouter } from '../router.js';
import { currencyConfirmModal, currencyNoticeModal } from '../views/currency-confirm.js';
import type { StateValues } from './fields.js';

/** Everything the team form saves. `holidays` and `companyDays` are null when the form leaves them as they are. */
export interface TeamSettingsChange {
  settings: TeamSettings;
  holidays: { country: string | null; region: string | null } | null;
  companyDays: CompanyDay[] | null;
}

export type TeamSettingsRead = { errors: Partial<Record<InputId, string>> } | { change: TeamSettingsChange };

/** What Slack lets a view's private_metadata hold. */
const PRIVATE_METADATA_MAX = 3000;

const SOMETHING_WENT_WRONG = 'Something went wrong on our side, and nothing was saved. Please try again.';
const MANAGERS_ONLY = 'Only managers can change team settings. Nothing was changed.';

const CURRENCY_CODE = z.string().regex(/^[A-Z]{3}$/);

/** The change as the confirmation carries it, checked again when it comes back. */
const PENDING = z.object({
  from: CURRENCY_CODE,
  change: z.object({
    settings: z.object({
      channelId: z.string().nullable(),
      timezone: z.string().nullable(),
      weeklyDay: z.number().int().min(0).max(6),
      weeklyMinutes: z.number().int().min(0).max(1439),
      fiscalYearStartMonth: z.number().int().min(1).max(12),
      currency: CURRENCY_CODE,
      defaultWinRate: z.number().min(0.01).max(1),
      periodKind: z.enum(PERIOD_KINDS),
    }),
    holidays: z.object({ country: z.string().nullable(), region: z.string().nullable() }).nullable(),
    companyDays: z.array(z.object({ date: z.string(), name: z.string() })).nullable(),
  }),
});
type Pending = z.infer<typeof PENDING>;

/**
 * Writes the form's change, and a history row when the currency changes. Run inside one transaction of the
 * team's: the currency it compares with is the one stored at that moment.
 */
async function saveTeamSettings(
  tx: Store,
  teamId: string,
  userId: string,
  change: TeamSettingsChange,
  at: number,
): Promise<void> {
  const from = (await tx.teams.ensureTeam(teamId)).currency;
  const to = change.settings.currency;
  if (from !== to) {
    const amounts = await tx.history.recordedAmounts(teamId);
    await tx.history.recordCurrencyChange({
      teamId,
      userId,
      at,
      change: { from, to, quotas: amounts.quotas, deals: amounts.deals },
    });
  }
  await tx.teams.updateTeamSettings(teamId, change.settings);
  if (change.holidays) await tx.holidays.setTeamHolidayCountry(teamId, change.holidays.country, change.holidays.region);
  if (change.companyDays) await tx.holidays.setCompanyDays(teamId, change.companyDays);
}

/** The amounts a change to another currency would relabel; null when it relabels nothing (save at once). */
async function amountsToRelabel(
  store: Store,
  teamId: string,
  to: string,
): Promise<{ from: string; amounts: RecordedAmounts } | null> {
  const from = (await store.teams.ensureTeam(teamId)).currency;
  if (from === to) return null;
  const amounts = await store.history.recordedAmounts(teamId);
  return amounts.quotas + amounts.deals === 0 ? null : { from, amounts };
}

/** The company days the form would save are the ones stored: not carried through the confirmation. */
function sameCompanyDays(days: readonly CompanyDay[], stored: string): boolean {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return JSON.stringify(sorted.map(({ date, name }) => ({ date, name }))) === stored;
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The submitting manager's context, or null (and the answer given) when the IDs are not Slack's. */
async function submitterContext(deps: SlackDeps, args: SubmitArgs, answer: () => Promise<void>) {
  const teamId = args.body.team?.id ?? args.body.user.team_id;
  const userId = args.body.user.id;
  if (!isTeamId(teamId) || !isUserId(userId)) {
    // The global ID check drops these first; a form never writes under a missing team.
    deps.logger.warn(`Submission of ${args.view.callback_id} without a valid team or user; nothing was saved`);
    await answer();
    return null;
  }
  return contextFor(deps, args.client, teamId, userId);
}

/** The settings form: saved at once, or the confirmation pushed when a new currency would relabel amounts. */
async function submitTeamSettings(
  deps: SlackDeps,
  read: (values: StateValues, ctx: CommandContext) => TeamSettingsRead,
  args: SubmitArgs,
): Promise<void> {
  const { ack, view } = args;
  const failed = () => ack({ response_action: 'errors', errors: { [INPUTS.weeklyDay]: SOMETHING_WENT_WRONG } });
  try {
    const ctx = await submitterContext(deps, args, failed);
    if (ctx === null) return;
    // Checked here as well as on the button: a forged submission is refused and writes nothing.
    if (!isManager(ctx, ctx.rep))
      return await ack({ response_action: 'errors', errors: { [INPUTS.weeklyDay]: MANAGERS_ONLY } });
    const outcome = read(view.state.values, ctx);
    if ('errors' in outcome) return await ack({ response_action: 'errors', errors: outcome.errors });
    const { change } = outcome;
    const answer = await withBusyRetry(
      () =>
        deps.store.transaction(
          async (tx): Promise<{ push: ModalView } | { error: string } | { saved: true }> => {
            const relabel = await amountsToRelabel(tx, ctx.teamId, change.settings.currency);
            if (relabel === null) {
              await saveTeamSettings(tx, ctx.teamId, ctx.userId, change, deps.clock());
              return { saved: true };
            }
            const stored = (await tx.teams.ensureTeam(ctx.teamId)).companyDaysOff;
            return confirmation(relabel.from, relabel.amounts, change, stored);
          },
          { teamId: ctx.teamId },
        ),
      REQUEST_BUSY_RETRY,
    );
    if ('push' in answer) return await ack({ response_action: 'push', view: answer.push });
    if ('error' in answer) return await ack({ response_action: 'errors', errors: { [INPUTS.currency]: answer.error } });
    await ack();
    void deps.home.refresh(ctx.teamId, ctx.userId);
  } catch (error) {
    deps.logger.error(`Submission of ${view.callback_id} failed:`, error);
    await failed();
  }
}

/** The confirmation to push, with the change in its metadata; or an error when the change is too large to carry. */
function confirmation(
  from: string,
  amounts: RecordedAmounts,
  change: TeamSettingsChange,
  storedDays: string,
): { push: ModalView } | { error: string } {
  const carried: Pending = {
    from,
    change: {
      ...change,
      companyDays: change.companyDays && !sameCompanyDays(change.companyDays, storedDays) ? change.companyDays : null,
    },
  };
  const pending = JSON.stringify(carried);
  if (pending.length > PRIVATE_METADATA_MAX) {
    return {
      error:
        'The currency change needs a confirmation, and these changes to the company days off are too long to carry ' +
        'through it. Save the other settings first, then change the currency on its own.',
    };
  }
  return { push: currencyConfirmModal({ from, to: change.settings.currency, amounts, pending }) };
}

/** Confirm: writes the change the confirmation carries, then closes every view (`clear`). */
async function confirmCurrencyChange(deps: SlackDeps, args: SubmitArgs): Promise<void> {
  const { ack, view } = args;
  const notice = (text: string) => ack({ response_action: 'update', view: currencyNoticeModal(text) });
  try {
    const ctx = await submitterContext(deps, args, () => notice(SOMETHING_WENT_WRONG));
    if (ctx === null) return;
    if (!isManager(ctx, ctx.rep)) return await notice(MANAGERS_ONLY);
    const parsed = PENDING.safeParse(safeJson(view.private_metadata));
    if (!parsed.success) {
      deps.logger.warn('A currency confirmation arrived without a readable change; nothing was saved');
      return await notice(SOMETHING_WENT_WRONG);
    }
    const { from, change } = parsed.data;
    const moved = await withBusyRetry(
      () =>
        deps.store.transaction(
          async (tx) => {
            const current = (await tx.teams.ensureTeam(ctx.teamId)).currency;
            // Another manager changed it meanwhile: what was confirmed no longer describes what would happen.
            if (current !== from && current !== change.settings.currency) return current;
            await saveTeamSettings(tx, ctx.teamId, ctx.userId, change, deps.clock());
            return null;
          },
          { teamId: ctx.teamId },
        ),
      REQUEST_BUSY_RETRY,
    );
    if (moved !== null) {
      return await notice(
        `The team’s currency was changed to ${moved} while this was open, so nothing was saved. ` +
          `Close this to go back to the settings, and save them again if you still want ${change.settings.currency}.`,
      );
    }
    await ack({ response_action: 'clear' });
    void deps.home.refresh(ctx.teamId, ctx.userId);
  } catch (error) {
    deps.logger.error(`Submission of ${view.callback_id} failed:`, error);
    await notice(SOMETHING_WENT_WRONG);
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}

/** `read`: the form's values checked and read into a change (submissions/settings.ts). */
export function registerTeamSettingsForm(
  routes: SlackRouter,
  deps: SlackDeps,
  read: (values: StateValues, ctx: CommandContext) => TeamSettingsRead,
): void {
  routes.view<ViewSubmitAction>(VIEWS.teamSettings, (args) => submitTeamSettings(deps, read, args));
  routes.view<ViewSubmitAction>(VIEWS.currencyConfirm, (args) => confirmCurrencyChange(deps, args));
}
