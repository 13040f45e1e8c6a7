/**
 * Security at the edges: every kind of request Slack sends is signed and fresh (5-minute
 * replay window), `/healthz` tells nothing, no log line at any level holds the bot token
 * or the signing secret, a payload claiming another team touches nothing of this one, and
 * over-long text is refused with a clear message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { singleWorkspaceClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { schedulerClient } from '../../src/scheduler/client.js';
import { runPass } from '../../src/scheduler/pass.js';
import { tempDatabaseFile } from '../support/db.js';
import {
  BOT_TOKEN,
  buttonPayload,
  postSigned,
  SIGNING_SECRET,
  sign,
  startTestApp,
  TEAM,
  type TestApp,
} from '../support/harness.js';
import { accountSuggestion, homeButton, number, pick, text, viewSubmission } from '../support/payloads.js';
import { exited, postFocus, processFixture } from '../support/process.js';

/** Tuesday 2026-12-01 08:45 in Los Angeles. */
const MORNING = Date.parse('2026-12-01T16:45:00Z');
/** The same day, 17:45: the evening reflection is due. */
const EVENING = Date.parse('2026-12-02T01:45:00Z');
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const nowSec = () => Math.floor(Date.now() / 1000);
const count = (app: TestApp, table: string) =>
  (app.storage.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

/** The app at MORNING on a database file of its own, with UREP1 in Los Angeles; stop() removes the file too. */
async function startMorningApp(): Promise<TestApp> {
  const temp = tempDatabaseFile();
  const app = await startTestApp({ databasePath: temp.path, now: MORNING });
  app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
  return {
    ...app,
    async stop() {
      await app.stop();
      temp.remove();
    },
  };
}

/** Everything one team has stored, minus what is cached from Slack (profile time, DM channel). */
function snapshot(app: TestApp, teamId: string): unknown {
  const data = exportData(app.storage.db, teamId);
  return { ...data, reps: data.reps?.map(({ profileFetchedAt: _, dmChannelId: __, ...rest }) => rest) };
}

describe('request signatures on every endpoint kind', () => {
  let app: TestApp;
  let sequence = 0;

  beforeEach(async () => {
    app = await startMorningApp();
  });
  afterEach(async () => {
    await app.stop();
  });

  /** A fresh body of each kind (new IDs each time, so no deduplication hides a second delivery). */
  const KINDS: Record<string, () => { body: string; type: string; tamper: (body: string) => string }> = {
    'slash command': () => ({
      body: new URLSearchParams({
        command: '/focus',
        text: 'log call 1 Acme',
        team_id: TEAM,
        user_id: 'UREP1',
        channel_id: 'C1',
        response_url: app.stub.responseUrl(),
        trigger_id: `1.2.${++sequence}`,
      }).toString(),
      type: FORM,
      tamper: (body) => body.replace('call+1', 'call+9'),
    }),
    'event (DM message)': () => ({
      body: JSON.stringify({
        team_id: TEAM,
        api_app_id: 'A_FOCUS',
        type: 'event_callback',
        event_id: `EvSig${++sequence}`,
        event_time: nowSec(),
        event: {
          type: 'message',
          channel: 'DUREP1',
          user: 'UREP1',
          text: 'log call 1 Acme',
          ts: `1764607500.${sequence}`,
          channel_type: 'im',
        },
      }),
      type: JSON_TYPE,
      tamper: (body) => body.replace('log call 1', 'log call 9'),
    }),
    'block_actions (Home button)': () => ({
      body: new URLSearchParams({ payload: JSON.stringify(homeButton('home_open_log')) }).toString(),
      type: FORM,
      tamper: (body) => body.replace('home_open_log', 'home_open_win'),
    }),
    view_submission: () => ({
      body: new URLSearchParams({
        payload: JSON.stringify(viewSubmission('modal_log', { in_activity: pick('call'), in_count: number('1') })),
      }).toString(),
      type: FORM,
      tamper: (body) => body.replace(encodeURIComponent('"value":"1"'), encodeURIComponent('"value":"9"')),
    }),
    'block_suggestion (account options)': () => ({
      body: new URLSearchParams({ payload: JSON.stringify(accountSuggestion('Ac')) }).toString(),
      type: FORM,
      tamper: (body) => body.replace('Ac', 'Zz'),
    }),
  };

  /** What any of these requests could change: stored rows, and calls to Slack. */
  const effects = () => ({
    activities: count(app, 'activities'),
    reps: count(app, 'reps'),
    slack: app.stub.calls.filter((call) => call.method !== 'auth.test').length,
  });

  it.each(Object.keys(KINDS))(
    '%s: taken at 4m59s old, refused (401, no effect) when 5m01s old or forged',
    async (kind) => {
      const make = KINDS[kind] as (typeof KINDS)[string];
      const url = `${app.url}/slack/events`;
      const before = effects();

      const stale = make();
      const staleAt = nowSec() - 301;
      expect((await postSigned(url, stale.body, stale.type, { timestamp: staleAt })).status).toBe(401);
      const forged = make();
      const at = nowSec();
      expect(
        (
          await postSigned(url, forged.body, forged.type, {
            timestamp: at,
            signature: sign(forged.body, at, 'not-the-secret'),
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await postSigned(url, forged.tamper(forged.body), forged.type, {
            timestamp: at,
            signature: sign(forged.body, at),
          })
        ).status,
      ).toBe(401);
      expect(forged.tamper(forged.body)).not.toBe(forged.body);
      expect((await postSigned(url, forged.body, forged.type, { signature: null })).status).toBe(401);
      // A signature taken from one request and replayed on another time: refused too.
      expect(
        (await postSigned(url, forged.body, forged.type, { timestamp: at + 1, signature: sign(forged.body, at) }))
          .status,
      ).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(effects()).toEqual(before);

      const fresh = make();
      const res = await postSigned(url, fresh.body, fresh.type, { timestamp: nowSec() - 299 });
      expect(res.status).toBe(200);
      await app.stub.waitFor(() => JSON.stringify(effects()) !== JSON.stringify(before) || kind.includes('suggestion'));
      if (kind.includes('suggestion')) expect(res.json()).toHaveProperty('options');
    },
  );

  it('checks the signature on URL verification, and runs nothing smuggled into an unsigned SSL check', async () => {
    const url = `${app.url}/slack/events`;
    const challenge = JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' });
    expect((await postSigned(url, challenge, JSON_TYPE, { signature: null })).status).toBe(401);
    expect((await postSigned(url, challenge, JSON_TYPE, { timestamp: nowSec() - 301 })).status).toBe(401);
    const verified = await postSigned(url, challenge, JSON_TYPE);
    expect(verified.status).toBe(200);
    expect(verified.text).toContain('c-123');
    // Slack's SSL check comes unsigned, and is answered; anything smuggled in with it is dropped.
    const ssl = new URLSearchParams({
      ssl_check: '1',
      command: '/focus',
      text: 'quota 999k quarter',
      team_id: TEAM,
      user_id: 'UREP1',
      response_url: app.stub.responseUrl(),
    }).toString();
    const checked = await postSigned(url, ssl, FORM, { signature: null });
    expect(checked.status).toBe(200);
    expect(checked.text).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(count(app, 'quotas') + count(app, 'reps')).toBe(0);
    expect(app.stub.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });
});

describe('a payload claiming another team', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await startMorningApp();
  });
  afterEach(async () => {
    await app.stop();
  });

  it('changes nothing of the team whose accounts, deals and plans it names', async () => {
    for (const command of ['quota 120k quarter', 'opp 45k Globex', 'log call 1 Acme', 'plan Call Initech; Prep QBR']) {
      expect((await app.command(command)).status).toBe(200);
    }
    await app.home.idle();
    const accounts = app.storage.sqlite.prepare('select id, name from accounts order by id').all() as {
      id: number;
      name: string;
    }[];
    const globex = accounts.find((a) => a.name === 'Globex')?.id;
    const acme = accounts.find((a) => a.name === 'Acme')?.id;
    expect(globex).toBeDefined();
    expect(acme).toBeDefined();
    const before = snapshot(app, TEAM);
    const other = { team: 'T2' };

    // Modals submitted from T2 that name T1's account and deal IDs.
    const lost = await app.action(viewSubmission('modal_lost', { in_open_deal: pick(String(globex)) }, other));
    expect(lost.json()).toMatchObject({ response_action: 'errors' });
    const win = await app.action(
      viewSubmission('modal_win', { in_amount: text('30k'), in_account: pick(`id:${acme}`, 'external_select') }, other),
    );
    expect(win.json()).toMatchObject({ response_action: 'errors', errors: { in_account: expect.any(String) } });
    const log = await app.action(
      viewSubmission(
        'modal_log',
        {
          in_activity: pick('call'),
          in_count: number('5'),
          in_account: pick(`id:${acme}`, 'external_select'),
          in_account_fit: pick('no', 'radio_buttons'),
        },
        other,
      ),
    );
    expect(log.json()).toMatchObject({ response_action: 'errors' });
    // The account picker from T2 offers none of T1's accounts.
    const options = (await app.action(accountSuggestion('Ac', other))).json() as {
      options: { text: { text: string } }[];
    };
    expect(options.options.map((o) => o.text.text)).toEqual(['Add “Ac”']);
    // Ticking T1's plan from T2.
    await app.action({
      ...buttonPayload({ actionId: 'plan_done', value: '0', team: 'T2', responseUrl: app.stub.responseUrl('p') }),
      actions: [
        {
          type: 'checkboxes',
          action_id: 'plan_done',
          block_id: 'plan_done:2026-12-01',
          selected_options: [{ text: { type: 'plain_text', text: 'Call Initech' }, value: '0' }],
          action_ts: '1700000001.000200',
        },
      ],
    });
    // A command and a DM from T2 naming T1's deal and account.
    expect((await app.command('lost Globex', { team: 'T2' })).json().text).toContain('nothing was changed');
    await app.command('icp Acme no', { team: 'T2' });
    const body = JSON.stringify({
      team_id: 'T2',
      api_app_id: 'A_FOCUS',
      type: 'event_callback',
      event_id: 'EvOtherTeam1',
      event_time: nowSec(),
      event: {
        type: 'message',
        channel: 'DUREP1',
        user: 'UREP1',
        text: 'won 45k Globex',
        ts: '1.1',
        channel_type: 'im',
      },
    });
    expect((await postSigned(`${app.url}/slack/events`, body, JSON_TYPE)).status).toBe(200);
    await app.stub.waitFor((calls) => calls.some((call) => String(call.params.text).includes('Won $45,000')));
    await app.home.idle();

    expect(snapshot(app, TEAM)).toEqual(before);
    // What T2 did went to T2's own rows.
    expect(
      app.storage.sqlite.prepare("select name, icp from accounts where team_id = 'T2' order by name").all(),
    ).toEqual([
      { name: 'Acme', icp: 'no' },
      { name: 'Globex', icp: 'unknown' },
    ]);
  });
});

describe('over-long text', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await startMorningApp();
    expect((await app.command('quota 120k quarter')).status).toBe(200);
  });
  afterEach(async () => {
    await app.stop();
  });

  it('refuses a 2,001-character /focus naming the field at fault, and writes nothing', async () => {
    const before = snapshot(app, TEAM);
    const long = `log call 1 ${'A'.repeat(2001 - 'log call 1 '.length)}`;
    expect(long).toHaveLength(2001);
    const reply = await app.command(long);
    expect(reply.status).toBe(200);
    // the account name is what is too long: 2,001 − 11 ('log call 1 ') = 1,990 characters
    expect(reply.json().text).toContain('Account names stop at 80 characters (this one has 1,990)');
    expect(reply.text.length).toBeLessThan(2000);
    // The same in the DM, typed without the slash.
    const dm = await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text: long,
      ts: '1764607500.000001',
      channel_type: 'im',
    });
    expect(dm.status).toBe(200);
    await app.stub.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    expect(String(app.stub.callsTo('chat.postMessage')[0]?.params.text)).toContain('(this one has 1,990)');
    expect(snapshot(app, TEAM)).toEqual(before);
  });

  it('refuses a 3,001-character reflection with a clear message, and keeps one of 3,000', async () => {
    app.clock.now = EVENING;
    const client = schedulerClient(BOT_TOKEN, {
      apiUrl: app.stub.apiUrl,
      logger: new JsonLogger('error', { sink: () => {} }),
    });
    const logger = new JsonLogger('error', { sink: () => {} });
    expect(
      (
        await runPass(
          { store: app.store, clients: singleWorkspaceClients(client), defaultTimezone: 'America/New_York', logger },
          EVENING,
        )
      ).map((outcome) => outcome.kind),
    ).toContain('reflection');
    const posts = () => app.stub.callsTo('chat.postMessage').length;
    const dm = async (message: string, n: number) => {
      const sent = posts();
      await app.event({
        type: 'message',
        channel: 'DUREP1',
        user: 'UREP1',
        text: message,
        ts: `1.${n}`,
        channel_type: 'im',
      });
      await app.stub.waitFor(() => posts() > sent);
      return String(app.stub.callsTo('chat.postMessage').at(-1)?.params.text);
    };
    const reflection = () =>
      (
        app.storage.sqlite.prepare('select reflection from checkins where user_id = ?').get('UREP1') as
          | { reflection: string | null }
          | undefined
      )?.reflection ?? null;

    const tooLong = await dm('x'.repeat(3001), 1);
    expect(tooLong).toContain('3001 characters; a reflection keeps up to 3000');
    expect(tooLong).toContain('Nothing was saved');
    expect(reflection()).toBeNull();
    expect(await dm('y'.repeat(3000), 2)).toContain('Saved as your reflection');
    expect(reflection()).toBe('y'.repeat(3000));
  });
});

