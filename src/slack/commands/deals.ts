import { addOpportunity, markLost, recordWin } from '../../db/deals.js';
import { type Command, USAGE } from '../../domain/command.js';
import { formatMoney } from '../../domain/money.js';
import { escapeMrkdwn, type Reply } from '../views/blocks.js';
import { confirmation, errorReply, positionLine } from '../views/replies.js';
import type { CommandContext } from './context.js';
import { reportAfterChange } from './status.js';

function dealWrite(ctx: CommandContext, account: string) {
  return { teamId: ctx.teamId, userId: ctx.userId, account, now: ctx.clock.now, today: ctx.clock.local.date };
}

function position(ctx: CommandContext): string {
  return positionLine(reportAfterChange(ctx), ctx.team.currency);
}

export function handleWon(ctx: CommandContext, command: Extract<Command, { kind: 'won' }>): Reply {
  const result = recordWin(ctx.db, { ...dealWrite(ctx, command.account), amountCents: command.amountCents });
  const money = (cents: number) => formatMoney(cents, ctx.team.currency);
  const name = escapeMrkdwn(result.account.name);
  const closed = result.closedOpen
    ? ` It closes your open ${money(result.closedOpen.previousCents)} ${name} opportunity, so the pipeline no longer counts it.`
    : '';
  return confirmation({
    text: `🎉 Won *${money(command.amountCents)}* with *${name}*.${closed}`,
    position: position(ctx),
    askIcpFor: result.account,
  });
}

export function handleOpp(ctx: CommandContext, command: Extract<Command, { kind: 'opp' }>): Reply {
  const result = addOpportunity(ctx.db, { ...dealWrite(ctx, command.account), amountCents: command.amountCents });
  const money = (cents: number) => formatMoney(cents, ctx.team.currency);
  const name = escapeMrkdwn(result.account.name);
  const text =
    result.updatedFromCents === null
      ? `Added a *${money(command.amountCents)}* opportunity with *${name}* to your pipeline.`
      : `Updated your open *${name}* opportunity from ${money(result.updatedFromCents)} to *${money(command.amountCents)}* (one open deal per account).`;
  return confirmation({ text, position: position(ctx), askIcpFor: result.account });
}

export function handleLost(ctx: CommandContext, command: Extract<Command, { kind: 'lost' }>): Reply {
  const result = markLost(ctx.db, dealWrite(ctx, command.account));
  const name = escapeMrkdwn(command.account);
  if (!result.ok) {
    const message =
      result.reason === 'no-account'
        ? `There is no account called “${command.account}” yet, so nothing was changed. Check the spelling.`
        : `You have no open opportunity with ${result.account?.name ?? command.account}, so nothing was changed.`;
    return errorReply({ message, ...USAGE.lost });
  }
  const money = formatMoney(result.amountCents, ctx.team.currency);
  const more = result.stillOpen > 0 ? ` You still have ${result.stillOpen} open with ${name}.` : '';
  return confirmation({
    text: `Marked your *${money}* opportunity with *${escapeMrkdwn(result.account.name)}* lost.${more}`,
    position: position(ctx),
  });
}
