import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCheckin } from '../../src/db/checkins.js';
import { openDealsOf, wonBetween } from '../../src/db/deals.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';

/** Tuesday 2026-12-01 in Los Angeles: 08:45 and 17:45 PST. */
const MORNING = Date.parse('2026-12-01T16:45:00Z');
const EVENING = Date.parse('2026-12-02T01:45:00Z');

describe('the bot’s DM', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  let pass: (now: number) => Promise<SendOutcome[]>;
  let messageSeq = 0;

  /** A rep's message in the DM, as Slack delivers it. */
  async function dm(text: string, options: { eventId?: string; retry?: number; user?: string } = {}) {
    const user = options.user ?? 'UREP1';
    const res = await app.event(
      { type: 'message', channel: `D${user}`, user, text, ts: `1764607500.00${++messageSeq}`, channel_type: 'im' },
      {
        eventId: options.eventId,
        headers: options.retry
          ? { 'x-slack-retry-num': String(options.retry), 'x-slack-retry-reason': 'http_timeout' }
          : {},
      },
    );
    expect(res.status).toBe(200);
  }

  /** The bot's replies in the DM (chat.postMessage to the DM channel, from `say`). */
  const replies = (user = 'UREP1') =>
    app.stub
      .callsTo('chat.postMessage')
      .filter((c) => c.params.channel === `D${user}` && !c.params.blocks?.toString().includes('priorities'));

  async function nextReply(count: number): Promise<string> {
    await app.stub.waitFor(() => replies().length >= count);
    return String(replies()[count - 1]?.params.text);
  }

  async function focus(text: string): Promise<string> {
    const res = await app.command(text);
    return `${res.json().text}\n${JSON.stringify(res.json().blocks)}`;
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: MORNING });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    pass = passAgainst(app.stub, app.store);
    await focus('quota 120k quarter');
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('takes a numbered-list answer to the morning check-in as the day’s plan, shown by /focus', async () => {
    expect((await pass(MORNING)).map((o) => o.kind)).toEqual(['checkin']);
    const before = app.stub.callsTo('chat.postMessage').length;
    await dm('1. Call Initech\n2. Send Umbrella proposal');
    await app.stub.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    const reply = String(app.stub.callsTo('chat.postMessage').at(-1)?.params.text);
    expect(reply).toContain('Taken as your plan for Tuesday, Dec 1');
    expect(reply).toContain('This answered the morning check-in');
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.planItems).toEqual([
      { text: 'Call Initech', done: false },
      { text: 'Send Umbrella proposal', done: false },
    ]);
    const card = await focus('');
    expect(card).toContain('☐ Call Initech');
    expect(card).toContain('☐ Send Umbrella proposal');
  });

  it('takes a message as the answer while a prompt waits, even when it starts with a command word', async () => {
    await pass(MORNING);
    await dm('Team lunch; Call Initech');
    await app.stub.waitFor(() => replies().some((c) => String(c.params.text).includes('Taken as your plan')));
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.planItems.map((i) => i.text)).toEqual([
      'Team lunch',
      'Call Initech',
    ]);
    app.clock.now = EVENING;
    await pass(EVENING);
    // Starts with a command word, and would even parse as one: a waiting reflection takes it all the same.
    await dm('Plan better tomorrow, call first');
    await app.stub.waitFor(() => replies().some((c) => String(c.params.text).includes('Saved as your reflection')));
    const day = getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01');
    expect(day?.reflection).toBe('Plan better tomorrow, call first');
    expect(day?.planItems.map((i) => i.text)).toEqual(['Team lunch', 'Call Initech']);
  });

  it('runs a plain command typed while the check-in waits, says so, and keeps waiting for the plan', async () => {
    await focus('opp 30k Globex');
    expect((await pass(MORNING)).map((o) => o.kind)).toEqual(['checkin']);
    const prompts = replies().length;
    await dm('won 12k Initech Corp');
    const won = await nextReply(prompts + 1);
    expect(won).toContain('Initech Corp');
    expect(won).toContain('Taken as a command, not as your plan: the check-in for Tuesday, Dec 1 still waits');
    // $12,000 won today, the first win of the quarter.
    expect(wonBetween(app.storage.db, TEAM, 'UREP1', '2026-12-01', '2026-12-01')).toBe(1_200_000);
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.planItems ?? []).toEqual([]);
    // A sentence that parses as `lost` but names no open deal of the rep's is the answer, as is plain text.
    await dm('Lost deal review; Call Globex');
    expect(await nextReply(prompts + 2)).toContain('Taken as your plan for Tuesday, Dec 1');
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.planItems.map((i) => i.text)).toEqual([
      'Lost deal review',
      'Call Globex',
    ]);
    expect(openDealsOf(app.storage.db, TEAM, 'UREP1').map((d) => d.account)).toEqual(['Globex']);
  });

  it('asks which account was meant for a near name typed while the check-in waits', async () => {
    await focus('opp 30k Initech Corp');
    await pass(MORNING);
    const prompts = replies().length;
    await dm('log meeting Initech');
    const asked = await nextReply(prompts + 1);
    expect(asked).toContain('Initech Corp');
    expect(asked).toContain('Taken as a command, not as your plan');
    // Nothing is logged until the rep answers the question, and no plan was made of it.
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.planItems ?? []).toEqual([]);
  });

  it('keeps a reflection that reads like a tiny win as the reflection, and books nothing', async () => {
    app.clock.now = EVENING;
    expect((await pass(EVENING)).map((o) => o.kind)).toEqual(['reflection']);
    const prompts = replies().length;
    await dm('Won 3 new logos, great day');
    expect(await nextReply(prompts + 1)).toContain('Saved as your reflection');
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.reflection).toBe('Won 3 new logos, great day');
    expect(wonBetween(app.storage.db, TEAM, 'UREP1', '2026-10-01', '2026-12-31')).toBe(0);
  });

  it('runs lost on the rep’s own open deal while the reflection waits, and the reflection still waits', async () => {
    await focus('opp 30k Globex');
    app.clock.now = EVENING;
    expect((await pass(EVENING)).map((o) => o.kind)).toEqual(['reflection']);
    const prompts = replies().length;
    await dm('lost Globex');
    const lost = await nextReply(prompts + 1);
    expect(lost).toContain('Globex');
    expect(lost).toContain('Taken as a command, not as your reflection');
    expect(openDealsOf(app.storage.db, TEAM, 'UREP1')).toEqual([]);
    await dm('Lost Globex to a cheaper rival; qualify budget earlier');
    expect(await nextReply(prompts + 2)).toContain('Saved as your reflection');
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.reflection).toBe(
      'Lost Globex to a cheaper rival; qualify budget earlier',
    );
  });

  it('runs commands typed without the slash, and says when it was not waiting for an answer', async () => {
    await dm('log call 3 Acme');
    expect(await nextReply(1)).toContain('Logged 3 calls with Acme');
    await dm('Call Initech');
    expect(await nextReply(2)).toContain("I wasn't waiting for an answer, so I didn't save that");
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')).toBeUndefined();
    await dm('won banana Acme');
    expect(await nextReply(3)).toContain('banana');
  });

  it('stores the answer to the evening reflection, and the ticks on the plan', async () => {
    await focus('plan Call Initech; Send Umbrella proposal; Prep QBR');
    app.clock.now = EVENING;
    expect((await pass(EVENING)).map((o) => o.kind)).toEqual(['reflection']);
    const reflection = app.stub.callsTo('chat.postMessage').at(-1);
    expect(JSON.stringify(reflection?.params.blocks)).toContain('plan_done:2026-12-01');

    const res = await app.action({
      type: 'block_actions',
      team: { id: TEAM, domain: 'acme-sales' },
      user: { id: 'UREP1', username: 'urep1', team_id: TEAM },
      api_app_id: 'A_FOCUS',
      token: 'legacy',
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'DUREP1', is_ephemeral: false },
      trigger_id: '1.2.3',
      channel: { id: 'DUREP1', name: 'directmessage' },
      response_url: app.stub.responseUrl('reflection'),
      actions: [
        {
          type: 'checkboxes',
          action_id: 'plan_done',
          block_id: 'plan_done:2026-12-01',
          selected_options: [
            { text: { type: 'plain_text', text: 'Call Initech' }, value: '0' },
            { text: { type: 'plain_text', text: 'Prep QBR' }, value: '2' },
          ],
          action_ts: '1700000001.000200',
        },
      ],
    });
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.planItems.map((i) => i.done)).toEqual([
      true,
      false,
      true,
    ]);

    const before = app.stub.callsTo('chat.postMessage').length;
    await dm('Block the first hour for calls, before email.');
    await app.stub.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    expect(String(app.stub.callsTo('chat.postMessage').at(-1)?.params.text)).toContain('Saved as your reflection');
    expect(getCheckin(app.storage.db, TEAM, 'UREP1', '2026-12-01')?.reflection).toBe(
      'Block the first hour for calls, before email.',
    );
  });

  it('applies an event Slack delivers twice only once', async () => {
    await dm('log call 2 Acme', { eventId: 'EvSAME' });
    await dm('log call 2 Acme', { eventId: 'EvSAME', retry: 1 });
    await app.stub.waitFor(() => replies().length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(replies()).toHaveLength(1);
    expect(app.storage.sqlite.prepare('select count(*) as n from activities').get()).toEqual({ n: 1 });
  });

  it('ignores messages from bots and edits', async () => {
    await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text: 'log call 1',
      ts: '1.1',
      channel_type: 'im',
      bot_id: 'B1',
    });
    await app.event({ type: 'message', subtype: 'message_changed', channel: 'DUREP1', ts: '1.2', channel_type: 'im' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(replies()).toHaveLength(0);
    expect(app.storage.sqlite.prepare('select count(*) as n from activities').get()).toEqual({ n: 0 });
  });

  it('shows the team’s progress privately with /focus team', async () => {
    const text = await focus('team');
    expect(text).toContain('Team progress toward quota');
    expect(text).toContain('<@UREP1>');
    expect(text).toContain('$120,000 to go');
  });
});
