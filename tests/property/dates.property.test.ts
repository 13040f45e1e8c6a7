/**
 * Property-based tests of dates (issue 5): wall clocks and instants in a rep's zone, day arithmetic,
 * working days, quota periods, what is due when, and the working-day side of the gap math.
 *
 * The time-zone oracle here is independent of calendar.ts: each zone's UTC offset is read from Intl's
 * `longOffset` name, and its transitions between 2000 and 2100 are found by scanning and bisection.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  type LocalDate,
  localDateTime,
  type Weekday,
  weekdayOf,
  zonedTimeToInstant,
} from '../../src/domain/calendar.js';
import { PERIOD_KINDS } from '../../src/domain/command.js';
import { duePrompts, type RepSchedule } from '../../src/domain/due.js';
import { computeGap, splitWorkDays, workWeek } from '../../src/domain/gap.js';
import { countWorkingDays, isWorkingDay, periodContaining } from '../../src/domain/period.js';
import { countWorkDays, workCalendar } from '../../src/domain/workdays.js';
import { doneWhenInput } from '../support/gap-input.js';

const SEED = 20_260_507;

const ZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Kiritimati',
  'America/St_Johns',
] as const;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2100, 0, 1);

// --- An independent oracle for zones ------------------------------------------------------------

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at an instant, from Intl's `GMT-03:30` style name. */
function offsetMinutes(instant: number, zone: string): number {
  let formatter = offsetFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (match === null) throw new Error(`unexpected offset name ${name}`);
  if (match[1] === undefined) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** A change of offset: from `at` (the first instant of the new offset) clocks read `after` instead of `before`. */
interface Transition {
  zone: string;
  at: number;
  before: number;
  after: number;
}

/** Every transition in [2000, 2100), scanning four-weekly (no zone here changes twice within 28 days). */
function transitionsOf(zone: string): Transition[] {
  const found: Transition[] = [];
  const step = 28 * DAY_MS;
  for (let t = FROM; t < TO; t += step) {
    const before = offsetMinutes(t, zone);
    const after = offsetMinutes(t + step, zone);
    if (before === after) continue;
    let lo = t;
    let hi = t + step; // offset(lo) = before, offset(hi) = after
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / (2 * MINUTE_MS)) * MINUTE_MS;
      if (offsetMinutes(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    found.push({ zone, at: hi, before, after });
  }
  return found;
}

const TRANSITIONS: Transition[] = ZONES.flatMap(transitionsOf);

/** The wall clock (date, minutes) an instant shows at a given offset. */
function wallAt(instant: number, offset: number): { date: LocalDate; minutes: number } {
  const wall = new Date(instant + offset * MINUTE_MS);
  return { date: wall.toISOString().slice(0, 10), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}

/** Wall-clock minutes as ms on a zone-free line, for comparing wall times. */
const wallMs = (date: LocalDate, minutes: number): number => Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;

const floorToMinute = (t: number): number => t - (((t % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);

// --- Arbitraries ---------------------------------------------------------------------------------

const zone = fc.constantFrom(...ZONES);

/** Any instant 2000–2100 in any zone, or one within three hours of one of the zones' transitions. */
const zonedInstant = fc.oneof(
  fc.tuple(fc.integer({ min: FROM, max: TO - 1 }), zone).map(([t, z]) => ({ t, zone: z as string })),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
    .map(([transition, delta]) => ({ t: transition.at + delta, zone: transition.zone })),
);

/** A calendar date 1900–2200. */
const EPOCH_1900 = Date.UTC(1900, 0, 1) / DAY_MS;
const EPOCH_2200 = Date.UTC(2200, 11, 31) / DAY_MS;
const localDate = fc
  .integer({ min: EPOCH_1900, max: EPOCH_2200 })
  .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));

const workingDays = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }).map((days) => days as Weekday[]);

// --- Instants and wall clocks -------------------------------------------------------------------

describe('zonedTimeToInstant and localDateTime', () => {
  it('the oracle finds the transitions calendar.test.ts works from, and none where there is no DST', () => {
    expect(TRANSITIONS).toContainEqual({
      zone: 'America/New_York',
      at: Date.parse('2026-11-01T06:00Z'),
      before: -240,
      after: -300,
    });
    expect(TRANSITIONS).toContainEqual({
      zone: 'America/New_York',
      at: Date.parse('2027-03-14T07:00Z'),
      before: -300,
      after: -240,
    });
    expect(TRANSITIONS).toContainEqual({
      zone: 'Europe/London',
      at: Date.parse('2026-10-25T01:00Z'),
      before: 60,
      after: 0,
    });
    for (const z of ['UTC', 'Asia/Kolkata', 'Pacific/Kiritimati'])
      expect(TRANSITIONS.filter((t) => t.zone === z)).toEqual([]);
  });

  it('the wall clock at t maps back to t floored to the minute, except in the repeated hour of a fall-back', () => {
    fc.assert(
      fc.property(zonedInstant, ({ t, zone: z }) => {
        const local = localDateTime(t, z);
        const back = zonedTimeToInstant(local.date, local.minutes, z);
        const floored = floorToMinute(t);
        if (back === floored) return;
        // Excluded, precisely: instants in [T, T + Δ) after a transition T at which the offset falls by Δ
        // (the second pass through the repeated wall times). Their wall clock was shown Δ earlier too, and
        // zonedTimeToInstant documents that it answers with the earlier instant: floored − Δ.
        const overlap = TRANSITIONS.find(
          (tr) =>
            tr.zone === z &&
            tr.after < tr.before &&
            floored >= tr.at &&
            floored < tr.at + (tr.before - tr.after) * MINUTE_MS,
        );
        expect(
          overlap,
          `${new Date(t).toISOString()} in ${z} came back as ${new Date(back).toISOString()}`,
        ).toBeDefined();
        if (overlap) expect(back).toBe(floored - (overlap.before - overlap.after) * MINUTE_MS);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('a wall time maps to an instant showing that wall time, except inside a spring-forward gap', () => {
    fc.assert(
      fc.property(zonedInstant, fc.integer({ min: -180, max: 180 }), ({ t, zone: z }, shift) => {
        const start = localDateTime(t, z);
        const wall = wallMs(start.date, start.minutes) + shift * MINUTE_MS;
        const { date, minutes } = wallAt(wall, 0);
        const instant = zonedTimeToInstant(date, minutes, z);
        const shown = localDateTime(instant, z);
        // Excluded, precisely: wall times in [W, W + Δ) where W is the wall clock at a transition T read with
        // the old offset, and the offset rises by Δ there. No instant shows them; the documented answer is
        // the wall time read with the old offset, which clocks show as wall + Δ.
        const gap = TRANSITIONS.find((tr) => {
          const gapStart = tr.at + tr.before * MINUTE_MS;
          return (
            tr.zone === z &&
            tr.after > tr.before &&
            wall >= gapStart &&
            wall < gapStart + (tr.after - tr.before) * MINUTE_MS
          );
        });
        if (gap === undefined) {
          expect({ date: shown.date, minutes: shown.minutes }).toEqual({ date, minutes });
          expect(shown.weekday).toBe(weekdayOf(date));
        } else {
          expect(instant).toBe(wall - gap.before * MINUTE_MS);
          expect(wallMs(shown.date, shown.minutes)).toBe(wall + (gap.after - gap.before) * MINUTE_MS);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('localDateTime agrees with the offset Intl reports', () => {
    fc.assert(
      fc.property(zonedInstant, ({ t, zone: z }) => {
        const local = localDateTime(t, z);
        expect({ date: local.date, minutes: local.minutes }).toEqual(wallAt(floorToMinute(t), offsetMinutes(t, z)));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

// --- Day arithmetic -----------------------------------------------------------------------------

describe('addDays and daysBetween', () => {
  it('daysBetween(d, addDays(d, n)) is n, and addDays(d, -n) undoes it', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -36_500, max: 36_500 }), (date, n) => {
        const moved = addDays(date, n);
        expect(daysBetween(date, moved)).toBe(n);
        expect(addDays(moved, -n)).toBe(date);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('addDays(a, daysBetween(a, b)) is b, and daysBetween is antisymmetric', () => {
    fc.assert(
      fc.property(localDate, localDate, (a, b) => {
        expect(addDays(a, daysBetween(a, b))).toBe(b);
        expect(daysBetween(b, a)).toBe(-daysBetween(a, b));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

// --- Working days and periods -------------------------------------------------------------------

describe('countWorkingDays', () => {
  it('over [a, b] plus over [b+1, c] equals over [a, c]', () => {
    fc.assert(
      fc.property(
        localDate,
        fc.integer({ min: -1, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        workingDays,
        (a, ab, bc, days) => {
          const b = addDays(a, ab);
          const c = addDays(b, bc);
          expect(countWorkingDays(a, b, days) + countWorkingDays(addDays(b, 1), c, days)).toBe(
            countWorkingDays(a, c, days),
          );
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('equals a day-by-day count, and is 0 when the range is empty', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -3, max: 60 }), workingDays, (from, length, days) => {
        const to = addDays(from, length);
        let expected = 0;
        for (let i = 0; i <= length; i++) if (isWorkingDay(addDays(from, i), days)) expected++;
        expect(countWorkingDays(from, to, days)).toBe(expected);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('periodContaining', () => {
  const kind = fc.constantFrom(...PERIOD_KINDS);
  const fiscalStart = fc.integer({ min: 1, max: 12 });
  const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

  it('contains its date, and the periods tile the calendar', () => {
    fc.assert(
      fc.property(kind, localDate, fiscalStart, (k, date, fsm) => {
        const period = periodContaining(k, date, fsm);
        expect(period.start <= date && date <= period.end).toBe(true);
        expect(period.start.slice(8)).toBe('01');
        // The day after one period's end starts the next; the day before its start ends the previous one.
        const next = periodContaining(k, addDays(period.end, 1), fsm);
        expect(next.start).toBe(addDays(period.end, 1));
        expect(periodContaining(k, addDays(period.start, -1), fsm).end).toBe(addDays(period.start, -1));
        // Every date of the period has this period, and it spans whole months of the right number.
        expect(periodContaining(k, period.start, fsm)).toEqual(period);
        expect(periodContaining(k, period.end, fsm)).toEqual(period);
        const months = (y: string) => Number(y.slice(0, 4)) * 12 + Number(y.slice(5, 7));
        expect(months(next.start) - months(period.start)).toBe(MONTHS[k]);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('quarters and years start on a fiscal boundary, and a quarter lies inside its year', () => {
    fc.assert(
      fc.property(localDate, fiscalStart, (date, fsm) => {
        const quarter = periodContaining('quarter', date, fsm);
        const year = periodContaining('year', date, fsm);
        expect((Number(quarter.start.slice(5, 7)) - fsm + 12) % 3).toBe(0);
        expect(Number(year.start.slice(5, 7))).toBe(fsm);
        expect(year.start <= quarter.start && quarter.end <= year.end).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

// --- What is due --------------------------------------------------------------------------------

describe('duePrompts', () => {
  const minutes = fc.integer({ min: 0, max: 1439 });
  const schedule = fc.record({
    checkinMinutes: minutes,
    reflectionMinutes: minutes,
    workingDays,
    pausedUntil: fc.option(localDate, { nil: null }),
    remindersEnabled: fc.boolean(),
  });
  // Dates near the pause matter most: draw "now" within a few days of it half the time.
  const scheduleAndNow = fc
    .tuple(schedule, localDate, fc.integer({ min: -3, max: 3 }), fc.boolean(), minutes)
    .map(([s, date, near, useNear, mins]) => {
      const today = useNear && s.pausedUntil !== null ? addDays(s.pausedUntil, near) : date;
      return { schedule: s as RepSchedule, now: { date: today, minutes: mins, weekday: weekdayOf(today) } };
    });

  it('never two prompts of one kind and date, never one for a non-working or paused date', () => {
    fc.assert(
      fc.property(scheduleAndNow, ({ schedule: s, now }) => {
        const due = duePrompts(s, now);
        const keys = due.map((p) => `${p.kind} ${p.date}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const prompt of due) {
          expect(isWorkingDay(prompt.date, s.workingDays)).toBe(true);
          if (s.pausedUntil !== null) expect(prompt.date >= s.pausedUntil).toBe(true);
          expect([now.date, addDays(now.date, -1)]).toContain(prompt.date);
          if (prompt.kind === 'reminder') expect(s.remindersEnabled).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

// --- Working days in the gap math ----------------------------------------------------------------

describe('gap working days', () => {
  /** Up to six days off (pauses, holidays) within a period's reach of the date. */
  const offsets = fc.uniqueArray(fc.integer({ min: -400, max: 400 }), { maxLength: 6 });

  /** Day by day, without workdays.ts: [total, elapsed by now] of the period's working days not taken off. */
  function byHand(
    period: { start: LocalDate; end: LocalDate },
    today: LocalDate,
    dayOver: boolean,
    days: readonly Weekday[],
    off: ReadonlySet<LocalDate>,
  ): { total: number; elapsed: number } {
    let total = 0;
    let elapsed = 0;
    for (let day = period.start; day <= period.end; day = addDays(day, 1)) {
      if (!isWorkingDay(day, days) || off.has(day)) continue;
      total++;
      if (day < today || (day === today && dayOver)) elapsed++;
    }
    return { total, elapsed };
  }

  it('elapsed plus left is the period at every instant: today is left until the reflection, elapsed after it', () => {
    fc.assert(
      fc.property(
        localDate,
        fc.constantFrom(...PERIOD_KINDS),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        workingDays,
        offsets,
        (date, k, fsm, dayOver, days, offs) => {
          const period = periodContaining(k, date, fsm);
          const offDays = new Set(offs.map((n) => addDays(date, n)));
          const calendar = workCalendar(days, offDays);
          const hand = byHand(period, date, dayOver, days, offDays);

          const split = splitWorkDays(period, date, dayOver, calendar);
          expect(split).toEqual({ total: hand.total, elapsed: hand.elapsed, left: hand.total - hand.elapsed });

          const report = computeGap(
            doneWhenInput({
              period,
              today: date,
              dayOver,
              calendar,
              week: workWeek(date, weekdayOf(date), days),
              next: { period: periodContaining(k, addDays(period.end, 1), fsm), quotaCents: null },
            }),
          );
          expect(report.workingDaysInPeriod).toBe(hand.total);
          expect(report.workingDaysElapsed).toBe(hand.elapsed);
          expect(report.workingDaysElapsed + report.workingDaysLeft).toBe(report.workingDaysInPeriod);
          // The money follows the days: quota × elapsed / total, never more than the quota.
          expect(report.expectedByNowCents).toBeLessThanOrEqual(report.quotaCents ?? 0);
          if (hand.elapsed === 0) expect(report.expectedByNowCents).toBe(0);
          expect(report.gapCents).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('the reflection moves today, and only a working day not taken off, from left to elapsed', () => {
    fc.assert(
      fc.property(
        localDate,
        fc.constantFrom(...PERIOD_KINDS),
        fc.integer({ min: 1, max: 12 }),
        workingDays,
        offsets,
        (date, k, fsm, days, offs) => {
          const period = periodContaining(k, date, fsm);
          const offDays = new Set(offs.map((n) => addDays(date, n)));
          const calendar = workCalendar(days, offDays);
          const morning = splitWorkDays(period, date, false, calendar);
          const evening = splitWorkDays(period, date, true, calendar);
          const todayWorks = isWorkingDay(date, days) && !offDays.has(date) ? 1 : 0;
          expect(evening.elapsed - morning.elapsed).toBe(todayWorks);
          expect(morning.left - evening.left).toBe(todayWorks);
          // Before the reflection today is left: the days left run from today to the period's end.
          expect(morning.left).toBe(countWorkDays(date, period.end, calendar));
          expect(evening.left).toBe(countWorkDays(addDays(date, 1), period.end, calendar));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});
