/**
 * Salesforce records as the import model: an Opportunity as a CrmDeal, a Task or an Event as a CrmActivity, an
 * Account's ICP field as its fit. Pure: a record that cannot be read becomes a CrmSkip with the reason.
 *
 * Salesforce sends datetimes as "2026-01-05T10:00:00.000+0000" (UTC) and dates as "2026-01-05"; a lookup it cannot
 * follow (no owner, no account) comes as null.
 */
import type { CrmAccountFit, CrmActivity, CrmDeal, CrmOwner, CrmSkip } from './model.js';

/** One record of a query's `records`: its fields, `attributes` ({type, url}) and nested lookups. */
export type SalesforceRecord = Record<string, unknown>;

export interface DealContext {
  instanceUrl: string;
  /** The Account field holding the ICP answer, when the operator set one. */
  icpField: string | undefined;
  /** Lower-cased values of that field that mean "in the ICP". */
  icpValues: ReadonlySet<string>;
  /** The org has multiple currencies: each opportunity carries CurrencyIsoCode. */
  multiCurrency: boolean;
}

export type Read<T> = { ok: true; value: T; modifiedAt: string } | { ok: false; skip: CrmSkip };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A Salesforce dateTime as an ISO instant, or null when it is not one. */
export function salesforceInstant(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  // "+0000" has no colon; Date.parse wants "+00:00" to be sure of it on every engine.
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A Salesforce date ("YYYY-MM-DD") kept as it is, or null when it is not a real calendar day. */
export function salesforceDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = DATE.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function lookup(record: SalesforceRecord, relationship: string): SalesforceRecord | null {
  const value = record[relationship];
  return value && typeof value === 'object' ? (value as SalesforceRecord) : null;
}

function owner(record: SalesforceRecord): CrmOwner {
  const user = lookup(record, 'Owner');
  return { email: text(user?.Email), name: text(user?.Name) };
}

function skip(type: string, record: SalesforceRecord, reason: string): { ok: false; skip: CrmSkip } {
  const id = text(record.Id);
  return { ok: false, skip: { ...(id ? { externalId: id } : {}), reason: `Salesforce ${type}: ${reason}` } };
}

/** An Opportunity → a deal. IsClosed && IsWon → won, IsClosed alone → lost, else open. */
export function readOpportunity(record: SalesforceRecord, context: DealContext): Read<CrmDeal> {
  const id = text(record.Id);
  if (!id) return skip('Opportunity', record, 'a record without an Id');
  const modifiedAt = salesforceInstant(record.LastModifiedDate);
  if (!modifiedAt)
    return skip('Opportunity', record, `an unreadable LastModifiedDate (${show(record.LastModifiedDate)})`);
  const createdAt = salesforceInstant(record.CreatedDate);
  if (!createdAt) return skip('Opportunity', record, `an unreadable CreatedDate (${show(record.CreatedDate)})`);
  const closeDate = record.CloseDate == null ? null : salesforceDate(record.CloseDate);
  if (record.CloseDate != null && !closeDate) {
    return skip('Opportunity', record, `an unreadable CloseDate (${show(record.CloseDate)}); expected YYYY-MM-DD`);
  }
  if (record.Amount != null && (typeof record.Amount !== 'number' || !Number.isFinite(record.Amount))) {
    return skip('Opportunity', record, `an Amount that is not a number (${show(record.Amount)})`);
  }
  if (typeof record.IsClosed !== 'boolean' || typeof record.IsWon !== 'boolean') {
    return skip('Opportunity', record, 'no IsClosed/IsWon flags');
  }
  const account = lookup(record, 'Account');
  return {
    ok: true,
    modifiedAt,
    value: {
      externalId: id,
      name: text(record.Name),
      accountName: text(account?.Name),
      // Amount null stays null: the engine skips it with its own reason.
      amountCents: typeof record.Amount === 'number' ? Math.round(record.Amount * 100) : null,
      currency: context.multiCurrency ? (text(record.CurrencyIsoCode)?.toUpperCase() ?? null) : null,
      status: record.IsClosed ? (record.IsWon ? 'won' : 'lost') : 'open',
      stage: text(record.StageName),
      closeDate,
      createdAt,
      owner: owner(record),
      url: `${context.instanceUrl}/lightning/r/Opportunity/${encodeURIComponent(id)}/view`,
    },
  };
}

/**
 * The fit an opportunity's Account records in the ICP field: one of the ICP values → yes, another value → no,
 * empty → none (the answer given in Slack stands). A multi-select picklist ("a;b") fits when any value does.
 */
export function accountFit(record: SalesforceRecord, context: DealContext): CrmAccountFit | null {
  if (!context.icpField) return null;
  const account = lookup(record, 'Account');
  const name = text(account?.Name);
  const value = account?.[context.icpField];
  if (!name || value == null || value === '') return null;
  const values = String(value)
    .split(';')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  if (values.length === 0) return null;
  return { name, icp: values.some((part) => context.icpValues.has(part)) ? 'yes' : 'no' };
}

/**
 * A Task → a call or an email (TaskSubtype Call/Email), when done: an open task is a to-do, not activity yet.
 * Null: a task of another kind, or not done, left out without a word.
 */
export function readTask(record: SalesforceRecord): Read<CrmActivity> | null {
  const kind = record.TaskSubtype === 'Call' ? 'call' : record.TaskSubtype === 'Email' ? 'email' : null;
  if (!kind || record.IsClosed === false) return null;
  const id = text(record.Id);
  if (!id) return skip('Task', record, 'a record without an Id');
  const modifiedAt = salesforceInstant(record.LastModifiedDate);
  if (!modifiedAt) return skip('Task', record, `an unreadable LastModifiedDate (${show(record.LastModifiedDate)})`);
  const occurredAt =
    salesforceInstant(record.CompletedDateTime) ??
    salesforceDate(record.ActivityDate) ??
    salesforceInstant(record.CreatedDate);
  if (!occurredAt) return skip('Task', record, 'no readable CompletedDateTime, ActivityDate or CreatedDate');
  return { ok: true, modifiedAt, value: activity(id, kind, record, occurredAt) };
}

/** An Event → a meeting, on its start (an all-day event on its calendar date, which has no meaningful time). */
export function readEvent(record: SalesforceRecord): Read<CrmActivity> {
  const id = text(record.Id);
  if (!id) return skip('Event', record, 'a record without an Id');
  const modifiedAt = salesforceInstant(record.LastModifiedDate);
  if (!modifiedAt) return skip('Event', record, `an unreadable LastModifiedDate (${show(record.LastModifiedDate)})`);
  const occurredAt =
    record.IsAllDayEvent === true
      ? salesforceDate(record.ActivityDate)
      : (salesforceInstant(record.StartDateTime) ??
        salesforceInstant(record.ActivityDateTime) ??
        salesforceDate(record.ActivityDate));
  if (!occurredAt) return skip('Event', record, 'no readable StartDateTime or ActivityDate');
  return { ok: true, modifiedAt, value: activity(id, 'meeting', record, occurredAt) };
}

function activity(id: string, kind: CrmActivity['kind'], record: SalesforceRecord, occurredAt: string): CrmActivity {
  return { externalId: id, kind, owner: owner(record), accountName: text(lookup(record, 'Account')?.Name), occurredAt };
}

/** A bad value as it came, short, for the reason a manager reads. */
function show(value: unknown): string {
  if (value === undefined || value === null) return 'empty';
  return JSON.stringify(value).slice(0, 40);
}
