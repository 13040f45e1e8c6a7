import { describe, expect, it } from 'vitest';
import { membershipOf, type SlackUserFacts } from '../../src/slack/membership.js';
import { stubAppAuthorizingUser, stubBotUser, stubDeletedUser } from '../support/slack-stub.js';

const profile = { slackTimezone: 'America/New_York', isSlackAdmin: false };

describe('membershipOf: who may carry a quota, from users.info', () => {
  it.each<[string, SlackUserFacts | undefined, string]>([
    ['a member', { id: 'U1', deleted: false, is_bot: false, is_app_user: false }, 'ok'],
    ['a member whose false flags Slack left out', { id: 'U1' }, 'ok'],
    ['a person who authorized the app (is_app_user)', { id: 'U1', ...stubAppAuthorizingUser() }, 'ok'],
    ['a guest', { id: 'U1', is_restricted: false } as SlackUserFacts, 'ok'],
    ['an app’s bot user', { id: 'U1', ...stubBotUser() }, 'bot'],
    ['a bot flagged only by its profile’s bot_id', { id: 'U1', profile: { bot_id: 'B1' } }, 'bot'],
    ['a workflow bot', { id: 'U1', is_workflow_bot: true }, 'bot'],
    ['Slackbot, whose is_bot is false', { id: 'USLACKBOT', is_bot: false }, 'bot'],
    ['a deactivated member', { id: 'U1', ...stubDeletedUser() }, 'deleted'],
    ['a deactivated bot', { id: 'U1', deleted: true, is_bot: true }, 'deleted'],
    ['someone from another workspace', { id: 'U1', is_stranger: true }, 'stranger'],
    ['no user in the answer', undefined, 'not_found'],
  ])('%s', (_name, user, expected) => {
    const verdict = membershipOf(user, user?.id ?? 'U1', profile);
    expect(verdict.ok ? 'ok' : verdict.reason).toBe(expected);
    if (verdict.ok) expect(verdict.profile).toBe(profile);
  });

  it('refuses Slackbot by the ID asked for, even when the answer has no id', () => {
    expect(membershipOf({ is_bot: false }, 'USLACKBOT', profile)).toEqual({ ok: false, reason: 'bot' });
  });
});
