/**
 * The pass over many workspaces and many replicas (issue 14, item 3): one queue per workspace, so a slow or
 * rate-limited workspace holds only its own sends; and a pass lease per workspace, so two passes on one database
 * split the workspaces between them, and a workspace left leased by a replica killed mid-pass is sent by a later
 * pass once its lease lapses. Each workspace has its own token; the stand-in checks it.
 */
import { LogLevel } from '@slack/logger';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PASS_LEASE_MS } from '../../src/db/pass-leases.js';
import { sendKey } from '../../src/db/sends.js';
import { periodContaining } from '../../src/domain/period.js';
import type { TeamClients } from '../../src/install/oauth.js';
import { JsonLogger } from '../../src/logger.js';
import { schedulerClient } from '../../src/scheduler/client.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from '../contract/backends.js';
import { passAgainst } from '../support/pass.js';
import { type RecordedCall, SlackStub, type StubResponse } from '../support/slack-stub.js';

const MINUTE = 60_000;
/** Tuesday 2026-12-01 08:45 in Los Angeles: every rep's check-in is due (08:30), and stays due till 11:30. */
const DUE = Date.parse('2026-12-01T16:45:00Z');

/** Reps `U<team><n>` with a quota, so each is active and due. */
async function seedTeam(store: Store, teamId: string, reps: number): Promise<void> {
  for (let i = 1; i <= reps; i++) {
    const userId = `U${teamId}${i}`;
    await store.reps.saveRepProfile(teamId, userId, {
      slackTimezone: 'America/Los_Angeles',
      isSlackAdmin: false,
      fetchedAt: 0,
    });
    await store.quotas.setQuota({
      teamId,
      userId,
      period: periodContaining('quarter', '2026-12-01', 1),
      amountCents: 10_000_000,
      setBy: userId,
      now: 0,
    });
  }
}

/** Each workspace's own sending client, with its own token (`xoxb-<team>`). */
function clientsFor(stub: SlackStub): TeamClients {
  const logger = new JsonLogger(LogLevel.ERROR, { sink: () => {} });
  const clients = new Map<string, ReturnType<typeof schedulerClient>>();
  return {
    clientFor: async (teamId) => {
      let client = clients.get(teamId);
      if (!client) {
        client = schedulerClient(`xoxb-${teamId}`, { apiUrl: stub.apiUrl, logger });
        clients.set(teamId, client);
      }
      return client;
    },
  };
}

/** The workspace a recorded call was made for, by its token; and the DM it posted to. */
const tokenTeam = (call: RecordedCall) => String(call.headers.authorization).replace('Bearer xoxb-', '');
const dmTeam = (channel: unknown) => String(channel).replace(/^DU/, '').replace(/\d+$/, '');

