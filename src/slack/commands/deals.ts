import { type Command, USAGE } from '../../domain/command.js';
import { resolveFutureDate } from '../../domain/date-words.js';
import { resolvePastDate } from '../../domain/past-date.js';
import { type Period, periodContaining } from '../../domain/period.js';
import { dealChangeRefusal, typedDealRefusal } from '../crm-guard.js';
import { plainMrkdwn, type Reply } from '../views/blocks.js';
import { shortDate } from '../views/dates.js';
import { wholeMoney } from '../views/format.js';
import { confirmation, errorReply, positionLine } from '../views/replies.js';
import type { CommandContext } from './context.js';
import { askAboutNearName } from './same-account.js';
import { reportAfterChange } from './status.js';

function dealWrite(ctx: CommandContext, account: string) {
  return { teamId: ctx.teamId, userId: ctx.userId, account, now: ctx.clock.now, today: ctx.clock.local.date };
}

async function position(ctx: CommandContext): Promise<string> {
  return positionLine(await reportAfterChange(ctx), ctx.team.currency);
}

export async function handleWon(ctx: CommandContext, typed: Extract<Command, { kind: 'won' }>): Promise<Reply> {
  const command = await wholeNameWins(ctx, typed);
  const crmRefusal = await typedDealRefusal({ ...ctx, account: command.account });
  if (crmRefusal) return crmRefusal;
  const today = ctx.clock.local.date;
  let wonOn = today;
  if (command.on) {
    const resolved = resolvePastDate(command.on, today);
    if (!resolved.ok) return errorReply({ message: `${resolved.problem}. Nothing was saved.`, ...USAGE.won });
    wonOn = resolved.date;
  }
  const question = command.asNew ? null : await askAboutNearName(ctx, command, wonOn);
  if (question) return question;
  const result = await ctx.store.deals.recordWin({
    ...dealWrite(ctx, command.account),
    amountCents: command.amountCents,
    wonOn,
  });
  const money = (cents: number) => wholeMoney(cents, ctx.team.currency);
  const name = plainMrkdwn(result.account.name);
  const closed = result.closedOpen
    ? ` It closes your open ${money(result.closedOpen.previousCents)} ${name} opportunity, so the pipeline no longer counts it.`
    : '';
  return confirmation({
    text: `🎉 Won *${money(command.amountCents)}* with *${name}*${wonOnPhrase(ctx, wonOn)}.${closed}`,
    position: await position(ctx),
    askIcpFor: result.account,
  });
}

/**
 * `won 5k Salon on Sun` is a win on the account "Salon on Sun" when the team has one by that whole name: a
 * known name is never cut short to read a date off its end.
 */
async function wholeNameWins(ctx: CommandContext, command: Extract<Command, { kind: 'won' }>): Promise<typeof command> {
  if (!command.on) return command;
  const whole = `${command.account} on ${command.on.typed}`;
  if (!(await ctx.store.accounts.findAccount(ctx.teamId, whole))) return command;
  const { on: _date, ...rest } = command;
  return { ...rest, account: whole };
}

/** ` on Sep 30, in Q3 2026 (not Q4 2026)` for a backdated win: it counts in the period holding its date. */
function wonOnPhrase(ctx: CommandContext, wonOn: string): string {
  const today = ctx.clock.local.date;
  if (wonOn === today) return '';
  const periodOf = (date: string) => periodContaining(ctx.rep.quotaPeriod, date, ctx.team.fiscalYearStartMonth);
  const booked = periodOf(wonOn);
  const current = periodOf(today);
  const when = ` on ${shortDate(wonOn, today)}`;
  return booked.start === current.start ? when : `${when}, in ${booked.label} (not ${current.label})`;
}

