/**
 * The import engine: one CrmBatch (from HubSpot, Salesforce or a CSV file) written to the store in one
 * transaction, and a summary of what it added, changed, deleted and skipped, and why. A dry run does all of it
 * and rolls it back, so its summary is exactly what the real run would report.
 */
import { accountKey } from '../domain/account-name.js';
import type { IcpFit } from '../domain/command.js';
import type { Store } from '../storage/types.js';
import { applyActivities } from './apply-activities.js';
import { ApplyContext } from './apply-context.js';
import { applyDeals } from './apply-deals.js';
import { type CrmBatch, type CrmOwner, type CrmSourceKind, emptySummary, type SyncSummary } from './model.js';
import { type OwnerMatch, ownerKey } from './owners.js';

export interface ApplyInput {
  teamId: string;
  source: CrmSourceKind;
  batch: CrmBatch;
  /** Every owner of the batch resolved first (ownersOf, then an OwnerDirectory), keyed by ownerKey. */
  owners: ReadonlyMap<string, OwnerMatch>;
  dryRun: boolean;
  now: number;
  /** The operator's DEFAULT_TIMEZONE: a rep's dates are read in it when neither they nor the team have a zone. */
  defaultTimezone: string;
}

/** Thrown inside a dry run's transaction to roll it back once the summary is made. */
class DryRunRollback extends Error {}

/**
 * Applies the batch in one transaction of the team's (`store` is the root store, or a transaction's, where it is
 * a savepoint); a dry run writes nothing and reports the same. No network call happens inside.
 */
export async function applyBatch(store: Store, input: ApplyInput): Promise<SyncSummary> {
  const summary = emptySummary(input.source, input.dryRun);
  try {
    await store.transaction(
      async (tx) => {
        const ctx = await ApplyContext.open(tx, { ...input, summary });
        summary.skipped.push(...input.batch.skipped);
        summary.warnings.push(...input.batch.warnings);
        await applyDeals(ctx, input.batch);
        await applyActivities(ctx, input.batch);
        summary.accountsFitted = await applyAccountFit(ctx, input.batch);
        ctx.finish();
        if (input.dryRun) throw new DryRunRollback();
      },
      { teamId: input.teamId },
    );
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return summary;
}

/**
 * The CRM's ICP fit on accounts the team has here (with a deal or activity, created by this batch or before);
 * a company with neither is not created. Returns how many times it set or changed a fit. The fits are written
 * together at the end, one statement per value, each account with the last fit the batch gave it.
 */
async function applyAccountFit(ctx: ApplyContext, batch: CrmBatch): Promise<number> {
  const fits = new Map(batch.accounts.map((fit) => [accountKey(fit.name), fit]));
  const last = new Map<number, IcpFit>();
  let fitted = 0;
  for (const fit of fits.values()) {
    const id = await ctx.knownAccountId(fit.name);
    const current = id === undefined ? undefined : await ctx.accountFit(id);
    if (id === undefined || !current || (current.icp === fit.icp && current.icpSource === ctx.source)) continue;
    await ctx.setFit(id, { icp: fit.icp, icpSource: ctx.source });
    last.set(id, fit.icp);
    fitted += 1;
  }
  const byFit = new Map<IcpFit, number[]>();
  for (const [id, icp] of last) byFit.set(icp, [...(byFit.get(icp) ?? []), id]);
  for (const [icp, ids] of byFit) await ctx.tx.crmApply.setAccountsFit(ctx.teamId, ids, { icp, icpSource: ctx.source });
  return fitted;
}

/** The distinct owners of a batch's deals and activities, to resolve (OwnerDirectory) before applying it. */
export function ownersOf(batch: CrmBatch): CrmOwner[] {
  const owners = new Map<string, CrmOwner>();
  for (const record of [...batch.deals, ...batch.activities]) {
    const key = ownerKey(record.owner);
    if (key !== null && !owners.has(key)) owners.set(key, record.owner);
  }
  return [...owners.values()];
}
