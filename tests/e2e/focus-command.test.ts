import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { tempStorage } from '../support/db.js';
import { buttonPayload, startTestApp, type TestApp } from '../support/harness.js';

/** Tuesday 2026-12-01, 09:00 in Los Angeles (17:00Z): inside Q4 2026. */
const TUESDAY_9AM_PACIFIC = Date.parse('2026-12-01T17:00:00Z');

type Reply = { text?: string; blocks?: unknown[]; response_type?: string };

function allText(reply: Reply): string {
  return `${reply.text ?? ''}\n${JSON.stringify(reply.blocks ?? [])}`;
}

describe('/focus over signed HTTP', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  async function focus(text: string, user = 'UREP1'): Promise<Reply> {
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    const reply = res.json() as Reply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text?.length).toBeGreaterThan(0);
    return reply;
  }

  /** Everything the app stores, minus the profile-cache timestamp. */
  function snapshot(): unknown {
    const data = exportData(app.storage.db, null);
    return { ...data, reps: data.reps?.map(({ profileFetchedAt: _, ...rest }) => rest) };
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: TUESDAY_9AM_PACIFIC, managers: ['UMANAGER1'] });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    app.stub.users.set('UOTHER1', { tz: 'Asia/Kolkata' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
    app.stub.users.set('UADMIN1', { tz: 'Europe/London', is_admin: true });
  });

  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('shows the gap card after a quota, a win and an opportunity', async () => {
    await focus('quota 120k quarter');
    await focus('won 30k Acme Corp');
    await focus('opp 45k Globex');
    const card = await focus('');
    const text = allText(card);
    expect(card.text).toContain('Q4 2026: $90,000 to go of your $120,000 quota (25% won)');
    // The $30k win had no opportunity first: it sizes the average deal ($30,000) but not conversion, so the
    // rate is the team's 25%. Globex's $45k closes at the quarter's end (the default) and its fit is not set
    // yet, so it counts: 45,000 × 25% = 11,250 expected; 90,000 − 11,250 = 78,750 short;
    // ceil(78,750 / (25% × 30,000)) = ceil(10.5) = 11 opportunities.
    expect(card.text).toContain(
      'Your counted pipeline should bring about $11,250 of the $90,000 gap: $78,750 short. ' +
        'Create 11 qualified opportunities with ICP accounts (about $30,000 each).',
    );
    expect(text).toContain('Q4 2026');
    // ceil(90,000 / 30,000) = 3 deals
    expect(text).toContain('*$90,000 to go* of your $120,000 quota: about 3 deals of ~$30,000');
    expect(text).toContain('$45,000 in 1 deal closing in Q4 2026');
    expect(text).toContain('0.5× of the 4.0× you need');
    expect(text).toContain('*Needed per working day*');
    expect(text).toContain('👉');
    // Dec 1–31 2026 has 23 weekdays; before 17:30 today is left: $90,000 / 23 = $3,913.04 → $3,913.
    expect(text).toContain('*Needed per working day*\\n$3,913');
    expect(text).toContain('23 working days left');
    // Oct 1 – Nov 30 hold 22 + 21 = 43 weekdays of Q4's 66: $120,000 × 43 / 66 = $78,181.82 → $78,182;
    // $30,000 − $78,182 = $48,182 behind.
    expect(text).toContain('$48,182 behind (expected $78,182 by now)');
    // (30,000 + 11,250) / 120,000 = 34.4% → 34%
    expect(text).toContain('34% (won $30,000 + $11,250 expected from pipeline)');
    expect(app.storage.sqlite.prepare("select close_on from deals where status = 'open'").get()).toEqual({
      close_on: '2026-12-31',
    });
  });

  it('takes a close date with an opportunity, and counts one after the quarter apart', async () => {
    await focus('quota 120k quarter');
    const later = await focus('opp 80k Initech close 3/15');
    // typed on Dec 1, 2026: the nearest Mar 15 is next year's
    expect(later.text).toContain('closing Mar 15, 2027 (after Q4 2026: it counts for a later period, not this one)');
    const soon = await focus('opp 20k Globex closing Dec 18');
    expect(soon.text).toContain('closing Dec 18.');
    expect(app.storage.sqlite.prepare('select close_on from deals order by id').all()).toEqual([
      { close_on: '2027-03-15' },
      { close_on: '2026-12-18' },
    ]);
    const card = allText(await focus(''));
    expect(card).toContain('$20,000 in 1 deal closing in Q4 2026');
    expect(card).toContain('📅 Closing after Q4 2026: $80,000 in 1 deal');
    const before = snapshot();
    const passed = await focus('opp 10k Hooli close 11/15');
    expect(passed.text).toContain('has passed');
    expect(snapshot()).toEqual(before);
  });

  it('answers a bad amount privately with the right form and changes nothing', async () => {
    await focus('quota 120k quarter');
    const before = snapshot();
    const reply = await focus('quota banana');
    expect(allText(reply)).toContain('banana');
    expect(allText(reply)).toContain('/focus quota &lt;amount&gt; [month|quarter|year] [@rep]');
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ['won', 'won 30k'],
    ['unknown subcommand', 'dance'],
    ['negative amount', 'opp -5k Globex'],
    ['absurd amount', 'won 999999999999999999999 Acme'],
    ['activity kind', 'log nap 3'],
    ['target form', 'target meeting lots'],
    ['plain channel name', 'channel #sales'],
    ['past pause', 'pause 2020-01-01'],
    ['impossible date', 'pause 2027-02-29'],
    ['5,000 characters', `plan ${'x'.repeat(5000)}`],
  ])('refuses bad input (%s) with a clear private reply and writes nothing', async (_name, text) => {
    await focus('');
    const before = snapshot();
    const reply = await focus(text);
    expect(reply.text).toMatch(/Right form|help/);
    expect(allText(reply)).toContain('⚠️');
    expect(snapshot()).toEqual(before);
  });

  it('lists every command in help', async () => {
    const text = allText(await focus('help'));
    for (const word of ['quota', 'won', 'lost', 'opp', 'log', 'target', 'icp', 'plan', 'pause', 'resume', 'channel']) {
      expect(text).toContain(`/focus ${word}`);
    }
  });

  it('sets a monthly quota for the month holding the rep’s local today', async () => {
    // 2026-12-01T03:00Z is still November 30 in Los Angeles.
    app.clock.now = Date.parse('2026-12-01T03:00:00Z');
    const reply = await focus('quota 40k month');
    expect(reply.text).toContain('$40,000 for November 2026');
    const quota = app.storage.sqlite.prepare('select * from quotas').get() as Record<string, unknown>;
    expect(quota).toMatchObject({ period_kind: 'month', period_start: '2026-11-01', amount_cents: 4_000_000 });
  });

  it("refuses a rep setting another rep's quota, and writes nothing", async () => {
    await focus('');
    const before = snapshot();
    const reply = await focus('quota 100k quarter <@UOTHER1|other>');
    expect(reply.text).toContain('Only managers');
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ['a FOCUS_MANAGERS member', 'UMANAGER1'],
    ['a workspace admin', 'UADMIN1'],
  ])("lets %s set another rep's quota", async (_who, manager) => {
    const reply = await focus('quota 100k quarter <@UOTHER1|other>', manager);
    expect(reply.text).toContain('Quota set for <@UOTHER1>');
    const row = app.storage.sqlite.prepare("select * from quotas where user_id = 'UOTHER1'").get() as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ amount_cents: 10_000_000, set_by: manager, period_start: '2026-10-01' });
    const card = await focus('', 'UOTHER1');
    expect(card.text).toContain('$100,000 quota');
  });

  it('closes the open deal when the account is won, so the pipeline never counts it twice', async () => {
    await focus('quota 100k quarter');
    await focus('opp 40k Initech');
    const won = await focus('won 45k initech');
    expect(won.text).toContain('closes your open $40,000 Initech opportunity');
    const card = allText(await focus(''));
    expect(card).toContain('$0 in 0 deals');
    expect(card).toContain('$45,000 won');
  });

  it('updates an open opportunity instead of adding a second one on the same account', async () => {
    await focus('opp 40k Globex');
    const reply = await focus('opp 50k GLOBEX ');
    expect(reply.text).toContain('from $40,000 to $50,000');
    expect(allText(await focus(''))).toContain('$50,000 in 1 deal');
  });

  it('marks an open deal lost, and says so when there is none', async () => {
    expect((await focus('lost Nowhere Inc')).text).toContain('no account called');
    await focus('opp 45k Globex');
    const lost = await focus('lost globex');
    expect(lost.text).toContain('Marked your $45,000 opportunity with Globex lost');
    expect((await focus('lost Globex')).text).toContain('no open opportunity with Globex');
    const deal = app.storage.sqlite.prepare('select status, closed_on from deals').get();
    expect(deal).toEqual({ status: 'lost', closed_on: '2026-12-01' });
  });

  it('logs activity with and without an account, asking the ICP question once', async () => {
    const first = await focus('log call 3 Acme');
    expect(first.text).toContain('Logged 3 calls with Acme');
    expect(allText(first)).toContain('icp_fits');
    await focus('icp acme yes');
    const second = await focus('log meeting Acme');
    expect(allText(second)).not.toContain('icp_fits');
    const bare = await focus('log email 2');
    expect(bare.text).toContain('Logged 2 emails.');
    const rows = app.storage.sqlite
      .prepare('select kind, count, account_id, local_date from activities order by id')
      .all();
    expect(rows).toEqual([
      { kind: 'call', count: 3, account_id: 1, local_date: '2026-12-01' },
      { kind: 'meeting', count: 1, account_id: 1, local_date: '2026-12-01' },
      { kind: 'email', count: 2, account_id: null, local_date: '2026-12-01' },
    ]);
    const card = allText(await focus(''));
    // 4 of 6 this week on the ICP account Acme = 67%; 2 with no account = 33%.
    expect(card).toContain('ICP 67% · non-ICP 0% · unclassified 0% · no account 33%');
  });

  it('sets, changes and removes a target, and shows it against pace', async () => {
    await focus('log meeting 2 Acme');
    expect((await focus('target meeting 8/week')).text).toContain('Target set: 8 meetings a week');
    expect((await focus('target meeting 10 per week')).text).toContain('(was 8)');
    // Tuesday 09:00, before the reflection: only Monday is over, 1 of 5 days; floor(10 × 1/5) = 2.
    // Acme's fit is not set, so its 2 meetings count: 2 of 2 by now, on pace.
    expect(allText(await focus(''))).toContain('▫️ meetings: 2 of 10 this week (on pace)');
    // After 17:30 Tuesday is over too: 2 of 5 days; floor(10 × 2/5) = 4, so 2 behind.
    app.clock.now = Date.parse('2026-12-02T01:45:00Z'); // 17:45 in Los Angeles
    expect(allText(await focus(''))).toContain('🔻 meetings: 2 of 10 this week (pace says 4 by now, 2 behind)');
    expect((await focus('target meeting 0/week')).text).toContain('Removed your meetings per week target');
    expect(app.storage.sqlite.prepare('select count(*) as n from targets').get()).toEqual({ n: 0 });
  });

  it('sets the ICP fit from the buttons, only for accounts of the same team', async () => {
    const reply = await focus('won 30k Acme Corp');
    const actions = (reply.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    );
    const fits = actions?.elements?.find((e) => e.action_id === 'icp_fits');
    expect(fits).toBeDefined();
    const responseUrl = app.stub.responseUrl('icp');
    const res = await app.action(buttonPayload({ actionId: 'icp_fits', value: fits?.value ?? '', responseUrl }));
    expect(res.status).toBe(200);
    await app.stub.waitFor((calls) => calls.some((c) => c.method === 'response_url:icp'));
    expect(app.storage.sqlite.prepare('select icp from accounts').get()).toEqual({ icp: 'yes' });
    const [response] = app.stub.callsTo('response_url:icp');
    expect(response?.params).toMatchObject({ replace_original: true });
    expect(String(response?.params.text)).toContain('Acme Corp fits your ICP');
    // The confirmation stays; the question's buttons are gone.
    expect(String(response?.params.text)).toContain('Won $30,000 with Acme Corp');
    expect(JSON.stringify(response?.params.blocks)).not.toContain('icp_fits');

    const forged = buttonPayload({ actionId: 'icp_outside', value: fits?.value ?? '', team: 'T0OTHER', responseUrl });
    await app.action(forged);
    await app.stub.waitFor((calls) => calls.filter((c) => c.method === 'response_url:icp').length === 2);
    expect(app.storage.sqlite.prepare('select icp from accounts').get()).toEqual({ icp: 'yes' });
  });

  it('sets the day’s plan and shows it on the card', async () => {
    const reply = await focus('plan Call Initech; Send Umbrella proposal');
    expect(allText(reply)).toContain('☐ Call Initech');
    const card = allText(await focus(''));
    expect(card).toContain('☐ Call Initech');
    expect(card).toContain('☐ Send Umbrella proposal');
    expect((await focus('plan Only one thing')).text).toContain("Replaced today's plan");
  });

  it('pauses until a future date and resumes', async () => {
    const paused = await focus('pause 2026-12-14');
    expect(paused.text).toContain('Monday, Dec 14');
    expect(app.storage.sqlite.prepare('select paused_until from reps').get()).toEqual({ paused_until: '2026-12-14' });
    expect((await focus('resume')).text).toContain('Welcome back');
    expect(app.storage.sqlite.prepare('select paused_until from reps').get()).toEqual({ paused_until: null });
  });

  it('lets only managers choose the team channel', async () => {
    const refused = await focus('channel <#C0SALES|sales>');
    expect(refused.text).toContain('Only managers');
    const set = await focus('channel <#C0SALES|sales>', 'UMANAGER1');
    expect(set.text).toContain('<#C0SALES>');
    expect(app.storage.sqlite.prepare('select channel_id from teams').get()).toEqual({ channel_id: 'C0SALES' });
  });

  it('stores hostile text literally and never runs it', async () => {
    await focus(`opp 10k Robert'); DROP TABLE deals; --`);
    await focus('log call 1 🚀 Rocket Co');
    const names = app.storage.sqlite.prepare('select name from accounts order by id').all();
    expect(names).toEqual([{ name: "Robert'); DROP TABLE deals; --" }, { name: '🚀 Rocket Co' }]);
    expect(allText(await focus(''))).toContain('$10,000 in 1 deal');
  });

  it('answers an internal failure privately, keeps running, and saves nothing half-done', async () => {
    app.storage.sqlite.exec('DROP TABLE targets');
    const reply = await focus('target call 40/week');
    expect(reply.text).toContain('Something went wrong on our side, and nothing was saved');
    expect((await focus('log call 1')).text).toContain('Logged 1 call.');
  });

  it('rolls the write back when building the reply fails after it, so a retry never counts a win twice', async () => {
    await focus('');
    // The win's reply reads the quota; without the table that read fails after the deal was written.
    app.storage.sqlite.exec('DROP TABLE quotas');
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await focus('won 30k Acme')).text).toContain('nothing was saved');
    }
    expect(app.storage.sqlite.prepare('select count(*) as n from deals').get()).toEqual({ n: 0 });
    expect(app.storage.sqlite.prepare('select count(*) as n from accounts').get()).toEqual({ n: 0 });
  });

  it('writes nothing at all for bad input from someone it has never seen', async () => {
    const reply = await focus('quota banana', 'UNEW1');
    expect(reply.text).toContain('banana');
    const data = exportData(app.storage.db, null);
    for (const [table, rows] of Object.entries(data)) expect(rows, table).toEqual([]);
    expect(app.stub.callsTo('users.info')).toEqual([]);
  });

  it('refuses an amount in another currency than the team’s, and writes nothing', async () => {
    await focus('');
    const before = snapshot();
    const reply = await focus('won €30k Acme');
    expect(reply.text).toContain('Your team records amounts in USD');
    expect(snapshot()).toEqual(before);
    expect((await focus('won $30k Acme')).text).toContain('Won $30,000 with Acme');
  });

  it('answers within Slack’s 3 seconds even when users.info hangs', async () => {
    app.stub.on('users.info', async () => {
      await new Promise((resolve) => setTimeout(resolve, 4000));
      return { body: { ok: true, user: { id: 'USLOW1', tz: 'Asia/Kolkata' } } };
    });
    // Bolt answers 404 by itself when a listener has not acknowledged after 3 seconds.
    const res = await app.command('quota 50k quarter', { user: 'USLOW1' });
    expect(res.status).toBe(200);
    expect(res.json().text).toContain('Quota set');
    // A rep named by a manager must be confirmed by Slack as a member first: unconfirmed in time, refused in time.
    const manager = await app.command('quota 60k quarter <@USLOW2>', { user: 'UMANAGER1' });
    expect(manager.status).toBe(200);
    expect(manager.json().text).toContain('Slack didn’t confirm in time that <@USLOW2> is an active member');
    expect(app.storage.sqlite.prepare("select count(*) as n from quotas where user_id = 'USLOW2'").get()).toEqual({
      n: 0,
    });
  });

  it.each([
    ['unsigned', { signature: null }],
    ['wrongly signed', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['ten minutes old', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])('rejects %s requests with 401 and writes nothing', async (_name, signed) => {
    const res = await app.command('quota 120k quarter', signed);
    expect(res.status).toBe(401);
    expect(app.storage.sqlite.prepare('select count(*) as n from quotas').get()).toEqual({ n: 0 });
    const action = await app.action(
      buttonPayload({ actionId: 'icp_fits', value: '{"accountId":1}', responseUrl: 'x' }),
      signed,
    );
    expect(action.status).toBe(401);
  });

  it('accepts signed JSON events and rejects unsigned ones', async () => {
    const event = { type: 'app_home_opened', user: 'UREP1', channel: 'D1', tab: 'home', event_ts: '1.2' };
    expect((await app.event(event)).status).toBe(200);
    expect((await app.event(event, { signature: null })).status).toBe(401);
    expect((await app.event(event, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
  });

  it('answers GET /healthz without anything private', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('keeps every record across a restart on the same database file', async () => {
    await focus('quota 120k quarter');
    await focus('won 30k Acme Corp');
    await focus('opp 45k Globex');
    await focus('plan Call Initech');
    const before = snapshot();
    const card = (await focus('')).text;
    await app.stop();
    app = await startTestApp({ databasePath: temp.path, now: TUESDAY_9AM_PACIFIC });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    expect(snapshot()).toEqual(before);
    expect((await focus('')).text).toBe(card);
  });

  it('never logs the bot token or the signing secret', async () => {
    await focus('quota 120k quarter');
    await focus('won 30k Acme');
    const log = app.logLines.join('\n');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('xoxb-test-0000-secret-token');
    expect(log).not.toContain('test-signing-secret');
  });
});
