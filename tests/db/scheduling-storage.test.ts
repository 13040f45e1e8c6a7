import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logActivity } from '../../src/db/activities.js';
import { getCheckin, setPlan, setPlanDone, setReflection } from '../../src/db/checkins.js';
import { addOpportunity, dealsOnDay, markLost, recordWin, wonBetween } from '../../src/db/deals.js';
import { EVENT_MEMORY_MS, firstDelivery, forgetOldEvents } from '../../src/db/events.js';
import { setQuota } from '../../src/db/quotas.js';
import { activeReps, ensureRep, getRep, pauseRep, pausesOf, resumeRep } from '../../src/db/reps.js';
import { processedEvents } from '../../src/db/schema.js';
import { wasSent } from '../../src/db/send-history.js';
import {
  beginPost,
  CLAIM_LEASE_MS,
  claimSend,
  getSend,
  markNotPosted,
  markSent,
  markUncertain,
  partKey,
  recordProgress,
  releaseClaim,
  renewLeases,
  sendKey,
} from '../../src/db/sends.js';
import type { ActivityKind } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const CAT = 'U0CAT';
/** 2026-12-01 10:00 in Los Angeles (PST, UTC−8). */
const NOW = Date.parse('2026-12-01T18:00:00Z');
const HOUR = 3_600_000;

let store: ReturnType<typeof tempStorage>;

beforeEach(() => {
  store = tempStorage();
});

afterEach(() => {
  store.remove();
});

describe('pauses', () => {
  it('records a pause as history and sets pausedUntil', () => {
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    expect(getRep(store.db, T1, ANN)?.pausedUntil).toBe('2026-12-15');
    expect(pausesOf(store.db, T1, ANN)).toEqual([{ startsOn: '2026-12-01', until: '2026-12-15' }]);
  });

  it('ends the pause on the day of resuming, keeping what was taken, and clears pausedUntil', () => {
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    resumeRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-04' });
    expect(getRep(store.db, T1, ANN)?.pausedUntil).toBeNull();
    // paused Dec 1–3; Dec 4 (today) is a working day again
    expect(pausesOf(store.db, T1, ANN)).toEqual([{ startsOn: '2026-12-01', until: '2026-12-04' }]);
  });

  it('cuts a running pause short when a new one is taken, so pauses never overlap', () => {
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-10' });
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-03', until: '2026-12-20' });
    expect(getRep(store.db, T1, ANN)?.pausedUntil).toBe('2026-12-20');
    expect(pausesOf(store.db, T1, ANN)).toEqual([
      { startsOn: '2026-12-01', until: '2026-12-03' },
      { startsOn: '2026-12-03', until: '2026-12-20' },
    ]);
  });

  it('leaves finished pauses alone on resume', () => {
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-11-02', until: '2026-11-09' });
    resumeRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-01' });
    expect(pausesOf(store.db, T1, ANN)).toEqual([{ startsOn: '2026-11-02', until: '2026-11-09' }]);
  });

  it('keeps pauses per rep and per team', () => {
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    pauseRep(store.db, { teamId: T2, userId: ANN, today: '2026-12-02', until: '2026-12-05' });
    resumeRep(store.db, { teamId: T1, userId: BOB, today: '2026-12-03' });
    expect(pausesOf(store.db, T1, ANN)).toEqual([{ startsOn: '2026-12-01', until: '2026-12-15' }]);
    expect(pausesOf(store.db, T2, ANN)).toEqual([{ startsOn: '2026-12-02', until: '2026-12-05' }]);
    expect(pausesOf(store.db, T1, BOB)).toEqual([]);
  });
});