describe('secrets never reach a log line', () => {
  it('at LOG_LEVEL=debug through commands, a DM, buttons, a form, options, Slack errors and a pass', async () => {
    const temp = tempDatabaseFile();
    const app = await startTestApp({ databasePath: temp.path, now: MORNING });
    try {
      app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
      // Errors too: a failing users.info and a refused DM reply log at warn and error.
      app.stub.on('users.info', (params) =>
        params.user === 'UERR1'
          ? { status: 500, body: 'boom' }
          : { body: { ok: true, user: { id: params.user, tz: 'America/Los_Angeles' } } },
      );
      const reply = await app.command('log call 2 Acme');
      await app.command('quota 120k quarter');
      await app.command('nonsense words');
      await app.command('', { user: 'UERR1' });
      const blocks = reply.json().blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
      const fits = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'icp_fits');
      await app.action(
        buttonPayload({ actionId: 'icp_fits', value: fits?.value ?? '', responseUrl: app.stub.responseUrl('icp') }),
      );
      await app.action(homeButton('home_open_log'));
      await app.action(viewSubmission('modal_log', { in_activity: pick('email'), in_count: number('1') }));
      await app.action(accountSuggestion('Ac'));
      await app.event({ type: 'app_home_opened', user: 'UREP1', channel: 'DUREP1', tab: 'home', event_ts: '1.2' });
      await app.event({
        type: 'message',
        channel: 'DUREP1',
        user: 'UREP1',
        text: 'log demo 1',
        ts: '1.3',
        channel_type: 'im',
      });
      await app.stub.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
      app.stub.on('chat.postMessage', () => ({ body: { ok: false, error: 'channel_not_found' } }));
      await app.event({
        type: 'message',
        channel: 'DUREP1',
        user: 'UREP1',
        text: 'log demo 2',
        ts: '1.4',
        channel_type: 'im',
      });
      await app.stub.waitFor(() => app.logLines.some((line) => line.includes('was lost')));
      // A scheduled pass logging through the same sink, as `cli tick` builds its logger.
      const logger = new JsonLogger('debug', {
        secrets: [BOT_TOKEN],
        sink: (line) => app.logLines.push(line),
      });
      const client = schedulerClient(BOT_TOKEN, { apiUrl: app.stub.apiUrl, logger, retryConfig: { retries: 0 } });
      await runPass(
        { store: app.store, clients: singleWorkspaceClients(client), defaultTimezone: 'America/New_York', logger },
        MORNING,
      );
      await app.home.idle();

      const levels = new Set(app.logLines.map((line) => (JSON.parse(line) as { level: string }).level));
      expect([...levels]).toEqual(expect.arrayContaining(['debug', 'warn', 'error']));
      // Our own debug lines are there; the Slack libraries' (whole request bodies) are not.
      expect(app.logLines.some((line) => line.includes('Accepted a signed request'))).toBe(true);
      expect(app.logLines.some((line) => line.includes('http request body'))).toBe(false);
      for (const line of app.logLines) {
        expect(line).not.toContain(BOT_TOKEN);
        expect(line).not.toContain(SIGNING_SECRET);
      }
    } finally {
      await app.stop();
      temp.remove();
    }
  });
});

