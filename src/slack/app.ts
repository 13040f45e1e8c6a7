import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPModuleFunctions, HTTPReceiver, type LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Installations } from '../install/installation-store.js';
import type { OAuthReceiverOptions, TeamClients } from '../install/oauth.js';
import { registerUninstallEvents } from '../install/uninstall.js';
import { registerCarryButtons } from './actions/carry.js';
import { registerHomeButtons } from './actions/home-buttons.js';
import { registerIcpButtons } from './actions/icp.js';
import { registerPlanCheckboxes } from './actions/plan-done.js';
import { registerQuestionAnswers } from './actions/questions.js';
import { registerRepCardButtons } from './actions/rep-card.js';
import { registerSameAccountButtons } from './actions/same-account.js';
import { chartRoute } from './chart-route.js';
import { ChartUrls } from './chart-urls.js';
import { isManager } from './commands/context.js';
import { registerFocusCommand } from './commands/focus.js';
import type { SlackDeps } from './deps.js';
import { registerAppHome } from './events/app-home.js';
import { registerEventDedupe } from './events/dedupe.js';
import { registerDmMessages } from './events/dm-message.js';
import { registerUserChange } from './events/user-change.js';
import { BODY_LIMIT_BYTES, guardSlackEvents, type RequestListener, SLACK_EVENTS_PATH } from './http-guard.js';
import { registerIdCheck } from './id-check.js';
import { registerAccountOptions } from './options/accounts.js';
import { SlackRouter } from './router.js';
import { registerSettingsForms } from './submissions/settings.js';
import { registerWorkForms } from './submissions/work.js';

export interface SlackAppOptions {
  /** Single-workspace mode's token; unset in distributed mode (`oauth`). */
  botToken?: string;
  /**
   * Distributed mode (HTTP only): Bolt serves /slack/install and /slack/oauth_redirect and authorizes each request
   * with its workspace's installation (src/install/oauth.ts's oauthReceiverOptions, over `installations`).
   */
  oauth?: { receiver: OAuthReceiverOptions; installations: Installations };
  /** With `oauth`: each workspace's client, for work no request carries one for (the chart route's name lookups). */
  clients?: TeamClients;
  signingSecret?: string;
  /** Set for Socket Mode; HTTP mode otherwise. */
  appToken?: string;
  apiUrl?: string;
  clientOptions?: WebClientOptions;
  /** The app's public address (HTTP mode): Home then shows charts the app serves at signed URLs under it. */
  publicUrl?: string;
}

export interface SlackApp {
  app: App;
  /** Starts listening: HTTP on the port (0 picks a free one), or a Socket Mode connection. */
  start(port: number): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

/**
 * The listeners' Web API client, unless the caller says otherwise. Without these a call to a
 * Slack that never answers waits for fetch's 5-minute limit, retried 10 times over about
 * 30 minutes, holding its listener (and a rep's first profile fetch) all that time.
 * A 429 still waits its Retry-After before each retry.
 */
export const LISTENER_CLIENT_DEFAULTS = {
  timeout: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 1000, maxTimeout: 5000 },
} as const satisfies WebClientOptions;

/** A request must have arrived whole within this long (Slack sends small bodies at once), its headers sooner. */
export const REQUEST_TIMEOUT_MS = 20_000;
const HEADERS_TIMEOUT_MS = 10_000;
const CLOSE_WAIT_MS = 3000;

/** At stop, work already acknowledged (an event is acknowledged before its listener runs) gets this long to finish. */
export const STOP_WAIT_MS = 8000;

