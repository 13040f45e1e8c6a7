import type { WebClient } from '@slack/web-api';
import { loadDayReview } from '../coach/daily.js';
import { timezoneOf } from '../coach/rep-context.js';
import { loadStatus } from '../coach/status.js';
import { loadTeamProgress } from '../coach/team.js';
import { getCheckin } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { forgetOldEvents } from '../db/events.js';
import { activeReps, type RepRow, workingDaysOf } from '../db/reps.js';
import {
  claimSends,
  getSend,
  markFailed,
  markSent,
  recordProgress,
  type SendKind,
  type SendRow,
  sendKey,
} from '../db/sends.js';
import { type Team, teamsWithChannel } from '../db/teams.js';
import { type LocalDateTime, localDateTime, type Weekday } from '../domain/calendar.js';
import { type DuePrompt, duePrompts, dueWeeklyPost, REMINDER_AFTER_MINUTES } from '../domain/due.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import { dmChannelOf } from '../slack/dm.js';
import type { Reply } from '../slack/views/blocks.js';
import { checkinMessage, reminderMessage } from '../slack/views/checkin.js';
import { reflectionMessage } from '../slack/views/reflection.js';
import { weeklyPost } from '../slack/views/team.js';

export interface PassDeps {
  db: Db;
  client: WebClient;
  defaultTimezone: string;
  logger: JsonLogger;
  /** Sends in flight at once (Slack's rate limits are per method and workspace). */
  concurrency?: number;
  /** Called after a prompt reaches a rep (the bot refreshes their Home tab). */
  afterSend?: (teamId: string, userId: string) => void;
}

/** One send the pass attempted: what, to whom, for which local date or ISO week, and how it went. */
export interface SendOutcome {
  kind: SendKind;
  team: string;
  recipient: string;
  /** The local date (prompts) or ISO week (weekly post) the send belongs to. */
  period: string;
  status: 'sent' | 'failed';
  error?: string;
}

interface Job {
  kind: SendKind;
  teamId: string;
  recipient: string;
  /** Where it goes, when not the recipient's DM (the weekly post's channel). */
  channelId?: string;
  period: string;
  send(claim: SendRow): Promise<{ channelId: string; messageTs: string }>;
}

/**
 * One scheduler pass at instant `now` (DESIGN.md, "Scheduled coaching"): find what is
 * due, claim each send under its unique key, send it, mark it sent. A failure is
 * recorded and retried by a later pass inside the window; it never stops the others.
 */
export async function runPass(deps: PassDeps, now: number): Promise<SendOutcome[]> {
  const jobs = [...dueRepPrompts(deps, now), ...dueWeeklyPosts(deps, now)];
  // Every send is claimed (and committed) before any goes out; a key claimed elsewhere is skipped.
  const claims = claimSends(
    deps.db,
    jobs.map((job) => ({
      key: sendKey(job.teamId, job.recipient, job.kind, job.period),
      teamId: job.teamId,
      recipient: job.recipient,
      kind: job.kind,
      now,
    })),
  );
  const claimed = jobs.flatMap((job, index) => {
    const claim = claims[index];
    return claim ? [{ job, claim }] : [];
  });
  const outcomes: SendOutcome[] = [];
  await forEachLimited(claimed, deps.concurrency ?? 8, async ({ job, claim }) => {
    outcomes.push(await runJob(deps, job, claim, now));
  });
  forgetOldEvents(deps.db, now);
  return outcomes;
}

/** Slack errors that no retry can fix: the send is given up for good instead of retried all window long. */
const FINAL_ERRORS = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'cannot_dm_bot',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
]);

function isFinal(error: unknown): boolean {
  const code = (error as { data?: { error?: string } }).data?.error;
  return code !== undefined && FINAL_ERRORS.has(code);
}

/** Sends one claimed job and records how it went. Never throws: one job's trouble never stops the pass. */
async function runJob(deps: PassDeps, job: Job, claim: SendRow, now: number): Promise<SendOutcome> {
  const base = { kind: job.kind, team: job.teamId, recipient: job.channelId ?? job.recipient, period: job.period };
  let result: { channelId: string; messageTs: string };
  try {
    result = await job.send(claim);
  } catch (error) {
    const message = errorMessage(error);
    const final = isFinal(error);
    try {
      markFailed(deps.db, claim, message, final);
    } catch (markError) {
      deps.logger.error(`Could not record the failed ${job.kind} for ${job.recipient}:`, errorMessage(markError));
    }
    deps.logger.warn(
      `Scheduled ${job.kind} for ${job.recipient} failed (attempt ${claim.attempts}); ${final ? 'giving up' : 'retrying later'}:`,
      message,
    );
    return { ...base, status: 'failed', error: message };
  }
  try {
    // The message is out. If recording that fails, the row stays pending: its lease keeps any
    // pass from sending it again for 10 minutes, long enough for the database to recover.
    if (!markSent(deps.db, claim, { ...result, now })) {
      deps.logger.warn(`The ${job.kind} for ${job.recipient} went out after its claim had lapsed`);
    }
  } catch (markError) {
    deps.logger.error(`Sent the ${job.kind} for ${job.recipient} but could not record it:`, errorMessage(markError));
  }
  if (job.kind !== 'weekly') deps.afterSend?.(job.teamId, job.recipient);
  return { ...base, status: 'sent' };
}

