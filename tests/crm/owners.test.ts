/**
 * CRM owners to Slack members (src/crm/owners.ts) against the local Slack stand-in (tests/support/slack-stub.ts),
 * which answers as Slack documents:
 * - users.lookupByEmail: https://docs.slack.dev/reference/methods/users.lookupByEmail/ — `{ ok: true, user }`, or
 *   `{ ok: false, error: 'users_not_found' }`; needs the users:read.email scope (`missing_scope` with `needed`).
 * - users.list: https://docs.slack.dev/reference/methods/users.list/ — `members` (deactivated ones included),
 *   paginated by cursor (https://docs.slack.dev/apis/web-api/pagination): `response_metadata.next_cursor`.
 */
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER_MATCH_TTL_MS, OWNER_MISS_TTL_MS, ownerKey, slackOwnerDirectory } from '../../src/crm/owners.js';
import { cachedOwners } from '../../src/db/crm-owners.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { SlackStub, stubBotUser, stubDeletedUser } from '../support/slack-stub.js';

const TEAM = 'T1';
const NOW = Date.parse('2026-03-10T17:00:00Z');
const MINUTE_MS = 60 * 1000;

describe('ownerKey', () => {
  it.each([
    [{ email: ' Ana@Acme.TEST ', name: 'Ana Lima' }, 'ana@acme.test'],
    [{ email: null, name: '  Dee \u00a0 PARK ' }, 'name:dee park'],
    [{ email: '', name: 'Dee Park' }, 'name:dee park'],
    [{ email: null, name: '  ' }, null],
    [{ email: null, name: null }, null],
  ])('%o → %s', (owner, key) => {
    expect(ownerKey(owner)).toBe(key);
  });
});

