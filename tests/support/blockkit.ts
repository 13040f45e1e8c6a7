import type { HomeView, ModalView } from '@slack/types';
import { expect } from 'vitest';
import type { Reply } from '../../src/slack/views/blocks.js';

// --- A loose view of Block Kit JSON, so one walker checks every message and view -----------------

export interface TextObject {
  type: string;
  text: string;
  emoji?: boolean;
}
export interface Option {
  text: TextObject;
  value: string;
}
export interface Element {
  type: string;
  text?: TextObject | string;
  action_id?: string;
  value?: string;
  style?: string;
  placeholder?: TextObject;
  options?: Option[];
  initial_options?: Option[];
  initial_option?: Option;
  initial_value?: string;
  initial_time?: string;
  initial_date?: string;
  initial_conversation?: string;
  min_value?: string;
  max_value?: string;
  max_length?: number;
}
export interface LooseBlock {
  type: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: Element[];
  accessory?: Element;
  label?: TextObject;
  hint?: TextObject;
  element?: Element;
  optional?: boolean;
}
export interface LooseView {
  type: string;
  callback_id?: string;
  private_metadata?: string;
  title?: TextObject;
  submit?: TextObject;
  close?: TextObject;
  blocks: LooseBlock[];
}

/** Anything made of blocks: a message reply, a Home tab or a modal. */
export type WithBlocks = Reply | HomeView | ModalView;

export const loose = (view: HomeView | ModalView): LooseView => view as unknown as LooseView;

export function blocksOf(container: WithBlocks): LooseBlock[] {
  return container.blocks as unknown as LooseBlock[];
}

/** Slack's limits count characters; the builders truncate by code points, so an emoji is one. */
export const chars = (text: string): number => Array.from(text).length;

// --- Finding things ------------------------------------------------------------------------------

/** Every mrkdwn string in the blocks, in order. */
export function mrkdwnTexts(container: WithBlocks): string[] {
  const texts: string[] = [];
  for (const block of blocksOf(container)) {
    if (block.text?.type === 'mrkdwn') texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    for (const element of block.elements ?? []) {
      if (element.type === 'mrkdwn' && typeof element.text === 'string') texts.push(element.text);
    }
  }
  return texts;
}

export function allText(container: WithBlocks): string {
  return mrkdwnTexts(container).join('\n');
}

export function buttonsOf(container: WithBlocks): Element[] {
  return blocksOf(container).flatMap((block) =>
    block.type === 'actions' ? (block.elements ?? []).filter((element) => element.type === 'button') : [],
  );
}

export function checkboxesOf(container: WithBlocks): { blockId: string | undefined; element: Element }[] {
  return blocksOf(container).flatMap((block) =>
    block.type === 'actions'
      ? (block.elements ?? [])
          .filter((element) => element.type === 'checkboxes')
          .map((element) => ({ blockId: block.block_id, element }))
      : [],
  );
}

export function inputsOf(view: ModalView): LooseBlock[] {
  return blocksOf(view).filter((block) => block.type === 'input');
}

export function inputOf(view: ModalView, id: string): LooseBlock {
  const block = inputsOf(view).find((b) => b.block_id === id);
  if (!block) throw new Error(`no input ${id}`);
  return block;
}

export function elementOf(view: ModalView, id: string): Element {
  const element = inputOf(view, id).element;
  if (!element) throw new Error(`input ${id} has no element`);
  return element;
}

