import { WebClient } from '@slack/web-api';
import { expect, it } from 'vitest';
import { parseKeyring } from '../../src/install/crypto.js';
import { Installations, NotInstalledError } from '../../src/install/installation-store.js';
import { InstallationClients } from '../../src/install/oauth.js';
import { rotateInstallationKeys } from '../../src/install/rotate.js';
import { JsonLogger } from '../../src/logger.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from '../contract/backends.js';
import { DAY_MS, KEY_A, KEY_B, NOW, orgInstallation, workspaceInstallation } from './support.js';

const TOKEN_1 = 'xoxb-111-aaa-secret1';
const TOKEN_2 = 'xoxb-222-bbb-secret2';
const TOKEN_ORG = 'xoxb-999-org-secret9';

function setup(store: Store, key = `k1:${KEY_A}`) {
  const lines: string[] = [];
  const clock = { now: NOW };
  const installations = new Installations({
    store,
    keyring: parseKeyring(key),
    logger: new JsonLogger('debug', { sink: (line) => lines.push(line) }),
    clock: () => clock.now,
    purgeGraceDays: 30,
  });
  return { installations, lines, clock };
}

describeBackends('the installation store', (use) => {
  it('keeps an installation encrypted, with its lookup columns in clear, and gives it back whole', async () => {
    const store = use();
    const { installations, lines } = setup(store);
    const installation = workspaceInstallation('T0001', TOKEN_1, 'Acme Sales');
    await installations.storeInstallation(installation);
    const row = await store.installations.getInstallation('T:T0001');
    expect(row).toMatchObject({
      teamId: 'T0001',
      enterpriseId: null,
      isEnterpriseInstall: false,
      appId: 'A0FOCUS01',
      botUserId: 'UT0001BOT',
      installerUserId: 'UT0001ADMIN',
      scopes: 'commands,chat:write',
      keyId: 'k1',
      installedAt: NOW,
    });
    expect(row?.secret).toMatch(/^v1:k1:/);
    expect(row?.secret).not.toContain('secret1');
    expect(
      await installations.fetchInstallation({ teamId: 'T0001', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).toEqual(installation);
    expect(lines.join('\n')).toContain('T:T0001');
    expect(lines.join('\n')).not.toContain('secret1');
  });

  it('refuses a workspace with no installation, and serves each workspace its own', async () => {
    const store = use();
    const { installations } = setup(store);
    await installations.storeInstallation(workspaceInstallation('T0001', TOKEN_1));
    await installations.storeInstallation(workspaceInstallation('T0002', TOKEN_2));
    const query = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });
    expect((await installations.fetchInstallation(query('T0001'))).bot?.token).toBe(TOKEN_1);
    expect((await installations.fetchInstallation(query('T0002'))).bot?.token).toBe(TOKEN_2);
    await expect(installations.fetchInstallation(query('T0003'))).rejects.toThrow(NotInstalledError);
    await expect(installations.fetchInstallation(query('T0003'))).rejects.toThrow(
      'Focus Coach is not installed in workspace T0003',
    );
  });

  it('serves an Enterprise Grid org install by its enterprise, for org requests and its workspaces alike', async () => {
    const store = use();
    const { installations } = setup(store);
    const org = orgInstallation('E0001', TOKEN_ORG);
    await installations.storeInstallation(org);
    expect(await store.installations.getInstallation('E:E0001')).toMatchObject({
      teamId: null,
      enterpriseId: 'E0001',
      isEnterpriseInstall: true,
    });
    expect(
      await installations.fetchInstallation({ teamId: 'T0005', enterpriseId: 'E0001', isEnterpriseInstall: true }),
    ).toEqual(org);
    expect((await installations.botCredentials('T0006', 'E0001'))?.token).toBe(TOKEN_ORG);
    expect(await installations.botCredentials('T0006', 'E0002')).toBeNull();
    expect(await store.installations.orgWorkspaceTeams('E0001')).toEqual(['T0005', 'T0006']);
  });

  it('finds the org install for a scheduled send that knows only the workspace, once the org has served it', async () => {
    const store = use();
    const { installations } = setup(store);
    await installations.storeInstallation(orgInstallation('E0001', TOKEN_ORG));
    // A send for a workspace the org install never served has no token to use.
    expect(await installations.botCredentials('T0005')).toBeNull();
    // A request from the workspace (Bolt's authorize) ties it to its org…
    await installations.fetchInstallation({ teamId: 'T0005', enterpriseId: 'E0001', isEnterpriseInstall: true });
    // …so the pass and the Home tab, which know only the team, reach it with the org's token.
    expect((await installations.botCredentials('T0005'))?.token).toBe(TOKEN_ORG);
    expect(await installations.botCredentials('T0006')).toBeNull();
  });

  it('deletes the tokens at once on uninstall and schedules the purge after the grace period', async () => {
    const store = use();
    const { installations, clock } = setup(store);
    await installations.storeInstallation(workspaceInstallation('T0001', TOKEN_1));
    await installations.storeInstallation(workspaceInstallation('T0002', TOKEN_2));
    clock.now = NOW + 60_000;
    expect(await installations.uninstall({ teamId: 'T0001' })).toBe(true);
    expect(await store.installations.getInstallation('T:T0001')).toBeUndefined();
    expect(await installations.botCredentials('T0001')).toBeNull();
    expect((await installations.botCredentials('T0002'))?.token).toBe(TOKEN_2);
    expect(await store.installations.getPurge('T:T0001')).toEqual({
      installKey: 'T:T0001',
      teamId: 'T0001',
      enterpriseId: null,
      uninstalledAt: NOW + 60_000,
      purgeAfter: NOW + 60_000 + 30 * DAY_MS,
    });
    // tokens_revoked after app_uninstalled: nothing left to delete, the purge keeps its date.
    clock.now = NOW + 120_000;
    expect(await installations.uninstall({ teamId: 'T0001' })).toBe(false);
    expect((await store.installations.getPurge('T:T0001'))?.purgeAfter).toBe(NOW + 60_000 + 30 * DAY_MS);
    // Installing again inside the grace period keeps the data.
    await installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-111-aaa-again'));
    expect(await store.installations.getPurge('T:T0001')).toBeUndefined();
    expect((await installations.botCredentials('T0001'))?.token).toBe('xoxb-111-aaa-again');
  });

  it('drops a revoked user token and goes on serving with the bot token', async () => {
    const store = use();
    const { installations } = setup(store);
    const installation = workspaceInstallation('T0001', TOKEN_1);
    await installations.storeInstallation({ ...installation, user: { ...installation.user, token: 'xoxp-user-1' } });
    expect(await installations.revokeUserTokens({ teamId: 'T0001' }, ['U0SOMEONE'])).toBe(false);
    expect(await installations.revokeUserTokens({ teamId: 'T0001' }, ['UT0001ADMIN'])).toBe(true);
    const after = await installations.fetchInstallation({
      teamId: 'T0001',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(after.user.token).toBeUndefined();
    expect(after.bot?.token).toBe(TOKEN_1);
  });

  it('gives each workspace a client with its own token, kept while the token stays, refused once uninstalled', async () => {
    const store = use();
    const { installations } = setup(store);
    await installations.storeInstallation(workspaceInstallation('T0001', TOKEN_1));
    await installations.storeInstallation(workspaceInstallation('T0002', TOKEN_2));
    const made: string[] = [];
    const clients = new InstallationClients(installations, (token) => {
      made.push(token);
      return new WebClient(token);
    });
    const one = await clients.clientFor('T0001');
    expect(one.token).toBe(TOKEN_1);
    expect((await clients.clientFor('T0002')).token).toBe(TOKEN_2);
    expect(await clients.clientFor('T0001')).toBe(one);
    await installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-111-aaa-new'));
    expect((await clients.clientFor('T0001')).token).toBe('xoxb-111-aaa-new');
    expect(made).toEqual([TOKEN_1, TOKEN_2, 'xoxb-111-aaa-new']);
    await installations.uninstall({ teamId: 'T0001' });
    await expect(clients.clientFor('T0001')).rejects.toThrow(NotInstalledError);
    expect((await clients.clientFor('T0002')).token).toBe(TOKEN_2);
  });

  it('rotates every installation to the new key, after which the old key can go', async () => {
    const store = use();
    await setup(store, `k1:${KEY_A}`).installations.storeInstallation(workspaceInstallation('T0001', TOKEN_1));
    await setup(store, `k1:${KEY_A}`).installations.storeInstallation(orgInstallation('E0001', TOKEN_ORG));
    const both = parseKeyring(`k2:${KEY_B},k1:${KEY_A}`);
    await setup(store, `k2:${KEY_B},k1:${KEY_A}`).installations.storeInstallation(
      workspaceInstallation('T0002', TOKEN_2),
    );
    expect(await rotateInstallationKeys(store, both, NOW + 1)).toEqual({
      rotated: ['E:E0001', 'T:T0001'],
      current: 1,
      changedMeanwhile: [],
    });
    expect((await store.installations.listInstallations()).map((r) => [r.installKey, r.keyId])).toEqual([
      ['E:E0001', 'k2'],
      ['T:T0001', 'k2'],
      ['T:T0002', 'k2'],
    ]);
    const newOnly = setup(store, `k2:${KEY_B}`).installations;
    expect((await newOnly.botCredentials('T0001'))?.token).toBe(TOKEN_1);
    expect((await newOnly.botCredentials('T0009', 'E0001'))?.token).toBe(TOKEN_ORG);
    expect(await rotateInstallationKeys(store, both, NOW + 2)).toEqual({
      rotated: [],
      current: 3,
      changedMeanwhile: [],
    });
    const oldOnly = setup(store, `k1:${KEY_A}`).installations;
    await expect(oldOnly.botCredentials('T0001')).rejects.toThrow(/encrypted with key k2, which TOKEN_ENCRYPTION_KEY/);
  });
});
