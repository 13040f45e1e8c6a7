import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCheckin, setPlan } from '../../src/db/checkins.js';
import { setQuota } from '../../src/db/quotas.js';
import { pauseRep, saveRepProfile } from '../../src/db/reps.js';
import { CLAIM_LEASE_MS, claimSend, getSend, sendKey } from '../../src/db/sends.js';
import { setTeamChannel } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { NotInstalledError } from '../../src/install/installation-store.js';
import { JsonLogger } from '../../src/logger.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { passAgainst } from '../support/pass.js';
import { SlackStub } from '../support/slack-stub.js';

const MINUTE = 60_000;
/** Tuesday 2026-12-01 08:45 in Los Angeles (PST, UTC−8). */
const TUESDAY_0845_PACIFIC = Date.parse('2026-12-01T16:45:00Z');
/** The same day, 17:45 Pacific. */
const TUESDAY_1745_PACIFIC = Date.parse('2026-12-02T01:45:00Z');
/** Saturday 2026-12-05 08:45 Pacific. */
const SATURDAY_0845_PACIFIC = Date.parse('2026-12-05T16:45:00Z');
/** Monday 2026-11-30 09:10 in New York (EST, UTC−5): the default weekly slot is Monday 09:00. */
const MONDAY_0910_EASTERN = Date.parse('2026-11-30T14:10:00Z');

