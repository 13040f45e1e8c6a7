/**
 * HubSpot records → the import model (model.ts). Pure: the sync (hubspot.ts) fetches, this reads.
 *
 * Stage metadata (isClosed 'true'/'false', probability '0.0'…'1.0'):
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide?year=2021
 * Deal→company association types (5: primary, 341: unlabeled): @hubspot/api-client's AssociationTypes.
 */
import { AssociationTypes } from '@hubspot/api-client';
import type { CrmActivity, CrmActivityKind, CrmDeal, CrmOwner, CrmSkip } from './model.js';

/** A CRM object as the search, list and batch-read endpoints return it. */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: Date;
  archivedAt?: Date;
}

export interface HubSpotCompany {
  name: string | null;
  /** The ICP property's value, '' when empty. */
  icpValue: string;
}

export interface StageInfo {
  label: string;
  status: CrmDeal['status'];
}

/** Stages by pipeline id, then stage id. */
export type StageIndex = Map<string, Map<string, StageInfo>>;

/** Closed won: isClosed 'true' and probability 1; closed lost: isClosed 'true' and probability 0; else open. */
export function stageStatus(metadata: Record<string, string> | undefined): CrmDeal['status'] {
  if (metadata?.isClosed !== 'true' || !metadata.probability) return 'open';
  const probability = Number(metadata.probability);
  if (probability === 1) return 'won';
  if (probability === 0) return 'lost';
  return 'open';
}

export function stageIndex(
  pipelines: { id: string; stages: { id: string; label: string; metadata?: Record<string, string> }[] }[],
): StageIndex {
  return new Map(
    pipelines.map((pipeline) => [
      pipeline.id,
      new Map(pipeline.stages.map((stage) => [stage.id, { label: stage.label, status: stageStatus(stage.metadata) }])),
    ]),
  );
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** HubSpot's amount (a decimal string) in whole cents, rounded half up; null when empty. */
export function parseAmountCents(raw: string | null | undefined): { cents: number | null } | { error: string } {
  const text = (raw ?? '').trim();
  if (text === '') return { cents: null };
  const match = DECIMAL.exec(text);
  if (!match?.[1]) {
    const reason = /^-\d/.test(text) ? 'is negative' : 'is not a number';
    return { error: `amount "${text}" ${reason}` };
  }
  // Digits, not floating point: 1.005 must be 101 cents, not 100.
  const fraction = (match[2] ?? '').padEnd(3, '0');
  const cents = Number(match[1]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(cents)) return { error: `amount "${text}" is too large` };
  return { cents };
}

/** The deal's primary company when it has one, else the first associated. */
export function pickCompanyId(
  to: { toObjectId: string | number; associationTypes: { typeId: number }[] }[],
): string | null {
  const primary = to.find(({ associationTypes }) =>
    associationTypes.some(({ typeId }) => typeId === AssociationTypes.primaryDealToCompany),
  );
  const chosen = primary ?? to[0];
  return chosen ? String(chosen.toObjectId) : null;
}

/** 'yes' when the value is one of icpValues, 'no' for another value, null when empty (Slack's answer stands). */
export function icpFit(value: string, icpValues: readonly string[]): 'yes' | 'no' | null {
  const wanted = value.trim().toLowerCase();
  if (wanted === '') return null;
  return icpValues.some((fit) => fit.trim().toLowerCase() === wanted) ? 'yes' : 'no';
}

export function dealUrl(uiDomain: string, portalId: number, dealId: string): string {
  return `https://${uiDomain}/contacts/${portalId}/record/0-3/${dealId}`;
}

/** What a record needs from the rest of the pull to become a deal or an activity. */
export interface RecordContext {
  owner(ownerId: string | null): CrmOwner;
  /** The company the record is with, if any. */
  company(recordId: string): HubSpotCompany | null;
}

export interface DealContext extends RecordContext {
  stages: StageIndex;
  /** The portal's currency, for deals without deal_currency_code (single-currency portals). */
  portalCurrency: string | null;
  url(dealId: string): string;
}

function text(record: HubSpotRecord, property: string): string | null {
  const value = record.properties[property]?.trim();
  return value ? value : null;
}

function stageOf(record: HubSpotRecord, stages: StageIndex): StageInfo | null {
  const stageId = text(record, 'dealstage');
  if (!stageId) return null;
  const pipeline = stages.get(text(record, 'pipeline') ?? 'default');
  // A deal's pipeline property can lag a move; stage ids are unique in the portal, so look everywhere.
  return (
    pipeline?.get(stageId) ?? [...stages.values()].find((inPipeline) => inPipeline.has(stageId))?.get(stageId) ?? null
  );
}

/** A search result as a deal, or the reason it cannot be read. */
export function toCrmDeal(record: HubSpotRecord, context: DealContext): CrmDeal | CrmSkip {
  const name = text(record, 'dealname');
  const label = `HubSpot deal ${name ? `"${name}"` : record.id}`;
  const amount = parseAmountCents(record.properties.amount);
  if ('error' in amount) return { externalId: record.id, reason: `${label}: ${amount.error}; correct it in HubSpot` };
  const stage = stageOf(record, context.stages);
  if (!stage) {
    const stageId = text(record, 'dealstage') ?? 'none';
    return { externalId: record.id, reason: `${label}: stage "${stageId}" is in none of the deal pipelines` };
  }
  const createdAt = text(record, 'createdate') ?? record.createdAt?.toISOString();
  if (!createdAt) return { externalId: record.id, reason: `${label}: no create date` };
  return {
    externalId: record.id,
    name,
    accountName: context.company(record.id)?.name ?? null,
    amountCents: amount.cents,
    currency: text(record, 'deal_currency_code')?.toUpperCase() ?? context.portalCurrency,
    status: stage.status,
    stage: stage.label,
    closeDate: text(record, 'closedate'),
    createdAt,
    owner: context.owner(text(record, 'hubspot_owner_id')),
    url: context.url(record.id),
  };
}

/** A call, email or meeting as activity, or the reason it cannot be read. */
export function toCrmActivity(
  record: HubSpotRecord,
  kind: CrmActivityKind,
  context: RecordContext,
): CrmActivity | CrmSkip {
  const occurredAt = text(record, 'hs_timestamp');
  if (!occurredAt || Number.isNaN(Date.parse(occurredAt))) {
    return { externalId: record.id, reason: `HubSpot ${kind} ${record.id}: no valid activity date (hs_timestamp)` };
  }
  return {
    externalId: record.id,
    kind,
    owner: context.owner(text(record, 'hubspot_owner_id')),
    accountName: context.company(record.id)?.name ?? null,
    occurredAt,
  };
}

export function isSkip<T extends object>(value: T | CrmSkip): value is CrmSkip {
  return 'reason' in value;
}
