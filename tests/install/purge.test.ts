import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { TEAM_DATA_TABLES } from '../../src/db/installations.js';
import * as schema from '../../src/db/schema.js';
import { parseKeyring } from '../../src/install/crypto.js';
import { Installations } from '../../src/install/installation-store.js';
import { purgeDue } from '../../src/install/purge.js';
import { JsonLogger } from '../../src/logger.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from '../contract/backends.js';
import {
  byTable,
  DAY_MS,
  KEY_A,
  NO_ROWS,
  NOW,
  orgInstallation,
  SEEDED_COUNTS,
  seedTeam,
  workspaceInstallation,
} from './support.js';

/** The install bookkeeping itself, and Slack's event IDs (no team): not a workspace's data. */
// team_changes stays: its counter holds nothing personal, and a team view kept by a running replica must see the
// purge's deletes (and a reinstall's writes) as newer than anything it has read.
const NOT_TEAM_DATA = ['installations', 'workspace_purges', 'org_workspaces', 'processed_events', 'team_changes'];

describe('what a purge deletes', () => {
  it('covers every table that names a team, so a new one cannot be forgotten', () => {
    const tables = Object.values(schema).filter((value) => is(value, SQLiteTable));
    const keyedByTeam = tables
      .filter((table) => {
        const columns = Object.values(getTableColumns(table)).map((column) => column.name);
        return getTableName(table) === 'teams' || columns.includes('team_id');
      })
      .map((table) => getTableName(table))
      .filter((name) => !NOT_TEAM_DATA.includes(name));
    expect([...keyedByTeam].sort()).toEqual([...TEAM_DATA_TABLES].sort());
    const unlisted = tables.map((table) => getTableName(table)).filter((name) => !keyedByTeam.includes(name));
    expect(unlisted.sort()).toEqual([...NOT_TEAM_DATA].sort());
  });
});

function installationsOn(store: Store, clock: { now: number }) {
  return new Installations({
    store,
    keyring: parseKeyring(KEY_A),
    logger: new JsonLogger('warn', { sink: () => undefined }),
    clock: () => clock.now,
    purgeGraceDays: 30,
  });
}

