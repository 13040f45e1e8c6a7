/**
 * Small typed Block Kit primitives. Each enforces Slack's limits (../shared/SLACK.md)
 * by truncating, so no builder can produce a block Slack would refuse.
 */
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
} from '@slack/types';

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
} as const;

/** A reply: blocks plus the plain text Slack shows in notifications and to screen readers. */
export interface Reply {
  text: string;
  blocks: KnownBlock[];
  /** Set on refusals (bad input, no permission): nothing was written. Never sent to Slack. */
  refused?: true;
}

/** What goes to Slack: the text and blocks only. */
export function messageOf(reply: Reply): { text: string; blocks: KnownBlock[] } {
  return { text: reply.text, blocks: reply.blocks };
}

/** At most `max` characters (code points), ending in … when cut; never cuts an &amp; entity in half. */
export function truncate(text: string, max: number): string {
  // No longer in UTF-16 units than `max` is no longer in characters either: nothing to cut.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .replace(/&[a-z]{0,3}$/, '')}…`;
}

/** User-typed text shown in mrkdwn: &, < and > must not become links, mentions or broken markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Look-alikes for mrkdwn's formatting marks. Slack has no escape for them, so a name such as `*Bold* Co`
 * inside the card's `*…*` would end the bold early; the look-alike reads the same and formats nothing.
 */
const FORMATTING_LOOKALIKES: Record<string, string> = { '*': '∗', _: 'ˍ', '~': '∼', '`': 'ˋ' };

/**
 * Text the rep typed as data (an account name) shown in mrkdwn exactly as typed: &, < and > escaped as
 * escapeMrkdwn does, and * _ ~ ` shown as look-alikes so they neither format nor break the formatting
 * around them. What is stored is unchanged; only the display differs.
 */
export function plainMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/[*_~`]/g, (mark) => FORMATTING_LOOKALIKES[mark] ?? mark);
}

/**
 * Text shown as inline code that the rep can copy and type back: inside a code span * _ ~ format nothing, so
 * only &, < and > are escaped, and a backtick (which would end the span) becomes a look-alike.
 */
export function codeSpan(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, FORMATTING_LOOKALIKES['`'] ?? "'")}\``;
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function section(text: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
  if (accessory) block.accessory = accessory;
  return block;
}

export function fields(items: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: items.slice(0, LIMITS.fields).map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.fieldText) })),
  };
}

export function context(items: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: items.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: truncate(text, 2000) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(input: {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  /** A confirmation dialog before the action is sent (for what cannot be undone from the message). */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}): Button {
  const element: Button = {
    type: 'button',
    text: { type: 'plain_text', text: truncate(input.text, LIMITS.buttonText), emoji: true },
    action_id: input.actionId,
  };
  if (input.value !== undefined) element.value = input.value;
  if (input.style) element.style = input.style;
  if (input.confirm) {
    const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 100), emoji: true });
    element.confirm = {
      title: plain(input.confirm.title),
      text: { type: 'mrkdwn', text: truncate(input.confirm.text, 300) },
      confirm: plain(input.confirm.confirm),
      deny: plain(input.confirm.deny),
      ...(input.style === 'danger' ? { style: 'danger' as const } : {}),
    };
  }
  return element;
}

export function actions(blockId: string, elements: readonly ActionsBlockElement[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) };
}

/** A reply of one section, for confirmations and errors. */
export function simpleReply(text: string, note?: string): Reply {
  const blocks: KnownBlock[] = [section(text)];
  if (note) blocks.push(context([note]));
  return { text: stripMrkdwn(note ? `${text} ${note}` : text), blocks };
}

/** The notification text: bold and code markers removed, escapes kept (Slack renders them). */
export function stripMrkdwn(text: string): string {
  return truncate(text.replace(/[*`]/g, ''), LIMITS.sectionText);
}
