import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { pendingPrompt } from '../../coach/pending.js';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { accountKey } from '../../domain/account-name.js';
import {
  type AccountsSeen,
  type DmRoute,
  MAX_REFLECTION_LENGTH,
  type PendingPrompt,
  routeDmMessage,
} from '../../domain/dm-route.js';
import { foldName, nearMatch } from '../../domain/name-match.js';
import { parseCommand } from '../../domain/parse-command.js';
import { type CommandContext, contextFor } from '../commands/context.js';
import { type CommandResult, runCommandText } from '../commands/run.js';
import type { SlackDeps } from '../deps.js';
import { dmReplyKey, replyInDm } from '../dm-reply.js';
import { reflectionSavedText } from '../farewell.js';
import { isConversationId } from '../id-check.js';
import { carryQuotaNotice, sendQuotaNotice } from '../people.js';
import type { SlackRouter } from '../router.js';
import { context, type Reply } from '../views/blocks.js';
import { friendlyDate } from '../views/dates.js';
import { confirmation, errorReply, internalErrorReply } from '../views/replies.js';

const COMMANDS_TOO =
  'Commands work here without the slash (`log call 3 Acme`, `won 12k Initech`), even while I wait for an answer, and as `/focus …` any time.';

/** A message in the bot's DM: a command, the answer to a pending check-in or reflection, or neither. */
export function registerDmMessages(routes: SlackRouter, deps: SlackDeps): void {
  routes.event('message', async ({ event, body, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || ('bot_id' in event && event.bot_id)) return;
    const userId = event.user;
    const teamId = body.team_id;
    let result: CommandResult;
    try {
      const ctx = await contextFor(deps, client, teamId, userId);
      if (ctx.rep.dmChannelId !== event.channel && isConversationId(event.channel)) {
        const channel = event.channel;
        await withBusyRetry(() => deps.store.reps.setDmChannel(teamId, userId, channel), REQUEST_BUSY_RETRY);
      }
      result = await answerDm(ctx, event.text ?? '');
    } catch (error) {
      deps.logger.error('DM message failed:', error);
      result = { reply: internalErrorReply(), changed: false };
    }
    // Saved whether or not the reply arrives: the Home tab shows the change either way.
    if (result.changed) void deps.home.refresh(teamId, userId);
    void sendQuotaNotice(deps, client, result.reply);
    // Sent once, with a key of its own: a redelivered event is dropped before here (dedupe.ts), and a
    // reply whose answer was lost is looked for before it is sent again (dm-reply.ts).
    const eventId = typeof body.event_id === 'string' ? body.event_id : `${event.channel}:${event.ts}`;
    await replyInDm({
      client,
      logger: deps.logger,
      channel: event.channel,
      userId,
      key: dmReplyKey(teamId, userId, eventId),
      reply: result.reply,
    });
  });
}

export async function answerDm(ctx: CommandContext, text: string): Promise<CommandResult> {
  const pending = await pendingPrompt(ctx.store, ctx.teamId, ctx.userId, ctx.clock.local.date);
  const route = await routeOf(ctx, text, pending);
  if (route.as === 'command') {
    const result = await runCommandText(async () => ctx, route.text);
    if (!route.while) return result;
    const reply = stillWaiting(result.reply, route.while);
    carryQuotaNotice(result.reply, reply);
    return { ...result, reply };
  }
  // A plan or a reflection: one write, waited for (without blocking) while another writer holds the lock.
  const reply = await withBusyRetry(() => answerPrompt(ctx, route), REQUEST_BUSY_RETRY);
  return { reply, changed: !reply.refused && route.as !== 'unknown' };
}

/**
 * How the message is taken. The route (pure and synchronous) asks about the rep's accounts only when a prompt
 * waits and the text parses; it runs once to learn which names it asks about, those are read, and it runs again
 * on the answers (until it asks nothing new).
 */
