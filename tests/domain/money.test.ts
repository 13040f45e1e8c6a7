import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatMoneyCompact,
  isTeamCurrency,
  MAX_AMOUNT_CENTS,
  parseMoney,
} from '../../src/domain/money.js';

describe('parseMoney', () => {
  it.each<[text: string, cents: number]>([
    ['120000', 12_000_000],
    ['120k', 12_000_000],
    ['120K', 12_000_000],
    ['$120,000', 12_000_000],
    ['$120,000.50', 12_000_050],
    ['1.2m', 120_000_000],
    ['1.2M', 120_000_000],
    ['1.2mm', 120_000_000],
    ['24.5k', 2_450_000],
    ['$24.5k', 2_450_000],
    ['0.1k', 10_000],
    ['.5k', 50_000],
    ['1.005k', 100_500],
    ['1.230', 123],
    ['0.01', 1],
    ['1,000,000', 100_000_000],
    ['€5', 500],
    ['£1,200.50', 120_050],
    ['¥1,200', 120_000],
    ['CA$1,200.50', 120_050],
    ['USD 1,200', 120_000],
    ['usd 1200', 120_000],
    ['1200 EUR', 120_000],
    ['120 €', 12_000],
    ['120kUSD', 12_000_000],
    ['  $ 120k  ', 12_000_000],
    ['\u00a0120k\u3000', 12_000_000],
    ['1b', 100_000_000_000],
    ['1bn', 100_000_000_000],
    ['$1,000,000,000', 100_000_000_000],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseMoney(text)).toMatchObject({ ok: true, cents });
  });

  it.each<[text: string, reason: string]>([
    ['', 'enter an amount, like 120k or $120,000'],
    ['   ', 'enter an amount, like 120k or $120,000'],
    ['-5k', 'amounts must be positive'],
    ['−5k', 'amounts must be positive'],
    ['$-5k', 'amounts must be positive'],
    ['-$120,000', 'amounts must be positive'],
    ['0', 'amounts must be more than zero'],
    ['$0.00', 'amounts must be more than zero'],
    ['0k', 'amounts must be more than zero'],
    ['banana', '‘banana’ is not an amount'],
    ['$', '‘$’ is not an amount'],
    ['k', '‘k’ is not an amount'],
    ['NaN', '‘NaN’ is not an amount'],
    ['Infinity', '‘Infinity’ is not an amount'],
    ['1e9', '‘1e9’ is not an amount'],
    ['1.2.3', '‘1.2.3’ is not an amount'],
    ['1.', '‘1.’ is not an amount'],
    ['12 000', '‘12 000’ is not an amount'],
    ['١٢٠', '‘١٢٠’ is not an amount'],
    ['1.2 million', '‘1.2 million’ is not an amount'],
    ['1,20,000', '‘1,20,000’ has commas in the wrong places'],
    ['24,5k', '‘24,5k’ has commas in the wrong places'],
    ['1,2000', '‘1,2000’ has commas in the wrong places'],
    ['1.2345', '‘1.2345’ has more decimal places than cents'],
    ['$0.001', '‘$0.001’ has more decimal places than cents'],
    ['1.000001k', '‘1.000001k’ has more decimal places than cents'],
    ['XYZ 5', '‘XYZ’ is not a currency code'],
    ['5 kkk', '‘kkk’ is not a currency code'],
    ['2b', 'amounts can be at most 1 billion'],
    ['1,000,000,000.01', 'amounts can be at most 1 billion'],
    ['999999999999999999999', 'amounts can be at most 1 billion'],
    ['9'.repeat(101), `‘${'9'.repeat(39)}…’ is too long to be an amount`],
  ])('refuses %j: %s', (text, reason) => {
    expect(parseMoney(text)).toEqual({ ok: false, reason });
  });

  it('quotes at most 40 characters of the offending text', () => {
    const result = parseMoney(`${'x'.repeat(60)}`);
    expect(result).toEqual({ ok: false, reason: `‘${'x'.repeat(39)}…’ is not an amount` });
  });

  it('accepts exactly MAX_AMOUNT_CENTS, $1bn', () => {
    expect(MAX_AMOUNT_CENTS).toBe(100_000_000_000);
    expect(parseMoney('1000000000')).toEqual({ ok: true, cents: MAX_AMOUNT_CENTS });
  });
});

describe('formatMoney', () => {
  it.each<[cents: number, currency: string | undefined, text: string]>([
    [12_000_000, undefined, '$120,000'],
    [2_450_050, undefined, '$24,500.50'],
    [1, undefined, '$0.01'],
    [100, undefined, '$1'],
    [0, undefined, '$0'],
    [-123_456, undefined, '-$1,234.56'],
    [-12_000_000, 'USD', '-$120,000'],
    [100_000_000_000, 'USD', '$1,000,000,000'],
    [12_000_000, 'EUR', '€120,000'],
    [120_050, 'GBP', '£1,200.50'],
    [12_000_000, 'JPY', '¥120,000'],
    [120_050, 'JPY', '¥1,200.50'],
    [120_050, 'CAD', 'CA$1,200.50'],
    [120_050, 'NOPE', 'NOPE 1,200.50'],
    [12_000_000, '', '120,000'],
    [Number.NaN, 'USD', '—'],
  ])('formats %i cents in %s as %j', (cents, currency, text) => {
    expect(formatMoney(cents, currency)).toBe(text);
  });
});

