/**
 * Looking back, in words a sales manager can check by hand: a rep's period that ended (opening their first
 * check-in of the next one), the team's (in its first weekly post after it), and the wins since the last post.
 */
import type { KnownBlock } from '@slack/types';
import type { PeriodRecap, PeriodTurn } from '../../coach/recap.js';
import type { TeamRecap, WeeklyLookBack } from '../../coach/weekly-recap.js';
import type { TeamWin } from '../../db/recaps.js';
import type { PeriodKind } from '../../domain/command.js';
import { plainMrkdwn, type Reply, section, stripMrkdwn } from './blocks.js';
import { shortDate } from './dates.js';
import { listOf, moneyIn, percent, plural } from './format.js';

const KIND_ADJECTIVE: Record<PeriodKind, string> = { month: 'monthly', quarter: 'quarterly', year: 'yearly' };

/** Said beside the count, so the rep knows what "kept" means. */
export const PLAN_KEPT_RULE = 'a plan counts as kept when more than half its items were ticked done';

/** "112% of your $500,000 quota: $560,000 won, $60,000 over." */
function resultLine(recap: Pick<PeriodRecap, 'quotaCents' | 'wonCents'>, money: (cents: number) => string): string {
  const { quotaCents, wonCents } = recap;
  if (quotaCents === null) return `No quota was set; ${money(wonCents)} won.`;
  const attainment = quotaCents === 0 ? 1 : wonCents / quotaCents;
  const diff = wonCents - quotaCents;
  const tail = diff > 0 ? `, ${money(diff)} over` : diff < 0 ? `, ${money(-diff)} short` : ', quota met exactly';
  return `*${percent(attainment)}* of your ${money(quotaCents)} quota: ${money(wonCents)} won${tail}.`;
}

/** The rep's recap of a period that ended. */
export function periodRecapLines(recap: PeriodRecap, currency: string): string {
  const money = moneyIn(currency);
  const { largestWin, mix, plans } = recap;
  const activity = mix.icp + mix.nonIcp + mix.unclassified + mix.noAccount;
  const lines = [`*${recap.period.label} recap*`, resultLine(recap, money)];
  if (largestWin) {
    const on = shortDate(largestWin.closedOn);
    lines.push(`• Largest win: ${money(largestWin.amountCents)}, ${plainMrkdwn(largestWin.account)} (${on})`);
  }
  lines.push(
    activity === 0
      ? '• ICP share of work: no activity was logged'
      : `• ICP share of work: ${percent(mix.icp / activity)} (${mix.icp} of ${plural(activity, 'logged activity', 'logged activities')} on ICP accounts)`,
  );
  lines.push(
    `• Plans kept: ${plans.kept} of ${plural(plans.workingDays, 'working day')} (${PLAN_KEPT_RULE}; plans made on ${plural(plans.planned, 'day')})`,
  );
  return lines.join('\n');
}

/** "Q2 2027 quota: $500,000, as in Q1 2027: change it with /focus quota." */
export function carriedQuotaLine(turn: PeriodTurn, currency: string): string | null {
  if (turn.carriedQuotaCents === null) return null;
  return `*${turn.period.label} quota: ${moneyIn(currency)(turn.carriedQuotaCents)}*, as in ${turn.ended.label}: change it with \`/focus quota\`.`;
}

/** The check-in, opened with the period turn (the recap first, then the carried quota); as it was without one. */
export function openWithPeriodTurn(reply: Reply, turn: PeriodTurn | null, currency: string): Reply {
  if (turn === null) return reply;
  const blocks: KnownBlock[] = [];
  const said: string[] = [];
  if (turn.recap) {
    blocks.push(section(periodRecapLines(turn.recap, currency)));
    said.push(`${turn.recap.period.label}: ${stripMrkdwn(resultLine(turn.recap, moneyIn(currency)))}`);
  }
  const carried = carriedQuotaLine(turn, currency);
  if (carried) {
    blocks.push(section(carried));
    said.push(stripMrkdwn(carried));
  }
  return { ...reply, text: `${said.join(' ')} ${reply.text}`, blocks: [...blocks, ...reply.blocks] };
}

/** The team's recap of a period that ended. */
export function teamRecapLine(recap: TeamRecap, currency: string): string {
  const money = moneyIn(currency);
  const parts = [`*${recap.period.label} recap*`];
  if (recap.repsWithQuota === 0) {
    parts.push(`no rep had a ${KIND_ADJECTIVE[recap.period.kind]} quota; ${money(recap.otherWonCents)} won`);
    return parts.join(': ');
  }
  const attainment = recap.quotaCents === 0 ? 1 : recap.wonCents / recap.quotaCents;
  let line = `${parts[0]}: ${money(recap.wonCents)} won of the team’s ${money(recap.quotaCents)} quota (*${percent(attainment)}*)`;
  const shown = recap.atOrOver.slice(0, MENTIONS_SHOWN).map((userId) => `<@${userId}>`);
  const more = recap.atOrOver.length - shown.length;
  const who = shown.length === 0 ? '' : `: ${listOf(more > 0 ? [...shown, `${more} more`] : shown)}`;
  line += ` · ${recap.atOrOver.length} of ${plural(recap.repsWithQuota, 'rep')} at or over quota${who}`;
  if (recap.otherWonCents > 0) {
    line += ` · ${money(recap.otherWonCents)} more won by reps without a ${KIND_ADJECTIVE[recap.period.kind]} quota`;
  }
  return line;
}

/** Reps named in the team recap; the rest are counted. */
const MENTIONS_SHOWN = 20;

/** Wins listed in the post itself; the rest go to its thread. */
export const WINS_IN_POST = 10;

/** Wins per thread message: well inside a section's 3,000 characters even with long account names. */
const WINS_PER_PART = 15;

export function winLine(win: TeamWin, currency: string): string {
  const late = win.late ? ' (booked after the last post)' : '';
  return `• <@${win.userId}> ${moneyIn(currency)(win.amountCents)} · ${plainMrkdwn(win.account)} · ${shortDate(win.closedOn)}${late}`;
}

/** The wins section of the post, and the thread parts listing the wins the post has no room for. */
export function winsSince(lookBack: WeeklyLookBack, currency: string): { block: KnownBlock; thread: Reply[] } {
  const money = moneyIn(currency);
  const { window, wins } = lookBack;
  const days = `${shortDate(window.from, window.to)} – ${shortDate(window.to)}`;
  const title = lookBack.since === null ? `*Won in the last 7 days* (${days})` : `*Won since the last post* (${days})`;
  if (wins.length === 0) return { block: section(`${title}: no wins recorded.`), thread: [] };
  const total = wins.reduce((sum, win) => sum + win.amountCents, 0);
  const lines = wins.slice(0, WINS_IN_POST).map((win) => winLine(win, currency));
  const rest = wins.slice(WINS_IN_POST);
  if (rest.length > 0) {
    const restCents = rest.reduce((sum, win) => sum + win.amountCents, 0);
    lines.push(`…and ${plural(rest.length, 'more win')} (${money(restCents)}), listed in the thread.`);
  }
  const block = section(`${title}: ${plural(wins.length, 'win')}, ${money(total)}\n${lines.join('\n')}`);
  const thread: Reply[] = [];
  for (let i = 0; i < rest.length; i += WINS_PER_PART) {
    const part = `*More wins since the last post*\n${rest
      .slice(i, i + WINS_PER_PART)
      .map((win) => winLine(win, currency))
      .join('\n')}`;
    thread.push({ text: stripMrkdwn(part), blocks: [section(part)] });
  }
  return { block, thread };
}
