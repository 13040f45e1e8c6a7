/**
 * A CRM's dates read in the owner's zone. 'YYYY-MM-DD' is a calendar date, kept as is (Salesforce's CloseDate);
 * an instant with an offset ('2026-03-02T23:30:00Z', Salesforce's '…+0000') becomes the owner's local date, so
 * a deal closed late on the 31st in Los Angeles counts in that month; a time with no offset (a spreadsheet's
 * '2026-03-02 14:30') is read as the owner's wall clock.
 */
import { type LocalDate, localDate, parseLocalDate, zonedTimeToInstant } from '../domain/calendar.js';

export interface ReadDate {
  /** The owner's local date. */
  date: LocalDate;
  /** Epoch ms: the instant itself, or noon of a calendar date in the owner's zone (a day's middle, never its edge). */
  instant: number;
}

const NOON_MINUTES = 12 * 60;

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The local date and instant of a CRM date in `zone`; null when it cannot be read. */
export function readCrmDate(value: string, zone: string): ReadDate | null {
  const text = value.trim();
  if (text.length === 10) {
    const date = parseLocalDate(text);
    return date === null ? null : { date, instant: zonedTimeToInstant(date, NOON_MINUTES, zone) };
  }
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [, day = '', hours = '', minutes = '', seconds = '00', fraction = '', offset] = match;
  const date = parseLocalDate(day);
  const h = Number(hours);
  const m = Number(minutes);
  const s = Number(seconds);
  if (date === null || h > 23 || m > 59 || s > 59) return null;
  const millis = fraction === '' ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  if (offset === undefined) {
    const instant = zonedTimeToInstant(date, h * 60 + m, zone) + s * 1000 + millis;
    return { date, instant };
  }
  const iso = `${day}T${hours}:${minutes}:${seconds}.${String(millis).padStart(3, '0')}${normaliseOffset(offset)}`;
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? null : { date: localDate(instant, zone), instant };
}

/** 'Z', '+00:00' or Salesforce's '+0000', as Date.parse reads it everywhere: 'Z' or '±HH:MM'. */
function normaliseOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}
