/** The team's weekly post in its channel: the top-level message, then its thread, each part under a key of its own. */
import type { WebClient } from '@slack/web-api';
import { loadTeamProgress } from '../coach/team.js';
import { weeklyLookBack } from '../coach/weekly-recap.js';
import { type Claim, partKey, sendKey } from '../db/sends.js';
import type { Team } from '../db/teams.js';
import { localDateTime, type Weekday } from '../domain/calendar.js';
import { dueWeeklyPost } from '../domain/due.js';
import { postOnce } from '../slack/send.js';
import type { Reply } from '../slack/views/blocks.js';
import { weeklyPost } from '../slack/views/team.js';
import {
  conversationOf,
  type Job,
  lost,
  outcomeBase,
  type Pass,
  type PassDeps,
  readyToPost,
  record,
  type SendOutcome,
  settle,
  settleEarlierAttempt,
} from './sending.js';
import { chartsForWeeklyPost } from './weekly-charts.js';

export async function dueWeeklyPosts(deps: PassDeps, now: number): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const team of await deps.store.teams.teamsWithChannel()) {
    const local = localDateTime(now, team.timezone ?? deps.defaultTimezone);
    const due = dueWeeklyPost({ weeklyDay: team.weeklyDay as Weekday, weeklyMinutes: team.weeklyMinutes }, local);
    if (!due || !team.channelId) continue;
    const channelId = team.channelId;
    jobs.push({
      kind: 'weekly',
      teamId: team.id,
      // Keyed by the team, not the channel: a channel changed after Monday's post gets no second one.
      recipient: WEEKLY_RECIPIENT,
      shownAs: channelId,
      period: due.week,
      key: sendKey(team.id, WEEKLY_RECIPIENT, 'weekly', due.week),
      send: (pass, claim, job, client) => sendWeeklyPost(pass, client, claim, job, team, channelId, now),
    });
  }
  return jobs;
}

/**
 * The top-level post, then its thread, each part under a key of its own; a retry resumes after the parts
 * already posted, and a part that may have posted is looked for before it is posted again.
 */
async function sendWeeklyPost(
  pass: Pass,
  client: WebClient,
  claim: Claim,
  job: Job,
  team: Team,
  channelId: string,
  now: number,
): Promise<SendOutcome> {
  const { deps } = pass;
  const progress = await loadTeamProgress(deps.store, { teamId: team.id, now, defaultTimezone: deps.defaultTimezone });
  const charts = deps.weeklyCharts
    ? await chartsForWeeklyPost({ ...deps, client, clock: pass.clock }, claim, {
        teamId: team.id,
        week: job.period,
        channelId,
        progress,
        now,
      })
    : [];
  const { top, thread } = weeklyPost(
    progress,
    // Every win since the last post, and the recap of a period that ended since (coach/weekly-recap.ts).
    await weeklyLookBack(deps.store, team, {
      now,
      defaultTimezone: deps.defaultTimezone,
      recipient: WEEKLY_RECIPIENT,
      week: job.period,
    }),
    charts,
  );
  // A retry posts into the channel of the first attempt, where its top-level message is.
  const channel = claim.channelId ?? channelId;
  const parts: Reply[] = [top, ...thread];
  let messageTs = claim.messageTs;
  for (let part = claim.progress; part < parts.length; part++) {
    const key = partKey(claim.key, part);
    const threadTs = part === 0 ? null : messageTs;
    if (part === claim.progress && claim.checkFirst) {
      const earlier = await settleEarlierAttempt(pass, client, claim, { channelId: channel, key, threadTs });
      if (earlier === 'unknown')
        return { ...outcomeBase(job), status: 'uncertain', error: 'could not look for an earlier post' };
      if (earlier !== 'post') {
        if (part === 0) messageTs = earlier.found;
        if (
          !(await record(pass, claim, () =>
            deps.store.sends.recordProgress(claim, {
              channelId: channel,
              messageTs: messageTs ?? '',
              parts: part + 1,
            }),
          ))
        ) {
          return lost(job, 'the claim was lost');
        }
        continue;
      }
    }
    if (!(await readyToPost(pass, job, claim, channel)))
      return lost(job, 'stopped, or the claim was lost, before posting');
    const reply = parts[part] as Reply;
    const outcome = await postOnce(
      client,
      { channel, text: reply.text, blocks: reply.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) },
      key,
    );
    if (outcome.result !== 'posted')
      return settle(pass, job, claim, outcome, { channelId: channel, conversation: conversationOf(job) });
    if (part === 0) messageTs = outcome.ts;
    if (part < parts.length - 1) {
      const kept = await record(pass, claim, () =>
        deps.store.sends.recordProgress(claim, {
          channelId: channel,
          messageTs: messageTs ?? outcome.ts,
          parts: part + 1,
        }),
      );
      if (!kept) return lost(job, 'the claim was lost while posting the thread');
      pass.unposted.add(claim);
    }
  }
  return settle(
    pass,
    job,
    claim,
    { result: 'posted', ts: messageTs ?? '' },
    { channelId: channel, conversation: conversationOf(job) },
  );
}

/** The weekly post's recipient in its key: one per team and ISO week, whichever channel it went to. */
const WEEKLY_RECIPIENT = 'team';
