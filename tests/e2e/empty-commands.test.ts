import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { tempStorage } from '../support/db.js';
import { buttonPayload, startTestApp, type TestApp } from '../support/harness.js';

/** Tuesday 2026-12-01, 08:45 in Los Angeles: Monday of the work week is over, Tuesday is not. */
const TUESDAY_MORNING = Date.parse('2026-12-01T16:45:00Z');

/** `/focus target`, `/focus plan` and `/focus icp` typed alone, over signed HTTP: the current state, not an error. */
describe('commands typed alone show the current state', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  async function focus(text: string): Promise<{ text: string; blocks: string; all: string }> {
    const res = await app.command(text);
    expect(res.status).toBe(200);
    const body = res.json() as { text: string; blocks: unknown[] };
    const blocks = JSON.stringify(body.blocks);
    return { text: body.text, blocks, all: `${body.text}\n${blocks}` };
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: TUESDAY_MORNING });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('/focus target lists no targets, then each target with its progress and pace', async () => {
    const none = await focus('target');
    expect(none.all).toContain('You have no activity targets yet.');
    expect(none.all).toContain('/focus target meeting 8/week');
    expect(none.all).not.toContain('⚠️');

    await focus('target call 10/week');
    await focus('target demo 2/day');
    await focus('log call 1 Initech');
    await focus('log call 2');
    const shown = await focus('target');
    // Calls this week: 1 on Initech (unclassified: counts) + 2 without an account (not counted) = 1 counted.
    // Pace: Monday is the one working day of five over (Tuesday is not over at 08:45): floor(10 × 1/5) = 2,
    // so 2 − 1 = 1 behind.
    expect(shown.all).toContain(
      '🔻 Calls: 1 of 10 this week (pace says 2 by now, 1 behind; 2 more outside your ICP or without an account, not counted)',
    );
    // A day target's pace is 0 until the day is over.
    expect(shown.all).toContain('▫️ Demos: 0 of 2 today (on pace)');
    expect(shown.all).not.toContain('⚠️');
  });

  it('/focus plan says how to set a plan when there is none, then shows today’s plan', async () => {
    const none = await focus('plan');
    expect(none.all).toContain('No plan for today (Tuesday, Dec 1) yet.');
    expect(none.all).toContain('/focus plan Call Initech; Send Umbrella proposal');
    expect(none.all).not.toContain('⚠️');

    await focus('plan Call Initech; Send R&amp;D proposal');
    const shown = await focus('plan');
    expect(shown.all).toContain('Today’s plan* (Tuesday, Dec 1): 0 of 2 done');
    expect(shown.all).toContain('☐ Call Initech\\n☐ Send R&amp;D proposal');
    // Nothing was written by looking.
    const rows = app.storage.sqlite.prepare('select plan_items from checkins').all() as { plan_items: string }[];
    expect(rows).toHaveLength(1);
  });

  it('/focus icp lists the accounts waiting for an answer with buttons; a press redraws the rest', async () => {
    const none = await focus('icp');
    expect(none.all).toContain('No accounts are waiting for an ICP answer.');

    await focus('log call 1 Initech');
    await focus('opp 40k Globex *Bold* <b>');
    await focus('icp Umbrella yes');
    await focus('log call 1 Umbrella');
    const list = await focus('icp');
    expect(list.all).toContain('2 accounts are waiting for an ICP answer');
    // Escaped where shown: the name's &, < and > cannot become markup.
    // The name as typed, its asterisks shown as look-alikes so they do not end the bold around it.
    expect(list.blocks).toContain('Does *Globex ∗Bold∗ &lt;b&gt;* fit your ideal customer profile?');
    expect(list.blocks).toContain('Does *Initech* fit your ideal customer profile?');
    expect(list.blocks).not.toContain('Umbrella');
    const body = JSON.parse(list.blocks) as { type: string; elements?: { action_id: string; value: string }[] }[];
    const fits = body.flatMap((b) => b.elements ?? []).filter((e) => e.action_id === ACTIONS.icpListFits);
    expect(fits).toHaveLength(2);

    const initech = app.storage.sqlite.prepare("select id from accounts where name = 'Initech'").get() as {
      id: number;
    };
    const responseUrl = app.stub.responseUrl('icp-list');
    const res = await app.action(
      buttonPayload({
        actionId: ACTIONS.icpListOutside,
        value: String(initech.id),
        responseUrl,
        blockId: `classify:${initech.id}`,
      }),
    );
    expect(res.status).toBe(200);
    await app.stub.waitFor((calls) => calls.some((c) => c.method === 'response_url:icp-list'));
    const redraw = app.stub.callsTo('response_url:icp-list')[0]?.params as {
      replace_original: boolean;
      blocks: unknown;
    };
    expect(redraw.replace_original).toBe(true);
    const redrawn = JSON.stringify(redraw.blocks);
    expect(redrawn).toContain('*Initech* is outside your ICP');
    expect(redrawn).toContain('One account is waiting for an ICP answer');
    expect(redrawn).toContain('Does *Globex ∗Bold∗ &lt;b&gt;* fit');
    expect(redrawn).not.toContain('Does *Initech*');
    const fit = app.storage.sqlite.prepare('select icp from accounts where id = ?').get(initech.id) as { icp: string };
    expect(fit.icp).toBe('no');
  });

  it('an unknown word suggests the nearest command with its form, or the list', async () => {
    const near = await focus('tagret meeting 8/week');
    expect(near.all).toContain('There’s no /focus command ‘tagret’. Did you mean `/focus target`?');
    expect(near.all).toContain('Right form: `/focus target &lt;call|email|meeting|demo|proposal&gt;');
    const far = await focus('dance');
    expect(far.all).toContain('There’s no /focus command ‘dance’. Try `/focus help` for the list.');
    expect(far.all).not.toContain('Example: `/focus help`');
  });
});
