import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import type { Reply } from '../views/blocks.js';
import { internalErrorReply } from '../views/replies.js';
import { contextFor } from './context.js';
import { runCommandText } from './run.js';

/** `/focus …`: every reply is private (the ack's ephemeral response), acknowledged once. */
export function registerFocusCommand(app: App, deps: SlackDeps): void {
  app.command('/focus', async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    let reply: Reply;
    try {
      reply = await runCommandText(
        () => contextFor(deps, client, command.team_id, command.user_id),
        command.text ?? '',
      );
    } catch (error) {
      deps.logger.error('/focus failed:', error);
      reply = internalErrorReply();
    }
    await ack({ response_type: 'ephemeral', ...reply });
  });
}
