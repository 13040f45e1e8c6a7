import type { AllMiddlewareArgs, App, BlockCheckboxesAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { setPlanDone } from '../../db/checkins.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS, dateOfPlanDoneBlock } from '../ids.js';

/** Ticking plan items in the evening reflection records which were done. */
export function registerPlanCheckboxes(app: App, deps: SlackDeps): void {
  app.action<BlockCheckboxesAction>(
    ACTIONS.planDone,
    async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockCheckboxesAction> & AllMiddlewareArgs) => {
      await ack();
      const date = dateOfPlanDoneBlock(action.block_id);
      const teamId = body.team?.id ?? body.user.team_id;
      if (!date || !teamId) {
        deps.logger.warn('Plan checkbox without a date or team', { blockId: action.block_id });
        return;
      }
      const doneIndexes = action.selected_options
        .map((option) => Number(option.value))
        .filter((index) => Number.isInteger(index) && index >= 0);
      // The rep can only ever tick their own plan: the user comes from Slack's signed payload.
      const checked = { teamId, userId: body.user.id, localDate: date, doneIndexes };
      const updated = await withBusyRetry(() => setPlanDone(deps.db, checked), REQUEST_BUSY_RETRY);
      if (!updated) {
        deps.logger.warn(`Plan checkbox for ${body.user.id} on ${date}, which has no plan`);
        return;
      }
      // Ticked in the reflection DM: the Home tab's copy follows (and the other way round).
      void deps.home.refresh(teamId, body.user.id);
    },
  );
}
