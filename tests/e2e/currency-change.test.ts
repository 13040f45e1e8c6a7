import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { teamHistoryOf } from '../../src/db/history.js';
import { getTeam } from '../../src/db/teams.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { type FieldState, number, pick, text, viewSubmission } from '../support/payloads.js';

/** Tuesday 2026-12-01, 12:00 in New York: Q4 2026. */
const NOW = Date.parse('2026-12-01T17:00:00Z');

type Answer = {
  response_action?: string;
  errors?: Record<string, string>;
  view?: {
    callback_id?: string;
    private_metadata?: string;
    notify_on_close?: boolean;
    title?: { text: string };
    submit?: { text: string };
    close?: { text: string };
    blocks?: unknown[];
  };
};

/** The team form as a manager sends it: only the currency and the company days off vary between tests. */
const teamForm = (currency: string, companyDays = ''): Record<string, FieldState> => ({
  in_channel: { type: 'conversations_select', selected_conversation: 'C0SALES' },
  in_weekly_day: pick('2'),
  in_weekly_time: { type: 'timepicker', selected_time: '10:15' },
  in_team_timezone: text(null),
  in_fiscal_start: pick('1'),
  in_currency: text(currency),
  in_win_rate: number('30'),
  in_team_period: pick('quarter', 'radio_buttons'),
  in_holiday_country: text('DE'),
  in_company_days_off: text(companyDays),
});

