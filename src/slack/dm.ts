import type { WebClient } from '@slack/web-api';
import type { RepRow } from '../db/reps.js';
import type { Store } from '../storage/types.js';

/** The rep's DM channel with the bot: cached on the rep, opened (conversations.open, im:write) once. */
export async function dmChannelOf(client: WebClient, store: Store, rep: RepRow): Promise<string> {
  if (rep.dmChannelId) return rep.dmChannelId;
  const opened = await client.conversations.open({ users: rep.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await store.reps.setDmChannel(rep.teamId, rep.userId, channelId);
  return channelId;
}
