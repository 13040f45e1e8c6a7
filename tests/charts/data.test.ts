import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityMixChart } from '../../src/charts/activity-mix.js';
import { attainmentChart } from '../../src/charts/attainment.js';
import { repBurnUp, teamBurnUp } from '../../src/charts/burn-up.js';
import {
  attainmentInput,
  repBurnUpInput,
  repMixInput,
  teamBurnUpInput,
  teamWinsOf,
  weeklyMix,
} from '../../src/charts/data.js';
import { loadStatus } from '../../src/coach/status.js';
import { teamProgressFrom } from '../../src/coach/team.js';
import { setAccountIcpByName } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { pauseRep } from '../../src/db/reps.js';
import { ensureTeam } from '../../src/db/teams.js';
import type { ActivityKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

/**
 * A team seeded through the real db functions, looked at on Wed Nov 18, 2026 at noon in New York (before the 17:30
 * reflection: the 18th is not elapsed yet). No holiday calendar: Q4 2026 has 66 working days Mon–Fri, 34 of them
 * before the 18th (Oct 22, Nov 2–13 10, Mon 16, Tue 17).
 *  - Ana: $330,000 for Q4 ($5,000 a working day); won Oct 6 $50,000 and Nov 10 $100,000 (and Sep 30 $20,000, Q3).
 *  - Bo: $198,000 for Q4, paused Mon Nov 16 – Fri Nov 20 (61 working days); won Oct 20 $60,000.
 *  - Cy: a monthly quota only (November, $50,000), won Nov 12 $30,000: listed apart, not in the team's quarter.
 */
const TEAM = 'TCHARTS';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TZ = 'America/New_York';
const [ANA, BO, CY] = ['UANA', 'UBO', 'UCY'];

describe('chart data from the database', () => {
  const store = tempStorage();
  const { db } = store;
  const app = store.store;
  const win = (userId: string, account: string, amountCents: number, wonOn: string) =>
    recordWin(db, { teamId: TEAM, userId, account, amountCents, wonOn, now: NOW, today: '2026-11-18' });
  const log = (kind: ActivityKind, count: number, account: string | null, today: string) =>
    logActivity(db, { teamId: TEAM, userId: ANA, kind, count, account, now: NOW, today });

  beforeAll(() => {
    ensureTeam(db, TEAM);
    const q4 = periodContaining('quarter', '2026-11-18', 1);
    const november = periodContaining('month', '2026-11-18', 1);
    const quota = (userId: string, period: typeof q4, amountCents: number) =>
      setQuota(db, { teamId: TEAM, userId, period, amountCents, setBy: userId, now: NOW });
    quota(ANA, q4, 33_000_000);
    quota(BO, q4, 19_800_000);
    quota(CY, november, 5_000_000);
    pauseRep(db, { teamId: TEAM, userId: BO, today: '2026-11-16', until: '2026-11-21' });
    win(ANA, 'Initech', 2_000_000, '2026-09-30');
    win(ANA, 'Acme', 5_000_000, '2026-10-06');
    win(ANA, 'Globex', 10_000_000, '2026-11-10');
    win(BO, 'Umbrella', 6_000_000, '2026-10-20');
    win(CY, 'Hooli', 3_000_000, '2026-11-12');
    setAccountIcpByName(db, TEAM, 'Acme', 'yes');
    setAccountIcpByName(db, TEAM, 'Hooli', 'no');
    log('call', 5, 'Acme', '2026-09-27'); // the Sunday before the oldest week: not shown
    log('call', 4, null, '2026-10-01');
    log('meeting', 1, 'Pied Piper', '2026-11-09');
    log('call', 3, 'Acme', '2026-11-16');
    log('email', 2, 'Hooli', '2026-11-17');
  });
  afterAll(() => store.remove());

  const anaStatus = () => loadStatus(app, { teamId: TEAM, userId: ANA, now: NOW, defaultTimezone: TZ });

  it('a rep’s burn-up: the card’s quota, calendar and projection, and their wins in the period only', async () => {
    const status = await anaStatus();
    const input = await repBurnUpInput(app, status);
    expect(input.wins).toEqual([
      { date: '2026-10-06', cents: 5_000_000 },
      { date: '2026-11-10', cents: 10_000_000 },
    ]);
    // Won $150,000 of $330,000 = 45.45% → 45%; pace 5,000 × 34 = $170,000, $20,000 behind;
    // no open pipeline: projected = won, $150,000 (45%)
    expect(repBurnUp(input).alt).toBe(
      'Burn-up, Q4 2026 (Oct 1 – Dec 31). Won $150,000 of $330,000 (45%); pace $170,000 by today (Nov 18), ' +
        '$20,000 behind; projected $150,000 (45%) by Dec 31.',
    );
    // The same pace by now as the card
    expect(status.report.expectedByNowCents).toBe(17_000_000);
  });

  it('a rep’s activity mix: eight work weeks, the current one last, by the accounts’ fit', async () => {
    const weeks = (await repMixInput(app, await anaStatus())).weeks;
    expect(weeks.map((w) => w.start)).toEqual([
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
    const none = { icp: 0, nonIcp: 0, unclassified: 0, noAccount: 0 };
    expect(weeks[0]?.mix).toEqual({ ...none, noAccount: 4 });
    expect(weeks.slice(1, 6).every((w) => w.mix.icp + w.mix.nonIcp + w.mix.unclassified + w.mix.noAccount === 0)).toBe(
      true,
    );
    // Pied Piper was never classified
    expect(weeks[6]?.mix).toEqual({ ...none, unclassified: 1 });
    expect(weeks[7]?.mix).toEqual({ ...none, icp: 3, nonIcp: 2 });
    // 4 + 1 + 3 + 2 = 10, 3 on ICP = 30%
    expect(activityMixChart({ weeks }).alt).toContain(
      '10 activities logged in the last 8 weeks, 30% on ICP accounts (ICP 3, non-ICP 2, unclassified 1, no account 4)',
    );
    expect(await weeklyMix(app, TEAM, ANA, { start: '2026-11-16' }, 1)).toEqual([weeks[7]]);
  });

  it('the team’s burn-up: the reps the totals add, each paced on their own calendar', async () => {
    const progress = await teamProgressFrom(app, { teamId: TEAM, now: NOW, defaultTimezone: TZ });
    const input = await teamBurnUpInput(app, progress, { now: NOW, defaultTimezone: TZ });
    expect(input.today).toBe('2026-11-18');
    // Cy's monthly quota is not the team's kind: neither his quota nor his win is drawn
    expect(input.shares.map((s) => s.quotaCents)).toEqual([33_000_000, 19_800_000]);
    expect([...input.wins].sort((a, b) => (a.date < b.date ? -1 : 1))).toEqual([
      { date: '2026-10-06', cents: 5_000_000 },
      { date: '2026-10-20', cents: 6_000_000 },
      { date: '2026-11-10', cents: 10_000_000 },
    ]);
    // Bo: 198,000 × 32/61 (Oct 22 + Nov 2–13; Nov 16–17 paused) = 103,868.85… → $103,869; with Ana's $170,000: $273,869.
    // Won 150,000 + 60,000 = $210,000 of $528,000 = 39.8% → 40%; 273,869 − 210,000 = $63,869 behind.
    expect(teamBurnUp(input).alt).toBe(
      'Team burn-up, Q4 2026 (Oct 1 – Dec 31). Won $210,000 of $528,000 (40%); pace $273,869 by today (Nov 18), $63,869 behind.',
    );
    // The same figures as the team totals the weekly post shows
    expect(progress.totals).toMatchObject({ quotaCents: 52_800_000, wonCents: 21_000_000, expectedCents: 27_386_900 });
    expect(await teamWinsOf(app, TEAM, '2026-10-01', '2026-12-31', new Set([CY]))).toEqual([
      { date: '2026-11-12', cents: 3_000_000 },
    ]);
  });

  it('attainment: the counted reps with their names, highest first', async () => {
    const progress = await teamProgressFrom(app, { teamId: TEAM, now: NOW, defaultTimezone: TZ });
    const names: Record<string, string> = { [ANA]: 'Ana Diaz', [BO]: 'Bo Chen' };
    const chart = attainmentChart(attainmentInput(progress, (userId) => names[userId] ?? userId));
    // Ana 150/330 = 45% (pace 170/330 = 51.5% → 52%); Bo 60/198 = 30.3% → 30% (pace 103,869/198,000 = 52.5% → 52%)
    expect(chart.alt).toBe(
      'Attainment by rep, Q4 2026, highest first, with where pace says each should be by now: ' +
        'Ana Diaz 45% (pace 52%); Bo Chen 30% (pace 52%).',
    );
  });
});
