import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadStorageConfig } from '../src/config.js';

const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh-0123456789' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(HTTP)).toMatchObject({
      PORT: 3000,
      DATABASE_PATH: './data/focus.db',
      SCHEDULER: 'on',
      DEFAULT_TIMEZONE: 'America/New_York',
      FOCUS_MANAGERS: [],
      LOG_LEVEL: 'info',
    });
  });

  it('names every missing credential at once, saying where it comes from', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SLACK_BOT_TOKEN is required: the bot token \(xoxb-…\)/);
    expect(problems[1]).toMatch(/^SLACK_SIGNING_SECRET is required in HTTP mode/);
  });

  it('treats empty strings as unset', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' })).toHaveLength(2);
  });

  it('needs no signing secret in Socket Mode', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' });
    expect(config.SLACK_APP_TOKEN).toBe('xapp-1-A1-2-abc');
  });

  it.each([
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'should be a bot token starting with xoxb-'],
    ['SLACK_APP_TOKEN', { SLACK_APP_TOKEN: 'xoxb-wrong' }, 'should be an app-level token starting with xapp-'],
    ['SLACK_API_URL', { SLACK_API_URL: 'not a url' }, 'should be a URL'],
    ['PORT', { PORT: '70000' }, 'should be a port number from 0 to 65535'],
    ['PORT', { PORT: 'eighty' }, 'should be a port number from 0 to 65535'],
    ['SCHEDULER', { SCHEDULER: 'maybe' }, 'should be on or off'],
    ['DEFAULT_TIMEZONE', { DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'should be an IANA time zone'],
    ['FOCUS_MANAGERS', { FOCUS_MANAGERS: 'U01, bob' }, 'Slack user IDs look like U012ABCDEF'],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'should be one of debug, info, warn, error'],
  ])('refuses a bad %s with a message naming it', (variable, bad, message) => {
    const problems = problemsOf({ ...HTTP, ...bad });
    expect(problems.some((p) => p.startsWith(variable) && p.includes(message))).toBe(true);
  });

  it('parses FOCUS_MANAGERS as a trimmed list of user IDs', () => {
    expect(loadConfig({ ...HTTP, FOCUS_MANAGERS: ' U012ABC ,W0999,,' }).FOCUS_MANAGERS).toEqual(['U012ABC', 'W0999']);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig(HTTP))).toBe(true);
  });
});

describe('loadStorageConfig', () => {
  it('needs no Slack credentials', () => {
    expect(loadStorageConfig({ DATABASE_PATH: '/tmp/x.db' }).DATABASE_PATH).toBe('/tmp/x.db');
  });
});
