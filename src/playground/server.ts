/**
 * npm run playground: the real app (same handlers, database code and scheduler pass) wired
 * to a local workspace, and a page on localhost to use it without Slack. The page's
 * actions become the signed payloads Slack would send; what the app sends back to the
 * stand-in Web API is what the page shows.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { openStorage } from '../db/connection.js';
import { seedTeam } from '../db/seed.js';
import { setTeamChannel } from '../db/teams.js';
import { singleWorkspaceClients } from '../install/oauth.js';
import { JsonLogger } from '../logger.js';
import { createSlackApp, LISTENER_CLIENT_DEFAULTS } from '../slack/app.js';
import { HomeTabs } from '../slack/home.js';
import { Profiles } from '../slack/profiles.js';
import { sqliteStore } from '../storage/sqlite.js';
import { createRoutes, type Route, type Running, TEAM } from './routes.js';
import { conversationPath, keepConversation } from './saved.js';
import { PassRunner, PlaygroundClock, startTicking } from './ticker.js';
import { LocalWorkspace, type Person } from './workspace.js';

/** A port free on loopback now (the app is started on it at once). */
async function freeLocalPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolveListen) => probe.listen(0, '127.0.0.1', resolveListen));
  const address = probe.address();
  await new Promise<void>((resolveClose) => probe.close(() => resolveClose()));
  if (address === null || typeof address !== 'object') throw new Error('No free port on 127.0.0.1');
  return address.port;
}

const PUBLIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'public');
const MANAGER: Person = {
  id: 'UMGR0001',
  name: 'Morgan Blake (manager)',
  tz: 'America/New_York',
  isAdmin: false,
  email: 'morgan@demo.example',
};
// Full names and emails as a CRM knows its deal owners: the CRM sample (crm-sample.ts) maps to them.
const REPS: Person[] = [
  { id: 'UDEMO0001', name: 'Dana Reyes', tz: 'America/Los_Angeles', email: 'dana@demo.example' },
  { id: 'UDEMO0002', name: 'Priya Shah', tz: 'Asia/Kolkata', email: 'priya@demo.example' },
  { id: 'UDEMO0003', name: 'Sam Okafor', tz: 'America/New_York', email: 'sam@demo.example' },
  { id: 'UDEMO0004', name: 'Lee Chen', tz: 'Europe/London', email: 'lee@demo.example' },
];
const DEFAULT_TIMEZONE = 'America/New_York';

export interface Playground {
  url: string;
  /** The local workspace's Web API: `cli tick`, `cli sync` and `cli import` reach the playground's people there. */
  slackApiUrl: string;
  stop(): Promise<void>;
}

