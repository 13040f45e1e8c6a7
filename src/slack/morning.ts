import { loadStatus } from '../coach/status.js';
import { loadYesterday } from '../coach/yesterday.js';
import type { Store } from '../storage/types.js';
import type { Reply } from './views/blocks.js';
import { checkinMessage } from './views/checkin.js';

/** The morning check-in for a rep at an instant: the gap, yesterday's lesson and unfinished items, and suggestions. */
export async function morningCheckin(store: Store, who: Parameters<typeof loadStatus>[1]): Promise<Reply> {
  const status = await loadStatus(store, who);
  return checkinMessage(status, await loadYesterday(store, who.teamId, who.userId, status.clock.local.date));
}
