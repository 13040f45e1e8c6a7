import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { decodeSlackEntities } from '../../domain/text.js';
import { type CommandContext, contextFor } from '../commands/context.js';
import type { CommandResult } from '../commands/run.js';
import type { SlackDeps } from '../deps.js';
import { isTeamId, isUserId } from '../id-check.js';
import type { InputId } from '../ids.js';
import type { SlackRouter } from '../router.js';
import type { Reply } from '../views/blocks.js';
import type { StateValues } from './fields.js';

/** A validated form: what to run, and the block to show a refusal on. Or the errors to show. */
export type FormOutcome =
  | { errors: Partial<Record<InputId, string>> }
  | { run(ctx: CommandContext): Promise<CommandResult>; errorBlock: InputId };

const SOMETHING_WENT_WRONG = 'Something went wrong on our side, and nothing was saved. Please try again.';

/** The refusal's first line as plain text, for an input's error under the field. */
export function refusalText(reply: Reply): string {
  const first = reply.blocks[0];
  const text = first?.type === 'section' && first.text ? first.text.text : reply.text;
  return decodeSlackEntities(text.replace(/^⚠️\s*/, '').replace(/[*`]/g, '')).slice(0, 300);
}

/**
 * A modal's submission: validated, then run (as the same command a rep could type, in one
 * transaction). Problems are answered inside the modal on the right field
 * (`response_action: errors`), never by a DM; on success the modal closes and Home refreshes.
 */
export function registerForm(
  routes: SlackRouter,
  deps: SlackDeps,
  callbackId: string,
  /** May wait (a person picked is checked with Slack); answered within Slack's 3 seconds all the same. */
  build: (values: StateValues, ctx: CommandContext) => FormOutcome | Promise<FormOutcome>,
): void {
  routes.view<ViewSubmitAction>(
    callbackId,
    async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const teamId = body.team?.id ?? body.user.team_id;
      const userId = body.user.id;
      const firstInput = view.blocks.find((block) => block.type === 'input')?.block_id ?? '';
      if (!isTeamId(teamId) || !isUserId(userId)) {
        // The global ID check drops these first; a form never writes under a missing team.
        deps.logger.warn(`Submission of ${callbackId} without a valid team or user; nothing was saved`);
        await ack({ response_action: 'errors', errors: { [firstInput]: SOMETHING_WENT_WRONG } });
        return;
      }
      try {
        const ctx = await contextFor(deps, client, teamId, userId);
        const outcome = await build(view.state.values, ctx);
        if ('errors' in outcome) {
          await ack({ response_action: 'errors', errors: outcome.errors as Record<string, string> });
          return;
        }
        // Each form's run is one transaction (or one statement), so a retry after a busy error is safe.
        const result = await withBusyRetry(() => outcome.run(ctx), REQUEST_BUSY_RETRY);
        if (result.reply.refused) {
          await ack({ response_action: 'errors', errors: { [outcome.errorBlock]: refusalText(result.reply) } });
          return;
        }
      } catch (error) {
        deps.logger.error(`Submission of ${callbackId} failed:`, error);
        await ack({ response_action: 'errors', errors: { [firstInput]: SOMETHING_WENT_WRONG } });
        return;
      }
      await ack();
      void deps.home.refresh(teamId, userId);
    },
  );
}
