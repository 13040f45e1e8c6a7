import type { KnownBlock } from '@slack/types';
import type { CommandError } from '../../domain/command.js';
import type { GapReport } from '../../domain/gap.js';
import { decodeSlackEntities } from '../../domain/text.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  LIMITS,
  plainMrkdwn,
  type Reply,
  section,
  simpleReply,
  stripMrkdwn,
} from './blocks.js';
import { moneyIn, percent } from './format.js';
import { positionPhrase } from './gap-card.js';

/** Bad input: what was wrong, the right form and an example. Always private, nothing written. */
export function errorReply(error: CommandError): Reply {
  // Messages quote the user's text as Slack sent it (entities escaped): decode, then escape once.
  const message = escapeMrkdwn(decodeSlackEntities(capitalised(error.message)));
  const text = `⚠️ ${message}`;
  // Usages hold placeholders like <amount>, which Slack would read as links unless escaped.
  const usage = escapeMrkdwn(error.usage);
  // A form the message already shows (`Try /focus help`) is not repeated, nor an example that is the form itself.
  if (error.message.includes(`\`${error.usage}\``) && error.example === error.usage) {
    return { text: stripMrkdwn(message), blocks: [section(text)], refused: true };
  }
  const example = error.example === error.usage ? '' : `\nExample: \`${escapeMrkdwn(error.example)}\``;
  return {
    text: stripMrkdwn(`${message} Right form: ${usage}`),
    blocks: [section(text), context([`Right form: \`${usage}\`${example}`])],
    refused: true,
  };
}

/** Every reply is a sentence: a handler's message that starts in lower case gets its capital here. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A manager-only action asked for by a rep: refused, nothing written. */
export function managersOnlyReply(what: string): Reply {
  return {
    ...simpleReply(
      `⚠️ Only managers can ${what}. Nothing was changed.`,
      'Managers are the workspace admins and owners, and the people your operator lists in FOCUS_MANAGERS.',
    ),
    refused: true,
  };
}

export function internalErrorReply(): Reply {
  return {
    refused: true,
    ...simpleReply(
      '⚠️ Something went wrong on our side, and nothing was saved. Please try again in a moment.',
      'If it keeps happening, tell whoever runs Focus Coach for your team.',
    ),
  };
}

/** One line of where the rep stands after a change, in the card's words and figures. */
export function positionLine(report: GapReport, currency: string): string {
  const money = moneyIn(currency);
  const pipeline = `counted pipeline ${money(report.pipeline.counted.cents)}`;
  const position = positionPhrase(report, currency);
  if (position === null || report.attainment === null) return `No quota set yet · ${pipeline}`;
  if (report.gapCents === 0) return `${position.charAt(0).toUpperCase()}${position.slice(1)} · ${pipeline}`;
  const perDay = report.perDayNeededCents === null ? '' : ` · ${money(report.perDayNeededCents)} per working day`;
  return `Gap now ${money(report.gapCents)} (${percent(report.attainment)} of ${money(report.quotaCents ?? 0)})${perDay} · ${pipeline}`;
}

/** The question asked once for a new or unclassified account: does it fit the ideal customer profile? */
/**
 * The button value: the account, plus the confirmation the question sits under, so the
 * answer can redraw that message without the question (ephemeral messages are not sent back).
 */
export interface IcpButtonValue {
  accountId: number;
  text?: string;
  position?: string;
}

export function icpButtonValue(input: IcpButtonValue): string {
  const value = JSON.stringify(input);
  // Button values hold 2,000 characters; the account alone always fits.
  return value.length <= LIMITS.buttonValue ? value : JSON.stringify({ accountId: input.accountId });
}

export function icpQuestion(
  account: { id: number; name: string },
  under: { text?: string; position?: string } = {},
): KnownBlock[] {
  const value = icpButtonValue({ accountId: account.id, ...under });
  return [
    section(`Does *${plainMrkdwn(account.name)}* fit your ideal customer profile?`),
    actions(BLOCKS.icpQuestion, [
      button({ text: 'Fits our ICP', actionId: ACTIONS.icpFits, value, style: 'primary' }),
      button({ text: 'Outside our ICP', actionId: ACTIONS.icpOutside, value }),
    ]),
  ];
}

/** A confirmation, the rep's position after it, and the ICP question when the account's fit is unknown. */
export function confirmation(input: {
  text: string;
  position?: string;
  askIcpFor?: { id: number; name: string; icp: string } | null;
}): Reply {
  const blocks: KnownBlock[] = [section(input.text)];
  if (input.position) blocks.push(context([input.position]));
  if (input.askIcpFor && input.askIcpFor.icp === 'unknown') {
    blocks.push(...icpQuestion(input.askIcpFor, { text: input.text, position: input.position }));
  }
  const fallback = input.position ? `${input.text} ${input.position}` : input.text;
  return { text: stripMrkdwn(fallback), blocks };
}
