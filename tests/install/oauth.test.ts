/**
 * "Add to Slack" end to end: a real Bolt App on an HTTPReceiver built from oauthReceiverOptions, the app's Store,
 * and a Web API stand-in. Two workspaces install through /slack/install → /slack/oauth_redirect (the state in its
 * cookie, as a browser carries it); a signed /focus from each is answered with that workspace's own token; one
 * uninstalls (a signed app_uninstalled) and loses its token while the other goes on; forged, foreign and expired
 * states install nothing.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, AuthorizationError, HTTPReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseKeyring } from '../../src/install/crypto.js';
import { Installations } from '../../src/install/installation-store.js';
import { BOT_SCOPES, INSTALL_PATH, OAUTH_REDIRECT_PATH, oauthReceiverOptions } from '../../src/install/oauth.js';
import { registerUninstallEvents } from '../../src/install/uninstall.js';
import { JsonLogger } from '../../src/logger.js';
import { slackSignature } from '../../src/slack/http-guard.js';
import { SlackRouter } from '../../src/slack/router.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from '../contract/backends.js';
import { KEY_A } from './support.js';
import { APP_ID, type StandinWorkspace, startWebApiStandin, type WebApiStandin } from './web-api-standin.js';

const CLIENT_ID = '1234567890.0987654321';
const CLIENT_SECRET = 'client-secret-0123456789abcdef';
const STATE_SECRET = 'state-secret-0123456789abcdef-0123456789';
const SIGNING_SECRET = 'signing-secret-0123456789';
const STATE_COOKIE = 'slack-app-oauth-state';

const ACME: StandinWorkspace = {
  teamId: 'T0ACME001',
  teamName: 'Acme Sales',
  code: 'code-acme',
  botToken: 'xoxb-100-200-acmeacmeacme',
  botUserId: 'U0ACMEBOT',
  botId: 'B0ACME',
  installerId: 'U0ACMEADM',
};
const GLOBEX: StandinWorkspace = {
  teamId: 'T0GLOBEX1',
  teamName: 'Globex',
  code: 'code-globex',
  botToken: 'xoxb-300-400-globexglobex',
  botUserId: 'U0GLOBEXBOT',
  botId: 'B0GLOBEX',
  installerId: 'U0GLOBEXADM',
};
const INITECH: StandinWorkspace = { ...ACME, teamId: 'T0INITECH', teamName: 'Initech', code: 'code-initech' };

interface Running {
  url: string;
  standin: WebApiStandin;
  errors: Error[];
  close(): Promise<void>;
}

let running: Running | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

/** The app in distributed mode: Bolt's installer and authorize on our installation store, one command, uninstalls. */
async function startApp(store: Store): Promise<Running> {
  const standin = await startWebApiStandin({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    workspaces: [ACME, GLOBEX, INITECH],
  });
  const logger = new JsonLogger('error', { sink: () => undefined });
  const installations = new Installations({ store, keyring: parseKeyring(KEY_A), logger, clock: Date.now });
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    logger,
    ...oauthReceiverOptions({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      stateSecret: STATE_SECRET,
      installations,
      logger,
      apiUrl: standin.apiUrl,
    }),
  });
  const app = new App({
    receiver,
    logger,
    clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
  });
  const errors: Error[] = [];
  app.error(async (error) => {
    errors.push(error);
  });
  app.command('/focus', async ({ ack, client, command }) => {
    await ack();
    await client.chat.postMessage({ channel: command.channel_id, text: `Your gap in ${command.team_id}` });
  });
  const routes = new SlackRouter();
  registerUninstallEvents(routes, { installations, logger });
  app.use(routes.middleware());
  const server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    standin,
    errors,
    async close() {
      await closeServer(server);
      await standin.close();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** /slack/install as a browser opens it: where it is sent, and the state cookie it is given. */
async function beginInstall(app: Running): Promise<{ location: URL; state: string }> {
  const response = await fetch(`${app.url}${INSTALL_PATH}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const cookie = response.headers.get('set-cookie') ?? '';
  const state = new RegExp(`${STATE_COOKIE}=([^;]+)`).exec(cookie)?.[1] ?? '';
  return { location: new URL(response.headers.get('location') ?? ''), state };
}

/** Slack's consent page sends the browser back with a code and the state; the browser brings its cookie. */
async function finishInstall(app: Running, query: Record<string, string>, cookieState?: string) {
  const response = await fetch(`${app.url}${OAUTH_REDIRECT_PATH}?${new URLSearchParams(query)}`, {
    redirect: 'manual',
    headers: cookieState === undefined ? {} : { cookie: `${STATE_COOKIE}=${cookieState}` },
  });
  return { status: response.status, page: await response.text() };
}

async function install(app: Running, workspace: StandinWorkspace) {
  const { state } = await beginInstall(app);
  return finishInstall(app, { code: workspace.code, state }, state);
}

async function signedPost(app: Running, body: string, contentType: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${app.url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
    },
    body,
  });
  await response.text();
  return response.status;
}

function focusCommand(app: Running, workspace: StandinWorkspace): Promise<number> {
  const body = new URLSearchParams({
    token: 'deprecated',
    command: '/focus',
    text: '',
    team_id: workspace.teamId,
    team_domain: workspace.teamName.toLowerCase(),
    channel_id: 'C0SALES01',
    channel_name: 'sales',
    user_id: 'U0REP0001',
    user_name: 'rep',
    response_url: `${app.standin.origin}/commands/1`,
    trigger_id: '1.2.3',
    api_app_id: APP_ID,
  }).toString();
  return signedPost(app, body, 'application/x-www-form-urlencoded');
}

function appUninstalled(app: Running, workspace: StandinWorkspace): Promise<number> {
  const body = JSON.stringify({
    token: 'deprecated',
    team_id: workspace.teamId,
    api_app_id: APP_ID,
    event: { type: 'app_uninstalled' },
    type: 'event_callback',
    event_id: `Ev0UNINSTALL${workspace.teamId}`,
    event_time: Math.floor(Date.now() / 1000),
  });
  return signedPost(app, body, 'application/json');
}

/** Listeners run after the HTTP answer: wait for what they leave, never for a fixed time. */
async function waitFor(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A state ClearStateStore would have issued `ageSeconds` ago: an HS256 JWT signed with the state secret. */
function stateIssuedAgo(ageSeconds: number): string {
  const issued = Date.now() - ageSeconds * 1000;
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    installOptions: { scopes: [...BOT_SCOPES] },
    now: new Date(issued).toJSON(),
    random: 4242,
    iat: Math.floor(issued / 1000),
  })}`;
  return `${unsigned}.${createHmac('sha256', STATE_SECRET).update(unsigned).digest('base64url')}`;
}

describe('the install scopes', () => {
  it('are the manifest’s bot scopes', () => {
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect([...BOT_SCOPES]).toEqual(manifest.oauth_config.scopes.bot);
  });
});

describeBackends('installing from Add to Slack', (use) => {
  it('installs two workspaces and answers each with its own token; an uninstall takes one token only', async () => {
    const store = use();
    const app = await startApp(store);
    running = app;

    const { location, state } = await beginInstall(app);
    expect(`${location.origin}${location.pathname}`).toBe(`${app.standin.origin}/oauth/v2/authorize`);
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('scope')).toBe(BOT_SCOPES.join(','));
    expect(location.searchParams.get('state')).toBe(state);
    const acme = await finishInstall(app, { code: ACME.code, state }, state);
    expect(acme.status).toBe(200);
    expect(acme.page).toContain('Focus Coach is now installed in the workspace Acme Sales');
    const globex = await install(app, GLOBEX);
    expect(globex.status).toBe(200);
    expect(globex.page).toContain('the workspace Globex');

    // The exchange went to SLACK_API_URL with the app's credentials; auth.test ran with each new token.
    expect(app.standin.callsTo('oauth.v2.access').map((call) => call.params.code)).toEqual([ACME.code, GLOBEX.code]);
    expect(app.standin.callsTo('auth.test').map((call) => call.authorization)).toEqual([
      `Bearer ${ACME.botToken}`,
      `Bearer ${GLOBEX.botToken}`,
    ]);
    const rows = await store.installations.listInstallations();
    expect(rows.map((row) => [row.installKey, row.botUserId, row.installerUserId, row.appId])).toEqual([
      [`T:${ACME.teamId}`, ACME.botUserId, ACME.installerId, APP_ID],
      [`T:${GLOBEX.teamId}`, GLOBEX.botUserId, GLOBEX.installerId, APP_ID],
    ]);
    for (const row of rows) expect(row.secret).not.toMatch(/xoxb|acmeacme|globexglobex/);

    const posts = () => app.standin.callsTo('chat.postMessage');
    expect(await focusCommand(app, ACME)).toBe(200);
    await waitFor(() => posts().length === 1, 'the answer in Acme');
    expect(await focusCommand(app, GLOBEX)).toBe(200);
    await waitFor(() => posts().length === 2, 'the answer in Globex');
    expect(posts().map((call) => [call.authorization, call.params.text])).toEqual([
      [`Bearer ${ACME.botToken}`, `Your gap in ${ACME.teamId}`],
      [`Bearer ${GLOBEX.botToken}`, `Your gap in ${GLOBEX.teamId}`],
    ]);

    expect(await appUninstalled(app, ACME)).toBe(200);
    await waitFor(
      async () => (await store.installations.getInstallation(`T:${ACME.teamId}`)) === undefined,
      'Acme’s tokens to go',
    );
    expect(await store.installations.getPurge(`T:${ACME.teamId}`)).toMatchObject({ teamId: ACME.teamId });
    expect(await focusCommand(app, ACME)).toBe(200);
    await waitFor(() => app.errors.length === 1, 'Acme’s command to be refused');
    expect(app.errors[0]).toBeInstanceOf(AuthorizationError);
    expect(app.errors[0]?.message).toContain(`Focus Coach is not installed in workspace ${ACME.teamId}`);
    expect(posts()).toHaveLength(2);
    expect(await focusCommand(app, GLOBEX)).toBe(200);
    await waitFor(() => posts().length === 3, 'the answer in Globex after Acme left');
    expect(posts()[2]?.authorization).toBe(`Bearer ${GLOBEX.botToken}`);
  });

  it('refuses a forged state, a state from another browser and an expired state, installing nothing', async () => {
    const store = use();
    const app = await startApp(store);
    running = app;

    const forged = await finishInstall(app, { code: INITECH.code, state: 'forged' }, 'forged');
    expect(forged.status).toBe(400);
    expect(forged.page).toContain('This installation link has expired or was not started here');

    const { state } = await beginInstall(app);
    const elsewhere = await finishInstall(app, { code: INITECH.code, state });
    expect(elsewhere.status).toBe(400);

    const wrongSecret = `${state.slice(0, state.lastIndexOf('.'))}.${Buffer.alloc(32).toString('base64url')}`;
    expect((await finishInstall(app, { code: INITECH.code, state: wrongSecret }, wrongSecret)).status).toBe(400);

    const stale = stateIssuedAgo(11 * 60);
    const expired = await finishInstall(app, { code: INITECH.code, state: stale }, stale);
    expect(expired.status).toBe(400);
    expect(expired.page).toContain('within 10 minutes');

    // The same construction, fresh, is accepted: what failed above was its age, not its making.
    const fresh = stateIssuedAgo(0);
    expect((await finishInstall(app, { code: INITECH.code, state: fresh }, fresh)).status).toBe(200);
    expect(app.standin.callsTo('oauth.v2.access').map((call) => call.params.code)).toEqual([INITECH.code]);
    expect((await store.installations.listInstallations()).map((row) => row.installKey)).toEqual([
      `T:${INITECH.teamId}`,
    ]);
  });

  it('says so when the installer cancels on Slack’s page', async () => {
    const app = await startApp(use());
    running = app;
    const { state } = await beginInstall(app);
    const cancelled = await finishInstall(app, { error: 'access_denied', state }, state);
    expect(cancelled.status).toBe(200);
    expect(cancelled.page).toContain('Installation cancelled');
    expect(app.standin.callsTo('oauth.v2.access')).toEqual([]);
  });
});
