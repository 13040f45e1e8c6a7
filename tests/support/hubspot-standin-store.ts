/**
 * The HubSpot stand-in's data (hubspot-standin.ts serves it): owners, the deal pipelines, companies, deals,
 * calls, emails and meetings, each stamped with the stand-in's own clock when written, as HubSpot stamps
 * hs_lastmodifieddate. Tests change it between syncs.
 *
 * Shapes as published:
 * https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide (owners)
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide?year=2021 (stages' metadata)
 * https://developers.hubspot.com/docs/api-reference/2027-03-beta/account/account-information/get-account-details
 * https://developers.hubspot.com/docs-beta/crm/search (filterGroups, sorts, properties, limit, after)
 */

export type ObjectType = 'deals' | 'companies' | 'calls' | 'emails' | 'meetings';
export const OBJECT_TYPES: readonly ObjectType[] = ['deals', 'companies', 'calls', 'emails', 'meetings'];

export interface StandInOwner {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  /** A deactivated user: listed only with archived=true. */
  archived?: boolean;
}

export interface StandInStage {
  id: string;
  label: string;
  isClosed: boolean;
  probability: number;
}

export interface StandInPipeline {
  id: string;
  label: string;
  stages: StandInStage[];
}

export interface StandInRecord {
  id: string;
  properties: Record<string, string | null>;
  /** Associated companies; for a deal the first is its primary company. */
  companyIds: string[];
  createdAt: string;
  updatedAt: string;
  archivedAt?: string;
}

/** A record to write: its properties and, for deals and activities, its companies. */
export interface RecordInput {
  id?: string;
  properties: Record<string, string | null>;
  companyIds?: string[];
}

export interface HubSpotDataset {
  portalId?: number;
  uiDomain?: string;
  companyCurrency?: string;
  owners?: StandInOwner[];
  pipelines?: StandInPipeline[];
  records?: ({ type: ObjectType } & RecordInput)[];
}

/** HubSpot's default "Sales Pipeline" with its default stages and probabilities. */
export function defaultSalesPipeline(): StandInPipeline {
  const open = (id: string, label: string, probability: number) => ({ id, label, isClosed: false, probability });
  return {
    id: 'default',
    label: 'Sales Pipeline',
    stages: [
      open('appointmentscheduled', 'Appointment Scheduled', 0.2),
      open('qualifiedtobuy', 'Qualified To Buy', 0.4),
      open('presentationscheduled', 'Presentation Scheduled', 0.6),
      open('decisionmakerboughtin', 'Decision Maker Bought-In', 0.8),
      open('contractsent', 'Contract Sent', 0.9),
      { id: 'closedwon', label: 'Closed Won', isClosed: true, probability: 1 },
      { id: 'closedlost', label: 'Closed Lost', isClosed: true, probability: 0 },
    ],
  };
}

export class HubSpotStore {
  portalId: number;
  uiDomain: string;
  companyCurrency: string;
  readonly owners = new Map<string, StandInOwner>();
  readonly pipelines: StandInPipeline[];
  readonly objects = new Map<ObjectType, Map<string, StandInRecord>>(OBJECT_TYPES.map((type) => [type, new Map()]));
  private lastId = 9000;
  now: number;

  /**
   * `now`: the stand-in's clock in ms; every write stamps it. The dataset's records are stamped a second apart,
   * the last one second before `now`.
   */
  constructor(dataset: HubSpotDataset, now: number) {
    this.now = now - (dataset.records?.length ?? 0) * 1000;
    this.portalId = dataset.portalId ?? 4_412_345;
    this.uiDomain = dataset.uiDomain ?? 'app.hubspot.com';
    this.companyCurrency = dataset.companyCurrency ?? 'USD';
    for (const owner of dataset.owners ?? []) this.owners.set(owner.id, owner);
    this.pipelines = dataset.pipelines ?? [defaultSalesPipeline()];
    for (const { type, ...record } of dataset.records ?? []) {
      this.put(type, record);
      this.tick(1000);
    }
  }

