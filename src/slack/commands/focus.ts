import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { messageOf } from '../views/blocks.js';
import { internalErrorReply } from '../views/replies.js';
import { contextFor } from './context.js';
import { type CommandResult, runCommandText } from './run.js';

/** `/focus …`: every reply is private (the ack's ephemeral response), acknowledged once. */
export function registerFocusCommand(app: App, deps: SlackDeps): void {
  app.command('/focus', async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    let result: CommandResult;
    try {
      const makeContext = () => contextFor(deps, client, command.team_id, command.user_id);
      result = await runCommandText(makeContext, command.text ?? '');
    } catch (error) {
      deps.logger.error('/focus failed:', error);
      result = { reply: internalErrorReply(), changed: false };
    }
    await ack({ response_type: 'ephemeral', ...messageOf(result.reply) });
    if (result.changed) void deps.home.refresh(client, command.team_id, command.user_id);
  });
}
