/**
 * The weekly post's charts: the team burn-up and attainment by rep, uploaded to the team channel once per post.
 * The upload is a send of its own, claimed under a key beside the post's (team, 'team-charts', weekly, ISO week):
 * a fresh claim uploads and records the files; a retried post reuses them; an upload that may have happened
 * (a crash mid-way) or failed is never tried again, and the post goes with its text bars alone.
 */
import type { WebClient } from '@slack/web-api';
import { attainmentChart } from '../charts/attainment.js';
import { teamBurnUp } from '../charts/burn-up.js';
import { attainmentInput, teamBurnUpInput } from '../charts/data.js';
import type { TeamProgress } from '../coach/team.js';
import { type Claim, sendKey } from '../db/sends.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import { type ChartFile, type UploadedChart, uploadCharts } from '../slack/charts-upload.js';
import type { Store } from '../storage/types.js';

export interface WeeklyChartsDeps {
  store: Store;
  client: WebClient;
  logger: JsonLogger;
  defaultTimezone: string;
  /** The pass's clock (claims are measured on it). */
  clock(): number;
}

/**
 * The recipient in the charts' claim key. Not 'team': the post's own keys (team:team:weekly:…) are read as a
 * range (lastPostedBefore), and 'team-charts' sorts outside it.
 */
const CHARTS_RECIPIENT = 'team-charts';

/**
 * The charts for a weekly post's top message, under the post's claim: none once the top message is out (a retry
 * resuming the thread); uploaded only while the post is known not to be out yet.
 */
export function chartsForWeeklyPost(
  deps: WeeklyChartsDeps,
  claim: Pick<Claim, 'progress' | 'checkFirst' | 'channelId'>,
  input: { teamId: string; week: string; channelId: string; progress: TeamProgress; now: number },
): Promise<UploadedChart[]> {
  if (claim.progress > 0) return Promise.resolve([]);
  // A retry posts where the first attempt did.
  const channelId = claim.channelId ?? input.channelId;
  return weeklyChartImages(deps, { ...input, channelId, mayUpload: !claim.checkFirst });
}

/** The charts' files for this team and week: uploaded now (first time only) or as an earlier attempt recorded them. */
export async function weeklyChartImages(
  deps: WeeklyChartsDeps,
  input: {
    teamId: string;
    week: string;
    channelId: string;
    progress: TeamProgress;
    now: number;
    /** False when the post itself may be out already (it is looked for first): files recorded earlier only. */
    mayUpload: boolean;
  },
): Promise<UploadedChart[]> {
  // No rep with a quota for the team's period: nothing to draw (the post says so in words).
  if (input.progress.totals.repsWithQuota === 0) return [];
  const key = sendKey(input.teamId, CHARTS_RECIPIENT, 'weekly', input.week);
  const sends = deps.store.sends;
  try {
    const earlier = await sends.getSend(key);
    if (earlier?.status === 'sent') return storedCharts(earlier.result);
    if (!input.mayUpload) return [];
    const claim = await sends.claimSend({
      key,
      teamId: input.teamId,
      recipient: CHARTS_RECIPIENT,
      kind: 'weekly',
      now: deps.clock(),
    });
    if (!claim) return [];
    if (claim.attempts > 1) {
      // An earlier attempt began uploading and never recorded the files: they may be in the channel already.
      await sends.markNotPosted(claim, {
        error: 'an earlier upload may have gone out; not uploaded twice',
        final: true,
      });
      return [];
    }
    if (!(await sends.beginPost(claim, { channelId: input.channelId, now: deps.clock() }))) return [];
    try {
      const charts = await chartFiles(deps, input);
      const uploaded = await uploadCharts(deps.client, input.channelId, charts);
      // The files are what this send leaves: their IDs, titles and alt text, for a retried post to show again.
      const result = JSON.stringify(uploaded);
      await sends.markSent(claim, { channelId: input.channelId, messageTs: null, result, now: deps.clock() });
      return uploaded;
    } catch (error) {
      await sends.markNotPosted(claim, { error: errorMessage(error), final: true });
      throw error;
    }
  } catch (error) {
    deps.logger.warn(
      `The weekly post's charts for ${input.teamId} (${input.week}) were not uploaded; it goes with its text bars:`,
      errorMessage(error),
    );
    return [];
  }
}

/** The team burn-up and attainment by rep, the reps named as Slack shows them. */
async function chartFiles(
  deps: WeeklyChartsDeps,
  input: { progress: TeamProgress; now: number },
): Promise<ChartFile[]> {
  const { progress } = input;
  const burnUp = teamBurnUp(
    await teamBurnUpInput(deps.store, progress, { now: input.now, defaultTimezone: deps.defaultTimezone }),
  );
  const counted = progress.reps.filter((rep) => rep.teamStatus !== null).map((rep) => rep.userId);
  const names = await displayNames(deps.client, counted);
  const attainment = attainmentChart(attainmentInput(progress, (userId) => names.get(userId) ?? userId));
  const label = progress.period.label;
  return [
    { title: `Team burn-up · ${label}`, filename: 'team-burn-up.png', chart: burnUp },
    { title: `Attainment by rep · ${label}`, filename: 'attainment-by-rep.png', chart: attainment },
  ];
}

/** Each rep's display name (users.info); a rep Slack does not answer for is labelled with their ID. */
async function displayNames(client: WebClient, userIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    userIds.map(async (userId) => {
      try {
        const { user } = await client.users.info({ user: userId });
        const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name;
        if (name) names.set(userId, name);
      } catch {
        // The bar keeps the ID: a chart with one unnamed bar beats no chart.
      }
    }),
  );
  return names;
}

/** The files an earlier attempt recorded (JSON in the claim's message column); none if unreadable. */
function storedCharts(stored: string | null): UploadedChart[] {
  try {
    const parsed: unknown = JSON.parse(stored ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (c): c is UploadedChart =>
        typeof c?.fileId === 'string' && typeof c?.title === 'string' && typeof c?.alt === 'string',
    );
  } catch {
    return [];
  }
}
