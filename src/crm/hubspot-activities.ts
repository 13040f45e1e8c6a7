/**
 * Calls, emails and meetings as activity: searched by last-modified date like deals (on a full sync, those of
 * the last ACTIVITY_LOOKBACK_DAYS by hs_timestamp), with owner (hubspot_owner_id), company and time
 * (hs_timestamp); deleted ones and canceled meetings as deletions. A token without the scope gets a warning
 * naming it, and the sync goes on without activity.
 * https://developers.hubspot.com/docs/api/crm/calls (hs_timestamp, hubspot_owner_id)
 * https://developers.hubspot.com/docs/api/crm/meetings (hs_timestamp defaults to hs_meeting_start_time)
 * https://developers.hubspot.com/docs/api-reference/latest/crm/activities/calls/guide.md (scope)
 */
import { HUBSPOT_ACTIVITY_SCOPE, type HubSpotApi, HubSpotMissingScopeError } from './hubspot-api.js';
import type { CompanyBook, OwnerBook } from './hubspot-books.js';
import { isSkip, toCrmActivity } from './hubspot-map.js';
import { listPages, type SearchApi, type SearchFilter, searchPages } from './hubspot-paging.js';
import type { CrmActivityKind, CrmBatch } from './model.js';

const DAY_MS = 86_400_000;

interface ActivityObject {
  kind: CrmActivityKind;
  objectType: 'calls' | 'emails' | 'meetings';
  plural: string;
  filters: SearchFilter[];
  properties: string[];
}

const ACTIVITY_OBJECTS: readonly ActivityObject[] = [
  { kind: 'call', objectType: 'calls', plural: 'calls', filters: [], properties: [] },
  // Only emails the rep sent: INCOMING_EMAIL and FORWARDED_EMAIL are not their work.
  {
    kind: 'email',
    objectType: 'emails',
    plural: 'emails',
    filters: [{ propertyName: 'hs_email_direction', operator: 'EQ', value: 'EMAIL' }],
    properties: [],
  },
  { kind: 'meeting', objectType: 'meetings', plural: 'meetings', filters: [], properties: ['hs_meeting_outcome'] },
];

/** Meetings that did not happen: removed if they came in while scheduled. */
const MEETINGS_NOT_HELD = new Set(['CANCELED', 'NO_SHOW']);

export interface ActivityPull {
  hubspot: HubSpotApi;
  owners: OwnerBook;
  companies: CompanyBook;
  batch: CrmBatch;
  onPage: () => Promise<void>;
  /** The cursor less the search lag (ms); null on a full sync. */
  modifiedSince: number | null;
  /** A full sync's earliest activity (ms). */
  fullSyncFrom: number;
  pageSize: number;
  resultCap: number;
}

export function fullSyncActivityStart(now: number, lookbackDays: number): number {
  return now - lookbackDays * DAY_MS;
}

function searchApiFor(hubspot: HubSpotApi, objectType: ActivityObject['objectType']): SearchApi {
  const objects = hubspot.client.crm.objects;
  if (objectType === 'calls') return objects.calls.searchApi;
  if (objectType === 'emails') return objects.emails.searchApi;
  return objects.meetings.searchApi;
}

async function pullOne(pull: ActivityPull, object: ActivityObject): Promise<void> {
  const { hubspot, batch } = pull;
  const scope = HUBSPOT_ACTIVITY_SCOPE;
  const filters =
    pull.modifiedSince === null
      ? [...object.filters, { propertyName: 'hs_timestamp', operator: 'GTE', value: String(pull.fullSyncFrom) }]
      : object.filters;
  const pages = searchPages(hubspot, searchApiFor(hubspot, object.objectType), {
    call: { label: `POST /crm/v3/objects/${object.objectType}/search`, scope, optional: true },
    filters,
    properties: ['hs_timestamp', 'hubspot_owner_id', ...object.properties],
    modifiedSince: pull.modifiedSince,
    pageSize: pull.pageSize,
    resultCap: pull.resultCap,
  });
  for await (const page of pages) {
    const held = page.filter((record) => {
      if (!MEETINGS_NOT_HELD.has(record.properties.hs_meeting_outcome ?? '')) return true;
      batch.deletedActivityIds.push(record.id);
      return false;
    });
    const companies = await pull.companies.forRecords(
      object.objectType,
      held.map(({ id }) => id),
      scope,
      true,
    );
    await pull.owners.ensure(held.map((record) => record.properties.hubspot_owner_id));
    for (const record of held) {
      const activity = toCrmActivity(record, object.kind, {
        owner: (id) => pull.owners.owner(id),
        company: (id) => companies.get(id) ?? null,
      });
      if (isSkip(activity)) batch.skipped.push(activity);
      else batch.activities.push(activity);
    }
    await pull.onPage();
  }
  if (pull.modifiedSince === null) return;
  const basicApi = hubspot.client.crm.objects.basicApi;
  const since = pull.modifiedSince;
  const archived = listPages(
    hubspot,
    { label: `GET /crm/v3/objects/${object.objectType}?archived=true`, scope, optional: true },
    (after) => basicApi.getPage(object.objectType, pull.pageSize, after, undefined, undefined, undefined, true),
  );
  for await (const page of archived) {
    for (const record of page) {
      if ((record.archivedAt?.getTime() ?? 0) >= since) batch.deletedActivityIds.push(record.id);
    }
    await pull.onPage();
  }
}

/** Pulls every kind the token may read; the kinds it may not are named in one warning per missing scope. */
export async function pullActivities(pull: ActivityPull): Promise<void> {
  const blocked = new Map<string, string[]>();
  for (const object of ACTIVITY_OBJECTS) {
    try {
      await pullOne(pull, object);
    } catch (error) {
      if (!(error instanceof HubSpotMissingScopeError)) throw error;
      const scopes = error.scopes.join(' or ');
      blocked.set(scopes, [...(blocked.get(scopes) ?? []), object.plural]);
    }
  }
  for (const [scopes, kinds] of blocked) {
    pull.batch.warnings.push(
      `HubSpot ${kinds.join(', ')} are not synced: HUBSPOT_TOKEN lacks the scope ${scopes}. In HubSpot: Settings → ` +
        `Integrations → Private Apps → <your app> → Scopes: add ${scopes} and commit the change.`,
    );
  }
}
