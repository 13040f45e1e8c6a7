import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountById, findAccount } from '../../src/db/accounts.js';
import { openDealsOf } from '../../src/db/deals.js';
import { exportData } from '../../src/db/export.js';
import { getSend, sendKey } from '../../src/db/sends.js';
import { VIEWS } from '../../src/slack/ids.js';
import { tempDatabaseFile } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { interactionEnvelope, pick, text, viewSubmission } from '../support/payloads.js';

/**
 * Keeping the numbers honest from the check-in and Home: stale deals (a new close date, still on, or
 * lost) and unclassified accounts (fits or not), answered with buttons and a date picker.
 *
 * Set up on Mon Nov 2, 2026 in New York: Globex $40,000 closing Nov 20; Initech $30,000 closing Dec 31;
 * Acme $20,000 (fit not set), opened Dec 1. On Thu Dec 3: Globex's close date has passed, Initech has
 * had no change and no activity for 31 days (Nov 2 → Dec 3), Acme is unclassified.
 */
const NOV_2 = Date.parse('2026-11-02T17:00:00Z');
const DEC_1 = Date.parse('2026-12-01T17:00:00Z');
const DEC_3_MORNING = Date.parse('2026-12-03T14:05:00Z');

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Record<string, unknown>[] };

describe('the questions in the check-in and on Home', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempDatabaseFile>;
  let checkin: { ts: string; text: string; blocks: Block[] };

  async function focus(command: string, user = 'UREP1') {
    const res = await app.command(command, { user });
    expect(res.status).toBe(200);
    return res.json();
  }

  const dealOf = (account: string) => {
    const deal = openDealsOf(app.storage.db, TEAM, 'UREP1').find((d) => d.account === account);
    if (!deal) throw new Error(`no open ${account}`);
    return deal;
  };

  /** A block action in the check-in DM, as Slack sends it for a bot message: with the message's blocks. */
  function inCheckin(action: Record<string, unknown>, user = 'UREP1') {
    return app.action({
      ...interactionEnvelope('block_actions', { user }),
      container: { type: 'message', message_ts: checkin.ts, channel_id: 'DUREP1', is_ephemeral: false },
      trigger_id: '13345224609.738474920.5',
      channel: { id: 'DUREP1', name: 'directmessage' },
      message: { type: 'message', ts: checkin.ts, text: checkin.text, blocks: checkin.blocks },
      response_url: app.stub.responseUrl('checkin'),
      actions: [{ action_ts: '1764770000.000100', ...action }],
    });
  }

  function onHome(action: Record<string, unknown>) {
    return app.action({
      ...interactionEnvelope('block_actions'),
      container: { type: 'view', view_id: 'VHOME1' },
      trigger_id: '13345224609.738474920.6',
      view: { id: 'VHOME1', type: 'home', team_id: TEAM, state: { values: {} } },
      actions: [{ action_ts: '1764770000.000200', ...action }],
    });
  }

  /** A stale deal question's date picker, set to `date`. */
  const pickedCloseDate = (dealId: number, date: string) => ({
    type: 'datepicker',
    action_id: 'stale_new_date',
    block_id: `stale_deal:${dealId}`,
    selected_date: date,
  });

  /** A question's button: its block is the question's (`prefix:id`), its value the deal's or account's ID. */
  const pressed = (actionId: string, prefix: string, id: number | undefined) => ({
    type: 'button',
    action_id: actionId,
    block_id: `${prefix}:${id}`,
    value: String(id),
  });

  /** The opportunity form, submitted for an account by name (a new one, or an open deal's). */
  const submitOpp = (fields: { amount: string; account: string; fit: string | null; closeDate: string | null }) =>
    app.action(
      viewSubmission(VIEWS.opp, {
        in_amount: text(fields.amount),
        in_account: pick(`new:${fields.account}`, 'external_select'),
        in_account_fit: pick(fields.fit, 'radio_buttons'),
        in_close_date: { type: 'datepicker', selected_date: fields.closeDate },
      }),
    );

  const updates = () => app.stub.callsTo('chat.update');
  const lastUpdateText = () => JSON.stringify(updates().at(-1)?.params.blocks ?? []);

  beforeEach(async () => {
    temp = tempDatabaseFile();
    app = await startTestApp({ databasePath: temp.path, now: NOV_2 });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UREP2', { tz: 'America/New_York' });
    await focus('quota 150k quarter');
    await focus('opp 40k Globex close 11/20');
    await focus('opp 30k Initech close 12/31');
    await focus('icp Globex yes');
    await focus('icp Initech yes');
    app.clock.now = DEC_1;
    await focus('opp 20k Acme');
    app.clock.now = DEC_3_MORNING;
    await passAgainst(app.stub, app.store)(DEC_3_MORNING);
    const posted = app.stub.callsTo('chat.postMessage').find((c) => c.params.channel === 'DUREP1');
    if (!posted) throw new Error('no check-in');
    // The ts Slack answered with, as the pass recorded it for the send.
    const ts = getSend(app.storage.db, sendKey(TEAM, 'UREP1', 'checkin', '2026-12-03'))?.messageTs ?? '';
    expect(ts).not.toBe('');
    checkin = { ts, text: String(posted.params.text), blocks: posted.params.blocks as Block[] };
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('asks about both stale deals and the unclassified account in the check-in', () => {
    const ids = checkin.blocks.map((b) => b.block_id).filter(Boolean);
    const globex = dealOf('Globex');
    const initech = dealOf('Initech');
    const acme = findAccount(app.storage.db, TEAM, 'Acme');
    expect(ids).toEqual(
      expect.arrayContaining([`stale_deal:${globex.id}`, `stale_deal:${initech.id}`, `classify:${acme?.id}`]),
    );
    const all = JSON.stringify(checkin.blocks);
    expect(all).toContain('*Globex* · $40,000: its close date, Nov 20, has passed. Still real?');
    expect(all).toContain('*Initech* · $30,000: no change and no activity on the account for 31 days. Still real?');
    expect(all).toContain('Still on for Dec 31');
    expect(all).toContain('Does *Acme* fit your ideal customer profile?');
  });

  it('moves a stale deal’s close date from the date picker, and replaces only that question', async () => {
    const globex = dealOf('Globex');
    await inCheckin(pickedCloseDate(globex.id, '2027-01-15'));
    await app.stub.waitFor(() => updates().length === 1);
    expect(dealOf('Globex')).toMatchObject({ closeOn: '2027-01-15', lastTouchedOn: '2026-12-03' });
    const blocks = updates()[0]?.params.blocks as Block[];
    expect(blocks.some((b) => b.block_id === `stale_deal:${globex.id}`)).toBe(false);
    expect(blocks.some((b) => b.block_id === `stale_deal_text:${globex.id}`)).toBe(false);
    expect(blocks.some((b) => b.block_id === `stale_deal:${dealOf('Initech').id}`)).toBe(true);
    expect(lastUpdateText()).toContain('*Globex* ($40,000): close date now Jan 15, 2027 (was Nov 20)');
    expect(updates()[0]?.params).toMatchObject({ channel: 'DUREP1', ts: checkin.ts });
    // Jan 15 is after Q4: the card shows it apart as later pipeline, not counted
    const card = JSON.stringify((await focus('')).blocks);
    expect(card).toContain('Closing after Q4 2026: $40,000 in 1 deal');
  });

  it('refuses a close date in the past privately, and changes nothing', async () => {
    const globex = dealOf('Globex');
    await inCheckin(pickedCloseDate(globex.id, '2026-12-01'));
    await app.stub.waitFor(() => app.stub.callsTo('response_url:checkin').length === 1);
    expect(app.stub.callsTo('response_url:checkin')[0]?.params).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Pick a close date from today (2026-12-03) on; nothing was changed.',
    });
    expect(dealOf('Globex').closeOn).toBe('2026-11-20');
    expect(updates()).toHaveLength(0);
  });

  it('refuses a close date picked years away', async () => {
    const globex = dealOf('Globex');
    await inCheckin(pickedCloseDate(globex.id, '2099-01-01'));
    await app.stub.waitFor(() => app.stub.callsTo('response_url:checkin').length === 1);
    expect(app.stub.callsTo('response_url:checkin')[0]?.params.text).toBe(
      'Pick a close date within 3 years; nothing was changed.',
    );
    expect(dealOf('Globex').closeOn).toBe('2026-11-20');
  });

  it('keeps an idle deal on its date with “Still on”, so it counts again', async () => {
    const initech = dealOf('Initech');
    await inCheckin(pressed('stale_still_on', 'stale_deal', initech.id));
    await app.stub.waitFor(() => updates().length === 1);
    expect(dealOf('Initech')).toMatchObject({ closeOn: '2026-12-31', lastTouchedOn: '2026-12-03' });
    expect(lastUpdateText()).toContain('*Initech* ($30,000) is still on for Dec 31.');
    // counted now: Initech $30,000 + Acme $20,000 (unclassified still counts) = $50,000
    const card = JSON.stringify((await focus('')).blocks);
    expect(card).toContain('$50,000 in 2 deals closing in Q4 2026');
  });

  it('marks a stale deal lost', async () => {
    const globex = dealOf('Globex');
    await inCheckin(pressed('stale_lost', 'stale_deal', globex.id));
    await app.stub.waitFor(() => updates().length === 1);
    expect(openDealsOf(app.storage.db, TEAM, 'UREP1').map((d) => d.account)).not.toContain('Globex');
    const lost = exportData(app.storage.db, TEAM).deals?.find((d) => d.id === globex.id);
    expect(lost).toMatchObject({ status: 'lost', closedOn: '2026-12-03' });
    expect(lastUpdateText()).toContain('*Globex* ($40,000) marked lost.');
  });

  it('classifies an account from the check-in', async () => {
    const acme = findAccount(app.storage.db, TEAM, 'Acme');
    await inCheckin(pressed('classify_outside', 'classify', acme?.id));
    await app.stub.waitFor(() => updates().length === 1);
    expect(accountById(app.storage.db, TEAM, acme?.id ?? 0)?.icp).toBe('no');
    expect(lastUpdateText()).toContain(
      '*Acme* is outside your ICP: its deals and activity no longer count toward your gap.',
    );
    const card = JSON.stringify((await focus('')).blocks);
    expect(card).toContain('Outside your ICP, not counted: $20,000 in 1 deal');
  });

  it('never changes another rep’s deal from a forged answer', async () => {
    const globex = dealOf('Globex');
    await inCheckin(pressed('stale_lost', 'stale_deal', globex.id), 'UREP2');
    await app.stub.waitFor(() => updates().length === 1);
    expect(dealOf('Globex').closeOn).toBe('2026-11-20');
    expect(lastUpdateText()).toContain('That deal is no longer open; nothing was changed.');
  });

  it('asks the same questions on Home, and answering there refreshes Home without them', async () => {
    await app.home.refresh(TEAM, 'UREP1');
    await app.home.idle();
    const publishes = () => app.stub.callsTo('views.publish');
    const before = JSON.stringify(publishes().at(-1)?.params.view);
    const globex = dealOf('Globex');
    expect(before).toContain(`stale_deal:${globex.id}`);
    await onHome(pickedCloseDate(globex.id, '2026-12-20'));
    await app.stub.waitFor(
      () =>
        JSON.stringify(publishes().at(-1)?.params.view).includes('Keep your numbers honest') &&
        !JSON.stringify(publishes().at(-1)?.params.view).includes(`stale_deal:${globex.id}`),
    );
    expect(dealOf('Globex').closeOn).toBe('2026-12-20');
    expect(updates()).toHaveLength(0);
  });

  it('takes a close date in the opportunity form, and refuses one in the past', async () => {
    const submit = (date: string) => submitOpp({ amount: '25k', account: 'Hooli', fit: 'yes', closeDate: date });
    const past = await submit('2026-12-02');
    expect(past.json()).toEqual({
      response_action: 'errors',
      errors: { in_close_date: 'Pick a close date from today (2026-12-03) on.' },
    });
    const ok = await submit('2027-02-10');
    expect(ok.status).toBe(200);
    expect(dealOf('Hooli')).toMatchObject({ closeOn: '2027-02-10', icp: 'yes', amountCents: 2_500_000 });
    const tooFar = await submit('2099-01-01');
    expect(tooFar.json()).toEqual({
      response_action: 'errors',
      errors: { in_close_date: 'Pick a close date within 3 years.' },
    });
  });

  it('keeps an open deal’s close date when the form leaves the date empty, and gives a new one the period’s end', async () => {
    const submit = (account: string, amount: string) => submitOpp({ amount, account, fit: null, closeDate: null });
    // Globex closes Nov 20 (stale): raising its amount from the form must not move its date
    expect((await submit('Globex', '90k')).status).toBe(200);
    expect(dealOf('Globex')).toMatchObject({ amountCents: 9_000_000, closeOn: '2026-11-20' });
    expect((await submit('Stark', '10k')).status).toBe(200);
    expect(dealOf('Stark')).toMatchObject({ amountCents: 1_000_000, closeOn: '2026-12-31' });
  });
});
