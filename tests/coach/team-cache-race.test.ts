import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * A write from another process landing while the team view reads its frames: whatever it reads after the
 * team's state stamp may be newer than the stamp (the next ask then reads again), never older, so nothing
 * stale is kept. The write is made to land right after the team's row is read.
 */
const between = vi.hoisted(() => ({ write: null as null | (() => void) }));
vi.mock('../../src/db/teams.js', async (original) => {
  const actual = (await original()) as typeof import('../../src/db/teams.js');
  return {
    ...actual,
    ensureTeam: (...args: Parameters<typeof actual.ensureTeam>) => {
      const team = actual.ensureTeam(...args);
      const write = between.write;
      between.write = null;
      write?.();
      return team;
    },
  };
});

const { loadTeamProgress, readRepByRep, teamProgressFrom } = await import('../../src/coach/team.js');
const { seedTeam } = await import('../../src/db/seed.js');
const { localDate } = await import('../../src/domain/calendar.js');
const { tempStorage } = await import('../support/db.js');

const TEAM = 'TRACE';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TZ = 'America/New_York';
const at = (minute: number) => ({ teamId: TEAM, now: NOW + minute * 60_000, defaultTimezone: TZ });

describe('a write from another process in the middle of the team view’s reads', () => {
  const store = tempStorage();
  afterAll(() => store.remove());

  it('is seen by the next ask, not kept out for good', async () => {
    const [rep] = seedTeam(store.sqlite, { teamId: TEAM, reps: 12, days: 30, now: NOW, seed: 3 }).userIds;
    const today = localDate(NOW, TZ);
    await loadTeamProgress(store.store, at(1));
    // Thirty big won opportunities and the deals version they bump: every rep's win rate leans on them.
    between.write = () => {
      const other = new Database(store.path);
      try {
        other.transaction(() => {
          other.prepare('update teams set deals_version = deals_version + 1 where id = ?').run(TEAM);
          const account = other.prepare('select id from accounts where team_id = ? limit 1').get(TEAM) as {
            id: number;
          };
          const insert = other.prepare(
            `insert into deals (team_id, user_id, account_id, amount_cents, status, created_at, closed_at, closed_on,
               opened_on, close_on, updated_on) values (?, ?, ?, 500000000, 'won', ?, ?, ?, ?, ?, ?)`,
          );
          for (let i = 0; i < 30; i++) insert.run(TEAM, rep, account.id, NOW, NOW, today, today, today, today);
        })();
      } finally {
        other.close();
      }
    };
    await loadTeamProgress(store.store, at(2));
    expect(between.write).toBeNull();
    expect(await loadTeamProgress(store.store, at(3))).toEqual(
      await teamProgressFrom(store.store, at(3), readRepByRep),
    );
  });
});