describe('activeReps', () => {
  const ids = (teamId?: string) => activeReps(store.db, teamId).map(({ rep }) => `${rep.teamId}/${rep.userId}`);
  /** One `kind` activity without an account, logged at NOW on 2026-12-01. */
  const logOne = (teamId: string, userId: string, kind: ActivityKind) =>
    logActivity(store.db, { teamId, userId, kind, count: 1, account: null, now: NOW, today: '2026-12-01' });

  it('lists reps with a quota, a deal, an activity or a check-in, with their team, and no one else', () => {
    ensureRep(store.db, T1, 'U0IDLE');
    setQuota(store.db, {
      teamId: T1,
      userId: CAT,
      period: periodContaining('quarter', '2026-12-01', 1),
      amountCents: 12_000_000,
      setBy: CAT,
      now: NOW,
    });
    ensureRep(store.db, T1, BOB);
    addOpportunity(store.db, {
      teamId: T1,
      userId: BOB,
      account: 'Globex',
      amountCents: 100,
      now: NOW,
      today: '2026-12-01',
    });
    ensureRep(store.db, T1, ANN);
    logOne(T1, ANN, 'call');
    ensureRep(store.db, T2, 'U0DAN');
    setPlan(store.db, { teamId: T2, userId: 'U0DAN', localDate: '2026-12-01', items: ['Call'], now: NOW });

    // ordered by team, then user; the idle rep is left out
    expect(ids()).toEqual([`${T1}/${ANN}`, `${T1}/${BOB}`, `${T1}/${CAT}`, `${T2}/U0DAN`]);
    expect(ids(T2)).toEqual([`${T2}/U0DAN`]);
    const [first] = activeReps(store.db, T1);
    expect(first?.team.id).toBe(T1);
  });

  it('still lists a paused rep (the due rules skip paused days)', () => {
    ensureRep(store.db, T1, ANN);
    logOne(T1, ANN, 'demo');
    pauseRep(store.db, { teamId: T1, userId: ANN, today: '2026-12-01', until: '2026-12-15' });
    expect(ids(T1)).toEqual([`${T1}/${ANN}`]);
  });

  it('does not count one team’s work for a rep of the same user ID in another team', () => {
    ensureRep(store.db, T1, ANN);
    ensureRep(store.db, T2, ANN);
    logOne(T1, ANN, 'call');
    expect(ids()).toEqual([`${T1}/${ANN}`]);
  });
});

