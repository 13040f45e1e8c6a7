import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { homeButton } from '../support/payloads.js';

/** Tuesday 2026-12-01, 09:00 in Los Angeles: before the reps' 17:30 reflection. */
const NOW = Date.parse('2026-12-01T17:00:00Z');

/** A press of one of a rep row's buttons on the manager's Home, as Slack sends it: the rep's ID in the value. */
function rowButton(actionId: string, repId: string, user: string): Record<string, unknown> {
  return {
    ...homeButton(actionId, { user }),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: `home_rep:${repId}`,
        value: repId,
        text: { type: 'plain_text', text: 'Open card', emoji: true },
        action_ts: '1700000001.000200',
      },
    ],
  };
}

describe("the manager's Home over signed HTTP", () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  const publishes = (user: string) => app.stub.callsTo('views.publish').filter((c) => c.params.user_id === user);
  const opened = () => app.stub.callsTo('views.open');
  const snapshot = () => {
    const data = exportData(app.storage.db, null);
    return { ...data, reps: data.reps?.map(({ profileFetchedAt: _, ...rest }) => rest) };
  };

  async function openHome(user: string): Promise<string> {
    const before = publishes(user).length;
    const res = await app.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.2' });
    expect(res.status).toBe(200);
    await app.stub.waitFor(() => publishes(user).length > before);
    return JSON.stringify(publishes(user).at(-1)?.params.view);
  }

  async function press(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const before = opened().length;
    expect((await app.action(payload)).status).toBe(200);
    await app.stub.waitFor(() => opened().length > before);
    return opened().at(-1)?.params.view as Record<string, unknown>;
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOW, managers: ['UMANAGER1'] });
    for (const user of ['UREP1', 'UREP2', 'UREP3']) app.stub.users.set(user, { tz: 'America/Los_Angeles' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
    await app.command('quota 100k quarter', { user: 'UREP1' });
    await app.command('won 30k Initech', { user: 'UREP1' });
    await app.command('quota 100k quarter', { user: 'UREP2' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('shows the team first, rows lowest projection first, and no walkthrough for a manager without a quota', async () => {
    const home = await openHome('UMANAGER1');
    expect(home.indexOf('Your team · Q4 2026')).toBeLessThan(home.indexOf('<@UREP2>'));
    // UREP2 projects 0%, UREP1 30% (won $30,000 of $100,000, no pipeline): UREP2 first
    expect(home.indexOf('<@UREP2>')).toBeLessThan(home.indexOf('<@UREP1>'));
    // quota 100,000 + 100,000; won 30,000: 15%, 3 of 20 cells; gap $170,000
    expect(home).toContain(`${'█'.repeat(3)}${'░'.repeat(17)}`);
    expect(home).toContain('*Gap*\\n$170,000');
    // Tuesday before the reflection: Q4's 66 working days, 43 elapsed (Oct 22, Nov 21);
    // expected 100,000 × 43 / 66 = 65,151.5; 30,000 − 65,151.5 → $35,152 behind;
    // the gap 70,000 ÷ the team's default 25% = $280,000 of counted pipeline needed
    expect(home).toContain(
      '🔴 *<@UREP1>* · projected *30%* · 30% of $100,000\\n' +
        '$35,152 behind pace · pipeline $0 of $280,000 needed · no activity this week · plans 0/5 days',
    );
    expect(home).not.toContain('Welcome to Focus Coach');
    expect(home).not.toContain('1. Set your quota');
    expect(home).toContain('You carry no quota of your own');
  });

  it('agrees with the rep’s own Home on a call logged today', async () => {
    // The manager's Home is read (and the team view kept) before the rep logs anything.
    expect(await openHome('UMANAGER1')).not.toContain('<@UREP3>');
    await app.command('icp Acme yes', { user: 'UREP3' });
    await app.command('log call 1 Acme', { user: 'UREP3' });
    const own = await openHome('UREP3');
    expect(own).toContain('• 1 call · Acme');
    expect(own).toContain('*Focus this week*\\nICP 100%');
    const home = await openHome('UMANAGER1');
    expect(home).toContain('⚪ *<@UREP3>* · no quota set\\nICP 100% this week · plans 0/5 days');
    expect(home).not.toContain('no activity in 7 days');
    // The card the manager opens from the row is the rep's own, from the same team view.
    const card = await press(rowButton('home_open_rep_card', 'UREP3', 'UMANAGER1'));
    expect(card).toMatchObject({ callback_id: 'modal_rep_card' });
    expect(card.submit).toBeUndefined();
    expect(JSON.stringify(card)).toContain('*Focus this week*\\nICP 100%');
  });

  it('opens the rep-quota form with the row’s rep picked, for a manager', async () => {
    const view = await press(rowButton('home_open_rep_quota_for', 'UREP2', 'UMANAGER1'));
    expect(view).toMatchObject({ callback_id: 'modal_rep_quota' });
    expect(JSON.stringify(view)).toContain('"initial_user":"UREP2"');
    // a forged value naming nobody on the team: the form opens with no one picked
    const nobody = await press(rowButton('home_open_rep_quota_for', 'UNOBODY99', 'UMANAGER1'));
    expect(JSON.stringify(nobody)).not.toContain('initial_user');
  });

  it('refuses a rep’s forged row buttons, showing and writing nothing', async () => {
    await openHome('UREP1');
    const before = snapshot();
    for (const action of ['home_open_rep_card', 'home_open_rep_quota_for']) {
      const view = await press(rowButton(action, 'UREP2', 'UREP1'));
      expect(view).toMatchObject({ callback_id: 'modal_refused' });
      expect(JSON.stringify(view)).not.toContain('UREP2');
    }
    expect(snapshot()).toEqual(before);
  });

  it('says so when a card is asked for a user the team does not list', async () => {
    const view = await press(rowButton('home_open_rep_card', 'UNOBODY99', 'UMANAGER1'));
    expect(JSON.stringify(view)).toContain('<@UNOBODY99> has no card yet');
  });
});
