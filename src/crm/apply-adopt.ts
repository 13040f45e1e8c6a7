/**
 * A deal typed in Slack before the CRM was connected, and the CRM's record of the same deal, count once: a CRM
 * deal seen for the first time takes over the rep's typed row that can be the same deal (its id stays, so
 * anything pointing at it still does) instead of sitting beside it. The coach's rule is one open deal per
 * account and rep; a won deal typed on the 10th and synced closed on the 12th is one win, not two.
 */
import type { TypedDeal } from '../db/crm-apply.js';
import type { Deal } from '../db/deals.js';
import { daysBetween, type LocalDate } from '../domain/calendar.js';
import type { Store } from '../storage/types.js';

/** How far apart a typed win (or loss) and the CRM's close day can be and still be one deal. */
const ADOPT_CLOSED_WITHIN_DAYS = 31;

/** What the CRM says about the deal it is adding, as applyDeals computed it. */
export interface AdoptingDeal {
  teamId: string;
  userId: string;
  accountId: number;
  status: Deal['status'];
  /** The CRM's close day in the rep's zone (won or lost deals). */
  closedOn: LocalDate | null;
}

/** A typed row the CRM deal takes over, with its account's name for the summary's warning. */
export type Adoptable = TypedDeal;

/**
 * The team's typed deals, read in one query when the batch's first new record asks, then looked up in memory by
 * rep and account. A row taken over leaves the pool (it has a source now); the batch adds no typed rows.
 */
export class TypedDeals {
  private byRepAccount: Promise<Map<string, Adoptable[]>> | undefined;

  constructor(
    private readonly tx: Store,
    private readonly teamId: string,
  ) {}

  /** The typed row `deal` takes over (see adoptableTypedDeal), taken out of the pool; or undefined. */
  async adopt(deal: AdoptingDeal): Promise<Adoptable | undefined> {
    const pool = await this.pool();
    const key = repAccount(deal.userId, deal.accountId);
    const typed = pool.get(key) ?? [];
    const adopted = adoptableTypedDeal(typed, deal);
    if (adopted)
      pool.set(
        key,
        typed.filter((row) => row !== adopted),
      );
    return adopted;
  }

  private pool(): Promise<Map<string, Adoptable[]>> {
    this.byRepAccount ??= this.read();
    return this.byRepAccount;
  }

  private async read(): Promise<Map<string, Adoptable[]>> {
    const pool = new Map<string, Adoptable[]>();
    for (const row of await this.tx.crmApply.typedDeals(this.teamId)) {
      const key = repAccount(row.deal.userId, row.deal.accountId);
      pool.set(key, [...(pool.get(key) ?? []), row]);
    }
    return pool;
  }
}

const repAccount = (userId: string, accountId: number) => `${userId}|${accountId}`;

/**
 * The rep's typed (source null) deal on the account that can be the CRM's deal, or undefined:
 * - an open CRM deal: the rep's newest typed open deal there;
 * - a won or lost one: the typed deal of the same status closed nearest the CRM's close day, within
 *   ADOPT_CLOSED_WITHIN_DAYS; else the newest typed open deal opened by that day (a deal cannot close before
 *   it was an opportunity, and a current opportunity must not be swallowed by a win from years back).
 * A closed match comes before an open one: a rep who typed the win and then a new opportunity on the same
 * account has the win in the CRM's closed deal, and the new opportunity still open.
 */
export function adoptableTypedDeal(typed: readonly Adoptable[], deal: AdoptingDeal): Adoptable | undefined {
  const newestFirst = (a: Adoptable, b: Adoptable) => b.deal.createdAt - a.deal.createdAt || b.deal.id - a.deal.id;
  const open = typed.filter((row) => row.deal.status === 'open').sort(newestFirst);
  if (deal.status === 'open') return open[0];
  const closedOn = deal.closedOn;
  // applyDeals gives every won or lost deal its close day; without one there is nothing to match on.
  if (closedOn === null) return undefined;

  const distance = (row: Adoptable) => Math.abs(daysBetween(row.deal.closedOn ?? closedOn, closedOn));
  const closed = typed
    .filter((row) => row.deal.status === deal.status && row.deal.closedOn !== null)
    .filter((row) => distance(row) <= ADOPT_CLOSED_WITHIN_DAYS)
    .sort((a, b) => distance(a) - distance(b) || newestFirst(a, b));
  return closed[0] ?? open.find((row) => row.deal.openedOn === null || row.deal.openedOn <= closedOn);
}

/** The summary's line for one takeover: the account, the rep's Slack id as is (the CLI prints JSON), the record. */
export function adoptedWarning(adopted: Adoptable, label: string, externalId: string): string {
  return `${adopted.account}: the deal typed in Slack by ${adopted.deal.userId} is now ${label}'s deal ${externalId} (counted once)`;
}
