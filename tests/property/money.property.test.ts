/**
 * Property-based tests of money (issue 5): formatting then parsing returns the same amount, the compact
 * form parses back to within the rounding it shows, and no input makes parsing throw or yield a bad amount.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatMoneyCompact,
  isTeamCurrency,
  MAX_AMOUNT_CENTS,
  parseMoney,
} from '../../src/domain/money.js';

const SEED = 20_260_506;

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'INR', 'CAD'] as const;

/** Amounts across every order of magnitude, and the edges: 1 cent, whole units, $1bn. */
const cents = fc.oneof(
  fc.integer({ min: 1, max: MAX_AMOUNT_CENTS }),
  fc.integer({ min: 1, max: 100_000 }),
  fc.integer({ min: 1, max: 1_000_000_000 }).map((units) => Math.min(units * 100, MAX_AMOUNT_CENTS)),
  fc.integer({ min: 1, max: 10_000_000 }).map((n) => MAX_AMOUNT_CENTS - n + 1),
  fc.constantFrom(1, 5, 99, 100, 999_999, 99_999_500, 99_999_999, 100_000_000, MAX_AMOUNT_CENTS),
);

const currency = fc.constantFrom(...CURRENCIES);

/** Strings shaped like amounts: signs, codes, symbols, digits with good and bad commas, decimals, suffixes. */
const moneyish = fc
  .tuple(
    fc.constantFrom('', '', '-', '−', ' ', '+'),
    fc.constantFrom('', '', 'USD ', 'eur', 'XYZ ', 'CA$', '$', '€', '£', '¥', '₹', 'US$', 'A$', '$ '),
    fc.constantFrom('', '', '-', '−'),
    fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 15n }).map(String),
      fc.bigInt({ min: 0n, max: 10n ** 15n }).map((n) => n.toLocaleString('en-US')),
      fc.string({ unit: fc.constantFrom(...'0123456789,.'), maxLength: 25 }),
    ),
    fc.constantFrom('', '', '.', '.5', '.05', '.005', '.123456', '.000'),
    fc.constantFrom('', '', 'k', 'K', 'm', 'mm', 'M', 'b', 'bn', 'BN', 'x'),
    fc.constantFrom('', '', ' ', '€', ' EUR', 'usd', ' ZZZ', '$'),
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  moneyish,
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 120 }),
);

/** The step a compact amount shows, in cents: a tenth of a unit, of a thousand, a million or a billion. */
const COMPACT_STEP_CENTS: Record<string, number> = { '': 10, k: 10_000, m: 10_000_000, b: 10_000_000_000 };

describe('formatMoney and parseMoney', () => {
  it('parseMoney(formatMoney(c, currency)) is c, in a currency the team accepts', () => {
    fc.assert(
      fc.property(cents, currency, (amount, code) => {
        const text = formatMoney(amount, code);
        const parsed = parseMoney(text);
        expect(parsed, text).toMatchObject({ ok: true, cents: amount });
        if (parsed.ok) expect(isTeamCurrency(parsed.currency, code), `${text} in ${code}`).toBe(true);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('a negative amount formats to a refused one', () => {
    fc.assert(
      fc.property(cents, currency, (amount, code) => {
        expect(parseMoney(formatMoney(-amount, code))).toEqual({ ok: false, reason: 'amounts must be positive' });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('formatMoneyCompact parses back to within half the last digit it shows', () => {
    fc.assert(
      fc.property(cents, currency, (amount, code) => {
        const text = formatMoneyCompact(amount, code);
        const suffix = /[kmb]?$/.exec(text)?.[0] ?? '';
        const step = COMPACT_STEP_CENTS[suffix] ?? Number.NaN;
        const parsed = parseMoney(text);
        if (amount < step / 2) {
          // Less than half a tenth of a unit shows as `$0`, which is not an amount anyone can enter.
          expect(parsed).toEqual({ ok: false, reason: 'amounts must be more than zero' });
          return;
        }
        expect(parsed.ok, text).toBe(true);
        if (!parsed.ok) return;
        expect(Math.abs(parsed.cents - amount), `${text} for ${amount}`).toBeLessThanOrEqual(step / 2);
        expect(isTeamCurrency(parsed.currency, code)).toBe(true);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('formatMoney and formatMoneyCompact never throw, whatever the number or currency code', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.integer()),
        fc.oneof(currency, fc.string({ maxLength: 6 })),
        (amount, code) => {
          expect(typeof formatMoney(amount, code)).toBe('string');
          expect(typeof formatMoneyCompact(amount, code)).toBe('string');
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('parseMoney on any input', () => {
  it('never throws, and an amount it accepts is a whole number of cents from 1 to $1bn', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseMoney(text);
        if (parsed.ok) {
          expect(Number.isSafeInteger(parsed.cents)).toBe(true);
          expect(parsed.cents).toBeGreaterThan(0);
          expect(parsed.cents).toBeLessThanOrEqual(MAX_AMOUNT_CENTS);
        } else {
          expect(parsed.reason.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('never throws when handed something that is not a string', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof parseMoney(value as string).ok).toBe('boolean');
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('isTeamCurrency', () => {
  const typed = fc.option(
    fc.oneof(
      fc.constantFrom('$', 'US$', 'CA$', 'A$', '€', '£', '¥', '₹', 'usd', 'EUR', 'xyz', '', ' '),
      fc.string({ maxLength: 5 }),
      fc.string({ unit: 'binary', maxLength: 5 }),
    ),
    { nil: undefined },
  );
  const team = fc.oneof(currency, fc.constantFrom('', 'usd', 'XXX', 'ZZZ', 'EURO'), fc.string({ maxLength: 5 }));

  it('never throws, whatever was typed and whatever the team', () => {
    fc.assert(
      fc.property(typed, team, (t, c) => {
        expect(typeof isTeamCurrency(t, c)).toBe('boolean');
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("the team's own code, in any letter case, is the team's currency; nothing typed is too", () => {
    fc.assert(
      fc.property(currency, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (code, upper) => {
        const cased = Array.from(code, (ch, i) => (upper[i] ? ch : ch.toLowerCase())).join('');
        expect(isTeamCurrency(cased, code)).toBe(true);
        expect(isTeamCurrency(undefined, code)).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("another team's code is never the team's", () => {
    fc.assert(
      fc.property(currency, currency, (a, b) => {
        expect(isTeamCurrency(a, b)).toBe(a === b);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
