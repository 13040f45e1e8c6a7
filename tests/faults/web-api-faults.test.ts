/**
 * Slack's Web API failing on every call path the app uses: users.info, conversations.open,
 * chat.postMessage (DM replies through `say`, scheduled sends), views.publish, views.open
 * and response_url posts. Each fails with a 429 and Retry-After, a 500, an `ok:false`
 * error, and a timeout (a stand-in that never answers). The app must not crash, must not
 * hang, must tell the rep what it can, and scheduled sends must go out on a later pass.
 *
 * The app here is the real Bolt app (createSlackApp) over signed HTTP, built like the
 * harness's but with a short client timeout, so a hung call fails in a test's time.
 */
import { LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/db/connection.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { getSend, sendKey } from '../../src/db/sends.js';
import { singleWorkspaceClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { runPass, type SendOutcome } from '../../src/scheduler/pass.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { HomeTabs } from '../../src/slack/home.js';
import { Profiles } from '../../src/slack/profiles.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { tempStorage } from '../support/db.js';
import { BOT_TOKEN, buttonPayload, type PostResult, postSigned, SIGNING_SECRET, TEAM } from '../support/harness.js';
import { accountSuggestion, homeButton, number, pick, viewSubmission } from '../support/payloads.js';
import { type RecordedCall, SlackStub, type StubResponse } from '../support/slack-stub.js';

/** Tuesday 2026-12-01 08:45 in Los Angeles: the morning check-in is due. */
const MORNING = Date.parse('2026-12-01T16:45:00Z');
const MINUTE = 60_000;
/** The app's Web API client gives up on a call after this long (production: see createSlackApp). */
const CLIENT_TIMEOUT_MS = 400;

const FAULTS = ['429', '500', 'ok:false', 'timeout'] as const;
type Fault = (typeof FAULTS)[number];

/** Answers like a failing Slack; `timeout` never answers until released (after the test). */
class FaultyAnswers {
  private readonly held: (() => void)[] = [];

  answer(fault: Fault, retryAfter: number): StubResponse | Promise<StubResponse> {
    switch (fault) {
      case '429':
        return {
          status: 429,
          headers: { 'retry-after': String(retryAfter) },
          body: { ok: false, error: 'ratelimited' },
        };
      case '500':
        return { status: 500, body: 'Internal Server Error' };
      case 'ok:false':
        return { body: { ok: false, error: 'fatal_error' } };
      case 'timeout':
        return new Promise((resolve) => this.held.push(() => resolve({ status: 503, body: 'too late' })));
    }
  }

  /** Answers every held request (their callers gave up long ago). */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }
}

/** Slack's normal answers, for a method that fails only at first. */
function okAnswer(method: string, params: Record<string, unknown>, stub: SlackStub): StubResponse {
  switch (method) {
    case 'users.info':
      return { body: { ok: true, user: { id: params.user, ...stub.users.get(String(params.user)) } } };
    case 'conversations.open':
      return { body: { ok: true, channel: { id: `D${String(params.users)}` } } };
    case 'chat.postMessage':
      return { body: { ok: true, channel: params.channel, ts: `${1_700_000_000 + stub.calls.length}.000100` } };
    default:
      return { body: { ok: true } };
  }
}

interface FaultApp {
  stub: SlackStub;
  storage: Storage;
  url: string;
  logLines: string[];
  faults: FaultyAnswers;
  /**
   * `method` fails with `fault`: always, or only its first `times` calls. A 429 asks to wait
   * `retryAfter` seconds (0 by default: the client's handling is the same, the test is faster).
   */
  fail(method: string, fault: Fault, options?: { times?: number; retryAfter?: number }): void;
  command(text: string, user?: string): Promise<PostResult & { ms: number }>;
  action(payload: Record<string, unknown>): Promise<PostResult & { ms: number }>;
  dm(text: string, user?: string): Promise<PostResult & { ms: number }>;
  event(event: Record<string, unknown>): Promise<PostResult & { ms: number }>;
  /** The pass as the bot runs it, through a client with the same short timeout. */
  pass(now: number): Promise<SendOutcome[]>;
  stop(): Promise<void>;
}

async function startFaultApp(databasePath: string): Promise<FaultApp> {
  const stub = await new SlackStub().start();
  const storage = openStorage(databasePath);
  const store = sqliteStore(storage);
  const logLines: string[] = [];
  const logger = new JsonLogger('debug', { secrets: [BOT_TOKEN, SIGNING_SECRET], sink: (line) => logLines.push(line) });
  const clock = () => MORNING;
  const settings = { defaultTimezone: 'America/New_York', managers: [] };
  const quiet = new JsonLogger(LogLevel.ERROR, { sink: () => {} });
  const client = () =>
    new WebClient(BOT_TOKEN, {
      slackApiUrl: stub.apiUrl,
      retryConfig: { retries: 0 },
      timeout: CLIENT_TIMEOUT_MS,
      logger: quiet,
    });
  const home = new HomeTabs({ store, settings, logger, clock, clients: singleWorkspaceClients(client()) });
  const slack: SlackApp = createSlackApp(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: stub.apiUrl,
      clientOptions: { retryConfig: { retries: 0 }, timeout: CLIENT_TIMEOUT_MS },
    },
    { store, settings, logger, profiles: new Profiles(store, logger, clock), home, clock },
  );
  const { port } = await slack.start(0);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const faults = new FaultyAnswers();
  const passClients = singleWorkspaceClients(client());
  let sequence = 0;
  const timed = async (send: () => Promise<PostResult>) => {
    const started = Date.now();
    const result = await send();
    return { ...result, ms: Date.now() - started };
  };
  const form = (body: Record<string, string>) =>
    postSigned(url, new URLSearchParams(body).toString(), 'application/x-www-form-urlencoded');
  const event = (payload: Record<string, unknown>) =>
    timed(() =>
      postSigned(
        url,
        JSON.stringify({
          token: 'legacy',
          team_id: TEAM,
          api_app_id: 'A_FOCUS',
          type: 'event_callback',
          event_id: `EvFault${++sequence}`,
          event_time: Math.floor(MORNING / 1000),
          authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
          event: payload,
        }),
        'application/json',
      ),
    );

  return {
    stub,
    storage,
    url,
    logLines,
    faults,
    fail(method, fault, { times = Number.POSITIVE_INFINITY, retryAfter = 0 } = {}) {
      let calls = 0;
      stub.on(method, (params) =>
        calls++ < times ? faults.answer(fault, retryAfter) : okAnswer(method, params, stub),
      );
    },
    command(commandText, user = 'UREP1') {
      sequence++;
      return timed(() =>
        form({
          team_id: TEAM,
          user_id: user,
          command: '/focus',
          text: commandText,
          channel_id: 'C_GENERAL',
          response_url: stub.responseUrl(`cmd${sequence}`),
          trigger_id: `1.2.${sequence}`,
          api_app_id: 'A_FOCUS',
        }),
      );
    },
    action(payload) {
      return timed(() => form({ payload: JSON.stringify(payload) }));
    },
    dm(messageText, user = 'UREP1') {
      return event({
        type: 'message',
        channel: `D${user}`,
        user,
        text: messageText,
        ts: `1764607500.00${++sequence}`,
        channel_type: 'im',
      });
    },
    event,
    pass: (now) =>
      runPass(
        {
          store,
          clients: passClients,
          defaultTimezone: 'America/New_York',
          logger,
          postsPerSecondPerTeam: 0,
          conversationIntervalMs: 0,
        },
        now,
      ),
    async stop() {
      faults.release();
      await home.idle();
      await slack.stop();
      await store.close();
      await stub.stop();
    },
  };
}

