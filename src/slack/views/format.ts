/** How the coach writes numbers in Slack: money in whole units, shares, multiples, counts. */
import { formatMoney, roundToUnit } from '../../domain/money.js';

/** Money on cards and DMs: whole currency units (exports keep the cents). */
export function wholeMoney(cents: number, currency: string): string {
  return formatMoney(roundToUnit(cents), currency);
}

/** A money formatter for one currency. */
export function moneyIn(currency: string): (cents: number) => string {
  return (cents) => wholeMoney(cents, currency);
}

const BAR_WIDTH = 20;

/** `████░░░░` for a share; full only at 100% and beyond. */
export function progressBar(share: number, width = BAR_WIDTH): string {
  const filled = Math.max(0, Math.min(width, Math.floor(share * width)));
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Whole percent; never "100%" while something is still missing. */
export function percent(share: number): string {
  const whole = Math.round(share * 100);
  return `${whole === 100 && share < 1 ? 99 : whole}%`;
}

/** Coverage above this is shown only as "> 10×" (more precision would be noise). */
export const MULTIPLE_CAP = 10;

/** A multiple with one decimal: "2.5×". */
export function multiple(value: number): string {
  return `${value.toFixed(1)}×`;
}

/**
 * A rep's coverage, rounded down, capped: "0.5×", or "> 10×" (mrkdwn: the `>` escaped so it is not read
 * as a quote). Rounded down and the need rounded up, so a rep who is short never reads "4.0× of the 4.0×".
 */
export function coverageMultiple(value: number): string {
  return value > MULTIPLE_CAP ? `&gt; ${MULTIPLE_CAP}×` : multiple(Math.floor(value * 10 + 1e-9) / 10);
}

/** The coverage a rep needs (1 ÷ win rate), rounded up to one decimal. */
export function needMultiple(value: number): string {
  return multiple(Math.ceil(value * 10 - 1e-9) / 10);
}

/** A win rate: whole percent, but one decimal below 20%, where a point moves the coverage needed a lot. */
export function ratePercent(rate: number): string {
  return rate < 0.2 ? `${(Math.round(rate * 1000) / 10).toFixed(1)}%` : percent(rate);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const ACTIVITY_PLURALS: Record<string, string> = {
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  demo: 'demos',
  proposal: 'proposals',
};

export function activityLabel(activity: string, count: number): string {
  return count === 1 ? activity : (ACTIVITY_PLURALS[activity] ?? `${activity}s`);
}

/** "Globex, Acme and Initech". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
