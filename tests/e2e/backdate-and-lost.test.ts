import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wonBetween } from '../../src/db/deals.js';
import { exportData } from '../../src/db/export.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { homeButton, pick, text, viewSubmission } from '../support/payloads.js';

/** Friday 2026-10-02, 10:00 in New York (14:00Z), 19:30 in Kolkata: the second day of Q4 2026. */
const FRIDAY_OCT_2 = Date.parse('2026-10-02T14:00:00Z');

const Q3 = { start: '2026-07-01', end: '2026-09-30' };
const Q4 = { start: '2026-10-01', end: '2026-12-31' };

describe('backdated wins count in their own period', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  async function focus(command: string, user = 'UREP1'): Promise<string> {
    const res = await app.command(command, { user });
    expect(res.status).toBe(200);
    return String(res.json().text);
  }
  const closedOn = (user: string) =>
    app.storage.sqlite.prepare('select closed_on from deals where user_id = ? order by id').pluck().all(user);
  const snapshot = () => exportData(app.storage.db, null).deals;

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: FRIDAY_OCT_2 });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UINDIA', { tz: 'Asia/Kolkata' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('books a win dated Sep 30, entered Oct 2, in Q3 and not Q4 (America/New_York)', async () => {
    await focus('quota 120k quarter');
    const reply = await focus('won 30k Acme on 9/30');
    expect(reply).toContain('Won $30,000 with Acme on Sep 30, in Q3 2026 (not Q4 2026).');
    // Q4's quota is untouched by a Q3 win: 120,000 − 0 = 120,000 to go, 0%.
    expect(reply).toContain('Gap now $120,000 (0% of $120,000)');
    expect(closedOn('UREP1')).toEqual(['2026-09-30']);
    // A win today counts in Q4: 120,000 − 10,000 = 110,000; 10,000 / 120,000 = 8.3% → 8%.
    expect(await focus('won 10k Hooli')).toContain('Gap now $110,000 (8% of $120,000)');
    expect(wonBetween(app.storage.db, TEAM, 'UREP1', Q3.start, Q3.end)).toBe(3_000_000);
    expect(wonBetween(app.storage.db, TEAM, 'UREP1', Q4.start, Q4.end)).toBe(1_000_000);
  });

  it('reads a weekday in the rep’s own zone (Asia/Kolkata), across the quarter boundary', async () => {
    // 2026-10-01T20:00Z is Thursday Oct 1, 16:00 in New York but Friday Oct 2, 01:30 in Kolkata.
    app.clock.now = Date.parse('2026-10-01T20:00:00Z');
    await focus('quota 120k quarter', 'UINDIA');
    const reply = await focus('won 30k Acme on wednesday', 'UINDIA');
    // The Wednesday before Friday Oct 2 is Sep 30: Q3.
    expect(reply).toContain('Won $30,000 with Acme on Sep 30, in Q3 2026 (not Q4 2026).');
    // Yesterday in Kolkata is Thursday Oct 1: Q4, so only the date is said.
    expect(await focus('won 5k Hooli on yesterday', 'UINDIA')).toContain('Won $5,000 with Hooli on Oct 1.');
    expect(closedOn('UINDIA')).toEqual(['2026-09-30', '2026-10-01']);
    expect(wonBetween(app.storage.db, TEAM, 'UINDIA', Q3.start, Q3.end)).toBe(3_000_000);
    expect(wonBetween(app.storage.db, TEAM, 'UINDIA', Q4.start, Q4.end)).toBe(500_000);
  });

  it('never cuts a known account’s name short to read a date off its end', async () => {
    await focus('opp 20k Salon on Sun');
    // The team has "Salon on Sun": the whole name is the account, and the win is today's (Oct 2).
    expect(await focus('won 20k Salon on Sun')).toContain('Won $20,000 with Salon on Sun.');
    // Without such an account, `on sun` is a date: the Sunday before Friday Oct 2 is Sep 27 (Q3).
    expect(await focus('won 5k Lights on Sun')).toContain('Won $5,000 with Lights on Sep 27, in Q3 2026');
    expect(closedOn('UREP1')).toEqual(['2026-10-02', '2026-09-27']);
  });

  it('refuses a date more than 45 days back or in the future, with the right form, and writes nothing', async () => {
    const before = snapshot();
    // Aug 17 → Oct 2: 14 days to Aug 31, 30 in September, 2 in October = 46 days.
    const old = await focus('won 5k Acme on 2026-08-17');
    expect(old).toContain('‘2026-08-17’ is 46 days ago; a win can be dated up to 45 days back (from 2026-08-18)');
    expect(old).toContain('/focus won &lt;amount&gt; &lt;account&gt; [on &lt;date&gt;]');
    const ahead = await focus('won 5k Acme on 10/5');
    expect(ahead).toContain('‘10/5’ is in the future (today is 2026-10-02)');
    expect(snapshot()).toEqual(before);
    // 45 days back is allowed.
    expect(await focus('won 5k Acme on 2026-08-18')).toContain('on Aug 18, in Q3 2026');
  });

  it('takes the win modal’s date, refusing one in the future', async () => {
    const fields = {
      in_amount: text('30k'),
      in_account: pick('new:Acme', 'external_select'),
      in_won_on: { type: 'datepicker', selected_date: '2026-10-05' },
    } as const;
    const refused = await app.action(viewSubmission('modal_win', fields));
    expect(refused.json()).toMatchObject({
      response_action: 'errors',
      errors: { in_won_on: 'Pick today (2026-10-02) or an earlier day: a win can’t be in the future.' },
    });
    const saved = await app.action(
      viewSubmission('modal_win', { ...fields, in_won_on: { type: 'datepicker', selected_date: '2026-09-30' } }),
    );
    expect(saved.text).toBe('');
    expect(closedOn('UREP1')).toEqual(['2026-09-30']);
  });
});

