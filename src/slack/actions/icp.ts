import type { AllMiddlewareArgs, App, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { setAccountIcp } from '../../db/accounts.js';
import { errorMessage } from '../../errors.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS } from '../ids.js';
import { escapeMrkdwn } from '../views/blocks.js';
import { confirmation } from '../views/replies.js';

const buttonValue = z.object({
  accountId: z.number().int().positive(),
  text: z.string().max(2000).optional(),
  position: z.string().max(2000).optional(),
});

/** The "fits our ICP" / "outside our ICP" buttons under a confirmation. */
export function registerIcpButtons(app: App, deps: SlackDeps): void {
  /** Posts to the response_url; a failure is logged, as there is nowhere else to show the answer in place. */
  const redraw = async (respond: RespondFn, message: Parameters<RespondFn>[0]) => {
    try {
      await respond(message);
    } catch (error) {
      deps.logger.warn('Could not update the message under the ICP buttons:', errorMessage(error));
    }
  };
  const handle =
    (fit: 'yes' | 'no') =>
    async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      await ack();
      const parsed = buttonValue.safeParse(safeJson(action.value));
      const teamId = body.team?.id ?? body.user.team_id;
      const account = parsed.success && teamId ? setAccountIcp(deps.db, teamId, parsed.data.accountId, fit) : undefined;
      if (!account || !parsed.success || !teamId) {
        deps.logger.warn('ICP button for an unknown account', { value: action.value, teamId });
        await redraw(respond, {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'That account no longer exists, so nothing was changed.',
        });
        return;
      }
      const verdict = fit === 'yes' ? 'fits your ICP ✅' : 'is outside your ICP';
      const answer = `*${escapeMrkdwn(account.name)}* ${verdict}. Change it any time: \`/focus icp ${escapeMrkdwn(account.name)} ${fit === 'yes' ? 'no' : 'yes'}\``;
      // Redraw the confirmation the question sat under, with the answer in place of the buttons.
      const { text, position } = parsed.data;
      const reply = text
        ? confirmation({ text, position: position ? `${position}\n${answer}` : answer })
        : confirmation({ text: answer });
      // Saved by now: the Home tab shows it even if the redraw below fails (an expired response_url).
      void deps.home.refresh(teamId, body.user.id);
      await redraw(respond, { response_type: 'ephemeral', replace_original: true, ...reply });
    };
  app.action<BlockButtonAction>(ACTIONS.icpFits, handle('yes'));
  app.action<BlockButtonAction>(ACTIONS.icpOutside, handle('no'));
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
