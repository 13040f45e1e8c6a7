import type { Command } from '../../domain/command.js';
import type { Reply } from '../views/blocks.js';
import { confirmation, managersOnlyReply } from '../views/replies.js';
import { type CommandContext, isManager } from './context.js';

export async function handleChannel(
  ctx: CommandContext,
  command: Extract<Command, { kind: 'channel' }>,
): Promise<Reply> {
  if (!isManager(ctx, ctx.rep)) {
    return managersOnlyReply('choose the team channel');
  }
  await ctx.store.teams.setTeamChannel(ctx.teamId, command.channelId);
  return confirmation({
    text: `The weekly progress post will go to <#${command.channelId}>.`,
    position: 'For a private channel, invite the app there first: `/invite @Focus Coach`.',
  });
}
