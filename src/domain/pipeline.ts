/**
 * Open pipeline, sorted into what counts toward the gap and what is shown apart
 * (DESIGN.md, "Pipeline"): stale deals, deals outside the ICP, and deals closing after the period.
 */
import { daysBetween, type LocalDate } from './calendar.js';
import type { IcpFit } from './command.js';
import { roundToUnit } from './money.js';
import type { Period } from './period.js';

/** A deal with no change and no activity on its account for this many days is stale. */
export const STALE_AFTER_DAYS = 30;

export interface OpenDeal {
  id: number;
  accountId: number;
  account: string;
  icp: IcpFit;
  amountCents: number;
  /** The expected close date; null (deals from before close dates existed) means the period's end. */
  closeOn: LocalDate | null;
  /** The later of the deal's last change and the last activity logged on its account. */
  lastTouchedOn: LocalDate;
}

export type StaleReason = 'close-date-passed' | 'idle';

export interface StaleDeal extends OpenDeal {
  reason: StaleReason;
  /** Days since the deal or its account last moved. */
  idleDays: number;
}

export interface PipelinePart<T extends OpenDeal = OpenDeal> {
  deals: T[];
  /** The sum, in whole currency units. */
  cents: number;
}

export interface Pipeline {
  /** Open, not stale, closing this period, on an ICP or not yet classified account: what coverage counts. */
  counted: PipelinePart;
  /** The part of `counted` on accounts whose fit is not set yet. */
  unclassifiedCents: number;
  /** Not stale, ICP or unclassified, closing after this period. */
  later: PipelinePart;
  /** Not stale, on accounts outside the ICP: never counted. */
  nonIcp: PipelinePart;
  stale: PipelinePart<StaleDeal>;
}

/** The deals' amounts added up, then rounded to whole currency units once (as every pipeline figure is). */
export function totalCents(deals: readonly { amountCents: number }[]): number {
  return roundToUnit(deals.reduce((sum, deal) => sum + deal.amountCents, 0));
}

function part<T extends OpenDeal>(deals: T[]): PipelinePart<T> {
  deals.sort((a, b) => b.amountCents - a.amountCents || a.id - b.id);
  return { deals, cents: totalCents(deals) };
}

export function effectiveCloseOn(deal: Pick<OpenDeal, 'closeOn'>, period: Pick<Period, 'end'>): LocalDate {
  return deal.closeOn ?? period.end;
}

/** Stale first (it needs the rep's answer whatever else is true), then outside the ICP, then by close date. */
export function classifyPipeline(deals: readonly OpenDeal[], today: LocalDate, period: Period): Pipeline {
  const counted: OpenDeal[] = [];
  const later: OpenDeal[] = [];
  const nonIcp: OpenDeal[] = [];
  const stale: StaleDeal[] = [];
  for (const deal of deals) {
    const closeOn = effectiveCloseOn(deal, period);
    const idleDays = Math.max(0, daysBetween(deal.lastTouchedOn, today));
    if (closeOn < today) stale.push({ ...deal, reason: 'close-date-passed', idleDays });
    else if (idleDays >= STALE_AFTER_DAYS) stale.push({ ...deal, reason: 'idle', idleDays });
    else if (deal.icp === 'no') nonIcp.push(deal);
    else if (closeOn > period.end) later.push(deal);
    else counted.push(deal);
  }
  const countedPart = part(counted);
  return {
    counted: countedPart,
    unclassifiedCents: totalCents(countedPart.deals.filter((d) => d.icp === 'unknown')),
    later: part(later),
    nonIcp: part(nonIcp),
    stale: part(stale),
  };
}
