/**
 * How a message typed in the bot's DM is taken. One simple rule, told back to the rep:
 * - While the evening reflection or the morning check-in waits for an answer, a message
 *   is that answer (the reflection first). `help` alone still shows help; any command
 *   still works as a slash command, `/focus log call 3 Acme`, from the DM too.
 * - Otherwise a message is a command without the slash (`log call 3 Acme`, `won 12k
 *   Initech`); anything else gets a hint, and nothing is saved.
 * So "Plan better tomorrow" answering the reflection is the reflection, never a new plan.
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
  const trimmed = text.trim();
  if (/^help$/i.test(trimmed)) return { as: 'command', text: 'help' };
  if (pending?.kind === 'reflection') return { as: 'reflection', date: pending.date, text: trimmed };
  if (pending?.kind === 'checkin') return { as: 'plan', date: pending.date, text: trimmed };
  if (startsWithCommand(text)) return { as: 'command', text: stripFocusPrefix(text).trim() };
  return { as: 'unknown' };
}
