/**
 * A batch's deals written as the CRM has them: one row per (team, source, record id), added, changed or left
 * alone; moved to the rep who owns it now; removed when deleted in the CRM, missing from a complete batch, or
 * no longer applicable (its owner unmapped, another currency, no amount), so no figure rests on a stale record.
 * A record new here takes over the rep's deal typed in Slack that can be the same one (apply-adopt.ts).
 */
import type { NewDeal } from '../db/crm-apply.js';
import type { Deal } from '../db/deals.js';
import { zonedTimeToInstant } from '../domain/calendar.js';
import { adoptedWarning, TypedDeals } from './apply-adopt.js';
import { type ApplyContext, isRefusal, type Refusal } from './apply-context.js';
import { readCrmDate } from './apply-dates.js';
import type { CrmBatch, CrmDeal } from './model.js';

/** The columns a CRM sets; a deal whose columns all match is unchanged. */
type DealColumns = Pick<
  Deal,
  | 'userId'
  | 'accountId'
  | 'amountCents'
  | 'status'
  | 'stage'
  | 'externalUrl'
  | 'openedOn'
  | 'createdAt'
  | 'closeOn'
  | 'closedOn'
  | 'closedAt'
>;

const COMPARED: readonly (keyof DealColumns)[] = [
  'userId',
  'accountId',
  'amountCents',
  'status',
  'stage',
  'externalUrl',
  'openedOn',
  'createdAt',
  'closeOn',
  'closedOn',
  'closedAt',
];

const NOON_MINUTES = 12 * 60;

export async function applyDeals(ctx: ApplyContext, batch: CrmBatch): Promise<void> {
  const { tx, teamId, source, summary } = ctx;
  const existing = new Map(
    (await tx.crmApply.sourceDeals(teamId, source)).map((deal) => [deal.externalId ?? '', deal]),
  );
  const typed = new TypedDeals(tx, teamId);
  const deletedIds = new Set(batch.deletedDealIds);
  // A record listed twice counts as its last copy; one also listed as deleted is deleted.
  const incoming = new Map(batch.deals.filter((d) => !deletedIds.has(d.externalId)).map((d) => [d.externalId, d]));
  // New rows go in together after the records are read, in the order met (ids rise with it): one statement per
  // few hundred deals instead of one each. Nothing below reads a source's rows back before then.
  const added: NewDeal[] = [];
  let wrote = false;
  const remove = async (deal: Deal) => {
    await tx.crmApply.deleteDeal(teamId, deal.id);
    existing.delete(deal.externalId ?? '');
    summary.deals.deleted += 1;
    wrote = true;
  };

  for (const deal of incoming.values()) {
    const prior = existing.get(deal.externalId);
    const columns = await dealColumns(ctx, deal, prior);
    if (isRefusal(columns)) {
      ctx.skip(deal.externalId, columns.reason);
      if (prior && columns.removesPrior) await remove(prior);
      continue;
    }
    const { today, ...values } = columns;
    if (!prior) {
      // New to this source: it takes over the rep's typed row of the same deal, if any (apply-adopt.ts), so the
      // deal counts once. It is still added: new to the CRM's records here.
      const adopted = await typed.adopt({ teamId, ...values });
      const row = { ...values, teamId, source, externalId: deal.externalId, updatedOn: today };
      if (adopted) {
        await tx.crmApply.updateDeal(teamId, adopted.deal.id, row);
        summary.warnings.push(adoptedWarning(adopted, ctx.label, deal.externalId));
      } else {
        added.push(row);
      }
      summary.deals.added += 1;
      wrote = true;
    } else if (COMPARED.some((column) => prior[column] !== values[column])) {
      await tx.crmApply.updateDeal(teamId, prior.id, { ...values, updatedOn: today });
      summary.deals.changed += 1;
      wrote = true;
    } else {
      summary.deals.unchanged += 1;
    }
  }
  if (added.length > 0) await tx.crmApply.insertDeals(added);

  // Records the source could not read may well still exist: a complete batch does not delete them.
  const unread = new Set(batch.skipped.flatMap((skip) => (skip.externalId ? [skip.externalId] : [])));
  const gone = [...existing.values()].filter((deal) => {
    const id = deal.externalId ?? '';
    return deletedIds.has(id) || (batch.complete && !incoming.has(id) && !unread.has(id));
  });
  for (const deal of gone) await remove(deal);

  // Every deal write bumps the team's version, so cached conversion figures are never read stale (db/deals.ts).
  if (wrote) await tx.crmApply.bumpDealsVersion(teamId);
}

/** The deal's row as the CRM has it, in its owner's zone; or why it cannot apply. */
async function dealColumns(
  ctx: ApplyContext,
  deal: CrmDeal,
  prior: Deal | undefined,
): Promise<(DealColumns & { today: string }) | Refusal> {
  const rep = await ctx.ownerRep(deal.owner);
  if (isRefusal(rep)) return rep;
  const amount = deal.amountCents;
  if (amount === null) return { reason: `no amount in ${ctx.label}: the coach counts money`, removesPrior: true };
  if (!Number.isSafeInteger(amount) || amount < 0) {
    return { reason: `amount ${amount / 100} cannot be counted: it must be a sum of 0 or more`, removesPrior: true };
  }
  const teamCurrency = ctx.team.currency.toUpperCase();
  const currency = (deal.currency?.trim() || teamCurrency).toUpperCase();
  if (currency !== teamCurrency) {
    return {
      reason: `in ${currency}; this team counts ${teamCurrency}, and amounts are never converted`,
      removesPrior: true,
    };
  }
  const accountName = deal.accountName?.trim() || deal.name?.trim();
  if (!accountName) return { reason: 'no company and no deal name to file it under', removesPrior: true };
  // An unreadable date is a reading problem, not news about the deal: what was synced before stays.
  const created = readCrmDate(deal.createdAt, rep.zone);
  if (!created) return unreadable('created date', deal.createdAt, prior);
  const close = deal.closeDate === null ? null : readCrmDate(deal.closeDate, rep.zone);
  if (deal.closeDate !== null && !close) return unreadable('close date', deal.closeDate, prior);

  let closedOn: string | null = null;
  let closedAt: number | null = null;
  if (deal.status !== 'open') {
    // A closed deal with no date in the CRM closed when we first saw it closed; later syncs keep that day.
    const kept = close === null && prior?.status === deal.status && prior.closedOn !== null ? prior : null;
    const day = close?.date ?? kept?.closedOn ?? rep.today;
    closedOn = day;
    closedAt = close?.instant ?? kept?.closedAt ?? zonedTimeToInstant(day, NOON_MINUTES, rep.zone);
  }
  // The coach relies on opened_on <= closed_on (a deal is an opportunity before it closes).
  const openedOn = closedOn !== null && created.date > closedOn ? closedOn : created.date;
  return {
    userId: rep.userId,
    accountId: await ctx.accountId(accountName),
    amountCents: amount,
    status: deal.status,
    stage: deal.stage,
    externalUrl: deal.url,
    openedOn,
    createdAt: created.instant,
    closeOn: closedOn ?? close?.date ?? null,
    closedOn,
    closedAt,
    today: rep.today,
  };
}

function unreadable(what: string, value: string, prior: Deal | undefined): Refusal {
  const kept = prior ? '; the deal stays as last synced' : '';
  return {
    reason: `${what} "${value}" cannot be read (use YYYY-MM-DD or an ISO 8601 time)${kept}`,
    removesPrior: false,
  };
}
