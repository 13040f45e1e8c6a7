import type { Db } from '../db/connection.js';
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
}

export async function loadHome(
  db: Db,
  input: { teamId: string; userId: string; now: number; defaultTimezone: string; isManager: boolean },
): Promise<HomeData> {
  const status = loadStatus(db, input);
  const streak = streakOf(db, status.rep, status.clock.local.date);
  const recent = recentWork(db, input.teamId, input.userId, RECENT_ITEMS);
  const openDealCount = openDeals(db, input.teamId, input.userId).length;
  return {
    status,
    streak,
    recent,
    openDealCount,
    isNew: status.report.quotaCents === null && recent.length === 0 && status.plan.length === 0 && streak === 0,
    // The rep's own figures above are read first, in one turn of the event loop; the team's may take several.
    team: input.isManager ? await loadTeamProgress(db, input) : null,
    teamTimezone: status.team.timezone ?? input.defaultTimezone,
  };
}
