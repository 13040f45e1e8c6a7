import { WebClient } from '@slack/web-api';
import type { CrmSourceKind } from '../../src/crm/model.js';
import { SERVER_BUSY_TIMEOUT_MS } from '../../src/db/busy.js';
import { openStorage, type Storage } from '../../src/db/connection.js';
import { singleWorkspaceClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { slackSignature } from '../../src/playground/signing.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { HomeTabs } from '../../src/slack/home.js';
import { Profiles } from '../../src/slack/profiles.js';
import { type SqliteStore, sqliteStore } from '../../src/storage/sqlite.js';
import type { RootStore } from '../../src/storage/types.js';
import { interactionEnvelope } from './payloads.js';
import { SlackStub } from './slack-stub.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-secret-token';
export const TEAM = 'T1';

/** Slack's signature: v0=hex(HMAC_SHA256(secret, "v0:" + timestamp + ":" + body)). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return slackSignature(secret, timestamp, body);
}

export interface SignedOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  signature?: string | null;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  text: string;
  json(): { text?: string; blocks?: unknown[]; response_type?: string } & Record<string, unknown>;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignedOptions = {},
): Promise<PostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    ...options.headers,
  };
  const signature = options.signature === undefined ? sign(body, timestamp) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

/** The app over any Store: the Slack stand-in, the real Bolt app, and helpers that post signed requests. */
export interface StoreApp<S extends RootStore = RootStore> {
  stub: SlackStub;
  /** The app's Store; stop() closes it. */
  store: S;
  slack: SlackApp;
  url: string;
  logLines: string[];
  /** The app's clock; tests move it. */
  clock: { now: number };
  home: HomeTabs;
  command(text: string, options?: { user?: string; team?: string } & SignedOptions): Promise<PostResult>;
  action(payload: Record<string, unknown>, options?: SignedOptions): Promise<PostResult>;
  event(event: Record<string, unknown>, options?: SignedOptions & { eventId?: string }): Promise<PostResult>;
  stop(): Promise<void>;
}

/** The app on a SQLite file: `storage` reaches the same database synchronously, for setting up and checking. */
export interface TestApp extends StoreApp<SqliteStore> {
  storage: Storage;
}

interface AppOptions {
  now?: number;
  managers?: string[];
  stub?: SlackStub;
  defaultTimezone?: string;
  /** The app's PUBLIC_URL: Home then shows charts at signed URLs the app serves itself. */
  publicUrl?: string;
  /** The CRMs the operator configured (settings.crmSources). */
  crmSources?: CrmSourceKind[];
}

/** The real Bolt app in HTTP mode on a free port, a real database file, and a stand-in Web API. */
export async function startTestApp(
  options: AppOptions & {
    databasePath: string;
    /** SQLite's busy timeout; default the server's (short: a locked write is retried without blocking). */
    busyTimeoutMs?: number;
  },
): Promise<TestApp> {
  const storage = openStorage(options.databasePath, { busyTimeoutMs: options.busyTimeoutMs ?? SERVER_BUSY_TIMEOUT_MS });
  const app = await startStoreApp({ ...options, store: sqliteStore(storage) });
  return { ...app, storage };
}

/** The same app over a Store opened by the caller (Postgres, say); the app closes it when it stops. */
export async function startStoreApp<S extends RootStore>(options: AppOptions & { store: S }): Promise<StoreApp<S>> {
  const { store } = options;
  const stub = options.stub ?? (await new SlackStub().start());
  const clock = { now: options.now ?? Date.parse('2026-11-30T15:00:00Z') };
  const logLines: string[] = [];
  const logger = new JsonLogger('debug', { secrets: [BOT_TOKEN, SIGNING_SECRET], sink: (line) => logLines.push(line) });
  const now = () => clock.now;
  const settings = {
    defaultTimezone: options.defaultTimezone ?? 'America/New_York',
    managers: options.managers ?? [],
    crmSources: options.crmSources ?? [],
  };
  const home = new HomeTabs({
    store,
    settings,
    logger,
    clock: now,
    clients: singleWorkspaceClients(
      new WebClient(BOT_TOKEN, { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } }),
    ),
  });
  const slack = createSlackApp(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: stub.apiUrl,
      clientOptions: { retryConfig: { retries: 0 } },
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    },
    {
      store,
      settings,
      logger,
      profiles: new Profiles(store, logger, now),
      home,
      clock: now,
    },
  );
  const { port } = await slack.start(0);
  const url = `http://127.0.0.1:${port}`;
  let sequence = 0;

  return {
    stub,
    store,
    slack,
    url,
    logLines,
    clock,
    home,
    command(text, { user = 'UREP1', team = TEAM, ...signed } = {}) {
      const body = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: team,
        team_domain: 'acme-sales',
        channel_id: 'C_GENERAL',
        channel_name: 'general',
        user_id: user,
        user_name: user.toLowerCase(),
        command: '/focus',
        text,
        api_app_id: 'A_FOCUS',
        is_enterprise_install: 'false',
        response_url: stub.responseUrl(`cmd${++sequence}`),
        trigger_id: `13345224609.738474920.${sequence}`,
      }).toString();
      return postSigned(`${url}/slack/events`, body, 'application/x-www-form-urlencoded', signed);
    },
    action(payload, signed = {}) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return postSigned(`${url}/slack/events`, body, 'application/x-www-form-urlencoded', signed);
    },
    event(event, { eventId, ...signed } = {}) {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: TEAM,
        api_app_id: 'A_FOCUS',
        type: 'event_callback',
        event_id: eventId ?? `Ev${++sequence}`,
        event_time: Math.floor(clock.now / 1000),
        authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        event,
      });
      return postSigned(`${url}/slack/events`, body, 'application/json', signed);
    },
    async stop() {
      await home.idle();
      await slack.stop();
      await store.close();
      if (!options.stub) await stub.stop();
    },
  };
}

/** A block_actions payload for a button in an ephemeral reply to a command. */
export function buttonPayload(input: {
  actionId: string;
  value: string;
  user?: string;
  team?: string;
  responseUrl: string;
  blockId?: string;
}): Record<string, unknown> {
  return {
    ...interactionEnvelope('block_actions', { user: input.user, team: input.team }),
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C_GENERAL', is_ephemeral: true },
    trigger_id: '13345224609.738474920.1',
    channel: { id: 'C_GENERAL', name: 'general' },
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: input.blockId ?? 'icp_question',
        value: input.value,
        text: { type: 'plain_text', text: 'Fits our ICP', emoji: true },
        action_ts: '1700000001.000200',
      },
    ],
  };
}
