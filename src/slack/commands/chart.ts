/**
 * `/focus chart`: the rep's burn-up with its projection and their last 8 weeks of activity by ICP fit, as PNG files
 * in their DM. The reply goes at once; drawing and uploading follow it (they can take longer than Slack waits for
 * a command's answer), and a failure is told to the rep in the DM.
 */
import type { WebClient } from '@slack/web-api';
import { activityMixChart, MIX_WEEKS } from '../../charts/activity-mix.js';
import { repBurnUp } from '../../charts/burn-up.js';
import { repBurnUpInput, repMixInput } from '../../charts/data.js';
import type { RepRow } from '../../db/reps.js';
import type { Store } from '../../storage/types.js';
import { type ChartFile, uploadCharts } from '../charts-upload.js';
import { dmChannelOf } from '../dm.js';
import { type Reply, simpleReply } from '../views/blocks.js';
import type { CommandContext } from './context.js';
import { statusNow } from './status.js';

export async function handleChart(ctx: CommandContext): Promise<Reply> {
  const status = await statusNow(ctx);
  const hasQuota = status.report.quotaCents !== null;
  const files: ChartFile[] = [];
  if (hasQuota) {
    files.push({
      title: `Your burn-up · ${status.period.label}`,
      filename: 'burn-up.png',
      chart: repBurnUp(await repBurnUpInput(ctx.store, status)),
    });
  }
  files.push({
    title: `Your focus mix · last ${MIX_WEEKS} weeks`,
    filename: 'focus-mix.png',
    chart: activityMixChart(await repMixInput(ctx.store, status)),
  });
  void sendToDm(ctx.client, ctx.store, ctx.rep, files);
  if (!hasQuota) {
    return simpleReply(
      `I’m sending your focus mix of the last ${MIX_WEEKS} weeks to our DM: it will be there in a moment.`,
      'No burn-up yet: it needs a quota for your period. Set one with `/focus quota 120k quarter`, then ask again.',
    );
  }
  return simpleReply(
    `I’m sending your burn-up for ${status.period.label} and your focus mix of the last ${MIX_WEEKS} weeks to our DM: they will be there in a moment.`,
  );
}

/** Uploads the charts into the rep's DM; never throws (a failure is said in the DM, if the DM can be reached). */
async function sendToDm(client: WebClient, store: Store, rep: RepRow, files: readonly ChartFile[]): Promise<void> {
  let channelId: string;
  try {
    channelId = await dmChannelOf(client, store, rep);
  } catch {
    // No DM to upload to or to explain in: the reply already went, and there is nowhere else to say it.
    return;
  }
  try {
    await uploadCharts(client, channelId, files, 'Your charts, as of now (ask again any time with `/focus chart`).');
  } catch {
    await client.chat
      .postMessage({
        channel: channelId,
        text: 'Your charts could not be drawn or sent just now. Try `/focus chart` again in a minute.',
      })
      .catch(() => undefined);
  }
}
