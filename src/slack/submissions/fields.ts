/** Reading a modal's submitted values (view.state.values), keyed by the INPUTS block IDs. */
import type { ViewOutput } from '@slack/bolt';
import { isConversationId, isUserId } from '../id-check.js';
import type { InputId } from '../ids.js';

export type StateValues = ViewOutput['state']['values'];
type StateValue = StateValues[string][string];

/** Account picker values: `id:42` for a known account, `new:<name>` for one to add. */
export type AccountChoice = { id: number } | { name: string } | { invalid: true };

/** Option values hold 75 characters: `new:` and a name of at most 70. */
export const NEW_ACCOUNT_MAX = 70;

export function accountOptionValue(choice: AccountChoice): string {
  if ('id' in choice) return `id:${choice.id}`;
  if ('name' in choice) return `new:${choice.name}`;
  return 'invalid';
}

export function readAccountChoice(value: string | undefined): AccountChoice | null {
  if (!value) return null;
  const id = /^id:(\d+)$/.exec(value);
  if (id?.[1]) return { id: Number(id[1]) };
  if (value.startsWith('new:') && value.length > 4) return { name: value.slice(4) };
  return { invalid: true };
}

function stateOf(values: StateValues, id: InputId): StateValue | undefined {
  return values[id]?.[id];
}

export function textOf(values: StateValues, id: InputId): string {
  return (stateOf(values, id)?.value ?? '').trim();
}

export function selectedOf(values: StateValues, id: InputId): string | undefined {
  return stateOf(values, id)?.selected_option?.value ?? undefined;
}

export function selectedManyOf(values: StateValues, id: InputId): string[] {
  return (stateOf(values, id)?.selected_options ?? []).flatMap((o) => (o.value ? [o.value] : []));
}

/** A picked ID: null when nothing was picked; `{ invalid: true }` when the value is not a plain ID of its kind. */
export type PickedId = { id: string | null } | { invalid: true };

function pickedId(value: unknown, valid: (value: unknown) => boolean): PickedId {
  if (value === undefined || value === null || value === '') return { id: null };
  return valid(value) ? { id: value as string } : { invalid: true };
}

/** A users_select's pick, a `U…` or `W…` ID (anything else, such as text with a mention, is refused). */
export function userOf(values: StateValues, id: InputId): PickedId {
  return pickedId(stateOf(values, id)?.selected_user, isUserId);
}

/** A conversations_select's pick, a `C…`, `G…` or `D…` ID. */
export function conversationOf(values: StateValues, id: InputId): PickedId {
  return pickedId(stateOf(values, id)?.selected_conversation, isConversationId);
}

export function timeOf(values: StateValues, id: InputId): string | undefined {
  return stateOf(values, id)?.selected_time ?? undefined;
}

export function dateOf(values: StateValues, id: InputId): string | undefined {
  return stateOf(values, id)?.selected_date ?? undefined;
}
