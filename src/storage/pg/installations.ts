/** The Postgres twin of src/db/installations.ts. */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import {
  type InstallationRow,
  TEAM_DATA_TABLES,
  type TeamDataCount,
  teamColumn,
  type Uninstall,
  type WorkspacePurge,
} from '../../db/installations.js';
import type { PgDb } from './db.js';
import { installations, orgWorkspaces, workspacePurges } from './schema.js';

export {
  type InstallationRow,
  installKeyOf,
  TEAM_DATA_TABLES,
  type TeamDataCount,
  type TeamDataTable,
  teamColumn,
  type Uninstall,
  type WorkspacePurge,
} from '../../db/installations.js';

/**
 * Saves an installation, new or again (a reinstall, new scopes), and cancels any purge still pending for it: the
 * workspace came back within its grace period, so its data stays. The first install's time is kept.
 */
export async function saveInstallation(db: PgDb, row: InstallationRow): Promise<void> {
  await db.transaction(async (tx) => {
    const { installKey, installedAt: _installedAt, ...changes } = row;
    await tx.insert(installations).values(row).onConflictDoUpdate({ target: installations.installKey, set: changes });
    await tx.delete(workspacePurges).where(eq(workspacePurges.installKey, installKey));
  });
}

export async function getInstallation(db: PgDb, installKey: string): Promise<InstallationRow | undefined> {
  return (await db.select().from(installations).where(eq(installations.installKey, installKey)).limit(1))[0];
}

/** Every installation, by key (for key rotation and operators). */
export async function listInstallations(db: PgDb): Promise<InstallationRow[]> {
  return db.select().from(installations).orderBy(asc(installations.installKey));
}

/**
 * Replaces a row's sealed secret if it is still `expected` (another process may have saved a newer installation
 * since it was read); true when it was replaced.
 */
export async function replaceSecret(
  db: PgDb,
  installKey: string,
  expected: string,
  next: { keyId: string; secret: string; updatedAt: number },
): Promise<boolean> {
  const result = await db
    .update(installations)
    .set(next)
    .where(and(eq(installations.installKey, installKey), eq(installations.secret, expected)));
  return result.rowCount === 1;
}

/**
 * Deletes an installation (its tokens with it) and records when its data may be purged. A second notice for the
 * same uninstall (app_uninstalled and tokens_revoked both come) keeps the first one's times. True when an
 * installation was deleted.
 */
export async function removeInstallation(db: PgDb, uninstall: Uninstall): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(installations).where(eq(installations.installKey, uninstall.installKey));
    await tx.insert(workspacePurges).values(uninstall).onConflictDoNothing();
    return (deleted.rowCount ?? 0) > 0;
  });
}

export async function getPurge(db: PgDb, installKey: string): Promise<WorkspacePurge | undefined> {
  return (await db.select().from(workspacePurges).where(eq(workspacePurges.installKey, installKey)).limit(1))[0];
}

/** Purges whose grace period has passed at `now`, oldest first. */
export async function duePurges(db: PgDb, now: number): Promise<WorkspacePurge[]> {
  return db
    .select()
    .from(workspacePurges)
    .where(lte(workspacePurges.purgeAfter, now))
    .orderBy(asc(workspacePurges.purgeAfter), asc(workspacePurges.installKey));
}

/** Remembers that an org-wide installation served this workspace (once; later calls change nothing). */
export async function noteOrgWorkspace(db: PgDb, enterpriseId: string, teamId: string, seenAt: number): Promise<void> {
  await db.insert(orgWorkspaces).values({ enterpriseId, teamId, seenAt }).onConflictDoNothing();
}

/** The workspaces an org-wide installation has served, by team ID. */
export async function workspaceOrg(db: PgDb, teamId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ enterpriseId: orgWorkspaces.enterpriseId })
    .from(orgWorkspaces)
    .where(eq(orgWorkspaces.teamId, teamId))
    .orderBy(asc(orgWorkspaces.enterpriseId))
    .limit(1);
  return row?.enterpriseId;
}

export async function orgWorkspaceTeams(db: PgDb, enterpriseId: string): Promise<string[]> {
  const rows = await db
    .select({ teamId: orgWorkspaces.teamId })
    .from(orgWorkspaces)
    .where(eq(orgWorkspaces.enterpriseId, enterpriseId))
    .orderBy(asc(orgWorkspaces.teamId));
  return rows.map((row) => row.teamId);
}

/** How many rows of a workspace's data each table holds (what a purge would delete). */
export async function countTeamData(db: PgDb, teamId: string): Promise<TeamDataCount[]> {
  const counts: TeamDataCount[] = [];
  for (const table of TEAM_DATA_TABLES) {
    const { rows } = await db.execute<{ rows: number }>(
      sql`select count(*)::int as ${sql.identifier('rows')} from ${sql.identifier(table)} where ${sql.identifier(teamColumn(table))} = ${teamId}`,
    );
    counts.push({ table, rows: Number(rows[0]?.rows ?? 0) });
  }
  return counts;
}

/** Deletes every row of a workspace's data, table by table in TEAM_DATA_TABLES order, in one transaction. */
export async function deleteTeamData(db: PgDb, teamId: string): Promise<TeamDataCount[]> {
  return db.transaction(async (tx) => {
    const counts: TeamDataCount[] = [];
    for (const table of TEAM_DATA_TABLES) {
      const result = await tx.execute(
        sql`delete from ${sql.identifier(table)} where ${sql.identifier(teamColumn(table))} = ${teamId}`,
      );
      counts.push({ table, rows: result.rowCount ?? 0 });
    }
    return counts;
  });
}

/** Ends a purge once its data is gone: its row, and an org's record of the workspaces it served. */
export async function finishPurge(db: PgDb, purge: Pick<WorkspacePurge, 'installKey' | 'enterpriseId'>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(workspacePurges).where(eq(workspacePurges.installKey, purge.installKey));
    if (purge.installKey.startsWith('E:') && purge.enterpriseId) {
      await tx.delete(orgWorkspaces).where(eq(orgWorkspaces.enterpriseId, purge.enterpriseId));
    }
  });
}
