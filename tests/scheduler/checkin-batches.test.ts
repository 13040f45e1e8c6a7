/**
 * The pass's check-ins read a batch of reps at once (src/scheduler/checkin-batches.ts) and must still say what
 * the database says when each is rendered, as the per-rep read (morningCheckin) does: whatever was written after
 * the batch was read, to one rep, to many, or to the team.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { recordWin } from '../../src/db/deals.js';
import { setTeamHolidayCountry } from '../../src/db/holidays.js';
import { type ActiveRep, activeReps } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { CheckinBatches } from '../../src/scheduler/checkin-batches.js';
import { morningCheckin } from '../../src/slack/morning.js';
import type { Store } from '../../src/storage/types.js';
import { tempStorage } from '../support/db.js';

/** Wednesday 2026-11-18, 17:00 UTC: mid-quarter, a working day in every zone of the team. */
const NOW = Date.parse('2026-11-18T17:00:00Z');
const DEFAULT_TIMEZONE = 'America/New_York';
const TEAM = 'TB';

describe('check-ins read a batch at a time', () => {
  let store: ReturnType<typeof tempStorage>;
  let reps: ActiveRep[];
  let batches: CheckinBatches;

  beforeEach(() => {
    store = tempStorage();
    seedTeam(store.sqlite, {
      teamId: TEAM,
      reps: 60,
      days: 30,
      now: NOW,
      seed: 3,
      timezones: ['America/New_York', 'America/Los_Angeles', 'Europe/Berlin'],
    });
    reps = activeReps(store.db, TEAM);
    // Batches of 25: the 60 reps take three, so batches follow one another as the pass renders.
    batches = new CheckinBatches(store.store, { now: NOW, defaultTimezone: DEFAULT_TIMEZONE }, 25);
    for (const { team, rep } of reps) batches.add(team, rep);
  });
  afterEach(() => store.remove());

  /** What the per-rep read renders for the rep now. */
  const alone = ({ team, rep }: ActiveRep) =>
    morningCheckin(store.store, {
      teamId: team.id,
      userId: rep.userId,
      now: NOW,
      defaultTimezone: DEFAULT_TIMEZONE,
      loaded: { team, rep },
    });
  const at = (index: number) => reps[index] as ActiveRep;

  it('renders every rep’s check-in as their own reads do', async () => {
    expect(reps).toHaveLength(60);
    for (const loaded of reps) expect(await batches.message(loaded), loaded.rep.userId).toEqual(await alone(loaded));
  });

  it('reads a batch once for the sends that ask for its reps at once', async () => {
    let reads = 0;
    const { dueReps } = store.store;
    const counted: Store = {
      ...store.store,
      dueReps: {
        ...dueReps,
        quotasOfReps: (...args: Parameters<typeof dueReps.quotasOfReps>) => {
          reads += 1;
          return dueReps.quotasOfReps(...args);
        },
      },
    };
    const shared = new CheckinBatches(counted, { now: NOW, defaultTimezone: DEFAULT_TIMEZONE }, 25);
    for (const { team, rep } of reps) shared.add(team, rep);
    const first = reps.slice(0, 25);
    const messages = await Promise.all(first.map((loaded) => shared.message(loaded)));
    expect(reads).toBe(1);
    for (const [i, loaded] of first.entries()) expect(messages[i], loaded.rep.userId).toEqual(await alone(loaded));
  });

  it('reads a rep again when they were written after their batch was read', async () => {
    expect(await batches.message(at(0))).toEqual(await alone(at(0)));
    const { userId } = at(3).rep;
    setPlan(store.db, { teamId: TEAM, userId, localDate: '2026-11-18', items: ['Call Globex back'], now: NOW });
    recordWin(store.db, {
      teamId: TEAM,
      userId,
      account: 'Globex',
      amountCents: 4_200_000,
      now: NOW,
      today: '2026-11-18',
    });
    for (const loaded of reps.slice(1, 5)) {
      expect(await batches.message(loaded), loaded.rep.userId).toEqual(await alone(loaded));
    }
    expect(JSON.stringify(await batches.message(at(3)))).toContain('Call Globex back');
  });

  it('reads the batch again when more reps were written than it asks about one by one, or the team changed', async () => {
    expect(await batches.message(at(0))).toEqual(await alone(at(0)));
    for (const { rep } of reps.slice(1, 50)) {
      logActivity(store.db, {
        teamId: TEAM,
        userId: rep.userId,
        kind: 'call',
        count: 3,
        account: 'Initech',
        now: NOW,
        today: '2026-11-18',
      });
    }
    for (const loaded of reps.slice(1, 10)) {
      expect(await batches.message(loaded), loaded.rep.userId).toEqual(await alone(loaded));
    }
    setTeamHolidayCountry(store.db, TEAM, 'US', null);
    for (const loaded of reps.slice(10, 30)) {
      expect(await batches.message(loaded), loaded.rep.userId).toEqual(await alone(loaded));
    }
  });
});
