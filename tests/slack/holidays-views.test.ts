import { describe, expect, it } from 'vitest';
import { dayMonth, nextHolidayLine } from '../../src/slack/views/holidays.js';
import { companyDaysShown } from '../../src/slack/views/settings-modals.js';

describe('holiday words', () => {
  it('dates read as on a calendar page: Thu 24 Dec, Fri 1 Jan', () => {
    expect(dayMonth('2026-12-24')).toBe('Thu 24 Dec');
    expect(dayMonth('2027-01-01')).toBe('Fri 1 Jan');
  });

  it('the card line names the day and says it is not counted; today gets its own words', () => {
    const eve = { date: '2026-12-24', name: 'Christmas Eve', kind: 'company' as const };
    expect(nextHolidayLine(eve, '2026-12-02')).toBe(
      '🏖️ Next holiday: Thu 24 Dec, Christmas Eve (not counted as a working day)',
    );
    expect(nextHolidayLine(eve, '2026-12-24')).toBe(
      '🏖️ Today is a holiday: Thu 24 Dec, Christmas Eve (not counted as a working day)',
    );
    expect(nextHolidayLine({ ...eve, name: 'R&D <day>' }, '2026-12-02')).toContain('R&amp;D &lt;day&gt;');
  });
});

describe('the company days the team modal shows', () => {
  it('all of them while they fit in the input’s 3,000 characters', () => {
    const days = [
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-31', name: 'Year-end' },
    ];
    expect(companyDaysShown(days)).toEqual(days);
  });

  it('the latest that fit when they do not: the older ones are kept by the form, not shown', () => {
    // Each line is 10 + 1 + 60 characters, and a newline: 72. 3,000 / 72 = 41.67: the latest 41 fit.
    const days = Array.from({ length: 50 }, (_, i) => ({
      date: `2026-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      name: 'x'.repeat(60),
    }));
    const shown = companyDaysShown(days);
    expect(shown).toHaveLength(41);
    expect(shown[0]).toBe(days[9]);
    expect(shown.at(-1)).toBe(days[49]);
  });
});
