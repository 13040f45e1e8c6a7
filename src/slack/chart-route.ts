/**
 * The Home tab's charts: which ones a Home shows (as image blocks whose URLs are signed, chart-urls.ts), and the
 * route that draws them when Slack fetches `/charts/<kind>/<token>.png`. A chart is built from the same Home data
 * the tab shows (so it never disagrees with the card beside it), rendered by render.ts (loaded on first use), and
 * kept briefly in memory under its owner, kind and spec: a change in the data is a new spec, so it shows.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImageBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { activityMixChart, MIX_WEEKS } from '../charts/activity-mix.js';
import { attainmentChart } from '../charts/attainment.js';
import { repBurnUp, teamBurnUp } from '../charts/burn-up.js';
import { attainmentInput, repBurnUpInput, repMixInput, teamBurnUpInput } from '../charts/data.js';
import type { Chart } from '../charts/theme.js';
import { type HomeData, loadHome } from '../coach/home.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';
import type { ChartKind, ChartOwner, ChartUrls } from './chart-urls.js';
import type { HomeImages } from './views/home.js';

export interface HomeChart {
  kind: ChartKind;
  title: string;
  chart: Chart;
}

export interface ChartDeps {
  store: Store;
  client: WebClient;
  defaultTimezone: string;
}

const NAME_MAX_AGE_MS = 60 * 60 * 1000;
const names = new Map<string, { name: string; at: number }>();

/** Reps' display names for the attainment bars, from users.info, remembered an hour; the ID when Slack says nothing. */
async function nameOf(client: WebClient, userIds: readonly string[], now: number): Promise<Map<string, string>> {
  await Promise.all(
    userIds.map(async (userId) => {
      const known = names.get(userId);
      if (known && now - known.at < NAME_MAX_AGE_MS) return;
      try {
        const { user } = await client.users.info({ user: userId });
        const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name;
        if (name) names.set(userId, { name, at: now });
      } catch {
        // The bar keeps the ID: a chart with one unnamed bar beats no chart.
      }
    }),
  );
  return new Map(userIds.map((id) => [id, names.get(id)?.name ?? id]));
}

/** The charts a Home shows, built from its data: the rep's (burn-up with a quota, mix), then the team's for a manager. */
export async function homeCharts(deps: ChartDeps, data: HomeData, now: number): Promise<HomeChart[]> {
  const { status, team } = data;
  const charts: HomeChart[] = [];
  if (!data.isNew) {
    if (status.report.quotaCents !== null) {
      const chart = repBurnUp(await repBurnUpInput(deps.store, status));
      charts.push({ kind: 'burn-up', title: `Your burn-up · ${status.period.label}`, chart });
    }
    const mix = activityMixChart(await repMixInput(deps.store, status));
    charts.push({ kind: 'mix', title: `Your focus mix · last ${MIX_WEEKS} weeks`, chart: mix });
  }
  if (team && team.totals.repsWithQuota > 0) {
    const burnUp = teamBurnUp(await teamBurnUpInput(deps.store, team, { now, defaultTimezone: deps.defaultTimezone }));
    charts.push({ kind: 'team-burn-up', title: `Team burn-up · ${team.period.label}`, chart: burnUp });
    const counted = team.reps.filter((rep) => rep.teamStatus !== null).map((rep) => rep.userId);
    const named = await nameOf(deps.client, counted, now);
    const attainment = attainmentChart(attainmentInput(team, (userId) => named.get(userId) ?? userId));
    charts.push({ kind: 'attainment', title: `Attainment by rep · ${team.period.label}`, chart: attainment });
  }
  return charts;
}

/** The image blocks for a Home's charts, each at its signed URL, its alt text carrying the numbers. */
export function homeImages(charts: readonly HomeChart[], urls: ChartUrls, owner: ChartOwner): HomeImages {
  const block = (chart: HomeChart): ImageBlock => ({
    type: 'image',
    image_url: urls.urlFor(chart.kind, owner),
    alt_text: chart.chart.alt,
    title: { type: 'plain_text', text: chart.title },
  });
  const isTeam = (chart: HomeChart) => chart.kind === 'team-burn-up' || chart.kind === 'attainment';
  return { rep: charts.filter((c) => !isTeam(c)).map(block), team: charts.filter(isTeam).map(block) };
}

/** Drawn charts are kept this long (Slack fetches each URL once per publish, then caches it itself). */
const PNG_CACHE_MS = 10 * 60 * 1000;
const PNG_CACHE_MAX = 64;

export interface ChartRouteDeps extends Omit<ChartDeps, 'client'> {
  /** The owner's workspace's client (its own token when many workspaces are installed), for reps' names. */
  clientFor: (teamId: string) => Promise<WebClient>;
  urls: ChartUrls;
  logger: JsonLogger;
  clock: () => number;
  isManager: (owner: ChartOwner) => Promise<boolean>;
}

/** GET /charts/:kind/:file — Bolt's custom route handler (it sets `params`). Anything wrong is a bare 404. */
export function chartRoute(deps: () => ChartRouteDeps | null) {
  const cache = new Map<string, { png: Buffer; at: number }>();
  return (req: IncomingMessage & { params?: Record<string, string | string[]> }, res: ServerResponse): void => {
    void (async () => {
      const route = deps();
      const kind = param(req.params?.kind) as ChartKind;
      const owner = route?.urls.verify(kind, param(req.params?.file)) ?? null;
      if (!route || !owner) {
        notFound(res);
        return;
      }
      try {
        const now = route.clock();
        const data = await loadHome(route.store, {
          ...owner,
          now,
          defaultTimezone: route.defaultTimezone,
          isManager: (kind === 'team-burn-up' || kind === 'attainment') && (await route.isManager(owner)),
        });
        const client = await route.clientFor(owner.teamId);
        const chart = (await homeCharts({ ...route, client }, data, now)).find((c) => c.kind === kind);
        if (!chart) {
          notFound(res);
          return;
        }
        const key = `${owner.teamId}:${owner.userId}:${kind}:${createHash('sha256').update(JSON.stringify(chart.chart.spec)).digest('hex')}`;
        let png = cache.get(key);
        if (!png || now - png.at > PNG_CACHE_MS) {
          const { renderPng } = await import('../charts/render.js');
          png = { png: await renderPng(chart.chart.spec), at: now };
          cache.set(key, png);
          for (const old of cache.keys()) if (cache.size > PNG_CACHE_MAX) cache.delete(old);
        }
        res.writeHead(200, {
          'content-type': 'image/png',
          'content-length': String(png.png.length),
          'cache-control': 'private, max-age=300',
        });
        res.end(png.png);
      } catch (error) {
        route.logger.warn(`A ${kind} chart could not be drawn:`, errorMessage(error));
        if (!res.headersSent) {
          res.writeHead(500, { 'content-length': '0' });
          res.end();
        }
      }
    })();
  };
}

function param(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
  res.end('Not found');
}
