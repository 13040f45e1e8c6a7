import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { getRep } from '../../src/db/reps.js';
import { getTeam } from '../../src/db/teams.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { homeButton, number, pick, text, viewSubmission } from '../support/payloads.js';

/** Wednesday 2026-12-02, 12:00 in New York (EST, UTC−5): Q4 2026, before the 17:30 reflection. */
const NOON_DEC_2 = Date.parse('2026-12-02T17:00:00Z');

type Reply = { text?: string; blocks?: unknown[]; response_type?: string };
const allText = (reply: Reply) => `${reply.text ?? ''}\n${JSON.stringify(reply.blocks ?? [])}`;

// Q4 2026, Mon–Fri: 66 weekdays; from Wed Dec 2 to Thu Dec 31: 22 (see tests/coach/holidays.test.ts).
// The US calendar takes Oct 12, Nov 11, Nov 26 and Dec 25: 62 in the quarter, 21 left.
describe('/focus holidays over signed HTTP', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  async function focus(commandText: string, user = 'UREP1'): Promise<Reply> {
    const res = await app.command(commandText, { user });
    expect(res.status).toBe(200);
    const reply = res.json() as Reply;
    expect(reply.response_type).toBe('ephemeral');
    return reply;
  }
  const snapshot = () => {
    const data = exportData(app.storage.db, null);
    return { ...data, reps: data.reps?.map(({ profileFetchedAt: _, ...rest }) => rest) };
  };

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOON_DEC_2, managers: ['UMANAGER1'] });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('a manager sets the country and a company day off; the rep’s card and calendar follow', async () => {
    const set = allText(await focus('holidays country US', 'UMANAGER1'));
    expect(set).toContain('The team’s public holidays are now those of United States of America (US).');
    expect(set).toContain('Q4 2026 now has 62 working days for you, 21 left · next holiday Fri 25 Dec.');

    const added = allText(await focus('holidays add 2026-12-24 Christmas Eve', 'UMANAGER1'));
    expect(added).toContain('Added a company day off: Thu 24 Dec 2026, Christmas Eve.');
    // 62 − Thu Dec 24 = 61 in the quarter; 21 − 1 = 20 left.
    expect(added).toContain('Q4 2026 now has 61 working days for you, 20 left · next holiday Thu 24 Dec.');

    const card = allText(await focus(''));
    expect(card).toContain('Q4 2026 · 20 working days left');
    expect(card).toContain('🏖️ Next holiday: Thu 24 Dec, Christmas Eve (not counted as a working day)');

    const shown = allText(await focus('holidays'));
    expect(shown).toContain('Team: public holidays of United States of America (US).');
    expect(shown).toContain('• Thu 24 Dec, Christmas Eve (company day off)\\n• Fri 25 Dec, Christmas Day');
    expect(shown).toContain('• 2026-12-24: Christmas Eve');
    expect(shown).toContain('A manager sets the team’s holidays');
  });

  it('a manager marks public holidays the team works, and takes it back; a rep on another country keeps theirs', async () => {
    app.stub.users.set('UREP2', { tz: 'America/New_York' });
    await focus('holidays country US', 'UMANAGER1');
    await focus('holidays mine DE', 'UREP2');
    // Columbus Day (Mon Oct 12) worked: 62 + 1 = 63 in the quarter; it is past, so still 21 left.
    expect(allText(await focus('holidays work 2026-10-12', 'UMANAGER1'))).toContain(
      'Q4 2026 now has 63 working days for you, 21 left',
    );
    // Christmas worked too: 64, and Fri Dec 25 is a working day ahead: 21 + 1 = 22 left, no holiday left.
    const christmas = allText(await focus('holidays work 2026-12-25', 'UMANAGER1'));
    expect(christmas).toContain('The team works Christmas Day (Fri 25 Dec 2026)');
    expect(christmas).toContain('Q4 2026 now has 64 working days for you, 22 left.');
    expect(allText(await focus('holidays'))).toContain('Worked by the team all the same: Fri 25 Dec, Christmas Day.');
    // Germany's Christmas is the rep's own, untouched by the team's word: 22 − Dec 25 = 21 left.
    expect(allText(await focus('', 'UREP2'))).toContain('Q4 2026 · 21 working days left');

    const notHoliday = allText(await focus('holidays work 2026-10-13', 'UMANAGER1'));
    expect(notHoliday).toContain(
      'United States of America (US) has no public holiday on 2026-10-13. Nothing was changed.',
    );
    expect(allText(await focus('holidays work 2026-11-11'))).toContain('managers');
    expect(getTeam(app.storage.db, TEAM)?.workedHolidays).toBe('["2026-10-12","2026-12-25"]');

    const back = allText(await focus('holidays remove 2026-12-25', 'UMANAGER1'));
    expect(back).toContain('Christmas Day (Fri 25 Dec 2026) is a holiday for the team again.');
    expect(back).toContain('Q4 2026 now has 63 working days for you, 21 left · next holiday Fri 25 Dec.');
  });

  it('a rep picks their own country and goes back to the team’s', async () => {
    await focus('holidays country US', 'UMANAGER1');
    const mine = allText(await focus('holidays mine de'));
    expect(mine).toContain('Your public holidays are now those of Germany (DE), whatever the team’s.');
    // Germany's only weekday holiday in Q4 2026 is Fri Dec 25: 66 − 1 = 65, 22 − 1 = 21 left.
    expect(mine).toContain('Q4 2026 now has 65 working days for you, 21 left');
    expect(getRep(app.storage.db, TEAM, 'UREP1')).toMatchObject({ holidayCountry: 'DE', holidayRegion: null });
    expect(allText(await focus('holidays'))).toContain('You: Germany (DE), your own choice');

    const back = allText(await focus('holidays mine team'));
    expect(back).toContain('You follow the team’s holidays again: United States of America (US).');
    expect(back).toContain('Q4 2026 now has 62 working days for you, 21 left');
  });

  it('refuses a rep’s team changes and writes nothing', async () => {
    await focus('quota 100k');
    const before = snapshot();
    for (const commandText of ['holidays country DE', 'holidays add 2026-12-24 Eve', 'holidays remove 2026-12-24']) {
      const reply = allText(await focus(commandText));
      expect(reply).toContain('Only managers can change the team’s holidays. Nothing was changed.');
    }
    expect(snapshot()).toEqual(before);
  });

  it('answers bad input with what was wrong and the right form, writing nothing', async () => {
    await focus('holidays', 'UMANAGER1'); // the manager's first contact makes their row
    const before = snapshot();
    const cases: [string, string][] = [
      ['holidays country XX', '‘XX’ isn’t a country code I know: use a two-letter ISO code such as US, DE or GB'],
      ['holidays country DE ZZ', '‘ZZ’ isn’t a region of Germany (DE). Its regions: BB, BE, BW, BY'],
      ['holidays add 12/24 Christmas Eve', 'Write the date as YYYY-MM-DD, not ‘12/24’'],
      ['holidays add 2026-12-24', 'It needs a name for the day off after the date'],
      ['holidays remove', 'It needs the date, as YYYY-MM-DD'],
      ['holidays vacation', '‘vacation’ isn’t something holidays does'],
    ];
    for (const [commandText, message] of cases) {
      const reply = allText(await focus(commandText, 'UMANAGER1'));
      expect(reply).toContain(message);
      expect(reply).toContain('Right form: `/focus holidays [country &lt;code&gt; [region]');
    }
    const missing = allText(await focus('holidays remove 2026-12-31', 'UMANAGER1'));
    expect(missing).toContain('There is no company day off on 2026-12-31. Nothing was changed.');
    expect(snapshot()).toEqual(before);
  });

  it('keeps a day off’s name as typed and escapes it wherever it is shown', async () => {
    // Slack sends &, < and > as entities.
    await focus('holidays add 2026-12-31 &lt;b&gt;R&amp;D&lt;/b&gt; *offsite*', 'UMANAGER1');
    expect(getTeam(app.storage.db, TEAM)?.companyDaysOff).toBe(
      JSON.stringify([{ date: '2026-12-31', name: '<b>R&D</b> *offsite*' }]),
    );
    const shown = allText(await focus('holidays'));
    expect(shown).toContain('2026-12-31: &lt;b&gt;R&amp;D&lt;/b&gt;');
    expect(shown).not.toContain('<b>');
  });

  it('the team settings modal sets the country and the days off; a bad line is refused on its field', async () => {
    const team = {
      in_channel: { type: 'conversations_select', selected_conversation: null },
      in_weekly_day: pick('1'),
      in_weekly_time: { type: 'timepicker', selected_time: '09:00' },
      in_fiscal_start: pick('1'),
      in_currency: text('USD'),
      in_win_rate: number('25'),
      in_team_period: pick('quarter', 'radio_buttons'),
      in_holiday_country: text('de by'),
      in_company_days_off: text('2026-12-24 Christmas Eve\n2026-12-31 Year-end'),
    } as const;
    const submit = async (fields: Parameters<typeof viewSubmission>[1], user = 'UMANAGER1') => {
      const res = await app.action(viewSubmission('modal_team_settings', fields, { user }));
      expect(res.status).toBe(200);
      return res.text === '' ? null : (res.json() as { errors?: Record<string, string> });
    };
    await focus('holidays', 'UMANAGER1'); // the manager's first contact makes their row
    const before = snapshot();
    const bad = await submit({ ...team, in_company_days_off: text('2026-12-24 Christmas Eve\n31/12 Year-end') });
    expect(bad?.errors?.in_company_days_off).toBe(
      'Line 2: Write the date as YYYY-MM-DD, not ‘31/12’. Write one day a line, as 2026-12-24 Christmas Eve.',
    );
    const badCountry = await submit({ ...team, in_holiday_country: text('Germany') });
    expect(badCountry?.errors?.in_holiday_country).toContain('isn’t a country code I know');
    expect(snapshot()).toEqual(before);

    expect(await submit(team)).toBeNull();
    expect(getTeam(app.storage.db, TEAM)).toMatchObject({
      holidayCountry: 'DE',
      holidayRegion: 'BY',
      companyDaysOff: JSON.stringify([
        { date: '2026-12-24', name: 'Christmas Eve' },
        { date: '2026-12-31', name: 'Year-end' },
      ]),
    });
    // The modal shows them back as they are stored.
    await app.action(homeButton('home_open_team_settings', { user: 'UMANAGER1' }));
    await app.stub.waitFor(() => app.stub.callsTo('views.open').length === 1);
    const view = JSON.stringify(app.stub.callsTo('views.open')[0]?.params.view);
    expect(view).toContain('"initial_value":"DE BY"');
    expect(view).toContain('"initial_value":"2026-12-24 Christmas Eve\\n2026-12-31 Year-end"');
  });

  it('a rep’s settings modal sets their own country', async () => {
    const fields = {
      in_checkin_time: { type: 'timepicker', selected_time: '08:30' },
      in_reflection_time: { type: 'timepicker', selected_time: '17:30' },
      in_working_days: { type: 'checkboxes', selected_options: ['1', '2', '3', '4', '5'].map((value) => ({ value })) },
      in_timezone: text(null),
      in_reminders: pick('on', 'radio_buttons'),
      in_paused_until: { type: 'datepicker', selected_date: null },
      in_my_holiday_country: text('GB'),
    } as const;
    const res = await app.action(viewSubmission('modal_settings', fields));
    expect(res.text).toBe('');
    expect(getRep(app.storage.db, TEAM, 'UREP1')).toMatchObject({ holidayCountry: 'GB', holidayRegion: null });
    await app.action(viewSubmission('modal_settings', { ...fields, in_my_holiday_country: text(null) }));
    expect(getRep(app.storage.db, TEAM, 'UREP1')).toMatchObject({ holidayCountry: null });
  });
});
