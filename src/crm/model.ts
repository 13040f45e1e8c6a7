/**
 * The one import model every CRM source yields (HubSpot, Salesforce, a CSV export): deals, optionally
 * activities and accounts' ICP fit. crm/apply.ts writes a batch; nothing here touches the database or the
 * network.
 */

/** Where a deal or an activity came from. A CSV preset shares its CRM's source, so its record ids agree. */
export type CrmSourceKind = 'hubspot' | 'salesforce' | 'pipedrive' | 'csv';

export const CRM_LABELS: Readonly<Record<CrmSourceKind, string>> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  csv: 'the CSV import',
};

/**
 * A day or an instant as the CRM gave it: 'YYYY-MM-DD' is a calendar date kept as is (Salesforce's CloseDate);
 * anything longer is an ISO 8601 instant, turned into the owner's local date (HubSpot's closedate).
 */
export type CrmDate = string;

/** Who owns a record in the CRM: matched to a Slack member by email, or by full name where an export has no email. */
export interface CrmOwner {
  email: string | null;
  name: string | null;
}

export interface CrmDeal {
  /** The CRM's record id, unique within the source. */
  externalId: string;
  /** The deal's own name in the CRM (used as the account when no company is attached). */
  name: string | null;
  /** The company it is with; null when the CRM has none (crm/apply.ts then uses the deal's name). */
  accountName: string | null;
  /** Whole cents; null when the CRM has no amount (skipped: the coach counts money). */
  amountCents: number | null;
  /** ISO 4217 code; null: the team's currency. A deal in another currency is skipped, never converted. */
  currency: string | null;
  status: 'open' | 'won' | 'lost';
  /** The stage as the CRM names it ("Contract sent", "Closed Won"). */
  stage: string | null;
  /** Open: the expected close date. Won or lost: the day it closed (the CRM's close date). */
  closeDate: CrmDate | null;
  /** When the deal was created in the CRM: the day it became an opportunity. */
  createdAt: CrmDate;
  owner: CrmOwner;
  /** The record's page in the CRM, for "change it there" replies. */
  url: string | null;
}

export type CrmActivityKind = 'call' | 'email' | 'meeting';

export interface CrmActivity {
  externalId: string;
  kind: CrmActivityKind;
  owner: CrmOwner;
  /** The company it was with, when the CRM links one. */
  accountName: string | null;
  /** When it happened: an ISO instant (or a date), counted on the owner's local date. */
  occurredAt: CrmDate;
}

/** An account's fit as the CRM records it; an account whose CRM field is empty is left out (Slack's answer stands). */
export interface CrmAccountFit {
  name: string;
  icp: 'yes' | 'no';
}

/** A record the source could not read, with the reason in words a manager can act on. */
export interface CrmSkip {
  /** The record id, when there was one. */
  externalId?: string;
  /** The CSV line (1 = the header), for imports. */
  line?: number;
  reason: string;
}

/** One pull from a source: everything changed since the cursor, and the cursor to start from next time. */
export interface CrmBatch {
  deals: CrmDeal[];
  /** Deals deleted (HubSpot: archived) in the CRM since the cursor. */
  deletedDealIds: string[];
  activities: CrmActivity[];
  deletedActivityIds: string[];
  accounts: CrmAccountFit[];
  /** Records the source could not read. */
  skipped: CrmSkip[];
  /** Things that did not stop the sync but a manager should know ("no access to calls: add scope …"). */
  warnings: string[];
  /** The high-water mark to pass as `since` next time (ISO instant); null: keep the previous one. */
  cursor: string | null;
  /**
   * True when the batch holds every deal the CRM has (a first sync, or a CSV file of the whole pipeline):
   * a deal of this source the batch does not hold was deleted in the CRM. A CSV import is never complete
   * unless asked (`--complete`), as an export is often filtered.
   */
  complete: boolean;
}

export interface PullOptions {
  /** The cursor from the last successful sync; null: a full sync. */
  since: string | null;
  /** Called after every page, so the caller can renew its lease and stop a run that has lost it. */
  onPage?: () => void | Promise<void>;
  /** How to wait out a 429's Retry-After (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

export interface CrmSource {
  readonly kind: CrmSourceKind;
  pull(options: PullOptions): Promise<CrmBatch>;
}

/**
 * The CRM refused the credential (401, an expired or revoked token, a wrong client secret). `fix` says what
 * the operator has to change, in words fit for the log and for the managers' DM; never the secret itself.
 */
export class CrmAuthError extends Error {
  constructor(
    readonly source: CrmSourceKind,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'CrmAuthError';
  }
}

/** The CRM asked us to wait longer than a sync should sleep: try again after `retryAfterMs`. */
export class CrmRateLimitError extends Error {
  constructor(
    readonly source: CrmSourceKind,
    readonly retryAfterMs: number,
  ) {
    super(`${CRM_LABELS[source]} asked to wait ${Math.ceil(retryAfterMs / 1000)} s (429 Too Many Requests)`);
    this.name = 'CrmRateLimitError';
  }
}

/**
 * How far before its cursor an incremental sync starts reading. A CRM shows a change to its queries a moment
 * late (HubSpot's search index lags; a Salesforce transaction committed late keeps its earlier
 * LastModifiedDate), so a record modified just before the last sync's newest may have been missed by it.
 * Records read twice are applied as unchanged.
 */
export const CRM_LOOK_BACK_MS = 2 * 60 * 1000;

/** The longest a sync sleeps for one 429 before giving the run up and trying again later. */
export const MAX_RETRY_AFTER_SLEEP_MS = 60_000;

/** What one sync or import did, as `cli sync` prints it and `/focus crm` shows it. */
export interface SyncSummary {
  source: CrmSourceKind;
  dryRun: boolean;
  deals: { added: number; changed: number; deleted: number; unchanged: number };
  activities: { added: number; changed: number; deleted: number; unchanged: number };
  /** Accounts whose ICP fit the CRM set or changed. */
  accountsFitted: number;
  /** Every record not applied, and why (unmapped owner, other currency, no amount, malformed). */
  skipped: CrmSkip[];
  /** Owners no Slack member matched, with how many records each holds. */
  unmappedOwners: { owner: string; records: number; reason: string }[];
  warnings: string[];
}

/** A batch holding nothing yet, with `over` set: what a source fills in as it pulls. */
export function emptyBatch(over: Partial<CrmBatch> = {}): CrmBatch {
  return {
    deals: [],
    deletedDealIds: [],
    activities: [],
    deletedActivityIds: [],
    accounts: [],
    skipped: [],
    warnings: [],
    cursor: null,
    complete: false,
    ...over,
  };
}

export function emptySummary(source: CrmSourceKind, dryRun: boolean): SyncSummary {
  return {
    source,
    dryRun,
    deals: { added: 0, changed: 0, deleted: 0, unchanged: 0 },
    activities: { added: 0, changed: 0, deleted: 0, unchanged: 0 },
    accountsFitted: 0,
    skipped: [],
    unmappedOwners: [],
    warnings: [],
  };
}
