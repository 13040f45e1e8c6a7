/**
 * npm run playground: the real app (same handlers, database code and scheduler pass) wired
 * to a local workspace, and a page on localhost to use it without Slack. The page's
 * actions become the signed payloads Slack would send; what the app sends back to the
 * stand-in Web API is what the page shows.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { openStorage, type Storage } from '../db/connection.js';
import { seedTeam } from '../db/seed.js';
import { setTeamChannel } from '../db/teams.js';
import { JsonLogger } from '../logger.js';
import { runPass } from '../scheduler/pass.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import { HomeTabs } from '../slack/home.js';
import { Profiles } from '../slack/profiles.js';
import { nextPromptInstant, type PromptChoice } from './clock.js';
import { signedPost } from './signing.js';
import { LocalWorkspace, type Person } from './workspace.js';

const PUBLIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'public');
const TEAM = 'TDEMO';
const MANAGER: Person = { id: 'UMGR0001', name: 'Morgan (manager)', tz: 'America/New_York', isAdmin: false };
const REPS: Person[] = [
  { id: 'UDEMO0001', name: 'Dana', tz: 'America/Los_Angeles' },
  { id: 'UDEMO0002', name: 'Priya', tz: 'Asia/Kolkata' },
  { id: 'UDEMO0003', name: 'Sam', tz: 'America/New_York' },
  { id: 'UDEMO0004', name: 'Lee', tz: 'Europe/London' },
];

export interface Playground {
  url: string;
  stop(): Promise<void>;
}

interface Running {
  storage: Storage;
  slack: SlackApp;
  appUrl: string;
  home: HomeTabs;
}

export async function startPlayground(options: {
  port: number;
  databasePath: string;
  log?: boolean;
}): Promise<Playground> {
  const secret = randomBytes(16).toString('hex');
  const workspace = await new LocalWorkspace().start();
  for (const person of [...REPS, MANAGER]) workspace.people.set(person.id, person);
  const clock = { now: Date.now() };
  const logger = new JsonLogger(LogLevel.WARN, {
    secrets: [secret],
    sink: options.log === false ? () => {} : undefined,
  });
  const client = new WebClient('xoxb-playground', { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 } });

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
    const settings = { defaultTimezone: 'America/New_York', managers: [MANAGER.id] };
    const now = () => clock.now;
    const home = new HomeTabs({ db: storage.db, settings, logger, clock: now, client });
    const slack = createSlackApp(
      {
        botToken: 'xoxb-playground',
        signingSecret: secret,
        apiUrl: workspace.apiUrl,
        clientOptions: { retryConfig: { retries: 0 } },
      },
      { db: storage.db, settings, logger, profiles: new Profiles(storage.db, logger, now), home, clock: now },
    );
    const { port } = await slack.start(0);
    return { storage, slack, home, appUrl: `http://127.0.0.1:${port}/slack/events` };
  };
  let running = await boot();

  const send = (body: string, contentType: string) => signedPost(running.appUrl, body, contentType, secret);
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interaction = (payload: Record<string, unknown>) =>
    send(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
  const event = (inner: Record<string, unknown>) =>
    send(
      JSON.stringify({
        team_id: TEAM,
        api_app_id: 'APLAYGROUND',
        type: 'event_callback',
        event_id: `Ev${workspace.nextTs().replace('.', '')}`,
        event_time: Math.floor(clock.now / 1000),
        authorizations: [{ team_id: TEAM, user_id: workspace.botUserId, is_bot: true }],
        event: inner,
      }),
      'application/json',
    );
  const who = (user: string) => ({ id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM });
  const team = { id: TEAM, domain: 'demo' };

  const routes: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
    async command({ user, text }) {
      const userId = String(user);
      const conversation = workspace.dmOf(userId);
      workspace.post(conversation, {
        ts: workspace.nextTs(),
        user: userId,
        text: `/focus ${String(text ?? '')}`.trim(),
      });
      const res = await send(
        form({
          command: '/focus',
          text: String(text ?? ''),
          team_id: TEAM,
          team_domain: 'demo',
          user_id: userId,
          user_name: userId.toLowerCase(),
          channel_id: conversation,
          channel_name: 'directmessage',
          api_app_id: 'APLAYGROUND',
          response_url: workspace.responseUrl(userId, conversation),
          trigger_id: workspace.trigger(userId),
        }),
        'application/x-www-form-urlencoded',
      );
      if (res.body) {
        const reply = JSON.parse(res.body) as { text?: string; blocks?: unknown[] };
        workspace.post(conversation, {
          ts: workspace.nextTs(),
          user: null,
          text: reply.text ?? '',
          blocks: reply.blocks,
          ephemeral: true,
        });
      }
      return { status: res.status };
    },
    async message({ user, text }) {
      const userId = String(user);
      const ts = workspace.nextTs();
      const channel = workspace.dmOf(userId);
      workspace.post(channel, { ts, user: userId, text: String(text ?? '') });
      const res = await event({
        type: 'message',
        channel,
        user: userId,
        text: String(text ?? ''),
        ts,
        event_ts: ts,
        channel_type: 'im',
      });
      return { status: res.status };
    },
    async home({ user }) {
      const res = await event({
        type: 'app_home_opened',
        user: String(user),
        channel: workspace.dmOf(String(user)),
        tab: 'home',
        event_ts: workspace.nextTs(),
      });
      return { status: res.status };
    },
    async action({ user, actionId, blockId, value, selected, viewId, conversation, messageTs }) {
      const userId = String(user);
      const type = Array.isArray(selected) ? 'checkboxes' : 'button';
      const action: Record<string, unknown> = {
        type,
        action_id: actionId,
        block_id: blockId,
        action_ts: workspace.nextTs(),
      };
      if (type === 'button' && value !== undefined) action.value = value;
      if (type === 'checkboxes')
        action.selected_options = (selected as string[]).map((v) => ({
          value: v,
          text: { type: 'plain_text', text: v },
        }));
      const inView = viewId !== undefined;
      const channel = String(conversation ?? workspace.dmOf(userId));
      const res = await interaction({
        type: 'block_actions',
        team,
        user: who(userId),
        api_app_id: 'APLAYGROUND',
        token: 'playground',
        trigger_id: workspace.trigger(userId),
        container: inView
          ? { type: 'view', view_id: viewId }
          : { type: 'message', channel_id: channel, is_ephemeral: true },
        ...(inView
          ? { view: { id: viewId, type: 'home', team_id: TEAM, state: { values: {} } } }
          : {
              channel: { id: channel, name: 'dm' },
              message: { ts: messageTs },
              response_url: workspace.responseUrl(userId, channel, String(messageTs ?? '')),
            }),
        actions: [action],
      });
      return { status: res.status };
    },
    async submit({ user, viewId, values }) {
      const userId = String(user);
      const open = (workspace.modals.get(userId) ?? []).find((v) => v.id === viewId);
      if (!open) return { errors: { '': 'That form is no longer open.' } };
      const res = await interaction({
        type: 'view_submission',
        team,
        user: who(userId),
        api_app_id: 'APLAYGROUND',
        token: 'playground',
        trigger_id: workspace.trigger(userId),
        view: { ...open.view, id: viewId, team_id: TEAM, state: { values }, hash: '1' },
        response_urls: [],
      });
      const answer = res.body
        ? (JSON.parse(res.body) as { response_action?: string; errors?: Record<string, string> })
        : {};
      if (answer.response_action === 'errors') return { errors: answer.errors };
      workspace.closeModal(userId, String(viewId));
      return { ok: true };
    },
    async close({ user, viewId }) {
      workspace.closeModal(String(user), String(viewId));
      return { ok: true };
    },
    async suggest({ user, value }) {
      const res = await interaction({
        type: 'block_suggestion',
        team,
        user: who(String(user)),
        api_app_id: 'APLAYGROUND',
        token: 'playground',
        action_id: 'in_account',
        block_id: 'in_account',
        value: String(value ?? ''),
        container: { type: 'view', view_id: 'V0' },
      });
      return res.body ? JSON.parse(res.body) : { options: [] };
    },
    async clock({ user, to }) {
      const userId = String(user);
      const person = workspace.people.get(userId) ?? MANAGER;
      clock.now = nextPromptInstant(to as PromptChoice, clock.now, person.tz, running.storage.db, TEAM, userId);
      const outcomes = await runPass(
        {
          db: running.storage.db,
          client,
          defaultTimezone: 'America/New_York',
          logger,
          afterSend: (t, u) => void running.home.refresh(t, u),
        },
        clock.now,
      );
      await running.home.idle(5000);
      return { now: clock.now, outcomes };
    },
    async reset() {
      await running.slack.stop();
      running.storage.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.databasePath}${suffix}`, { force: true });
      workspace.clear();
      clock.now = Date.now();
      running = await boot();
      return { ok: true };
    },
  };

  const state = (user: string) => ({
    now: clock.now,
    people: [...REPS, MANAGER],
    you: workspace.people.get(user) ?? null,
    dm: workspace.conversations.get(workspace.dmOf(user)) ?? [],
    channel: { id: 'C0SALES', name: 'sales', messages: workspace.conversations.get('C0SALES') ?? [] },
    home: workspace.homes.get(user) ?? null,
    modal: (workspace.modals.get(user) ?? []).at(-1) ?? null,
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
    async stop() {
      page.closeAllConnections();
      await new Promise<void>((r) => page.close(() => r()));
      await running.slack.stop();
      await running.home.idle(2000);
      running.storage.close();
      await workspace.stop();
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

async function servePage(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Record<string, (input: Record<string, unknown>) => Promise<unknown>>,
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
  const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
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
  process.stdout.write(`Focus Coach playground: open ${playground.url}\n`);
  const stop = () => void playground.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
