import { describe, expect, it } from 'vitest';
import { ConfigError, crmSecrets, loadConfig, loadStorageConfig, loadWebApiConfig } from '../src/config.js';
import { crmSourceKinds } from '../src/crm/sources.js';

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

describe('the CRM settings', () => {
  const SALESFORCE = {
    SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com',
    SALESFORCE_CLIENT_ID: '3MVG9-consumer-key',
    SALESFORCE_CLIENT_SECRET: 'salesforce-consumer-secret',
  };

  it('leaves every CRM off by default, with the documented defaults', () => {
    const config = loadConfig(HTTP);
    expect(config).toMatchObject({
      HUBSPOT_ICP_PROPERTY: 'hs_ideal_customer_profile',
      HUBSPOT_ICP_VALUES: ['tier_1', 'tier_2'],
      CRM_SYNC_MINUTES: 15,
    });
    expect(config.HUBSPOT_TOKEN).toBeUndefined();
    expect(config.SALESFORCE_ICP_VALUES).toBeUndefined();
    expect(crmSourceKinds(config)).toEqual([]);
  });

  it('reads both CRMs, their ICP settings and the interval, in the server and in the CLI', () => {
    const env = {
      ...HTTP,
      ...SALESFORCE,
      HUBSPOT_TOKEN: 'pat-na1-0000',
      HUBSPOT_API_URL: 'http://127.0.0.1:9999',
      HUBSPOT_ICP_VALUES: ' tier_1 ,, strategic',
      SALESFORCE_ICP_FIELD: 'Fit__c',
      SALESFORCE_ICP_VALUES: 'A,B',
      CRM_SYNC_MINUTES: '60',
    };
    for (const config of [loadConfig(env), loadWebApiConfig(env)]) {
      expect(config).toMatchObject({
        HUBSPOT_ICP_VALUES: ['tier_1', 'strategic'],
        SALESFORCE_ICP_FIELD: 'Fit__c',
        SALESFORCE_ICP_VALUES: ['A', 'B'],
        CRM_SYNC_MINUTES: 60,
      });
      expect(crmSourceKinds(config)).toEqual(['hubspot', 'salesforce']);
      expect(crmSecrets(config)).toEqual(['pat-na1-0000', 'salesforce-consumer-secret']);
    }
  });

  it.each([
    ['CRM_SYNC_MINUTES', { CRM_SYNC_MINUTES: '0' }, 'should be a whole number of minutes from 1 to 1440'],
    ['CRM_SYNC_MINUTES', { CRM_SYNC_MINUTES: '1441' }, 'should be a whole number of minutes from 1 to 1440'],
    ['CRM_SYNC_MINUTES', { CRM_SYNC_MINUTES: '7.5' }, 'should be a whole number of minutes from 1 to 1440'],
    ['HUBSPOT_API_URL', { HUBSPOT_API_URL: 'api.hubapi' }, 'should be a URL'],
    ['SALESFORCE_LOGIN_URL', { ...SALESFORCE, SALESFORCE_LOGIN_URL: 'acme' }, 'should be your My Domain URL'],
  ])('refuses a bad %s with a message naming it', (variable, bad, message) => {
    const problems = problemsOf({ ...HTTP, ...bad });
    expect(problems.some((p) => p.startsWith(variable) && p.includes(message))).toBe(true);
  });

  it('wants the three Salesforce credentials together, naming the missing ones', () => {
    const { SALESFORCE_CLIENT_SECRET: _secret, SALESFORCE_CLIENT_ID: _id, ...urlOnly } = SALESFORCE;
    expect(problemsOf({ ...HTTP, ...urlOnly })).toEqual([
      expect.stringMatching(
        /^SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are required with the other Salesforce/,
      ),
    ]);
    const { SALESFORCE_CLIENT_SECRET: _only, ...noSecret } = SALESFORCE;
    expect(() => loadWebApiConfig({ SLACK_BOT_TOKEN: 'xoxb-1', ...noSecret })).toThrow(
      /SALESFORCE_CLIENT_SECRET is required with the other Salesforce settings/,
    );
  });
});
