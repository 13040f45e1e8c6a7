/**
 * The answers to "Did you mean Globex Corp?" (commands/same-account.ts): finish the command the button
 * carries on the account chosen, or on a new account. Each press is checked against now: the rep asked, a
 * value that reads, an account that still exists and that the typed name still closely matches, the open
 * deal the question named still open, and not done already; otherwise it is refused and nothing changes.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { accountKey } from '../../domain/account-name.js';
import type { Command } from '../../domain/command.js';
import { foldName, nearMatch } from '../../domain/name-match.js';
import { type CommandContext, contextFor } from '../commands/context.js';
import { handleLostDeal } from '../commands/deals.js';
import { type CommandResult, runCommand } from '../commands/run.js';
import { type AskedCommand, type SameAccountValue, sameAccountValue } from '../commands/same-account.js';
import type { SlackDeps } from '../deps.js';
import { ACTIONS } from '../ids.js';
import { postToResponseUrl } from '../respond.js';
import type { SlackRouter } from '../router.js';
import { messageOf, type Reply, simpleReply } from '../views/blocks.js';
import { internalErrorReply } from '../views/replies.js';

/** A question older than this is not answered: the numbers it showed may have moved a lot since. */
export const QUESTION_LIFETIME_MS = 24 * 60 * 60 * 1000;

const PICK = new RegExp(`^(?:${ACTIONS.sameAccountPick}:\\d{1,2}|${ACTIONS.sameAccountNew})$`);

function refusal(text: string): CommandResult {
  return { reply: { ...simpleReply(`⚠️ ${text}`), refused: true }, changed: false };
}

export function registerSameAccountButtons(routes: SlackRouter, deps: SlackDeps): void {
  routes.action<BlockButtonAction>(
    PICK,
    async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const userId = body.user.id;
      const value = readValue(action.value, action.action_id);
      const unreadable = value === null || teamId === '';
      const problem = unreadable ? null : askedProblem(value, userId, deps.clock());
      // A forged or foreign button leaves the question as it was; a stale one replaces it with why.
      if (unreadable || problem !== null) {
        const text = unreadable
          ? 'That button can’t be read, so nothing was changed. Type the command again.'
          : problem;
        deps.logger.warn(
          `Same-account button refused (team ${teamId}, user ${userId}): ${unreadable ? 'unreadable' : 'stale or foreign'}`,
        );
        await respond(body, refusal(text ?? '').reply, false, deps);
        return;
      }
      let result: CommandResult;
      try {
        const ctx = await contextFor(deps, client, teamId, userId);
        result = await withBusyRetry(() => finish(ctx, value), REQUEST_BUSY_RETRY);
      } catch (error) {
        deps.logger.error('Same-account button failed:', error);
        await respond(body, internalErrorReply(), false, deps);
        return;
      }
      await respond(body, result.reply, true, deps);
      if (result.changed) void deps.home.refresh(teamId, userId);
    },
  );
}

async function respond(body: BlockButtonAction, reply: Reply, replace: boolean, deps: SlackDeps): Promise<void> {
  await postToResponseUrl(
    body.response_url,
    { response_type: 'ephemeral', replace_original: replace, ...messageOf(reply) },
    deps.logger,
  );
}

/** The button's value, when it reads and its kind agrees with the button (a known account, or a new one). */
function readValue(raw: string | undefined, actionId: string): SameAccountValue | null {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    return null;
  }
  const parsed = sameAccountValue.safeParse(json);
  if (!parsed.success) return null;
  const pick = actionId.startsWith(`${ACTIONS.sameAccountPick}:`);
  return pick === (parsed.data.accountId !== undefined) ? parsed.data : null;
}

function askedProblem(value: SameAccountValue, userId: string, now: number): string | null {
  if (value.user !== userId) return 'That question was asked of someone else, so nothing was changed.';
  if (now - value.at > QUESTION_LIFETIME_MS || value.at - now > QUESTION_LIFETIME_MS) {
    return 'That question is more than a day old, so nothing was changed. Type the command again.';
  }
  return null;
}

/** The command the button carries, as the handlers take it. */
function commandOf(asked: AskedCommand, account: string, asNew: boolean): Command {
  const choice = asNew ? { asNew: true as const } : {};
  if (asked.kind !== 'won') return { ...asked, account, ...choice };
  const [year, month, day] = asked.wonOn.split('-').map(Number);
  const words = { kind: 'date' as const, words: { year: year ?? 0, month: month ?? 0, day: day ?? 0 } };
  const { wonOn: typed, ...rest } = asked;
  return { ...rest, account, on: { words, typed }, ...choice };
}

/** Checks and writes in one transaction, so a second press sees the first one's write. */
function finish(ctx: CommandContext, value: SameAccountValue): Promise<CommandResult> {
  return ctx.store.transaction((tx) => finishIn({ ...ctx, store: tx }, value), { teamId: ctx.teamId });
}

async function finishIn(ctx: CommandContext, value: SameAccountValue): Promise<CommandResult> {
  const { command: asked } = value;
  // The first press of any of the question's buttons that does its work answers it; a second press, or another
  // of its buttons, is refused (remembered for a day, as long as a question may be answered at all).
  const key = `question:${ctx.teamId}:${ctx.userId}:${value.question}`;
  const answered = () => ctx.store.events.wasDelivered(key);
  const answer = async (result: CommandResult): Promise<CommandResult> => {
    if (!result.reply.refused) await ctx.store.events.firstDelivery(key, ctx.clock.now);
    return result;
  };
  const already = 'That question was answered already, so nothing was changed.';
  if (value.accountId === undefined) {
    // "No, it is a new account": the name as typed.
    if (await answered()) return refusal(already);
    return answer(await runCommand(ctx, commandOf(asked, asked.account, true)));
  }
  const account = await ctx.store.accounts.accountById(ctx.teamId, value.accountId);
  if (!account) return refusal('That account no longer exists, so nothing was changed.');
  const same = accountKey(account.name) === accountKey(asked.account);
  if (!same && nearMatch(foldName(asked.account), foldName(account.name)) === null) {
    return refusal('That button doesn’t match its question, so nothing was changed. Type the command again.');
  }
  if (value.dealId !== undefined && asked.kind !== 'lost') {
    const open = await ctx.store.deals.newestOpenDeal(ctx.teamId, ctx.userId, account.id);
    if (open?.id !== value.dealId) {
      return refusal(
        'That opportunity has changed since (closed or replaced), so nothing was changed. Type the command again.',
      );
    }
  }
  if (await answered()) return refusal(already);
  if (value.dealId !== undefined && asked.kind === 'lost') {
    return answer(dealResult(await handleLostDeal(ctx, value.dealId)));
  }
  return answer(await runCommand(ctx, commandOf(asked, account.name, false)));
}

function dealResult(reply: Reply): CommandResult {
  return { reply, changed: !reply.refused };
}
