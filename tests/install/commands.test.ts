import { expect, it } from 'vitest';
import { purgeCommand, rotateKeyCommand } from '../../src/install/commands.js';
import { parseKeyring } from '../../src/install/crypto.js';
import { Installations } from '../../src/install/installation-store.js';
import { JsonLogger } from '../../src/logger.js';
import { describeBackends } from '../contract/backends.js';
import { DAY_MS, KEY_A, KEY_B, NOW, SEEDED_COUNTS, seedTeam, workspaceInstallation } from './support.js';

describeBackends('the purge and rotate-key commands', (use) => {
  it('print one JSON line per purged installation and per rotation, with no token in them', async () => {
    const store = use();
    const installations = new Installations({
      store,
      keyring: parseKeyring(`k1:${KEY_A}`),
      logger: new JsonLogger('warn', { sink: () => undefined }),
      clock: () => NOW,
      purgeGraceDays: 1,
    });
    await installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-1-secret-one'));
    await installations.storeInstallation(workspaceInstallation('T0002', 'xoxb-2-secret-two'));
    await seedTeam(store, 'T0001');
    await installations.uninstall({ teamId: 'T0001' });

    const printed: string[] = [];
    const out = (text: string) => printed.push(text);
    await purgeCommand(store, { now: NOW + DAY_MS, dryRun: true }, out);
    await purgeCommand(store, { now: NOW + DAY_MS, dryRun: false }, out);
    await purgeCommand(store, { now: NOW + DAY_MS, dryRun: false }, out);
    expect(printed.map((line) => JSON.parse(line))).toEqual(
      [true, false].map((dryRun) => ({
        installKey: 'T:T0001',
        uninstalledAt: '2026-11-30T17:00:00.000Z',
        purgeAfter: '2026-12-01T17:00:00.000Z',
        dryRun,
        teams: [{ teamId: 'T0001', rows: SEEDED_COUNTS }],
      })),
    );

    printed.length = 0;
    await rotateKeyCommand(store, parseKeyring(`k2:${KEY_B},k1:${KEY_A}`), NOW, out);
    expect(printed).toEqual([
      `${JSON.stringify({ key: 'k2', rotated: ['T:T0002'], current: 0, changedMeanwhile: [] })}\n`,
    ]);
    expect(printed.join('')).not.toContain('secret');
  });
});
