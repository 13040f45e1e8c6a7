/**
 * The sync runner (src/crm/sync.ts) with fake CRM sources, a real migrated SQLite file and the stand-in Slack
 * (tests/support/slack-stub.ts). Owners are matched through the real directory (src/crm/owners.ts), which asks
 * the stand-in's users.lookupByEmail, answered as Slack documents it:
 * https://docs.slack.dev/reference/methods/users.lookupByEmail/ (`users_not_found` when no member has it).
 * The managers' DMs go through conversations.open and chat.postMessage:
 * https://docs.slack.dev/reference/methods/conversations.open/, https://docs.slack.dev/reference/methods/chat.postMessage/
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CrmAuthError,
  type CrmBatch,
  type CrmDeal,
  CrmRateLimitError,
  type CrmSource,
  emptyBatch,
  type PullOptions,
} from '../../src/crm/model.js';
import { backoffMs, runSync, type SyncDeps, type SyncOptions } from '../../src/crm/sync.js';
import { openStorage, type Storage } from '../../src/db/connection.js';
import {
  acquireCrmLease,
  CRM_LEASE_MS,
  type CrmRunRow,
  getCrmState,
  recentCrmRuns,
  renewCrmLease,
} from '../../src/db/crm.js';
import { deals } from '../../src/db/schema.js';
import { JsonLogger } from '../../src/logger.js';
import { schedulerClient } from '../../src/scheduler/client.js';
import { crmSyncRunner } from '../../src/scheduler/crm-sync.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { BOT_TOKEN } from '../support/harness.js';
import { SlackStub } from '../support/slack-stub.js';

const TEAM = 'T1';
const SECRET = 'pat-na1-11111111-2222-3333-4444-555555555555';
const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** Slack members by email, as users.lookupByEmail answers for them. */
const MEMBERS: Record<string, string> = { 'ann@acme.example': 'UANN', 'bo@acme.example': 'UBO' };

const batchOf = emptyBatch;

function deal(parts: Partial<CrmDeal> = {}): CrmDeal {
  return {
    externalId: 'd1',
    name: 'Initech expansion',
    accountName: 'Initech',
    amountCents: 1_200_000,
    currency: null,
    status: 'open',
    stage: 'Contract sent',
    closeDate: '2026-12-18',
    createdAt: '2026-11-02',
    owner: { email: 'ann@acme.example', name: 'Ann Lee' },
    url: 'https://app.hubspot.com/contacts/1/record/0-3/d1',
    ...parts,
  };
}

/** A CRM that answers each pull with the next step given (a batch, or an error to throw). */
class FakeSource implements CrmSource {
  readonly kind = 'hubspot' as const;
  readonly pulls: PullOptions[] = [];
  constructor(private readonly answer: (options: PullOptions, call: number) => Promise<CrmBatch>) {}
  pull(options: PullOptions): Promise<CrmBatch> {
    this.pulls.push(options);
    return this.answer(options, this.pulls.length);
  }
}

/** A CRM whose pull waits until released: `started` resolves when the pull was asked for. */
function heldSource() {
  let release: (batch: CrmBatch) => void = () => undefined;
  let pulled: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (pulled = resolve));
  const source = new FakeSource(() => {
    pulled();
    return new Promise((resolve) => (release = resolve));
  });
  return { source, started, release: (batch: CrmBatch) => release(batch) };
}

const answering = (...steps: (CrmBatch | Error)[]) =>
  new FakeSource(async (_options, call) => {
    const step = steps[Math.min(call, steps.length) - 1];
    if (step instanceof Error) throw step;
    if (!step) throw new Error('no step');
    return step;
  });

let store: TempStorage;
let stub: SlackStub;
let logLines: string[];
let clock: { now: number };
let deps: SyncDeps;