describe('the scheduler pass', () => {
  let store: ReturnType<typeof tempStorage>;
  let stub: SlackStub;
  let pass: (now: number) => Promise<SendOutcome[]>;

  function addRep(userId: string, timezone: string): void {
    saveRepProfile(store.db, 'T1', userId, { slackTimezone: timezone, isSlackAdmin: false, fetchedAt: 0 });
    setQuota(store.db, {
      teamId: 'T1',
      userId,
      period: periodContaining('quarter', '2026-12-01', 1),
      amountCents: 12_000_000,
      setBy: userId,
      now: 0,
    });
  }

  const posts = () => stub.callsTo('chat.postMessage');

  beforeEach(async () => {
    store = tempStorage();
    stub = await new SlackStub().start();
    pass = passAgainst(stub, store.store);
    addRep('UREP1', 'America/Los_Angeles');
  });
  afterEach(async () => {
    await stub.stop();
    store.remove();
  });

  it('sends one check-in at 08:45 Pacific on a Tuesday, and nothing when the same tick runs again', async () => {
    expect(await pass(TUESDAY_0845_PACIFIC)).toEqual([
      { kind: 'checkin', team: 'T1', recipient: 'UREP1', period: '2026-12-01', status: 'sent' },
    ]);
    expect(stub.callsTo('conversations.open')[0]?.params).toMatchObject({ users: 'UREP1' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.params).toMatchObject({ channel: 'DUREP1' });
    expect(String(posts()[0]?.params.text)).toContain('What are today’s priorities?');
    expect(String(posts()[0]?.params.text)).toContain('$120,000 to go');

    expect(await pass(TUESDAY_0845_PACIFIC)).toEqual([]);
    expect(await pass(TUESDAY_0845_PACIFIC + MINUTE)).toEqual([]);
    expect(posts()).toHaveLength(1);
    // The DM channel is remembered: no second conversations.open.
    expect(stub.callsTo('conversations.open')).toHaveLength(1);
  });

  it('leaves a workspace with no installation for a later pass: nothing claimed, logged once', async () => {
    addRep('UREP2', 'America/Los_Angeles');
    const warnings: string[] = [];
    const logger = new JsonLogger('warn', { sink: (line) => warnings.push(line) });
    let asked = 0;
    // One send at a time: the second is not asked for once the first found no installation.
    const uninstalled = passAgainst(stub, store.store, {
      concurrency: 1,
      logger,
      clients: {
        clientFor: async (teamId) => {
          asked += 1;
          throw new NotInstalledError({ teamId });
        },
      },
    });
    expect(await uninstalled(TUESDAY_0845_PACIFIC)).toEqual([]);
    expect(asked).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('No Slack client for workspace T1')]);
    expect(getSend(store.db, sendKey('T1', 'UREP1', 'checkin', '2026-12-01'))).toBeUndefined();
    expect(posts()).toEqual([]);
    // Installed again: the next pass sends both.
    expect((await pass(TUESDAY_0845_PACIFIC + MINUTE)).map((o) => o.status)).toEqual(['sent', 'sent']);
  });

  it('sends nothing on a Saturday, nor to a paused rep, nor to a rep with no quota or work', async () => {
    expect(await pass(SATURDAY_0845_PACIFIC)).toEqual([]);
    pauseRep(store.db, { teamId: 'T1', userId: 'UREP1', today: '2026-11-30', until: '2026-12-02' });
    saveRepProfile(store.db, 'T1', 'UIDLE1', {
      slackTimezone: 'America/Los_Angeles',
      isSlackAdmin: false,
      fetchedAt: 0,
    });
    expect(await pass(TUESDAY_0845_PACIFIC)).toEqual([]);
    expect(posts()).toHaveLength(0);
  });

  it('sends the evening reflection with the plan as checkboxes', async () => {
    setPlan(store.db, {
      teamId: 'T1',
      userId: 'UREP1',
      localDate: '2026-12-01',
      items: ['Call Initech', 'Send Umbrella proposal'],
      now: TUESDAY_0845_PACIFIC,
    });
    const outcomes = await pass(TUESDAY_1745_PACIFIC);
    expect(outcomes).toEqual([
      { kind: 'reflection', team: 'T1', recipient: 'UREP1', period: '2026-12-01', status: 'sent' },
    ]);
    const blocks = JSON.stringify(posts()[0]?.params.blocks);
    expect(blocks).toContain('"type":"checkboxes"');
    expect(blocks).toContain('plan_done:2026-12-01');
    expect(blocks).toContain('Call Initech');
    expect(blocks).toContain('Send Umbrella proposal');
    expect(blocks).toContain('What will you change tomorrow?');
  });

  it('reminds once, two hours after an unanswered check-in went out, and not when a plan came in', async () => {
    await pass(TUESDAY_0845_PACIFIC);
    expect(await pass(TUESDAY_0845_PACIFIC + 119 * MINUTE)).toEqual([]);
    expect(await pass(TUESDAY_0845_PACIFIC + 120 * MINUTE)).toEqual([
      { kind: 'reminder', team: 'T1', recipient: 'UREP1', period: '2026-12-01', status: 'sent' },
    ]);
    expect(await pass(TUESDAY_0845_PACIFIC + 130 * MINUTE)).toEqual([]);

    addRep('UREP2', 'America/Los_Angeles');
    const wednesday = TUESDAY_0845_PACIFIC + 24 * 60 * MINUTE;
    await pass(wednesday);
    setPlan(store.db, { teamId: 'T1', userId: 'UREP2', localDate: '2026-12-02', items: ['Demo'], now: wednesday });
    const later = await pass(wednesday + 125 * MINUTE);
    expect(later).toEqual([{ kind: 'reminder', team: 'T1', recipient: 'UREP1', period: '2026-12-02', status: 'sent' }]);
  });

  it('retries a claim left pending by a crash only after its lease', async () => {
    const key = sendKey('T1', 'UREP1', 'checkin', '2026-12-01');
    claimSend(store.db, { key, teamId: 'T1', recipient: 'UREP1', kind: 'checkin', now: TUESDAY_0845_PACIFIC });
    // The process died before sending: a pass inside the lease leaves it alone…
    expect(await pass(TUESDAY_0845_PACIFIC + MINUTE)).toEqual([]);
    expect(posts()).toHaveLength(0);
    // …and the first pass after it sends it, once.
    const after = TUESDAY_0845_PACIFIC + CLAIM_LEASE_MS;
    expect((await pass(after)).map((o) => o.status)).toEqual(['sent']);
    expect(await pass(after + MINUTE)).toEqual([]);
    expect(posts()).toHaveLength(1);
    expect(getSend(store.db, key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('honours a 429 with Retry-After and sends once it may', async () => {
    pass = passAgainst(stub, store.store, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    let calls = 0;
    stub.on('chat.postMessage', (params) => {
      calls++;
      if (calls === 1)
        return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
      return { body: { ok: true, channel: params.channel, ts: '1700000000.000200' } };
    });
    const started = Date.now();
    expect((await pass(TUESDAY_0845_PACIFIC)).map((o) => o.status)).toEqual(['sent']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(posts()).toHaveLength(2);
    expect(getSend(store.db, sendKey('T1', 'UREP1', 'checkin', '2026-12-01'))?.status).toBe('sent');
  });

  it('records a 500 that says ok:false as failed, and sends on the next pass without looking', async () => {
    let calls = 0;
    stub.on('chat.postMessage', (params) => {
      calls++;
      return calls === 1
        ? { status: 500, body: { ok: false, error: 'internal_error' } }
        : { body: { ok: true, channel: params.channel, ts: '1700000000.000300' } };
    });
    const first = await pass(TUESDAY_0845_PACIFIC);
    expect(first).toMatchObject([{ kind: 'checkin', status: 'failed' }]);
    expect(getSend(store.db, sendKey('T1', 'UREP1', 'checkin', '2026-12-01'))?.status).toBe('failed');
    expect((await pass(TUESDAY_0845_PACIFIC + MINUTE)).map((o) => o.status)).toEqual(['sent']);
    expect(stub.callsTo('conversations.history')).toHaveLength(0);
    expect(await pass(TUESDAY_0845_PACIFIC + 2 * MINUTE)).toEqual([]);
  });

  it('takes any other 500 as uncertain: the next pass looks in the DM, and posts only what is not there', async () => {
    let calls = 0;
    stub.on('chat.postMessage', (params) => {
      calls++;
      // an answer with no word of Slack's own: the message may or may not be stored
      return calls === 1 ? { status: 500, body: 'upstream trouble' } : stub.deliver(params);
    });
    expect((await pass(TUESDAY_0845_PACIFIC)).map((o) => o.status)).toEqual(['uncertain']);
    expect(getSend(store.db, sendKey('T1', 'UREP1', 'checkin', '2026-12-01'))?.status).toBe('uncertain');
    // The stand-in stored nothing for that first call: not found, so posted
    expect((await pass(TUESDAY_0845_PACIFIC + MINUTE)).map((o) => o.status)).toEqual(['sent']);
    expect(stub.callsTo('conversations.history')[0]?.params).toMatchObject({
      channel: 'DUREP1',
      include_all_metadata: true,
    });
    expect(stub.messagesWithKey('DUREP1', sendKey('T1', 'UREP1', 'checkin', '2026-12-01'))).toHaveLength(1);
  });

  it('keeps going when one rep fails', async () => {
    addRep('UBAD1', 'America/Los_Angeles');
    addRep('UREP3', 'America/Los_Angeles');
    stub.on('conversations.open', (params) =>
      params.users === 'UBAD1'
        ? { body: { ok: false, error: 'user_not_found' } }
        : { body: { ok: true, channel: { id: `D${String(params.users)}` } } },
    );
    const outcomes = await pass(TUESDAY_0845_PACIFIC);
    const byRep = Object.fromEntries(outcomes.map((o) => [o.recipient, o.status]));
    expect(byRep).toEqual({ UREP1: 'sent', UBAD1: 'abandoned', UREP3: 'sent' });
    expect(outcomes.find((o) => o.recipient === 'UBAD1')?.error).toContain('user_not_found');
  });

  it('posts the weekly progress once per ISO week in the team channel, with the reps in its thread', async () => {
    setTeamChannel(store.db, 'T1', 'C0SALES');
    addRep('UREP2', 'Europe/London');
    const outcomes = await pass(MONDAY_0910_EASTERN);
    expect(outcomes.filter((o) => o.kind === 'weekly')).toEqual([
      { kind: 'weekly', team: 'T1', recipient: 'C0SALES', period: '2026-W49', status: 'sent' },
    ]);
    const channelPosts = posts().filter((p) => p.params.channel === 'C0SALES');
    expect(channelPosts).toHaveLength(2);
    const [top, thread] = channelPosts;
    expect(String(top?.params.text)).toContain('Team: $240,000 to go of $240,000');
    expect(top?.params.thread_ts).toBeUndefined();
    expect(thread?.params.thread_ts).toBe('1700000000.000100');
    expect(String(thread?.params.text)).toContain('<@UREP1>');
    expect(String(thread?.params.text)).toContain('<@UREP2>');

    expect((await pass(MONDAY_0910_EASTERN + 5 * MINUTE)).filter((o) => o.kind === 'weekly')).toEqual([]);
    const nextWeek = await pass(MONDAY_0910_EASTERN + 7 * 24 * 60 * MINUTE);
    expect(nextWeek.filter((o) => o.kind === 'weekly').map((o) => o.period)).toEqual(['2026-W50']);
  });

  it('posts the week once even when the manager moves the channel after the post', async () => {
    setTeamChannel(store.db, 'T1', 'C0SALES');
    expect((await pass(MONDAY_0910_EASTERN)).filter((o) => o.kind === 'weekly')).toHaveLength(1);
    setTeamChannel(store.db, 'T1', 'C0NEWSALES');
    expect((await pass(MONDAY_0910_EASTERN + 10 * MINUTE)).filter((o) => o.kind === 'weekly')).toEqual([]);
    expect(posts().filter((p) => p.params.channel === 'C0NEWSALES')).toEqual([]);
  });

  it('gives up on a rep Slack says is gone, instead of retrying all window long', async () => {
    stub.on('conversations.open', () => ({ body: { ok: false, error: 'user_not_found' } }));
    expect((await pass(TUESDAY_0845_PACIFIC)).map((o) => o.status)).toEqual(['abandoned']);
    expect(getSend(store.db, sendKey('T1', 'UREP1', 'checkin', '2026-12-01'))?.status).toBe('abandoned');
    expect(await pass(TUESDAY_0845_PACIFIC + MINUTE)).toEqual([]);
    expect(stub.callsTo('conversations.open')).toHaveLength(1);
  });

  it('resumes a weekly post whose thread failed half-way without posting the top again', async () => {
    setTeamChannel(store.db, 'T1', 'C0SALES');
    let threadFails = true;
    stub.on('chat.postMessage', (params) => {
      if (params.thread_ts && threadFails) return { status: 500, body: { ok: false, error: 'internal_error' } };
      return {
        body: { ok: true, channel: params.channel, ts: params.thread_ts ? '1700000000.000900' : '1700000000.000500' },
      };
    });
    expect((await pass(MONDAY_0910_EASTERN)).find((o) => o.kind === 'weekly')?.status).toBe('failed');
    threadFails = false;
    expect((await pass(MONDAY_0910_EASTERN + MINUTE)).find((o) => o.kind === 'weekly')?.status).toBe('sent');
    const tops = posts().filter((p) => p.params.channel === 'C0SALES' && !p.params.thread_ts);
    expect(tops).toHaveLength(1);
  });

  it('never sends into a plan the rep already has: the check-in shows it instead of asking', async () => {
    setPlan(store.db, { teamId: 'T1', userId: 'UREP1', localDate: '2026-12-01', items: ['Call Initech'], now: 0 });
    await pass(TUESDAY_0845_PACIFIC);
    expect(String(posts()[0]?.params.text)).toContain('Your plan for today is set');
    expect(getCheckin(store.db, 'T1', 'UREP1', '2026-12-01')?.planItems).toEqual([
      { text: 'Call Initech', done: false },
    ]);
  });
});
