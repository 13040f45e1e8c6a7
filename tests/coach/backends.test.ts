/**
 * The coach on Postgres gives exactly what it gives on SQLite. A seeded team is copied into Postgres
 * (storage/copy.ts); then every coach read (a rep's card, kept or not, Home, the day's review, the pending
 * prompt, yesterday, the period turn, the charts' data, the team view read at once, rep by rep and kept, the
 * morning's facts, the weekly look-back) is compared whole on the two. On Postgres every read is real I/O, so
 * this also runs the coach's concurrent reads (Promise.all, two asking at once) as they interleave there.
 * Without TEST_DATABASE_URL it is skipped, with the reason in its name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repBurnUpInput, repMixInput, teamBurnUpInput } from '../../src/charts/data.js';
import { readCheckinFacts } from '../../src/coach/checkin-facts.js';
import { loadDayReview } from '../../src/coach/daily.js';
import { loadHome } from '../../src/coach/home.js';
import { pendingPrompt } from '../../src/coach/pending.js';
import { loadPeriodTurn } from '../../src/coach/recap.js';
import { loadStatus } from '../../src/coach/status.js';
import { keptStatusCard } from '../../src/coach/status-cache.js';
import { loadTeamProgress, readRepByRep, type TeamProgress, teamProgressFrom } from '../../src/coach/team.js';
import { weeklyLookBack } from '../../src/coach/weekly-recap.js';
import { loadYesterday } from '../../src/coach/yesterday.js';
import { seedTeam } from '../../src/db/seed.js';
import { localDate } from '../../src/domain/calendar.js';
import { copyStore } from '../../src/storage/copy.js';
import { openPgStore, type PgStore } from '../../src/storage/pg/store.js';
import type { Store } from '../../src/storage/types.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { cloneTemplate, PG_SKIP_REASON, type TestDatabase, testDatabaseUrl } from '../support/pg.js';

const TEAM = 'TBOTH';
const TZ = 'America/New_York';
/** Wednesday 2026-11-18, noon in New York: mid-quarter, mid-week, before the reflection time. */
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TODAY = localDate(NOW, TZ);
const onPostgres = testDatabaseUrl() !== undefined;

(onPostgres ? describe : describe.skip)(
  `the coach on Postgres and on SQLite${onPostgres ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let lite: TempStorage;
    let database: TestDatabase | undefined;
    let pg: PgStore | undefined;
    let userIds: string[];

    beforeAll(async () => {
      lite = tempStorage();
      userIds = seedTeam(lite.sqlite, { teamId: TEAM, reps: 15, days: 120, now: NOW, seed: 9 }).userIds;
      database = await cloneTemplate();
      await copyStore(lite, database.url);
      pg = await openPgStore(database.url, { poolSize: 2 });
    }, 60_000);
    afterAll(async () => {
      await pg?.close();
      await database?.drop();
      lite.remove();
    });

    const postgres = (): Store => {
      if (!pg) throw new Error('the Postgres store did not open');
      return pg;
    };
    /** What `read` gives on SQLite, checked to be what it gives on Postgres. */
    const onBoth = async <T>(read: (store: Store) => Promise<T>): Promise<T> => {
      const onSqlite = await read(lite.store);
      expect(await read(postgres())).toEqual(onSqlite);
      return onSqlite;
    };
    const team = () => lite.store.teams.ensureTeam(TEAM);

    it('gives every rep the same card (kept and afresh), Home, review, prompt, yesterday, turn and charts', async () => {
      for (const [i, userId] of userIds.entries()) {
        const input = { teamId: TEAM, userId, now: NOW, defaultTimezone: TZ };
        const status = await onBoth((store) => loadStatus(store, input));
        const card = (store: Store) =>
          keptStatusCard(store, status, async () => (await loadStatus(store, input)).report);
        // Made, then kept.
        expect(await onBoth(card)).toEqual(status.report);
        expect(await onBoth(card)).toEqual(status.report);
        await onBoth((store) => loadHome(store, { ...input, isManager: i === 0 }));
        await onBoth((store) => loadDayReview(store, { ...input, date: TODAY }));
        await onBoth((store) => pendingPrompt(store, TEAM, userId, TODAY));
        await onBoth((store) => loadYesterday(store, TEAM, userId, TODAY));
        await onBoth(async (store) =>
          loadPeriodTurn(store, { team: await team(), rep: status.rep, now: NOW, defaultTimezone: TZ }),
        );
        await onBoth((store) => repBurnUpInput(store, status));
        await onBoth((store) => repMixInput(store, status));
      }
    });

    it('gives the same team view read at once, rep by rep, and kept (two asking at once share one answer)', async () => {
      const input = { teamId: TEAM, now: NOW, defaultTimezone: TZ };
      const atOnce = await onBoth((store) => teamProgressFrom(store, input));
      expect(atOnce.reps).toHaveLength(15);
      expect(await teamProgressFrom(postgres(), input, readRepByRep)).toEqual(atOnce);
      const [first, second] = await Promise.all([
        loadTeamProgress(postgres(), input),
        loadTeamProgress(postgres(), input),
      ]);
      expect(second).toBe(first);
      expect(first).toEqual(atOnce);
      await onBoth((store) => teamBurnUpInput(store, atOnce, { now: NOW, defaultTimezone: TZ }));
    });

    it('gives the same morning facts and weekly look-back', async () => {
      const reps = await Promise.all(userIds.map((userId) => lite.store.reps.ensureRep(TEAM, userId)));
      await onBoth(async (store) => readCheckinFacts(store, await team(), reps, { now: NOW, defaultTimezone: TZ }));
      await onBoth(async (store) =>
        weeklyLookBack(store, await team(), { now: NOW, defaultTimezone: TZ, recipient: 'CWEEKLY', week: '2026-W47' }),
      );
    });

    it('brings the kept team view up to date after a write, as computing it afresh does', async () => {
      const input = { teamId: TEAM, now: NOW, defaultTimezone: TZ };
      const before: TeamProgress = await loadTeamProgress(postgres(), input);
      const activity = { teamId: TEAM, userId: userIds[3] as string, kind: 'demo' as const, count: 4, account: null };
      for (const store of [lite.store, postgres()])
        await store.activities.logActivity({ ...activity, now: NOW, today: TODAY });
      const later = { ...input, now: NOW + 2 * 60_000 };
      const kept = await loadTeamProgress(postgres(), later);
      expect(kept).not.toEqual(before);
      expect(kept).toEqual(await teamProgressFrom(lite.store, later, readRepByRep));
    });
  },
);
