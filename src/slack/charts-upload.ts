/**
 * Charts into Slack: rendered to PNG (render.ts, loaded on first use: vega and resvg take ~330 ms to load), uploaded
 * with the Web API's files.uploadV2 flow (files.getUploadURLExternal → POST the bytes → files.completeUploadExternal)
 * into a conversation, and shown in messages as image blocks that reference the uploaded file.
 */
import type { ImageBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Chart } from '../charts/theme.js';

/** A chart to upload: what Slack names the file, and the chart with its alt text. */
export interface ChartFile {
  title: string;
  filename: string;
  chart: Chart;
}

/** A chart as uploaded: the file's ID, and the title and alt text it went with. */
export interface UploadedChart {
  fileId: string;
  title: string;
  alt: string;
}

/** Each chart as PNG bytes, in order. */
export async function renderCharts(charts: readonly ChartFile[]): Promise<Buffer[]> {
  const { renderPng } = await import('../charts/render.js');
  const pngs: Buffer[] = [];
  // One at a time: rendering is CPU work, and the process serves requests meanwhile.
  for (const { chart } of charts) pngs.push(await renderPng(chart.spec));
  return pngs;
}

/**
 * Renders the charts and uploads them in one message to `channelId` (a channel, or a rep's DM). The channel is
 * given so its members can see the files: a file only the bot can see cannot be shown in an image block
 * (`invalid_blocks`). Throws when any step fails; nothing is retried here (the caller decides).
 */
export async function uploadCharts(
  client: WebClient,
  channelId: string,
  charts: readonly ChartFile[],
  comment?: string,
): Promise<UploadedChart[]> {
  if (charts.length === 0) return [];
  const pngs = await renderCharts(charts);
  const result = await client.files.uploadV2({
    channel_id: channelId,
    ...(comment ? { initial_comment: comment } : {}),
    file_uploads: charts.map((file, i) => ({
      file: pngs[i] as Buffer,
      filename: file.filename,
      title: file.title,
      alt_text: file.chart.alt,
    })),
  });
  // One completion per channel, each listing its files; matched to the charts by title (unique per upload).
  const completions = (result as { files?: { files?: { id?: string; title?: string }[] }[] }).files ?? [];
  const uploaded = completions.flatMap((completion) => completion.files ?? []);
  return charts.map((file) => {
    const fileId = uploaded.find((f) => f.title === file.title)?.id;
    if (!fileId) throw new Error(`files.completeUploadExternal did not list the file "${file.title}"`);
    return { fileId, title: file.title, alt: file.chart.alt };
  });
}

/** An image block showing an uploaded chart, with its alt text (the same numbers, for screen readers and search). */
export function chartImageBlock(chart: UploadedChart): ImageBlock {
  return {
    type: 'image',
    slack_file: { id: chart.fileId },
    alt_text: chart.alt,
    title: { type: 'plain_text', text: chart.title },
  };
}
