import { expect, it } from 'vitest';
import { periodContaining } from '../../src/domain/period.js';
import { openStore } from '../../src/storage/open.js';
import { openPgStore } from '../../src/storage/pg/store.js';
import type { SqliteStore } from '../../src/storage/sqlite.js';
import type { RootStore, Store } from '../../src/storage/types.js';
import { databaseUrl, testDatabaseUrl } from '../support/pg.js';
import { type Backend, describeBackends } from './backends.js';

/**
 * The change log the team view keeps its facts by (SQLite: migrations/0006's triggers; Postgres: the plpgsql
 * triggers of migrations/pg): every write a rep's figures are read from marks that rep, whichever connection
 * makes it; the team's settings mark the whole team, an account's fit every rep on it; what no figure rests on
 * marks nobody. The seq values are worked by hand from the triggers: an insert or delete moves the team's seq once,
 * an update twice (the row before, then after); activity on an account first marks the owners of its deals, then
 * the rep who logged it (SQLite fires the newer trigger first; Postgres fires them by name, in the same order).
 * SQLite marks row by row; Postgres (migrations/pg/0003) once per statement and step, so a one-row statement moves
 * the seqs alike on both, and a many-row one moves them less on Postgres. What readers rely on holds on both: after
 * a statement, exactly the reps it wrote for have a seq above any the team had before it.
 */
const TEAM = 'TLOG';
const OTHER_TEAM = 'TOTHER';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TODAY = '2026-11-18';

/**
 * Ann, Ben and Cal join (seq 1, 2, 3), Ann also in the other team; Ann opens a deal on Shared Co (seq 4: the deals
 * version moves too, which marks nobody).
 */
async function setUp(store: Store): Promise<void> {
  await store.teams.ensureTeam(TEAM);
  await store.teams.ensureTeam(OTHER_TEAM);
  for (const userId of ['UANN', 'UBEN', 'UCAL']) await store.reps.ensureRep(TEAM, userId);
  await store.reps.ensureRep(OTHER_TEAM, 'UANN');
  await store.deals.addOpportunity({
    teamId: TEAM,
    userId: 'UANN',
    account: 'Shared Co',
    amountCents: 5_000_000,
    closeOn: null,
    now: NOW,
    today: TODAY,
  });
}

/** A second connection to the same database: another process's writes. */
async function anotherConnection(store: Store, backend: Backend): Promise<RootStore> {
  if (backend.dialect === 'sqlite') return openStore({ path: (store as SqliteStore).sqlite.name });
  const url = testDatabaseUrl();
  if (!url || !backend.database) throw new Error('no Postgres test database');
  return openPgStore(databaseUrl(url, backend.database), { poolSize: 1 });
}

