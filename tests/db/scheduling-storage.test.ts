import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logActivity } from '../../src/db/activities.js';
import { getCheckin, setPlan, setPlanDone, setReflection } from '../../src/db/checkins.js';
import { addOpportunity, dealsOnDay, markLost, recordWin, wonBetween } from '../../src/db/deals.js';
import { EVENT_MEMORY_MS, firstDelivery, forgetOldEvents } from '../../src/db/events.js';
import { setQuota } from '../../src/db/quotas.js';
import { activeReps, ensureRep, getRep, pauseRep, pausesOf, resumeRep } from '../../src/db/reps.js';
import { processedEvents } from '../../src/db/schema.js';
import {
  CLAIM_LEASE_MS,
  claimSend,
  getSend,
  markFailed,
  markSent,
  recordProgress,
  sendKey,
  wasSent,
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

describe('claimSend', () => {
  const key = sendKey(T1, ANN, 'checkin', '2026-12-01');
  const claim = (now: number) => claimSend(store.db, { key, teamId: T1, recipient: ANN, kind: 'checkin', now });

  it('builds the key from team, recipient, kind and local key', () => {
    expect(key).toBe('T0001:U0ANN:checkin:2026-12-01');
    expect(sendKey(T1, 'C0SALES', 'weekly', '2026-W49')).toBe('T0001:C0SALES:weekly:2026-W49');
  });

  it('claims a new key once: pending, first attempt, at that instant', () => {
    expect(claim(NOW)).toMatchObject({
      claimKey: key,
      teamId: T1,
      recipient: ANN,
      kind: 'checkin',
      status: 'pending',
      attempts: 1,
      claimedAt: NOW,
      progress: 0,
    });
  });

  it('refuses a second claim while the lease runs, and takes it again once the lease is over', () => {
    const first = claim(NOW);
    // the lease is 10 minutes: one millisecond short of it the claim is still live
    expect(CLAIM_LEASE_MS).toBe(600_000);
    expect(claim(NOW)).toBeNull();
    expect(claim(NOW + 600_000 - 1)).toBeNull();
    const again = claim(NOW + 600_000);
    expect(again).toMatchObject({ id: first?.id, status: 'pending', attempts: 2, claimedAt: NOW + 600_000 });
    // and the new claim has its own lease
    expect(claim(NOW + 600_001)).toBeNull();
  });

  it('takes a failed send again at once, counting the attempt and keeping the error until it is sent', () => {
    const first = claim(NOW);
    if (!first) throw new Error('expected a claim');
    markFailed(store.db, first, 'ratelimited');
    expect(getSend(store.db, key)).toMatchObject({ status: 'failed', lastError: 'ratelimited' });
    const second = claim(NOW + 1);
    expect(second).toMatchObject({ id: first.id, status: 'pending', attempts: 2, claimedAt: NOW + 1 });
    if (!second) throw new Error('expected a claim');
    markFailed(store.db, second, 'x'.repeat(600));
    // errors are kept to 500 characters
    expect(getSend(store.db, key)?.lastError).toHaveLength(500);
    expect(claim(NOW + 2)?.attempts).toBe(3);
  });

  it('never takes a sent key again, even long after the lease', () => {
    const first = claim(NOW);
    if (!first) throw new Error('expected a claim');
    markSent(store.db, first, { channelId: 'D0ANN', messageTs: '1764612000.000100', now: NOW + 5 });
    expect(getSend(store.db, key)).toMatchObject({
      status: 'sent',
      sentAt: NOW + 5,
      channelId: 'D0ANN',
      messageTs: '1764612000.000100',
      lastError: null,
      attempts: 1,
    });
    expect(claim(NOW + 1)).toBeNull();
    expect(claim(NOW + 24 * HOUR)).toBeNull();
    expect(wasSent(store.db, T1, ANN, 'checkin', '2026-12-01')).toBe(true);
  });

  it('clears the last error when a retried send finally goes out', () => {
    const first = claim(NOW);
    if (!first) throw new Error('expected a claim');
    markFailed(store.db, first, 'internal_error');
    const retry = claim(NOW + 1);
    if (!retry) throw new Error('expected a claim');
    markSent(store.db, retry, { channelId: 'D0ANN', messageTs: '1.2', now: NOW + 2 });
    expect(getSend(store.db, key)).toMatchObject({ status: 'sent', lastError: null, attempts: 2 });
  });

  it('ignores a late mark from a claim that lapsed: a sent row never turns failed', () => {
    const stale = claim(NOW);
    if (!stale) throw new Error('expected a claim');
    const fresh = claim(NOW + 600_000);
    if (!fresh) throw new Error('expected the lapsed claim to be taken again');
    expect(markSent(store.db, fresh, { channelId: 'D0ANN', messageTs: '1.3', now: NOW + 600_001 })).toBe(true);
    // The first pass finally hears back, long after its lease: nothing changes.
    expect(markFailed(store.db, stale, 'late timeout')).toBe(false);
    expect(markSent(store.db, stale, { channelId: 'D0ANN', messageTs: '1.4', now: NOW + 600_002 })).toBe(false);
    expect(getSend(store.db, key)).toMatchObject({ status: 'sent', messageTs: '1.3', lastError: null });
  });

  it('gives up for good on a final error: never claimed again', () => {
    const first = claim(NOW);
    if (!first) throw new Error('expected a claim');
    markFailed(store.db, first, 'user_not_found', true);
    expect(getSend(store.db, key)?.status).toBe('abandoned');
    expect(claim(NOW + 1)).toBeNull();
    expect(claim(NOW + 24 * HOUR)).toBeNull();
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
    const weekly = sendKey(T1, 'C0SALES', 'weekly', '2026-W49');
    const claimWeekly = (now: number) =>
      claimSend(store.db, { key: weekly, teamId: T1, recipient: 'C0SALES', kind: 'weekly', now });
    const first = claimWeekly(NOW);
    if (!first) throw new Error('expected a claim');
    recordProgress(store.db, first, { channelId: 'C0SALES', messageTs: '1764612000.000100', parts: 3 });
    expect(getSend(store.db, weekly)).toMatchObject({
      status: 'pending',
      channelId: 'C0SALES',
      messageTs: '1764612000.000100',
      progress: 3,
    });
    // still claimed: the lease has not run out
    expect(claimWeekly(NOW + 1)).toBeNull();
    markFailed(store.db, first, 'ratelimited');
    // the retry sees where the thread got to
    expect(claimWeekly(NOW + 2)).toMatchObject({
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
