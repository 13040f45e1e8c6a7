import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  distributedInstall,
  installSecrets,
  loadConfig,
  loadKeyConfig,
  loadWebApiConfig,
} from '../../src/config.js';
import { KEY_A, KEY_B } from './support.js';

const HTTP = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'shh-0123456789',
};
/** Distributed mode: no bot token, each workspace's comes from its installation. */
const DISTRIBUTED = { SLACK_SIGNING_SECRET: 'shh-0123456789' };
const INSTALL = {
  SLACK_CLIENT_ID: '1234567890.0987654321',
  SLACK_CLIENT_SECRET: 'client-secret-abc',
  SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-characters',
  TOKEN_ENCRYPTION_KEY: `k2:${KEY_B},k1:${KEY_A}`,
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the distributed-install settings', () => {
  it('are off unless set, with a 30-day purge grace', () => {
    const config = loadConfig(HTTP);
    expect(distributedInstall(config)).toBeNull();
    expect(config.PURGE_GRACE_DAYS).toBe(30);
  });

  it('read all four credentials together, the keyring parsed, the grace as given', () => {
    const config = loadConfig({
      ...DISTRIBUTED,
      ...INSTALL,
      PURGE_GRACE_DAYS: '7',
    });
    const install = distributedInstall(config);
    expect(install).toMatchObject({
      clientId: INSTALL.SLACK_CLIENT_ID,
      clientSecret: INSTALL.SLACK_CLIENT_SECRET,
      stateSecret: INSTALL.SLACK_STATE_SECRET,
      purgeGraceDays: 7,
    });
    expect(install?.keyring.current.id).toBe('k2');
    expect(installSecrets(config)).toEqual([
      INSTALL.SLACK_CLIENT_SECRET,
      INSTALL.SLACK_STATE_SECRET,
      INSTALL.TOKEN_ENCRYPTION_KEY,
    ]);
  });

  it('name the missing ones when only some are set, in the server and the CLI alike', () => {
    const partial = {
      ...DISTRIBUTED,
      SLACK_CLIENT_ID: INSTALL.SLACK_CLIENT_ID,
      SLACK_CLIENT_SECRET: 'x',
    };
    for (const load of [() => loadConfig(partial), () => loadWebApiConfig(partial)]) {
      expect(problemsOf(load)).toEqual([
        expect.stringMatching(
          /^SLACK_STATE_SECRET and TOKEN_ENCRYPTION_KEY are required with the other install settings .* or unset them all to run in one workspace with SLACK_BOT_TOKEN$/,
        ),
      ]);
    }
  });

  it('take the place of SLACK_BOT_TOKEN, which must then be unset', () => {
    expect(problemsOf(() => loadConfig({ ...HTTP, ...INSTALL }))).toEqual([
      'SLACK_BOT_TOKEN must be unset with SLACK_CLIENT_ID: each workspace’s bot token comes from its installation',
    ]);
    expect(loadWebApiConfig({ ...INSTALL }).SLACK_BOT_TOKEN).toBeUndefined();
    expect(problemsOf(() => loadWebApiConfig({}))).toEqual([
      expect.stringMatching(
        /^SLACK_BOT_TOKEN is required: .* set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY instead\)$/,
      ),
    ]);
  });

  it('refuse FOCUS_MANAGERS, which would make the people it lists managers of every installed workspace', () => {
    expect(problemsOf(() => loadConfig({ ...DISTRIBUTED, ...INSTALL, FOCUS_MANAGERS: 'U012ABCDEF' }))).toEqual([
      expect.stringMatching(/^FOCUS_MANAGERS must be unset with SLACK_CLIENT_ID: .*Slack admins and owners/),
    ]);
    expect(problemsOf(() => loadConfig({ ...HTTP, FOCUS_MANAGERS: 'U012ABCDEF' }))).toEqual([]);
  });

  it('need HTTP mode', () => {
    const problems = problemsOf(() =>
      loadConfig({
        ...DISTRIBUTED,
        ...INSTALL,
        SLACK_APP_TOKEN: 'xapp-1-A1-2-abc',
      }),
    );
    expect(problems).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN must be unset with SLACK_CLIENT_ID/)]);
  });

  it.each([
    ['SLACK_CLIENT_ID', { SLACK_CLIENT_ID: 'abc' }, 'should be the Client ID from Basic Information'],
    ['SLACK_STATE_SECRET', { SLACK_STATE_SECRET: 'short' }, 'should be at least 32 random characters'],
    ['TOKEN_ENCRYPTION_KEY', { TOKEN_ENCRYPTION_KEY: 'k1:tooshort' }, 'key 1 (k1): should be 32 bytes in base64'],
    ['PURGE_GRACE_DAYS', { PURGE_GRACE_DAYS: '-1' }, 'should be a whole number of days from 0 to 3650'],
  ])('refuse a bad %s with a message naming it', (variable, bad, message) => {
    const problems = problemsOf(() => loadConfig({ ...DISTRIBUTED, ...INSTALL, ...bad }));
    expect(problems.some((p) => p.startsWith(variable) && p.includes(message))).toBe(true);
  });

  it('give rotate-key its keys, and say how to make one when they are missing', () => {
    expect(loadKeyConfig({ TOKEN_ENCRYPTION_KEY: INSTALL.TOKEN_ENCRYPTION_KEY }).TOKEN_ENCRYPTION_KEY).toBe(
      INSTALL.TOKEN_ENCRYPTION_KEY,
    );
    expect(problemsOf(() => loadKeyConfig({}))).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is required: the keys, new first .*randomBytes\(32\)/),
    ]);
  });
});
