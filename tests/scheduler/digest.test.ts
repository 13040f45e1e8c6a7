/**
 * The managers' weekly coaching digest, sent by the scheduler pass against the Web API stand-in: one DM per
 * manager (FOCUS_MANAGERS and the admins the app knows), before the weekly post, once a week.
 *
 * The team: four reps in New York, each with a $100,000 quota for Q4 2026 (Oct 1 – Dec 31), no closed
 * opportunities anywhere (every win below was logged without an opportunity first), so every win rate is the
 * team's default 25% (shrinkage toward 25% with nothing of their own: exactly 25%). The pass runs on Monday
 * Nov 30 (ISO week 2026-W49), weekly slot Monday 09:00 New York; 31 calendar days left (more than the default
 * 30-day cycle: not too late for new opportunities). The last 7 days: Nov 23 – Nov 29, 5 working days.
 *
 *  UREP1  won $20,000; counted $80,000 (Initech) → expected $80,000 × 25% = $20,000;
 *         projected ($20,000 + $20,000) / $100,000 = 40% < 70%: at risk. Gap $80,000, coverage 80/80 = 1.0×,
 *         needed 1 / 25% = 4.0×. Planned Nov 24.
 *  UREP2  won $60,000; counted $100,000 (Globex) → expected $25,000; projected 85%. Stale: Umbrella $50,000
 *         (close date Nov 20 passed) and Soylent $30,000 (last touched Oct 20: 11 + 30 = 41 days idle ≥ 30):
 *         2 deals, $80,000: at risk. Planned Nov 23.
 *  UREP3  won $70,000; counted $40,000 (Wayne) → expected $10,000; projected 80%; no plan on any of the 5
 *         working days: at risk.
 *  UREP4  won $90,000; counted $80,000 (Tyrell) → expected $20,000; projected 110%; planned Nov 24: on track.
 * Team: won $240,000 of $400,000 = 60%; projected $40k + $85k + $80k + $110k = $315,000 = 78.75% → 79%.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setPlan } from '../../src/db/checkins.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { getSend, sendKey } from '../../src/db/sends.js';
import { setTeamChannel } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import type { PassDeps, SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { passAgainst } from '../support/pass.js';
import { SlackStub } from '../support/slack-stub.js';

const MINUTE = 60_000;
/** Monday 2026-11-30 09:00 in New York (EST, UTC−5): the default weekly slot. */
const MONDAY_0900 = Date.parse('2026-11-30T14:00:00Z');
/** Five minutes earlier: the digest's own time. */
const MONDAY_0855 = MONDAY_0900 - 5 * MINUTE;
const TUESDAY_0900 = MONDAY_0900 + 24 * 60 * MINUTE;
const NY = 'America/New_York';
const Q4 = periodContaining('quarter', '2026-11-30', 1);

