/**
 * Which Slack member each CRM owner is (src/db/crm-owners.ts and its Postgres twin) through the Store: one answer
 * per owner, read back in owner-key order on both back ends.
 */
import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const NOW = Date.parse('2026-12-01T18:00:00Z');
const MINUTE = 60_000;

describeBackends('crm owners', (use) => {
  const answer = (ownerKey: string, userId: string | null, checkedAt: number, reason: string | null = null) =>
    use().crmOwners.saveOwnerAnswer({ teamId: T1, ownerKey, userId, reason, checkedAt });

  it('keeps one answer per owner, the latest, and reads back the ones asked for in key order', async () => {
    await answer('zed@acme.test', 'U0ZED', NOW);
    await answer('ann@acme.test', null, NOW, 'no Slack member has this email');
    await answer('bob@acme.test', 'U0BOB', NOW);
    await answer('ann@acme.test', 'U0ANN', NOW + MINUTE);
    await use().crmOwners.saveOwnerAnswer({
      teamId: 'T0002',
      ownerKey: 'bob@acme.test',
      userId: 'U9',
      reason: null,
      checkedAt: NOW,
    });
    const rows = await use().crmOwners.cachedOwners(T1, ['zed@acme.test', 'ann@acme.test', 'never@acme.test']);
    expect(rows).toEqual([
      { teamId: T1, ownerKey: 'ann@acme.test', userId: 'U0ANN', reason: null, checkedAt: NOW + MINUTE },
      { teamId: T1, ownerKey: 'zed@acme.test', userId: 'U0ZED', reason: null, checkedAt: NOW },
    ]);
    expect(await use().crmOwners.cachedOwners(T1, [])).toEqual([]);
  });

  it('reads more keys than one query takes', async () => {
    const keys = Array.from({ length: 1_203 }, (_, i) => `rep${String(i).padStart(4, '0')}@acme.test`);
    for (const key of keys.filter((_, i) => i % 100 === 0)) await answer(key, 'U1', NOW);
    const rows = await use().crmOwners.cachedOwners(T1, keys);
    expect(rows.map((row) => row.ownerKey)).toEqual(keys.filter((_, i) => i % 100 === 0));
  });

  it('lists the misses last asked at or before a time, due to be asked again', async () => {
    await answer('b-miss@acme.test', null, NOW, 'not found');
    await answer('a-miss@acme.test', null, NOW - MINUTE, 'not found');
    await answer('late-miss@acme.test', null, NOW + 1, 'not found');
    await answer('hit@acme.test', 'U0HIT', NOW - MINUTE);
    expect(await use().crmOwners.ownerMissesOlderThan(T1, NOW)).toEqual(['a-miss@acme.test', 'b-miss@acme.test']);
    expect(await use().crmOwners.ownerMissesOlderThan('T0002', NOW)).toEqual([]);
  });
});
