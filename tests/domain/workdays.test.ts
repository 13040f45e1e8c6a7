import { describe, expect, it } from 'vitest';
import { countWorkDays, isWorkDay, pausedDays, workCalendar } from '../../src/domain/workdays.js';
import { MON_FRI } from '../support/gap-input.js';

describe('a calendar of working days with days off', () => {
  it('keeps only off days that fall on working weekdays, sorted once each', () => {
    // Sat Dec 5 is no working day anyway; Dec 7 is given twice
    const calendar = workCalendar(MON_FRI, ['2026-12-08', '2026-12-05', '2026-12-07', '2026-12-07']);
    expect(calendar.offDays).toEqual(['2026-12-07', '2026-12-08']);
    expect(isWorkDay('2026-12-07', calendar)).toBe(false);
    expect(isWorkDay('2026-12-09', calendar)).toBe(true);
    expect(isWorkDay('2026-12-05', calendar)).toBe(false);
  });

  it('counts working weekdays minus the off days inside the range', () => {
    // Dec 1–31, 2026 has 23 weekdays; off Dec 7 and Dec 8 → 21; Dec 9–31 (Wed onward) → 17
    const calendar = workCalendar(MON_FRI, ['2026-12-07', '2026-12-08']);
    expect(countWorkDays('2026-12-01', '2026-12-31', calendar)).toBe(21);
    expect(countWorkDays('2026-12-09', '2026-12-31', calendar)).toBe(17);
    expect(countWorkDays('2026-12-08', '2026-12-07', calendar)).toBe(0);
  });

  it('lists paused days inside a range, each pause ending before its until date', () => {
    const pauses = [
      { startsOn: '2026-11-26', until: '2026-12-02' },
      { startsOn: '2026-12-30', until: '2027-01-05' },
    ];
    expect(pausedDays(pauses, '2026-11-30', '2026-12-31')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-30',
      '2026-12-31',
    ]);
  });
});