beforeEach(async () => {
  store = tempStorage();
  stub = await new SlackStub().start();
  stub.on('users.lookupByEmail', (params) => {
    const id = MEMBERS[String(params.email)];
    if (!id) return { body: { ok: false, error: 'users_not_found' } };
    return { body: { ok: true, user: { id, deleted: false, is_bot: false, tz: 'America/Los_Angeles' } } };
  });
  logLines = [];
  clock = { now: at('2026-12-01T16:00:00Z') };
  const logger = new JsonLogger('debug', { secrets: [BOT_TOKEN, SECRET], sink: (line) => logLines.push(line) });
  deps = {
    store: store.store,
    client: schedulerClient(BOT_TOKEN, { apiUrl: stub.apiUrl, logger }),
    logger,
    now: () => clock.now,
    defaultTimezone: 'America/New_York',
    managers: ['UMGR1', 'UMGR2'],
    intervalMinutes: 15,
  };
});

afterEach(async () => {
  await stub.stop();
  store.remove();
});

const sync = (source: CrmSource, options: Partial<SyncOptions> = {}) =>
  runSync(deps, source, { teamId: TEAM, trigger: 'scheduler', ...options });
const state = () => getCrmState(store.db, TEAM, 'hubspot');
const dealRows = () => store.db.select().from(deals).all();
const lastRun = (): CrmRunRow | undefined => recentCrmRuns(store.db, TEAM, 'hubspot', 1)[0];
const dmsTo = (user: string) => stub.callsTo('chat.postMessage').filter((c) => c.params.channel === `D${user}`);