function scheduleOf(rep: RepRow) {
  return {
    checkinMinutes: rep.checkinMinutes,
    reflectionMinutes: rep.reflectionMinutes,
    workingDays: workingDaysOf(rep),
    pausedUntil: rep.pausedUntil,
    remindersEnabled: rep.remindersEnabled,
  };
}

function dueRepPrompts(deps: PassDeps, now: number): Job[] {
  const clocks = new Map<string, LocalDateTime>();
  const jobs: Job[] = [];
  for (const { rep, team } of activeReps(deps.db)) {
    const tz = timezoneOf(rep, team, deps.defaultTimezone);
    let local = clocks.get(tz);
    if (!local) {
      local = localDateTime(now, tz);
      clocks.set(tz, local);
    }
    for (const due of duePrompts(scheduleOf(rep), local)) {
      if (due.kind === 'reminder' && !reminderWanted(deps.db, rep, due, now)) continue;
      jobs.push({
        kind: due.kind,
        teamId: rep.teamId,
        recipient: rep.userId,
        period: due.date,
        send: () => sendPrompt(deps, { rep, team }, due, now),
      });
    }
  }
  return jobs;
}

/**
 * The reminder follows a check-in that went out at least two hours ago and got no plan.
 * (A check-in sent late, after a restart, may leave no room for one: it is never more than one.)
 */
function reminderWanted(db: Db, rep: RepRow, due: DuePrompt, now: number): boolean {
  const checkin = getSend(db, sendKey(rep.teamId, rep.userId, 'checkin', due.date));
  if (checkin?.status !== 'sent' || checkin.sentAt === null) return false;
  if (now - checkin.sentAt < REMINDER_AFTER_MINUTES * 60_000) return false;
  return (getCheckin(db, rep.teamId, rep.userId, due.date)?.planItems.length ?? 0) === 0;
}

async function sendPrompt(deps: PassDeps, loaded: { rep: RepRow; team: Team }, due: DuePrompt, now: number) {
  const { rep } = loaded;
  const who = { teamId: rep.teamId, userId: rep.userId, now, defaultTimezone: deps.defaultTimezone, loaded };
  const message: Reply =
    due.kind === 'checkin'
      ? checkinMessage(loadStatus(deps.db, who))
      : due.kind === 'reminder'
        ? reminderMessage()
        : reflectionMessage(loadDayReview(deps.db, { ...who, date: due.date }));
  const channelId = await dmChannelOf(deps.client, deps.db, rep);
  const posted = await deps.client.chat.postMessage({ channel: channelId, ...message });
  return { channelId, messageTs: requireTs(posted.ts) };
}

function dueWeeklyPosts(deps: PassDeps, now: number): Job[] {
  const jobs: Job[] = [];
  for (const team of teamsWithChannel(deps.db)) {
    const local = localDateTime(now, team.timezone ?? deps.defaultTimezone);
    const due = dueWeeklyPost({ weeklyDay: team.weeklyDay as Weekday, weeklyMinutes: team.weeklyMinutes }, local);
    if (!due || !team.channelId) continue;
    const channelId = team.channelId;
    jobs.push({
      kind: 'weekly',
      teamId: team.id,
      // Keyed by the team, not the channel: a channel changed after Monday's post gets no second one.
      recipient: WEEKLY_RECIPIENT,
      channelId,
      period: due.week,
      send: (claim) => sendWeeklyPost(deps, team, channelId, claim, now),
    });
  }
  return jobs;
}

/** The top-level post, then its thread; a retry resumes after the parts already posted. */
async function sendWeeklyPost(deps: PassDeps, team: Team, channelId: string, claim: SendRow, now: number) {
  const { top, thread } = weeklyPost(
    loadTeamProgress(deps.db, { teamId: team.id, now, defaultTimezone: deps.defaultTimezone }),
  );
  // A retry posts into the channel of the first attempt, where its top-level message is.
  const channel = claim.channelId ?? channelId;
  let messageTs = claim.messageTs;
  if (!messageTs) {
    const posted = await deps.client.chat.postMessage({ channel, ...top });
    messageTs = requireTs(posted.ts);
    if (!recordProgress(deps.db, claim, { channelId: channel, messageTs, parts: 0 })) throw new ClaimLost();
  }
  for (let part = claim.progress; part < thread.length; part++) {
    const reply = thread[part] as Reply;
    await deps.client.chat.postMessage({ channel, thread_ts: messageTs, ...reply });
    // Each part is recorded under the claim; a claim lost meanwhile (lease over) stops here.
    if (!recordProgress(deps.db, claim, { channelId: channel, messageTs, parts: part + 1 })) throw new ClaimLost();
  }
  return { channelId: channel, messageTs };
}

class ClaimLost extends Error {
  constructor() {
    super('the claim lapsed while posting; another pass took it over');
  }
}

/** The weekly post's recipient in its key: one per team and ISO week, whichever channel it went to. */
const WEEKLY_RECIPIENT = 'team';

function requireTs(ts: string | undefined): string {
  if (!ts) throw new Error('chat.postMessage returned no ts');
  return ts;
}

/** Runs `work` over the items with at most `limit` in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
