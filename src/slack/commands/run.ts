import { type Command, parseCommand } from '../../domain/command.js';
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

type Handler<K extends Command['kind']> = (
  ctx: CommandContext,
  command: Extract<Command, { kind: K }>,
) => Reply | Promise<Reply>;

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

export async function runCommand(ctx: CommandContext, command: Command): Promise<Reply> {
  const handler = HANDLERS[command.kind] as Handler<typeof command.kind>;
  return handler(ctx, command);
}

/** Parses and runs the text of a `/focus` command (or the same grammar typed in the DM). */
export async function runCommandText(ctx: CommandContext, text: string): Promise<Reply> {
  const parsed = parseCommand(text);
  if (!parsed.ok) return errorReply(parsed.error);
  return runCommand(ctx, parsed.command);
}
