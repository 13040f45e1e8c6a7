/**
 * How a message typed in the bot's DM is taken. One simple rule, told back to the rep:
 * a message that works as a command (`log call 3 Acme`, `won 12k Initech`, `plan …`,
 * `help`) runs as that command; anything else answers the waiting prompt: this evening's
 * reflection if it waits for an answer, else this morning's check-in (as the day's plan).
 * With nothing waiting, a message starting with a command word gets that command's right
 * form, and anything else a hint.
 *
 * "Works" is decided in two steps: here, whether it parses; then, when it runs, whether it
 * was refused (a refused command writes nothing, so falling back to the answer is safe).
 * So "Team lunch; Call Initech" and "Lost focus after lunch" still answer the prompt.
 */
import type { LocalDate } from './calendar.js';
import { parseCommand, startsWithCommand, stripFocusPrefix } from './parse-command.js';

export type PendingPrompt = { kind: 'reflection' | 'checkin'; date: LocalDate } | null;

export type PromptAnswer =
  | { as: 'reflection'; date: LocalDate; text: string }
  | { as: 'plan'; date: LocalDate; text: string };

export type DmRoute =
  /** `orElse`: the answer to take instead if the command is refused. */
  { as: 'command'; text: string; orElse: PromptAnswer | null } | PromptAnswer | { as: 'unknown' };

export const MAX_REFLECTION_LENGTH = 3000;

function answerTo(pending: PendingPrompt, text: string): PromptAnswer | null {
  if (pending?.kind === 'reflection') return { as: 'reflection', date: pending.date, text: text.trim() };
  if (pending?.kind === 'checkin') return { as: 'plan', date: pending.date, text: text.trim() };
  return null;
}

export function routeDmMessage(text: string, pending: PendingPrompt): DmRoute {
  const asCommand = stripFocusPrefix(text).trim();
  const commandWord = startsWithCommand(text);
  const answer = answerTo(pending, text);
  if (commandWord && parseCommand(asCommand).ok) return { as: 'command', text: asCommand, orElse: answer };
  if (answer) return answer;
  return commandWord ? { as: 'command', text: asCommand, orElse: null } : { as: 'unknown' };
}
