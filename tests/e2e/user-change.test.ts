import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRep } from '../../src/db/reps.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';

describe('user_change: a rep’s new time zone is followed at once', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  const userChange = (id: string, tz: string, extra: Record<string, unknown> = {}) =>
    app.event({
      type: 'user_change',
      user: { id, team_id: TEAM, name: id.toLowerCase(), deleted: false, tz, tz_label: tz, tz_offset: 0, ...extra },
      cache_ts: 1,
      event_ts: '1.2',
    });

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: Date.parse('2026-12-01T17:00:00Z') });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('moves a rep’s prompts and card to their new zone, and their admin role', async () => {
    await app.command('quota 100k quarter');
    expect(getRep(app.storage.db, TEAM, 'UREP1')?.slackTimezone).toBe('America/Los_Angeles');
    expect((await userChange('UREP1', 'Asia/Kolkata', { is_admin: true })).status).toBe(200);
    await expect.poll(() => getRep(app.storage.db, TEAM, 'UREP1')?.slackTimezone).toBe('Asia/Kolkata');
    expect(getRep(app.storage.db, TEAM, 'UREP1')?.isSlackAdmin).toBe(true);
    expect(JSON.stringify((await app.command('')).json().blocks)).toContain('times in Asia/Kolkata');
  });

  it('ignores people who are not coached, and keeps the zone when Slack sends one that is not real', async () => {
    await app.command('quota 100k quarter');
    await userChange('USTRANGER1', 'Europe/London');
    await userChange('UREP1', 'Not/AZone', { is_owner: true });
    // The owner flag shows the event was applied; the bad zone was not.
    await expect.poll(() => getRep(app.storage.db, TEAM, 'UREP1')?.isSlackAdmin).toBe(true);
    expect(getRep(app.storage.db, TEAM, 'UREP1')?.slackTimezone).toBe('America/Los_Angeles');
    expect(getRep(app.storage.db, TEAM, 'USTRANGER1')).toBeUndefined();
  });
});
