import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { internalErrorReply } from '../views/replies.js';
import { buildContext } from './context.js';
import { runCommandText } from './run.js';

/** `/focus …`: every reply is private (the ack's ephemeral response). */
export function registerFocusCommand(app: App, deps: SlackDeps): void {
  app.command('/focus', async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    try {
      const rep = await deps.profiles.ensure(client, command.team_id, command.user_id);
      const ctx = buildContext({
        db: deps.db,
        settings: deps.settings,
        teamId: command.team_id,
        userId: command.user_id,
        rep,
        client,
        profiles: deps.profiles,
        now: deps.clock(),
      });
      const reply = await runCommandText(ctx, command.text ?? '');
      await ack({ response_type: 'ephemeral', ...reply });
    } catch (error) {
      deps.logger.error('/focus failed:', error);
      await ack({ response_type: 'ephemeral', ...internalErrorReply() });
    }
  });
}
