/**
 * `cli purge [--now ISO] [--dry-run]`: deletes the data of every workspace whose uninstall's grace period has
 * passed: every row of every table keyed by its team ID (TEAM_DATA_TABLES, in foreign-key order), one transaction
 * per team under the team's lock. A workspace that installed the app again has no purge left (the install cleared
 * it), and one still served by another installation (its org's, or its own inside an uninstalled org) is kept.
 */
import { installKeyOf, type TeamDataCount, type WorkspacePurge } from '../db/installations.js';
import type { Store } from '../storage/types.js';

export interface PurgeOptions {
  now: number;
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
}

/** One team's part of a purge: the rows deleted (or, dry, to delete), or why it was kept. */
export interface TeamPurge {
  teamId: string;
  /** Null when the team was kept. */
  tables: TeamDataCount[] | null;
  kept?: string;
}

export interface PurgeOutcome {
  installKey: string;
  uninstalledAt: string;
  purgeAfter: string;
  dryRun: boolean;
  teams: TeamPurge[];
}

/** Purges every due workspace (oldest first); a dry run reports the same without deleting. */
export async function purgeDue(store: Store, options: PurgeOptions): Promise<PurgeOutcome[]> {
  const outcomes: PurgeOutcome[] = [];
  for (const purge of await store.installations.duePurges(options.now)) {
    const teams: TeamPurge[] = [];
    for (const teamId of await teamsOf(store, purge)) {
      teams.push(await purgeTeam(store, purge, teamId, options));
    }
    if (!options.dryRun) await store.installations.finishPurge(purge);
    outcomes.push({
      installKey: purge.installKey,
      uninstalledAt: new Date(purge.uninstalledAt).toISOString(),
      purgeAfter: new Date(purge.purgeAfter).toISOString(),
      dryRun: options.dryRun === true,
      teams,
    });
  }
  return outcomes;
}

/** A workspace install's team; an org install's, every workspace it was seen serving. */
async function teamsOf(store: Store, purge: WorkspacePurge): Promise<string[]> {
  if (purge.installKey.startsWith('E:')) {
    return purge.enterpriseId ? store.installations.orgWorkspaceTeams(purge.enterpriseId) : [];
  }
  return purge.teamId ? [purge.teamId] : [];
}

async function purgeTeam(store: Store, purge: WorkspacePurge, teamId: string, options: PurgeOptions) {
  return store.transaction(
    async (tx): Promise<TeamPurge> => {
      // Read again under the team's lock: an install since the purge was listed cancels it.
      const still = await tx.installations.getPurge(purge.installKey);
      if (!still || still.purgeAfter > options.now) return { teamId, tables: null, kept: 'installed again' };
      const servedBy = await otherInstallation(tx, purge, teamId);
      if (servedBy) return { teamId, tables: null, kept: `still served by ${servedBy}` };
      const tables = options.dryRun
        ? await tx.installations.countTeamData(teamId)
        : await tx.installations.deleteTeamData(teamId);
      return { teamId, tables };
    },
    { teamId, readOnly: options.dryRun === true },
  );
}

/** The installation other than the purged one that still serves the team, if any. */
async function otherInstallation(store: Store, purge: WorkspacePurge, teamId: string): Promise<string | null> {
  const candidates = [installKeyOf(teamId)];
  if (purge.enterpriseId) candidates.push(installKeyOf(null, purge.enterpriseId, true));
  for (const installKey of candidates) {
    if (installKey === purge.installKey) continue;
    if (await store.installations.getInstallation(installKey)) return installKey;
  }
  return null;
}