  tick(ms: number): void {
    this.now += ms;
  }

  records(type: ObjectType): Map<string, StandInRecord> {
    const records = this.objects.get(type);
    if (!records) throw new Error(`No such object type: ${type}`);
    return records;
  }

  /** Creates or changes a record, stamping hs_lastmodifieddate (and createdate when new) with the clock. */
  put(type: ObjectType, input: RecordInput): StandInRecord {
    const records = this.records(type);
    const id = input.id ?? String(++this.lastId);
    const stamp = new Date(this.now).toISOString();
    const existing = records.get(id);
    const record: StandInRecord = existing ?? {
      id,
      properties: { createdate: stamp, hs_object_id: id },
      companyIds: [],
      createdAt: input.properties.createdate ?? stamp,
      updatedAt: stamp,
    };
    Object.assign(record.properties, input.properties, { hs_lastmodifieddate: stamp });
    if (input.companyIds) record.companyIds = [...input.companyIds];
    record.updatedAt = stamp;
    records.set(id, record);
    return record;
  }

  /** Changes some properties of a record (a stage, an owner, a malformed amount). */
  update(type: ObjectType, id: string, properties: Record<string, string | null>): StandInRecord {
    if (!this.records(type).has(id)) throw new Error(`No ${type} record ${id}`);
    return this.put(type, { id, properties });
  }

  /** Deletes a record as HubSpot does: it is archived, listed only with archived=true. */
  archive(type: ObjectType, id: string): void {
    const record = this.records(type).get(id);
    if (!record) throw new Error(`No ${type} record ${id}`);
    record.archivedAt = new Date(this.now).toISOString();
  }

  live(type: ObjectType): StandInRecord[] {
    return [...this.records(type).values()].filter((record) => !record.archivedAt);
  }

  archived(type: ObjectType): StandInRecord[] {
    return [...this.records(type).values()].filter((record) => record.archivedAt);
  }
}

/** A property value or filter value as something to compare: a number, an instant in ms, or the text. */
function comparable(value: string): number | string {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? value : ms;
}

function compare(a: string, b: string): number {
  const left = comparable(a);
  const right = comparable(b);
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return String(left).localeCompare(String(right));
}

export interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}

function matches(record: StandInRecord, filter: Filter): boolean {
  const actual = record.properties[filter.propertyName];
  const has = actual !== null && actual !== undefined && actual !== '';
  const wanted = filter.value ?? '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && compare(actual, wanted) === 0;
    case 'NEQ':
      return !has || compare(actual, wanted) !== 0;
    case 'IN':
      return has && (filter.values ?? []).some((value) => compare(actual, value) === 0);
    case 'GT':
      return has && compare(actual, wanted) > 0;
    case 'GTE':
      return has && compare(actual, wanted) >= 0;
    case 'LT':
      return has && compare(actual, wanted) < 0;
    case 'LTE':
      return has && compare(actual, wanted) <= 0;
    default:
      throw new Error(`The stand-in does not know the filter operator ${filter.operator}`);
  }
}

/** Filter groups are ORed, the filters of a group ANDed; no group matches everything. */
export function matchesGroups(record: StandInRecord, groups: { filters: Filter[] }[]): boolean {
  return groups.length === 0 || groups.some(({ filters }) => filters.every((filter) => matches(record, filter)));
}

export type Sort = string | { propertyName: string; direction?: 'ASCENDING' | 'DESCENDING' };

/** Sorts by the first sort (ids break ties), or by id when none is given. */
export function sortRecords(records: StandInRecord[], sorts: Sort[]): StandInRecord[] {
  const first = sorts[0];
  const property = typeof first === 'string' ? first : first?.propertyName;
  const sign = typeof first === 'object' && first.direction === 'DESCENDING' ? -1 : 1;
  return [...records].sort((a, b) => {
    const byProperty = property ? compare(a.properties[property] ?? '', b.properties[property] ?? '') * sign : 0;
    return byProperty || Number(a.id) - Number(b.id);
  });
}
