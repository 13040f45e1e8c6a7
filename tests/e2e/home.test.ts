import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { getRep } from '../../src/db/reps.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { accountSuggestion, homeButton, number, pick, text, viewSubmission } from '../support/payloads.js';

/** Tuesday 2026-12-01, 09:00 in Los Angeles. */
const NOW = Date.parse('2026-12-01T17:00:00Z');

describe('the App Home tab and its modals', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  const publishes = (user = 'UREP1') => app.stub.callsTo('views.publish').filter((c) => c.params.user_id === user);
  const opened = () => app.stub.callsTo('views.open');
  const snapshot = () => {
    const data = exportData(app.storage.db, null);
    return { ...data, reps: data.reps?.map(({ profileFetchedAt: _, ...rest }) => rest) };
  };

  async function openHome(user = 'UREP1'): Promise<string> {
    const before = publishes(user).length;
    const res = await app.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.2' });
    expect(res.status).toBe(200);
    await app.stub.waitFor(() => publishes(user).length > before);
    return JSON.stringify(publishes(user).at(-1)?.params.view);
  }

  async function submit(callbackId: string, fields: Parameters<typeof viewSubmission>[1], user = 'UREP1') {
    const res = await app.action(viewSubmission(callbackId, fields, { user }));
    expect(res.status).toBe(200);
    return res.text === '' ? null : (res.json() as { response_action?: string; errors?: Record<string, string> });
  }

  async function card(user = 'UREP1'): Promise<string> {
    const res = await app.command('', { user });
    return JSON.stringify(res.json().blocks);
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOW, managers: ['UMANAGER1'] });
    for (const user of ['UREP1', 'UREP2', 'UOTHER1']) app.stub.users.set(user, { tz: 'America/Los_Angeles' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('shows a new rep the empty state that walks them to a first quota and first log', async () => {
    const view = await openHome();
    expect(view).toContain('Welcome to Focus Coach');
    expect(view).toContain('1. Set your quota');
    expect(view).toContain('home_open_quota');
    expect(view).toContain('home_open_log');
    expect(view).not.toContain('Your team');
  });

  it.each([
    ['home_open_log', 'modal_log'],
    ['home_open_win', 'modal_win'],
    ['home_open_opp', 'modal_opp'],
    ['home_open_lost', 'modal_lost'],
    ['home_open_quota', 'modal_quota'],
    ['home_open_targets', 'modal_targets'],
    ['home_open_settings', 'modal_settings'],
  ])('opens the modal for %s with the button’s trigger', async (actionId, callbackId) => {
    expect((await app.action(homeButton(actionId))).status).toBe(200);
    await app.stub.waitFor(() => opened().length === 1);
    expect(opened()[0]?.params).toMatchObject({ trigger_id: `trigger-${actionId}`, view: { callback_id: callbackId } });
  });

  it('gives the same card from modals alone as from the commands', async () => {
    // UREP1 through modals: quota, a call on a new account with its ICP fit, a win.
    expect(
      await submit('modal_quota', { in_amount: text('120k'), in_period: pick('quarter', 'radio_buttons') }),
    ).toBeNull();
    expect(
      await submit('modal_log', {
        in_activity: pick('call'),
        in_count: number('3'),
        in_account: pick('new:Acme Corp', 'external_select'),
        in_account_fit: pick('yes', 'radio_buttons'),
      }),
    ).toBeNull();
    const suggestions = await app.action(accountSuggestion('acm'));
    const options = (suggestions.json() as { options: { text: { text: string }; value: string }[] }).options;
    expect(options.map((o) => o.text.text)).toEqual(['Acme Corp · ICP', 'Add “acm”']);
    expect(
      await submit('modal_win', {
        in_amount: text('30k'),
        in_account: pick(options[0]?.value ?? '', 'external_select'),
        in_account_fit: pick(null, 'radio_buttons'),
      }),
    ).toBeNull();

    // UREP2 through commands.
    for (const command of ['quota 120k quarter', 'log call 3 Acme Corp', 'icp Acme Corp yes', 'won 30k Acme Corp']) {
      await app.command(command, { user: 'UREP2' });
    }
    const viaModals = await card('UREP1');
    expect(viaModals).toContain('*$90,000 to go* of your $120,000 quota');
    expect(viaModals).toContain('ICP 100%');
    expect(viaModals).toBe(await card('UREP2'));

    // Each change republished the rep's Home.
    await app.home.idle();
    expect(publishes('UREP1').length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(publishes('UREP1').at(-1)?.params.view)).toContain('$90,000 to go');
  });

  it('answers bad input inside the modal, on the right field, and writes nothing', async () => {
    await openHome();
    const before = snapshot();
    const bad = await submit('modal_win', { in_amount: text('banana'), in_account: pick(null, 'external_select') });
    expect(bad?.response_action).toBe('errors');
    expect(bad?.errors?.in_amount).toContain('banana');
    expect(bad?.errors?.in_account).toContain('Pick an account');
    const euros = await submit('modal_opp', {
      in_amount: text('€5k'),
      in_account: pick('new:Globex', 'external_select'),
    });
    expect(euros?.errors?.in_amount).toContain('USD');
    const target = await submit('modal_targets', {
      in_activity: pick('nap'),
      in_count: number('-3'),
      in_per: pick('month', 'radio_buttons'),
    });
    expect(Object.keys(target?.errors ?? {}).sort()).toEqual(['in_activity', 'in_count', 'in_per']);
    expect(snapshot()).toEqual(before);
    expect(app.stub.callsTo('chat.postMessage')).toEqual([]);
  });

  it('marks a chosen open opportunity lost', async () => {
    await app.command('opp 45k Globex');
    await app.action(homeButton('home_open_lost'));
    await app.stub.waitFor(() => opened().length === 1);
    const view = JSON.stringify(opened()[0]?.params.view);
    expect(view).toContain('Globex · $45,000');
    const dealId = Number(app.storage.sqlite.prepare('select id from deals').pluck().get());
    expect(await submit('modal_lost', { in_open_deal: pick(`deal:${dealId}`) })).toBeNull();
    expect(app.storage.sqlite.prepare('select status from deals').get()).toEqual({ status: 'lost' });
  });

  it('saves settings the scheduler applies, and refuses a bad time zone', async () => {
    const fields = {
      in_checkin_time: { type: 'timepicker', selected_time: '07:45' },
      in_reflection_time: { type: 'timepicker', selected_time: '16:30' },
      in_working_days: { type: 'checkboxes', selected_options: ['0', '1', '2', '3', '4'].map((value) => ({ value })) },
      in_timezone: text('Asia/Kolkata'),
      in_reminders: pick('off', 'radio_buttons'),
      in_paused_until: { type: 'datepicker', selected_date: '2026-12-24' },
    } as const;
    const bad = await submit('modal_settings', { ...fields, in_timezone: text('Mars/Olympus') });
    expect(bad?.errors?.in_timezone).toContain("isn't a time zone");
    expect(await submit('modal_settings', fields)).toBeNull();
    expect(getRep(app.storage.db, TEAM, 'UREP1')).toMatchObject({
      checkinMinutes: 465,
      reflectionMinutes: 990,
      workingDays: '0,1,2,3,4',
      timezoneOverride: 'Asia/Kolkata',
      remindersEnabled: false,
      pausedUntil: '2026-12-24',
    });
    expect(
      await submit('modal_settings', { ...fields, in_paused_until: { type: 'datepicker', selected_date: null } }),
    ).toBeNull();
    expect(getRep(app.storage.db, TEAM, 'UREP1')?.pausedUntil).toBeNull();
  });

  it('does not let a pause that is already over block saving settings', async () => {
    // Paused until Nov 28; today is Dec 1. The form must neither show that date nor refuse it.
    app.storage.sqlite.prepare("insert into teams (id) values ('T1')").run();
    app.storage.sqlite
      .prepare("insert into reps (team_id, user_id, paused_until) values ('T1', 'UREP1', '2026-11-28')")
      .run();
    await app.action(homeButton('home_open_settings'));
    await app.stub.waitFor(() => opened().length === 1);
    expect(JSON.stringify(opened()[0]?.params.view)).not.toContain('2026-11-28');
    const result = await submit('modal_settings', {
      in_checkin_time: { type: 'timepicker', selected_time: '09:00' },
      in_reflection_time: { type: 'timepicker', selected_time: '17:30' },
      in_working_days: { type: 'checkboxes', selected_options: ['1', '2', '3', '4', '5'].map((value) => ({ value })) },
      in_timezone: text(null),
      in_reminders: pick('on', 'radio_buttons'),
      // What a client would send back had it shown the old date.
      in_paused_until: { type: 'datepicker', selected_date: '2026-11-28' },
    });
    expect(result).toBeNull();
    expect(getRep(app.storage.db, TEAM, 'UREP1')?.checkinMinutes).toBe(540);
  });

  it('opens the settings modal from /focus settings', async () => {
    const res = await app.command('settings');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await app.stub.waitFor(() => opened().length === 1);
    expect(opened()[0]?.params).toMatchObject({ view: { callback_id: 'modal_settings' } });
  });

  describe('manager controls', () => {
    it('shows the team table and controls to a manager only', async () => {
      await app.command('quota 100k quarter', { user: 'UREP2' });
      const manager = await openHome('UMANAGER1');
      expect(manager).toContain('Your team');
      expect(manager).toContain('home_open_rep_quota');
      expect(manager).toContain('<@UREP2>');
      const rep = await openHome('UREP1');
      expect(rep).not.toContain('Your team');
      expect(rep).not.toContain('home_open_rep_quota');
      expect(rep).not.toContain('home_open_team_settings');
    });

    it('lets a manager set another rep’s quota and the team channel from Home', async () => {
      expect(
        await submit(
          'modal_rep_quota',
          {
            in_rep: { type: 'users_select', selected_user: 'UREP2' },
            in_amount: text('150k'),
            in_period: pick('quarter', 'radio_buttons'),
          },
          'UMANAGER1',
        ),
      ).toBeNull();
      expect(
        app.storage.sqlite.prepare("select amount_cents, set_by from quotas where user_id = 'UREP2'").get(),
      ).toEqual({
        amount_cents: 15_000_000,
        set_by: 'UMANAGER1',
      });
      const team = {
        in_channel: { type: 'conversations_select', selected_conversation: 'C0SALES' },
        in_weekly_day: pick('2'),
        in_weekly_time: { type: 'timepicker', selected_time: '10:15' },
        in_fiscal_start: pick('2'),
        // 'usd': a new currency with a quota recorded asks first (tests/e2e/currency-change.test.ts).
        in_currency: text('usd'),
        in_win_rate: number('30'),
        in_team_period: pick('month', 'radio_buttons'),
      } as const;
      expect(await submit('modal_team_settings', team, 'UMANAGER1')).toBeNull();
      expect(app.storage.sqlite.prepare('select * from teams').get()).toMatchObject({
        channel_id: 'C0SALES',
        weekly_day: 2,
        weekly_minutes: 615,
        fiscal_year_start_month: 2,
        currency: 'USD',
        default_win_rate: 0.3,
        period_kind: 'month',
      });
      // a period kind that is none of the three is refused, and nothing changes
      const before = app.storage.sqlite.prepare('select * from teams').get();
      const refused = await submit(
        'modal_team_settings',
        { ...team, in_team_period: pick('fortnight', 'radio_buttons') },
        'UMANAGER1',
      );
      expect(refused?.errors?.in_team_period).toBe('Pick month, quarter or year.');
      expect(app.storage.sqlite.prepare('select * from teams').get()).toEqual(before);
    });

    it('refuses a rep’s forged manager buttons and submissions, writing nothing', async () => {
      await openHome();
      const before = snapshot();
      await app.action(homeButton('home_open_rep_quota'));
      await app.stub.waitFor(() => opened().length === 1);
      expect(opened()[0]?.params).toMatchObject({ view: { callback_id: 'modal_refused' } });
      const quota = await submit('modal_rep_quota', {
        in_rep: { type: 'users_select', selected_user: 'UOTHER1' },
        in_amount: text('1k'),
        in_period: pick('quarter', 'radio_buttons'),
      });
      expect(quota?.errors?.in_rep).toContain('Only managers');
      const team = await submit('modal_team_settings', {
        in_channel: { type: 'conversations_select', selected_conversation: 'C0HACK' },
        in_weekly_day: pick('1'),
        in_weekly_time: { type: 'timepicker', selected_time: '09:00' },
        in_fiscal_start: pick('1'),
        in_currency: text('USD'),
        in_win_rate: number('25'),
        in_team_period: pick('year', 'radio_buttons'),
      });
      expect(team?.errors?.in_weekly_day).toContain('Only managers');
      expect(snapshot()).toEqual(before);
    });
  });
});
