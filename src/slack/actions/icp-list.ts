/**
 * The buttons of `/focus icp`'s list. The list is an ephemeral reply, whose blocks Slack does not send back
 * with the press, so each answer sets the fit and redraws the whole list, read again, through the response_url:
 * what was done on top, the accounts still waiting beneath.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { contextFor } from '../commands/context.js';
import { waitingAccounts } from '../commands/show.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS } from '../ids.js';
import { postToResponseUrl } from '../respond.js';
import type { SlackRouter } from '../router.js';
import { messageOf, plainMrkdwn } from '../views/blocks.js';
import { icpListReply } from '../views/current.js';
import { internalErrorReply } from '../views/replies.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function registerIcpListButtons(routes: SlackRouter, deps: SlackDeps): void {
  const handle =
    (fit: 'yes' | 'no') =>
    async ({ ack, body, action, client }: Args) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id;
      const accountId = Number(action.value);
      /** A private word beside the list, which stays as it was. */
      const tell = (text: string) =>
        postToResponseUrl(
          body.response_url,
          { response_type: 'ephemeral', replace_original: false, text },
          deps.logger,
        );
      if (!teamId || !Number.isSafeInteger(accountId) || accountId <= 0) {
        deps.logger.warn(
          `ICP list button without a team or an account (value of ${action.value?.length ?? 0} characters)`,
        );
        return;
      }
      try {
        const ctx = await contextFor(deps, client, teamId, body.user.id);
        const account = await withBusyRetry(
          // In the team's transaction: on Postgres it queues behind a CRM sync of the team instead of deadlocking.
          () => deps.store.transaction((tx) => tx.accounts.setAccountIcp(teamId, accountId, fit), { teamId }),
          REQUEST_BUSY_RETRY,
        );
        if (!account) {
          await tell('That account no longer exists, so nothing was changed.');
          return;
        }
        // Saved by now: Home shows it even if the redraw below fails (an expired response_url).
        void deps.home.refresh(teamId, body.user.id);
        const name = `*${plainMrkdwn(account.name)}*`;
        const done =
          fit === 'yes'
            ? `✅ ${name} fits your ICP: its deals and activity count, for the whole team.`
            : `${name} is outside your ICP: its deals are shown apart and its activity no longer counts, for the whole team.`;
        const reply = icpListReply(await waitingAccounts(deps.store, ctx), done);
        await postToResponseUrl(
          body.response_url,
          { response_type: 'ephemeral', replace_original: true, ...messageOf(reply) },
          deps.logger,
        );
      } catch (error) {
        deps.logger.error('ICP list button failed:', error);
        await tell(internalErrorReply().text);
      }
    };
  routes.action<BlockButtonAction>(ACTIONS.icpListFits, handle('yes'));
  routes.action<BlockButtonAction>(ACTIONS.icpListOutside, handle('no'));
}
