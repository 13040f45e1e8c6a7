/**
 * `/focus crm`: the CRM connection (managers see every sync's detail, reps which CRM feeds the deals and when it
 * last synced); `/focus crm manual on|off` (managers) sets whether reps may still type deals. Runs inside the
 * command's write transaction, like `/focus holidays`.
 */
import type { Command } from '../../domain/command.js';
import { sourcesFeeding } from '../crm-guard.js';
import type { Reply } from '../views/blocks.js';
import { crmManagerReply, crmRepReply } from '../views/crm.js';
import { manualDealsSetReply } from '../views/crm-refusals.js';
import { managersOnlyReply } from '../views/replies.js';
import { type CommandContext, isManager } from './context.js';

export async function handleCrm(ctx: CommandContext, command: Extract<Command, { kind: 'crm' }>): Promise<Reply> {
  const { action } = command;
  if (action.op === 'show') {
    const overview = await ctx.store.crmStatus.crmOverview(ctx.teamId, ctx.settings.crmSources ?? [], ctx.clock.now);
    const viewer = { now: ctx.clock.now, timezone: ctx.clock.timezone };
    return isManager(ctx, ctx.rep) ? crmManagerReply(overview, viewer) : crmRepReply(overview, viewer);
  }
  if (!isManager(ctx, ctx.rep)) return managersOnlyReply('turn manual deal entry on or off');
  await ctx.store.teams.setManualDeals(ctx.teamId, action.on);
  return manualDealsSetReply(action.on, await sourcesFeeding(ctx));
}
