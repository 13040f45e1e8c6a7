import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTeamProgress, readRepByRep, type TeamProgress, teamProgressFrom } from '../../src/coach/team.js';
import { recordWin } from '../../src/db/deals.js';
import { seedTeam } from '../../src/db/seed.js';
import { localDate } from '../../src/domain/calendar.js';
import { tempStorage } from '../support/db.js';

/**
 * The team's progress is kept a few seconds per connection and team, and read a query at a time with other
 * work in between: a cached answer is given only for the same minute and the same state of the database,
 * and a write made while the facts are being read is never half in them.
 */
const TEAM = 'TSEED';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TZ = 'America/New_York';
const input = { teamId: TEAM, now: NOW, defaultTimezone: TZ };

describe('the team view’s brief cache and its consistent reads', () => {
  const store = tempStorage();
  let userId: string;

  beforeAll(() => {
    userId = seedTeam(store.sqlite, { teamId: TEAM, reps: 12, days: 30, now: NOW, seed: 3 }).userIds[0] as string;
  });
  afterAll(() => store.remove());

  const win = (account: string, db = store.db) =>
    recordWin(db, { teamId: TEAM, userId, account, amountCents: 1_000_000, now: NOW, today: localDate(NOW, TZ) });
  const wonBy = (progress: TeamProgress) => progress.reps.find((r) => r.userId === userId)?.status.report.wonCents;

  it('answers the same minute, with nothing written, from the cache, and two asking at once share one', async () => {
    const [first, second] = await Promise.all([loadTeamProgress(store.db, input), loadTeamProgress(store.db, input)]);
    expect(second).toBe(first);
    expect(await loadTeamProgress(store.db, { ...input, now: NOW + 30_000 })).toBe(first);
  });

  it('computes again for a new minute', async () => {
    const before = await loadTeamProgress(store.db, input);
    expect(await loadTeamProgress(store.db, { ...input, now: NOW + 60_000 })).not.toBe(before);
  });

  it('computes again after any write through the connection, and after a deal written by another', async () => {
    const before = await loadTeamProgress(store.db, input);
    win('Cache Co');
    const afterWrite = await loadTeamProgress(store.db, input);
    expect(afterWrite).not.toBe(before);
    expect(wonBy(afterWrite)).toBe((wonBy(before) ?? 0) + 1_000_000);

    const other = new Database(store.path);
    try {
      other.prepare('update teams set deals_version = deals_version + 1 where id = ?').run(TEAM);
    } finally {
      other.close();
    }
    expect(await loadTeamProgress(store.db, input)).not.toBe(afterWrite);
  });

  it('reads again when a write lands between its queries, so no figure mixes two states', async () => {
    const reading = loadTeamProgress(store.db, { ...input, now: NOW + 120_000 });
    // The reads have started and now yield to other work: a win lands in between.
    win('Midway Co');
    const progress = await reading;
    const expected = await teamProgressFrom(store.db, { ...input, now: NOW + 120_000 }, readRepByRep);
    expect(progress).toEqual(expected);
  });
});
