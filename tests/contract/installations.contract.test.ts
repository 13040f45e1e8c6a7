import { expect, it } from 'vitest';
import { TEAM_DATA_TABLES } from '../../src/db/installations.js';
import { byTable, DAY_MS, NO_ROWS, NOW, row, SEEDED_COUNTS, seedTeam } from '../install/support.js';
import { describeBackends } from './backends.js';

describeBackends('installations', (use) => {
  it('saves, reads and lists installations by key', async () => {
    const store = use();
    await store.installations.saveInstallation(row('T:T0002'));
    await store.installations.saveInstallation(row('E:E0001'));
    await store.installations.saveInstallation(row('T:T0001'));
    expect(await store.installations.getInstallation('T:T0001')).toEqual({
      installKey: 'T:T0001',
      teamId: 'T0001',
      enterpriseId: null,
      isEnterpriseInstall: false,
      appId: 'A0FOCUS01',
      botUserId: 'U0BOT',
      installerUserId: 'U0ADMIN',
      scopes: 'commands,chat:write',
      keyId: 'k1',
      secret: 'v1:k1:sealed-T:T0001',
      installedAt: NOW,
      updatedAt: NOW,
    });
    expect((await store.installations.getInstallation('E:E0001'))?.isEnterpriseInstall).toBe(true);
    expect(await store.installations.getInstallation('T:T0003')).toBeUndefined();
    expect((await store.installations.listInstallations()).map((r) => r.installKey)).toEqual([
      'E:E0001',
      'T:T0001',
      'T:T0002',
    ]);
  });

  it('keeps the first install time on a reinstall, takes the rest, and cancels a pending purge', async () => {
    const store = use();
    await store.installations.saveInstallation(row('T:T0001'));
    await store.installations.removeInstallation({
      installKey: 'T:T0001',
      teamId: 'T0001',
      enterpriseId: null,
      uninstalledAt: NOW + 1000,
      purgeAfter: NOW + 1000 + 30 * DAY_MS,
    });
    expect(await store.installations.getPurge('T:T0001')).toBeDefined();
    await store.installations.saveInstallation(row('T:T0001', { installedAt: NOW + 5000, updatedAt: NOW + 5000 }));
    await store.installations.saveInstallation(
      row('T:T0001', {
        scopes: 'commands',
        secret: 'v1:k2:again',
        keyId: 'k2',
        installedAt: NOW + 9000,
        updatedAt: NOW + 9000,
      }),
    );
    expect(await store.installations.getInstallation('T:T0001')).toMatchObject({
      scopes: 'commands',
      secret: 'v1:k2:again',
      keyId: 'k2',
      installedAt: NOW + 5000, // the row was deleted by the uninstall: the reinstall is its first install now
      updatedAt: NOW + 9000,
    });
    expect(await store.installations.getPurge('T:T0001')).toBeUndefined();
  });

  it('deletes the tokens on uninstall and keeps the first notice’s times on a second one', async () => {
    const store = use();
    await store.installations.saveInstallation(row('T:T0001'));
    await store.installations.saveInstallation(row('T:T0002'));
    const first = {
      installKey: 'T:T0001',
      teamId: 'T0001',
      enterpriseId: null,
      uninstalledAt: NOW,
      purgeAfter: NOW + DAY_MS,
    };
    expect(await store.installations.removeInstallation(first)).toBe(true);
    expect(
      await store.installations.removeInstallation({
        ...first,
        uninstalledAt: NOW + 60_000,
        purgeAfter: NOW + 2 * DAY_MS,
      }),
    ).toBe(false);
    expect(await store.installations.getInstallation('T:T0001')).toBeUndefined();
    expect(await store.installations.getInstallation('T:T0002')).toBeDefined();
    expect(await store.installations.getPurge('T:T0001')).toEqual(first);
  });

  it('lists the purges due at an instant, oldest first, the boundary included', async () => {
    const store = use();
    const purge = (installKey: string, purgeAfter: number) =>
      store.installations.removeInstallation({
        installKey,
        teamId: installKey.slice(2),
        enterpriseId: null,
        uninstalledAt: NOW,
        purgeAfter,
      });
    await purge('T:T0003', NOW + 3 * DAY_MS);
    await purge('T:T0002', NOW + DAY_MS);
    await purge('T:T0001', NOW + DAY_MS);
    await purge('T:T0004', NOW + 2 * DAY_MS);
    expect(await store.installations.duePurges(NOW)).toEqual([]);
    const due = await store.installations.duePurges(NOW + 2 * DAY_MS);
    expect(due.map((p) => p.installKey)).toEqual(['T:T0001', 'T:T0002', 'T:T0004']);
    expect(due[0]).toEqual({
      installKey: 'T:T0001',
      teamId: 'T0001',
      enterpriseId: null,
      uninstalledAt: NOW,
      purgeAfter: NOW + DAY_MS,
    });
  });

  it('replaces a sealed secret only while it is the one read', async () => {
    const store = use();
    await store.installations.saveInstallation(row('T:T0001', { secret: 'v1:k1:old' }));
    const next = { keyId: 'k2', secret: 'v1:k2:new', updatedAt: NOW + 1 };
    expect(await store.installations.replaceSecret('T:T0001', 'v1:k1:stale', next)).toBe(false);
    expect(await store.installations.replaceSecret('T:T0001', 'v1:k1:old', next)).toBe(true);
    expect(await store.installations.getInstallation('T:T0001')).toMatchObject(next);
    expect(await store.installations.replaceSecret('T:T0009', 'v1:k1:old', next)).toBe(false);
  });

  it('remembers the workspaces an org install served, once each, until the org’s purge is finished', async () => {
    const store = use();
    await store.installations.noteOrgWorkspace('E0001', 'T0002', NOW);
    await store.installations.noteOrgWorkspace('E0001', 'T0001', NOW);
    await store.installations.noteOrgWorkspace('E0001', 'T0002', NOW + 1);
    await store.installations.noteOrgWorkspace('E0002', 'T0009', NOW);
    expect(await store.installations.orgWorkspaceTeams('E0001')).toEqual(['T0001', 'T0002']);
    await store.installations.removeInstallation({
      installKey: 'E:E0001',
      teamId: null,
      enterpriseId: 'E0001',
      uninstalledAt: NOW,
      purgeAfter: NOW,
    });
    await store.installations.finishPurge({ installKey: 'E:E0001', enterpriseId: 'E0001' });
    expect(await store.installations.getPurge('E:E0001')).toBeUndefined();
    expect(await store.installations.orgWorkspaceTeams('E0001')).toEqual([]);
    expect(await store.installations.orgWorkspaceTeams('E0002')).toEqual(['T0009']);
  });

  it('counts and deletes every row of one team’s data, and nothing of another team', async () => {
    const store = use();
    await seedTeam(store, 'T0001');
    await seedTeam(store, 'T0002');
    const counted = await store.installations.countTeamData('T0001');
    expect(counted.map((c) => c.table)).toEqual([...TEAM_DATA_TABLES]);
    expect(byTable(counted)).toEqual(SEEDED_COUNTS);
    const deleted = await store.transaction((tx) => tx.installations.deleteTeamData('T0001'), { teamId: 'T0001' });
    expect(byTable(deleted)).toEqual(SEEDED_COUNTS);
    expect(byTable(await store.installations.countTeamData('T0001'))).toEqual(NO_ROWS);
    expect(byTable(await store.installations.countTeamData('T0002'))).toEqual(SEEDED_COUNTS);
    expect(await store.teams.getTeam('T0002')).toBeDefined();
  });
});
