/**
 * Bolt's InstallationStore over the app's Store: each workspace's (or Enterprise Grid org's) installation is one
 * row, its tokens sealed with TOKEN_ENCRYPTION_KEY. Bolt calls it to save an install (/slack/oauth_redirect) and to
 * authorize every request; the scheduler's clients (oauth.ts) read their tokens through it too. An uninstall
 * deletes the tokens at once and schedules the workspace's data for purging after a grace period (purge.ts).
 * Nothing here logs a token: lines carry team, enterprise and user IDs only.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { DEFAULT_PURGE_GRACE_DAYS } from '../config.js';
import { type InstallationRow, installKeyOf } from '../db/installations.js';
import type { Store } from '../storage/types.js';
import { type Keyring, open, seal } from './crypto.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What this store logs: the app's JsonLogger or anything shaped like it. */
export interface InstallLogger {
  info(...message: unknown[]): void;
  warn(...message: unknown[]): void;
}

export interface InstallationsOptions {
  store: Store;
  keyring: Keyring;
  logger: InstallLogger;
  clock: () => number;
  /** Days between an uninstall and the purge of the workspace's data. */
  purgeGraceDays?: number;
}

/** Which installation a request or a send is for: a workspace, and its Enterprise Grid org when it has one. */
export interface InstallSource {
  teamId?: string | null;
  enterpriseId?: string | null;
  /** Whether the installation is the org's (one for every workspace of the org). */
  isEnterpriseInstall?: boolean;
}

/** No installation serves the workspace: it never installed the app, or uninstalled it. Callers log it and skip. */
export class NotInstalledError extends Error {
  constructor(readonly source: InstallSource) {
    super(`Focus Coach is not installed in ${describeSource(source)} (never installed, or uninstalled since)`);
    this.name = 'NotInstalledError';
  }
}

/** An installation's bot token, for a Web API client of that workspace. */
export interface BotCredentials {
  installKey: string;
  token: string;
  botUserId: string;
}

export class Installations implements InstallationStore {
  private readonly graceMs: number;
  /** Org-wide installs' workspaces already recorded by this process (one write per pair, not one per request). */
  private readonly notedOrgWorkspaces = new Set<string>();

  constructor(private readonly options: InstallationsOptions) {
    this.graceMs = (options.purgeGraceDays ?? DEFAULT_PURGE_GRACE_DAYS) * DAY_MS;
  }

  /** Saves what /slack/oauth_redirect got from oauth.v2.access; a reinstall replaces it and cancels a pending purge. */
  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(installation: Installation<AuthVersion, boolean>) {
    const orgWide = installation.isEnterpriseInstall === true;
    const teamId = installation.team?.id ?? null;
    const enterpriseId = installation.enterprise?.id ?? null;
    const installKey = installKeyOf(teamId, enterpriseId, orgWide);
    if (!installation.bot?.token) {
      throw new Error(`The installation in ${installKey} has no bot token: the app's bot scopes were not granted`);
    }
    const now = this.options.clock();
    const secret = seal(this.options.keyring, JSON.stringify(installation), installKey);
    const row: InstallationRow = {
      installKey,
      teamId,
      enterpriseId,
      isEnterpriseInstall: orgWide,
      appId: installation.appId ?? null,
      botUserId: installation.bot.userId,
      installerUserId: installation.user.id,
      scopes: installation.bot.scopes.join(','),
      keyId: this.options.keyring.current.id,
      secret,
      installedAt: now,
      updatedAt: now,
    };
    await this.options.store.installations.saveInstallation(row);
    this.options.logger.info('Installed', installKey, `by ${installation.user.id}`, `bot ${installation.bot.userId}`);
  }