describe('changing the team currency over signed HTTP', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  const snapshot = () => {
    const data = exportData(app.storage.db, null);
    return { ...data, reps: data.reps?.map(({ profileFetchedAt: _, ...rest }) => rest) };
  };
  const answerOf = (res: { text: string; json(): unknown }): Answer | null =>
    res.text === '' ? null : (res.json() as Answer);

  async function submitForm(fields: Record<string, FieldState>, user = 'UMANAGER1'): Promise<Answer | null> {
    const res = await app.action(viewSubmission('modal_team_settings', fields, { user }));
    expect(res.status).toBe(200);
    return answerOf(res);
  }

  /** Confirm on the pushed view, as Slack sends it: its own (empty) state, its metadata, the form beneath it. */
  async function confirm(pushed: Answer['view'], user = 'UMANAGER1'): Promise<Answer | null> {
    const payload = viewSubmission('modal_currency_confirm', {}, { user });
    const view = payload.view as Record<string, unknown>;
    Object.assign(view, {
      id: 'V0CONFIRM',
      root_view_id: 'V0FORM',
      previous_view_id: 'V0FORM',
      private_metadata: pushed?.private_metadata ?? '',
      blocks: pushed?.blocks ?? [],
    });
    const res = await app.action(payload);
    expect(res.status).toBe(200);
    return answerOf(res);
  }

  async function focus(commandText: string, user: string): Promise<string> {
    const res = await app.command(commandText, { user });
    expect(res.status).toBe(200);
    return JSON.stringify(res.json());
  }

  /** Two quotas and two deals: the largest amount is UREP1's $120,000 quota. */
  async function recordAmounts(): Promise<void> {
    await focus('quota 120k quarter', 'UREP1');
    await focus('quota 90k quarter', 'UREP2');
    await focus('won 30k Acme', 'UREP1');
    await focus('opp 45.5k Globex', 'UREP1');
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOW, managers: ['UMANAGER1'] });
    for (const user of ['UREP1', 'UREP2', 'UMANAGER1']) app.stub.users.set(user, { tz: 'America/New_York' });
    await focus('', 'UMANAGER1'); // the manager's first contact makes their row
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('with amounts recorded, answers the form with a confirmation that says nothing is converted, writing nothing', async () => {
    await recordAmounts();
    const before = snapshot();
    const answer = await submitForm(teamForm('eur', '2026-12-24 Christmas Eve'));
    expect(answer?.response_action).toBe('push');
    expect(answer?.view).toMatchObject({
      callback_id: 'modal_currency_confirm',
      title: { text: 'Change the currency?' },
      submit: { text: 'Confirm' },
      close: { text: 'Cancel' },
    });
    // 2 quotas (120k, 90k) and 2 deals (30k won, 45.5k open); the largest is 12,000,000 cents = 120,000 units.
    expect(JSON.stringify(answer?.view?.blocks)).toContain(
      '*2 quotas and 2 deals recorded in USD will read as EUR: $120,000 becomes €120,000. Nothing is converted.*',
    );
    expect(snapshot()).toEqual(before);
    expect(teamHistoryOf(app.storage.db, TEAM)).toEqual([]);
  });

  it('Confirm writes the whole form, records who changed what, and the cards read the new currency', async () => {
    await recordAmounts();
    const pushed = (await submitForm(teamForm('EUR', '2026-12-24 Christmas Eve')))?.view;
    app.clock.now = NOW + 60_000; // the manager reads the confirmation for a minute
    expect(await confirm(pushed)).toEqual({ response_action: 'clear' });
    expect(getTeam(app.storage.db, TEAM)).toMatchObject({
      currency: 'EUR',
      channelId: 'C0SALES',
      weeklyDay: 2,
      weeklyMinutes: 615, // 10:15
      defaultWinRate: 0.3,
      holidayCountry: 'DE',
      companyDaysOff: JSON.stringify([{ date: '2026-12-24', name: 'Christmas Eve' }]),
    });
    expect(teamHistoryOf(app.storage.db, TEAM)).toMatchObject([
      {
        teamId: TEAM,
        userId: 'UMANAGER1',
        at: NOW + 60_000,
        kind: 'currency',
        detail: { from: 'USD', to: 'EUR', quotas: 2, deals: 2 },
      },
    ]);
    // Relabelled, not converted: the same 120,000 now reads in euros.
    const card = await focus('', 'UREP1');
    expect(card).toContain('€120,000');
    expect(card).not.toContain('$120,000');
    // A second Confirm (a double click) saves the same again and records no second change.
    expect(await confirm(pushed)).toEqual({ response_action: 'clear' });
    expect(teamHistoryOf(app.storage.db, TEAM)).toHaveLength(1);
  });

  it('Cancel goes back to the form without telling the app; saving the old currency then changes no money', async () => {
    await recordAmounts();
    const pushed = (await submitForm(teamForm('EUR')))?.view;
    // Slack pops a pushed view on Cancel and sends nothing unless notify_on_close is set.
    expect(pushed?.notify_on_close).toBeUndefined();
    const money = () => {
      const { quotas, deals } = exportData(app.storage.db, TEAM);
      return { quotas, deals };
    };
    const before = money();
    expect(await submitForm(teamForm('USD'))).toBeNull();
    expect(getTeam(app.storage.db, TEAM)).toMatchObject({ currency: 'USD', weeklyDay: 2, channelId: 'C0SALES' });
    expect(teamHistoryOf(app.storage.db, TEAM)).toEqual([]);
    expect(money()).toEqual(before);
    expect(before.quotas?.map((q) => q.currency)).toEqual(['USD', 'USD']);
  });

  it('without amounts, a new currency saves at once and is still recorded in the history', async () => {
    expect(await submitForm(teamForm('gbp'))).toBeNull();
    expect(getTeam(app.storage.db, TEAM)?.currency).toBe('GBP');
    expect(teamHistoryOf(app.storage.db, TEAM)).toMatchObject([
      { userId: 'UMANAGER1', at: NOW, kind: 'currency', detail: { from: 'USD', to: 'GBP', quotas: 0, deals: 0 } },
    ]);
    // The same currency again is no change: nothing more in the history.
    expect(await submitForm(teamForm('GBP'))).toBeNull();
    expect(teamHistoryOf(app.storage.db, TEAM)).toHaveLength(1);
  });

  it('refuses a rep’s forged confirmation, writing nothing', async () => {
    await recordAmounts();
    const pushed = (await submitForm(teamForm('EUR')))?.view;
    const before = snapshot();
    const answer = await confirm(pushed, 'UREP1');
    expect(answer?.response_action).toBe('update');
    expect(JSON.stringify(answer?.view?.blocks)).toContain(
      'Only managers can change team settings. Nothing was changed.',
    );
    expect(snapshot()).toEqual(before);
  });

  it('a confirmation outrun by another currency change saves nothing and says why', async () => {
    await recordAmounts();
    const toEuros = (await submitForm(teamForm('EUR')))?.view;
    const toPounds = (await submitForm(teamForm('GBP')))?.view;
    expect(await confirm(toPounds)).toEqual({ response_action: 'clear' });
    const before = snapshot();
    const answer = await confirm(toEuros);
    expect(answer?.response_action).toBe('update');
    expect(JSON.stringify(answer?.view?.blocks)).toContain(
      'The team’s currency was changed to GBP while this was open, so nothing was saved.',
    );
    expect(snapshot()).toEqual(before);
    expect(teamHistoryOf(app.storage.db, TEAM).map((row) => row.detail)).toEqual([
      { from: 'USD', to: 'GBP', quotas: 2, deals: 2 },
    ]);
  });

  it('asks for the currency on its own when the form’s other changes are too long to carry', async () => {
    await recordAmounts();
    // 60 company days with 30-character names: about 60 characters of JSON each, over Slack's 3,000 of metadata.
    const days = Array.from({ length: 60 }, (_, i) => {
      const date = new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10);
      return `${date} Company offsite day number ${String(i + 1).padStart(3, '0')}`;
    });
    const before = snapshot();
    const answer = await submitForm(teamForm('EUR', days.join('\n')));
    expect(answer?.response_action).toBe('errors');
    expect(answer?.errors?.in_currency).toContain('change the currency on its own');
    expect(snapshot()).toEqual(before);
  });

  it('a confirmation whose metadata cannot be read saves nothing', async () => {
    await recordAmounts();
    const before = snapshot();
    const answer = await confirm({ private_metadata: '{"from":"USD"}', blocks: [] });
    expect(answer?.response_action).toBe('update');
    expect(JSON.stringify(answer?.view?.blocks)).toContain('nothing was saved');
    expect(snapshot()).toEqual(before);
  });
});