const count = (storage: Storage, table: string) =>
  (storage.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');

describe('Slack’s Web API failing on every call path', () => {
  let temp: ReturnType<typeof tempStorage>;
  let app: FaultApp;

  /** The app still answers `/focus` with the rep's card: nothing crashed or got stuck. */
  async function stillAnswers(user = 'UREP1'): Promise<void> {
    const res = await app.command('', user);
    expect(res.status).toBe(200);
    expect(res.json().text).toMatch(/quota/i);
  }

  const dmReplies = (user = 'UREP1') =>
    app.stub.callsTo('chat.postMessage').filter((call) => call.params.channel === `D${user}`);

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startFaultApp(temp.path);
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    expect((await app.command('quota 120k quarter')).json().text).toContain('Quota set');
    await app.stub.waitFor(() => app.stub.callsTo('views.publish').length === 1);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('answers every kind of request inside Slack’s 3 seconds while every Web API call hangs', async () => {
    for (const method of ['users.info', 'views.open', 'views.publish', 'chat.postMessage', 'conversations.open']) {
      app.fail(method, 'timeout');
    }
    const results = [
      // A first contact waits (briefly) for users.info, the only call made before an acknowledgment.
      await app.command('log call 1 Acme', 'UNEW1'),
      await app.action(
        viewSubmission('modal_log', { in_activity: pick('call'), in_count: number('2') }, { user: 'UNEW2' }),
      ),
      await app.action(accountSuggestion('Ac')),
      await app.action(homeButton('home_open_log')),
      await app.command('settings'),
      await app.dm('log email 1'),
      await app.event({ type: 'app_home_opened', user: 'UREP1', channel: 'DUREP1', tab: 'home', event_ts: '1.2' }),
    ];
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3000);
    }
    expect(results[0]?.json().text).toContain('Logged 1 call with Acme');
    expect(results[1]?.text).toBe('');
    // The DM is acknowledged first and handled after: its write lands while say() hangs.
    await app.stub.waitFor(() => count(app.storage, 'activities') === 3);
    await stillAnswers();
  });

  describe.each(FAULTS)('with %s', (fault) => {
    it('users.info: a first /focus still answers in time and is saved; the profile is fetched later', async () => {
      app.stub.users.set('UNEW1', { tz: 'Asia/Kolkata' });
      // A rate limit pauses the client's whole queue for its Retry-After: the reply must not wait for it.
      app.fail('users.info', fault, { times: 1, retryAfter: 2 });
      const res = await app.command('quota 50k quarter', 'UNEW1');
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3000);
      expect(res.json().text).toContain('Quota set');
      // The failed fetch settles (a hung one times out) instead of holding the profile forever.
      await app.stub.waitFor(() => app.logLines.some((line) => line.includes('users.info failed for UNEW1')), 3000);
      await stillAnswers('UNEW1');
      expect(count(app.storage, 'quotas')).toBe(2);
    });

    it('a DM reply (say) that fails once still reaches the rep, and never claims nothing was saved', async () => {
      app.fail('chat.postMessage', fault, { times: 1 });
      expect((await app.dm('log call 2 Acme')).status).toBe(200);
      await app.stub.waitFor(() => dmReplies().length >= 2, 4000);
      await sleep(100);
      expect(count(app.storage, 'activities')).toBe(1);
      const delivered = dmReplies().at(-1);
      expect(textOf(delivered)).toContain('Logged 2 calls with Acme');
      for (const reply of dmReplies()) expect(textOf(reply)).not.toContain('nothing was saved');
      // The change shows on the Home tab whether or not the reply arrived.
      await app.stub.waitFor(() => app.stub.callsTo('views.publish').length >= 2);
      await stillAnswers();
    });

    it('a DM reply lost for good leaves the change saved, on Home, and logged as lost', async () => {
      app.fail('chat.postMessage', fault);
      expect((await app.dm('log meeting 1 Globex')).status).toBe(200);
      await app.stub.waitFor(() => app.logLines.some((line) => line.includes('was lost')), 4000);
      expect(count(app.storage, 'activities')).toBe(1);
      for (const reply of dmReplies()) expect(textOf(reply)).not.toContain('nothing was saved');
      await app.stub.waitFor(() => app.stub.callsTo('views.publish').length >= 2);
      await stillAnswers();
    });

    it('views.publish: the change is saved and answered, the failed Home refresh is only logged', async () => {
      app.fail('views.publish', fault);
      const res = await app.command('opp 45k Globex');
      expect(res.json().text).toContain('Globex');
      await app.stub.waitFor(
        () => app.logLines.some((line) => line.includes('Home tab refresh for UREP1 failed')),
        3000,
      );
      expect(count(app.storage, 'deals')).toBe(1);
      expect((await app.event({ type: 'app_home_opened', user: 'UREP1', tab: 'home', event_ts: '1.3' })).status).toBe(
        200,
      );
      await stillAnswers();
    });

    it('views.open: /focus settings says it went wrong; a Home button fails quietly; both keep working', async () => {
      app.fail('views.open', fault);
      const settings = await app.command('settings');
      expect(settings.status).toBe(200);
      await app.stub.waitFor((calls) => calls.some((call) => call.method.startsWith('response_url:')), 3000);
      const [response] = app.stub.calls.filter((call) => call.method.startsWith('response_url:'));
      expect(textOf(response)).toContain('Something went wrong on our side');
      expect((await app.action(homeButton('home_open_log'))).status).toBe(200);
      await app.stub.waitFor(() => app.stub.callsTo('views.open').length === 2);
      await stillAnswers();
    });

    it('response_url: the ICP answer from a button is saved and shown on Home when the redraw fails', async () => {
      const logged = await app.command('log call 1 Initech');
      const blocks = logged.json().blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
      const fits = blocks.find((block) => block.type === 'actions')?.elements?.find((e) => e.action_id === 'icp_fits');
      expect(fits).toBeDefined();
      await app.stub.waitFor(() => app.stub.callsTo('views.publish').length >= 2);
      const homes = app.stub.callsTo('views.publish').length;
      // A response_url the stand-in answers as a failing method.
      app.fail('response.fail', fault);
      const res = await app.action(
        buttonPayload({
          actionId: 'icp_fits',
          value: fits?.value ?? '',
          responseUrl: `${app.stub.apiUrl}response.fail`,
        }),
      );
      expect(res.status).toBe(200);
      await app.stub.waitFor(() => app.stub.callsTo('views.publish').length > homes, 3000);
      expect(app.storage.sqlite.prepare('select icp from accounts').get()).toEqual({ icp: 'yes' });
      await stillAnswers();
    });

    it('conversations.open in a scheduled pass: recorded as failed, sent once by the next pass', async () => {
      app.fail('conversations.open', fault, { times: 1 });
      const first = await app.pass(MORNING);
      expect(first).toMatchObject([{ kind: 'checkin', recipient: 'UREP1', status: 'failed' }]);
      expect(getSend(app.storage.db, sendKey(TEAM, 'UREP1', 'checkin', '2026-12-01'))?.status).toBe('failed');
      expect(await app.pass(MORNING + MINUTE)).toMatchObject([{ kind: 'checkin', status: 'sent' }]);
      expect(await app.pass(MORNING + 2 * MINUTE)).toEqual([]);
      expect(dmReplies()).toHaveLength(1);
    });
  });

  it.each(['ok:false', 'timeout'] as const)(
    'chat.postMessage with %s in a scheduled pass: failed (or uncertain), then sent once by a later pass',
    async (fault) => {
      saveRepProfile(app.storage.db, TEAM, 'UREP2', {
        slackTimezone: 'America/Los_Angeles',
        isSlackAdmin: false,
        fetchedAt: 0,
      });
      expect((await app.command('quota 80k quarter', 'UREP2')).status).toBe(200);
      app.fail('chat.postMessage', fault, { times: 1 });
      const first = await app.pass(MORNING);
      // ok:false is known not posted; no answer at all may have posted: the next pass looks for it first
      const notSent = fault === 'timeout' ? 'uncertain' : 'failed';
      expect(first.map((outcome) => outcome.status).sort()).toEqual([notSent, 'sent'].sort());
      const failed = first.find((outcome) => outcome.status === notSent);
      expect(await app.pass(MORNING + 5 * MINUTE)).toMatchObject([
        { kind: 'checkin', recipient: failed?.recipient, status: 'sent' },
      ]);
      expect(await app.pass(MORNING + 10 * MINUTE)).toEqual([]);
      const answered = app.stub
        .callsTo('chat.postMessage')
        .filter((call) => String(call.params.channel).startsWith('D'))
        .map((call) => call.params.channel);
      // The failed attempt reached the stand-in but was never posted (no answer or ok:false).
      expect(answered.filter((channel) => channel === `D${failed?.recipient}`)).toHaveLength(2);
      // Only the uncertain one was looked for in the DM before posting again.
      expect(app.stub.callsTo('conversations.history')).toHaveLength(fault === 'timeout' ? 1 : 0);
      expect(answered.filter((channel) => channel !== `D${failed?.recipient}`)).toHaveLength(1);
    },
  );
});

describe('the listeners’ Web API client as the server builds it', () => {
  it('has a timeout and a short retry policy unless told otherwise, so no call hangs a listener for long', async () => {
    const stub = await new SlackStub().start();
    const temp = tempStorage();
    const logger = new JsonLogger('error', { sink: () => {} });
    const settings = { defaultTimezone: 'America/New_York', managers: [] };
    const clock = () => MORNING;
    try {
      // As src/index.ts builds it: no client options.
      const slack = createSlackApp(
        { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: stub.apiUrl },
        {
          store: temp.store,
          settings,
          logger,
          profiles: new Profiles(temp.store, logger, clock),
          home: new HomeTabs({
            store: temp.store,
            settings,
            logger,
            clock,
            clients: singleWorkspaceClients(new WebClient()),
          }),
          clock,
        },
      );
      const client = slack.app.client as unknown as { timeout: number; retryConfig: { retries: number } };
      expect(client.timeout).toBeGreaterThan(0);
      expect(client.timeout).toBeLessThanOrEqual(10_000);
      expect(client.retryConfig.retries).toBeLessThanOrEqual(2);
    } finally {
      await stub.stop();
      temp.remove();
    }
  });
});