describeBackends('the pass over many workspaces', (use) => {
  let stub: SlackStub;
  beforeEach(async () => {
    stub = await new SlackStub().start();
  });
  afterEach(async () => {
    await stub.stop();
  });

  const posts = () => stub.callsTo('chat.postMessage');
  const copies = (channel: string) => (stub.messages.get(channel) ?? []).length;

  it('sends every check-in of a fast workspace while a slow one’s posts are still unanswered', async () => {
    const store = use();
    await seedTeam(store, 'TA', 3);
    await seedTeam(store, 'TB', 3);
    // TA's posts are kept unanswered until all of TB's have arrived (or, should TB never come, for 5 s).
    const seen: string[] = [];
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
      setTimeout(resolve, 5_000).unref();
    });
    stub.on('chat.postMessage', async (params): Promise<StubResponse> => {
      const team = dmTeam(params.channel);
      seen.push(`${team} posted`);
      if (team === 'TB' && seen.filter((s) => s === 'TB posted').length === 3) release();
      if (team === 'TA') {
        await released;
        seen.push('TA answered');
      }
      return stub.deliver(params);
    });
    // Two in flight: the old flat list gave both to TA's first two reps, and TB waited for TA's answers.
    const outcomes = await passAgainst(stub, store, { clients: clientsFor(stub), concurrency: 2 })(DUE);

    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(6);
    const firstAnswer = seen.indexOf('TA answered');
    expect(seen.slice(0, firstAnswer).filter((s) => s === 'TB posted')).toHaveLength(3);
    // TA held one worker at a time: it never had more than its share.
    expect(seen.slice(0, firstAnswer).filter((s) => s === 'TA posted')).toHaveLength(1);
    for (const call of posts()) expect(tokenTeam(call)).toBe(dmTeam(call.params.channel));
  });

  it('sends a workspace’s check-ins while another waits out a 429’s Retry-After, which it keeps', async () => {
    const store = use();
    await seedTeam(store, 'TA', 2);
    await seedTeam(store, 'TB', 3);
    const seen: string[] = [];
    const limited = new Set<string>();
    stub.on('chat.postMessage', (params): StubResponse => {
      const channel = String(params.channel);
      // Each of TA's DMs is limited once for a minute: two conversations limited at once pause the workspace.
      if (dmTeam(channel) === 'TA' && !limited.has(channel)) {
        limited.add(channel);
        seen.push(`${channel} limited`);
        return { status: 429, headers: { 'retry-after': '60' }, body: { ok: false, error: 'ratelimited' } };
      }
      seen.push(`${channel} posted`);
      return stub.deliver(params);
    });
    // The pass's clock runs 40× (the minute is 1.5 s): every time asserted below is the pass's.
    const outcomes = await passAgainst(stub, store, { clients: clientsFor(stub), concurrency: 2, timeScale: 40 })(DUE);

    expect(outcomes.map((o) => `${o.recipient} ${o.status}`).sort()).toEqual([
      'UTA1 sent',
      'UTA2 sent',
      'UTB1 sent',
      'UTB2 sent',
      'UTB3 sent',
    ]);
    const firstRetry = seen.findIndex((s) => s.startsWith('DUTA') && s.endsWith('posted'));
    expect(seen.slice(0, firstRetry).filter((s) => s.startsWith('DUTB'))).toHaveLength(3);
    expect(seen.slice(0, firstRetry).filter((s) => s.endsWith('limited'))).toHaveLength(2);
    const limitedAt: number[] = [];
    for (const user of ['UTA1', 'UTA2']) {
      const send = await store.sends.getSend(sendKey('TA', user, 'checkin', '2026-12-01'));
      expect(send).toMatchObject({ status: 'sent', attempts: 2 });
      limitedAt.push(send?.firstAttemptAt ?? Number.NaN);
      expect(send?.sentAt).toBeGreaterThanOrEqual((send?.firstAttemptAt ?? Number.NaN) + MINUTE);
      expect(copies(`D${user}`)).toBe(1);
    }
    // TB did not wait TA's minute.
    for (const user of ['UTB1', 'UTB2', 'UTB3']) {
      const send = await store.sends.getSend(sendKey('TB', user, 'checkin', '2026-12-01'));
      expect(send?.sentAt).toBeLessThan(Math.max(...limitedAt) + MINUTE);
    }
  });

  it('two passes at once on one database split the workspaces and send everything exactly once', async () => {
    const store = use();
    const teams = ['TA', 'TB', 'TC', 'TD'];
    for (const team of teams) await seedTeam(store, team, 3);
    // The first post is held until a post of another workspace arrives (or 5 s): the other pass must have
    // gone past the held workspace to another.
    let firstTeam: string | null = null;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
      setTimeout(resolve, 5_000).unref();
    });
    let heldUntilOther = false;
    stub.on('chat.postMessage', async (params): Promise<StubResponse> => {
      const team = dmTeam(params.channel);
      firstTeam ??= team;
      if (team !== firstTeam) {
        heldUntilOther ||= true;
        release();
      } else await released;
      return stub.deliver(params);
    });
    const replica = (holder: string) =>
      passAgainst(stub, store, { clients: clientsFor(stub), concurrency: 1, holder })(DUE);
    const [a, b] = await Promise.all([replica('replica-a'), replica('replica-b')]);

    expect(heldUntilOther).toBe(true);
    const teamsOf = (outcomes: SendOutcome[]) => new Set(outcomes.map((o) => o.team));
    expect(teamsOf(a).size).toBeGreaterThan(0);
    expect(teamsOf(b).size).toBeGreaterThan(0);
    // Each workspace was sent by one pass alone, and together they sent every workspace.
    expect([...teamsOf(a)].filter((team) => teamsOf(b).has(team))).toEqual([]);
    expect([...teamsOf(a), ...teamsOf(b)].sort()).toEqual(teams);
    expect([...a, ...b].filter((o) => o.status === 'sent')).toHaveLength(12);
    for (const team of teams) for (let i = 1; i <= 3; i++) expect(copies(`DU${team}${i}`)).toBe(1);
    // Both passes gave their leases back as they finished.
    for (const team of teams) expect(await store.passLeases.passLeaseOf(team)).toBeUndefined();
  });

  it('keeps a workspace’s lease for a pass longer than the lease: another replica meanwhile leaves it alone', async () => {
    const store = use();
    await seedTeam(store, 'TA', 6);
    // Each post answered after 300 ms, one at a time: with the clocks at 30×, the pass lasts about a minute of
    // its time, twice the lease, renewed all along.
    stub.on(
      'chat.postMessage',
      (params) => new Promise<StubResponse>((resolve) => setTimeout(() => resolve(stub.deliver(params)), 300)),
    );
    const options = { clients: clientsFor(stub), concurrency: 1, timeScale: 30 };
    const started = Date.now();
    const slow = passAgainst(stub, store, { ...options, holder: 'replica-a' })(DUE);
    await stub.waitFor(() => stub.allMessages().length >= 4);
    const meanwhile = DUE + (Date.now() - started) * 30;
    expect(meanwhile - DUE).toBeGreaterThan(PASS_LEASE_MS);
    expect(await store.passLeases.passLeaseOf('TA')).toMatchObject({ holder: 'replica-a' });
    expect(await passAgainst(stub, store, { ...options, holder: 'replica-b' })(meanwhile)).toEqual([]);

    expect((await slow).filter((o) => o.status === 'sent')).toHaveLength(6);
    for (let i = 1; i <= 6; i++) expect(copies(`DUTA${i}`)).toBe(1);
    expect(await store.passLeases.passLeaseOf('TA')).toBeUndefined();
  });

  it('leaves a workspace leased by a live pass of another replica; sends it once that replica’s lease lapses', async () => {
    const store = use();
    await seedTeam(store, 'TA', 2);
    await seedTeam(store, 'TB', 1);
    // A replica took TA's lease at the check-in minute and was killed before sending anything.
    expect(await store.passLeases.takePassLease({ teamId: 'TA', holder: 'killed', now: DUE })).toBe(true);
    const pass = passAgainst(stub, store, { clients: clientsFor(stub), holder: 'survivor' });

    expect((await pass(DUE)).map((o) => `${o.recipient} ${o.status}`)).toEqual(['UTB1 sent']);
    expect(await pass(DUE + PASS_LEASE_MS / 2)).toEqual([]);
    // The lease lapsed unrenewed: the next pass (the next minute's), inside the catch-up window, sends TA's.
    const late = DUE + MINUTE;
    // Sent concurrently: in whichever order they finish.
    expect((await pass(late)).map((o) => `${o.recipient} ${o.status}`).sort()).toEqual(['UTA1 sent', 'UTA2 sent']);
    expect(copies('DUTA1') + copies('DUTA2') + copies('DUTB1')).toBe(3);
    expect(await store.passLeases.passLeaseOf('TA')).toBeUndefined();
    expect(await pass(late + MINUTE)).toEqual([]);
  });
});
