import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStatus } from '../../src/coach/status.js';
import { loadTeamProgress, readRepByRep, teamProgressFrom } from '../../src/coach/team.js';
import { setPlan, setPlanDone } from '../../src/db/checkins.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';

/**
 * A rep in Kolkata (UTC+5:30) on a team in New York: their quarter turns 9½ hours before the team's. Q1 2027
 * has 64 working days, Monday to Friday (see rollover.test.ts).
 */
const at = (iso: string) => Date.parse(iso);
/** Thursday 2027-04-01, 08:45 in Kolkata: the rep's first Q2 check-in is due; New York is still at Mar 31, 23:15. */
const APRIL_1_0845_IST = at('2027-04-01T03:15:00Z');

type Reply = { text?: string; blocks?: unknown[] };
const allText = (reply: Reply) => `${reply.text ?? ''}\n${JSON.stringify(reply.blocks ?? [])}`;

describe('a quarter turning over in Kolkata while New York is still in the old one', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  async function focus(text: string, when: number, user = 'UKOL'): Promise<string> {
    app.clock.now = when;
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    return allText(res.json() as Reply);
  }

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: at('2027-01-05T04:30:00Z'), managers: ['UMANAGER1'] });
    app.stub.users.set('UKOL', { tz: 'Asia/Kolkata' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('carries the quota into the rep’s Q2 and recaps their Q1 in their dates, while the team still counts Q1', async () => {
    // Times are UTC; the rep's dates are Kolkata's.
    expect(await focus('quota 300k quarter', at('2027-01-05T04:30:00Z'))).toContain('Q1 2027');
    await focus('won 50k Tata Motors', at('2027-02-10T04:30:00Z'));
    await focus('icp Tata Motors yes', at('2027-02-10T04:30:00Z'));
    await focus('log meeting 8 Tata Motors', at('2027-03-15T04:30:00Z'));
    await focus('log meeting 2 Wipro', at('2027-03-16T04:30:00Z'));
    // Wed Mar 31, 20:00 in Kolkata.
    await focus('won 100k Wipro', at('2027-03-31T14:30:00Z'));
    // Thu Apr 1, 01:00 in Kolkata (Mar 31, 15:30 in New York): the rep's Q2, not Q1.
    await focus('won 20k Infosys', at('2027-03-31T19:30:00Z'));
    const of = { teamId: 'T1', userId: 'UKOL', localDate: '2027-03-31' };
    setPlan(app.storage.db, { ...of, items: ['Close Wipro', 'Prep Infosys'], now: 0 });
    setPlanDone(app.storage.db, { ...of, doneIndexes: [0, 1] });

    const sent = await passAgainst(app.stub, app.store)(APRIL_1_0845_IST);
    expect(sent).toEqual([{ kind: 'checkin', team: 'T1', recipient: 'UKOL', period: '2027-04-01', status: 'sent' }]);
    const call = app.stub.callsTo('chat.postMessage')[0];
    const checkin = allText({ text: String(call?.params.text), blocks: call?.params.blocks as unknown[] });
    // Q1 in Kolkata's dates: 50,000 + 100,000 = 150,000 of 300,000 = 50%; the Apr 1 win is Q2's.
    expect(checkin).toContain('*Q1 2027 recap*');
    expect(checkin).toContain('*50%* of your $300,000 quota: $150,000 won, $150,000 short.');
    expect(checkin).toContain('Largest win: $100,000, Wipro (Mar 31)');
    // 8 meetings on Tata Motors (ICP) of 8 + 2 (Wipro, not classified) = 10: 80%.
    expect(checkin).toContain('ICP share of work: 80% (8 of 10 logged activities on ICP accounts)');
    expect(checkin).toContain('Plans kept: 1 of 64 working days');
    expect(checkin).toContain('plans made on 1 day)');
    expect(checkin).toContain('*Q2 2027 quota: $300,000*, as in Q1 2027: change it with `/focus quota`.');
    // Q2 so far: the $20,000 Infosys win. 300,000 − 20,000 = 280,000 to go.
    expect(checkin).toContain('$280,000 to go');

    // The team, in New York, is still in Q1: the rep counts there with their Q1 quota and Q1 wins, while
    // their own card (the team view's `status`) is their Q2 with the carried quota, exactly as their card.
    const input = { teamId: 'T1', now: APRIL_1_0845_IST, defaultTimezone: 'America/New_York' };
    const team = await loadTeamProgress(app.store, input);
    expect(team).toEqual(await teamProgressFrom(app.store, input, readRepByRep));
    const line = team.reps.find((r) => r.userId === 'UKOL');
    expect(line?.status).toEqual(await loadStatus(app.store, { ...input, userId: 'UKOL' }));
    expect(line?.status.period.label).toBe('Q2 2027');
    expect(line?.status.report.quotaCents).toBe(30_000_000);
    expect(line?.status.report.wonCents).toBe(2_000_000);
    expect(line?.teamStatus?.period.label).toBe('Q1 2027');
    expect(line?.teamStatus?.report.quotaCents).toBe(30_000_000);
    expect(line?.teamStatus?.report.wonCents).toBe(15_000_000);
    expect(await focus('team', APRIL_1_0845_IST, 'UMANAGER1')).toContain('50% of $300,000');
  });
});
