/**
 * Slack IDs taken from a payload or a form are checked before anything stores or shows them: a team
 * (`T…`, or `E…` for an Enterprise Grid org), a user (`U…`, `W…`), a conversation (`C…`, `G…`, `D…`).
 * An ID is upper-case letters and digits, nothing else, so one can never carry a mention or a link.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import type { SlackDeps } from './deps.js';

const TEAM_ID = /^[TE][A-Z0-9]{1,30}$/;
const USER_ID = /^[UW][A-Z0-9]{1,30}$/;
const CONVERSATION_ID = /^[CGD][A-Z0-9]{1,30}$/;

export const isTeamId = (value: unknown): value is string => typeof value === 'string' && TEAM_ID.test(value);
export const isUserId = (value: unknown): value is string => typeof value === 'string' && USER_ID.test(value);
export const isConversationId = (value: unknown): value is string =>
  typeof value === 'string' && CONVERSATION_ID.test(value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Events about the installation itself (src/install/uninstall.ts): they name a workspace, never a user. */
const INSTALLATION_EVENTS = new Set(['app_uninstalled event', 'tokens_revoked event']);

/** The team and user a request comes from, where the listeners read them, unchecked. */
export function requestIds(body: unknown): { kind: string; team: unknown; user: unknown } {
  const b = isRecord(body) ? body : {};
  if (typeof b.command === 'string') return { kind: 'command', team: b.team_id, user: b.user_id };
  if (b.type === 'event_callback') {
    const event = isRecord(b.event) ? b.event : {};
    const user = isRecord(event.user) ? event.user.id : event.user;
    return { kind: `${String(event.type)} event`, team: b.team_id, user };
  }
  const user = isRecord(b.user) ? b.user : {};
  // An org-wide install sends `team: null`; the user's team stands in.
  const team = isRecord(b.team) ? b.team.id : user.team_id;
  return { kind: String(b.type), team, user: user.id };
}

/** For a log line: the ID when it is one, else only that it is missing or how long it is (never the text). */
export function describeId(what: string, value: unknown, valid: (value: unknown) => boolean): string {
  if (value === undefined || value === null || value === '') return `no ${what}`;
  if (valid(value)) return `${what} ${String(value)}`;
  return `a malformed ${what} (${typeof value === 'string' ? `${value.length} characters` : typeof value})`;
}

/**
 * A global middleware: a request without a well-formed team and user is acknowledged (so Slack does not
 * retry it) and goes no further. Events without a user (edits, deletions, bots' messages) are routine.
 */
export function registerIdCheck(app: App, deps: SlackDeps): void {
  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const { kind, team, user } = requestIds(args.body);
    const userless = INSTALLATION_EVENTS.has(kind) && user === undefined;
    if (isTeamId(team) && (isUserId(user) || userless)) {
      await args.next();
      return;
    }
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    const line = `Dropped a ${kind.slice(0, 40)} with ${describeId('team', team, isTeamId)} and ${describeId('user', user, isUserId)}`;
    if (kind.endsWith(' event') && (user === undefined || user === null)) deps.logger.debug(line);
    else deps.logger.warn(line);
  });
}