describe('formatMoneyCompact', () => {
  it.each<[cents: number, currency: string | undefined, text: string]>([
    [12_000_000, undefined, '$120k'],
    [120_000_000, undefined, '$1.2m'],
    [95_000, undefined, '$950'],
    [95_050, undefined, '$950.5'],
    [2_450_000, undefined, '$24.5k'],
    [2_400_000, undefined, '$24k'],
    [99_999, undefined, '$1k'],
    [99_999_000, undefined, '$1m'],
    [100_000_000_000, undefined, '$1b'],
    [0, undefined, '$0'],
    [-2_450_000, undefined, '-$24.5k'],
    [12_000_000, 'EUR', '€120k'],
    [120_000_000, 'GBP', '£1.2m'],
    [12_000_000, 'NOPE', 'NOPE 120k'],
  ])('formats %i cents in %s as %j', (cents, currency, text) => {
    expect(formatMoneyCompact(cents, currency)).toBe(text);
  });
});

describe('formatting round-trips through parseMoney', () => {
  const cents = [1, 99, 100, 101, 2_450_000, 2_450_050, 12_000_000, 12_345_678, 99_999_999_999, MAX_AMOUNT_CENTS];
  const rows = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'CHF'].flatMap((currency) =>
    cents.map((amount): [number, string] => [amount, currency]),
  );

  it.each<[text: string, marker: string | undefined]>([
    ['120k', undefined],
    ['$120k', '$'],
    ['€5', '€'],
    ['CA$1,200', 'CA$'],
    ['usd 1200', 'usd'],
    ['1200 EUR', 'EUR'],
  ])('reports the currency typed with %j', (text, marker) => {
    const parsed = parseMoney(text);
    expect(parsed.ok && parsed.currency).toBe(marker ?? undefined);
  });

  it.each<[typed: string | undefined, team: string, ok: boolean]>([
    [undefined, 'EUR', true],
    ['$', 'USD', true],
    ['usd', 'USD', true],
    ['€', 'USD', false],
    ['EUR', 'USD', false],
    ['¥', 'USD', false],
    ['€', 'EUR', true],
    ['$', 'CAD', true],
    ['CA$', 'CAD', true],
    ['£', 'GBP', true],
    ['$', 'EUR', false],
  ])('isTeamCurrency(%j, %s) is %s', (typed, team, ok) => {
    expect(isTeamCurrency(typed, team)).toBe(ok);
  });

  it.each(rows)('%i cents in %s reads back as itself', (amount, currency) => {
    expect(parseMoney(formatMoney(amount, currency))).toMatchObject({ ok: true, cents: amount });
  });

  it.each<[text: string, cents: number]>([
    ['$120k', 12_000_000],
    ['$1.2m', 120_000_000],
    ['$24.5k', 2_450_000],
  ])('the compact form %j reads back as %i cents', (text, amount) => {
    expect(parseMoney(text)).toMatchObject({ ok: true, cents: amount });
  });
});

describe('amounts written by hand agree with Intl', () => {
  // money.ts writes en-US amounts with a leading symbol by hand (Intl costs microseconds a number); each must be
  // exactly what Intl writes. The reference here formats with Intl only, as formatMoney and formatMoneyCompact did.
  const intl = (currency: string, min: number, max: number) =>
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: min,
      maximumFractionDigits: max,
    });
  const byIntl = (cents: number, currency: string) => {
    const whole = Math.round(cents);
    const digits = whole % 100 === 0 ? 0 : 2;
    return intl(currency, digits, digits).format(whole / 100);
  };
  const compactByIntl = (cents: number, currency: string) => {
    const abs = Math.abs(Math.round(cents));
    const sign = cents < 0 && abs > 0 ? -1 : 1;
    for (const [index, [suffix, units]] of (
      [
        ['', 1],
        ['k', 1_000],
        ['m', 1_000_000],
        ['b', 1_000_000_000],
      ] as const
    ).entries()) {
      const tenths = Math.round(abs / (units * 10));
      if (tenths < 10_000 || index === 3) return `${intl(currency, 0, 1).format((sign * tenths) / 10)}${suffix}`;
    }
    throw new Error('not reached');
  };
  // A fixed pseudo-random walk over amounts from cents to billions, both signs, with round and ragged values.
  let state = 20_261_205;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const amounts = [0, -0, 1, -1, 50, 99, 100, 101, 150, 99_999, 100_000, 99_999_950, 123_456_789_012];
  for (let i = 0; i < 4000; i++) {
    const magnitude = 10 ** Math.floor(next() * 12);
    const cents = Math.round(next() * magnitude) * (next() < 0.2 ? -1 : 1);
    amounts.push(next() < 0.3 ? Math.round(cents / 100) * 100 : cents);
  }

  it.each(['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'INR', 'CHF', 'SEK'])('%s', (currency) => {
    for (const cents of amounts) {
      expect([cents, formatMoney(cents, currency)]).toEqual([cents, byIntl(cents, currency)]);
      expect([cents, formatMoneyCompact(cents, currency)]).toEqual([cents, compactByIntl(cents, currency)]);
    }
  });
});
