import type { WebClient } from '@slack/web-api';
import { type RepNow, repNow } from '../../coach/rep-context.js';
import type { CrmSourceKind } from '../../crm/model.js';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import type { RepStamp } from '../../db/rep-changes.js';
import type { RepRow } from '../../db/reps.js';
import type { Team } from '../../db/teams.js';
import type { Store } from '../../storage/types.js';
import type { SlackDeps } from '../deps.js';
import type { Profiles } from '../profiles.js';

/** What the coach needs from the operator's configuration. */
export interface CoachSettings {
  defaultTimezone: string;
  managers: readonly string[];
  /** The CRMs the operator configured (HUBSPOT_TOKEN, SALESFORCE_…); none or absent: no CRM sync runs. */
  crmSources?: readonly CrmSourceKind[];
}

/** Everything a subcommand handler needs: who asked, their clock, and the stores. */
export interface CommandContext {
  store: Store;
  settings: CoachSettings;
  teamId: string;
  userId: string;
  team: Team;
  rep: RepRow;
  clock: RepNow;
  client: WebClient;
  profiles: Profiles;
  /**
   * The rep's change-log stamp, read with the team's and rep's rows when nothing was written before (a kept
   * status card is checked against it: coach/status-cache.ts); absent when the context was built otherwise.
   */
  stamp?: RepStamp;
}

/** The context at `now`; the team's row read (and created on its first request) unless given. */
export async function buildContext(
  input: Omit<CommandContext, 'team' | 'clock'> & { now: number; team?: Team },
): Promise<CommandContext> {
  const { now, team: given, ...rest } = input;
  const team = given ?? (await input.store.teams.ensureTeam(input.teamId));
  return { ...rest, team, clock: repNow(input.rep, team, input.settings.defaultTimezone, now) };
}

/** The context for a Slack user: their profile (briefly waiting for Slack on first contact) and clock. */
export async function contextFor(
  deps: SlackDeps,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<CommandContext> {
  // Most requests come from a rep whose rows exist and whose profile is fresh: one read serves the whole context.
  const start = await deps.store.repChanges.repStart(teamId, userId);
  const rep = await deps.profiles.ensure(client, teamId, userId, start?.rep);
  const input = { store: deps.store, settings: deps.settings, teamId, userId, rep, client, profiles: deps.profiles };
  if (start && rep === start.rep)
    return buildContext({ ...input, now: deps.clock(), team: start.team, stamp: start.stamp });
  // Creates the team's row on its first request: a write, waited for like every other.
  return withBusyRetry(() => buildContext({ ...input, now: deps.clock() }), REQUEST_BUSY_RETRY);
}

/** Managers: the operator's FOCUS_MANAGERS, and the workspace's admins and owners. */
export function isManager(
  ctx: Pick<CommandContext, 'settings'>,
  rep: Pick<RepRow, 'userId' | 'isSlackAdmin'>,
): boolean {
  return ctx.settings.managers.includes(rep.userId) || rep.isSlackAdmin;
}
