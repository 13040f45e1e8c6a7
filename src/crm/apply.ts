/**
 * The import engine: one CrmBatch (from HubSpot, Salesforce or a CSV file) written to the database in one
 * transaction, and a summary of what it added, changed, deleted and skipped, and why. A dry run does all of it
 * and rolls it back, so its summary is exactly what the real run would report.
 */
import { and, eq } from 'drizzle-orm';
import { accountById } from '../db/accounts.js';
import type { Db } from '../db/connection.js';
import { accounts } from '../db/schema.js';
import { accountKey } from '../domain/account-name.js';
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

/** Applies the batch (synchronous, one immediate transaction); a dry run writes nothing and reports the same. */
export function applyBatch(db: Db, input: ApplyInput): SyncSummary {
  const summary = emptySummary(input.source, input.dryRun);
  try {
    db.transaction(
      (tx) => {
        const ctx = new ApplyContext(
          tx,
          input.teamId,
          input.source,
          input.owners,
          input.now,
          input.defaultTimezone,
          summary,
        );
        summary.skipped.push(...input.batch.skipped);
        summary.warnings.push(...input.batch.warnings);
        applyDeals(ctx, input.batch);
        applyActivities(ctx, input.batch);
        summary.accountsFitted = applyAccountFit(ctx, input.batch);
        ctx.finish();
        if (input.dryRun) throw new DryRunRollback();
      },
      { behavior: 'immediate' },
    );
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return summary;
}

/**
 * The CRM's ICP fit on accounts the team has here (with a deal or activity, created by this batch or before);
 * a company with neither is not created. Returns how many accounts it set or changed.
 */
function applyAccountFit(ctx: ApplyContext, batch: CrmBatch): number {
  const fits = new Map(batch.accounts.map((fit) => [accountKey(fit.name), fit]));
  let fitted = 0;
  for (const fit of fits.values()) {
    const id = ctx.knownAccountId(fit.name);
    const account = id === undefined ? undefined : accountById(ctx.tx, ctx.teamId, id);
    if (!account || (account.icp === fit.icp && account.icpSource === ctx.source)) continue;
    ctx.tx
      .update(accounts)
      .set({ icp: fit.icp, icpSource: ctx.source })
      .where(and(eq(accounts.id, account.id), eq(accounts.teamId, ctx.teamId)))
      .run();
    fitted += 1;
  }
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
