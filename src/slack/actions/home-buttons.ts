import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { repNow } from '../../coach/rep-context.js';
import { openDeals } from '../../db/deals.js';
import { ensureRep } from '../../db/reps.js';
import { listTargets } from '../../db/targets.js';
import { ensureTeam } from '../../db/teams.js';
import { periodContaining } from '../../domain/period.js';
import { isManager } from '../commands/context.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS, VIEWS } from '../ids.js';
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

type ModalFor = (input: { deps: SlackDeps; teamId: string; userId: string }) => ModalView;

/** Each Home button and the modal it opens. Manager forms are checked again when submitted. */
const BUTTONS: readonly { actionId: string; managersOnly?: true; open: ModalFor }[] = [
  { actionId: ACTIONS.openLog, open: () => logModal() },
  { actionId: ACTIONS.openWin, open: ({ deps, teamId, userId }) => winModal(localToday(deps, teamId, userId)) },
  { actionId: ACTIONS.openOpp, open: ({ deps, teamId, userId }) => opportunityFor(deps, teamId, userId) },
  {
    actionId: ACTIONS.openLost,
    open: ({ deps, teamId, userId }) =>
      lostModal(
        openDeals(deps.db, teamId, userId),
        ensureTeam(deps.db, teamId).currency,
        localToday(deps, teamId, userId),
      ),
  },
  { actionId: ACTIONS.openQuota, open: ({ deps, teamId, userId }) => quotaModal(ensureRep(deps.db, teamId, userId)) },
  {
    actionId: ACTIONS.openTargets,
    open: ({ deps, teamId, userId }) => targetsModal(listTargets(deps.db, teamId, userId)),
  },
  { actionId: ACTIONS.openSettings, open: ({ deps, teamId, userId }) => settingsFor(deps, teamId, userId) },
  { actionId: ACTIONS.openRepQuota, managersOnly: true, open: () => repQuotaModal() },
  {
    actionId: ACTIONS.openTeamSettings,
    managersOnly: true,
    open: ({ deps, teamId }) => teamSettingsModal(ensureTeam(deps.db, teamId), deps.settings.defaultTimezone),
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
function localToday(deps: SlackDeps, teamId: string, userId: string): string {
  const rep = ensureRep(deps.db, teamId, userId);
  return repNow(rep, ensureTeam(deps.db, teamId), deps.settings.defaultTimezone, deps.clock()).local.date;
}

/** The opportunity form, its close date defaulting to the end of the rep's current period. */
function opportunityFor(deps: SlackDeps, teamId: string, userId: string): ModalView {
  const rep = ensureRep(deps.db, teamId, userId);
  const team = ensureTeam(deps.db, teamId);
  const clock = repNow(rep, team, deps.settings.defaultTimezone, deps.clock());
  return opportunityModal(periodContaining(rep.quotaPeriod, clock.local.date, team.fiscalYearStartMonth).end);
}

function settingsFor(deps: SlackDeps, teamId: string, userId: string): ModalView {
  const rep = ensureRep(deps.db, teamId, userId);
  const clock = repNow(rep, ensureTeam(deps.db, teamId), deps.settings.defaultTimezone, deps.clock());
  return settingsModal(rep, clock.timezone, clock.local.date);
}

/** Opens the rep's Settings modal (the Home button, and `/focus settings`). */
export async function openSettings(
  deps: SlackDeps,
  client: WebClient,
  input: { teamId: string; userId: string; triggerId: string },
): Promise<void> {
  await client.views.open({ trigger_id: input.triggerId, view: settingsFor(deps, input.teamId, input.userId) });
}

export function registerHomeButtons(app: App, deps: SlackDeps): void {
  for (const button of BUTTONS) {
    app.action<BlockButtonAction>(
      button.actionId,
      async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
        await ack();
        const teamId = body.team?.id ?? body.user.team_id ?? '';
        const userId = body.user.id;
        const rep = await deps.profiles.ensure(client, teamId, userId);
        const allowed = !button.managersOnly || isManager(deps, rep);
        const view = allowed ? button.open({ deps, teamId, userId }) : refusedModal();
        await client.views.open({ trigger_id: body.trigger_id, view });
      },
    );
  }
}
