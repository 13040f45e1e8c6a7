import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCheckin } from '../../src/db/checkins.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { dmMessageAction, interactionEnvelope } from '../support/payloads.js';
import type { StubMessage } from '../support/slack-stub.js';

/** Tuesday 2026-12-01 in Los Angeles: 08:45 and 17:45 PST. */
const MORNING = Date.parse('2026-12-01T16:45:00Z');
const EVENING = Date.parse('2026-12-02T01:45:00Z');
const DAY = '2026-12-01';
const PLAN = ['Call Initech', 'Send Umbrella proposal', 'Prep QBR'];

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { type: string; options?: Option[]; initial_options?: Option[] }[];
}
interface Option {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
}

/** The checkbox group of a message or view, by its block ID. */
function checkboxes(blocks: unknown, blockId = `plan_done:${DAY}`) {
  const block = (blocks as Block[]).find((b) => b.block_id === blockId);
  const element = block?.elements?.[0];
  if (!element?.options) throw new Error(`no checkboxes ${blockId}`);
  return element as { options: Option[]; initial_options?: Option[] };
}

const ticked = (blocks: unknown) => (checkboxes(blocks).initial_options ?? []).map((option) => option.value);

describe('ticking plan items keeps every tick, in the reflection and on Home', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  let pass: (now: number) => Promise<SendOutcome[]>;
  /** Slack's action_ts of the next tick: seconds and microseconds, later for each tick. */
  let tickSecond = 1764639900;
  const nextActionTs = () => `${++tickSecond}.000200`;

  const storedDone = () => getCheckin(app.storage.db, TEAM, 'UREP1', DAY)?.planItems.map((item) => item.done);
  const updates = () => app.stub.callsTo('chat.update');
  const reflection = (): StubMessage => {
    const found = (app.stub.messages.get('DUREP1') ?? []).find((m) => JSON.stringify(m.blocks).includes('plan_done'));
    if (!found) throw new Error('no reflection posted');
    return found;
  };

  /**
   * A tick in the reflection, as Slack sends it: the message as it stands now (its blocks, text and ts) and
   * the group's whole selection, whose options are the message's own.
   */
  async function tickInReflection(selected: number[], actionTs = nextActionTs()): Promise<void> {
    const message = reflection();
    const options = checkboxes(message.blocks).options;
    const selectedOptions = selected.map((index) => options[index]);
    const before = updates().length;
    const res = await app.action(
      dmMessageAction(
        message,
        {
          state: {
            values: { [`plan_done:${DAY}`]: { plan_done: { type: 'checkboxes', selected_options: selectedOptions } } },
          },
          response_url: app.stub.responseUrl('reflection'),
          actions: [
            {
              type: 'checkboxes',
              action_id: 'plan_done',
              block_id: `plan_done:${DAY}`,
              selected_options: selectedOptions,
              action_ts: actionTs,
            },
          ],
        },
        { triggerId: '13345224609.738474920.7' },
      ),
    );
    expect(res.status).toBe(200);
    await app.stub.waitFor(() => updates().length > before);
  }

  /** A tick on the Home tab, as Slack sends it: the view, and the group's whole selection. */
  function homeTick(selected: readonly number[], blocks: unknown[] = []): Record<string, unknown> {
    return {
      ...interactionEnvelope('block_actions'),
      container: { type: 'view', view_id: 'VHOME' },
      trigger_id: '13345224609.738474920.8',
      view: { id: 'VHOME', type: 'home', team_id: TEAM, callback_id: '', blocks, state: { values: {} } },
      actions: [
        {
          type: 'checkboxes',
          action_id: 'plan_done',
          block_id: `plan_done:${DAY}`,
          selected_options: selected.map((index) => ({
            text: { type: 'plain_text', text: PLAN[index], emoji: true },
            value: String(index),
          })),
          action_ts: nextActionTs(),
        },
      ],
    };
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: MORNING });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    pass = passAgainst(app.stub, app.store);
    await app.command('quota 120k quarter');
    await app.command(`plan ${PLAN.join('; ')}`);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('tick 1, tick 3, untick 1: the stored plan and the updated reflection agree after each step', async () => {
    app.clock.now = EVENING;
    expect((await pass(EVENING)).map((o) => o.kind)).toEqual(['reflection']);
    expect(reflection().text).toContain('0 of 3 plan items done so far.');
    expect(ticked(reflection().blocks)).toEqual([]);

    await tickInReflection([0]);
    expect(storedDone()).toEqual([true, false, false]);
    expect(ticked(reflection().blocks)).toEqual(['0']);
    expect(reflection().text).toContain('1 of 3 plan items done so far.');
    const heading = (reflection().blocks as Block[]).find((b) => b.block_id === `plan_summary:${DAY}`);
    expect(heading?.text?.text).toBe('*Today’s plan*: 1 of 3 done. Tick what got done.');

    // Slack starts the next selection from the updated message's initial_options: item 1 stays ticked.
    await tickInReflection([0, 2]);
    expect(storedDone()).toEqual([true, false, true]);
    expect(ticked(reflection().blocks)).toEqual(['0', '2']);
    expect(reflection().text).toContain('2 of 3 plan items done so far.');

    await tickInReflection([2]);
    expect(storedDone()).toEqual([false, false, true]);
    expect(ticked(reflection().blocks)).toEqual(['2']);
    expect(reflection().text).toContain('1 of 3 plan items done so far.');

    // Everything but the plan part is as it was sent: the header, the day's work, the gap and the question.
    const last = updates().at(-1)?.params as { channel: string; blocks: Block[] };
    expect(last.channel).toBe('DUREP1');
    expect(last.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions', 'section', 'section', 'section']);
    expect(last.blocks[5]?.text?.text).toContain('What will you change tomorrow?');
  });

  it('keeps the ticks in the other order too (3 before 1)', async () => {
    app.clock.now = EVENING;
    await pass(EVENING);
    await tickInReflection([2]);
    await tickInReflection([0, 2]);
    expect(storedDone()).toEqual([true, false, true]);
    expect(ticked(reflection().blocks)).toEqual(['0', '2']);
    expect(reflection().text).toContain('2 of 3 plan items done so far.');
  });

  it('drops a tick delivered after a newer one, which carried the whole selection already', async () => {
    app.clock.now = EVENING;
    await pass(EVENING);
    const first = nextActionTs();
    const second = nextActionTs();
    await tickInReflection([0, 2], second);
    // The earlier tick (item 1 alone) arrives late: applying it would untick item 3.
    const before = app.logLines.length;
    const message = reflection();
    const options = checkboxes(message.blocks).options;
    const res = await app.action({
      ...interactionEnvelope('block_actions'),
      container: { type: 'message', message_ts: message.ts, channel_id: 'DUREP1', is_ephemeral: false },
      trigger_id: '13345224609.738474920.7',
      channel: { id: 'DUREP1', name: 'directmessage' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: app.stub.responseUrl('reflection'),
      actions: [
        {
          type: 'checkboxes',
          action_id: 'plan_done',
          block_id: `plan_done:${DAY}`,
          selected_options: [options[0]],
          action_ts: first,
        },
      ],
    });
    expect(res.status).toBe(200);
    const said = () => app.logLines.slice(before).some((line) => line.includes('arrived after a newer one'));
    await waitUntil(said);
    expect(said()).toBe(true);
    expect(storedDone()).toEqual([true, false, true]);
    expect(ticked(reflection().blocks)).toEqual(['0', '2']);
  });

  it('keeps the tick when Slack refuses the update, and logs it', async () => {
    app.clock.now = EVENING;
    await pass(EVENING);
    app.stub.on('chat.update', () => ({ body: { ok: false, error: 'cant_update_message' } }));
    await tickInReflection([1]);
    expect(storedDone()).toEqual([false, true, false]);
    const warned = () => app.logLines.some((line) => line.includes('Could not update a message in place'));
    await waitUntil(warned);
    expect(warned()).toBe(true);
  });

  it('redraws a sent reflection after a tick on Home, so a tick in the DM after it keeps both', async () => {
    app.clock.now = EVENING;
    await pass(EVENING);
    await app.home.idle();
    const before = updates().length;
    const res = await app.action(homeTick([1]));
    expect(res.status).toBe(200);
    await app.stub.waitFor(() => updates().length > before);
    expect(storedDone()).toEqual([false, true, false]);
    expect(ticked(reflection().blocks)).toEqual(['1']);
    expect(reflection().text).toContain('1 of 3 plan items done so far.');
    // The DM's checkboxes now start from item 2 ticked; ticking item 3 there sends both.
    await tickInReflection([1, 2]);
    expect(storedDone()).toEqual([false, true, true]);
    expect(ticked(reflection().blocks)).toEqual(['1', '2']);
  });

  it('republishes Home with the ticks as initial_options after each tick there', async () => {
    const publishes = () => app.stub.callsTo('views.publish').filter((c) => c.params.user_id === 'UREP1');
    const lastHome = () => (publishes().at(-1)?.params.view as { blocks: Block[] } | undefined)?.blocks ?? [];
    // The plan's own refresh (behind the command's reply) first: each publish below is then the latest.
    await app.home.idle();
    const before = publishes().length;
    await app.event({ type: 'app_home_opened', user: 'UREP1', channel: 'DUREP1', tab: 'home', event_ts: '1.2' });
    await app.stub.waitFor(() => publishes().length > before);
    expect(ticked(lastHome())).toEqual([]);

    for (const [selected, done] of [
      [[1], [false, true, false]],
      [
        [1, 2],
        [false, true, true],
      ],
      [[2], [false, false, true]],
    ] as const) {
      // The options Slack sends back are Home's own.
      expect(checkboxes(lastHome()).options.map((option) => option.text.text)).toEqual(PLAN);
      const count = publishes().length;
      const res = await app.action(homeTick(selected, lastHome()));
      expect(res.status).toBe(200);
      await waitUntil(() => JSON.stringify(storedDone()) === JSON.stringify(done));
      expect(storedDone()).toEqual(done);
      // The refresh is asked for as the tick is stored; it (and any it folded in) has published by idle.
      await app.home.idle();
      expect(publishes().length).toBeGreaterThan(count);
      expect(ticked(lastHome())).toEqual(selected.map(String));
    }
    // No reflection was sent today yet: no message to update.
    expect(updates()).toHaveLength(0);
  });
});

/** Polls a condition the app reaches after acknowledging (its work goes on after the HTTP 200). */
async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
