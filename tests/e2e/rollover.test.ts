import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setPlan, setPlanDone } from '../../src/db/checkins.js';
import { recordWin } from '../../src/db/deals.js';
import { quotaFor } from '../../src/db/quotas.js';
import { setTeamChannel } from '../../src/db/teams.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';

/**
 * A quarter turning over in New York, as a rep and a team live it: the quota set for Q1 2027 carries into Q2,
 * the first check-in of Q2 says so and recaps Q1, and the weekly posts either side of the boundary miss no win.
 * Q1 2027 (Jan 1 – Mar 31) has 64 working days, Monday to Friday: January 21 (Jan 1 is a Friday: 1 + 4 full
 * weeks from the 4th), February 20 (Feb 1 is a Monday: 4 full weeks), March 23 (4 full weeks from Mar 1, a
 * Monday, then Mon 29 – Wed 31).
 */
const at = (iso: string) => Date.parse(iso);
/** 10:00 in New York on a Q1 day (EST, UTC−5 until Mar 14; EDT, UTC−4 from then). */
const tenAmEastern = (date: string) => at(`${date}T${date >= '2027-03-14' ? '14' : '15'}:00:00Z`);
/** Thursday 2027-04-01, Q2's first working day, 08:45 EDT: the check-in (08:30) is due. */
const APRIL_1_0845 = at('2027-04-01T12:45:00Z');
const APRIL_2_0845 = at('2027-04-02T12:45:00Z');
/** Mondays at 09:10 EDT: the weekly post (Monday 09:00) is due. */
const MARCH_29_0910 = at('2027-03-29T13:10:00Z');
const APRIL_5_0910 = at('2027-04-05T13:10:00Z');
const APRIL_12_0910 = at('2027-04-12T13:10:00Z');

type Reply = { text?: string; blocks?: unknown[] };
const allText = (reply: Reply) => `${reply.text ?? ''}\n${JSON.stringify(reply.blocks ?? [])}`;