/** The Bolt app with every listener registered. Nothing here reads the environment. */
export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackApp {
  const clientOptions: WebClientOptions = {
    ...LISTENER_CLIENT_DEFAULTS,
    ...options.clientOptions,
    ...(options.apiUrl ? { slackApiUrl: withTrailingSlash(options.apiUrl) } : {}),
  };
  const logLevel = deps.logger.getLevel() as LogLevel;
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (options.appToken) {
    if (options.oauth) throw new Error('Installing into many workspaces needs HTTP mode: unset SLACK_APP_TOKEN.');
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      logger: deps.logger,
      logLevel,
      clientOptions,
      convoStore: false,
    });
  } else {
    const charts = chartsOf(options, deps, () => app.client);
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret ?? '',
      // The guard in front (http-guard.ts, the only way in: start() below) checks every POST to this path, the one
      // Bolt takes events on, before Bolt sees it: Bolt's second check of the same signature was 5% of a request.
      endpoints: [SLACK_EVENTS_PATH],
      signatureVerification: false,
      logger: deps.logger,
      logLevel,
      bodyLimit: BODY_LIMIT_BYTES,
      customRoutes: [
        { path: '/healthz', method: ['GET'], handler: healthz },
        ...(charts ? [{ path: '/charts/:kind/:file', method: ['GET'], handler: charts }] : []),
      ],
      ...options.oauth?.receiver,
    });
    // With OAuth, Bolt takes no token: its authorize reads each request's installation.
    const token = options.oauth ? undefined : options.botToken;
    // No conversation store: nothing here reads `context.conversation`, and Bolt's in-memory one makes an Error for
    // every request it has nothing for.
    app = new App({ token, receiver, logger: deps.logger, logLevel, clientOptions, convoStore: false });
  }
  app.error(async (error) => {
    deps.logger.error('Unhandled error in a Slack listener:', error);
  });
  // Every request's listener work, tracked so stop() lets it finish before the database closes.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  registerIdCheck(app, deps);
  registerEventDedupe(app, deps);
  const routes = new SlackRouter();
  registerFocusCommand(routes, deps);
  registerIcpButtons(routes, deps);
  registerPlanCheckboxes(routes, deps);
  registerCarryButtons(routes, deps);
  registerQuestionAnswers(routes, deps);
  registerSameAccountButtons(routes, deps);
  registerDmMessages(routes, deps);
  registerAppHome(routes, deps);
  registerUserChange(routes, deps);
  registerHomeButtons(routes, deps);
  registerRepCardButtons(routes, deps);
  registerAccountOptions(routes, deps);
  registerWorkForms(routes, deps);
  registerSettingsForms(routes, deps);
  if (options.oauth)
    registerUninstallEvents(routes, { installations: options.oauth.installations, logger: deps.logger });
  // Last: after the checks above, each request goes straight to its listener (router.ts).
  app.use(routes.middleware());

  // HTTP mode: our own server, whose guard reads, checks and caps a request before Bolt sees it.
  let server: Server | undefined;
  return {
    app,
    async start(port) {
      if (receiver) {
        const listener = guardSlackEvents(boltListener(receiver, deps.logger), {
          signingSecret: options.signingSecret ?? '',
          logger: deps.logger,
        });
        server = await listen(listener, port);
        return { port: (server.address() as AddressInfo).port };
      }
      const started = (await app.start(port)) as unknown;
      const address = isServer(started) ? started.address() : null;
      return { port: address && typeof address === 'object' ? address.port : null };
    },
    async stop() {
      if (server) await close(server);
      else await app.stop();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_WAIT_MS);
      });
      const drained = (async () => {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      })();
      await Promise.race([drained, deadline]);
      clearTimeout(timer);
    },
  };
}

/**
 * The chart route, with PUBLIC_URL only (Slack cannot fetch an image from an address it does not know); Home's
 * tabs are told the URL maker, so they show the charts as images from now on.
 */
function chartsOf(options: SlackAppOptions, deps: SlackDeps, client: () => App['client']) {
  if (!options.publicUrl || !options.signingSecret) return null;
  const urls = new ChartUrls({ publicUrl: options.publicUrl, secret: options.signingSecret, clock: deps.clock });
  deps.home.useChartUrls(urls);
  return chartRoute(() => ({
    store: deps.store,
    clientFor: (teamId: string) => options.clients?.clientFor(teamId) ?? Promise.resolve(client()),
    defaultTimezone: deps.settings.defaultTimezone,
    urls,
    logger: deps.logger,
    clock: deps.clock,
    isManager: async (owner) => {
      const rep = await deps.store.reps.getRep(owner.teamId, owner.userId);
      return rep !== undefined && isManager({ settings: deps.settings }, rep);
    },
  }));
}

/** Bolt's request handling, answering 404 for a path it does not serve, as its own server does. */
function boltListener(receiver: HTTPReceiver, logger: SlackDeps['logger']): RequestListener {
  return (req, res) => {
    try {
      receiver.requestListener(req, res);
    } catch (error) {
      HTTPModuleFunctions.defaultDispatchErrorHandler({
        error: error as Error,
        logger,
        request: req,
        response: res,
      });
    }
  };
}

async function listen(listener: RequestListener, port: number): Promise<Server> {
  const server = createServer(listener);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/**
 * Stops taking connections. Requests in flight are answered first, for as long as Slack would wait for one
 * (3 s); then any connection still open (a body that never finishes) is cut.
 */
async function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), CLOSE_WAIT_MS);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness only: says nothing about the data or configuration. */
function healthz(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
}

function isServer(value: unknown): value is Server {
  return typeof value === 'object' && value !== null && 'address' in value && typeof value.address === 'function';
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