describe('slackOwnerDirectory', () => {
  let stub: SlackStub;
  let temp: TempStorage;
  let clock: { now: number };

  const directory = () =>
    slackOwnerDirectory({
      store: temp.store,
      teamId: TEAM,
      client: new WebClient('xoxb-test', { slackApiUrl: stub.apiUrl, retryConfig: { retries: 0 } }),
      now: () => clock.now,
    });
  const byEmail = (email: string) => ({ email, name: null });
  const byName = (name: string) => ({ email: null, name });

  beforeEach(async () => {
    stub = await new SlackStub().start();
    temp = tempStorage();
    clock = { now: NOW };
    stub.users.set('UANA', { tz: 'America/New_York', profile: { email: 'ana@acme.test', real_name: 'Ana Lima' } });
    stub.users.set('UOLD', {
      ...stubDeletedUser('old.rep'),
      profile: { email: 'old@acme.test', real_name: 'Old Rep' },
    });
    const bot = stubBotUser('crmbot');
    stub.users.set('UBOT', { ...bot, profile: { ...bot.profile, email: 'bot@acme.test' } });
  });
  afterEach(async () => {
    await stub.stop();
    temp.remove();
  });

  it('maps an email to the active human member who has it, with their zone', async () => {
    const found = await directory().resolve([byEmail('Ana@acme.test')]);
    expect(found).toEqual(new Map([['ana@acme.test', { userId: 'UANA', timezone: 'America/New_York' }]]));
    expect(stub.callsTo('users.lookupByEmail').map((c) => c.params.email)).toEqual(['ana@acme.test']);
  });

  it('says why an email maps to nobody: unknown, deactivated, or a bot', async () => {
    const found = await directory().resolve([
      byEmail('nobody@acme.test'),
      byEmail('old@acme.test'),
      byEmail('bot@acme.test'),
    ]);
    expect(found).toEqual(
      new Map([
        ['nobody@acme.test', { userId: null, reason: 'no Slack member has this email' }],
        ['old@acme.test', { userId: null, reason: 'deactivated in Slack' }],
        ['bot@acme.test', { userId: null, reason: 'a bot, not a person' }],
      ]),
    );
  });

  it('asks once per distinct email, and not again while the answer is fresh', async () => {
    await directory().resolve([byEmail('ana@acme.test'), byEmail('ANA@acme.test'), byEmail('nobody@acme.test')]);
    expect(stub.callsTo('users.lookupByEmail')).toHaveLength(2);

    clock.now = NOW + 59 * MINUTE_MS;
    const again = await directory().resolve([byEmail('ana@acme.test'), byEmail('nobody@acme.test')]);
    expect(stub.callsTo('users.lookupByEmail')).toHaveLength(2);
    expect(again.get('nobody@acme.test')).toEqual({ userId: null, reason: 'no Slack member has this email' });
    // A cached match takes its zone from the rep's row, which the app keeps fresh.
    saveRepProfile(temp.db, TEAM, 'UANA', { slackTimezone: 'Europe/Lisbon', isSlackAdmin: false, fetchedAt: NOW });
    expect((await directory().resolve([byEmail('ana@acme.test')])).get('ana@acme.test')).toEqual({
      userId: 'UANA',
      timezone: 'Europe/Lisbon',
    });
  });

  it('asks again about a miss after an hour, and about a match after a day', async () => {
    await directory().resolve([byEmail('ana@acme.test'), byEmail('nobody@acme.test')]);
    stub.users.set('UNEW', { tz: 'UTC', profile: { email: 'nobody@acme.test' } });

    clock.now = NOW + OWNER_MISS_TTL_MS;
    const later = await directory().resolve([byEmail('ana@acme.test'), byEmail('nobody@acme.test')]);
    expect(stub.callsTo('users.lookupByEmail').map((c) => c.params.email)).toEqual([
      'ana@acme.test',
      'nobody@acme.test',
      'nobody@acme.test',
    ]);
    expect(later.get('nobody@acme.test')).toEqual({ userId: 'UNEW', timezone: 'UTC' });

    clock.now = NOW + OWNER_MATCH_TTL_MS;
    await directory().resolve([byEmail('ana@acme.test')]);
    expect(stub.callsTo('users.lookupByEmail')).toHaveLength(4);
  });

  it('matches an owner with only a name on members’ full or display names, over every page of users.list', async () => {
    // 250 members: users.list answers 200 at a time, so Dee, added last, is on the second page.
    for (let i = 0; i < 247; i++) stub.users.set(`UFILL${i}`, { profile: { real_name: `Filler ${i}` } });
    stub.users.set('UDEE', { tz: 'Europe/Berlin', profile: { real_name: 'Dee Park', display_name: 'dee' } });
    const found = await directory().resolve([byName('dee   PARK'), byName('Dee'), byName('Old Rep'), byName('Zed')]);
    expect(found).toEqual(
      new Map([
        ['name:dee park', { userId: 'UDEE', timezone: 'Europe/Berlin' }],
        ['name:dee', { userId: 'UDEE', timezone: 'Europe/Berlin' }],
        ['name:old rep', { userId: null, reason: 'deactivated in Slack' }],
        ['name:zed', { userId: null, reason: 'no Slack member has this name' }],
      ]),
    );
    const pages = stub.callsTo('users.list');
    expect(pages).toHaveLength(2);
    expect(pages[1]?.params.cursor).toBeTruthy();
  });

  it('leaves a name two members share unmapped, and says so', async () => {
    stub.users.set('USAM1', { profile: { real_name: 'Sam Lee' } });
    stub.users.set('USAM2', { profile: { real_name: 'Sam  Lee', display_name: 'sam.l' } });
    const found = await directory().resolve([byName('Sam Lee')]);
    expect(found.get('name:sam lee')).toEqual({
      userId: null,
      reason: "2 Slack members share this name: give the owner's email instead",
    });
  });

  it('turns a missing users:read.email scope into the reason for every owner, without a crash or a cache entry', async () => {
    stub.on('users.lookupByEmail', () => ({
      body: {
        ok: false,
        error: 'missing_scope',
        needed: 'users:read.email',
        provided: 'commands,chat:write,users:read',
      },
    }));
    const found = await directory().resolve([byEmail('ana@acme.test'), byEmail('bo@acme.test')]);
    const reason = 'the Slack app lacks the users:read.email scope: reinstall it';
    expect(found).toEqual(
      new Map([
        ['ana@acme.test', { userId: null, reason, unanswered: true }],
        ['bo@acme.test', { userId: null, reason, unanswered: true }],
      ]),
    );
    // One refusal is enough to know: the second owner is not asked about.
    expect(stub.callsTo('users.lookupByEmail')).toHaveLength(1);
    expect(cachedOwners(temp.db, TEAM, ['ana@acme.test', 'bo@acme.test'])).toEqual([]);
  });
});
