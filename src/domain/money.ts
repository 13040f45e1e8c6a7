import { quote } from './text.js';

/**
 * Money: integer cents in, integer cents out (DESIGN.md, "The domain").
 *
 * Parsing works on the digit strings with BigInt so `24.5k` is exactly 2_450_000 cents: multiplying
 * floats would give 2449999.9999… for some inputs. Formatting uses Intl with en-US conventions.
 */

/** $1bn: far above any real deal or quota, and comfortably inside Number.MAX_SAFE_INTEGER. */
export const MAX_AMOUNT_CENTS = 100_000_000_000;

/** `currency`: the code (`EUR`) or symbol (`$`, `€`) typed with the amount, if any. */
export type MoneyParse = { ok: true; cents: number; currency?: string } | { ok: false; reason: string };

/** Longest text we try to read as an amount; 'USD 1,000,000,000.00' is 20 characters. */
const MAX_AMOUNT_TEXT = 100;

/**
 * An amount: an optional sign, currency code or symbol before the number (`USD`, `$`, `CA$`),
 * the number, an optional multiplier (`k`, `m`, `mm`, `b`, `bn`), and optionally a symbol or
 * code after it (`120 €`, `1200 EUR`). The number itself is checked separately by NUMBER.
 */
const AMOUNT = new RegExp(
  [
    '^(?<sign1>[-−])?\\s*',
    '(?:(?<code1>[a-z]{3})\\s*)?',
    '(?<symbol1>[a-z]{0,2}\\p{Sc})?\\s*',
    '(?<sign2>[-−])?\\s*',
    '(?<number>[\\d.,]+)\\s*',
    '(?<suffix>k|mm|m|bn|b)?\\s*',
    '(?<symbol2>\\p{Sc})?\\s*',
    '(?<code2>[a-z]{3})?$',
  ].join(''),
  'iu',
);

/** Plain digits or comma groups of three, then optional decimals; `.5` is fine, `1,20,000` is not. */
const NUMBER = /^(?:(?<whole>\d+|\d{1,3}(?:,\d{3})+)(?:\.(?<fraction>\d+))?|\.(?<bareFraction>\d+))$/;

/** Decimal places of cents each multiplier shifts by: cents are 10^2 of a unit. */
const SCALE: Record<string, number> = { '': 2, k: 5, m: 8, mm: 8, b: 11, bn: 11 };

let knownCurrencies: ReadonlySet<string> | null = null;

/** A currency code Intl knows (ISO 4217), any case. */
export function isKnownCurrency(code: string): boolean {
  if (knownCurrencies === null) {
    try {
      knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
    } catch {
      knownCurrencies = new Set(['USD', 'EUR', 'GBP', 'JPY']);
    }
  }
  return knownCurrencies.has(code.toUpperCase());
}

function refuse(reason: string): MoneyParse {
  return { ok: false, reason };
}

/** Parse what a rep types as an amount (`120k`, `$120,000.50`, `1.2m`, `USD 1,200`) into integer cents. */
export function parseMoney(text: string): MoneyParse {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '') return refuse('enter an amount, like 120k or $120,000');
  if (trimmed.length > MAX_AMOUNT_TEXT) return refuse(`${quote(trimmed)} is too long to be an amount`);

  const parts = AMOUNT.exec(trimmed)?.groups;
  const numberText = parts?.number;
  if (parts === undefined || numberText === undefined) return refuse(`${quote(trimmed)} is not an amount`);

  for (const code of [parts.code1, parts.code2]) {
    if (code !== undefined && !isKnownCurrency(code)) return refuse(`${quote(code)} is not a currency code`);
  }

  const number = NUMBER.exec(numberText)?.groups;
  if (number === undefined) {
    return numberText.includes(',')
      ? refuse(`${quote(trimmed)} has commas in the wrong places`)
      : refuse(`${quote(trimmed)} is not an amount`);
  }

  const whole = (number.whole ?? '0').replaceAll(',', '');
  const fraction = (number.fraction ?? number.bareFraction ?? '').replace(/0+$/, '');
  const scale = SCALE[(parts.suffix ?? '').toLowerCase()] ?? 2;
  if (fraction.length > scale) return refuse(`${quote(trimmed)} has more decimal places than cents`);

  const cents = BigInt(whole + fraction.padEnd(scale, '0'));
  if (parts.sign1 !== undefined || parts.sign2 !== undefined) return refuse('amounts must be positive');
  if (cents === 0n) return refuse('amounts must be more than zero');
  if (cents > BigInt(MAX_AMOUNT_CENTS)) return refuse('amounts can be at most 1 billion');
  const marker = parts.code1 ?? parts.code2 ?? parts.symbol1 ?? parts.symbol2;
  return marker === undefined
    ? { ok: true, cents: Number(cents) }
    : { ok: true, cents: Number(cents), currency: marker };
}

/**
 * Whether a currency typed with an amount (`EUR`, `€`, `$`) is the team's: a code must
 * be the team's code, a symbol one Intl shows for it (`$` and `US$` for USD, `CA$` and `$` for CAD).
 */
export function isTeamCurrency(typed: string | undefined, teamCurrency: string): boolean {
  if (typed === undefined) return true;
  const team = teamCurrency.toUpperCase();
  if (/^[a-z]{3}$/i.test(typed)) return typed.toUpperCase() === team;
  return currencySymbols(team).has(typed.toUpperCase());
}

function currencySymbols(currency: string): Set<string> {
  const symbols = new Set<string>();
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    try {
      const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay }).formatToParts(1);
      const symbol = parts.find((part) => part.type === 'currency')?.value;
      if (symbol) symbols.add(symbol.toUpperCase());
    } catch {
      // an unknown code has no symbols
    }
  }
  return symbols;
}

