/**
 * What the HubSpot stand-in (hubspot-standin.ts) answers to each endpoint, from its store, in the published
 * shapes (see hubspot-standin.ts for the pages).
 */
import type { LocalAnswer } from '../../src/playground/local-http.js';
import {
  type Filter,
  type HubSpotStore,
  matchesGroups,
  OBJECT_TYPES,
  type ObjectType,
  type Sort,
  type StandInRecord,
  sortRecords,
} from './hubspot-standin-store.js';

export interface RouteLimits {
  /** The largest page served, whatever `limit` asks. */
  maxPageSize: number;
  /** Results one search query may page through. */
  searchCap: number;
}

export const CORRELATION_ID = '7d6c1d4e-1b1a-4c55-9a3e-0f3a5d6b7c8d';

export function error(
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
): LocalAnswer {
  return { status, body: { status: 'error', message, correlationId: CORRELATION_ID, category, ...extra } };
}

function recordView(record: StandInRecord, properties: string[] | undefined) {
  const names = properties?.length ? properties : ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];
  return {
    id: record.id,
    properties: Object.fromEntries(names.map((name) => [name, record.properties[name] ?? null])),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: Boolean(record.archivedAt),
    ...(record.archivedAt ? { archivedAt: record.archivedAt } : {}),
  };
}

function page<T>(items: T[], after: string | undefined, limit: number) {
  const offset = Number(after ?? 0);
  const next = offset + limit;
  return {
    results: items.slice(offset, next),
    ...(next < items.length ? { paging: { next: { after: String(next), link: '' } } } : {}),
  };
}

/** The association type ids HubSpot defines toward companies (@hubspot/api-client's AssociationTypes). */
const TO_COMPANY_TYPE: Record<ObjectType, number> = {
  deals: 341,
  calls: 182,
  emails: 186,
  meetings: 188,
  companies: 0,
};
const PRIMARY_DEAL_TO_COMPANY = 5;

function associations(store: HubSpotStore, from: ObjectType, ids: string[]) {
  const results = ids.flatMap((id) => {
    const record = store.records(from).get(id);
    if (!record || record.archivedAt || record.companyIds.length === 0) return [];
    const to = record.companyIds.map((companyId, index) => ({
      toObjectId: Number(companyId),
      associationTypes: [
        ...(from === 'deals' && index === 0
          ? [{ category: 'HUBSPOT_DEFINED', typeId: PRIMARY_DEAL_TO_COMPANY, label: 'Primary' }]
          : []),
        { category: 'HUBSPOT_DEFINED', typeId: TO_COMPANY_TYPE[from], label: null },
      ],
    }));
    return [{ from: { id }, to }];
  });
  const now = new Date(store.now).toISOString();
  return { status: 'COMPLETE', results, startedAt: now, completedAt: now };
}

export function route(
  store: HubSpotStore,
  limits: RouteLimits,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Record<string, unknown>,
): LocalAnswer {
  const limit = (asked: unknown) => Math.min(Number(asked ?? 10) || 10, limits.maxPageSize);
  if (method === 'GET' && path === '/account-info/v3/details') {
    return {
      body: {
        portalId: store.portalId,
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: store.companyCurrency,
        additionalCurrencies: [],
        utcOffset: '-05:00',
        utcOffsetMilliseconds: -18_000_000,
        uiDomain: store.uiDomain,
        dataHostingLocation: 'na1',
      },
    };
  }
  if (method === 'GET' && path === '/crm/v3/pipelines/deals') {
    const stamp = new Date(0).toISOString();
    const results = store.pipelines.map((pipeline, order) => ({
      id: pipeline.id,
      label: pipeline.label,
      displayOrder: order,
      archived: false,
      createdAt: stamp,
      updatedAt: stamp,
      stages: pipeline.stages.map((stage, stageOrder) => ({
        id: stage.id,
        label: stage.label,
        displayOrder: stageOrder,
        metadata: { isClosed: String(stage.isClosed), probability: stage.probability.toFixed(1) },
        archived: false,
        createdAt: stamp,
        updatedAt: stamp,
        writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      })),
    }));
    return { body: { results } };
  }
  if (method === 'GET' && path === '/crm/v3/owners') {
    const archived = query.get('archived') === 'true';
    const owners = [...store.owners.values()]
      .filter((owner) => Boolean(owner.archived) === archived)
      .map((owner, index) => ({
        id: owner.id,
        email: owner.email ?? undefined,
        type: 'PERSON',
        firstName: owner.firstName,
        lastName: owner.lastName,
        userId: 9_000_000 + index,
        userIdIncludingInactive: 9_000_000 + index,
        createdAt: '2024-01-15T10:00:00.000Z',
        updatedAt: '2024-01-15T10:00:00.000Z',
        archived,
      }));
    return { body: page(owners, query.get('after') ?? undefined, limit(query.get('limit') ?? 100)) };
  }
  const objectPath = /^\/crm\/v3\/objects\/(\w+)(\/search|\/batch\/read)?$/.exec(path);
  const type = objectPath?.[1] as ObjectType | undefined;
  if (objectPath && type && OBJECT_TYPES.includes(type)) {
    const action = objectPath[2];
    if (method === 'POST' && action === '/search') {
      const size = limit(body.limit);
      const offset = Number(body.after ?? 0);
      if (offset >= limits.searchCap) {
        return error(400, 'VALIDATION_ERROR', 'There was a problem with the request.');
      }
      const groups = (body.filterGroups as { filters: Filter[] }[] | undefined) ?? [];
      const rows = sortRecords(
        store.live(type).filter((record) => matchesGroups(record, groups)),
        (body.sorts as Sort[] | undefined) ?? [],
      );
      const properties = body.properties as string[] | undefined;
      const served = page(rows, String(offset), size);
      return {
        body: { total: rows.length, ...served, results: served.results.map((row) => recordView(row, properties)) },
      };
    }
    if (method === 'POST' && action === '/batch/read') {
      const ids = ((body.inputs as { id: string }[] | undefined) ?? []).map(({ id }) => String(id));
      const properties = body.properties as string[] | undefined;
      const found = ids.flatMap((id) => {
        const record = store.records(type).get(id);
        return record && !record.archivedAt ? [recordView(record, properties)] : [];
      });
      const now = new Date(store.now).toISOString();
      return { body: { status: 'COMPLETE', results: found, startedAt: now, completedAt: now } };
    }
    if (method === 'GET' && !action) {
      const archived = query.get('archived') === 'true';
      const rows = sortRecords(archived ? store.archived(type) : store.live(type), []);
      const properties = query.get('properties')?.split(',');
      const served = page(rows, query.get('after') ?? undefined, limit(query.get('limit')));
      return { body: { ...served, results: served.results.map((row) => recordView(row, properties)) } };
    }
  }
  const association = /^\/crm\/v4\/associations\/(\w+)\/companies\/batch\/read$/.exec(path);
  const from = association?.[1] as ObjectType | undefined;
  if (method === 'POST' && from && OBJECT_TYPES.includes(from)) {
    const ids = ((body.inputs as { id: string }[] | undefined) ?? []).map(({ id }) => String(id));
    return { body: associations(store, from, ids) };
  }
  return error(404, 'OBJECT_NOT_FOUND', `The stand-in does not serve ${method} ${path}`);
}
