/**
 * Claims on scheduled sends (src/db/sends.ts and its Postgres twin) through the Store: the lifecycle of
 * tests/db/scheduling-storage.test.ts, and claimers racing for one key, of which exactly one wins on either back end.
 */
import { expect, it } from 'vitest';
import { CLAIM_LEASE_MS, type Claim, partKey, sendKey } from '../../src/db/sends.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
/** 2026-12-01 10:00 in Los Angeles (PST, UTC−8). */
const NOW = Date.parse('2026-12-01T18:00:00Z');
const HOUR = 3_600_000;
const KEY = sendKey(T1, ANN, 'checkin', '2026-12-01');

describeBackends('sends', (use) => {
  const claim = (now: number, key = KEY, recipient = ANN) =>
    use().sends.claimSend({ key, teamId: T1, recipient, kind: 'checkin', now });
  const claimed = async (now: number, key = KEY, recipient = ANN): Promise<Claim> => {
    const taken = await claim(now, key, recipient);
    if (!taken) throw new Error('expected a claim');
    return taken;
  };
  const row = () => use().sends.getSend(KEY);
  const post = (c: Claim, now: number) => use().sends.beginPost(c, { channelId: 'D0ANN', now });

  it('builds the key from team, recipient, kind and local key, and a part key for a thread reply', () => {
    expect(KEY).toBe('T0001:U0ANN:checkin:2026-12-01');
    expect(partKey('T0001:team:weekly:2026-W49', 0)).toBe('T0001:team:weekly:2026-W49');
    expect(partKey('T0001:team:weekly:2026-W49', 2)).toBe('T0001:team:weekly:2026-W49#2');
  });

  it('claims a new key once: pending, with a token of its own and a two-minute lease', async () => {
    const first = await claimed(NOW);
    expect(first).toEqual({
      id: expect.any(Number),
      key: KEY,
      token: expect.stringMatching(/^[0-9a-f-]{36}$/),
      attempts: 1,
      checkFirst: false,
      channelId: null,
      messageTs: null,
      progress: 0,
      firstAttemptAt: null,
    });
    expect(CLAIM_LEASE_MS).toBe(120_000);
    expect(await row()).toEqual({
      id: first.id,
      claimKey: KEY,
      teamId: T1,
      recipient: ANN,
      kind: 'checkin',
      status: 'pending',
      attempts: 1,
      claimedAt: NOW,
      claimToken: first.token,
      leaseUntil: NOW + 120_000,
      firstAttemptAt: null,
      notBefore: null,
      sentAt: null,
      lastError: null,
      channelId: null,
      messageTs: null,
      result: null,
      progress: 0,
    });
    expect(await claim(NOW + 120_000 - 1)).toBeNull();
    expect(await use().sends.getSend('T0001:U0ANN:checkin:2026-12-02')).toBeUndefined();
  });

  it('takes a claim that lapsed before posting again without a look; the old claim changes nothing', async () => {
    const first = await claimed(NOW);
    const again = await claimed(NOW + 120_000);
    expect(again).toMatchObject({ id: first.id, attempts: 2, checkFirst: false });
    expect(again.token).not.toBe(first.token);
    expect(await post(first, NOW + 120_001)).toBe(false);
    expect(await use().sends.markSent(first, { channelId: 'D0ANN', messageTs: '1.1', now: NOW + 120_001 })).toBe(false);
  });

  it('posts only under a live pending claim, and marks when the first attempt began', async () => {
    const first = await claimed(NOW);
    expect(await post(first, NOW + 5)).toBe(true);
    expect(await row()).toMatchObject({
      status: 'posting',
      channelId: 'D0ANN',
      firstAttemptAt: NOW + 5,
      leaseUntil: NOW + 5 + 120_000,
    });
    // Posting again under the same claim is refused: it is no longer pending.
    expect(await post(first, NOW + 6)).toBe(false);
  });

  it('never posts under a claim whose lease ran out, even before another pass took it', async () => {
    const first = await claimed(NOW);
    expect(await post(first, NOW + 120_000)).toBe(false);
    expect((await row())?.status).toBe('pending');
  });

  it('takes a lapsed post as uncertain: the next claim looks in the conversation first', async () => {
    const first = await claimed(NOW);
    await post(first, NOW + 1);
    expect(await claim(NOW + 1 + 120_000 - 1)).toBeNull();
    expect(await claimed(NOW + 1 + 120_000)).toMatchObject({
      checkFirst: true,
      channelId: 'D0ANN',
      firstAttemptAt: NOW + 1,
    });
  });

  it('takes an uncertain send again with a look first, and a failed one without; errors kept to 500', async () => {
    const store = use();
    const first = await claimed(NOW);
    await post(first, NOW);
    expect(await store.sends.markUncertain(first, 'timeout')).toBe(true);
    expect(await row()).toMatchObject({ status: 'uncertain', lastError: 'timeout', leaseUntil: null });
    const second = await claimed(NOW + 1);
    expect(second.checkFirst).toBe(true);
    await post(second, NOW + 1);
    expect(await store.sends.markNotPosted(second, { error: 'x'.repeat(600), final: false })).toBe(true);
    expect(await row()).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await row())?.lastError).toHaveLength(500);
    expect(await claimed(NOW + 2)).toMatchObject({ attempts: 3, checkFirst: false, firstAttemptAt: NOW });
  });

  it('waits out a Retry-After before claiming again', async () => {
    const first = await claimed(NOW);
    await use().sends.markNotPosted(first, { error: 'ratelimited', final: false, notBefore: NOW + 20_000 });
    expect(await row()).toMatchObject({ status: 'failed', notBefore: NOW + 20_000 });
    expect(await claim(NOW + 19_999)).toBeNull();
    expect((await claimed(NOW + 20_000)).attempts).toBe(2);
  });

  it('never takes a sent key again, records its result, and says it was sent', async () => {
    const store = use();
    const first = await claimed(NOW);
    await store.sends.markNotPosted(first, { error: 'internal_error', final: false });
    const retry = await claimed(NOW + 1);
    await post(retry, NOW + 2);
    const sent = { channelId: 'D0ANN', messageTs: '1764612000.000100', now: NOW + 3, result: '{"files":[]}' };
    expect(await store.sends.markSent(retry, sent)).toBe(true);
    expect(await row()).toMatchObject({
      status: 'sent',
      sentAt: NOW + 3,
      messageTs: '1764612000.000100',
      result: '{"files":[]}',
      lastError: null,
      leaseUntil: null,
      notBefore: null,
      attempts: 2,
    });
    // A sent claim is done: a second mark changes nothing.
    expect(await store.sends.markSent(retry, { channelId: 'D0ANN', messageTs: '1.2', now: NOW + 4 })).toBe(false);
    expect(await row()).toMatchObject({ messageTs: '1764612000.000100', sentAt: NOW + 3 });
    expect(await claim(NOW + 24 * HOUR)).toBeNull();
    expect(await store.sendHistory.wasSent(T1, ANN, 'checkin', '2026-12-01')).toBe(true);
    expect(await store.sendHistory.wasSent(T1, BOB, 'checkin', '2026-12-01')).toBe(false);
  });

  it('ignores late marks from a claim another pass took over: a sent row never turns failed', async () => {
    const store = use();
    const stale = await claimed(NOW);
    const fresh = await claimed(NOW + 120_000);
    await post(fresh, NOW + 120_001);
    expect(await store.sends.markSent(fresh, { channelId: 'D0ANN', messageTs: '1.3', now: NOW + 120_002 })).toBe(true);
    expect(await store.sends.markNotPosted(stale, { error: 'late timeout', final: false })).toBe(false);
    expect(await store.sends.markUncertain(stale, 'late')).toBe(false);
    expect(await store.sends.markSent(stale, { channelId: 'D0ANN', messageTs: '1.4', now: NOW + 120_003 })).toBe(false);
    expect(await store.sends.recordProgress(stale, { channelId: 'D0ANN', messageTs: '1.5', parts: 2 })).toBe(false);
    expect(await row()).toMatchObject({ status: 'sent', messageTs: '1.3', lastError: null, progress: 0, result: null });
  });

  it('gives up for good on a final error: never claimed again', async () => {
    const first = await claimed(NOW);
    await use().sends.markNotPosted(first, { error: 'user_not_found', final: true });
    expect((await row())?.status).toBe('abandoned');
    expect(await claim(NOW + 24 * HOUR)).toBeNull();
  });

  it('renews the leases it still holds, and names those it lost', async () => {
    const bobKey = sendKey(T1, BOB, 'checkin', '2026-12-01');
    const mine = await claimed(NOW);
    const other = await claimed(NOW, bobKey, BOB);
    // Another pass takes BOB's after its lease ran out.
    await claimed(NOW + 120_000, bobKey, BOB);
    expect(await use().sends.renewLeases([other, mine], NOW + 100_000)).toEqual([other.id]);
    expect((await row())?.leaseUntil).toBe(NOW + 220_000);
    expect(await claim(NOW + 150_000)).toBeNull();
    expect(await use().sends.renewLeases([], NOW)).toEqual([]);
  });

  it('gives back an unposted claim at shutdown, but never one that is posting', async () => {
    const store = use();
    const first = await claimed(NOW);
    expect(await store.sends.releaseClaim(first)).toBe(true);
    expect(await row()).toMatchObject({
      status: 'failed',
      leaseUntil: null,
      lastError: 'released unsent when its process stopped',
    });
    const second = await claimed(NOW + 1);
    await post(second, NOW + 1);
    expect(await store.sends.releaseClaim(second)).toBe(false);
    expect((await row())?.status).toBe('posting');
  });

  it('claims several keys at once, in the order asked, null for those held', async () => {
    const held = await claimed(NOW);
    const inputs = [BOB, ANN, 'U0CAT'].map((recipient) => ({
      key: sendKey(T1, recipient, 'checkin', '2026-12-01'),
      teamId: T1,
      recipient,
      kind: 'checkin' as const,
      now: NOW + 1,
    }));
    const claims = await use().sends.claimSends(inputs);
    expect(claims.map((c) => c?.key ?? null)).toEqual([inputs[0]?.key, null, inputs[2]?.key]);
    expect(claims[0]?.id).not.toBe(held.id);
  });

  it('records progress of a multi-part send without releasing the claim, and keeps it across a re-claim', async () => {
    const store = use();
    const weekly = sendKey(T1, 'team', 'weekly', '2026-W49');
    const claimWeekly = (now: number) =>
      store.sends.claimSend({ key: weekly, teamId: T1, recipient: 'team', kind: 'weekly', now });
    const first = await claimWeekly(NOW);
    if (!first) throw new Error('expected a claim');
    await store.sends.beginPost(first, { channelId: 'C0SALES', now: NOW });
    expect(
      await store.sends.recordProgress(first, { channelId: 'C0SALES', messageTs: '1764612000.000100', parts: 3 }),
    ).toBe(true);
    expect(await store.sends.getSend(weekly)).toMatchObject({
      status: 'pending',
      channelId: 'C0SALES',
      messageTs: '1764612000.000100',
      progress: 3,
    });
    // Still claimed: the lease has not run out, and the next part may post under it.
    expect(await claimWeekly(NOW + 1)).toBeNull();
    expect(await store.sends.beginPost(first, { channelId: 'C0SALES', now: NOW + 2 })).toBe(true);
    await store.sends.markNotPosted(first, { error: 'ratelimited', final: false });
    // The retry sees where the thread got to.
    expect(await claimWeekly(NOW + 3)).toMatchObject({
      attempts: 2,
      progress: 3,
      channelId: 'C0SALES',
      messageTs: '1764612000.000100',
    });
  });

  it('writes the posts begun and sends sent of several claims in one call, in order, each fenced on its own claim', async () => {
    const store = use();
    const bobKey = sendKey(T1, BOB, 'checkin', '2026-12-01');
    const ann = await claimed(NOW);
    const bob = await claimed(NOW, bobKey, BOB);
    const stale = await claimed(NOW, sendKey(T1, 'U0CAT', 'checkin', '2026-12-01'), 'U0CAT');
    // Another pass took CAT's claim after its lease ran out: this one's writes on it change nothing.
    const later = NOW + 120_000;
    await claimed(later, stale.key, 'U0CAT');
    expect(await store.sends.renewLeases([ann, bob], NOW + 60_000)).toEqual([]);
    expect(
      await store.sends.writeSends([
        { op: 'begin', claim: ann, channelId: 'D0ANN', now: later },
        { op: 'begin', claim: stale, channelId: 'D0CAT', now: later },
        { op: 'begin', claim: bob, channelId: 'D0BOB', now: later },
      ]),
    ).toEqual([true, false, true]);
    expect(
      await store.sends.writeSends([
        { op: 'sent', claim: bob, channelId: 'D0BOB', messageTs: '1.2', now: later + 1 },
        { op: 'sent', claim: stale, channelId: 'D0CAT', messageTs: '1.3', now: later + 1 },
        // A post begun and not yet marked keeps its claim: beginning it again is refused.
        { op: 'begin', claim: ann, channelId: 'D0ANN', now: later + 1 },
      ]),
    ).toEqual([true, false, false]);
    expect(await row()).toMatchObject({ status: 'posting', firstAttemptAt: later, leaseUntil: later + 120_000 });
    expect(await store.sends.getSend(bobKey)).toMatchObject({ status: 'sent', sentAt: later + 1, messageTs: '1.2' });
    expect(await store.sends.getSend(stale.key)).toMatchObject({ status: 'pending', firstAttemptAt: null });
    expect(await store.sends.writeSends([])).toEqual([]);
  });

  it('takes a claim that lapsed pending after an attempt had begun as one that may have posted: it looks first', async () => {
    const store = use();
    const first = await claimed(NOW);
    await post(first, NOW);
    await store.sends.markUncertain(first, 'timeout');
    // Taken to settle the uncertain send, then its pass died before it looked: pending, lapsing.
    const second = await claimed(NOW + 1);
    expect(second.checkFirst).toBe(true);
    expect(await row()).toMatchObject({ status: 'pending', firstAttemptAt: NOW });
    expect(await claimed(NOW + 1 + 120_000)).toMatchObject({ checkFirst: true, attempts: 3 });
    // A claim lapsed pending that never began is taken without a look (scheduler/claims-ahead.ts leaves those).
    const bobKey = sendKey(T1, BOB, 'checkin', '2026-12-01');
    await claimed(NOW, bobKey, BOB);
    expect(await claimed(NOW + 120_000, bobKey, BOB)).toMatchObject({ checkFirst: false, attempts: 2 });
  });

  it('puts a claim that had still to look back to uncertain when it is given back or fails before posting', async () => {
    const store = use();
    const first = await claimed(NOW);
    await post(first, NOW);
    await store.sends.markUncertain(first, 'timeout');
    const second = await claimed(NOW + 1);
    expect(await store.sends.releaseClaim(second)).toBe(true);
    expect(await row()).toMatchObject({ status: 'uncertain', leaseUntil: null });
    const third = await claimed(NOW + 2);
    expect(third.checkFirst).toBe(true);
    expect(await store.sends.markNotPosted(third, { error: 'conversations.open failed', final: false })).toBe(true);
    expect(await row()).toMatchObject({ status: 'uncertain', lastError: 'conversations.open failed' });
    // Once it began posting it had looked: a failure of that post is known not posted.
    const fourth = await claimed(NOW + 3);
    expect(fourth.checkFirst).toBe(true);
    await post(fourth, NOW + 3);
    expect(await store.sends.markNotPosted(fourth, { error: 'internal_error', final: false })).toBe(true);
    expect(await row()).toMatchObject({ status: 'failed' });
    expect(await claimed(NOW + 4)).toMatchObject({ checkFirst: false, attempts: 5 });
  });

  it('lets exactly one of several racing claimers take a new key', async () => {
    const store = use();
    const claims = await Promise.all([1, 2, 3, 4].map(() => claim(NOW)));
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect((await row())?.claimToken).toBe(winners[0]?.token);
    expect((await row())?.attempts).toBe(1);
    // The same through claimSends, each racer asking for two keys in opposite orders: one wins each key.
    const keys = [sendKey(T1, BOB, 'checkin', '2026-12-01'), sendKey(T1, 'U0CAT', 'checkin', '2026-12-01')];
    const ask = (order: string[]) =>
      store.sends.claimSends(order.map((key) => ({ key, teamId: T1, recipient: 'x', kind: 'checkin', now: NOW })));
    const batches = await Promise.all([ask(keys), ask([...keys].reverse()), ask(keys)]);
    for (const key of keys) {
      expect(batches.flat().filter((c) => c?.key === key)).toHaveLength(1);
    }
  });

  it('lets exactly one of several racing claimers take a lapsed claim again', async () => {
    const first = await claimed(NOW);
    const claims = await Promise.all([1, 2, 3, 4].map(() => claim(NOW + 120_000)));
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: first.id, attempts: 2 });
    expect(await row()).toMatchObject({ claimToken: winners[0]?.token, attempts: 2, status: 'pending' });
    expect(await post(first, NOW + 120_001)).toBe(false);
  });
});