/** Cents per whole currency unit. */
export const CENTS_PER_UNIT = 100;

/**
 * Cents rounded to whole currency units (half away from zero). Cards and DMs show whole units,
 * and the gap math rounds each figure once, here, so the figures it shows add up exactly.
 */
export function roundToUnit(cents: number): number {
  const rounded = Math.sign(cents) * Math.round(Math.abs(cents) / CENTS_PER_UNIT) * CENTS_PER_UNIT;
  return rounded === 0 ? 0 : rounded; // never -0
}

/** How one currency and fraction digits format: by Intl, or by hand where that gives exactly what Intl gives. */
type Formatter = { intl: Intl.NumberFormat; prefix: string | null };

const formatters = new Map<string, Formatter | null>();

/** Values a hand formatter must format exactly as Intl does before it is used: signs, zeros, grouping, fractions. */
const PROBES = [
  0, -0, 1, -1, 0.5, -0.5, 0.05, 9.99, 12.3, 999, 1000, -1000, 1234.5, 12345.67, -24500.5, 1e6, 123456789.1,
];

/** A cached en-US formatter for the currency and fraction digits, or null when Intl refuses the code. */
function currencyFormatter(currency: string, minDigits: number, maxDigits: number): Formatter | null {
  const key = `${currency}|${minDigits}|${maxDigits}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    try {
      const intl = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: minDigits,
        maximumFractionDigits: maxDigits,
      });
      formatter = { intl, prefix: handPrefix(intl, minDigits, maxDigits) };
    } catch {
      formatter = null;
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Intl's formatting costs a few microseconds a number, and a check-in shows a dozen amounts: for en-US, where a
 * currency is a symbol before the number, the number is written by hand. Only when the hand version agrees with
 * Intl on every probe value is it used (its symbol is returned); otherwise null, and Intl formats.
 */
function handPrefix(intl: Intl.NumberFormat, minDigits: number, maxDigits: number): string | null {
  const parts = intl.formatToParts(1);
  if (parts[0]?.type !== 'currency' || parts[1]?.type !== 'integer' || maxDigits > 3) return null;
  const prefix = parts[0].value;
  for (const probe of PROBES) {
    if (byHand(prefix, probe, minDigits, maxDigits) !== intl.format(probe)) return null;
  }
  return prefix;
}

const POWERS = [1, 10, 100, 1000];

/** `-$1,234.5`: en-US grouping, at most `maxDigits` decimals (rounded half away from zero), at least `minDigits`. */
function byHand(prefix: string, units: number, minDigits: number, maxDigits: number): string {
  const power = POWERS[maxDigits] as number;
  const scaled = Math.round(Math.abs(units) * power);
  const negative = units < 0 || Object.is(units, -0);
  let whole = String(Math.floor(scaled / power));
  for (let at = whole.length - 3; at > 0; at -= 3) whole = `${whole.slice(0, at)},${whole.slice(at)}`;
  let fraction = maxDigits === 0 ? '' : String(scaled % power).padStart(maxDigits, '0');
  while (fraction.length > minDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${prefix}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Format `units` in `currency`; for a code Intl rejects, fall back to `CODE 1,234.50` rather than throw. */
function formatUnits(units: number, currency: string, minDigits: number, maxDigits: number): string {
  const formatter = currencyFormatter(currency, minDigits, maxDigits);
  if (formatter !== null) {
    // Beyond 2^53 scaled units the hand version could round differently: Intl then.
    if (formatter.prefix !== null && Math.abs(units) < 1e12)
      return byHand(formatter.prefix, units, minDigits, maxDigits);
    return formatter.intl.format(units);
  }
  const number = units.toLocaleString('en-US', { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
  return `${currency} ${number}`.trim();
}

/**
 * `$120,000` for whole units, `$24,500.50` otherwise, `-$1,200` below zero. Always shows the cents it
 * has, even for currencies Intl formats without minor units (JPY), so parseMoney(formatMoney(c)) === c.
 * A non-finite input formats as '—' rather than throwing.
 */
export function formatMoney(cents: number, currency = 'USD'): string {
  if (!Number.isFinite(cents)) return '—';
  const whole = Math.round(cents);
  const digits = whole % 100 === 0 ? 0 : 2;
  return formatUnits(whole / 100, currency, digits, digits);
}

/** Units per step of the compact form; `b` only matters at the $1bn limit. */
const COMPACT_TIERS = [
  { suffix: '', units: 1 },
  { suffix: 'k', units: 1_000 },
  { suffix: 'm', units: 1_000_000 },
  { suffix: 'b', units: 1_000_000_000 },
] as const;

/**
 * `$950`, `$24.5k`, `$120k`, `$1.2m`: at most one decimal, a trailing `.0` dropped. Values that round
 * up to 1000 of a step move to the next step (`$999,990` is `$1m`, not `$1000k`).
 */
export function formatMoneyCompact(cents: number, currency = 'USD'): string {
  if (!Number.isFinite(cents)) return '—';
  const abs = Math.abs(Math.round(cents));
  const sign = cents < 0 && abs > 0 ? -1 : 1;
  for (const [index, tier] of COMPACT_TIERS.entries()) {
    // Tenths of this tier, counted in whole numbers so rounding happens once.
    const tenths = Math.round(abs / (tier.units * 10));
    if (tenths < 10_000 || index === COMPACT_TIERS.length - 1) {
      return `${formatUnits((sign * tenths) / 10, currency, 0, 1)}${tier.suffix}`;
    }
  }
  return formatMoney(cents, currency); // not reached: the last tier always returns
}