describe('a quarter turning over in New York', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  let pass: (now: number) => Promise<SendOutcome[]>;

  async function focus(text: string, when: number, user = 'UREP1'): Promise<string> {
    app.clock.now = when;
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    const reply = res.json() as Reply;
    expect(allText(reply), text).not.toMatch(/Sorry|not recognised|Usage/i);
    return allText(reply);
  }

  /** The messages posted to a conversation, oldest first, as Slack would show them (text and blocks). */
  const postsTo = (channel: string) =>
    app.stub
      .callsTo('chat.postMessage')
      .filter((call) => call.params.channel === channel)
      .map((call) => allText({ text: String(call.params.text), blocks: call.params.blocks as unknown[] }));

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: tenAmEastern('2027-01-04'), managers: ['UMANAGER1'] });
    for (const user of ['UREP1', 'UREP2', 'UREP3', 'UMANAGER1']) app.stub.users.set(user, { tz: 'America/New_York' });
    pass = passAgainst(app.stub, app.store);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  /** UREP1's Q1: a $500,000 quota, three wins, 50 logged activities and five plans. */
  async function repQuarter(): Promise<void> {
    await focus('quota 500k quarter', tenAmEastern('2027-01-04'));
    await focus('won 120k Acme Corp', tenAmEastern('2027-01-20'));
    await focus('icp Acme Corp yes', tenAmEastern('2027-01-20'));
    await focus('won 60k Globex', tenAmEastern('2027-02-25'));
    await focus('log call 30 Acme Corp', tenAmEastern('2027-03-01'));
    await focus('log call 10 Tiny Shop', tenAmEastern('2027-03-02'));
    await focus('icp Tiny Shop no', tenAmEastern('2027-03-02'));
    await focus('log email 10', tenAmEastern('2027-03-03'));
    await focus('won 280k Initech Corp', tenAmEastern('2027-03-30'));
    // Plans on five working days and a Saturday: [items, done].
    const plans: [string, number, number][] = [
      ['2027-03-22', 3, 2], // kept: 2 of 3 is more than half
      ['2027-03-23', 2, 1], // not kept: 1 of 2 is only half
      ['2027-03-24', 1, 1], // kept
      ['2027-03-25', 4, 2], // not kept
      ['2027-03-26', 3, 3], // kept
      ['2027-03-27', 1, 1], // a Saturday: no working day's plan
    ];
    for (const [localDate, items, done] of plans) {
      const of = { teamId: 'T1', userId: 'UREP1', localDate };
      setPlan(app.storage.db, { ...of, items: Array.from({ length: items }, (_, i) => `Item ${i + 1}`), now: 0 });
      setPlanDone(app.storage.db, { ...of, doneIndexes: Array.from({ length: done }, (_, i) => i) });
    }
  }

  it('carries the Q1 quota into Q2 and opens the first Q2 check-in with the Q1 recap, once', async () => {
    await repQuarter();
    const sent = await pass(APRIL_1_0845);
    expect(sent).toContainEqual({
      kind: 'checkin',
      team: 'T1',
      recipient: 'UREP1',
      period: '2027-04-01',
      status: 'sent',
    });
    const [checkin] = postsTo('DUREP1');
    // Won in Q1: 120,000 + 60,000 + 280,000 = 460,000 of 500,000: 92%, 40,000 short.
    expect(checkin).toContain('*Q1 2027 recap*');
    expect(checkin).toContain('*92%* of your $500,000 quota: $460,000 won, $40,000 short.');
    expect(checkin).toContain('Largest win: $280,000, Initech Corp (Mar 30)');
    // 30 calls on Acme Corp (ICP) of 30 + 10 (Tiny Shop, not ICP) + 10 (no account) = 50: 60%.
    expect(checkin).toContain('ICP share of work: 60% (30 of 50 logged activities on ICP accounts)');
    // Kept: Mar 22, 24 and 26 of Q1's 64 working days; plans on 5 working days (the Saturday's is not counted).
    expect(checkin).toContain(
      'Plans kept: 3 of 64 working days (a plan counts as kept when more than half its items were ticked done; plans made on 5 days)',
    );
    expect(checkin).toContain('*Q2 2027 quota: $500,000*, as in Q1 2027: change it with `/focus quota`.');
    // The recap opens the message, and the check-in itself follows with the carried quota's gap.
    const blocks = JSON.stringify(app.stub.callsTo('chat.postMessage')[0]?.params.blocks);
    expect(blocks.indexOf('Q1 2027 recap')).toBeGreaterThan(-1);
    expect(blocks.indexOf('Q1 2027 recap')).toBeLessThan(blocks.indexOf('Good morning'));
    expect(String(app.stub.callsTo('chat.postMessage')[0]?.params.text)).toMatch(
      /^Q1 2027: 92% of your \$500,000 quota/,
    );
    expect(checkin).toContain('$500,000 to go');
    expect(checkin).not.toContain('No quota set');

    // The card, Home's numbers and the team view read the same carried quota.
    expect(await focus('', APRIL_1_0845 + 60_000)).toContain('Q2 2027: $500,000 to go of your $500,000 quota');
    expect(await focus('team', APRIL_1_0845 + 60_000, 'UMANAGER1')).toContain('0% of $500,000');
    // Home, opened on Apr 1: its header names the period it shows.
    app.clock.now = APRIL_1_0845 + 60_000;
    const Q2_HEADER = '"text":"Q2 2027 ·';
    const home = (calls: { params: Record<string, unknown> }[]) =>
      calls.filter((c) => c.params.user_id === 'UREP1').map((c) => JSON.stringify(c.params.view));
    await app.event({ type: 'app_home_opened', user: 'UREP1', channel: 'DUREP1', tab: 'home', event_ts: '1.2' });
    await app.stub.waitFor((calls) =>
      home(calls.filter((c) => c.method === 'views.publish')).some((view) => view.includes(Q2_HEADER)),
    );
    const q2Home = home(app.stub.callsTo('views.publish')).find((view) => view.includes(Q2_HEADER)) ?? '';
    expect(q2Home).toContain('$500,000 to go');
    expect(q2Home).not.toContain('No quota set');
    // Carried when read, not written: Q2 has no quota row of its own.
    expect(quotaFor(app.storage.db, 'T1', 'UREP1', 'quarter', '2027-04-01')).toBeUndefined();

    await pass(APRIL_2_0845);
    const friday = postsTo('DUREP1')[1];
    expect(friday).toContain('Good morning');
    expect(friday).not.toContain('recap');
    expect(friday).not.toContain('as in Q1 2027');
  });

  it('recaps at the start of a period only: a first check-in two weeks in says nothing of Q1', async () => {
    await repQuarter();
    // Thursday 2027-04-15, 08:45 EDT: the rep's first check-in of Q2 (none went out before), 14 days in.
    await pass(at('2027-04-15T12:45:00Z'));
    const [checkin] = postsTo('DUREP1');
    expect(checkin).toContain('Good morning!');
    expect(checkin).not.toContain('*Q1 2027 recap*');
    expect(checkin).not.toContain('as in Q1 2027');
    // The quota still carries, recap or not: $500,000 to go of Q2's.
    expect(checkin).toContain('$500,000 to go');
  });

  it('keeps a quota set for the new period: no carry, and the recap still comes', async () => {
    await repQuarter();
    await focus('quota 600k quarter', at('2027-04-01T11:00:00Z'));
    await pass(APRIL_1_0845);
    const [checkin] = postsTo('DUREP1');
    expect(checkin).toContain('*Q1 2027 recap*');
    expect(checkin).not.toContain('as in Q1 2027');
    expect(checkin).toContain('$600,000 to go');
    expect(quotaFor(app.storage.db, 'T1', 'UREP1', 'quarter', '2027-01-01')?.amountCents).toBe(50_000_000);
    expect(quotaFor(app.storage.db, 'T1', 'UREP1', 'quarter', '2027-04-01')?.amountCents).toBe(60_000_000);
  });

  it('shows in the next weekly post a win made after the last one, across the quarter, and recaps Q1 for the team', async () => {
    setTeamChannel(app.storage.db, 'T1', 'CSALES');
    await focus('quota 500k quarter', tenAmEastern('2027-01-04'));
    await focus('quota 60k quarter', tenAmEastern('2027-01-04'), 'UREP2');
    await focus('won 10k Wonka', tenAmEastern('2027-02-01'), 'UREP3');
    await focus('won 120k Acme Corp', tenAmEastern('2027-01-20'));
    await focus('won 60k Globex', tenAmEastern('2027-02-25'));
    await focus('won 40k Hooli', tenAmEastern('2027-03-24'), 'UREP2');

    // The first post ever covers the 7 days before Monday Mar 29: Mar 22 – 28.
    await pass(MARCH_29_0910);
    const [first] = postsTo('CSALES');
    expect(first).toContain('*Won in the last 7 days* (Mar 22 – Mar 28): 1 win, $40,000');
    expect(first).toContain('<@UREP2> $40,000 · Hooli · Mar 24');
    expect(first).not.toContain('recap');

    // After it: a $280,000 win on Tuesday Mar 30 (Q1), and on Apr 2 a win booked late, dated Mar 26.
    await focus('won 280k Initech Corp', tenAmEastern('2027-03-30'));
    recordWin(app.storage.db, {
      teamId: 'T1',
      userId: 'UREP2',
      account: 'Umbrella',
      amountCents: 2_500_000,
      today: '2027-03-26',
      now: tenAmEastern('2027-04-02'),
    });

    await pass(APRIL_5_0910);
    const second = postsTo('CSALES').find((post) => post.includes('Won since the last post')) ?? '';
    // Mar 29 (the last post's day) – Apr 4: the Initech win, and the late Umbrella one; Hooli was shown already.
    expect(second).toContain('*Won since the last post* (Mar 29 – Apr 4): 2 wins, $305,000');
    expect(second).toContain('<@UREP1> $280,000 · Initech Corp · Mar 30');
    expect(second).toContain('<@UREP2> $25,000 · Umbrella · Mar 26 (booked after the last post)');
    expect(second).not.toContain('Hooli');
    // Q1 for the team: quotas 500,000 (UREP1) + 60,000 (UREP2) = 560,000; won 460,000 + 65,000 = 525,000:
    // 93.75%, shown 94%. UREP2 reached 65,000 of 60,000; UREP1 460,000 of 500,000 did not. UREP3's 10,000 had
    // no quarterly quota behind it.
    expect(second).toContain(
      '*Q1 2027 recap*: $525,000 won of the team’s $560,000 quota (*94%*) · 1 of 2 reps at or over quota: <@UREP2> · $10,000 more won by reps without a quarterly quota',
    );

    await pass(APRIL_12_0910);
    const third = postsTo('CSALES').filter((post) => post.includes('Won since the last post'))[1] ?? '';
    expect(third).toContain('*Won since the last post* (Apr 5 – Apr 11): no wins recorded.');
    expect(third).not.toContain('recap');
  });

  it('covers every day since the last post that went out, when a week’s post never did', async () => {
    setTeamChannel(app.storage.db, 'T1', 'CSALES');
    await focus('quota 500k quarter', tenAmEastern('2027-01-04'));
    await pass(MARCH_29_0910);
    await focus('won 280k Initech Corp', tenAmEastern('2027-03-30'));
    await focus('won 30k Globex', tenAmEastern('2027-04-06'));
    // No pass runs on Monday Apr 5 (the server was down all day): the Apr 12 post covers Mar 29 – Apr 11.
    await pass(APRIL_12_0910);
    const post = postsTo('CSALES').find((text) => text.includes('Won since the last post')) ?? '';
    expect(post).toContain('*Won since the last post* (Mar 29 – Apr 11): 2 wins, $310,000');
    expect(post).toContain('<@UREP1> $280,000 · Initech Corp · Mar 30');
    expect(post).toContain('<@UREP1> $30,000 · Globex · Apr 6');
    // Q1: 280,000 of 500,000 = 56%; the first post since Q1 ended recaps it.
    expect(post).toContain(
      '*Q1 2027 recap*: $280,000 won of the team’s $500,000 quota (*56%*) · 0 of 1 rep at or over quota',
    );
  });
});
