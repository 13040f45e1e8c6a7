import type { ActionsBlock, Checkboxes, PlainTextOption } from '@slack/types';
import { decodeSlackEntities } from '../../domain/text.js';
import { ACTIONS, planDoneBlockId } from '../ids.js';
import { truncate } from './blocks.js';

/** Checkbox groups hold at most 10 options; option labels at most 75 characters. */
export const MAX_CHECKBOXES = 10;
const OPTION_TEXT = 75;

/** A day's plan as checkboxes, ticked where done; ticking one is recorded (ACTIONS.planDone). */
export function planCheckboxes(date: string, plan: readonly { text: string; done: boolean }[]): ActionsBlock {
  const options: PlainTextOption[] = plan.slice(0, MAX_CHECKBOXES).map((item, index) => ({
    // Plain text: the rep's own words as typed, so Slack's entities are decoded.
    text: { type: 'plain_text', text: truncate(decodeSlackEntities(item.text), OPTION_TEXT), emoji: true },
    value: String(index),
  }));
  const element: Checkboxes = { type: 'checkboxes', action_id: ACTIONS.planDone, options };
  const initial = options.filter((_, index) => plan[index]?.done);
  if (initial.length > 0) element.initial_options = initial;
  return { type: 'actions', block_id: planDoneBlockId(date), elements: [element] };
}
