import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Account } from '../../db/accounts.js';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS } from '../ids.js';
import { postToResponseUrl } from '../respond.js';
import type { SlackRouter } from '../router.js';
import { codeSpan, messageOf, plainMrkdwn } from '../views/blocks.js';
import { confirmation, internalErrorReply } from '../views/replies.js';

const buttonValue = z.object({
  accountId: z.number().int().positive(),
  text: z.string().max(2000).optional(),
  position: z.string().max(2000).optional(),
});

/** The "fits our ICP" / "outside our ICP" buttons under a confirmation. */
export function registerIcpButtons(routes: SlackRouter, deps: SlackDeps): void {
  /** Posts to the response_url; a failure is logged, as there is nowhere else to show the answer in place. */
  const redraw = (body: BlockButtonAction, message: Parameters<typeof postToResponseUrl>[1]) =>
    postToResponseUrl(body.response_url, message, deps.logger);
  const handle =
    (fit: 'yes' | 'no') =>
    async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      await ack();
      const parsed = buttonValue.safeParse(safeJson(action.value));
      const teamId = body.team?.id ?? body.user.team_id;
      let account: Account | undefined;
      try {
        account =
          parsed.success && teamId
            ? await withBusyRetry(
                // In the team's transaction: on Postgres it queues behind a CRM sync of the team instead of deadlocking.
                () =>
                  deps.store.transaction((tx) => tx.accounts.setAccountIcp(teamId, parsed.data.accountId, fit), {
                    teamId,
                  }),
                REQUEST_BUSY_RETRY,
              )
            : undefined;
      } catch (error) {
        deps.logger.error('ICP button failed:', error);
        await redraw(body, { response_type: 'ephemeral', replace_original: false, ...messageOf(internalErrorReply()) });
        return;
      }
      if (!account || !parsed.success || !teamId) {
        // The value holds the confirmation's text: only its length and the account's ID are logged.
        deps.logger.warn(
          `ICP button for an unknown account (team ${teamId}, account ${parsed.success ? parsed.data.accountId : 'unreadable'}, value of ${action.value?.length ?? 0} characters)`,
        );
        await redraw(body, {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'That account no longer exists, so nothing was changed.',
        });
        return;
      }
      const verdict = fit === 'yes' ? 'fits your ICP ✅' : 'is outside your ICP';
      const answer = `*${plainMrkdwn(account.name)}* ${verdict}. Change it any time: ${codeSpan(`/focus icp ${account.name} ${fit === 'yes' ? 'no' : 'yes'}`)}`;
      // Redraw the confirmation the question sat under, with the answer in place of the buttons.
      const { text, position } = parsed.data;
      const reply = text
        ? confirmation({ text, position: position ? `${position}\n${answer}` : answer })
        : confirmation({ text: answer });
      // Saved by now: the Home tab shows it even if the redraw below fails (an expired response_url).
      void deps.home.refresh(teamId, body.user.id);
      await redraw(body, { response_type: 'ephemeral', replace_original: true, ...reply });
    };
  routes.action<BlockButtonAction>(ACTIONS.icpFits, handle('yes'));
  routes.action<BlockButtonAction>(ACTIONS.icpOutside, handle('no'));
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
