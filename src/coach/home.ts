import type { CrmSourceKind } from '../crm/model.js';
import { type CrmOverview, hasCrm } from '../db/crm-status.js';
import type { RecentItem } from '../db/recent.js';
import type { Store } from '../storage/types.js';
import { loadStatus, type Status } from './status.js';
import { streakOf } from './streak.js';
import { loadTeamProgress, type TeamProgress } from './team.js';

/** How many logged items the Home tab lists. */
export const RECENT_ITEMS = 5;

export interface HomeData {
  status: Status;
  streak: number;
  recent: RecentItem[];
  openDealCount: number;
  /** True before the rep has a quota or any logged work: the Home tab walks them through both. */
  isNew: boolean;
  /** The team's progress, for managers only. */
  team: TeamProgress | null;
  /** The zone the team's weekly slot is read in: its own, else the operator's default. */
  teamTimezone: string;
  /** For managers of a team with a CRM (configured, or with runs): its connection, for Home's CRM section. */
  crm?: CrmOverview | null;
}

export async function loadHome(
  store: Store,
  input: {
    teamId: string;
    userId: string;
    now: number;
    defaultTimezone: string;
    isManager: boolean;
    /** The CRMs the operator configured. */
    crmSources?: readonly CrmSourceKind[];
  },
): Promise<HomeData> {
  const status = await loadStatus(store, input);
  const [streak, recent, openDeals, crm] = await Promise.all([
    streakOf(store, status.rep, status.clock.local.date),
    store.recent.recentWork(input.teamId, input.userId, RECENT_ITEMS),
    store.deals.openDeals(input.teamId, input.userId),
    input.isManager ? store.crmStatus.crmOverview(input.teamId, input.crmSources ?? [], input.now) : null,
  ]);
  return {
    status,
    streak,
    recent,
    openDealCount: openDeals.length,
    isNew: status.report.quotaCents === null && recent.length === 0 && status.plan.length === 0 && streak === 0,
    // The rep's own figures above are read first; the team's may take several turns of the event loop.
    team: input.isManager ? await loadTeamProgress(store, input) : null,
    teamTimezone: status.team.timezone ?? input.defaultTimezone,
    crm: crm !== null && hasCrm(crm) ? crm : null,
  };
}