describe('the Mark lost picker is keyed by deal', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  const opened = () => app.stub.callsTo('views.open');

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: FRIDAY_OCT_2 });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UREP2', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('marks the $49,000 deal lost, not the $58,000 one on the same account', async () => {
    await app.command('opp 58k Initech Corp');
    // Older data (the demo generator) may hold two open deals on one account.
    app.storage.sqlite
      .prepare(
        `insert into deals (team_id, user_id, account_id, amount_cents, status, created_at, opened_on, close_on, updated_on)
         select team_id, user_id, account_id, 4900000, 'open', created_at, opened_on, close_on, updated_on from deals`,
      )
      .run();
    await app.command('opp 20k Hooli', { user: 'UREP2' });
    await app.action(homeButton('home_open_lost'));
    await app.stub.waitFor(() => opened().length === 1);
    const raw = opened()[0]?.params.view;
    const view = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
      blocks: { element?: { options?: { text: { text: string }; value: string }[] } }[];
    };
    const options = view.blocks.flatMap((block) => block.element?.options ?? []);
    const ids = app.storage.sqlite.prepare('select id, amount_cents from deals order by id').all() as {
      id: number;
      amount_cents: number;
    }[];
    const [big, small, other] = ids;
    expect(options.map((o) => [o.text.text, o.value])).toEqual([
      ['Initech Corp · $58,000', `deal:${big?.id}`],
      ['Initech Corp · $49,000', `deal:${small?.id}`],
    ]);

    // Another rep's deal is not this rep's to mark lost.
    const foreign = await app.action(viewSubmission('modal_lost', { in_open_deal: pick(`deal:${other?.id}`) }));
    expect(foreign.json()).toMatchObject({ errors: { in_open_deal: 'Pick one of your open opportunities.' } });

    const res = await app.action(viewSubmission('modal_lost', { in_open_deal: pick(`deal:${small?.id}`) }));
    expect(res.text).toBe('');
    expect(app.storage.sqlite.prepare('select amount_cents, status from deals order by id').all()).toEqual([
      { amount_cents: 5_800_000, status: 'open' },
      { amount_cents: 4_900_000, status: 'lost' },
      { amount_cents: 2_000_000, status: 'open' },
    ]);
  });
});
