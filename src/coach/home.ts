import type { CrmSourceKind } from '../crm/model.js';
import type { Db } from '../db/connection.js';
import { type CrmOverview, crmOverview, hasCrm } from '../db/crm-status.js';
import { openDeals } from '../db/deals.js';
import { type RecentItem, recentWork } from '../db/recent.js';
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
  db: Db,
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
  const status = loadStatus(db, input);
  const streak = streakOf(db, status.rep, status.clock.local.date);
  const recent = recentWork(db, input.teamId, input.userId, RECENT_ITEMS);
  const openDealCount = openDeals(db, input.teamId, input.userId).length;
  const crm = input.isManager ? crmOverview(db, input.teamId, input.crmSources ?? [], input.now) : null;
  return {
    status,
    streak,
    recent,
    openDealCount,
    isNew: status.report.quotaCents === null && recent.length === 0 && status.plan.length === 0 && streak === 0,
    // The rep's own figures above are read first, in one turn of the event loop; the team's may take several.
    team: input.isManager ? await loadTeamProgress(db, input) : null,
    teamTimezone: status.team.timezone ?? input.defaultTimezone,
    crm: crm !== null && hasCrm(crm) ? crm : null,
  };
}
