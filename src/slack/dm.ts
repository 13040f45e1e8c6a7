import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/connection.js';
import { type RepRow, setDmChannel } from '../db/reps.js';

/** The rep's DM channel with the bot: cached on the rep, opened (conversations.open, im:write) once. */
export async function dmChannelOf(client: WebClient, db: Db, rep: RepRow): Promise<string> {
  if (rep.dmChannelId) return rep.dmChannelId;
  const opened = await client.conversations.open({ users: rep.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  setDmChannel(db, rep.teamId, rep.userId, channelId);
  return channelId;
}