describe('claims on scheduled sends', () => {
  const key = sendKey(T1, ANN, 'checkin', '2026-12-01');
  const claim = (now: number) => claimSend(store.db, { key, teamId: T1, recipient: ANN, kind: 'checkin', now });
  const row = () => getSend(store.db, key);
  const claimed = (now: number) => {
    const taken = claim(now);
    if (!taken) throw new Error('expected a claim');
    return taken;
  };

  it('builds the key from team, recipient, kind and local key, and a part key for a thread reply', () => {
    expect(key).toBe('T0001:U0ANN:checkin:2026-12-01');
    expect(sendKey(T1, 'C0SALES', 'weekly', '2026-W49')).toBe('T0001:C0SALES:weekly:2026-W49');
    expect(partKey('T0001:team:weekly:2026-W49', 0)).toBe('T0001:team:weekly:2026-W49');
    expect(partKey('T0001:team:weekly:2026-W49', 2)).toBe('T0001:team:weekly:2026-W49#2');
  });

  it('claims a new key once: pending, with a token of its own and a two-minute lease', () => {
    const first = claimed(NOW);
    expect(first).toMatchObject({ key, attempts: 1, checkFirst: false, progress: 0, firstAttemptAt: null });
    expect(first.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(CLAIM_LEASE_MS).toBe(120_000);
    expect(row()).toMatchObject({
      status: 'pending',
      claimedAt: NOW,
      leaseUntil: NOW + 120_000,
      claimToken: first.token,
    });
    expect(claim(NOW + 120_000 - 1)).toBeNull();
  });

  it('takes a claim that lapsed before posting again without a look: nothing was posted', () => {
    const first = claimed(NOW);
    const again = claimed(NOW + 120_000);
    expect(again).toMatchObject({ id: first.id, attempts: 2, checkFirst: false });
    expect(again.token).not.toBe(first.token);
    // the old claim can change nothing any more
    expect(beginPost(store.db, first, { channelId: 'D0ANN', now: NOW + 120_001 })).toBe(false);
    expect(markSent(store.db, first, { channelId: 'D0ANN', messageTs: '1.1', now: NOW + 120_001 })).toBe(false);
  });

  it('posts only under a live pending claim, and marks when the first attempt began', () => {
    const first = claimed(NOW);
    expect(beginPost(store.db, first, { channelId: 'D0ANN', now: NOW + 5 })).toBe(true);
    expect(row()).toMatchObject({
      status: 'posting',
      channelId: 'D0ANN',
      firstAttemptAt: NOW + 5,
      leaseUntil: NOW + 5 + 120_000,
    });
    // posting again under the same claim is refused: it is no longer pending
    expect(beginPost(store.db, first, { channelId: 'D0ANN', now: NOW + 6 })).toBe(false);
  });

  it('never posts under a claim whose lease ran out, even before another pass took it', () => {
    const first = claimed(NOW);
    expect(beginPost(store.db, first, { channelId: 'D0ANN', now: NOW + 120_000 })).toBe(false);
    expect(row()?.status).toBe('pending');
  });

  it('takes a lapsed post as uncertain: the next claim looks in the conversation first', () => {
    const first = claimed(NOW);
    beginPost(store.db, first, { channelId: 'D0ANN', now: NOW + 1 });
    // the process died with the post in flight; the lease runs from the post's start
    expect(claim(NOW + 1 + 120_000 - 1)).toBeNull();
    expect(claimed(NOW + 1 + 120_000)).toMatchObject({ checkFirst: true, channelId: 'D0ANN', firstAttemptAt: NOW + 1 });
  });

  it('takes an uncertain send again with a look first, and a failed one without', () => {
    const first = claimed(NOW);
    beginPost(store.db, first, { channelId: 'D0ANN', now: NOW });
    expect(markUncertain(store.db, first, 'timeout')).toBe(true);
    expect(row()).toMatchObject({ status: 'uncertain', lastError: 'timeout', leaseUntil: null });
    const second = claimed(NOW + 1);
    expect(second.checkFirst).toBe(true);
    beginPost(store.db, second, { channelId: 'D0ANN', now: NOW + 1 });
    expect(markNotPosted(store.db, second, { error: 'x'.repeat(600), final: false })).toBe(true);
    // errors are kept to 500 characters
    expect(row()).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row()?.lastError).toHaveLength(500);
    expect(claimed(NOW + 2)).toMatchObject({ attempts: 3, checkFirst: false, firstAttemptAt: NOW });
  });

  it('waits out a Retry-After before claiming again', () => {
    const first = claimed(NOW);
    markNotPosted(store.db, first, { error: 'ratelimited', final: false, notBefore: NOW + 20_000 });
    expect(claim(NOW + 19_999)).toBeNull();
    expect(claimed(NOW + 20_000).attempts).toBe(2);
  });

  it('never takes a sent key again, clears the error and the lease, and says it was sent', () => {
    const first = claimed(NOW);
    markNotPosted(store.db, first, { error: 'internal_error', final: false });
    const retry = claimed(NOW + 1);
    beginPost(store.db, retry, { channelId: 'D0ANN', now: NOW + 2 });
    expect(markSent(store.db, retry, { channelId: 'D0ANN', messageTs: '1764612000.000100', now: NOW + 3 })).toBe(true);
    expect(row()).toMatchObject({
      status: 'sent',
      sentAt: NOW + 3,
      messageTs: '1764612000.000100',
      lastError: null,
      leaseUntil: null,
      attempts: 2,
    });
    expect(claim(NOW + 24 * HOUR)).toBeNull();
    expect(wasSent(store.db, T1, ANN, 'checkin', '2026-12-01')).toBe(true);
  });

  it('ignores late marks from a claim another pass took over: a sent row never turns failed', () => {
    const stale = claimed(NOW);
    const fresh = claimed(NOW + 120_000);
    beginPost(store.db, fresh, { channelId: 'D0ANN', now: NOW + 120_001 });
    expect(markSent(store.db, fresh, { channelId: 'D0ANN', messageTs: '1.3', now: NOW + 120_002 })).toBe(true);
    expect(markNotPosted(store.db, stale, { error: 'late timeout', final: false })).toBe(false);
    expect(markUncertain(store.db, stale, 'late')).toBe(false);
    expect(markSent(store.db, stale, { channelId: 'D0ANN', messageTs: '1.4', now: NOW + 120_003 })).toBe(false);
    expect(row()).toMatchObject({ status: 'sent', messageTs: '1.3', lastError: null });
  });

  it('gives up for good on a final error: never claimed again', () => {
    const first = claimed(NOW);
    markNotPosted(store.db, first, { error: 'user_not_found', final: true });
    expect(row()?.status).toBe('abandoned');
    expect(claim(NOW + 24 * HOUR)).toBeNull();
  });

  it('renews the leases it still holds, and names those it lost', () => {
    const mine = claimed(NOW);
    const other = claimSend(store.db, {
      key: sendKey(T1, BOB, 'checkin', '2026-12-01'),
      teamId: T1,
      recipient: BOB,
      kind: 'checkin',
      now: NOW,
    });
    if (!other) throw new Error('expected a claim');
    // another pass takes BOB's after its lease ran out
    claimSend(store.db, {
      key: sendKey(T1, BOB, 'checkin', '2026-12-01'),
      teamId: T1,
      recipient: BOB,
      kind: 'checkin',
      now: NOW + 120_000,
    });
    expect(renewLeases(store.db, [mine, other], NOW + 100_000)).toEqual([other.id]);
    expect(row()?.leaseUntil).toBe(NOW + 220_000);
    expect(claim(NOW + 150_000)).toBeNull();
  });

  it('gives back an unposted claim at shutdown, but never one that is posting', () => {
    const first = claimed(NOW);
    expect(releaseClaim(store.db, first)).toBe(true);
    expect(row()).toMatchObject({ status: 'failed', leaseUntil: null });
    const second = claimed(NOW + 1);
    beginPost(store.db, second, { channelId: 'D0ANN', now: NOW + 1 });
    expect(releaseClaim(store.db, second)).toBe(false);
    expect(row()?.status).toBe('posting');
  });

  it('keeps keys apart: another kind, date or rep is its own send', () => {
    claim(NOW);
    const other = (k: string, recipient: string, kind: 'checkin' | 'reflection') =>
      claimSend(store.db, { key: k, teamId: T1, recipient, kind, now: NOW });
    expect(other(sendKey(T1, ANN, 'reflection', '2026-12-01'), ANN, 'reflection')).not.toBeNull();
    expect(other(sendKey(T1, ANN, 'checkin', '2026-12-02'), ANN, 'checkin')).not.toBeNull();
    expect(other(sendKey(T1, BOB, 'checkin', '2026-12-01'), BOB, 'checkin')).not.toBeNull();
    expect(wasSent(store.db, T1, ANN, 'checkin', '2026-12-01')).toBe(false);
  });

  it('records progress of a multi-part send without releasing the claim, and keeps it across a re-claim', () => {
    const weekly = sendKey(T1, 'team', 'weekly', '2026-W49');
    const claimWeekly = (now: number) =>
      claimSend(store.db, { key: weekly, teamId: T1, recipient: 'team', kind: 'weekly', now });
    const first = claimWeekly(NOW);
    if (!first) throw new Error('expected a claim');
    beginPost(store.db, first, { channelId: 'C0SALES', now: NOW });
    recordProgress(store.db, first, { channelId: 'C0SALES', messageTs: '1764612000.000100', parts: 3 });
    expect(getSend(store.db, weekly)).toMatchObject({
      status: 'pending',
      channelId: 'C0SALES',
      messageTs: '1764612000.000100',
      progress: 3,
    });
    // still claimed: the lease has not run out, and the next part may post under it
    expect(claimWeekly(NOW + 1)).toBeNull();
    expect(beginPost(store.db, first, { channelId: 'C0SALES', now: NOW + 2 })).toBe(true);
    markNotPosted(store.db, first, { error: 'ratelimited', final: false });
    // the retry sees where the thread got to
    expect(claimWeekly(NOW + 3)).toMatchObject({
      attempts: 2,
      progress: 3,
      channelId: 'C0SALES',
      messageTs: '1764612000.000100',
    });
  });
});