export async function startPlayground(options: {
  port: number;
  databasePath: string;
  log?: boolean;
}): Promise<Playground> {
  const secret = randomBytes(16).toString('hex');
  const workspace = await new LocalWorkspace().start();
  for (const person of [...REPS, MANAGER]) workspace.people.set(person.id, person);
  // The DMs, posts and Homes of the last run, unless the database (the app's side of them) is gone.
  if (!existsSync(options.databasePath)) rmSync(conversationPath(options.databasePath), { force: true });
  const saved = keepConversation(workspace, conversationPath(options.databasePath));
  const clock = new PlaygroundClock();
  const logger = new JsonLogger(LogLevel.WARN, {
    secrets: [secret],
    sink: options.log === false ? () => {} : undefined,
  });
  const client = new WebClient('xoxb-playground', {
    slackApiUrl: workspace.apiUrl,
    retryConfig: { retries: 0 },
    timeout: LISTENER_CLIENT_DEFAULTS.timeout,
  });

  const boot = async (): Promise<Running> => {
    const fresh = !existsSync(options.databasePath);
    const storage = openStorage(options.databasePath);
    if (fresh) {
      seedTeam(storage.sqlite, {
        teamId: TEAM,
        reps: REPS.length,
        days: 60,
        now: clock.now,
        userPrefix: 'UDEMO',
        timezones: REPS.map((r) => r.tz),
      });
      setTeamChannel(storage.db, TEAM, 'C0SALES');
    }
    const settings = { defaultTimezone: DEFAULT_TIMEZONE, managers: [MANAGER.id] };
    const now = () => clock.now;
    const store = sqliteStore(storage);
    const home = new HomeTabs({ store, settings, logger, clock: now, clients: singleWorkspaceClients(client) });
    // The app serves Home's chart images itself, as with PUBLIC_URL in production: here at its own local address.
    const appPort = await freeLocalPort();
    const slack = createSlackApp(
      {
        botToken: 'xoxb-playground',
        signingSecret: secret,
        apiUrl: workspace.apiUrl,
        clientOptions: { retryConfig: { retries: 0 } },
        publicUrl: `http://127.0.0.1:${appPort}`,
      },
      { store, settings, logger, profiles: new Profiles(store, logger, now), home, clock: now },
    );
    const { port } = await slack.start(appPort);
    return { storage, store, slack, home, appUrl: `http://127.0.0.1:${port}/slack/events` };
  };
  let running = await boot();
  const passes = new PassRunner({ client, logger, managers: [MANAGER.id], running: () => running });
  const ticking = startTicking(clock, passes, logger);

  const routes = createRoutes({
    workspace,
    clock,
    passes,
    secret,
    databasePath: options.databasePath,
    manager: MANAGER,
    client,
    defaultTimezone: DEFAULT_TIMEZONE,
    running: () => running,
    reboot: async () => {
      running = await boot();
    },
  });

  const state = (user: string) => ({
    now: clock.now,
    people: [...REPS, MANAGER],
    you: workspace.people.get(user) ?? null,
    dm: workspace.conversations.get(workspace.dmOf(user)) ?? [],
    channel: { id: 'C0SALES', name: 'sales', messages: workspace.conversations.get('C0SALES') ?? [] },
    home: workspace.homes.get(user) ?? null,
    // Only a modal the stand-in still holds open for this person: a page never reopens an old one.
    modal: (workspace.modals.get(user) ?? []).at(-1) ?? null,
    files: workspace.files.urls(),
    directory: {
      users: [...REPS, MANAGER].map((p) => ({ id: p.id, name: p.name })),
      channels: [...workspace.channels].map(([id, name]) => ({ id, name })),
    },
  });

  const page = createServer((req, res) => {
    void servePage(req, res, routes, state).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolveListen) => page.listen(options.port, '127.0.0.1', resolveListen));
  const address = page.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    url: `http://localhost:${port}/`,
    slackApiUrl: workspace.apiUrl,
    async stop() {
      ticking.stop();
      page.closeAllConnections();
      await new Promise<void>((r) => page.close(() => r()));
      await running.slack.stop();
      await running.home.idle(2000);
      running.storage.close();
      saved.flush();
      await workspace.stop();
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

async function servePage(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Record<string, Route>,
  state: (user: string) => unknown,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://playground');
  if (url.pathname === '/api/state') {
    return json(res, state(url.searchParams.get('user') ?? REPS[0]?.id ?? ''));
  }
  if (url.pathname.startsWith('/api/') && req.method === 'POST') {
    const route = routes[url.pathname.slice('/api/'.length)];
    if (!route) return json(res, { error: 'no such route' }, 404);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    return json(res, await route(input));
  }
  // Browsers ask for /favicon.ico whatever the page links: the same icon.
  const file =
    url.pathname === '/' ? 'index.html' : url.pathname === '/favicon.ico' ? 'favicon.svg' : url.pathname.slice(1);
  const path = resolve(PUBLIC_DIR, file);
  if (!path.startsWith(PUBLIC_DIR) || !existsSync(path)) return json(res, { error: 'not found' }, 404);
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  const port = Number(process.env.PORT ?? 4000);
  const playground = await startPlayground({
    port,
    databasePath: process.env.PLAYGROUND_DB ?? join('data', 'playground.db'),
  });
  process.stdout.write(
    `Focus Coach playground: open ${playground.url}\n` +
      `The CLI reaches its workspace with SLACK_API_URL=${playground.slackApiUrl} SLACK_BOT_TOKEN=xoxb-playground ` +
      `DATABASE_PATH=${process.env.PLAYGROUND_DB ?? join('data', 'playground.db')}\n`,
  );
  const stop = () => void playground.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
