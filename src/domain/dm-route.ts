/**
 * How a message typed in the bot's DM is taken. One simple rule, told back to the rep:
 * 1. It starts with a command word (`log call 3 Acme`, `won 12k Initech`, `plan …`, `help`): a command.
 * 2. Otherwise, if this evening's reflection is waiting for an answer: the reflection.
 * 3. Otherwise, if this morning's check-in is waiting for a plan: the day's plan.
 * 4. Otherwise: not understood, with a hint.
 */

import type { LocalDate } from './calendar.js';
import { startsWithCommand, stripFocusPrefix } from './parse-command.js';

export type PendingPrompt = { kind: 'reflection' | 'checkin'; date: LocalDate } | null;

export type DmRoute =
  | { as: 'command'; text: string }
  | { as: 'reflection'; date: LocalDate; text: string }
  | { as: 'plan'; date: LocalDate; text: string }
  | { as: 'unknown' };

export const MAX_REFLECTION_LENGTH = 3000;

export function routeDmMessage(text: string, pending: PendingPrompt): DmRoute {
  if (startsWithCommand(text)) return { as: 'command', text: stripFocusPrefix(text).trim() };
  if (pending?.kind === 'reflection') return { as: 'reflection', date: pending.date, text: text.trim() };
  if (pending?.kind === 'checkin') return { as: 'plan', date: pending.date, text: text.trim() };
  return { as: 'unknown' };
}
