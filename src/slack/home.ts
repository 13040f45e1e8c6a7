import type { WebClient } from '@slack/web-api';
import { type HomeData, loadHome } from '../coach/home.js';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../db/busy.js';
import { errorMessage } from '../errors.js';
import type { TeamClients } from '../install/oauth.js';
import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { homeCharts, homeImages } from './chart-route.js';
import type { ChartUrls } from './chart-urls.js';
import { type CoachSettings, isManager } from './commands/context.js';
import { type HomeImages, homeView } from './views/home.js';

/**
 * Publishes reps' App Home tabs (views.publish). A refresh after a change runs behind
 * the reply. Per rep, at most one publish runs and at most one more is owed: refreshes
 * asked for meanwhile fold into that one, which shows the latest state. Each workspace's client
 * (its own token when many are installed) is the app's own, with a timeout and few retries
 * (not Bolt's 30-minute retry policy).
 */
export class HomeTabs {
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();
  /** Set in HTTP mode with PUBLIC_URL: Home then shows its charts as images the app serves itself. */
  private chartUrls: ChartUrls | null = null;

  constructor(
    private readonly deps: {
      store: Store;
      settings: CoachSettings;
      logger: JsonLogger;
      clock: () => number;
      clients: TeamClients;
    },
  ) {}

  async publish(teamId: string, userId: string): Promise<void> {
    const { store, settings, clock, clients } = this.deps;
    const client = await clients.clientFor(teamId);
    const rep = await withBusyRetry(() => store.reps.ensureRep(teamId, userId), REQUEST_BUSY_RETRY);
    const data = await loadHome(store, {
      teamId,
      userId,
      now: clock(),
      defaultTimezone: settings.defaultTimezone,
      isManager: isManager({ settings }, rep),
      crmSources: settings.crmSources ?? [],
    });
    const images = await this.images(client, data, teamId, userId);
    await client.views.publish({ user_id: userId, view: homeView(data, images) });
  }

  /** From now on, Home shows its charts at URLs signed by `urls` (the app serves them: chart-route.ts). */
  useChartUrls(urls: ChartUrls): void {
    this.chartUrls = urls;
  }

  /** The Home's chart images, or none (no public URL, or a chart that cannot be built: the text bars stay). */
  private async images(
    client: WebClient,
    data: HomeData,
    teamId: string,
    userId: string,
  ): Promise<HomeImages | undefined> {
    if (!this.chartUrls) return undefined;
    const { store, settings, clock } = this.deps;
    try {
      const charts = await homeCharts({ store, client, defaultTimezone: settings.defaultTimezone }, data, clock());
      return homeImages(charts, this.chartUrls, { teamId, userId });
    } catch (error) {
      this.deps.logger.warn(`Home charts for ${userId} could not be built:`, errorMessage(error));
      return undefined;
    }
  }

  /** Republishes the rep's Home after a change; never throws (a failure is logged). */
  refresh(teamId: string, userId: string): Promise<void> {
    const key = `${teamId}:${userId}`;
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        try {
          await this.publish(teamId, userId);
        } catch (error) {
          this.deps.logger.warn(`Home tab refresh for ${userId} failed:`, errorMessage(error));
        }
      } while (state.again);
      this.running.delete(key);
    })();
    this.running.set(key, state);
    return state.done;
  }

  /** Resolves when no refresh is in flight, or after `timeoutMs` (shutdown must not hang on Slack). */
  async idle(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    const all = (async () => {
      while (this.running.size > 0) await Promise.all([...this.running.values()].map((s) => s.done));
    })();
    if (!Number.isFinite(timeoutMs)) return all;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}
