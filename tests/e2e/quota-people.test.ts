/**
 * Quotas are set only for active, human members of the workspace, and a rep hears when a manager sets theirs:
 * over signed HTTP, against the Web API stand-in answering users.info as Slack does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { pick, text, viewSubmission } from '../support/payloads.js';
import { stubAppAuthorizingUser, stubBotUser, stubDeletedUser } from '../support/slack-stub.js';

/** Tuesday 2026-12-01, 09:00 in Los Angeles (17:00Z): inside Q4 2026, Oct 1 – Dec 31. */
const NOW = Date.parse('2026-12-01T17:00:00Z');
const MANAGER = 'UMANAGER1';

describe('who may carry a quota, and the rep told of a manager’s change', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  const count = (sql: string, user: string) => (app.storage.sqlite.prepare(sql).get(user) as { n: number }).n;
  const repRows = (user: string) => count('select count(*) as n from reps where user_id = ?', user);
  const quotaRows = (user: string) => count('select count(*) as n from quotas where user_id = ?', user);
  /** The DMs the coach posted to a rep (the stand-in opens `D<user>` for them). */
  const dmsTo = (user: string) => app.stub.messages.get(`D${user}`) ?? [];

  async function focus(commandText: string, user = MANAGER): Promise<{ text: string; blocks: string }> {
    const res = await app.command(commandText, { user });
    expect(res.status).toBe(200);
    const reply = res.json();
    return { text: reply.text ?? '', blocks: JSON.stringify(reply.blocks) };
  }

  async function submitRepQuota(rep: string, amount: string, user = MANAGER) {
    const res = await app.action(
      viewSubmission(
        'modal_rep_quota',
        {
          in_rep: { type: 'users_select', selected_user: rep },
          in_amount: text(amount),
          in_period: pick('quarter', 'radio_buttons'),
        },
        { user },
      ),
    );
    expect(res.status).toBe(200);
    return res.text === '' ? null : (res.json() as { response_action?: string; errors?: Record<string, string> });
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOW, managers: [MANAGER] });
    app.stub.users.set(MANAGER, { tz: 'America/New_York' });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    app.stub.users.set('UREP2', { tz: 'America/Los_Angeles' });
    app.stub.users.set('UBOT1', stubBotUser());
    app.stub.users.set('UGONE1', stubDeletedUser());
    app.stub.users.set('USLACKBOT', { name: 'slackbot', deleted: false, is_bot: false, is_app_user: false });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it.each([
    ['a bot', 'UBOT1', '<@UBOT1> is a bot or an app, not a person'],
    ['Slackbot (is_bot: false, a documented exception)', 'USLACKBOT', 'is a bot or an app, not a person'],
    ['a deactivated member', 'UGONE1', '<@UGONE1> has been deactivated in Slack'],
    ['an ID Slack does not know', 'UNOBODY99', '`UNOBODY99` isn’t a member of this workspace'],
  ])('refuses /focus quota for %s, writing nothing and sending nothing', async (_who, user, why) => {
    const reply = await focus(`quota 100k quarter <@${user}>`);
    expect(reply.blocks).toContain(why);
    expect(reply.text).toContain('Nothing was changed');
    expect(reply.blocks).toContain('Right form');
    expect(repRows(user)).toBe(0);
    expect(quotaRows(user)).toBe(0);
    expect(app.stub.callsTo('users.info').map((c) => c.params.user)).toContain(user);
    expect(app.stub.callsTo('conversations.open')).toEqual([]);
    expect(app.stub.callsTo('chat.postMessage')).toEqual([]);
  });

  it.each([
    ['a bot', 'UBOT1', 'The person picked is a bot or an app, not a person'],
    ['a deactivated member', 'UGONE1', 'The person picked has been deactivated in Slack'],
    ['an ID Slack does not know', 'UNOBODY99', 'The person picked isn’t a member of this workspace'],
  ])('refuses the Set-quota modal for %s with an error under the picker', async (_who, user, why) => {
    const answer = await submitRepQuota(user, '100k');
    expect(answer?.response_action).toBe('errors');
    expect(answer?.errors?.in_rep).toContain(why);
    expect(answer?.errors?.in_rep).toContain('Nothing was changed');
    expect(repRows(user)).toBe(0);
    expect(quotaRows(user)).toBe(0);
    expect(app.stub.callsTo('chat.postMessage')).toEqual([]);
  });

  it('DMs the rep a manager’s new quota, then the change from the old amount to the new, naming the manager', async () => {
    const first = await focus('quota 100k quarter <@UREP2>');
    expect(first.text).toContain('Quota set for <@UREP2>: $100,000 for Q4 2026');
    await app.stub.waitFor(() => dmsTo('UREP2').length === 1);
    expect(dmsTo('UREP2')[0]?.text).toContain(
      '<@UMANAGER1> set your quota for Q4 2026 (Oct 1 – Dec 31): $100,000 (new: you had no quota for it).',
    );

    app.clock.now = NOW + 60_000;
    await focus('quota 120k quarter <@UREP2>');
    await app.stub.waitFor(() => dmsTo('UREP2').length === 2);
    const change = dmsTo('UREP2')[1];
    expect(change?.text).toContain(
      '<@UMANAGER1> changed your quota for Q4 2026 (Oct 1 – Dec 31): $100,000 → $120,000.',
    );
    // Sent once, with a key of its own in the message's metadata.
    expect(change?.metadata?.event_payload.key).toBe(`${TEAM}:UREP2:quota-notice:quarter:2026-10-01:${NOW + 60_000}`);
    const row = app.storage.sqlite.prepare("select amount_cents, set_by from quotas where user_id = 'UREP2'").all();
    expect(row).toEqual([{ amount_cents: 12_000_000, set_by: MANAGER }]);
    // The rep's card uses it: $120,000 quota, nothing won yet.
    expect((await focus('', 'UREP2')).text).toContain('$120,000 to go of your $120,000 quota');
  });

  it('DMs the change made in the manager’s Set-quota modal, with the old amount carried from last quarter', async () => {
    // Q3 2026 (Jul 1 – Sep 30): $90,000, set on Sep 15; it carries into Q4 until one is set for Q4.
    app.clock.now = Date.parse('2026-09-15T17:00:00Z');
    await focus('quota 90k quarter', 'UREP2');
    app.clock.now = NOW;
    expect(await submitRepQuota('UREP2', '110k')).toBeNull();
    await app.stub.waitFor(() => dmsTo('UREP2').length === 1);
    expect(dmsTo('UREP2')[0]?.text).toContain(
      '<@UMANAGER1> changed your quota for Q4 2026 (Oct 1 – Dec 31): $90,000 → $110,000 (the old amount was carried over from an earlier period).',
    );
  });

  it('DMs the rep a quota a manager typed in the bot’s DM, and refuses a bot there too', async () => {
    const say = (text: string, ts: string) =>
      app.event({ type: 'message', channel: `D${MANAGER}`, user: MANAGER, text, ts, channel_type: 'im' });
    expect((await say('quota 75k quarter <@UREP2>', '1764607500.000101')).status).toBe(200);
    await app.stub.waitFor(() => dmsTo('UREP2').length === 1 && dmsTo(MANAGER).length === 1);
    expect(dmsTo(MANAGER)[0]?.text).toContain('Quota set for <@UREP2>: $75,000 for Q4 2026');
    expect(dmsTo('UREP2')[0]?.text).toContain('<@UMANAGER1> set your quota for Q4 2026 (Oct 1 – Dec 31): $75,000 (new');
    expect((await say('quota 75k quarter <@UBOT1>', '1764607500.000102')).status).toBe(200);
    await app.stub.waitFor(() => dmsTo(MANAGER).length === 2);
    expect(dmsTo(MANAGER)[1]?.text).toContain('<@UBOT1> is a bot or an app, not a person');
    expect(repRows('UBOT1')).toBe(0);
  });

  it('sends no DM for a rep’s own quota, nor for a manager setting the amount a rep already has', async () => {
    await focus('quota 100k quarter', 'UREP1');
    // The manager sets the same $100,000 again: nothing the rep sees changes.
    const same = await focus('quota 100k quarter <@UREP1>');
    expect(same.text).toContain('as it was');
    // A change for another rep is DMed; once it has arrived, nothing went to UREP1 before it.
    await focus('quota 50k quarter <@UREP2>');
    await app.stub.waitFor(() => dmsTo('UREP2').length === 1);
    expect(dmsTo('UREP1')).toEqual([]);
    expect(app.stub.callsTo('conversations.open').map((c) => c.params.users)).toEqual(['UREP2']);
  });

  it('lets a manager set a quota for a person who authorized the app (is_app_user: a human)', async () => {
    app.stub.users.set('UANN1', stubAppAuthorizingUser('Europe/Berlin'));
    const reply = await focus('quota 80k quarter <@UANN1>');
    expect(reply.text).toContain('Quota set for <@UANN1>: $80,000 for Q4 2026');
    // The profile Slack gave with the check is kept: the rep's zone and no admin role.
    expect(
      app.storage.sqlite.prepare("select slack_timezone, is_slack_admin from reps where user_id = 'UANN1'").get(),
    ).toEqual({ slack_timezone: 'Europe/Berlin', is_slack_admin: 0 });
  });

  it('refuses a forged Set-quota submission by a rep, without asking Slack about the person or writing', async () => {
    const answer = await submitRepQuota('UREP2', '1k', 'UREP1');
    expect(answer?.errors?.in_rep).toContain('Only managers');
    expect(quotaRows('UREP2')).toBe(0);
    expect(repRows('UREP2')).toBe(0);
    expect(app.stub.callsTo('users.info').map((c) => c.params.user)).not.toContain('UREP2');
    expect(app.stub.callsTo('chat.postMessage')).toEqual([]);
  });

  it('refuses a rep’s /focus quota for another rep the same way', async () => {
    const reply = await focus('quota 1k quarter <@UREP2>', 'UREP1');
    expect(reply.text).toContain('Only managers');
    expect(quotaRows('UREP2')).toBe(0);
    expect(repRows('UREP2')).toBe(0);
  });
});
