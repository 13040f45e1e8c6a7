import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { openSettings } from '../actions/home-buttons.js';
import { registerIcpListButtons } from '../actions/icp-list.js';
import type { SlackDeps } from '../deps.js';
import { sendQuotaNotice } from '../people.js';
import { postToResponseUrl } from '../respond.js';
import type { SlackRouter } from '../router.js';
import { messageOf } from '../views/blocks.js';
import { internalErrorReply } from '../views/replies.js';
import { contextFor } from './context.js';
import { type CommandResult, runCommandText } from './run.js';

/** `/focus …`: every reply is private (the ack's ephemeral response), acknowledged once. */
export function registerFocusCommand(routes: SlackRouter, deps: SlackDeps): void {
  // The buttons of `/focus icp`'s list belong to the command's reply.
  registerIcpListButtons(routes, deps);
  routes.command('/focus', async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    if (/^\s*settings\s*$/i.test(command.text ?? '')) {
      // A modal, not a message: opened with the command's trigger, acknowledged with nothing to post.
      await ack();
      try {
        await contextFor(deps, client, command.team_id, command.user_id);
        await openSettings(deps, client, {
          teamId: command.team_id,
          userId: command.user_id,
          triggerId: command.trigger_id,
        });
      } catch (error) {
        deps.logger.error('/focus settings failed:', error);
        const message = { response_type: 'ephemeral' as const, ...messageOf(internalErrorReply()) };
        await postToResponseUrl(command.response_url, message, deps.logger);
      }
      return;
    }
    let result: CommandResult;
    try {
      const makeContext = () => contextFor(deps, client, command.team_id, command.user_id);
      result = await runCommandText(makeContext, command.text ?? '');
    } catch (error) {
      deps.logger.error('/focus failed:', error);
      result = { reply: internalErrorReply(), changed: false };
    }
    await ack({ response_type: 'ephemeral', ...messageOf(result.reply) });
    if (result.changed) void deps.home.refresh(command.team_id, command.user_id);
    void sendQuotaNotice(deps, client, result.reply);
  });
}