describeBackends('cli purge', (use) => {
  it('deletes an uninstalled workspace’s data once its grace has passed, and nothing of another', async () => {
    const store = use();
    const clock = { now: NOW };
    const installations = installationsOn(store, clock);
    await installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-1-a'));
    await installations.storeInstallation(workspaceInstallation('T0002', 'xoxb-2-b'));
    await seedTeam(store, 'T0001');
    await seedTeam(store, 'T0002');
    await installations.uninstall({ teamId: 'T0001' });

    expect(await purgeDue(store, { now: NOW + 30 * DAY_MS - 1 })).toEqual([]);
    const dry = await purgeDue(store, { now: NOW + 30 * DAY_MS, dryRun: true });
    expect(dry).toHaveLength(1);
    expect(dry[0]).toMatchObject({
      installKey: 'T:T0001',
      uninstalledAt: new Date(NOW).toISOString(),
      purgeAfter: new Date(NOW + 30 * DAY_MS).toISOString(),
      dryRun: true,
    });
    expect(byTable(dry[0]?.teams[0]?.tables ?? [])).toEqual(SEEDED_COUNTS);
    expect(byTable(await store.installations.countTeamData('T0001'))).toEqual(SEEDED_COUNTS);

    const done = await purgeDue(store, { now: NOW + 31 * DAY_MS });
    expect(done.map((outcome) => [outcome.installKey, outcome.dryRun, outcome.teams[0]?.teamId])).toEqual([
      ['T:T0001', false, 'T0001'],
    ]);
    expect(byTable(done[0]?.teams[0]?.tables ?? [])).toEqual(SEEDED_COUNTS);
    expect(byTable(await store.installations.countTeamData('T0001'))).toEqual(NO_ROWS);
    expect(byTable(await store.installations.countTeamData('T0002'))).toEqual(SEEDED_COUNTS);
    expect(await store.installations.getPurge('T:T0001')).toBeUndefined();
    expect(await store.installations.getInstallation('T:T0002')).toBeDefined();
    expect(await purgeDue(store, { now: NOW + 32 * DAY_MS })).toEqual([]);
  });

  it('keeps the data of a workspace that installed again within its grace', async () => {
    const store = use();
    const clock = { now: NOW };
    const installations = installationsOn(store, clock);
    await installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-1-a'));
    await seedTeam(store, 'T0001');
    await installations.uninstall({ teamId: 'T0001' });
    clock.now = NOW + 10 * DAY_MS;
    await installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-1-again'));
    expect(await purgeDue(store, { now: NOW + 60 * DAY_MS })).toEqual([]);
    expect(byTable(await store.installations.countTeamData('T0001'))).toEqual(SEEDED_COUNTS);
  });

  it('purges every workspace an org install served, except one with an installation of its own', async () => {
    const store = use();
    const clock = { now: NOW };
    const installations = installationsOn(store, clock);
    await installations.storeInstallation(orgInstallation('E0001', 'xoxb-9-org'));
    for (const teamId of ['T0001', 'T0002', 'T0003']) {
      await installations.fetchInstallation({ teamId, enterpriseId: 'E0001', isEnterpriseInstall: true });
      await seedTeam(store, teamId);
    }
    await installations.storeInstallation(workspaceInstallation('T0003', 'xoxb-3-own'));
    await installations.uninstall({ teamId: 'T0001', enterpriseId: 'E0001', isEnterpriseInstall: true });
    expect(await store.installations.getInstallation('E:E0001')).toBeUndefined();

    const done = await purgeDue(store, { now: NOW + 30 * DAY_MS });
    expect(done).toHaveLength(1);
    expect(done[0]?.installKey).toBe('E:E0001');
    expect(done[0]?.teams.map((team) => [team.teamId, team.kept ?? 'purged'])).toEqual([
      ['T0001', 'purged'],
      ['T0002', 'purged'],
      ['T0003', 'still served by T:T0003'],
    ]);
    expect(byTable(await store.installations.countTeamData('T0001'))).toEqual(NO_ROWS);
    expect(byTable(await store.installations.countTeamData('T0002'))).toEqual(NO_ROWS);
    expect(byTable(await store.installations.countTeamData('T0003'))).toEqual(SEEDED_COUNTS);
    expect(await store.installations.orgWorkspaceTeams('E0001')).toEqual([]);
  });

  it('purges an org’s workspaces again after it reinstalled and left again, in the same running process', async () => {
    const store = use();
    const clock = { now: NOW };
    const installations = installationsOn(store, clock);
    const serve = () =>
      installations.fetchInstallation({ teamId: 'T0001', enterpriseId: 'E0001', isEnterpriseInstall: true });
    await installations.storeInstallation(orgInstallation('E0001', 'xoxb-9-org'));
    await serve();
    await installations.uninstall({ teamId: 'T0001', enterpriseId: 'E0001', isEnterpriseInstall: true });
    clock.now = NOW + 30 * DAY_MS;
    expect((await purgeDue(store, { now: clock.now }))[0]?.teams.map((team) => team.teamId)).toEqual(['T0001']);

    // Back a week later, used again, gone again: the second purge must still know the org served T0001.
    clock.now += 7 * DAY_MS;
    await installations.storeInstallation(orgInstallation('E0001', 'xoxb-9-org-again'));
    await serve();
    await seedTeam(store, 'T0001');
    await installations.uninstall({ teamId: 'T0001', enterpriseId: 'E0001', isEnterpriseInstall: true });
    const again = await purgeDue(store, { now: clock.now + 30 * DAY_MS });
    expect(again[0]?.teams.map((team) => [team.teamId, team.kept ?? 'purged'])).toEqual([['T0001', 'purged']]);
    expect(byTable(await store.installations.countTeamData('T0001'))).toEqual(NO_ROWS);
  });
});
