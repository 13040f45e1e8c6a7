import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStatus } from '../../src/coach/status.js';
import { loadTeamProgress, readRepByRep, type TeamProgress, teamProgressFrom } from '../../src/coach/team.js';
import type { Db } from '../../src/db/connection.js';
import { recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import type { PeriodKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

/**
 * Quotas carried over into later periods, read by the team view (whole team at once, kept between asks) and by
 * each rep's own card: the two must agree exactly, through a quota set for the current period and a new year.
 * Wednesday Dec 2, 2026 at noon in New York; the team adds quarterly quotas.
 * - UCARRY: Q3 2026 $400,000, none for Q4: carried. Won $100,000 on Nov 10.
 * - UEXPLICIT: Q3 $500,000 and Q4 $600,000: Q4's own. Won $150,000 on Dec 1.
 * - UOLD: Q1 2026 $250,000 only: carried through Q2 and Q3 into Q4.
 * - UBESIDE: 2025 $900,000, then Q3 2026 $200,000 (the last set: a quarterly card): Q4 carries $200,000; the
 *   2025 yearly quota is no other quota of today's (only the card's kind carries).
 * - USWITCHED: Q3 $300,000, then December $50,000 (a monthly card): no quarterly quota carries into the team's Q4.
 * - UMONTHLY: November $40,000: December carries it on their own card.
 * - UYEARLY: 2025 $1,000,000: their 2026 carries it.
 */
const TEAM = 'T1';
const TZ = 'America/New_York';
const NOW = Date.parse('2026-12-02T17:00:00Z');
const MINUTE = 60_000;

function quota(db: Db, userId: string, kind: PeriodKind, on: string, dollars: number): void {
  setQuota(db, {
    teamId: TEAM,
    userId,
    period: periodContaining(kind, on, 1),
    amountCents: dollars * 100,
    setBy: 'UMANAGER',
    now: 0,
  });
}

describe('carried quotas in the team view', () => {
  const store = tempStorage();
  const { db } = store;
  const app = store.store;
  const input = (now: number) => ({ teamId: TEAM, now, defaultTimezone: TZ });

  /** The kept answer, checked against one computed from scratch rep by rep, and every rep against their card. */
  async function checked(now: number): Promise<TeamProgress> {
    const kept = await loadTeamProgress(app, input(now));
    expect(kept).toEqual(await teamProgressFrom(app, input(now), readRepByRep));
    for (const line of kept.reps) {
      expect(line.status, line.userId).toEqual(await loadStatus(app, { ...input(now), userId: line.userId }));
    }
    return kept;
  }
  const lineOf = (progress: TeamProgress, userId: string) => {
    const line = progress.reps.find((r) => r.userId === userId);
    if (!line) throw new Error(`${userId} is not in the team view`);
    return line;
  };

  beforeAll(() => {
    for (const userId of ['UCARRY', 'UEXPLICIT', 'UOLD', 'UBESIDE', 'USWITCHED', 'UMONTHLY', 'UYEARLY']) {
      saveRepProfile(db, TEAM, userId, { slackTimezone: TZ, isSlackAdmin: false, fetchedAt: 0 });
    }
    quota(db, 'UCARRY', 'quarter', '2026-08-01', 400_000);
    quota(db, 'UEXPLICIT', 'quarter', '2026-08-01', 500_000);
    quota(db, 'UEXPLICIT', 'quarter', '2026-11-01', 600_000);
    quota(db, 'UOLD', 'quarter', '2026-02-01', 250_000);
    quota(db, 'UBESIDE', 'year', '2025-06-01', 900_000);
    quota(db, 'UBESIDE', 'quarter', '2026-08-01', 200_000);
    quota(db, 'USWITCHED', 'quarter', '2026-08-01', 300_000);
    quota(db, 'USWITCHED', 'month', '2026-12-01', 50_000);
    quota(db, 'UMONTHLY', 'month', '2026-11-01', 40_000);
    quota(db, 'UYEARLY', 'year', '2025-06-01', 1_000_000);
    const win = (userId: string, today: string, dollars: number, account: string) =>
      recordWin(db, {
        teamId: TEAM,
        userId,
        today,
        now: Date.parse(`${today}T15:00:00Z`),
        account,
        amountCents: dollars * 100,
      });
    win('UCARRY', '2026-11-10', 100_000, 'Acme');
    win('UEXPLICIT', '2026-12-01', 150_000, 'Globex');
  });
  afterAll(() => store.remove());

  it('adds the carried quarterly quotas to the team’s Q4, and keeps other kinds on their own cards', async () => {
    const progress = await checked(NOW);
    // 400,000 (carried) + 600,000 (set) + 250,000 (carried) + 200,000 (carried) = 1,450,000; won 100,000 + 150,000.
    expect(progress.totals).toMatchObject({
      quotaCents: 145_000_000,
      wonCents: 25_000_000,
      gapCents: 120_000_000,
      repsWithQuota: 4,
      otherKind: 3,
    });
    expect(lineOf(progress, 'UCARRY').teamStatus?.report.quotaCents).toBe(40_000_000);
    expect(lineOf(progress, 'UOLD').teamStatus?.report.quotaCents).toBe(25_000_000);
    expect(lineOf(progress, 'UBESIDE').status.otherQuotas).toEqual([]);
    expect(lineOf(progress, 'USWITCHED').teamStatus).toBeNull();
    expect(lineOf(progress, 'USWITCHED').status.report.quotaCents).toBe(5_000_000);
    expect(lineOf(progress, 'UMONTHLY').status.period.label).toBe('December 2026');
    expect(lineOf(progress, 'UMONTHLY').status.report.quotaCents).toBe(4_000_000);
    expect(lineOf(progress, 'UYEARLY').status.period.label).toBe('2026');
    expect(lineOf(progress, 'UYEARLY').status.report.quotaCents).toBe(100_000_000);
  });

  it('takes a quota set for the current period over the carried one, in the kept view as from scratch', async () => {
    quota(db, 'UCARRY', 'quarter', '2026-12-02', 450_000);
    const progress = await checked(NOW + MINUTE);
    expect(lineOf(progress, 'UCARRY').teamStatus?.report.quotaCents).toBe(45_000_000);
    // 1,450,000 − 400,000 + 450,000.
    expect(progress.totals.quotaCents).toBe(150_000_000);
  });

  it('carries every quota into the new year, at the turn and after it', async () => {
    await checked(Date.parse('2027-01-01T04:59:00Z'));
    const progress = await checked(Date.parse('2027-01-04T15:00:00Z'));
    expect(progress.period.label).toBe('Q1 2027');
    // Q1 2027: 450,000 + 600,000 + 250,000 + 200,000, all carried; nothing won yet.
    expect(progress.totals).toMatchObject({ quotaCents: 150_000_000, wonCents: 0, repsWithQuota: 4 });
    expect(lineOf(progress, 'USWITCHED').status.report.quotaCents).toBe(5_000_000);
    expect(lineOf(progress, 'UMONTHLY').status.period.label).toBe('January 2027');
    expect(lineOf(progress, 'UMONTHLY').status.report.quotaCents).toBe(4_000_000);
    expect(lineOf(progress, 'UYEARLY').status.period.label).toBe('2027');
    expect(lineOf(progress, 'UYEARLY').status.report.quotaCents).toBe(100_000_000);
  });
});
