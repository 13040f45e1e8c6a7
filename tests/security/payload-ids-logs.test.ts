/**
 * What a signed request carries is still checked: every team, user and conversation ID is a plain ID
 * before anything stores or shows it; logs hold IDs and lengths, never what a rep typed, at any level; a
 * response_url that never answers is given up within its timeout.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { singleWorkspaceClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { schedulerClient } from '../../src/scheduler/client.js';
import { runPass } from '../../src/scheduler/pass.js';
import { RESPOND_TIMEOUT_MS } from '../../src/slack/respond.js';
import { tempDatabaseFile } from '../support/db.js';
import { BOT_TOKEN, buttonPayload, postSigned, startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { type FieldState, number, pick, text, viewSubmission } from '../support/payloads.js';

/** Monday 2026-11-30 10:00 in New York: the weekly post (Monday 09:00, team zone) is due. */
const MONDAY_MORNING = Date.parse('2026-11-30T15:00:00Z');

const count = (app: TestApp, sql: string) => (app.storage.sqlite.prepare(sql).get() as { n: number }).n;

describe('IDs from payloads and forms', () => {
  let app: TestApp;
  let remove: () => void;

  beforeEach(async () => {
    const temp = tempDatabaseFile();
    remove = () => temp.remove();
    app = await startTestApp({ databasePath: temp.path, now: MONDAY_MORNING, managers: ['UMANAGER1'] });
  });
  afterEach(async () => {
    await app.stop();
    remove();
  });

  const written = () =>
    count(
      app,
      'select (select count(*) from teams) + (select count(*) from reps) + (select count(*) from activities) as n',
    );

  it('acknowledges and drops a command, an event or an action with a missing or malformed team or user', async () => {
    const hostile = 'T1> <!channel>';
    for (const who of [{ team: hostile }, { team: 't1' }, { team: '' }, { user: 'UREP1> <!here>' }, { user: 'X1' }]) {
      const reply = await app.command('log call 1 Acme', who);
      expect(reply.status).toBe(200);
      expect(reply.text).toBe('');
    }
    const dm = await postSigned(
      `${app.url}/slack/events`,
      JSON.stringify({
        team_id: TEAM,
        type: 'event_callback',
        event_id: 'EvBadUser1',
        event: { type: 'message', channel: 'DUREP1', user: '<!channel>', text: 'log call 1 Acme', channel_type: 'im' },
      }),
      'application/json',
    );
    expect(dm.status).toBe(200);
    await app.action(
      viewSubmission('modal_log', { in_activity: pick('call'), in_count: number('1') }, { team: 'T 1' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written()).toBe(0);
    expect(app.stub.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
    const dropped = app.logLines.filter((line) => line.includes('Dropped a'));
    expect(dropped.length).toBeGreaterThanOrEqual(7);
    expect(dropped.join('\n')).toContain('a malformed team (14 characters)');
    for (const line of app.logLines) expect(line).not.toMatch(/<!channel>|<!here>/);
  });

  it('writes nothing for a view_submission with no team (once written under team "")', async () => {
    const payload = viewSubmission('modal_log', { in_activity: pick('call'), in_count: number('2') });
    const { team_id: _, ...user } = payload.user as Record<string, unknown>;
    const res = await app.action({ ...payload, team: null, user, view: { ...(payload.view as object), team_id: '' } });
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written()).toBe(0);
    expect(count(app, "select count(*) as n from teams where id = ''")).toBe(0);
  });

  it('refuses a forged rep or channel under its field, and neither ever reaches the weekly post', async () => {
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
    expect((await app.command('quota 100k quarter')).status).toBe(200);
    const submit = async (callbackId: string, fields: Parameters<typeof viewSubmission>[1]) =>
      (await app.action(viewSubmission(callbackId, fields, { user: 'UMANAGER1' }))).text;
    const teamSettings = (channel: string): Record<string, FieldState> => ({
      in_channel: { type: 'conversations_select', selected_conversation: channel },
      in_weekly_day: pick('1'),
      in_weekly_time: { type: 'timepicker', selected_time: '09:00' },
      in_fiscal_start: pick('1'),
      in_currency: text('USD'),
      in_win_rate: number('25'),
      in_team_period: pick('quarter', 'radio_buttons'),
    });
    expect(await submit('modal_team_settings', teamSettings('C0SALES'))).toBe('');
    const before = app.storage.sqlite.prepare('select * from teams').get();
    const quotasBefore = count(app, 'select count(*) as n from quotas');

    const forgedChannel = JSON.parse(await submit('modal_team_settings', teamSettings('C1> <!channel')));
    expect(forgedChannel).toMatchObject({ response_action: 'errors', errors: { in_channel: expect.any(String) } });
    const forgedRep = JSON.parse(
      await submit('modal_rep_quota', {
        in_rep: { type: 'users_select', selected_user: 'U1> <!channel> <@U2' },
        in_amount: text('150k'),
        in_period: pick('quarter', 'radio_buttons'),
      }),
    );
    expect(forgedRep).toMatchObject({ response_action: 'errors', errors: { in_rep: expect.any(String) } });
    expect(app.storage.sqlite.prepare('select * from teams').get()).toEqual(before);
    expect(count(app, 'select count(*) as n from quotas')).toBe(quotasBefore);

    const logger = new JsonLogger('error', { sink: () => {} });
    const client = schedulerClient(BOT_TOKEN, { apiUrl: app.stub.apiUrl, logger });
    await runPass(
      { store: app.store, clients: singleWorkspaceClients(client), defaultTimezone: 'America/New_York', logger },
      MONDAY_MORNING,
    );
    const posts = app.stub.callsTo('chat.postMessage');
    expect(posts.some((call) => call.params.channel === 'C0SALES')).toBe(true);
    for (const call of posts) expect(JSON.stringify(call.params)).not.toMatch(/<!channel>|U1>|C1>/);
  });
});

describe('logs at debug', () => {
  it('never hold what a rep typed: plans, DMs, buttons, forms, errors', async () => {
    const temp = tempDatabaseFile();
    const app = await startTestApp({ databasePath: temp.path, now: MONDAY_MORNING });
    const marker = `Zq${randomBytes(5).toString('hex')}`;
    try {
      app.stub.users.set('UREP1', { tz: 'America/New_York' });
      await app.command(`plan Call ${marker} first; Send the proposal`);
      const won = await app.command(`won 12k ${marker}`);
      const blocks = won.json().blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
      const fits = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'icp_fits');
      expect(fits?.value).toContain(marker);
      await app.action(
        buttonPayload({ actionId: 'icp_fits', value: fits?.value ?? '', responseUrl: app.stub.responseUrl('a') }),
      );
      // A button naming an account that does not exist, its value full of the rep's words.
      const unknown = JSON.stringify({ accountId: 999, text: `Logged with ${marker}` });
      await app.action(buttonPayload({ actionId: 'icp_fits', value: unknown, responseUrl: app.stub.responseUrl('b') }));
      await app.event({
        type: 'message',
        channel: 'DUREP1',
        user: 'UREP1',
        text: `log call 2 ${marker} Labs`,
        ts: '1764514800.000100',
        channel_type: 'im',
      });
      await app.action(
        viewSubmission('modal_win', {
          in_amount: text('5k'),
          in_account: pick(`new:${marker} Inc`, 'external_select'),
        }),
      );
      await app.stub.waitFor((calls) => calls.filter((c) => c.method.startsWith('response_url:')).length >= 2);
      await app.stub.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
      await app.home.idle();

      // What was typed went where it belongs.
      expect(JSON.stringify(app.stub.calls)).toContain(marker);
      expect(
        app.storage.sqlite.prepare('select count(*) as n from accounts where name like ?').get(`%${marker}%`),
      ).toEqual({ n: 3 });
      // And never into a log line, though debug lines were written.
      expect(app.logLines.some((line) => line.includes('"level":"debug"'))).toBe(true);
      expect(app.logLines.some((line) => line.includes('ICP button for an unknown account'))).toBe(true);
      for (const line of app.logLines) expect(line.toLowerCase()).not.toContain(marker.toLowerCase());
    } finally {
      await app.stop();
      temp.remove();
    }
  });
});

describe('a response_url that never answers', () => {
  let hanging: Server;
  const requests: { arrived: number; closed?: number }[] = [];

  beforeEach(async () => {
    requests.length = 0;
    hanging = createServer((req: IncomingMessage) => {
      const entry: { arrived: number; closed?: number } = { arrived: Date.now() };
      requests.push(entry);
      req.resume();
      req.socket.once('close', () => {
        entry.closed = Date.now();
      });
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('is given up within its timeout, and the answer is saved all the same', async () => {
    const temp = tempDatabaseFile();
    const app = await startTestApp({ databasePath: temp.path, now: MONDAY_MORNING });
    try {
      app.stub.users.set('UREP1', { tz: 'America/New_York' });
      const won = await app.command('won 12k Acme');
      const blocks = won.json().blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
      const fits = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === 'icp_fits');
      const responseUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hooks/never`;
      expect(
        (await app.action(buttonPayload({ actionId: 'icp_fits', value: fits?.value ?? '', responseUrl }))).status,
      ).toBe(200);
      await app.stub.waitFor(() => requests[0]?.closed !== undefined, RESPOND_TIMEOUT_MS + 10_000);
      const [request] = requests;
      // A bound, not a speed: the requirement is that the socket is let go by the timeout (with slack for a busy machine).
      expect((request?.closed ?? 0) - (request?.arrived ?? 0)).toBeLessThan(RESPOND_TIMEOUT_MS + 3000);
      expect(app.storage.sqlite.prepare('select icp from accounts').get()).toEqual({ icp: 'yes' });
      expect(app.logLines.some((line) => line.includes(`no answer in ${RESPOND_TIMEOUT_MS} ms`))).toBe(true);
    } finally {
      await app.stop();
      temp.remove();
    }
  });
});
