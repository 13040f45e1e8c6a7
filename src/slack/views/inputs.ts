/**
 * Block Kit input primitives for modals. Each input block holds one element whose
 * action ID equals the block ID (see INPUTS in ids.ts).
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { InputId } from '../ids.js';
import { truncate } from './blocks.js';

type Element = InputBlock['element'];
/** An input element before input() gives it its action ID. */
export type InputElement = Element extends infer E ? (E extends unknown ? Omit<E, 'action_id'> : never) : never;

export function plain(text: string, max = 75) {
  return { type: 'plain_text' as const, text: truncate(text, max), emoji: true };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text), value: truncate(value, 75) };
}

export function input(
  id: InputId,
  label: string,
  element: InputElement,
  options: { optional?: boolean; hint?: string } = {},
): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: id,
    label: plain(label, 2000),
    element: { ...element, action_id: id } as Element,
    optional: options.optional ?? false,
  };
  if (options.hint) block.hint = plain(options.hint, 2000);
  return block;
}

export function staticSelect(options: PlainTextOption[], initial?: string): InputElement {
  const selected = options.find((o) => o.value === initial);
  return { type: 'static_select', options: options.slice(0, 100), ...(selected ? { initial_option: selected } : {}) };
}

export function radio(options: PlainTextOption[], initial?: string): InputElement {
  const selected = options.find((o) => o.value === initial);
  return { type: 'radio_buttons', options: options.slice(0, 10), ...(selected ? { initial_option: selected } : {}) };
}

/** A modal: title, submit and close labels are at most 24 characters. */
export function modal(callbackId: string, title: string, blocks: KnownBlock[], submit: string | null): ModalView {
  const view: ModalView = {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    close: plain('Cancel', 24),
    blocks: blocks.slice(0, 100),
  };
  if (submit) view.submit = plain(submit, 24);
  return view;
}
