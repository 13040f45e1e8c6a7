import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { registerHomeButtons } from './actions/home-buttons.js';
import { registerIcpButtons } from './actions/icp.js';
import { registerPlanCheckboxes } from './actions/plan-done.js';
import { registerQuestionAnswers } from './actions/questions.js';
import { registerFocusCommand } from './commands/focus.js';
import type { SlackDeps } from './deps.js';
import { registerAppHome } from './events/app-home.js';
import { registerEventDedupe } from './events/dedupe.js';
import { registerDmMessages } from './events/dm-message.js';
import { registerUserChange } from './events/user-change.js';
import { registerAccountOptions } from './options/accounts.js';
import { registerSettingsForms } from './submissions/settings.js';
import { registerWorkForms } from './submissions/work.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret?: string;
  /** Set for Socket Mode; HTTP mode otherwise. */
  appToken?: string;
  apiUrl?: string;
  clientOptions?: WebClientOptions;
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
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      logger: deps.logger,
      logLevel,
      clientOptions,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret ?? '',
      logger: deps.logger,
      logLevel,
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthz }],
    });
    app = new App({ token: options.botToken, receiver, logger: deps.logger, logLevel, clientOptions });
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
  registerEventDedupe(app, deps);
  registerFocusCommand(app, deps);
  registerIcpButtons(app, deps);
  registerPlanCheckboxes(app, deps);
  registerQuestionAnswers(app, deps);
  registerDmMessages(app, deps);
  registerAppHome(app, deps);
  registerUserChange(app, deps);
  registerHomeButtons(app, deps);
  registerAccountOptions(app, deps);
  registerWorkForms(app, deps);
  registerSettingsForms(app, deps);

  return {
    app,
    async start(port) {
      const started = (await app.start(port)) as unknown;
      const address = isServer(started) ? started.address() : null;
      return { port: address && typeof address === 'object' ? address.port : null };
    },
    async stop() {
      await app.stop();
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