describe('processed events', () => {
  it('reports a first delivery once, and a redelivery of the same event ID as not first', () => {
    expect(firstDelivery(store.db, 'Ev001', NOW)).toBe(true);
    expect(firstDelivery(store.db, 'Ev001', NOW + 1_000)).toBe(false);
    expect(firstDelivery(store.db, 'Ev002', NOW + 1_000)).toBe(true);
  });

  it('forgets only events older than a day', () => {
    expect(EVENT_MEMORY_MS).toBe(24 * HOUR);
    firstDelivery(store.db, 'EvOld', NOW - 25 * HOUR);
    // exactly a day old is still remembered (strictly older rows go)
    firstDelivery(store.db, 'EvEdge', NOW - 24 * HOUR);
    firstDelivery(store.db, 'EvNew', NOW - HOUR);
    expect(forgetOldEvents(store.db, NOW)).toBe(1);
    const left = store.db
      .select({ id: processedEvents.eventId })
      .from(processedEvents)
      .all()
      .map((row) => row.id)
      .sort();
    expect(left).toEqual(['EvEdge', 'EvNew']);
    // a forgotten event would be taken as new again; a remembered one is not
    expect(firstDelivery(store.db, 'EvNew', NOW)).toBe(false);
    expect(forgetOldEvents(store.db, NOW)).toBe(0);
  });
});

