import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { setAccountIcp } from '../../db/accounts.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS } from '../ids.js';
import { escapeMrkdwn } from '../views/blocks.js';
import { confirmation } from '../views/replies.js';

const buttonValue = z.object({ accountId: z.number().int().positive() });

/** The "fits our ICP" / "outside our ICP" buttons under a confirmation. */
export function registerIcpButtons(app: App, deps: SlackDeps): void {
  const handle =
    (fit: 'yes' | 'no') =>
    async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      await ack();
      const parsed = buttonValue.safeParse(safeJson(action.value));
      const teamId = body.team?.id ?? body.user.team_id;
      const account = parsed.success && teamId ? setAccountIcp(deps.db, teamId, parsed.data.accountId, fit) : undefined;
      if (!account) {
        deps.logger.warn('ICP button for an unknown account', { value: action.value, teamId });
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'That account no longer exists, so nothing was changed.',
        });
        return;
      }
      const verdict = fit === 'yes' ? 'fits your ICP ✅' : 'is outside your ICP';
      const reply = confirmation({
        text: `*${escapeMrkdwn(account.name)}* ${verdict}.`,
        position: `Change it any time: \`/focus icp ${escapeMrkdwn(account.name)} ${fit === 'yes' ? 'no' : 'yes'}\``,
      });
      await respond({ response_type: 'ephemeral', replace_original: true, ...reply });
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