  /** The installation serving a request (Bolt's authorize). Throws a NotInstalledError when there is none. */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const found = await this.find(query);
    if (!found) throw new NotInstalledError(query);
    return found.installation;
  }

  /** Bolt's name for an uninstall: the tokens go now, the data after the grace period. */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.uninstall(query);
  }

  /**
   * Deletes the installation's tokens at once and schedules its data's purge (app_uninstalled, or tokens_revoked
   * naming the bot). True when there was an installation to delete; a repeated notice changes nothing.
   */
  async uninstall(source: InstallSource): Promise<boolean> {
    const orgWide = source.isEnterpriseInstall === true;
    const installKey = installKeyOf(source.teamId, source.enterpriseId, orgWide);
    const now = this.options.clock();
    const deleted = await this.options.store.installations.removeInstallation({
      installKey,
      teamId: orgWide ? null : (source.teamId ?? null),
      enterpriseId: source.enterpriseId ?? null,
      uninstalledAt: now,
      purgeAfter: now + this.graceMs,
    });
    const purge = await this.options.store.installations.getPurge(installKey);
    this.options.logger.info(
      deleted ? 'Uninstalled: its tokens are deleted' : 'Uninstall notice for an installation already gone',
      installKey,
      purge ? `its data is purged after ${new Date(purge.purgeAfter).toISOString()}` : '',
    );
    return deleted;
  }

  /**
   * tokens_revoked naming only users (no bot): their user tokens are dropped from the installation, which goes on
   * serving with its bot token. True when the installation changed.
   */
  async revokeUserTokens(source: InstallSource, userIds: readonly string[]): Promise<boolean> {
    const found = await this.find(source);
    const user = found?.installation.user;
    if (!found || !user?.token || !userIds.includes(user.id)) return false;
    const { token: _token, refreshToken: _refresh, expiresAt: _expires, ...rest } = user;
    await this.save(found.row, { ...found.installation, user: { ...rest, token: undefined } });
    this.options.logger.info('User token revoked', found.row.installKey, `user ${user.id}`);
    return true;
  }

  /**
   * The bot token serving a workspace: its own installation, else its Enterprise Grid org's. Null when neither
   * exists (the caller says the workspace is not installed).
   */
  async botCredentials(teamId: string, enterpriseId?: string | null): Promise<BotCredentials | null> {
    // A scheduled send knows only the workspace: its org is the one whose installation has served it.
    const org = enterpriseId ?? (await this.options.store.installations.workspaceOrg(teamId)) ?? null;
    const found = await this.find({ teamId, enterpriseId: org, isEnterpriseInstall: false });
    const bot = found?.installation.bot;
    if (!found || !bot) return null;
    return { installKey: found.row.installKey, token: bot.token, botUserId: bot.userId };
  }

  /**
   * The installation for a source, opened. An org-wide query goes to the org's row; a workspace query to the
   * workspace's, then (a Grid workspace the org installation serves) to its org's.
   */
  private async find(
    source: InstallSource,
  ): Promise<{ row: InstallationRow; installation: Installation<'v1' | 'v2', boolean> } | null> {
    const keys: string[] = [];
    if (source.isEnterpriseInstall && source.enterpriseId) keys.push(installKeyOf(null, source.enterpriseId, true));
    else {
      if (source.teamId) keys.push(installKeyOf(source.teamId));
      if (source.enterpriseId) keys.push(installKeyOf(null, source.enterpriseId, true));
    }
    for (const installKey of keys) {
      const row = await this.options.store.installations.getInstallation(installKey);
      if (!row) continue;
      const installation = JSON.parse(open(this.options.keyring, row.secret, installKey)) as Installation<
        'v1' | 'v2',
        boolean
      >;
      if (row.isEnterpriseInstall && row.enterpriseId && source.teamId) {
        await this.noteOrgWorkspace(row, row.enterpriseId, source.teamId);
      }
      return { row, installation };
    }
    return null;
  }

  private async save(row: InstallationRow, installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const { keyring, store, clock } = this.options;
    await store.installations.saveInstallation({
      ...row,
      keyId: keyring.current.id,
      secret: seal(keyring, JSON.stringify(installation), row.installKey),
      updatedAt: clock(),
    });
  }

  private async noteOrgWorkspace(row: InstallationRow, enterpriseId: string, teamId: string): Promise<void> {
    // Per installation, not per org: a purge forgets the org's workspaces, and a reinstall must note them again.
    const pair = `${row.installKey}@${row.installedAt}:${teamId}`;
    if (this.notedOrgWorkspaces.has(pair)) return;
    await this.options.store.installations.noteOrgWorkspace(enterpriseId, teamId, this.options.clock());
    this.notedOrgWorkspaces.add(pair);
  }
}

function describeSource(source: InstallSource): string {
  if (source.isEnterpriseInstall) return `the Enterprise Grid org ${source.enterpriseId ?? '(no enterprise ID)'}`;
  const org = source.enterpriseId ? ` (org ${source.enterpriseId})` : '';
  return `workspace ${source.teamId ?? '(no team ID)'}${org}`;
}
