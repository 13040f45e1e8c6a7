import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { registerHomeButtons } from './actions/home-buttons.js';
import { registerIcpButtons } from './actions/icp.js';
import { registerPlanCheckboxes } from './actions/plan-done.js';
import { registerFocusCommand } from './commands/focus.js';
import type { SlackDeps } from './deps.js';
import { registerAppHome } from './events/app-home.js';
import { registerEventDedupe } from './events/dedupe.js';
import { registerDmMessages } from './events/dm-message.js';
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

/** The Bolt app with every listener registered. Nothing here reads the environment. */
export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackApp {
  const clientOptions: WebClientOptions = {
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
  registerEventDedupe(app, deps);
  registerFocusCommand(app, deps);
  registerIcpButtons(app, deps);
  registerPlanCheckboxes(app, deps);
  registerDmMessages(app, deps);
  registerAppHome(app, deps);
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