/** How many times each user is mentioned across some messages or views (blocks only: a reply's text repeats them). */
export function mentionCounts(containers: readonly WithBlocks[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const container of containers) {
    for (const match of allText(container).matchAll(/<@([A-Z0-9]+)>/g)) {
      const id = match[1] ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

// --- Messages --------------------------------------------------------------------------------------

/** Slack refuses a message whose blocks add up to more than about 13,200 characters (SLACK.md). */
export function expectWithinMessageSize(reply: Reply): void {
  // msg_blocks_too_long: about 13,200 characters of blocks in practice
  expect(JSON.stringify(reply.blocks).length).toBeLessThan(13_200);
}

/**
 * Slack's limits (../shared/SLACK.md "Block Kit limits") and our own rules, for every message reply: the
 * strictest of the checks the message tests used to keep one by one (message size included).
 */
export function expectValidReply(reply: Reply): void {
  expect(reply.text.trim()).not.toBe('');
  expect(reply.text).not.toContain('*');
  expect(reply.blocks.length).toBeGreaterThan(0);
  expect(reply.blocks.length).toBeLessThanOrEqual(50);
  expectWithinMessageSize(reply);
  for (const block of blocksOf(reply)) {
    if (block.block_id !== undefined) expect(block.block_id.length).toBeLessThanOrEqual(255);
    switch (block.type) {
      case 'header':
        expect(block.text?.type).toBe('plain_text');
        expect(block.text?.text.length).toBeLessThanOrEqual(150);
        break;
      case 'section':
        expect(block.text !== undefined || block.fields !== undefined).toBe(true);
        if (block.text) {
          expect(block.text.text.length).toBeGreaterThan(0);
          expect(block.text.text.length).toBeLessThanOrEqual(3000);
        }
        if (block.fields) {
          expect(block.fields.length).toBeLessThanOrEqual(10);
          for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(2000);
        }
        break;
      case 'context':
        expect(block.elements?.length).toBeGreaterThan(0);
        expect(block.elements?.length).toBeLessThanOrEqual(10);
        break;
      case 'actions':
        expect(block.elements?.length).toBeLessThanOrEqual(25);
        for (const element of block.elements ?? []) {
          expect(element.action_id?.length ?? 0).toBeLessThanOrEqual(255);
          expect(element.value?.length ?? 0).toBeLessThanOrEqual(2000);
          if (element.type === 'checkboxes') {
            expectValidCheckboxes(element);
          } else if (element.type === 'datepicker') {
            expectValidElement(element);
          } else {
            const label = element.text as TextObject;
            expect(label.type).toBe('plain_text');
            expect(label.text.length).toBeLessThanOrEqual(75);
          }
        }
        break;
      case 'divider':
        break;
      default:
        throw new Error(`unexpected block type ${block.type}`);
    }
  }
  // No stray markup: only user mentions and the three escapes.
  for (const text of mrkdwnTexts(reply)) {
    expect(text.replace(/<@[A-Z0-9]+>/g, '')).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

function expectValidCheckboxes(element: Element): void {
  const options = element.options ?? [];
  expect(options.length).toBeGreaterThan(0);
  expect(options.length).toBeLessThanOrEqual(10);
  for (const option of options) {
    expect(option.text.type).toBe('plain_text');
    expect(chars(option.text.text)).toBeLessThanOrEqual(75);
    expect(option.value.length).toBeLessThanOrEqual(75);
  }
  // initial options must be some of the options themselves
  for (const initial of element.initial_options ?? []) expect(options).toContainEqual(initial);
}

// --- Home tabs and modals --------------------------------------------------------------------------

export function expectPlainText(text: TextObject | undefined, max: number): void {
  expect(text?.type).toBe('plain_text');
  expect(chars(text?.text ?? '')).toBeGreaterThan(0);
  expect(chars(text?.text ?? '')).toBeLessThanOrEqual(max);
}

export function expectValidOptions(options: readonly Option[] | undefined, max: number): void {
  expect(options?.length ?? 0).toBeGreaterThan(0);
  expect(options?.length ?? 0).toBeLessThanOrEqual(max);
  for (const option of options ?? []) {
    expectPlainText(option.text, 75);
    expect(chars(option.value)).toBeGreaterThan(0);
    expect(chars(option.value)).toBeLessThanOrEqual(75);
  }
  // option values identify the choice, so they must be distinct
  expect(new Set(options?.map((option) => option.value)).size).toBe(options?.length ?? 0);
}

/** One interactive element, in an actions block or an input block. */
export function expectValidElement(element: Element): void {
  expect(element.action_id).toBeDefined();
  expect(chars(element.action_id ?? '')).toBeLessThanOrEqual(255);
  if (element.placeholder) expectPlainText(element.placeholder, 150);
  switch (element.type) {
    case 'button':
      expectPlainText(element.text as TextObject, 75);
      expect(chars(element.value ?? '')).toBeLessThanOrEqual(2000);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      expectValidOptions(element.options, 10);
      break;
    case 'static_select':
      expectValidOptions(element.options, 100);
      break;
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'plain_text_input':
    case 'number_input':
    case 'timepicker':
    case 'datepicker':
      break;
    default:
      throw new Error(`unexpected element type ${element.type}`);
  }
  // initial choices must be some of the options themselves
  for (const initial of element.initial_options ?? []) expect(element.options).toContainEqual(initial);
  if (element.initial_option) expect(element.options).toContainEqual(element.initial_option);
}

/** Slack's limits (../shared/SLACK.md "Block Kit limits") and our own rules, for every Home and modal view. */
export function expectValidView(view: HomeView | ModalView): void {
  const v = loose(view);
  expect(v.blocks.length).toBeGreaterThan(0);
  expect(v.blocks.length).toBeLessThanOrEqual(100);
  // views.open refuses a view over 250 kB (view_too_large): stay well inside
  expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThan(125_000);
  if (v.type === 'modal') {
    expect(v.callback_id).toBeDefined();
    expect(chars(v.callback_id ?? '')).toBeLessThanOrEqual(255);
    expectPlainText(v.title, 24);
    expectPlainText(v.close, 24);
    if (v.submit) expectPlainText(v.submit, 24);
    // a modal with inputs needs a submit button
    if (v.blocks.some((block) => block.type === 'input')) expect(v.submit).toBeDefined();
  } else {
    expect(v.type).toBe('home');
  }
  expect(chars(v.private_metadata ?? '')).toBeLessThanOrEqual(3000);

  const blockIds = v.blocks.flatMap((block) => (block.block_id === undefined ? [] : [block.block_id]));
  expect(new Set(blockIds).size).toBe(blockIds.length);
  for (const block of v.blocks) {
    if (block.block_id !== undefined) expect(chars(block.block_id)).toBeLessThanOrEqual(255);
    switch (block.type) {
      case 'header':
        expectPlainText(block.text, 150);
        break;
      case 'section':
        expect(block.text !== undefined || block.fields !== undefined).toBe(true);
        if (block.text) {
          expect(chars(block.text.text)).toBeGreaterThan(0);
          expect(chars(block.text.text)).toBeLessThanOrEqual(3000);
        }
        if (block.fields) {
          expect(block.fields.length).toBeLessThanOrEqual(10);
          for (const field of block.fields) expect(chars(field.text)).toBeLessThanOrEqual(2000);
        }
        if (block.accessory) expectValidElement(block.accessory);
        break;
      case 'context':
        expect(block.elements?.length ?? 0).toBeGreaterThan(0);
        expect(block.elements?.length ?? 0).toBeLessThanOrEqual(10);
        for (const element of block.elements ?? []) {
          expect(chars(typeof element.text === 'string' ? element.text : '')).toBeLessThanOrEqual(3000);
        }
        break;
      case 'actions': {
        const elements = block.elements ?? [];
        expect(elements.length).toBeGreaterThan(0);
        expect(elements.length).toBeLessThanOrEqual(25);
        for (const element of elements) expectValidElement(element);
        const actionIds = elements.map((element) => element.action_id);
        expect(new Set(actionIds).size).toBe(actionIds.length);
        break;
      }
      case 'input':
        expectPlainText(block.label, 2000);
        if (block.hint) expectPlainText(block.hint, 2000);
        expect(block.element).toBeDefined();
        if (block.element) expectValidElement(block.element);
        // values read as values[id][id]: each element's action ID is its block's
        expect(block.element?.action_id).toBe(block.block_id);
        break;
      case 'divider':
        break;
      default:
        throw new Error(`unexpected block type ${block.type}`);
    }
  }
  // No stray markup: only user and channel mentions and the three escapes.
  for (const text of mrkdwnTexts(view)) {
    expect(text.replace(/<[@#][A-Z0-9]+>/g, '')).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}
