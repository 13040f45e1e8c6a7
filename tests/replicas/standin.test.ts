/**
 * The multi-workspace stand-in answers as Slack's Web API does, through the app's own client (@slack/web-api): the
 * workspace by its token, 429 with Retry-After over the per-workspace post limit, the history the exactly-once
 * recovery searches, and a count per (workspace, member, kind, date).
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultiWorkspaceStandin } from '../support/multi-workspace-standin.js';

const ONE = { teamId: 'T0001', botToken: 'xoxb-one', botUserId: 'UBOT1' };
const TWO = { teamId: 'T0002', botToken: 'xoxb-two', botUserId: 'UBOT2' };

describe('multi-workspace Web API stand-in', () => {
  /** The stand-in's clock, moved by the tests: the rate limit never depends on how fast the machine is. */
  let now = 1_000_000;
  const standin = new MultiWorkspaceStandin({ rateLimit: { postsPerSecond: 2, burst: 3 }, now: () => now });
  const client = (token: string) =>
    new WebClient(token, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

  beforeAll(async () => {
    await standin.start();
    standin.addWorkspace(ONE);
    standin.addWorkspace(TWO);
  });
  afterAll(() => standin.stop());

  const post = (token: string, channel: string, key: string) =>
    client(token).chat.postMessage({
      channel,
      text: 'Check-in',
      metadata: { event_type: 'focus_coach_send', event_payload: { key } },
    });

  it('knows each workspace by its token, and refuses an unknown one', async () => {
    expect(await client(TWO.botToken).auth.test()).toMatchObject({ ok: true, team_id: 'T0002', user_id: 'UBOT2' });
    await expect(client('xoxb-nobody').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('limits posts per workspace with 429 and Retry-After, and counts what it delivered', async () => {
    const dm = (await client(ONE.botToken).conversations.open({ users: 'UA' })).channel?.id as string;
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      await post(ONE.botToken, dm, `T0001:UA:checkin:${day}`);
    }
    await expect(post(ONE.botToken, dm, 'T0001:UA:checkin:2026-12-04')).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
    });
    // The other workspace has its own limit; after half a second (2 a second) the first may post again.
    await post(TWO.botToken, dm, 'T0002:UA:checkin:2026-12-04');
    now += 500;
    await post(ONE.botToken, dm, 'T0001:UA:checkin:2026-12-04');

    expect(standin.rateLimited.get('T0001')).toBe(1);
    expect(standin.postCount('T0001', 'UA', 'checkin', '2026-12-01')).toBe(1);
    expect(standin.postCount('T0001', 'UA', 'checkin', '2026-12-04')).toBe(1);
    expect(standin.postCount('T0002', 'UA', 'checkin', '2026-12-04')).toBe(1);
    expect(standin.crossWorkspace).toEqual([]);
  });

  it('keeps each workspace’s history apart, newest first, paged, with metadata only when asked for', async () => {
    now += 10_000;
    const history = (token: string, extra: Record<string, unknown>) =>
      client(token).conversations.history({ channel: 'DUA', limit: 2, ...extra });
    const first = await history(ONE.botToken, { include_all_metadata: true });
    expect(first.messages?.map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key)).toEqual([
      'T0001:UA:checkin:2026-12-04',
      'T0001:UA:checkin:2026-12-03',
    ]);
    expect(first.has_more).toBe(true);
    const rest = await history(ONE.botToken, { cursor: first.response_metadata?.next_cursor });
    expect(rest.messages).toHaveLength(2);
    expect(rest.messages?.every((m) => m.metadata === undefined)).toBe(true);
    expect(rest.has_more).toBe(false);
    expect((await history(TWO.botToken, {})).messages).toHaveLength(1);
  });
});