describe('check-ins', () => {
  const day = { teamId: T1, userId: ANN, localDate: '2026-12-01' };

  it('marks done items by index and clears the rest', () => {
    setPlan(store.db, { ...day, items: ['Call Initech', 'Send Umbrella proposal', 'Demo Globex'], now: NOW });
    expect(setPlanDone(store.db, { ...day, doneIndexes: [0, 2] })).toEqual([
      { text: 'Call Initech', done: true },
      { text: 'Send Umbrella proposal', done: false },
      { text: 'Demo Globex', done: true },
    ]);
    // unticking: a later call with fewer indexes; an index past the end is ignored
    expect(setPlanDone(store.db, { ...day, doneIndexes: [1, 7] })).toEqual([
      { text: 'Call Initech', done: false },
      { text: 'Send Umbrella proposal', done: true },
      { text: 'Demo Globex', done: false },
    ]);
    expect(getCheckin(store.db, T1, ANN, '2026-12-01')?.planItems.map((item) => item.done)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('ignores ticks for a day without a plan, writing nothing', () => {
    expect(setPlanDone(store.db, { ...day, doneIndexes: [0] })).toBeNull();
    expect(getCheckin(store.db, T1, ANN, '2026-12-01')).toBeUndefined();
  });

  it('ignores ticks for another day than the planned one', () => {
    setPlan(store.db, { ...day, items: ['Call Initech'], now: NOW });
    expect(setPlanDone(store.db, { ...day, localDate: '2026-11-30', doneIndexes: [0] })).toBeNull();
    expect(getCheckin(store.db, T1, ANN, '2026-12-01')?.planItems).toEqual([{ text: 'Call Initech', done: false }]);
  });

  it('stores a reflection on a day without a plan, with an empty plan', () => {
    setReflection(store.db, { ...day, text: 'Start calls earlier.', now: NOW });
    expect(getCheckin(store.db, T1, ANN, '2026-12-01')).toMatchObject({
      planItems: [],
      planSetAt: null,
      reflection: 'Start calls earlier.',
      reflectionAt: NOW,
    });
    // the empty plan still has nothing to tick
    expect(setPlanDone(store.db, { ...day, doneIndexes: [0] })).toBeNull();
  });

  it('keeps the reflection when the plan is set later, and the plan when the reflection is replaced', () => {
    setReflection(store.db, { ...day, text: 'First thoughts', now: NOW });
    setPlan(store.db, { ...day, items: ['Call Initech'], now: NOW + 1 });
    setReflection(store.db, { ...day, text: 'Second thoughts', now: NOW + 2 });
    expect(getCheckin(store.db, T1, ANN, '2026-12-01')).toMatchObject({
      planItems: [{ text: 'Call Initech', done: false }],
      planSetAt: NOW + 1,
      reflection: 'Second thoughts',
      reflectionAt: NOW + 2,
    });
  });
});

describe('deals on a day and won between dates', () => {
  // Tuesday 2026-12-01 in Los Angeles runs from 08:00Z to the next day's 08:00Z.
  const DEC1 = {
    date: '2026-12-01',
    startMs: Date.parse('2026-12-01T08:00:00Z'),
    endMs: Date.parse('2026-12-02T08:00:00Z'),
  };
  const MON = Date.parse('2026-11-30T18:00:00Z');
  const write = (account: string, now: number, today: string, userId = ANN) => ({
    teamId: T1,
    userId,
    account,
    now,
    today,
  });

  it('lists the day’s wins, losses and new opportunities', () => {
    // yesterday: an opportunity that is lost today, and one that is won today
    addOpportunity(store.db, { ...write('Umbrella', MON, '2026-11-30'), amountCents: 3_000_000 });
    addOpportunity(store.db, { ...write('Initech', MON, '2026-11-30'), amountCents: 1_000_000 });
    markLost(store.db, write('Umbrella', NOW, '2026-12-01'));
    recordWin(store.db, { ...write('Initech', NOW, '2026-12-01'), amountCents: 1_200_000 });
    // today: a straight win, and two new opportunities
    recordWin(store.db, { ...write('Acme', NOW, '2026-12-01'), amountCents: 500_000 });
    addOpportunity(store.db, { ...write('Globex', NOW, '2026-12-01'), amountCents: 4_000_000 });
    addOpportunity(store.db, { ...write('Hooli', DEC1.endMs - 1, '2026-12-01'), amountCents: 250_000 });
    expect(dealsOnDay(store.db, T1, ANN, DEC1)).toEqual({
      // in the order they were first recorded (deal id): Initech's deal was created before Acme's
      won: [
        { account: 'Initech', amountCents: 1_200_000 },
        { account: 'Acme', amountCents: 500_000 },
      ],
      lost: 1,
      // Globex $40,000 + Hooli $2,500 = $42,500
      newOpportunities: { count: 2, amountCents: 4_250_000 },
    });
  });

  it('leaves out other days, other reps, and an opportunity created today but already won', () => {
    recordWin(store.db, { ...write('Acme', MON, '2026-11-30'), amountCents: 500_000 });
    addOpportunity(store.db, { ...write('Globex', MON, '2026-11-30'), amountCents: 4_000_000 });
    // at the very end of the day: the next day's
    addOpportunity(store.db, { ...write('Hooli', DEC1.endMs, '2026-12-02'), amountCents: 250_000 });
    addOpportunity(store.db, { ...write('Vandelay', NOW, '2026-12-01', BOB), amountCents: 700_000 });
    recordWin(store.db, { ...write('Vandelay', NOW, '2026-12-01', BOB), amountCents: 700_000 });
    // created and won on the same day: a win, not a new opportunity
    addOpportunity(store.db, { ...write('Initech', NOW, '2026-12-01'), amountCents: 1_000_000 });
    recordWin(store.db, { ...write('Initech', NOW + 1, '2026-12-01'), amountCents: 1_000_000 });
    expect(dealsOnDay(store.db, T1, ANN, DEC1)).toEqual({
      won: [{ account: 'Initech', amountCents: 1_000_000 }],
      lost: 0,
      newOpportunities: { count: 0, amountCents: 0 },
    });
  });

  it('is empty for a day with nothing', () => {
    expect(dealsOnDay(store.db, T1, ANN, DEC1)).toEqual({
      won: [],
      lost: 0,
      newOpportunities: { count: 0, amountCents: 0 },
    });
  });

  it('sums wins closed between two dates, both included, for that rep only', () => {
    recordWin(store.db, { ...write('A', MON, '2026-11-22'), amountCents: 100 }); // before
    recordWin(store.db, { ...write('B', MON, '2026-11-23'), amountCents: 200_000 }); // first day
    recordWin(store.db, { ...write('C', MON, '2026-11-26'), amountCents: 30_000 });
    recordWin(store.db, { ...write('D', MON, '2026-11-29'), amountCents: 4_000 }); // last day
    recordWin(store.db, { ...write('E', MON, '2026-11-30'), amountCents: 500 }); // after
    recordWin(store.db, { ...write('F', MON, '2026-11-25', BOB), amountCents: 60 }); // another rep
    addOpportunity(store.db, { ...write('G', MON, '2026-11-25'), amountCents: 7_000 }); // open
    addOpportunity(store.db, { ...write('H', MON, '2026-11-24'), amountCents: 8_000 });
    markLost(store.db, write('H', MON, '2026-11-25')); // lost
    // 200,000 + 30,000 + 4,000
    expect(wonBetween(store.db, T1, ANN, '2026-11-23', '2026-11-29')).toBe(234_000);
    expect(wonBetween(store.db, T1, ANN, '2026-11-26', '2026-11-26')).toBe(30_000);
    expect(wonBetween(store.db, T1, ANN, '2026-12-01', '2026-12-31')).toBe(0);
    expect(wonBetween(store.db, T2, ANN, '2026-11-01', '2026-11-30')).toBe(0);
  });
});
