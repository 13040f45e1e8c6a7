/**
 * The managers' weekly coaching digest in the scheduler pass: when it is due, for which team and manager, and
 * what it says. The pass (pass.ts) claims, sends and records each one like every other DM, under the key
 * (team, manager, `digest`, ISO week of the weekly slot), so each manager gets it once a week.
 */
import type { WebClient } from '@slack/web-api';
import { teamDigest } from '../coach/digest.js';
import { loadTeamProgress } from '../coach/team.js';
import type { TeamManager } from '../db/managers.js';
import { sendKey } from '../db/sends.js';
import { localDateTime, type Weekday } from '../domain/calendar.js';
import { dueWeeklyPost } from '../domain/due.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import type { Reply } from '../slack/views/blocks.js';
import { digestMessage } from '../slack/views/digest.js';
import type { Store } from '../storage/types.js';
import { type Job, type PassDeps, sendDirect } from './sending.js';

/**
 * The digest is due this long before the team's weekly slot (and through the same 3-hour catch-up window), so
 * it reaches the managers before the public post; a pass at the slot itself, after a restart, sends it too,
 * ahead of the post in the pass's order.
 */
export const DIGEST_LEAD_MINUTES = 5;

/** One manager's digest, due now. */
export interface DueDigest {
  teamId: string;
  manager: TeamManager;
  /** The ISO week of the weekly slot it comes before: the key's local part. */
  week: string;
  key: string;
  message: Reply;
}

/**
 * The digests due at `now`: for every team whose weekly slot is at most DIGEST_LEAD_MINUTES ahead (or passed
 * within the catch-up window), one per manager not yet sent, all with the same message, made from the kept
 * team view. A team with no channel gets them too (a digest is a DM); a team with no rep with a quota, none.
 */
export async function dueDigests(
  input: { store: Store; defaultTimezone: string; managers: readonly string[]; logger: JsonLogger },
  now: number,
): Promise<DueDigest[]> {
  const { store, defaultTimezone } = input;
  const due: DueDigest[] = [];
  for (const team of await store.managers.allTeams()) {
    // The weekly post's due rule, read DIGEST_LEAD_MINUTES ahead: its window, its ISO week.
    const ahead = localDateTime(now + DIGEST_LEAD_MINUTES * 60_000, team.timezone ?? defaultTimezone);
    const slot = dueWeeklyPost({ weeklyDay: team.weeklyDay as Weekday, weeklyMinutes: team.weeklyMinutes }, ahead);
    if (!slot) continue;
    const waiting: { manager: TeamManager; key: string }[] = [];
    for (const manager of await store.managers.teamManagers(team.id, input.managers)) {
      const key = sendKey(team.id, manager.userId, 'digest', slot.week);
      if (!(await settled(store, key))) waiting.push({ manager, key });
    }
    // Once every manager has theirs, the rest of the window reads nothing.
    if (waiting.length === 0) continue;
    let message: Reply;
    try {
      const digest = teamDigest(await loadTeamProgress(store, { teamId: team.id, now, defaultTimezone }));
      if (!digest) continue;
      message = digestMessage(digest);
    } catch (error) {
      // One team's trouble stops neither the other teams' digests nor the pass's other sends.
      input.logger.warn(`Could not make team ${team.id}'s digest; a later pass will try again:`, errorMessage(error));
      continue;
    }
    for (const { manager, key } of waiting) due.push({ teamId: team.id, manager, week: slot.week, key, message });
  }
  return due;
}

/** Sent, or given up for good: nothing more to do this week. */
async function settled(store: Store, key: string): Promise<boolean> {
  const status = (await store.sends.getSend(key))?.status;
  return status === 'sent' || status === 'abandoned';
}

/**
 * The manager's DM channel with the bot: known from their row, else opened (conversations.open, im:write) and
 * kept on their row when they have one (a FOCUS_MANAGERS manager the app never met gets no row made for them).
 */
export async function managerDmChannel(
  client: WebClient,
  store: Store,
  teamId: string,
  manager: TeamManager,
): Promise<string> {
  if (manager.dmChannelId) return manager.dmChannelId;
  const opened = await client.conversations.open({ users: manager.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await store.reps.setDmChannel(teamId, manager.userId, channelId);
  return channelId;
}

/** The managers' weekly digests due now, each a DM job sent like a prompt. */
export async function dueDigestJobs(deps: PassDeps, now: number): Promise<Job[]> {
  const due = await dueDigests({ ...deps, managers: deps.managers ?? [] }, now);
  return due.map((digest: DueDigest) => ({
    kind: 'digest',
    teamId: digest.teamId,
    recipient: digest.manager.userId,
    shownAs: digest.manager.userId,
    period: digest.week,
    key: digest.key,
    send: (pass, claim, job, client) =>
      sendDirect(
        pass,
        client,
        claim,
        job,
        () => managerDmChannel(client, deps.store, digest.teamId, digest.manager),
        async () => digest.message,
      ),
  }));
}
