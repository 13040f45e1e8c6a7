/**
 * The buttons on each rep's row of the manager's Home: open that rep's card (read only), and open the
 * rep-quota form with that rep picked. Anyone can press (or forge) any button: both check the presser is a
 * manager, and the rep named in the button's value is taken as a claim, checked before use.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import { loadTeamProgress, type RepProgress } from '../../coach/team.js';
import { isManager } from '../commands/context.js';
import type { SlackDeps } from '../deps.js';
import { isUserId } from '../id-check.js';
import { ACTIONS, INPUTS, VIEWS } from '../ids.js';
import type { SlackRouter } from '../router.js';
import { context, section } from '../views/blocks.js';
import { cardDataOf, gapCard } from '../views/gap-card.js';
import { modal } from '../views/inputs.js';
import { repQuotaModal } from '../views/modals.js';
import { refusedModal } from './home-buttons.js';

/** A read-only modal: no submit, and its one button says Close rather than Cancel. */
function readOnly(callbackId: string, title: string, blocks: Parameters<typeof modal>[2]): ModalView {
  return { ...modal(callbackId, title, blocks, null), close: { type: 'plain_text', text: 'Close' } };
}

/** The rep's card as their own Home shows it (plan included), from the team view: the same figures. */
export function repCardModal(rep: RepProgress): ModalView {
  const card = gapCard(cardDataOf(rep.status), { withPlan: true });
  const streak = rep.streak > 0 ? ` · 🔥 ${rep.streak}-day planning streak` : '';
  return readOnly(VIEWS.repCard, "Rep's card", [
    section(`*<@${rep.userId}>*'s card, as they see it on their Home (read only).`),
    context([`Plans on ${rep.plannedDays} of ${rep.workingDays} working days in the last 7 days${streak}`]),
    ...card.blocks,
  ]);
}

/** A rep pressing (or forging) the button: another rep's card is their manager's to see, not a peer's. */
export function cardRefusedModal(): ModalView {
  return readOnly(VIEWS.refused, 'Managers only', [
    section(
      "Only managers can open another rep's card: the workspace admins and owners, and the people in FOCUS_MANAGERS. " +
        'Your own card is on your Home and in `/focus`.',
    ),
  ]);
}

/** Said when the button names nobody the team view lists (no quota or logged work yet, or a forged value). */
export function noCardModal(userId: string | null): ModalView {
  const who = userId === null ? 'That rep' : `<@${userId}>`;
  return readOnly(VIEWS.repCard, "Rep's card", [
    section(
      `${who} has no card yet: a rep appears once they have a quota or logged work. ` +
        "Set their quota with *Set a rep's quota*.",
    ),
  ]);
}

/** The existing rep-quota form with `userId` already picked (whichever kind of picker the form uses). */
export function repQuotaModalFor(userId: string): ModalView {
  const view = repQuotaModal();
  // The app's modals hold known blocks only (views/blocks.ts builds them).
  const blocks = (view.blocks as KnownBlock[]).map((block): KnownBlock => {
    if (block.type !== 'input' || block.block_id !== INPUTS.rep) return block;
    const element = block.element;
    if (element.type === 'users_select') return { ...block, element: { ...element, initial_user: userId } };
    if (element.type === 'static_select') {
      const option = element.options?.find((o) => o.value === userId);
      return option ? { ...block, element: { ...element, initial_option: option } } : block;
    }
    return block;
  });
  return { ...view, blocks };
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function registerRepCardButtons(routes: SlackRouter, deps: SlackDeps): void {
  /** The presser's team and whether they manage it, and the rep the button names (null: not a user ID). */
  async function who({ body, client }: ButtonArgs) {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const presser = await deps.profiles.ensure(client, teamId, body.user.id);
    const value = body.actions[0]?.value;
    return { teamId, manager: isManager(deps, presser), repId: isUserId(value) ? value : null };
  }

  routes.action<BlockButtonAction>(ACTIONS.openRepCard, async (args: ButtonArgs) => {
    await args.ack();
    const { teamId, manager, repId } = await who(args);
    let view: ModalView;
    if (!manager) view = cardRefusedModal();
    else if (repId === null) view = noCardModal(null);
    else {
      // The team view the manager's Home was built from (kept, so this reads only what changed since).
      const team = await loadTeamProgress(deps.store, {
        teamId,
        now: deps.clock(),
        defaultTimezone: deps.settings.defaultTimezone,
      });
      const rep = team.reps.find((r) => r.userId === repId);
      view = rep ? repCardModal(rep) : noCardModal(repId);
    }
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  });

  routes.action<BlockButtonAction>(ACTIONS.openRepQuotaFor, async (args: ButtonArgs) => {
    await args.ack();
    const { teamId, manager, repId } = await who(args);
    let view: ModalView;
    if (!manager) view = refusedModal();
    // Only a rep of this team is picked in advance; the submission is checked again whoever is picked.
    else if (repId !== null && (await deps.store.reps.getRep(teamId, repId))) view = repQuotaModalFor(repId);
    else view = repQuotaModal();
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  });
}
