import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { type Command, USAGE } from '../../domain/command.js';
import { isTeamCurrency } from '../../domain/money.js';
import { parseCommand } from '../../domain/parse-command.js';
import { checkPeopleOf } from '../people.js';
import type { Reply } from '../views/blocks.js';
import { helpReply } from '../views/help.js';
import { errorReply } from '../views/replies.js';
import { handleIcp, handleLog, handleTarget } from './activity.js';
import { handleChannel } from './channel.js';
import { handleChart } from './chart.js';
import type { CommandContext } from './context.js';
import { handleCrm } from './crm.js';
import { handleLost, handleOpp, handleWon } from './deals.js';
import { handleHolidays } from './holidays.js';
import { handlePause, handlePlan, handleResume } from './plan.js';
import { handleQuota } from './quota.js';
import { handleShow } from './show.js';
import { handleSettings, handleStatus, handleTeam } from './status.js';

type Kind = Command['kind'];
type ReadKind = 'status' | 'help' | 'team' | 'settings' | 'show' | 'chart';
type WriteKind = Exclude<Kind, ReadKind>;

/** Write handlers run inside one transaction, with the reads for their reply (see write below). */
type Handler<K extends Kind> = (ctx: CommandContext, command: Extract<Command, { kind: K }>) => Promise<Reply>;
/** Read handlers run outside any transaction: the team view yields to other requests as it computes. */
type ReadHandler<K extends Kind> = (
  ctx: CommandContext,
  command: Extract<Command, { kind: K }>,
) => Reply | Promise<Reply>;

const READ_HANDLERS: { [K in ReadKind]: ReadHandler<K> } = {
  status: handleStatus,
  help: () => helpReply(),
  team: handleTeam,
  settings: handleSettings,
  show: handleShow,
  chart: handleChart,
};

const WRITE_HANDLERS: { [K in WriteKind]: Handler<K> } = {
  quota: handleQuota,
  won: handleWon,
  lost: handleLost,
  opp: handleOpp,
  log: handleLog,
  target: handleTarget,
  icp: handleIcp,
  plan: handlePlan,
  pause: handlePause,
  resume: handleResume,
  channel: handleChannel,
  holidays: handleHolidays,
  crm: handleCrm,
};

function isRead(command: Command): command is Extract<Command, { kind: ReadKind }> {
  return command.kind in READ_HANDLERS;
}

/** A command's reply, and whether it changed anything (then the rep's Home tab is refreshed). */
export interface CommandResult {
  reply: Reply;
  changed: boolean;
}

/**
 * Runs a command and builds its reply; a write runs in one transaction: if anything fails, the write is rolled
 * back too, so "nothing was saved" is always true. Inside a form's own transaction (ctx.store is then that
 * transaction's store) the write's transaction is a savepoint within it.
 */
export async function runCommand(ctx: CommandContext, command: Command): Promise<CommandResult> {
  const reply =
    currencyRefusal(ctx, command) ?? (isRead(command) ? await readReply(ctx, command) : await write(ctx, command));
  return { reply, changed: !isRead(command) && !reply.refused };
}

function currencyRefusal(ctx: CommandContext, command: Command): Reply | null {
  if (!('currency' in command) || isTeamCurrency(command.currency, ctx.team.currency)) return null;
  return errorReply({
    message: `Your team records amounts in ${ctx.team.currency}, and ‘${command.currency}’ is another currency; nothing was saved. Write the amount in ${ctx.team.currency}`,
    ...USAGE[command.kind],
  });
}

async function readReply(ctx: CommandContext, command: Extract<Command, { kind: ReadKind }>): Promise<Reply> {
  const handler = READ_HANDLERS[command.kind] as ReadHandler<typeof command.kind>;
  // Reads alone need no transaction, and outside one they use the connection's prepared statements.
  return handler(ctx, command);
}

/**
 * The write and the reads for its reply, in one transaction of the team's. Every call inside uses the
 * transaction's store (`tx` shadows the outer one), never the outer store, which would wait for this very
 * transaction to end.
 */
function write(ctx: CommandContext, command: Extract<Command, { kind: WriteKind }>): Promise<Reply> {
  const handler = WRITE_HANDLERS[command.kind] as Handler<typeof command.kind>;
  return ctx.store.transaction((tx) => handler({ ...ctx, store: tx }, command), { teamId: ctx.teamId });
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
  // A read runs outside any transaction and may wait: the team view yields to other requests as it computes.
  if (isRead(command)) return { reply: await readReply(ctx, command), changed: false };
  // A person the command names (a manager's @rep) is checked with Slack before anything is written for them.
  const refused = await checkPeopleOf(ctx, command);
  if (refused) return { reply: refused.reply, changed: false };
  return withBusyRetry(() => runCommand(ctx, command), REQUEST_BUSY_RETRY);
}
