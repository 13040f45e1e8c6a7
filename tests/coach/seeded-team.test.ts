import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStatus, type Status } from '../../src/coach/status.js';
import { openStorage, type Storage } from '../../src/db/connection.js';
import { seedTeam } from '../../src/db/seed.js';
import type { Problem } from '../../src/domain/advice.js';
import { sqliteStore } from '../../src/storage/sqlite.js';

/**
 * The `cli seed` generator's team of 40 reps, run through the nudge at two instants: mid-quarter
 * (Wednesday Nov 18, midday in New York) and near the quarter's end (Monday Dec 21). The
 * distribution must be plausible: whatever is wrong in a rep's numbers is named for some reps,
 * and nobody whose work is mostly outside the ICP is only told to work today's plan.
 */
const REPS = 40;
const INSTANTS = {
  'mid-quarter': Date.parse('2026-11-18T17:00:00Z'),
  'the last weeks of the quarter': Date.parse('2026-12-21T17:00:00Z'),
};

type Kind = Problem['kind'];

describe.each(Object.entries(INSTANTS))('a seeded team of 40, %s', (_when, now) => {
  let storage: Storage;
  let statuses: Status[];

  beforeAll(async () => {
    storage = openStorage(':memory:');
    const store = sqliteStore(storage);
    const seeded = seedTeam(storage.sqlite, { teamId: 'TSEED', reps: REPS, days: 120, now });
    statuses = await Promise.all(
      seeded.userIds.map((userId) =>
        loadStatus(store, { teamId: 'TSEED', userId, now, defaultTimezone: 'America/New_York' }),
      ),
    );
  });
  afterAll(() => storage.close());

  const named = (status: Status) => [status.report.advice.lead, ...status.report.advice.more].map((p) => p.kind);

  it('has reps with real problems to find: pipeline, stale deals, drift outside the ICP, unclassified accounts', () => {
    const present = new Set(statuses.flatMap((s) => s.report.problems.map((p) => p.kind)));
    for (const kind of ['stale', 'non-icp', 'unclassified', 'target-behind'] as Kind[]) expect(present).toContain(kind);
    expect(present.has('pipeline-short') || present.has('too-late')).toBe(true);
  });

  it('names every kind of problem present in someone’s numbers for some reps', () => {
    const present = new Set(statuses.flatMap((s) => s.report.problems.map((p) => p.kind)));
    const spoken = new Set(statuses.flatMap(named));
    for (const kind of present) expect(spoken, `${kind} is never named`).toContain(kind);
  });

  it('names the drift for every rep with 30% or more of the week outside the ICP', () => {
    const drifting = statuses.filter((s) => s.report.quotaCents !== null && s.report.gapCents > 0);
    const heavy = drifting.filter((s) => s.report.mix.nonIcpShare >= 0.3);
    expect(heavy.length).toBeGreaterThan(0);
    for (const status of heavy) expect(named(status), status.rep.userId).toContain('non-icp');
  });

  it('never tells a rep whose work is mostly outside the ICP only to work today’s plan', () => {
    const mostlyOutside = statuses.filter((s) => s.report.mix.nonIcpShare > 0.5);
    expect(mostlyOutside.length).toBeGreaterThan(0);
    for (const status of mostlyOutside) {
      const lead = status.report.advice.lead.kind;
      expect(lead === 'on-pace' && status.report.advice.more.length === 0, status.rep.userId).toBe(false);
    }
  });

  it('does not say the same thing to everyone', () => {
    const leads = new Set(statuses.map((s) => s.report.advice.lead.kind));
    expect(leads.size).toBeGreaterThanOrEqual(3);
  });

  it('shows at most two problems beneath the lead, each of them present in the rep’s numbers', () => {
    for (const status of statuses) {
      const { advice, problems } = status.report;
      expect(advice.more.length).toBeLessThanOrEqual(2);
      for (const problem of advice.more) expect(problems).toContain(problem);
    }
  });
});