export async function handleOpp(ctx: CommandContext, command: Extract<Command, { kind: 'opp' }>): Promise<Reply> {
  const crmRefusal = await typedDealRefusal({ ...ctx, account: command.account });
  if (crmRefusal) return crmRefusal;
  const today = ctx.clock.local.date;
  const period = periodContaining(ctx.rep.quotaPeriod, today, ctx.team.fiscalYearStartMonth);
  let closeOn: string | null = null;
  if (command.close) {
    const resolved = resolveFutureDate(command.close.words, today, command.close.typed);
    if (!resolved.ok) return errorReply({ message: `${resolved.problem}. Nothing was saved.`, ...USAGE.opp });
    closeOn = resolved.date;
  }
  const question = command.asNew ? null : await askAboutNearName(ctx, command);
  if (question) return question;
  const result = await ctx.store.deals.addOpportunity({
    ...dealWrite(ctx, command.account),
    amountCents: command.amountCents,
    closeOn,
    defaultCloseOn: period.end,
  });
  const money = (cents: number) => wholeMoney(cents, ctx.team.currency);
  const name = plainMrkdwn(result.account.name);
  const closing = closingPhrase(result.closeOn ?? period.end, period, today);
  const text =
    result.updated === null
      ? `Added a *${money(command.amountCents)}* opportunity with *${name}* to your pipeline, ${closing}.`
      : `Updated your open *${name}* opportunity from ${money(result.updated.fromCents)} to *${money(command.amountCents)}*, ${closing} (one open deal per account).`;
  return confirmation({ text, position: await position(ctx), askIcpFor: result.account });
}

/** "closing Mar 15", and whether that is inside the period the card counts. */
function closingPhrase(closeOn: string, period: Period, today: string): string {
  const when = `closing ${shortDate(closeOn, today)}`;
  return closeOn > period.end ? `${when} (after ${period.label}: it counts for a later period, not this one)` : when;
}

export async function handleLost(ctx: CommandContext, command: Extract<Command, { kind: 'lost' }>): Promise<Reply> {
  const crmRefusal = await typedDealRefusal({ ...ctx, account: command.account });
  if (crmRefusal) return crmRefusal;
  const result = await ctx.store.deals.markLost(dealWrite(ctx, command.account));
  const name = plainMrkdwn(command.account);
  if (!result.ok) {
    if (result.reason === 'no-account') {
      const question = await askAboutNearName(ctx, command);
      if (question) return question;
    }
    // errorReply decodes and escapes &, < and > once; plainMrkdwn also keeps the name's * _ ~ ` from formatting.
    const message =
      result.reason === 'no-account'
        ? `There is no account called “${name}” yet, so nothing was changed. Check the spelling.`
        : `You have no open opportunity with ${plainMrkdwn(result.account?.name ?? command.account)}, so nothing was changed.`;
    return errorReply({ message, ...USAGE.lost });
  }
  const money = wholeMoney(result.amountCents, ctx.team.currency);
  const more = result.stillOpen > 0 ? ` You still have ${result.stillOpen} open with ${name}.` : '';
  return confirmation({
    text: `Marked your *${money}* opportunity with *${plainMrkdwn(result.account.name)}* lost.${more}`,
    position: await position(ctx),
  });
}

/** One chosen deal marked lost (the picker and the "Did you mean" buttons name deals, never just accounts). */
export async function handleLostDeal(ctx: CommandContext, dealId: number): Promise<Reply> {
  const crmRefusal = await dealChangeRefusal({ ...ctx, dealId });
  if (crmRefusal) return crmRefusal;
  const result = await ctx.store.deals.answerStaleDeal({ ...dealWrite(ctx, ''), dealId, answer: 'lost' });
  if (!result.ok) {
    return {
      ...confirmation({ text: '⚠️ That opportunity is no longer open, so nothing was changed.' }),
      refused: true,
    };
  }
  const money = wholeMoney(result.amountCents, ctx.team.currency);
  return confirmation({
    text: `Marked your *${money}* opportunity with *${plainMrkdwn(result.account)}* lost.`,
    position: await position(ctx),
  });
}
