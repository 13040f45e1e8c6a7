import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { type Command, USAGE } from '../../domain/command.js';
import { isTeamCurrency } from '../../domain/money.js';
import { parseCommand } from '../../domain/parse-command.js';
import type { Reply } from '../views/blocks.js';
import { helpReply } from '../views/help.js';
import { errorReply } from '../views/replies.js';
import { handleIcp, handleLog, handleTarget } from './activity.js';
import { handleChannel } from './channel.js';
import type { CommandContext } from './context.js';
import { handleLost, handleOpp, handleWon } from './deals.js';
import { handlePause, handlePlan, handleResume } from './plan.js';
import { handleQuota } from './quota.js';
import { handleSettings, handleStatus, handleTeam } from './status.js';

/** Handlers are synchronous: each runs inside one transaction with the reads for its reply. */
type Handler<K extends Command['kind']> = (ctx: CommandContext, command: Extract<Command, { kind: K }>) => Reply;

const HANDLERS: { [K in Command['kind']]: Handler<K> } = {
  status: handleStatus,
  help: () => helpReply(),
  quota: handleQuota,
  won: handleWon,
  lost: handleLost,
  opp: handleOpp,
  log: handleLog,
  target: handleTarget,
  icp: handleIcp,
  plan: handlePlan,
  team: handleTeam,
  settings: handleSettings,
  pause: handlePause,
  resume: handleResume,
  channel: handleChannel,
};

const READ_ONLY = new Set<Command['kind']>(['status', 'help', 'team', 'settings']);

/** A command's reply, and whether it changed anything (then the rep's Home tab is refreshed). */
export interface CommandResult {
  reply: Reply;
  changed: boolean;
}

/**
 * Runs a command and builds its reply in one transaction: if anything fails, the
 * write is rolled back too, so "nothing was saved" is always true.
 */
export function runCommand(ctx: CommandContext, command: Command): CommandResult {
  const reply = replyTo(ctx, command);
  return { reply, changed: !READ_ONLY.has(command.kind) && !reply.refused };
}

function replyTo(ctx: CommandContext, command: Command): Reply {
  if ('currency' in command && !isTeamCurrency(command.currency, ctx.team.currency)) {
    return errorReply({
      message: `your team records amounts in ${ctx.team.currency}, and ‘${command.currency}’ is another currency; nothing was saved. Write the amount in ${ctx.team.currency}`,
      ...USAGE[command.kind],
    });
  }
  const handler = HANDLERS[command.kind] as Handler<typeof command.kind>;
  // Reads alone need no transaction, and outside one they use the connection's prepared statements.
  if (READ_ONLY.has(command.kind)) return handler(ctx, command);
  return ctx.db.transaction((tx) => handler({ ...ctx, db: tx }, command), { behavior: 'immediate' });
}

/**
 * Parses and runs the text of a `/focus` command (or the same grammar typed in the DM).
 * Bad input is answered before anything is read or written; the context (which may
 * create the rep's row and ask Slack for their profile) is only built for a valid command.
 * A database locked by another writer is waited for without blocking other requests.
 */
export async function runCommandText(makeContext: () => Promise<CommandContext>, text: string): Promise<CommandResult> {
  const parsed = parseCommand(text);
  if (!parsed.ok) return { reply: errorReply(parsed.error), changed: false };
  const ctx = await makeContext();
  const command = parsed.command;
  return withBusyRetry(() => runCommand(ctx, command), REQUEST_BUSY_RETRY);
}
