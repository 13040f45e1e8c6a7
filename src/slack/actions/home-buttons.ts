import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { repNow } from '../../coach/rep-context.js';
import { periodContaining } from '../../domain/period.js';
import { isManager } from '../commands/context.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS, VIEWS } from '../ids.js';
import type { SlackRouter } from '../router.js';
import { section } from '../views/blocks.js';
import { modal } from '../views/inputs.js';
import {
  logModal,
  lostModal,
  opportunityModal,
  quotaModal,
  repQuotaModal,
  targetsModal,
  winModal,
} from '../views/modals.js';
import { settingsModal, teamSettingsModal } from '../views/settings-modals.js';

type ModalFor = (input: { deps: SlackDeps; teamId: string; userId: string }) => ModalView | Promise<ModalView>;

/** Each Home button and the modal it opens. Manager forms are checked again when submitted. */
const BUTTONS: readonly { actionId: string; managersOnly?: true; open: ModalFor }[] = [
  { actionId: ACTIONS.openLog, open: () => logModal() },
  {
    actionId: ACTIONS.openWin,
    open: async ({ deps, teamId, userId }) => winModal(await localToday(deps, teamId, userId)),
  },
  { actionId: ACTIONS.openOpp, open: ({ deps, teamId, userId }) => opportunityFor(deps, teamId, userId) },
  {
    actionId: ACTIONS.openLost,
    open: async ({ deps, teamId, userId }) =>
      lostModal(
        await deps.store.deals.openDeals(teamId, userId),
        (await deps.store.teams.ensureTeam(teamId)).currency,
        await localToday(deps, teamId, userId),
      ),
  },
  {
    actionId: ACTIONS.openQuota,
    open: async ({ deps, teamId, userId }) => quotaModal(await deps.store.reps.ensureRep(teamId, userId)),
  },
  {
    actionId: ACTIONS.openTargets,
    open: async ({ deps, teamId, userId }) => targetsModal(await deps.store.targets.listTargets(teamId, userId)),
  },
  { actionId: ACTIONS.openSettings, open: ({ deps, teamId, userId }) => settingsFor(deps, teamId, userId) },
  { actionId: ACTIONS.openRepQuota, managersOnly: true, open: () => repQuotaModal() },
  {
    actionId: ACTIONS.openTeamSettings,
    managersOnly: true,
    open: async ({ deps, teamId }) =>
      teamSettingsModal(await deps.store.teams.ensureTeam(teamId), deps.settings.defaultTimezone),
  },
];

export function refusedModal(): ModalView {
  return modal(
    VIEWS.refused,
    'Managers only',
    [section('Only managers can change this: the workspace admins and owners, and the people in FOCUS_MANAGERS.')],
    null,
  );
}

/** The rep's local date now (the win form's default date). */
async function localToday(deps: SlackDeps, teamId: string, userId: string): Promise<string> {
  const rep = await deps.store.reps.ensureRep(teamId, userId);
  const team = await deps.store.teams.ensureTeam(teamId);
  return repNow(rep, team, deps.settings.defaultTimezone, deps.clock()).local.date;
}

/** The opportunity form, its close date defaulting to the end of the rep's current period. */
async function opportunityFor(deps: SlackDeps, teamId: string, userId: string): Promise<ModalView> {
  const rep = await deps.store.reps.ensureRep(teamId, userId);
  const team = await deps.store.teams.ensureTeam(teamId);
  const clock = repNow(rep, team, deps.settings.defaultTimezone, deps.clock());
  return opportunityModal(periodContaining(rep.quotaPeriod, clock.local.date, team.fiscalYearStartMonth).end);
}

async function settingsFor(deps: SlackDeps, teamId: string, userId: string): Promise<ModalView> {
  const rep = await deps.store.reps.ensureRep(teamId, userId);
  const team = await deps.store.teams.ensureTeam(teamId);
  const clock = repNow(rep, team, deps.settings.defaultTimezone, deps.clock());
  return settingsModal(rep, clock.timezone, clock.local.date);
}

/** Opens the rep's Settings modal (the Home button, and `/focus settings`). */
export async function openSettings(
  deps: SlackDeps,
  client: WebClient,
  input: { teamId: string; userId: string; triggerId: string },
): Promise<void> {
  await client.views.open({ trigger_id: input.triggerId, view: await settingsFor(deps, input.teamId, input.userId) });
}

export function registerHomeButtons(routes: SlackRouter, deps: SlackDeps): void {
  for (const button of BUTTONS) {
    routes.action<BlockButtonAction>(
      button.actionId,
      async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
        await ack();
        const teamId = body.team?.id ?? body.user.team_id ?? '';
        const userId = body.user.id;
        const rep = await deps.profiles.ensure(client, teamId, userId);
        const allowed = !button.managersOnly || isManager(deps, rep);
        const view = allowed ? await button.open({ deps, teamId, userId }) : refusedModal();
        await client.views.open({ trigger_id: body.trigger_id, view });
      },
    );
  }
}
