/**
 * A team's CRM sync state and runs (src/db/crm.ts and its Postgres twin) through the Store: the lease taken by one
 * guarded write (racing processes: exactly one wins), fenced writes after it, and the record of each run.
 */
import { expect, it } from 'vitest';
import { emptySummary } from '../../src/crm/model.js';
import { CRM_LEASE_MS, type CrmLease, type LeaseAttempt, LeaseLostError } from '../../src/db/crm.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const NOW = Date.parse('2026-12-01T18:00:00Z');
const MINUTE = 60_000;

function leaseOf(attempt: LeaseAttempt): CrmLease {
  if (!attempt.acquired) throw new Error(`expected the lease, got ${attempt.reason}`);
  return attempt.lease;
}

describeBackends('crm state and runs', (use) => {
  const acquire = (now: number, force = false) =>
    use().crm.acquireCrmLease({ teamId: T1, source: 'hubspot', now, force });

  it('makes the state row on first sync and takes the lease; a second process is told it is busy', async () => {
    const store = use();
    expect(await store.crm.getCrmState(T1, 'hubspot')).toBeUndefined();
    const first = await acquire(NOW);
    const lease = leaseOf(first);
    expect(lease).toEqual({ teamId: T1, source: 'hubspot', token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(first).toEqual({
      acquired: true,
      lease,
      state: {
        teamId: T1,
        source: 'hubspot',
        cursor: null,
        leaseToken: lease.token,
        leaseUntil: NOW + 5 * MINUTE,
        nextAttemptAt: null,
        failures: 0,
        lastError: null,
        notifiedError: null,
        lastSuccessAt: null,
      },
    });
    expect(CRM_LEASE_MS).toBe(5 * MINUTE);
    expect(await acquire(NOW + MINUTE, true)).toEqual({
      acquired: false,
      reason: 'busy',
      leaseUntil: NOW + 5 * MINUTE,
    });
    // Lapsed: taken over, and the run it held is marked failed.
    const runId = await store.crm.startCrmRun({
      teamId: T1,
      source: 'hubspot',
      trigger: 'cli',
      dryRun: false,
      now: NOW,
    });
    const second = leaseOf(await acquire(NOW + 5 * MINUTE));
    expect(second.token).not.toBe(lease.token);
    expect(await store.crm.renewCrmLease(lease, NOW + 5 * MINUTE)).toBe(false);
    expect(await store.crm.recentCrmRuns(T1, 'hubspot')).toEqual([
      expect.objectContaining({
        id: runId,
        status: 'failed',
        finishedAt: NOW + 5 * MINUTE,
        error: 'Stopped mid-run: the process ended before it finished',
      }),
    ]);
  });

  it('keeps the next sync until it is due unless forced, and records a success', async () => {
    const store = use();
    const lease = leaseOf(await acquire(NOW));
    expect(await store.crm.renewCrmLease(lease, NOW + MINUTE)).toBe(true);
    expect((await store.crm.getCrmState(T1, 'hubspot'))?.leaseUntil).toBe(NOW + 6 * MINUTE);
    const success = await store.crm.recordCrmSuccess(lease, {
      cursor: '2026-12-01T17:59:00Z',
      now: NOW + 2 * MINUTE,
      nextAttemptAt: NOW + 17 * MINUTE,
    });
    expect(success).toEqual({ notifiedError: null });
    expect(await store.crm.getCrmState(T1, 'hubspot')).toEqual({
      teamId: T1,
      source: 'hubspot',
      cursor: '2026-12-01T17:59:00Z',
      leaseToken: null,
      leaseUntil: null,
      nextAttemptAt: NOW + 17 * MINUTE,
      failures: 0,
      lastError: null,
      notifiedError: null,
      lastSuccessAt: NOW + 2 * MINUTE,
    });
    expect(await acquire(NOW + 16 * MINUTE)).toEqual({
      acquired: false,
      reason: 'not-due',
      nextAttemptAt: NOW + 17 * MINUTE,
    });
    const forced = leaseOf(await acquire(NOW + 16 * MINUTE, true));
    // A null cursor keeps the last one.
    await store.crm.recordCrmSuccess(forced, {
      cursor: null,
      now: NOW + 16 * MINUTE,
      nextAttemptAt: NOW + 31 * MINUTE,
    });
    expect((await store.crm.getCrmState(T1, 'hubspot'))?.cursor).toBe('2026-12-01T17:59:00Z');
    await expect(store.crm.recordCrmSuccess(forced, { cursor: 'x', now: NOW, nextAttemptAt: NOW })).rejects.toThrow(
      LeaseLostError,
    );
  });

  it('records a failure and its notice once, gives the notice back on the next success, and fences both', async () => {
    const store = use();
    const lease = leaseOf(await acquire(NOW));
    const failure = { error: 'HubSpot said 401', failures: 1, nextAttemptAt: NOW + 2 * MINUTE, notice: 'auth' };
    expect(await store.crm.recordCrmFailure(lease, failure)).toMatchObject({
      lastError: 'HubSpot said 401',
      failures: 1,
      notifiedError: 'auth',
      leaseToken: null,
      leaseUntil: null,
      nextAttemptAt: NOW + 2 * MINUTE,
    });
    expect(await store.crm.recordCrmFailure(lease, failure)).toBeNull();
    const again = leaseOf(await acquire(NOW + 2 * MINUTE));
    // No notice this time: the one told before stays.
    await store.crm.recordCrmFailure(again, { ...failure, failures: 2, notice: null });
    expect(await store.crm.getCrmState(T1, 'hubspot')).toMatchObject({ failures: 2, notifiedError: 'auth' });
    const third = leaseOf(await acquire(NOW + 3 * MINUTE));
    expect(
      await store.crm.recordCrmSuccess(third, {
        cursor: null,
        now: NOW + 3 * MINUTE,
        nextAttemptAt: NOW + 18 * MINUTE,
      }),
    ).toEqual({ notifiedError: 'auth' });
    const fourth = leaseOf(await acquire(NOW + 18 * MINUTE));
    await store.crm.releaseCrmLease(fourth);
    expect(await store.crm.getCrmState(T1, 'hubspot')).toMatchObject({
      leaseToken: null,
      leaseUntil: null,
      nextAttemptAt: NOW + 18 * MINUTE,
      notifiedError: null,
    });
  });

  it('lets exactly one of several racing processes take the lease', async () => {
    const attempts = await Promise.all([1, 2, 3, 4].map(() => acquire(NOW)));
    const winners = attempts.filter((attempt) => attempt.acquired);
    expect(winners).toHaveLength(1);
    expect(attempts.filter((attempt) => !attempt.acquired)).toEqual(
      Array.from({ length: 3 }, () => ({ acquired: false, reason: 'busy', leaseUntil: NOW + 5 * MINUTE })),
    );
    expect((await use().crm.getCrmState(T1, 'hubspot'))?.leaseToken).toBe(leaseOf(winners[0] as LeaseAttempt).token);
  });

  it('records runs with their counts and summary, newest first, per source', async () => {
    const store = use();
    const start = (source: 'hubspot' | 'csv', now: number) =>
      store.crm.startCrmRun({ teamId: T1, source, trigger: 'import', dryRun: source === 'csv', now });
    const one = await start('hubspot', NOW);
    const two = await start('hubspot', NOW + MINUTE);
    const csv = await start('csv', NOW + 2 * MINUTE);
    expect([two - one, csv - two]).toEqual([1, 1]);
    const summary = emptySummary('hubspot', false);
    summary.deals.added = 3;
    summary.activities.added = 2;
    summary.deals.changed = 1;
    summary.activities.deleted = 4;
    summary.skipped.push({ externalId: 'D9', reason: 'no amount in HubSpot: the coach counts money' });
    await store.crm.finishCrmRunOk(one, summary, NOW + 30_000);
    await store.crm.finishCrmRunFailed(two, { error: 'timed out', fix: 'Try again later', now: NOW + 90_000 });
    await store.crm.finishCrmRunFailed(csv, { error: 'bad file', fix: null, now: NOW + 150_000 });
    expect(await store.crm.recentCrmRuns(T1, 'hubspot')).toEqual([
      {
        id: two,
        teamId: T1,
        source: 'hubspot',
        trigger: 'import',
        dryRun: false,
        startedAt: NOW + MINUTE,
        finishedAt: NOW + 90_000,
        status: 'failed',
        added: 0,
        changed: 0,
        deleted: 0,
        skipped: 0,
        error: 'timed out',
        summary: { fix: 'Try again later' },
      },
      {
        id: one,
        teamId: T1,
        source: 'hubspot',
        trigger: 'import',
        dryRun: false,
        startedAt: NOW,
        finishedAt: NOW + 30_000,
        status: 'ok',
        added: 5,
        changed: 1,
        deleted: 4,
        skipped: 1,
        error: null,
        summary: JSON.parse(JSON.stringify(summary)),
      },
    ]);
    expect(await store.crm.recentCrmRuns(T1, 'hubspot', 1)).toHaveLength(1);
    expect(await store.crm.recentCrmRuns(T1, 'csv')).toMatchObject([{ id: csv, dryRun: true, summary: null }]);
    // The summary's keys keep their order (json, not jsonb, on Postgres).
    const [kept] = await store.crm.recentCrmRuns(T1, 'hubspot', 2).then((runs) => runs.slice(1));
    expect(Object.keys(kept?.summary ?? {})).toEqual(Object.keys(summary));
  });
});
