/**
 * Installations of the distributed app (OAuth), the purges uninstalls schedule, and the deletion of a workspace's
 * data once its purge is due. Secrets arrive here already sealed (src/install/crypto.ts): this module never sees a
 * token in clear.
 */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { installations, orgWorkspaces, workspacePurges } from './schema.js';

export type InstallationRow = typeof installations.$inferSelect;
export type WorkspacePurge = typeof workspacePurges.$inferSelect;

/** What an uninstall records: the installation it ends and when its data may go. */
export interface Uninstall {
  installKey: string;
  teamId: string | null;
  enterpriseId: string | null;
  uninstalledAt: number;
  purgeAfter: number;
}

/**
 * Every table holding a workspace's data, keyed by its team ID (`teams` by `id`), in the order a purge deletes
 * them: rows that reference others first (deals and activities reference accounts), and the change log last,
 * since the triggers on the other tables write to it while they are emptied.
 */
export const TEAM_DATA_TABLES = [
  'deals',
  'activities',
  'accounts',
  'checkins',
  'quotas',
  'targets',
  'pauses',
  'reps',
  'scheduled_sends',
  'team_history',
  'crm_runs',
  'crm_state',
  'crm_owners',
  'teams',
  'rep_changes',
  'pass_leases',
] as const;

export type TeamDataTable = (typeof TEAM_DATA_TABLES)[number];

/** How many rows of one table a purge deletes (or, in a dry run, would delete). */
export interface TeamDataCount {
  table: TeamDataTable;
  rows: number;
}

/** The column a table names its team in. */
export function teamColumn(table: TeamDataTable): string {
  return table === 'teams' ? 'id' : 'team_id';
}

/** An installation's row key: the workspace's, or the Enterprise Grid org's for an org-wide install. */
export function installKeyOf(teamId: string | undefined | null, enterpriseId?: string | null, orgWide = false): string {
  if (orgWide) {
    if (!enterpriseId) throw new Error('An org-wide installation needs its enterprise ID');
    return `E:${enterpriseId}`;
  }
  if (!teamId) throw new Error('A workspace installation needs its team ID');
  return `T:${teamId}`;
}

/**
 * Saves an installation, new or again (a reinstall, new scopes), and cancels any purge still pending for it: the
 * workspace came back within its grace period, so its data stays. The first install's time is kept.
 */
export function saveInstallation(db: Db, row: InstallationRow): void {
  db.transaction((tx) => {
    const { installKey, installedAt: _installedAt, ...changes } = row;
    tx.insert(installations).values(row).onConflictDoUpdate({ target: installations.installKey, set: changes }).run();
    tx.delete(workspacePurges).where(eq(workspacePurges.installKey, installKey)).run();
  });
}

export function getInstallation(db: Db, installKey: string): InstallationRow | undefined {
  return db.select().from(installations).where(eq(installations.installKey, installKey)).get();
}

/** Every installation, by key (for key rotation and operators). */
export function listInstallations(db: Db): InstallationRow[] {
  return db.select().from(installations).orderBy(asc(installations.installKey)).all();
}

/**
 * Replaces a row's sealed secret if it is still `expected` (another process may have saved a newer installation
 * since it was read); true when it was replaced.
 */
export function replaceSecret(
  db: Db,
  installKey: string,
  expected: string,
  next: { keyId: string; secret: string; updatedAt: number },
): boolean {
  const result = db
    .update(installations)
    .set(next)
    .where(and(eq(installations.installKey, installKey), eq(installations.secret, expected)))
    .run();
  return result.changes === 1;
}

/**
 * Deletes an installation (its tokens with it) and records when its data may be purged. A second notice for the
 * same uninstall (app_uninstalled and tokens_revoked both come) keeps the first one's times. True when an
 * installation was deleted.
 */
export function removeInstallation(db: Db, uninstall: Uninstall): boolean {
  return db.transaction((tx) => {
    const deleted = tx.delete(installations).where(eq(installations.installKey, uninstall.installKey)).run().changes;
    tx.insert(workspacePurges).values(uninstall).onConflictDoNothing().run();
    return deleted > 0;
  });
}

export function getPurge(db: Db, installKey: string): WorkspacePurge | undefined {
  return db.select().from(workspacePurges).where(eq(workspacePurges.installKey, installKey)).get();
}

/** Purges whose grace period has passed at `now`, oldest first. */
export function duePurges(db: Db, now: number): WorkspacePurge[] {
  return db
    .select()
    .from(workspacePurges)
    .where(lte(workspacePurges.purgeAfter, now))
    .orderBy(asc(workspacePurges.purgeAfter), asc(workspacePurges.installKey))
    .all();
}

/** Remembers that an org-wide installation served this workspace (once; later calls change nothing). */
export function noteOrgWorkspace(db: Db, enterpriseId: string, teamId: string, seenAt: number): void {
  db.insert(orgWorkspaces).values({ enterpriseId, teamId, seenAt }).onConflictDoNothing().run();
}

/** The Enterprise Grid org whose org-wide installation has served this workspace, if any. */
export function workspaceOrg(db: Db, teamId: string): string | undefined {
  return db
    .select({ enterpriseId: orgWorkspaces.enterpriseId })
    .from(orgWorkspaces)
    .where(eq(orgWorkspaces.teamId, teamId))
    .orderBy(asc(orgWorkspaces.enterpriseId))
    .get()?.enterpriseId;
}

/** The workspaces an org-wide installation has served, by team ID. */
export function orgWorkspaceTeams(db: Db, enterpriseId: string): string[] {
  return db
    .select({ teamId: orgWorkspaces.teamId })
    .from(orgWorkspaces)
    .where(eq(orgWorkspaces.enterpriseId, enterpriseId))
    .orderBy(asc(orgWorkspaces.teamId))
    .all()
    .map((row) => row.teamId);
}

/** How many rows of a workspace's data each table holds (what a purge would delete). */
export function countTeamData(db: Db, teamId: string): TeamDataCount[] {
  return TEAM_DATA_TABLES.map((table) => {
    const row = db.get<{ rows: number }>(
      sql`select count(*) as ${sql.identifier('rows')} from ${sql.identifier(table)} where ${sql.identifier(teamColumn(table))} = ${teamId}`,
    );
    return { table, rows: row.rows };
  });
}

/** Deletes every row of a workspace's data, table by table in TEAM_DATA_TABLES order, in one transaction. */
export function deleteTeamData(db: Db, teamId: string): TeamDataCount[] {
  return db.transaction((tx) =>
    TEAM_DATA_TABLES.map((table) => {
      const result = tx.run(
        sql`delete from ${sql.identifier(table)} where ${sql.identifier(teamColumn(table))} = ${teamId}`,
      );
      return { table, rows: result.changes };
    }),
  );
}

/** Ends a purge once its data is gone: its row, and an org's record of the workspaces it served. */
export function finishPurge(db: Db, purge: Pick<WorkspacePurge, 'installKey' | 'enterpriseId'>): void {
  db.transaction((tx) => {
    tx.delete(workspacePurges).where(eq(workspacePurges.installKey, purge.installKey)).run();
    if (purge.installKey.startsWith('E:') && purge.enterpriseId) {
      tx.delete(orgWorkspaces).where(eq(orgWorkspaces.enterpriseId, purge.enterpriseId)).run();
    }
  });
}
