/**
 * CRM activity in the import engine, and "counted once" (issue 13, item 6): a call logged in Slack and the same
 * call synced from the CRM (same rep, day and kind) count one time, whichever arrives first, and a CRM record
 * deleted gives the Slack log its count back. Real SQLite with the real migrations; the last test drives the
 * real Bolt app over signed HTTP for the rep's reply.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/crm/apply.js';
import { type CrmActivity, type CrmBatch, type CrmOwner, emptyBatch } from '../../src/crm/model.js';
import type { OwnerMatch } from '../../src/crm/owners.js';
import { activityCounts, activityMix, logActivity } from '../../src/db/activities.js';
import type { Db } from '../../src/db/connection.js';
import { activities } from '../../src/db/schema.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import type { Store } from '../../src/storage/types.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const TEAM = 'T1';
const ANA: CrmOwner = { email: 'ana@acme.test', name: 'Ana Lima' };
const OWNERS = new Map<string, OwnerMatch>([['ana@acme.test', { userId: 'UANA', timezone: 'America/New_York' }]]);
/** 2026-03-10 17:00 UTC: 13:00 on the 10th in New York (EDT). */
const NOW = Date.parse('2026-03-10T17:00:00Z');
const TODAY = '2026-03-10';

function call(id: string, over: Partial<CrmActivity> = {}): CrmActivity {
  return { externalId: id, kind: 'call', owner: ANA, accountName: 'Acme', occurredAt: '2026-03-10T15:00:00Z', ...over };
}

const batch = emptyBatch;

function sync(store: Store, over: Partial<CrmBatch>) {
  return applyBatch(store, {
    teamId: TEAM,
    source: 'hubspot',
    batch: batch(over),
    owners: OWNERS,
    dryRun: false,
    now: NOW,
    defaultTimezone: 'UTC',
  });
}

function log(db: Db, count: number, account: string | null, kind: 'call' | 'email' = 'call') {
  return logActivity(db, { teamId: TEAM, userId: 'UANA', kind, count, account, now: NOW, today: TODAY });
}

describe('CRM activity and Slack activity, counted once', () => {
  let temp: TempStorage;
  let db: Db;
  const calls = () => activityCounts(db, TEAM, 'UANA', TODAY, TODAY).call ?? 0;
  const slackRows = () =>
    db
      .select({ count: activities.count, loggedCount: activities.loggedCount })
      .from(activities)
      .where(and(eq(activities.userId, 'UANA'), isNull(activities.source)))
      .orderBy(activities.id)
      .all();

  beforeEach(() => {
    temp = tempStorage();
    db = temp.db;
  });
  afterEach(() => temp.remove());

  it('adds the CRM’s calls on the owner’s local day, once however often they sync', async () => {
    // 02:00 UTC on the 10th is 22:00 on the 9th in New York.
    const late = call('A3', { occurredAt: '2026-03-10T02:00:00Z', accountName: null });
    expect((await sync(temp.store, { activities: [call('A1'), call('A2'), late] })).activities).toEqual({
      added: 3,
      changed: 0,
      deleted: 0,
      unchanged: 0,
    });
    expect((await sync(temp.store, { activities: [call('A1'), call('A2'), late] })).activities.unchanged).toBe(3);
    expect(calls()).toBe(2);
    expect(activityCounts(db, TEAM, 'UANA', '2026-03-09', '2026-03-09').call).toBe(1);
    expect(activityMix(db, TEAM, 'UANA', '2026-03-09', TODAY)).toEqual({
      icp: 0,
      nonIcp: 0,
      unclassified: 2,
      noAccount: 1,
    });
  });

  it('Slack first, then the CRM: 3 calls logged on Acme and 2 synced are 3 calls', async () => {
    expect(log(db, 3, 'Acme').alreadyInCrm).toBeUndefined();
    await sync(temp.store, { activities: [call('A1'), call('A2')] });
    expect(calls()).toBe(3);
    expect(slackRows()).toEqual([{ count: 1, loggedCount: 3 }]);
  });

  it('the CRM first, then Slack: the reply learns 2 of the 3 were already there', async () => {
    await sync(temp.store, { activities: [call('A1'), call('A2')] });
    expect(log(db, 3, 'Acme').alreadyInCrm).toEqual({ count: 2, source: 'hubspot' });
    expect(calls()).toBe(3);
    // A fourth call, logged later: the CRM's two are spent on the first log, so it counts in full.
    expect(log(db, 1, 'Acme').alreadyInCrm).toBeUndefined();
    expect(calls()).toBe(4);
  });

  it('gives the Slack log its count back when the CRM record goes, or moves to another day', async () => {
    await sync(temp.store, { activities: [call('A1'), call('A2'), call('A3'), call('A4')] });
    log(db, 3, null);
    // 4 CRM calls on Acme cover all 3 typed without an account: 4 in all.
    expect(slackRows()).toEqual([{ count: 0, loggedCount: 3 }]);
    expect(calls()).toBe(4);

    const summary = await sync(temp.store, {
      activities: [call('A3', { occurredAt: '2026-03-11T15:00:00Z' })],
      deletedActivityIds: ['A1', 'A2'],
    });
    expect(summary.activities).toEqual({ added: 0, changed: 1, deleted: 2, unchanged: 0 });
    // Left on the 10th: A4 alone, covering 1 of the 3 typed.
    expect(slackRows()).toEqual([{ count: 2, loggedCount: 3 }]);
    expect(calls()).toBe(3);
    await sync(temp.store, { deletedActivityIds: ['A4'] });
    expect(slackRows()).toEqual([{ count: 3, loggedCount: 3 }]);
  });

  it('never lets a call cover an email, or a call on one account a call on another', async () => {
    await sync(temp.store, { activities: [call('A1', { accountName: 'Initech' })] });
    log(db, 2, 'Acme');
    log(db, 1, null, 'email');
    expect(slackRows()).toEqual([
      { count: 2, loggedCount: 2 },
      { count: 1, loggedCount: 1 },
    ]);
    expect(calls()).toBe(3);
  });
});

describe('/focus log after a CRM sync, over signed HTTP', () => {
  let app: TestApp;
  let temp: TempStorage;

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOW });
    app.stub.users.set('UANA', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('tells the rep which of their calls the CRM already had', async () => {
    await sync(sqliteStore(app.storage), { activities: [call('A1'), call('A2')] });
    const res = await app.command('log call 3 Acme', { user: 'UANA' });
    expect(res.status).toBe(200);
    expect(res.json().text).toContain('Logged 3 calls with Acme (2 were already in HubSpot, counted once).');
  });
});
