import { loadStatus } from '../coach/status.js';
import { loadYesterday } from '../coach/yesterday.js';
import type { Db } from '../db/connection.js';
import type { Reply } from './views/blocks.js';
import { checkinMessage } from './views/checkin.js';

/** The morning check-in for a rep at an instant: the gap, yesterday's lesson and unfinished items, and suggestions. */
export function morningCheckin(db: Db, who: Parameters<typeof loadStatus>[1]): Reply {
  const status = loadStatus(db, who);
  return checkinMessage(status, loadYesterday(db, who.teamId, who.userId, status.clock.local.date));
}