describe('the real server and cli tick at LOG_LEVEL=debug', () => {
  const fixture = processFixture();

  it('print neither secret, and /healthz says only that it is alive', async () => {
    const { stub, temp } = fixture;
    const { server, url } = await fixture.startServer({ logLevel: 'debug' });

    const health = await fetch(`${url}/healthz`);
    const healthText = await health.text();
    expect(health.status).toBe(200);
    expect(JSON.parse(healthText)).toEqual({ ok: true });
    const exposed = `${healthText} ${JSON.stringify([...health.headers])}`;
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, temp.path, temp.dir, 'focus.db', 'sqlite', 'node', 'bolt']) {
      expect(exposed.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    // Nothing else answers on that path, and nothing private on a wrong one.
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(404);
    const wrong = await fetch(`${url}/debug`);
    expect(await wrong.text()).not.toMatch(/focus\.db|xoxb|stack|at /);

    const focus = (commandText: string) => postFocus(url, stub, commandText);
    expect((await focus('quota 120k quarter')).status).toBe(200);
    expect((await focus('log call 1 Acme')).status).toBe(200);
    expect((await postSigned(`${url}/slack/events`, 'garbage', FORM, { signature: 'v0=00' })).status).toBe(401);

    const tick = fixture.runCli(['tick', '--now', '2026-12-01T08:45:00-08:00'], 'debug');
    expect(await exited(tick)).toBe(0);
    expect(tick.output()).not.toContain('http request body');
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);

    expect(server.output()).toContain('"level":"debug"');
    for (const output of [server.output(), tick.output()]) {
      expect(output).not.toContain(BOT_TOKEN);
      expect(output).not.toContain(SIGNING_SECRET);
    }
  });
});
