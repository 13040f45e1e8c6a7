/**
 * What a pull looks up besides the records themselves, each read once per pull: owners (GET /crm/v3/owners,
 * active first, the deactivated only when a record names one) and companies (associations v4 batch read, then
 * companies batch read with the name and the ICP property).
 * https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
 */
import type { HubSpotApi } from './hubspot-api.js';
import { type HubSpotCompany, icpFit, pickCompanyId } from './hubspot-map.js';
import { listPages } from './hubspot-paging.js';
import type { CrmAccountFit, CrmOwner } from './model.js';

/** Owners per page: the owners API's maximum. */
const OWNERS_PAGE_SIZE = 500;
/** Ids per batch read: the companies batch endpoint takes at most 100. */
const BATCH_SIZE = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export class OwnerBook {
  private readonly owners = new Map<string, CrmOwner>();
  private archivedLoaded = false;

  constructor(
    private readonly hubspot: HubSpotApi,
    private readonly onPage: () => Promise<void>,
  ) {}

  async loadActive(): Promise<void> {
    await this.load(false);
  }

  /** Reads the deactivated owners once, when a record names an owner the active list lacks. */
  async ensure(ownerIds: (string | null | undefined)[]): Promise<void> {
    if (this.archivedLoaded) return;
    if (ownerIds.every((id) => !id || this.owners.has(id))) return;
    this.archivedLoaded = true;
    await this.load(true);
  }

  owner(ownerId: string | null): CrmOwner {
    if (!ownerId) return { email: null, name: null };
    return this.owners.get(ownerId) ?? { email: null, name: `HubSpot owner ${ownerId}` };
  }

  private async load(archived: boolean): Promise<void> {
    const ownersApi = this.hubspot.client.crm.owners.ownersApi;
    const call = { label: `GET /crm/v3/owners${archived ? '?archived=true' : ''}`, scope: 'crm.objects.owners.read' };
    for await (const page of listPages(this.hubspot, call, (after) =>
      ownersApi.getPage(undefined, after, OWNERS_PAGE_SIZE, archived),
    )) {
      for (const owner of page) {
        const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ').trim();
        this.owners.set(String(owner.id), { email: owner.email?.trim() || null, name: name || null });
      }
      await this.onPage();
    }
  }
}

export class CompanyBook {
  private readonly companies = new Map<string, HubSpotCompany>();

  constructor(
    private readonly hubspot: HubSpotApi,
    private readonly icpProperty: string,
    private readonly icpValues: readonly string[],
  ) {}

  /** The company each record is with (by record id), reading what this pull has not read yet. */
  async forRecords(
    fromObjectType: string,
    recordIds: string[],
    scope: string,
    optional = false,
  ): Promise<Map<string, HubSpotCompany>> {
    const batchApi = this.hubspot.client.crm.associations.v4.batchApi;
    const call = { label: `POST /crm/v4/associations/${fromObjectType}/companies/batch/read`, scope, optional };
    const companyOf = new Map<string, string>();
    for (const ids of chunks(recordIds, BATCH_SIZE)) {
      const answer = await this.hubspot.call(call, () =>
        batchApi.getPage(fromObjectType, 'companies', { inputs: ids.map((id) => ({ id })) }),
      );
      // Records without a company are absent from results (or listed under errors): they have none. The
      // client names the body's `from` `_from`.
      for (const { _from: from, to } of answer.results) {
        const companyId = pickCompanyId(to);
        if (companyId) companyOf.set(String(from.id), companyId);
      }
    }
    await this.read([...new Set(companyOf.values())], optional);
    const result = new Map<string, HubSpotCompany>();
    for (const [recordId, companyId] of companyOf) {
      const company = this.companies.get(companyId);
      if (company) result.set(recordId, company);
    }
    return result;
  }

  /** A company a search returned with its properties (the ICP-fit changes of an incremental sync). */
  remember(companyId: string, properties: Record<string, string | null | undefined>): void {
    this.companies.set(companyId, {
      name: properties.name?.trim() || null,
      icpValue: properties[this.icpProperty]?.trim() ?? '',
    });
  }

  /** The ICP fit of every named company this pull read whose property is set; the last of a name wins. */
  fits(): CrmAccountFit[] {
    const byName = new Map<string, CrmAccountFit>();
    for (const { name, icpValue } of this.companies.values()) {
      const icp = icpFit(icpValue, this.icpValues);
      if (name && icp) byName.set(name, { name, icp });
    }
    return [...byName.values()];
  }

  get properties(): string[] {
    return ['name', this.icpProperty];
  }

  private async read(companyIds: string[], optional: boolean): Promise<void> {
    const batchApi = this.hubspot.client.crm.companies.batchApi;
    const call = { label: 'POST /crm/v3/objects/companies/batch/read', scope: 'crm.objects.companies.read', optional };
    const unread = companyIds.filter((id) => !this.companies.has(id));
    for (const ids of chunks(unread, BATCH_SIZE)) {
      const answer = await this.hubspot.call(call, () =>
        batchApi.read({ inputs: ids.map((id) => ({ id })), properties: this.properties, propertiesWithHistory: [] }),
      );
      for (const company of answer.results) this.remember(company.id, company.properties);
    }
  }
}
