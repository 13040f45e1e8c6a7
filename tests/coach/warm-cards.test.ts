/**
 * The status cards a starting server makes before it listens (slack/commands/status.ts, warmStatusCards): its
 * largest team's reps, within the time budget, kept exactly as `/focus` keeps them, and nothing written.
 */
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam } from '../../src/db/seed.js';
import { buildContext } from '../../src/slack/commands/context.js';
import { gapCardNow, handleStatus, warmStatusCards } from '../../src/slack/commands/status.js';
import type { Profiles } from '../../src/slack/profiles.js';
import { tempStorage } from '../support/db.js';

const BIG = 'TBIG';
const SMALL = 'TSMALL';
/** Tuesday 2026-12-01, 15:00 UTC. */
const NOW = Date.parse('2026-12-01T15:00:00Z');
const settings = { defaultTimezone: 'America/New_York', managers: [] };

describe('status cards made at start', () => {
  const temp = tempStorage();
  const { store } = temp;
  let bigReps: string[];

  beforeAll(() => {
    bigReps = seedTeam(temp.sqlite, { teamId: BIG, reps: 5, days: 60, now: NOW, seed: 3 }).userIds;
    seedTeam(temp.sqlite, { teamId: SMALL, reps: 2, days: 60, now: NOW, seed: 4 });
  });
  afterAll(() => temp.remove());

  const contextOf = async (userId: string) =>
    buildContext({
      store,
      settings,
      teamId: BIG,
      userId,
      rep: (await store.reps.getRep(BIG, userId)) as NonNullable<Awaited<ReturnType<typeof store.reps.getRep>>>,
      client: {} as WebClient,
      profiles: {} as Profiles,
      now: NOW,
    });

  it('makes nothing when the budget is spent before the first card', async () => {
    expect(await warmStatusCards({ store, settings, clock: () => NOW }, 0)).toBe(0);
    expect(store.cache('statusCards')?.size).toBe(0);
  });

  it('makes and keeps the largest team’s cards, the same as /focus makes afresh, and writes nothing', async () => {
    const before = await store.teamRows.teamStateStamp(BIG);
    expect(await warmStatusCards({ store, settings, clock: () => NOW }, 60_000)).toBe(5);
    expect(await store.teamRows.teamStateStamp(BIG)).toEqual(before);
    const kept = store.cache<{ card: unknown }>('statusCards');
    expect([...(kept?.keys() ?? [])].sort()).toEqual(bigReps.map((userId) => `${BIG}\n${userId}`).sort());
    for (const userId of bigReps) {
      const ctx = await contextOf(userId);
      const asked = await handleStatus(ctx);
      // The very card made at start is what the rep gets, and it is the card computed afresh (nothing kept).
      expect(asked).toBe(kept?.get(`${BIG}\n${userId}`)?.card);
      const fresh = await store.transaction((tx) => gapCardNow({ ...ctx, store: tx }), { teamId: BIG, readOnly: true });
      expect(asked).toEqual(fresh);
    }
  });
});
