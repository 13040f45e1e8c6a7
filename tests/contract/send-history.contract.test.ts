/**
 * What went out before (src/db/send-history.ts and its Postgres twin) through the Store: range reads on the claim
 * keys, which sort as their dates and ISO weeks read on both back ends.
 */
import { expect, it } from 'vitest';
import { sendKey } from '../../src/db/sends.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
/** 2026-12-01 10:00 in Los Angeles (PST, UTC−8). */
const NOW = Date.parse('2026-12-01T18:00:00Z');

describeBackends('send history', (use) => {
  const sendFor = async (recipient: string, kind: 'checkin' | 'weekly', localKey: string, outcome: string) => {
    const store = use();
    const key = sendKey(T1, recipient, kind, localKey);
    const taken = await store.sends.claimSend({ key, teamId: T1, recipient, kind, now: NOW });
    if (!taken) throw new Error('expected a claim');
    await store.sends.beginPost(taken, { channelId: 'C0', now: NOW });
    if (outcome === 'sent') await store.sends.markSent(taken, { channelId: 'C0', messageTs: localKey, now: NOW });
    if (outcome === 'part') await store.sends.recordProgress(taken, { channelId: 'C0', messageTs: localKey, parts: 1 });
    if (outcome === 'failed') await store.sends.markNotPosted(taken, { error: 'x', final: false });
  };

  it('says whether a prompt went out in a range of days, the end left out', async () => {
    const store = use();
    await sendFor(ANN, 'checkin', '2026-12-01', 'sent');
    await sendFor(ANN, 'checkin', '2026-12-03', 'failed');
    await sendFor(BOB, 'checkin', '2026-12-02', 'sent');
    const between = (recipient: string, from: string, to: string) =>
      store.sendHistory.sentBetween({ teamId: T1, recipient, kind: 'checkin', from, to });
    expect(await between(ANN, '2026-12-01', '2026-12-02')).toBe(true);
    expect(await between(ANN, '2026-11-01', '2026-12-01')).toBe(false);
    expect(await between(ANN, '2026-12-02', '2026-12-10')).toBe(false);
    expect(await between(BOB, '2026-12-01', '2026-12-03')).toBe(true);
    expect(
      await store.sendHistory.sentBetween({ teamId: T1, recipient: ANN, kind: 'weekly', from: '0', to: '9' }),
    ).toBe(false);
  });

  it('finds the latest weekly post before a week whose first message went out', async () => {
    const store = use();
    await sendFor('team', 'weekly', '2026-W46', 'sent');
    await sendFor('team', 'weekly', '2026-W47', 'part');
    await sendFor('team', 'weekly', '2026-W48', 'failed');
    const before = (week: string) =>
      store.sendHistory.lastPostedBefore({ teamId: T1, recipient: 'team', kind: 'weekly', before: week });
    expect((await before('2026-W49'))?.claimKey).toBe('T0001:team:weekly:2026-W47');
    expect((await before('2026-W47'))?.claimKey).toBe('T0001:team:weekly:2026-W46');
    expect(await before('2026-W46')).toBeUndefined();
    expect(await before('2026-W49')).toMatchObject({ status: 'pending', progress: 1, messageTs: '2026-W47' });
  });
});