describe('runSync', () => {
  it('syncs in full the first time, then from the cursor it saved, when the interval is up', async () => {
    const source = answering(
      batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z', complete: true }),
      batchOf({ deals: [deal({ amountCents: 1_500_000 })], cursor: '2026-12-01T16:10:00.000Z' }),
    );
    const first = await sync(source);
    expect(first).toMatchObject({ status: 'ok', summary: { dryRun: false, deals: { added: 1 } } });
    expect(source.pulls[0]?.since).toBeNull();
    expect(dealRows()).toMatchObject([
      { source: 'hubspot', externalId: 'd1', userId: 'UANN', amountCents: 1_200_000, status: 'open' },
    ]);
    expect(state()).toMatchObject({ cursor: '2026-12-01T15:58:00.000Z', failures: 0, leaseToken: null });
    expect(iso(state()?.nextAttemptAt)).toBe('2026-12-01T16:15:00.000Z');
    expect(iso(state()?.lastSuccessAt)).toBe('2026-12-01T16:00:00.000Z');
    expect(lastRun()).toMatchObject({ status: 'ok', trigger: 'scheduler', added: 1, changed: 0, dryRun: false });

    // 16:14: not yet due, and nothing is pulled.
    clock.now = at('2026-12-01T16:14:00Z');
    expect(await sync(source)).toEqual({
      status: 'not-due',
      source: 'hubspot',
      nextAttemptAt: at('2026-12-01T16:15:00Z'),
    });
    expect(source.pulls).toHaveLength(1);

    clock.now = at('2026-12-01T16:15:00Z');
    const second = await sync(source);
    expect(second).toMatchObject({ status: 'ok', summary: { deals: { added: 0, changed: 1 } } });
    expect(source.pulls[1]?.since).toBe('2026-12-01T15:58:00.000Z');
    expect(dealRows()).toMatchObject([{ externalId: 'd1', amountCents: 1_500_000 }]);
    expect(state()?.cursor).toBe('2026-12-01T16:10:00.000Z');
  });

  it('reads from the start with full, and a forced sync runs before it is due', async () => {
    const source = answering(batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z', complete: true }));
    await sync(source);
    const forced = await sync(source, { trigger: 'cli', force: true, full: true });
    expect(forced.status).toBe('ok');
    expect(source.pulls.map((p) => p.since)).toEqual([null, null]);
    expect(lastRun()?.trigger).toBe('cli');
  });

  it('a dry run reports what would change, and writes no deal and no cursor', async () => {
    const source = answering(batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z', complete: true }));
    const outcome = await sync(source, { trigger: 'cli', dryRun: true, force: true });
    expect(outcome).toMatchObject({ status: 'ok', summary: { dryRun: true, deals: { added: 1 } } });
    expect(dealRows()).toEqual([]);
    expect(state()).toMatchObject({ cursor: null, nextAttemptAt: null, lastSuccessAt: null, leaseToken: null });
    expect(lastRun()).toMatchObject({ status: 'ok', dryRun: true, added: 1 });
    // The schedule is the scheduler's: it syncs at once, in full.
    expect((await sync(source)).status).toBe('ok');
    expect(source.pulls[1]?.since).toBeNull();
    expect(dealRows()).toHaveLength(1);
  });

  it('lets one of two syncs at once run; the other finds it busy, from another connection too', async () => {
    const { source: slow, started, release } = heldSource();
    const other: Storage = openStorage(store.path);
    try {
      const first = sync(slow);
      await started;
      const second = await runSync({ ...deps, store: sqliteStore(other) }, slow, {
        teamId: TEAM,
        trigger: 'cli',
        force: true,
      });
      expect(second).toEqual({ status: 'busy', source: 'hubspot', leaseUntil: at('2026-12-01T16:05:00Z') });
      release(batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z', complete: true }));
      expect((await first).status).toBe('ok');
      expect(slow.pulls).toHaveLength(1);
      expect(dealRows()).toHaveLength(1);
    } finally {
      other.close();
    }
  });

  it('stops without applying when its lease lapsed and another process took it', async () => {
    const source = new FakeSource(async (options) => {
      // The pull outlived the lease (a stalled CRM), and another process took the sync over.
      clock.now += CRM_LEASE_MS + MINUTE;
      const taken = acquireCrmLease(store.db, { teamId: TEAM, source: 'hubspot', now: clock.now, force: true });
      expect(taken.acquired).toBe(true);
      await options.onPage?.();
      return batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z' });
    });
    const outcome = await sync(source);
    expect(outcome).toMatchObject({ status: 'stopped', reason: expect.stringContaining('Another process took over') });
    expect(dealRows()).toEqual([]);
    expect(state()?.cursor).toBeNull();
    expect(lastRun()).toMatchObject({ status: 'failed', error: expect.stringContaining('without applying') });
  });

  it('checks the lease once more before applying, even when the source never called onPage', async () => {
    const source = new FakeSource(async () => {
      clock.now += CRM_LEASE_MS + MINUTE;
      acquireCrmLease(store.db, { teamId: TEAM, source: 'hubspot', now: clock.now, force: true });
      return batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z' });
    });
    expect((await sync(source)).status).toBe('stopped');
    expect(dealRows()).toEqual([]);
  });

  it('a stopping process stops the run at its next page, applies nothing and frees the lease', async () => {
    const stopping = new AbortController();
    const source = new FakeSource(async (options) => {
      stopping.abort();
      await options.onPage?.();
      return batchOf({ deals: [deal()] });
    });
    expect((await sync(source, { signal: stopping.signal })).status).toBe('stopped');
    expect(dealRows()).toEqual([]);
    expect(state()?.leaseToken).toBeNull();
  });
});

describe('a refused credential', () => {
  const refused = () =>
    new CrmAuthError(
      'hubspot',
      `HubSpot refused the access token ${SECRET} (401 Unauthorized)`,
      'Create a new access token for the private app in HubSpot and set HUBSPOT_TOKEN to it',
    );
  const expired = () =>
    new CrmAuthError(
      'hubspot',
      'HubSpot says the token has expired',
      'Rotate the private app token and set HUBSPOT_TOKEN',
    );

  it('backs off 15, 30, 60, then 120 minutes, DMs each manager once per distinct error, and says it works again once', async () => {
    const ok = batchOf({ deals: [deal()], cursor: '2026-12-01T19:40:00.000Z', complete: true });
    const source = answering(refused(), refused(), refused(), expired(), ok, ok);

    // 16:00, first failure: the next attempt an interval later.
    expect(await sync(source)).toMatchObject({
      status: 'failed',
      fix: 'Create a new access token for the private app in HubSpot and set HUBSPOT_TOKEN to it',
      nextAttemptAt: at('2026-12-01T16:15:00Z'),
    });
    expect(state()?.failures).toBe(1);
    expect(dmsTo('UMGR1')).toHaveLength(1);
    expect(dmsTo('UMGR2')).toHaveLength(1);
    expect(String(dmsTo('UMGR1')[0]?.params.text)).toContain('*To fix:* Create a new access token');

    // Not before 16:15.
    clock.now = at('2026-12-01T16:10:00Z');
    expect((await sync(source)).status).toBe('not-due');

    // 16:15, second: 30 minutes; 16:45, third: 60 minutes. The same error is not told again.
    clock.now = at('2026-12-01T16:15:00Z');
    expect(await sync(source)).toMatchObject({ status: 'failed', nextAttemptAt: at('2026-12-01T16:45:00Z') });
    clock.now = at('2026-12-01T16:45:00Z');
    expect(await sync(source)).toMatchObject({ status: 'failed', nextAttemptAt: at('2026-12-01T17:45:00Z') });
    expect(dmsTo('UMGR1')).toHaveLength(1);

    // 17:45, a different error, fourth failure: 120 minutes, and it is told.
    clock.now = at('2026-12-01T17:45:00Z');
    expect(await sync(source)).toMatchObject({ status: 'failed', nextAttemptAt: at('2026-12-01T19:45:00Z') });
    expect(state()?.failures).toBe(4);
    expect(dmsTo('UMGR1')).toHaveLength(2);
    expect(dmsTo('UMGR2')).toHaveLength(2);
    expect(String(dmsTo('UMGR2')[1]?.params.text)).toContain('token has expired');

    // 19:45: it works again; the managers hear so once, and not at the next success.
    clock.now = at('2026-12-01T19:45:00Z');
    expect((await sync(source)).status).toBe('ok');
    expect(state()).toMatchObject({ failures: 0, lastError: null, notifiedError: null });
    expect(dmsTo('UMGR1')).toHaveLength(3);
    expect(String(dmsTo('UMGR1')[2]?.params.text)).toContain('HubSpot sync works again');
    clock.now = at('2026-12-01T20:00:00Z');
    expect((await sync(source)).status).toBe('ok');
    expect(dmsTo('UMGR1')).toHaveLength(3);
    expect(dmsTo('UMGR2')).toHaveLength(3);
  });

  it('logs the fix at error level, and the secret reaches neither the log, the DMs nor the database', async () => {
    await sync(answering(refused()));
    const errors = logLines.map((line) => JSON.parse(line)).filter((line) => line.level === 'error');
    expect(errors.some((line) => String(line.msg).includes('set HUBSPOT_TOKEN to it'))).toBe(true);
    const everything = [
      ...logLines,
      ...stub.callsTo('chat.postMessage').map((c) => JSON.stringify(c.params)),
      JSON.stringify(state()),
      JSON.stringify(lastRun()),
    ].join('\n');
    expect(everything).toContain('HubSpot refused the access token');
    expect(everything).not.toContain(SECRET);
  });
});

describe('other failures', () => {
  it('tells the managers only after three in a row', async () => {
    const down = () => new Error('HubSpot answered 503 Service Unavailable');
    const source = answering(down(), down(), down(), down());
    for (const [now, next] of [
      ['2026-12-01T16:00:00Z', '2026-12-01T16:15:00Z'],
      ['2026-12-01T16:15:00Z', '2026-12-01T16:45:00Z'],
    ] as const) {
      clock.now = at(now);
      expect(await sync(source)).toMatchObject({ status: 'failed', fix: null, nextAttemptAt: at(next) });
      expect(stub.callsTo('chat.postMessage')).toHaveLength(0);
    }
    clock.now = at('2026-12-01T16:45:00Z');
    await sync(source);
    expect(dmsTo('UMGR1')).toHaveLength(1);
    expect(String(dmsTo('UMGR1')[0]?.params.text)).toContain('failed 3 times in a row');
    clock.now = at('2026-12-01T17:45:00Z');
    await sync(source);
    expect(dmsTo('UMGR1')).toHaveLength(1);
  });

  it('an outage whose every answer carries a new request id is one DM, not one per attempt', async () => {
    const down = (id: string) =>
      new Error(`HubSpot answered 502 to POST /crm/v3/objects/deals/search (correlationId ${id})`);
    const source = answering(
      down('5f1c2a9e-0b7d-4c1e-9a55-3f0e9d1b2c41'),
      down('0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d'),
      down('11111111-2222-4333-8444-555555555555'),
      down('99999999-8888-4777-8666-555555555555'),
      down('abcdefab-cdef-4abc-8def-abcdefabcdef'),
    );
    for (const now of ['16:00', '16:15', '16:45', '17:45', '19:45']) {
      clock.now = at(`2026-12-01T${now}:00Z`);
      expect(await sync(source)).toMatchObject({ status: 'failed' });
    }
    expect(source.pulls).toHaveLength(5);
    expect(dmsTo('UMGR1')).toHaveLength(1);
  });

  it('a 429 puts the next attempt at its Retry-After, counts no failure and tells nobody', async () => {
    const source = answering(
      new CrmRateLimitError('hubspot', 120_000),
      batchOf({ cursor: '2026-12-01T16:01:00.000Z' }),
    );
    expect(await sync(source)).toMatchObject({ status: 'failed', nextAttemptAt: at('2026-12-01T16:02:00Z') });
    expect(state()).toMatchObject({ failures: 0, notifiedError: null });
    expect(stub.callsTo('chat.postMessage')).toHaveLength(0);
    clock.now = at('2026-12-01T16:01:59Z');
    expect((await sync(source)).status).toBe('not-due');
    clock.now = at('2026-12-01T16:02:00Z');
    expect((await sync(source)).status).toBe('ok');
  });

  it('backs off by doubling the interval, at most six hours', () => {
    expect(backoffMs(15, 1)).toBe(15 * MINUTE);
    expect(backoffMs(15, 2)).toBe(30 * MINUTE);
    expect(backoffMs(15, 5)).toBe(240 * MINUTE);
    // 15 × 2^5 = 480 minutes: capped.
    expect(backoffMs(15, 6)).toBe(360 * MINUTE);
    expect(backoffMs(15, 40)).toBe(360 * MINUTE);
    expect(backoffMs(60, 3)).toBe(240 * MINUTE);
    expect(backoffMs(1440, 1)).toBe(360 * MINUTE);
  });
});

describe('owners and Slack', () => {
  const sams = deal({ externalId: 'd2', accountName: 'Globex', owner: { email: 'sam@acme.example', name: 'Sam' } });

  it('reads everything again once an owner with no Slack member has joined, so their skipped deals come', async () => {
    const source = answering(
      batchOf({ deals: [deal(), sams], cursor: '2026-12-01T15:58:00.000Z', complete: true }),
      // Nothing changed in the CRM: an incremental read brings nothing, so Sam's deal would never come.
      batchOf({ cursor: '2026-12-01T15:58:00.000Z' }),
      batchOf({ deals: [deal(), sams], cursor: '2026-12-01T15:58:00.000Z', complete: true }),
    );
    expect(await sync(source)).toMatchObject({ summary: { deals: { added: 1 }, unmappedOwners: [{ records: 1 }] } });
    // 16:15: Sam's miss is 15 minutes old, not asked again yet: an incremental read.
    clock.now = at('2026-12-01T16:15:00Z');
    await sync(source);
    expect(source.pulls[1]?.since).toBe('2026-12-01T15:58:00.000Z');
    // Sam joins Slack; 17:00: the miss is an hour old, Slack now knows the email, and the read is full.
    MEMBERS['sam@acme.example'] = 'USAM';
    try {
      clock.now = at('2026-12-01T17:00:00Z');
      expect(await sync(source)).toMatchObject({ status: 'ok', summary: { deals: { added: 1, unchanged: 1 } } });
    } finally {
      delete MEMBERS['sam@acme.example'];
    }
    expect(source.pulls[2]?.since).toBeNull();
    expect(dealRows().map((row) => [row.externalId, row.userId])).toEqual([
      ['d1', 'UANN'],
      ['d2', 'USAM'],
    ]);
  });

  it('applies nothing when Slack cannot say who an owner is: no deal removed, the cursor kept, tried again later', async () => {
    const moved = deal({ amountCents: 1_300_000 });
    const source = answering(
      batchOf({ deals: [deal()], cursor: '2026-12-01T15:58:00.000Z', complete: true }),
      batchOf({ deals: [moved], cursor: '2026-12-02T16:59:00.000Z' }),
    );
    await sync(source);
    // A day and an hour later Ann's match is due to be asked again, and Slack is down.
    stub.on('users.lookupByEmail', () => ({ status: 500, body: 'upstream error' }));
    clock.now = at('2026-12-02T17:00:00Z');
    const outcome = await sync(source);
    expect(outcome).toMatchObject({ status: 'failed', fix: null });
    expect(outcome.status === 'failed' && outcome.error).toContain('Slack could not say who 1 CRM owner(s) are');
    expect(dealRows()).toMatchObject([{ externalId: 'd1', amountCents: 1_200_000 }]);
    expect(state()).toMatchObject({ cursor: '2026-12-01T15:58:00.000Z', failures: 1 });
  });

  it('names the missing users:read.email scope as the fix', async () => {
    stub.on('users.lookupByEmail', () => ({ body: { ok: false, error: 'missing_scope', needed: 'users:read.email' } }));
    const outcome = await sync(answering(batchOf({ deals: [deal()], complete: true })));
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.status === 'failed' && outcome.fix).toContain('users:read.email');
    expect(dealRows()).toEqual([]);
    expect(dmsTo('UMGR1')).toHaveLength(1);
  });
});

describe('the scheduler’s CRM sync', () => {
  it('starts a due sync without waiting for it, and never a second one of the same CRM in this process', async () => {
    const { source: slow, started, release } = heldSource();
    const runner = crmSyncRunner(deps, [slow]);
    await runner.tick(clock.now);
    await started;
    expect(slow.pulls).toHaveLength(1);
    expect(runner.inFlight()).toHaveLength(1);
    // A minute later the first is still pulling: nothing new starts.
    clock.now += MINUTE;
    await runner.tick(clock.now);
    expect(slow.pulls).toHaveLength(1);
    release(batchOf({ cursor: '2026-12-01T16:00:00.000Z' }));
    await Promise.all(runner.inFlight());
    expect(runner.inFlight()).toHaveLength(0);
    // Synced at 16:01: the next is due at 16:16, and a tick before then starts nothing.
    clock.now = at('2026-12-01T16:15:00Z');
    await runner.tick(clock.now);
    expect(runner.inFlight()).toHaveLength(0);
    clock.now = at('2026-12-01T16:16:00Z');
    await runner.tick(clock.now);
    expect(runner.inFlight()).toHaveLength(1);
    await vi.waitFor(() => expect(slow.pulls).toHaveLength(2), { timeout: 10_000 });
    release(batchOf({}));
    await Promise.all(runner.inFlight());
  });

  it('asks Slack which workspace the bot is in once per client', async () => {
    const source = answering(batchOf({}));
    const runner = crmSyncRunner(deps, [source]);
    await runner.tick(clock.now);
    await Promise.all(runner.inFlight());
    clock.now += 20 * MINUTE;
    await runner.tick(clock.now);
    await Promise.all(runner.inFlight());
    expect(source.pulls).toHaveLength(2);
    expect(stub.callsTo('auth.test')).toHaveLength(1);
    expect(getCrmState(store.db, 'T1', 'hubspot')?.lastSuccessAt).toBe(clock.now);
  });
});

describe('the lease', () => {
  it('is renewed only by the token that holds it', () => {
    const first = acquireCrmLease(store.db, { teamId: TEAM, source: 'hubspot', now: clock.now, force: false });
    if (!first.acquired) throw new Error('expected the lease');
    expect(acquireCrmLease(store.db, { teamId: TEAM, source: 'hubspot', now: clock.now, force: true })).toEqual({
      acquired: false,
      reason: 'busy',
      leaseUntil: clock.now + CRM_LEASE_MS,
    });
    expect(renewCrmLease(store.db, first.lease, clock.now + MINUTE)).toBe(true);
    expect(renewCrmLease(store.db, { ...first.lease, token: 'someone-else' }, clock.now + MINUTE)).toBe(false);
  });
});
