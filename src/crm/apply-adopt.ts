/**
 * A deal typed in Slack before the CRM was connected, and the CRM's record of the same deal, count once: a CRM
 * deal seen for the first time takes over the rep's typed row that can be the same deal (its id stays, so
 * anything pointing at it still does) instead of sitting beside it. The coach's rule is one open deal per
 * account and rep; a won deal typed on the 10th and synced closed on the 12th is one win, not two.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import type { Deal } from '../db/deals.js';
import { accounts, deals } from '../db/schema.js';
import { daysBetween, type LocalDate } from '../domain/calendar.js';

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
export interface Adoptable {
  deal: Deal;
  account: string;
}

/**
 * The rep's typed (source null) deal on the account that can be the CRM's deal, or undefined:
 * - an open CRM deal: the rep's newest typed open deal there;
 * - a won or lost one: the typed deal of the same status closed nearest the CRM's close day, within
 *   ADOPT_CLOSED_WITHIN_DAYS; else the newest typed open deal opened by that day (a deal cannot close before
 *   it was an opportunity, and a current opportunity must not be swallowed by a win from years back).
 * A closed match comes before an open one: a rep who typed the win and then a new opportunity on the same
 * account has the win in the CRM's closed deal, and the new opportunity still open.
 */
export function adoptableTypedDeal(tx: Db, deal: AdoptingDeal): Adoptable | undefined {
  const typed = findTyped(tx, deal);
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

function findTyped(tx: Db, deal: AdoptingDeal): Adoptable[] {
  return tx
    .select({ deal: deals, account: accounts.name })
    .from(deals)
    .innerJoin(accounts, eq(accounts.id, deals.accountId))
    .where(
      and(
        eq(deals.teamId, deal.teamId),
        eq(deals.userId, deal.userId),
        eq(deals.accountId, deal.accountId),
        isNull(deals.source),
      ),
    )
    .all();
}