async function routeOf(ctx: CommandContext, text: string, pending: PendingPrompt): Promise<DmRoute> {
  const known = new Map<string, boolean>();
  const withDeal = new Map<string, boolean>();
  for (;;) {
    const asked = { known: new Set<string>(), withDeal: new Set<string>() };
    const seen: AccountsSeen = {
      isKnown: (name) => answerOf(known, asked.known, name),
      hasOpenDeal: (name) => answerOf(withDeal, asked.withDeal, name),
    };
    const route = routeDmMessage(text, pending, seen);
    if (asked.known.size === 0 && asked.withDeal.size === 0) return route;
    for (const name of asked.known) known.set(name, await isKnownAccount(ctx, name));
    for (const name of asked.withDeal) withDeal.set(name, await hasOpenDealOn(ctx, name));
  }
}

/** The answer read for `name`; a name not read yet is noted as asked, and taken as no for now. */
function answerOf(answers: ReadonlyMap<string, boolean>, asked: Set<string>, name: string): boolean {
  const answer = answers.get(name);
  if (answer !== undefined) return answer;
  asked.add(name);
  return false;
}

/** An account of the team by this name, near names included (`Initech` for Initech Corp): the command then asks. */
async function isKnownAccount(ctx: CommandContext, name: string): Promise<boolean> {
  if ((await ctx.store.accounts.findAccount(ctx.teamId, name)) !== undefined) return true;
  return (await ctx.store.accounts.nearAccounts(ctx.teamId, name, 1)).length > 0;
}

/** One of the rep's open deals is on an account by this name, or a near one. */
async function hasOpenDealOn(ctx: CommandContext, name: string): Promise<boolean> {
  const folded = foldName(name);
  return (await ctx.store.deals.openDealsOf(ctx.teamId, ctx.userId)).some(
    (deal) => accountKey(deal.account) === accountKey(name) || nearMatch(folded, foldName(deal.account)) !== null,
  );
}

/** A command typed while a prompt waits: its reply, and a line saying it was not the answer. */
function stillWaiting(reply: Reply, pending: NonNullable<PendingPrompt>): Reply {
  const prompt =
    pending.kind === 'checkin'
      ? `Taken as a command, not as your plan: the check-in for ${friendlyDate(pending.date)} still waits for today’s priorities.`
      : `Taken as a command, not as your reflection: the reflection for ${friendlyDate(pending.date)} still waits for your answer.`;
  return { ...reply, text: `${reply.text} ${prompt}`, blocks: [...reply.blocks, context([prompt])] };
}

async function answerPrompt(ctx: CommandContext, route: Exclude<DmRoute, { as: 'command' }>): Promise<Reply> {
  switch (route.as) {
    case 'plan': {
      const parsed = parseCommand(`plan ${route.text}`);
      if (!parsed.ok || parsed.command.kind !== 'plan') {
        return parsed.ok ? internalErrorReply() : errorReply(parsed.error);
      }
      const items = await ctx.store.checkins.setPlan({
        teamId: ctx.teamId,
        userId: ctx.userId,
        localDate: route.date,
        items: parsed.command.items,
        now: ctx.clock.now,
      });
      return confirmation({
        text: `Taken as your plan for ${friendlyDate(route.date)}:\n${items.map((item) => `☐ ${item.text}`).join('\n')}`,
        position: `This answered the morning check-in. ${COMMANDS_TOO}`,
      });
    }
    case 'reflection': {
      if (route.text.length === 0)
        return { ...confirmation({ text: 'That was empty, so nothing was saved.' }), refused: true };
      if (route.text.length > MAX_REFLECTION_LENGTH) {
        return {
          ...confirmation({
            text: `⚠️ That's ${route.text.length} characters; a reflection keeps up to ${MAX_REFLECTION_LENGTH}. Nothing was saved: please shorten it.`,
          }),
          refused: true,
        };
      }
      await ctx.store.checkins.setReflection({
        teamId: ctx.teamId,
        userId: ctx.userId,
        localDate: route.date,
        text: route.text,
        now: ctx.clock.now,
      });
      return confirmation({
        text: await reflectionSavedText(ctx, route.date),
        position: `This answered the evening reflection. ${COMMANDS_TOO}`,
      });
    }
    case 'unknown':
      return confirmation({
        text: "I wasn't waiting for an answer, so I didn't save that.",
        position: `To set or replace today's plan, start with \`plan\`: \`plan Call Initech; Send Umbrella proposal\`. ${COMMANDS_TOO}`,
      });
  }
}