describeBackends('the change log kept by triggers', (use, backend) => {
  const stamp = (store: Store) => store.teamRows.teamStateStamp(TEAM);
  const changedSince = (store: Store, seq: number) => store.teamRows.repsChangedSince(TEAM, seq, 10);
  const repSeq = async (store: Store, userId: string, teamId = TEAM) =>
    (await store.repChanges.repStamp(teamId, userId))?.repSeq;

  it('starts from the reps joining and the first deal', async () => {
    const store = use();
    await setUp(store);
    expect(await stamp(store)).toEqual({ seq: 4, wideSeq: 0, dealsVersion: 1 });
    expect(await store.dueReps.changeStamp(TEAM)).toEqual({ seq: 4, wideSeq: 0 });
    expect(await store.repChanges.repStamp(TEAM, 'UANN')).toEqual({ repSeq: 4, wideSeq: 0, dealsVersion: 1 });
    expect([await repSeq(store, 'UBEN'), await repSeq(store, 'UCAL')]).toEqual([2, 3]);
    expect(await store.repChanges.repStamp(TEAM, 'UNEW')).toEqual({ repSeq: 0, wideSeq: 0, dealsVersion: 1 });
    expect(await store.repChanges.repStamp('TNONE', 'UANN')).toBeNull();
    expect(await store.dueReps.changeStamp(OTHER_TEAM)).toEqual({ seq: 1, wideSeq: 0 });
    expect(await changedSince(store, 0)).toEqual(new Set(['UANN', 'UBEN', 'UCAL']));
    expect(await changedSince(store, 3)).toEqual(new Set(['UANN']));
  });

  it('reads a request’s start in one go: the team’s row, the rep’s and the same stamp as repStamp', async () => {
    const store = use();
    await setUp(store);
    const ann = await store.repChanges.repStart(TEAM, 'UANN');
    expect(ann?.team).toEqual(await store.teams.getTeam(TEAM));
    expect(ann?.rep).toEqual(await store.reps.getRep(TEAM, 'UANN'));
    expect(ann?.stamp).toEqual({ repSeq: 4, wideSeq: 0, dealsVersion: 1 });
    // Ann's row in the other team is another rep: her stamp there is her joining it (that team's seq 1).
    const annElsewhere = await store.repChanges.repStart(OTHER_TEAM, 'UANN');
    expect([annElsewhere?.rep?.teamId, annElsewhere?.stamp]).toEqual([
      OTHER_TEAM,
      { repSeq: 1, wideSeq: 0, dealsVersion: 0 },
    ]);
    // Before a rep's first contact: the team's row, no rep, and nothing written for them.
    const newcomer = await store.repChanges.repStart(TEAM, 'UNEW');
    expect([newcomer?.team.id, newcomer?.rep, newcomer?.stamp]).toEqual([
      TEAM,
      null,
      { repSeq: 0, wideSeq: 0, dealsVersion: 1 },
    ]);
    expect(await store.repChanges.repStart('TNONE', 'UANN')).toBeNull();
    // It moves with the rep's writes as repStamp does: Ben logs a call (seq 5).
    await store.activities.logActivity({
      teamId: TEAM,
      userId: 'UBEN',
      kind: 'call',
      count: 1,
      account: null,
      now: NOW,
      today: TODAY,
    });
    expect((await store.repChanges.repStart(TEAM, 'UBEN'))?.stamp).toEqual(
      await store.repChanges.repStamp(TEAM, 'UBEN'),
    );
    expect((await store.repChanges.repStart(TEAM, 'UBEN'))?.stamp.repSeq).toBe(5);
  });

  it('marks the rep who logs activity, and every rep with a deal on that account', async () => {
    const store = use();
    await setUp(store);
    await store.activities.logActivity({
      teamId: TEAM,
      userId: 'UBEN',
      kind: 'call',
      count: 2,
      account: null,
      now: NOW,
      today: TODAY,
    });
    expect(await changedSince(store, 4)).toEqual(new Set(['UBEN']));
    expect(await repSeq(store, 'UBEN')).toBe(5);

    await store.activities.logActivity({
      teamId: TEAM,
      userId: 'UCAL',
      kind: 'meeting',
      count: 1,
      account: 'Shared Co',
      now: NOW,
      today: TODAY,
    });
    // Ann's deal on Shared Co has just seen activity (seq 6), then Cal's own figures (seq 7).
    expect(await changedSince(store, 5)).toEqual(new Set(['UCAL', 'UANN']));
    expect([await repSeq(store, 'UANN'), await repSeq(store, 'UCAL')]).toEqual([6, 7]);
    expect(await stamp(store)).toEqual({ seq: 7, wideSeq: 0, dealsVersion: 1 });
  });

  it('marks the rep for deals, quotas, targets, plans, pauses and their own settings, and no one else', async () => {
    const store = use();
    await setUp(store);
    const target = (count: number) =>
      store.targets.setTarget({ teamId: TEAM, userId: 'UBEN', activity: 'call', per: 'day', count, now: NOW });
    const writes: [string, number, () => Promise<unknown>][] = [
      // The deal's insert; its deals-version bump marks nobody.
      [
        'a win',
        1,
        () =>
          store.deals.recordWin({
            teamId: TEAM,
            userId: 'UBEN',
            account: 'Won Co',
            amountCents: 100,
            now: NOW,
            today: TODAY,
          }),
      ],
      // The quota's insert, and the rep's card switched to its kind (an update: twice).
      [
        'a quota',
        3,
        () =>
          store.quotas.setQuota({
            teamId: TEAM,
            userId: 'UBEN',
            period: periodContaining('quarter', TODAY, 1),
            amountCents: 1,
            setBy: 'UMGR',
            now: NOW,
          }),
      ],
      ['a target', 1, () => target(5)],
      ['a target changed', 2, () => target(6)],
      ['a target removed', 1, () => target(0)],
      [
        'a plan',
        1,
        () => store.checkins.setPlan({ teamId: TEAM, userId: 'UBEN', localDate: TODAY, items: ['call'], now: NOW }),
      ],
      [
        'a plan changed',
        2,
        () => store.checkins.setPlan({ teamId: TEAM, userId: 'UBEN', localDate: TODAY, items: ['x'], now: NOW }),
      ],
      // The rep's pausedUntil (an update), and the pause taken (an insert).
      ['a pause', 3, () => store.reps.pauseRep({ teamId: TEAM, userId: 'UBEN', today: TODAY, until: '2026-11-20' })],
      ['a DM channel', 2, () => store.reps.setDmChannel(TEAM, 'UBEN', 'DBEN')],
    ];
    for (const [what, moves, write] of writes) {
      const before = await stamp(store);
      await write();
      const after = await stamp(store);
      expect({ what, changed: await changedSince(store, before.seq) }).toEqual({ what, changed: new Set(['UBEN']) });
      expect({ what, seq: after.seq, wide: after.wideSeq, ben: await repSeq(store, 'UBEN') }).toEqual({
        what,
        seq: before.seq + moves,
        wide: 0,
        ben: before.seq + moves,
      });
    }
  });

  it('marks the owners of deals on the accounts a CRM activity moves between, before and after', async () => {
    const store = use();
    await setUp(store);
    const { account: other } = await store.accounts.findOrCreateAccount(TEAM, 'Other Co');
    await store.crmApply.insertActivities([
      {
        teamId: TEAM,
        userId: 'UCAL',
        kind: 'call',
        count: 1,
        accountId: null,
        occurredAt: NOW,
        localDate: TODAY,
        source: 'hubspot',
        externalId: 'a1',
      },
    ]);
    expect(await stamp(store)).toMatchObject({ seq: 5 });
    const [activity] = await store.crmApply.sourceActivities(TEAM, 'hubspot');
    const shared = await store.accounts.findAccount(TEAM, 'Shared Co');
    // Onto Shared Co: no account before (seq 6), Shared Co's deal owner Ann after (7), then Cal before and after.
    await store.crmApply.updateActivity(TEAM, activity?.id ?? -1, { accountId: shared?.id });
    expect(await stamp(store)).toMatchObject({ seq: 9 });
    expect([await repSeq(store, 'UANN'), await repSeq(store, 'UCAL')]).toEqual([7, 9]);
    // Onto Other Co, which has no deals: Shared Co's owners (10), nobody (11), Cal (12, 13).
    await store.crmApply.updateActivity(TEAM, activity?.id ?? -1, { accountId: other.id });
    expect([await repSeq(store, 'UANN'), await repSeq(store, 'UCAL')]).toEqual([10, 13]);
    // Deleted: Other Co's owners (none: 14), then Cal (15).
    await store.crmApply.deleteActivity(TEAM, activity?.id ?? -1);
    expect(await stamp(store)).toEqual({ seq: 15, wideSeq: 0, dealsVersion: 1 });
    expect([await repSeq(store, 'UANN'), await repSeq(store, 'UBEN'), await repSeq(store, 'UCAL')]).toEqual([
      10, 2, 15,
    ]);
  });

  it('marks row by row on SQLite, step by step on Postgres, when one statement writes several rows', async () => {
    const store = use();
    await setUp(store);
    const shared = await store.accounts.findAccount(TEAM, 'Shared Co');
    const row = { teamId: TEAM, kind: 'call' as const, count: 1, occurredAt: NOW, localDate: TODAY, source: 'hubspot' };
    await store.crmApply.insertActivities([
      { ...row, userId: 'UCAL', accountId: shared?.id ?? null, externalId: 'a1' },
      { ...row, userId: 'UBEN', accountId: shared?.id ?? null, externalId: 'a2' },
    ]);
    expect(await changedSince(store, 4)).toEqual(new Set(['UANN', 'UBEN', 'UCAL']));
    const seqs = [await repSeq(store, 'UANN'), await repSeq(store, 'UBEN'), await repSeq(store, 'UCAL')];
    if (backend.dialect === 'sqlite') {
      // Cal's row: Ann (5), Cal (6); then Ben's row: Ann (7), Ben (8).
      expect(seqs).toEqual([7, 8, 6]);
      expect(await stamp(store)).toEqual({ seq: 8, wideSeq: 0, dealsVersion: 1 });
    } else {
      // Both rows' accounts: Ann (5); then both rows' reps: Ben and Cal (6).
      expect(seqs).toEqual([5, 6, 6]);
      expect(await stamp(store)).toEqual({ seq: 6, wideSeq: 0, dealsVersion: 1 });
    }
  });

  it('marks exactly the reps a many-row statement writes for, above every seq read before it', async () => {
    const store = use();
    await setUp(store);
    await store.reps.ensureRep(TEAM, 'UDAN'); // seq 5: on no account, in no row below
    const { account: other } = await store.accounts.findOrCreateAccount(TEAM, 'Other Co');
    const shared = await store.accounts.findAccount(TEAM, 'Shared Co');
    /** Runs one write; the reps it marks and how far the team's seq moved (SQLite: per row; Postgres: per step). */
    const write = async (work: () => Promise<unknown>) => {
      const before = await stamp(store);
      await work();
      const after = await stamp(store);
      expect(after.wideSeq).toBe(before.wideSeq);
      return { marked: await changedSince(store, before.seq), moved: after.seq - before.seq };
    };
    const moves = (sqlite: number, postgres: number) => (backend.dialect === 'sqlite' ? sqlite : postgres);
    const deal = { teamId: TEAM, status: 'open' as const, amountCents: 100, createdAt: NOW, source: 'hubspot' };
    // Three deals on Other Co: Ben's and Cal's two.
    expect(
      await write(() =>
        store.crmApply.insertDeals([
          { ...deal, userId: 'UBEN', accountId: other.id, externalId: 'd1', updatedOn: null },
          { ...deal, userId: 'UCAL', accountId: other.id, externalId: 'd2', updatedOn: null },
          { ...deal, userId: 'UCAL', accountId: other.id, externalId: 'd3', updatedOn: null },
        ]),
      ),
    ).toEqual({ marked: new Set(['UBEN', 'UCAL']), moved: moves(3, 1) });
    // Ben's activity on Other Co marks its deal owners (Ben, Cal), then Ben; his activity on no account, Ben alone.
    const row = { teamId: TEAM, userId: 'UBEN', kind: 'call' as const, count: 1, occurredAt: NOW, localDate: TODAY };
    expect(
      await write(() =>
        store.crmApply.insertActivities([
          { ...row, accountId: other.id, source: 'hubspot', externalId: 'a1' },
          { ...row, accountId: null, source: 'hubspot', externalId: 'a2' },
        ]),
      ),
    ).toEqual({ marked: new Set(['UBEN', 'UCAL']), moved: moves(3, 2) });
    // Both accounts' fits in one statement: everyone with a deal or activity on either; Dan is on neither.
    expect(
      await write(() =>
        store.crmApply.setAccountsFit(TEAM, [other.id, shared?.id ?? -1], { icp: 'yes', icpSource: 'hubspot' }),
      ),
    ).toEqual({ marked: new Set(['UANN', 'UBEN', 'UCAL']), moved: moves(2, 1) });
    expect(await repSeq(store, 'UDAN')).toBe(5);
    expect(await store.dueReps.changeStamp(OTHER_TEAM)).toEqual({ seq: 1, wideSeq: 0 });
  });

  it('moves nothing for a statement that writes no rows', async () => {
    const store = use();
    await setUp(store);
    const shared = await store.accounts.findAccount(TEAM, 'Shared Co');
    await store.crmApply.insertActivities([
      {
        teamId: TEAM,
        userId: 'UCAL',
        kind: 'call',
        count: 1,
        accountId: shared?.id ?? null,
        occurredAt: NOW,
        localDate: TODAY,
        source: 'hubspot',
        externalId: 'a1',
      },
    ]);
    const [activity] = await store.crmApply.sourceActivities(TEAM, 'hubspot');
    const [deal] = await store.deals.openDealsOf(TEAM, 'UANN');
    const before = await stamp(store);
    // Each statement below matches no row: the id is unknown, or of another team.
    await store.crmApply.updateActivity(TEAM, -1, { count: 2 });
    await store.crmApply.updateActivity(OTHER_TEAM, activity?.id ?? -1, { count: 2 });
    await store.crmApply.deleteActivity(OTHER_TEAM, activity?.id ?? -1);
    await store.crmApply.updateDeal(OTHER_TEAM, deal?.id ?? -1, { amountCents: 1 });
    await store.crmApply.deleteDeal(TEAM, -1);
    await store.crmApply.setAccountsFit(OTHER_TEAM, [shared?.id ?? -1], { icp: 'yes', icpSource: 'hubspot' });
    expect(await stamp(store)).toEqual(before);
    expect(await store.dueReps.changeStamp(OTHER_TEAM)).toEqual({ seq: 1, wideSeq: 0 });
    expect(await changedSince(store, before.seq)).toEqual(new Set());
  });

  it('marks every rep with a deal or activity on an account whose fit changes', async () => {
    const store = use();
    await setUp(store);
    await store.activities.logActivity({
      teamId: TEAM,
      userId: 'UCAL',
      kind: 'meeting',
      count: 1,
      account: 'Shared Co',
      now: NOW,
      today: TODAY,
    });
    const shared = await store.accounts.findAccount(TEAM, 'Shared Co');
    await store.accounts.setAccountIcp(TEAM, shared?.id ?? -1, 'no');
    // Ann's deal is on Shared Co and Cal had a meeting there; Ben never touched it.
    expect(await changedSince(store, 6)).toEqual(new Set(['UANN', 'UCAL']));
    expect([await repSeq(store, 'UANN'), await repSeq(store, 'UBEN'), await repSeq(store, 'UCAL')]).toEqual([7, 2, 7]);
    expect(await stamp(store)).toEqual({ seq: 7, wideSeq: 0, dealsVersion: 1 });
  });

  it('marks the whole team for the team’s settings, not for a deal version bump', async () => {
    const store = use();
    await setUp(store);
    await store.teams.updateTeamSettings(TEAM, {
      channelId: null,
      timezone: null,
      weeklyDay: 1,
      weeklyMinutes: 540,
      fiscalYearStartMonth: 1,
      currency: 'USD',
      defaultWinRate: 0.3,
      periodKind: 'quarter',
    });
    expect(await stamp(store)).toEqual({ seq: 5, wideSeq: 1, dealsVersion: 1 });
    expect(await store.dueReps.changeStamp(TEAM)).toEqual({ seq: 5, wideSeq: 1 });
    expect(await store.repChanges.repStamp(TEAM, 'UBEN')).toEqual({ repSeq: 2, wideSeq: 1, dealsVersion: 1 });
    expect(await changedSince(store, 4)).toEqual(new Set());

    await store.crmApply.bumpDealsVersion(TEAM);
    expect(await stamp(store)).toEqual({ seq: 5, wideSeq: 1, dealsVersion: 2 });
    expect(await store.dueReps.changeStamp(OTHER_TEAM)).toEqual({ seq: 1, wideSeq: 0 });
  });

  it('sees writes made by another connection, and ignores sends, new accounts and other teams', async () => {
    const store = use();
    await setUp(store);
    const other = await anotherConnection(store, backend);
    try {
      await other.activities.logActivity({
        teamId: TEAM,
        userId: 'UCAL',
        kind: 'call',
        count: 1,
        account: null,
        now: NOW,
        today: TODAY,
      });
      expect(await changedSince(store, 4)).toEqual(new Set(['UCAL']));

      const before = await stamp(store);
      await other.sends.claimSend({ key: 'k', teamId: TEAM, recipient: 'UCAL', kind: 'checkin', now: NOW });
      await other.accounts.findOrCreateAccount(TEAM, 'Nobody Co');
      await other.events.firstDelivery('Ev1', NOW);
      await other.activities.logActivity({
        teamId: OTHER_TEAM,
        userId: 'UANN',
        kind: 'call',
        count: 1,
        account: null,
        now: NOW,
        today: TODAY,
      });
      expect(await stamp(store)).toEqual(before);
      expect(await changedSince(store, before.seq)).toEqual(new Set());
      expect(await repSeq(store, 'UANN', OTHER_TEAM)).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('says "too many" past its limit, so the caller reads the whole team instead', async () => {
    const store = use();
    await setUp(store);
    for (const userId of ['UANN', 'UBEN', 'UCAL']) await store.reps.setDmChannel(TEAM, userId, `D${userId}`);
    expect(await store.teamRows.repsChangedSince(TEAM, 4, 3)).toEqual(new Set(['UANN', 'UBEN', 'UCAL']));
    expect(await store.teamRows.repsChangedSince(TEAM, 4, 2)).toBeNull();
    expect(await store.teamRows.repsChangedSince(TEAM, 10, 0)).toEqual(new Set());
  });
});
