import { LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRep } from '../../src/db/reps.js';
import { JsonLogger } from '../../src/logger.js';
import { PROFILE_MAX_AGE_MS, PROFILE_RETRY_MS, Profiles } from '../../src/slack/profiles.js';
import { tempStorage } from '../support/db.js';
import { SlackStub } from '../support/slack-stub.js';

describe('Profiles: time zones and admin flags from users.info, cached a day', () => {
  let store: ReturnType<typeof tempStorage>;
  let stub: SlackStub;
  let client: WebClient;
  const clock = { now: Date.parse('2026-12-01T17:00:00Z') };
  let profiles: Profiles;

  beforeEach(async () => {
    store = tempStorage();
    stub = await new SlackStub().start();
    client = new WebClient('xoxb-test', { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } });
    profiles = new Profiles(store.store, new JsonLogger(LogLevel.ERROR, { sink: () => {} }), () => clock.now);
    stub.users.set('UREP1', { tz: 'Asia/Kolkata' });
    stub.users.set('UADMIN1', { tz: 'Europe/London', is_owner: true });
  });
  afterEach(async () => {
    await stub.stop();
    store.remove();
  });

  it('waits for Slack on first contact and stores the zone and admin flag', async () => {
    expect((await profiles.ensure(client, 'T1', 'UREP1')).slackTimezone).toBe('Asia/Kolkata');
    const admin = await profiles.ensure(client, 'T1', 'UADMIN1');
    expect(admin).toMatchObject({ slackTimezone: 'Europe/London', isSlackAdmin: true });
  });

  it('asks Slack again only after a day, answering from the cache meanwhile', async () => {
    await profiles.ensure(client, 'T1', 'UREP1');
    clock.now += PROFILE_MAX_AGE_MS - 1;
    await profiles.ensure(client, 'T1', 'UREP1');
    expect(stub.callsTo('users.info')).toHaveLength(1);

    stub.users.set('UREP1', { tz: 'America/Chicago' });
    clock.now += 2;
    // A stale profile is used at once and refreshed behind the reply.
    expect((await profiles.ensure(client, 'T1', 'UREP1')).slackTimezone).toBe('Asia/Kolkata');
    await stub.waitFor((calls) => calls.filter((c) => c.method === 'users.info').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getRep(store.db, 'T1', 'UREP1')?.slackTimezone).toBe('America/Chicago');
  });

  it('keeps going without a zone when Slack fails, and waits before asking again', async () => {
    stub.on('users.info', () => ({ status: 500, body: 'down' }));
    const rep = await profiles.ensure(client, 'T1', 'UREP1');
    expect(rep.slackTimezone).toBeNull();
    await profiles.ensure(client, 'T1', 'UREP1');
    expect(stub.callsTo('users.info')).toHaveLength(1);
    clock.now += PROFILE_RETRY_MS;
    await profiles.ensure(client, 'T1', 'UREP1');
    expect(stub.callsTo('users.info')).toHaveLength(2);
  });

  it('ignores a zone Slack sends that is not a real IANA zone', async () => {
    stub.users.set('UODD1', { tz: 'Nowhere/Special' });
    expect((await profiles.ensure(client, 'T1', 'UODD1')).slackTimezone).toBeNull();
  });

  it('answers from the database at once with cached(), fetching in the background', async () => {
    const rep = await profiles.cached(client, 'T1', 'UREP1');
    expect(rep.slackTimezone).toBeNull();
    await stub.waitFor((calls) => calls.some((c) => c.method === 'users.info'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getRep(store.db, 'T1', 'UREP1')?.slackTimezone).toBe('Asia/Kolkata');
  });
});