describe('the managers’ weekly digest', () => {
  let store: ReturnType<typeof tempStorage>;
  let stub: SlackStub;

  const passWith = (deps: Partial<PassDeps> = {}) =>
    passAgainst(stub, store.store, { managers: ['UMGR1'], concurrency: 1, ...deps });
  const digests = (outcomes: SendOutcome[]) => outcomes.filter((o) => o.kind === 'digest');
  const postsTo = (channel: string) => stub.callsTo('chat.postMessage').filter((p) => p.params.channel === channel);
  const digestText = (channel: string) => {
    const post = postsTo(channel)[0];
    return `${String(post?.params.text)}\n${JSON.stringify(post?.params.blocks)}`;
  };

  function addRep(userId: string, quota = true): void {
    saveRepProfile(store.db, 'T1', userId, { slackTimezone: NY, isSlackAdmin: false, fetchedAt: 0 });
    if (quota) {
      setQuota(store.db, { teamId: 'T1', userId, period: Q4, amountCents: 10_000_000, setBy: 'UMGR1', now: 0 });
    }
  }
  function win(userId: string, dollars: number, account: string, wonOn: string): void {
    recordWin(store.db, { teamId: 'T1', userId, account, amountCents: dollars * 100, now: 0, today: wonOn, wonOn });
  }
  function opp(userId: string, dollars: number, account: string, openedOn: string, closeOn: string): void {
    addOpportunity(store.db, {
      teamId: 'T1',
      userId,
      account,
      amountCents: dollars * 100,
      now: 0,
      today: openedOn,
      closeOn,
    });
  }
  function plan(userId: string, localDate: string): void {
    setPlan(store.db, { teamId: 'T1', userId, localDate, items: ['Call the top three accounts'], now: 0 });
  }

  function seedTeam(): void {
    for (const rep of ['UREP1', 'UREP2', 'UREP3', 'UREP4']) addRep(rep);
    win('UREP1', 20_000, 'Acme', '2026-11-02');
    opp('UREP1', 80_000, 'Initech', '2026-11-20', '2026-12-31');
    plan('UREP1', '2026-11-24');

    win('UREP2', 60_000, 'Hooli', '2026-11-10');
    opp('UREP2', 100_000, 'Globex', '2026-11-16', '2026-12-15');
    opp('UREP2', 50_000, 'Umbrella', '2026-10-15', '2026-11-20');
    opp('UREP2', 30_000, 'Soylent', '2026-10-20', '2026-12-20');
    plan('UREP2', '2026-11-23');

    win('UREP3', 70_000, 'Stark', '2026-11-05');
    opp('UREP3', 40_000, 'Wayne', '2026-11-25', '2026-12-18');

    win('UREP4', 90_000, 'Cyberdyne', '2026-11-12');
    opp('UREP4', 80_000, 'Tyrell', '2026-11-23', '2026-12-10');
    plan('UREP4', '2026-11-24');

    // A workspace admin the app has met (users.info said is_admin), with no quota or work of their own.
    saveRepProfile(store.db, 'T1', 'UADMIN1', { slackTimezone: NY, isSlackAdmin: true, fetchedAt: 0 });
  }

  beforeEach(async () => {
    store = tempStorage();
    stub = await new SlackStub().start();
    seedTeam();
  });
  afterEach(async () => {
    await stub.stop();
    store.remove();
  });

  it('reaches each manager five minutes before the weekly post, with the reps at risk in hand-checkable figures', async () => {
    setTeamChannel(store.db, 'T1', 'C0SALES');
    const pass = passWith();
    const early = await pass(MONDAY_0855);
    expect(digests(early)).toEqual([
      { kind: 'digest', team: 'T1', recipient: 'UADMIN1', period: '2026-W49', status: 'sent' },
      { kind: 'digest', team: 'T1', recipient: 'UMGR1', period: '2026-W49', status: 'sent' },
    ]);
    expect(early.filter((o) => o.kind === 'weekly')).toEqual([]);
    // Reps get no digest: only the two managers' DMs were opened for one.
    expect(postsTo('DUADMIN1')).toHaveLength(1);
    expect(postsTo('DUMGR1')).toHaveLength(1);

    const text = digestText('DUMGR1');
    expect(text).toContain('Coaching digest: 3 of 4 reps need a coaching conversation this week.');
    expect(text).toContain('Team: $240,000 won of $400,000 (60%), projected 79%.');
    expect(text).toContain(
      'Projected *40%* of $100,000: $20,000 won + $20,000 expected from $80,000 counted pipeline at a 25% win rate; coverage 1.0× of the 4.0× needed',
    );
    expect(text).toContain('Which two ICP accounts could become opportunities this week?');
    expect(text).toContain(
      'Stale pipeline, not counted: 2 deals, $80,000: Umbrella $50,000 (close date Nov 20 passed) and Soylent $30,000 (untouched for 41 days)',
    );
    expect(text).toContain('What would it take to get Umbrella to a decision, or should we let it go?');
    expect(text).toContain('No plan on any of 5 working days from Nov 23 to Nov 29');
    expect(text).toContain('What gets in the way of planning your day at 08:30?');
    expect(text).toContain('*On track:* <@UREP4> (projected 110%)');
    // Lowest projection first: UREP1 (40%), UREP3 (80%), UREP2 (85%); UREP4 is not among those at risk.
    const order = ['*<@UREP1>*', '*<@UREP3>*', '*<@UREP2>*'].map((m) => text.indexOf(m));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('*<@UREP4>*');
    // Both managers get the same digest, with its key in the message metadata.
    expect(digestText('DUADMIN1')).toBe(text);
    const metadata = postsTo('DUMGR1')[0]?.params.metadata;
    const parsed = typeof metadata === 'string' ? JSON.parse(metadata) : metadata;
    expect(parsed.event_payload.key).toBe(sendKey('T1', 'UMGR1', 'digest', '2026-W49'));

    // At the slot: the weekly post, and no second digest.
    const atSlot = await pass(MONDAY_0900);
    expect(digests(atSlot)).toEqual([]);
    expect(atSlot.filter((o) => o.kind === 'weekly').map((o) => o.status)).toEqual(['sent']);
    expect(digests(await pass(MONDAY_0900 + 30 * MINUTE))).toEqual([]);
    expect(postsTo('DUMGR1')).toHaveLength(1);
    expect(getSend(store.db, sendKey('T1', 'UADMIN1', 'digest', '2026-W49'))?.status).toBe('sent');
  });

  it('after a restart at the slot, sends the digests ahead of the weekly post in the same pass, and once', async () => {
    setTeamChannel(store.db, 'T1', 'C0SALES');
    const pass = passWith();
    const outcomes = await pass(MONDAY_0900);
    expect(digests(outcomes).map((o) => o.recipient)).toEqual(['UADMIN1', 'UMGR1']);
    const posted = stub.callsTo('chat.postMessage').map((p) => p.params.channel);
    const weeklyAt = posted.indexOf('C0SALES');
    expect(weeklyAt).toBeGreaterThan(posted.indexOf('DUADMIN1'));
    expect(weeklyAt).toBeGreaterThan(posted.indexOf('DUMGR1'));

    expect(await pass(MONDAY_0900)).toEqual([]);
    expect(digests(await pass(MONDAY_0900 + MINUTE))).toEqual([]);
    expect(postsTo('DUMGR1')).toHaveLength(1);
  });

  it('goes to the managers of a team with no channel (a digest is a DM), and not on Tuesday', async () => {
    const pass = passWith();
    const outcomes = await pass(MONDAY_0900);
    expect(digests(outcomes).map((o) => o.recipient)).toEqual(['UADMIN1', 'UMGR1']);
    expect(outcomes.filter((o) => o.kind === 'weekly')).toEqual([]);
    expect(digests(await pass(TUESDAY_0900))).toEqual([]);
    // Nor before its time: 09:00 minus 5 minutes is the first minute it is due.
    expect(digests(await passWith()(MONDAY_0855 + 7 * 24 * 60 * MINUTE - MINUTE))).toEqual([]);
  });

  it('when Slack stores a digest but the connection drops before the answer: found in the DM, not posted again', async () => {
    // Only the first two posts (the digests: they come first in the pass) are delivered with the answer lost.
    stub.deliverWith('chat.postMessage', { kind: 'drop' }, 2);
    const pass = passWith();
    expect(digests(await pass(MONDAY_0855)).map((o) => o.status)).toEqual(['uncertain', 'uncertain']);
    expect(digests(await pass(MONDAY_0855 + MINUTE)).map((o) => o.settled)).toEqual([
      'found in the conversation',
      'found in the conversation',
    ]);
    for (const manager of ['UADMIN1', 'UMGR1']) {
      expect(stub.messagesWithKey(`D${manager}`, sendKey('T1', manager, 'digest', '2026-W49'))).toHaveLength(1);
    }
    expect(digests(await pass(MONDAY_0900))).toEqual([]);
  });

  it('goes again the next week, under that week’s key', async () => {
    const pass = passWith();
    await pass(MONDAY_0900);
    const nextWeek = digests(await pass(MONDAY_0900 + 7 * 24 * 60 * MINUTE));
    expect(nextWeek.map((o) => `${o.recipient}:${o.period}`)).toEqual(['UADMIN1:2026-W50', 'UMGR1:2026-W50']);
  });

  it('is skipped when no rep has a quota, and goes to nobody when the team has no manager', async () => {
    // Another team: a rep with logged work but no quota, and an admin.
    saveRepProfile(store.db, 'T2', 'UREP9', { slackTimezone: NY, isSlackAdmin: false, fetchedAt: 0 });
    win('UREP9', 5_000, 'Acme', '2026-11-20');
    saveRepProfile(store.db, 'T2', 'UADMIN2', { slackTimezone: NY, isSlackAdmin: true, fetchedAt: 0 });
    // No FOCUS_MANAGERS: T1 has its admin, T2 has no rep with a quota.
    const outcomes = await passWith({ managers: [] })(MONDAY_0900);
    expect(digests(outcomes).map((o) => `${o.team}:${o.recipient}`)).toEqual(['T1:UADMIN1']);
    expect(stub.callsTo('conversations.open').map((c) => c.params.users)).not.toContain('UADMIN2');
  });

  it('asks about closing, not new opportunities, when the quarter is too short for new ones to close', async () => {
    // Monday Dec 7 (2026-W50): Dec 7 → Dec 31 is 24 calendar days, under the default 30-day cycle: too late.
    // UREP5: won $10,000 (10%), nothing counted, Vandelay $40,000 stale (close date Dec 1 passed).
    addRep('UREP5');
    win('UREP5', 10_000, 'Pied Piper', '2026-11-03');
    opp('UREP5', 40_000, 'Vandelay', '2026-11-09', '2026-12-01');
    // UREP6: a quota and nothing else: 0%, nothing counted or stale: next quarter's pipeline.
    addRep('UREP6');
    await passWith()(MONDAY_0900 + 7 * 24 * 60 * MINUTE);
    const text = digestText('DUMGR1');
    // UREP1: 40% with Initech $80,000 counted: the largest counted deal, by the quarter's last day.
    expect(text).toContain('What does Initech need from you to close by Dec 31?');
    expect(text).toContain(
      'Projected *10%* of $100,000: $10,000 won + no counted pipeline; coverage 0.0× of the 4.0× needed; too late in Q4 2026 for new opportunities to close',
    );
    expect(text).toContain('What would it take to get Vandelay to a decision, or should we let it go?');
    expect(text).toContain('Projected *0%* of $100,000: $0 won + no counted pipeline');
    expect(text).toContain('Which two ICP accounts could become opportunities for Q1 2027 this week?');
    expect(text).not.toContain('Which two ICP accounts could become opportunities this week?');
  });

  it('names a FOCUS_MANAGERS manager met in one team for that team only', async () => {
    // UMGR1 has a row in T1 (they used the app there); T2 has reps with quotas but UMGR1 never met it.
    saveRepProfile(store.db, 'T1', 'UMGR1', { slackTimezone: NY, isSlackAdmin: false, fetchedAt: 0 });
    saveRepProfile(store.db, 'T2', 'UREP9', { slackTimezone: NY, isSlackAdmin: false, fetchedAt: 0 });
    setQuota(store.db, { teamId: 'T2', userId: 'UREP9', period: Q4, amountCents: 5_000_000, setBy: 'UREP9', now: 0 });
    const outcomes = await passWith()(MONDAY_0900);
    expect(digests(outcomes).map((o) => `${o.team}:${o.recipient}`)).toEqual(['T1:UADMIN1', 'T1:UMGR1']);
  });
});
