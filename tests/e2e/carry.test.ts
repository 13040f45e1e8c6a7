import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCheckin, setPlanDone } from '../../src/db/checkins.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { dmMessageAction } from '../support/payloads.js';
import type { StubMessage } from '../support/slack-stub.js';

/** Monday 2026-11-30 and Tuesday 2026-12-01 in Los Angeles (PST, UTC−8). */
const MONDAY_0845 = Date.parse('2026-11-30T16:45:00Z');
const MONDAY_1745 = Date.parse('2026-12-01T01:45:00Z');
const TUESDAY_0845 = Date.parse('2026-12-01T16:45:00Z');
const MONDAY = '2026-11-30';
const TUESDAY = '2026-12-01';

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id: string; text: { text: string } }[];
}

describe('the morning check-in brings yesterday into today', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  let pass: (now: number) => Promise<SendOutcome[]>;
  let seq = 0;

  const posts = () => app.stub.callsTo('chat.postMessage').filter((c) => c.params.channel === 'DUREP1');
  const updates = () => app.stub.callsTo('chat.update');
  const todayItems = () => getCheckin(app.storage.db, TEAM, 'UREP1', TUESDAY)?.planItems.map((item) => item.text);
  const checkin = (): StubMessage => {
    const found = (app.stub.messages.get('DUREP1') ?? []).find((m) => JSON.stringify(m.blocks).includes('carry_text'));
    if (!found) throw new Error('no check-in with carry blocks');
    return found;
  };
  const blocks = () => checkin().blocks as Block[];
  const block = (id: string) => blocks().find((b) => b.block_id === id);
  const carryButtons = () => block(`carry:${MONDAY}`)?.elements?.map((e) => [e.action_id, e.text.text]) ?? [];

  async function dm(text: string): Promise<void> {
    const res = await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text,
      ts: `1764607500.00${++seq}`,
      channel_type: 'im',
    });
    expect(res.status).toBe(200);
  }

  /** A carry button pressed in the check-in as it stands now (or in `message`, a copy from before). */
  async function press(actionId: string, message: StubMessage = checkin()): Promise<void> {
    const before = updates().length + app.stub.calls.filter((c) => c.method.startsWith('response_url')).length;
    const res = await app.action(
      dmMessageAction(
        message,
        {
          state: { values: {} },
          response_url: app.stub.responseUrl('carry'),
          actions: [
            {
              type: 'button',
              action_id: actionId,
              block_id: `carry:${MONDAY}`,
              value: actionId === 'carry_all' ? 'all' : actionId.split(':')[1],
              text: { type: 'plain_text', text: 'Carry', emoji: true },
              action_ts: '1764607600.000200',
            },
          ],
        },
        { triggerId: '13345224609.738474920.5' },
      ),
    );
    expect(res.status).toBe(200);
    // Done once the message is updated or a private word is sent.
    await app.stub.waitFor(
      () => updates().length + app.stub.calls.filter((c) => c.method.startsWith('response_url')).length > before,
    );
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: MONDAY_0845 });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    pass = passAgainst(app.stub, app.store);
    // Monday: a quota, one open deal, a plan of three; the first done; the evening's answer.
    await app.command('quota 120k quarter');
    await app.command('opp 45k Globex');
    await app.command('plan Call Initech; Send Umbrella proposal; Prep QBR');
    setPlanDone(app.storage.db, { teamId: TEAM, userId: 'UREP1', localDate: MONDAY, doneIndexes: [0] });
    app.clock.now = MONDAY_1745;
    expect((await pass(MONDAY_1745)).map((o) => o.kind)).toEqual(['reflection']);
    await dm('Block the first hour for calls, before email.');
    await app.stub.waitFor(() => posts().some((c) => String(c.params.text).includes('Saved as your reflection')));
    app.clock.now = TUESDAY_0845;
    expect((await pass(TUESDAY_0845)).map((o) => o.kind)).toEqual(['checkin']);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('quotes yesterday’s answer, offers the unfinished items and suggests priorities from the numbers', () => {
    const texts = blocks().map((b) => b.text?.text);
    expect(texts).toContain(
      '*What you said you’d change* (yesterday):\n“Block the first hour for calls, before email.”',
    );
    expect(block(`carry_text:${MONDAY}`)?.text?.text).toBe(
      '*Unfinished from Monday, Nov 30*\n☐ Send Umbrella proposal\n☐ Prep QBR\nCarry them into today’s plan?',
    );
    expect(carryButtons()).toEqual([
      ['carry_all', 'Carry all'],
      ['carry_item:1', 'Send Umbrella proposal'],
      ['carry_item:2', 'Prep QBR'],
    ]);
    // Globex, $45,000, no close date given: it closes at the period's end, Dec 31; its fit is not set yet
    expect(texts).toContain(
      '*Suggested from your numbers*\n1. Move *Globex* ($45,000) toward a close by Dec 31\n' +
        '2. Classify *Globex*: does it fit your ICP?',
    );
  });

  it('carries one item, joins the rep’s answer to it, then carries the other, never twice', async () => {
    const original = checkin();
    await press('carry_item:2');
    expect(todayItems()).toEqual(['Prep QBR']);
    expect(block(`carry_text:${MONDAY}`)?.text?.text).toBe(
      '*Unfinished from Monday, Nov 30*\n☐ Send Umbrella proposal\n✅ In today’s plan: Prep QBR\nCarry it into today’s plan?',
    );
    expect(carryButtons()).toEqual([['carry_item:1', 'Send Umbrella proposal']]);

    // The check-in still waits: the rep's answer becomes the plan, after what was carried.
    await dm('Call Globex');
    await app.stub.waitFor(() => posts().some((c) => String(c.params.text).includes('Taken as your plan')));
    expect(todayItems()).toEqual(['Prep QBR', 'Call Globex']);

    await press('carry_item:1');
    expect(todayItems()).toEqual(['Prep QBR', 'Call Globex', 'Send Umbrella proposal']);
    expect(block(`carry:${MONDAY}`)).toBeUndefined();
    expect(block(`carry_text:${MONDAY}`)?.text?.text).toBe(
      '*Unfinished from Monday, Nov 30*\n✅ In today’s plan: Send Umbrella proposal · Prep QBR',
    );

    // "Carry all" pressed in a copy of the message from before: nothing is added twice.
    await press('carry_all', original);
    expect(todayItems()).toEqual(['Prep QBR', 'Call Globex', 'Send Umbrella proposal']);
    // The other blocks of the check-in are as they were sent.
    expect(blocks().map((b) => b.text?.text)).toContain(
      '*What you said you’d change* (yesterday):\n“Block the first hour for calls, before email.”',
    );
  });

  it('carries all at once, and the answer that follows joins them', async () => {
    await press('carry_all');
    expect(todayItems()).toEqual(['Send Umbrella proposal', 'Prep QBR']);
    expect(block(`carry:${MONDAY}`)).toBeUndefined();
    expect(block(`carry_text:${MONDAY}`)?.text?.text).toBe(
      '*Unfinished from Monday, Nov 30*\n✅ In today’s plan: Send Umbrella proposal · Prep QBR\n' +
        'Reply with today’s other priorities: they join these.',
    );
    await dm('1. Call Globex\n2. Prep QBR');
    await app.stub.waitFor(() => posts().some((c) => String(c.params.text).includes('Taken as your plan')));
    // Prep QBR typed again is the rep's own item now, once
    expect(todayItems()).toEqual(['Send Umbrella proposal', 'Call Globex', 'Prep QBR']);
  });

  it('still sends the one reminder after items were only carried, and none after the rep’s own answer', async () => {
    await press('carry_all');
    // Two hours after the 08:45 check-in (16:45Z): carried items alone are no answer, so the reminder goes.
    const tuesday1045 = TUESDAY_0845 + 2 * 60 * 60_000;
    app.clock.now = tuesday1045;
    expect((await pass(tuesday1045)).map((o) => o.kind)).toEqual(['reminder']);
  });

  it('sends no reminder once the rep answered the check-in themselves', async () => {
    await dm('Call Globex');
    await app.stub.waitFor(() => posts().some((c) => String(c.params.text).includes('Taken as your plan')));
    const tuesday1045 = TUESDAY_0845 + 2 * 60 * 60_000;
    app.clock.now = tuesday1045;
    expect(await pass(tuesday1045)).toEqual([]);
  });

  it('says privately what did not fit in a full plan', async () => {
    await app.command(`plan ${Array.from({ length: 10 }, (_, i) => `Item ${i + 1}`).join('; ')}`);
    await press('carry_all');
    // The check-in is redrawn first, then the private word is sent.
    await app.stub.waitFor(() => app.stub.callsTo('response_url:carry').length > 0);
    expect(todayItems()).toHaveLength(10);
    const said = app.stub.callsTo('response_url:carry').at(-1)?.params.text;
    expect(said).toBe(
      'Today’s plan holds at most 10 items, so ‘Send Umbrella proposal’, ‘Prep QBR’ were not carried. ' +
        'Set a shorter plan with `/focus plan …`, then carry again.',
    );
  });

  it('escapes a plan item’s own <, > and & in the private word, so nothing becomes a link', async () => {
    // Monday's unfinished item as Slack sent it when typed: `Send deck to <CFO> & legal`.
    app.storage.sqlite
      .prepare('update checkins set plan_items = ? where user_id = ? and local_date = ?')
      .run(JSON.stringify([{ text: 'Send deck to &lt;CFO&gt; &amp; legal', done: false }]), 'UREP1', MONDAY);
    await app.command(`plan ${Array.from({ length: 10 }, (_, i) => `Item ${i + 1}`).join('; ')}`);
    await press('carry_item:0');
    await app.stub.waitFor(() => app.stub.callsTo('response_url:carry').length > 0);
    expect(app.stub.callsTo('response_url:carry').at(-1)?.params.text).toContain(
      'so ‘Send deck to &lt;CFO&gt; &amp; legal’ was not carried',
    );
  });

  it('says what was carried privately when the check-in cannot be updated', async () => {
    app.stub.on('chat.update', () => ({ body: { ok: false, error: 'cant_update_message' } }));
    await press('carry_item:1');
    await app.stub.waitFor(() => app.stub.callsTo('response_url:carry').length > 0);
    expect(todayItems()).toEqual(['Send Umbrella proposal']);
    expect(app.stub.callsTo('response_url:carry').at(-1)?.params.text).toBe(
      'Carried into today’s plan: ‘Send Umbrella proposal’.',
    );
  });
});
