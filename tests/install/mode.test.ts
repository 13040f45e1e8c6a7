import { WebClient } from '@slack/web-api';
import { expect, it } from 'vitest';
import { loadWebApiConfig } from '../../src/config.js';
import { openDistribution, teamClients } from '../../src/install/mode.js';
import { JsonLogger } from '../../src/logger.js';
import { describeBackends } from '../contract/backends.js';
import { KEY_A, NOW, workspaceInstallation } from './support.js';

const logger = new JsonLogger('error', { sink: () => undefined });
/** The install settings as loadWebApiConfig reads them (spread over a parsed config, whichever mode it parsed). */
const INSTALL = {
  SLACK_CLIENT_ID: '1234567890.0987654321',
  SLACK_CLIENT_SECRET: 'client-secret-abc',
  SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-characters',
  TOKEN_ENCRYPTION_KEY: KEY_A,
};

describeBackends('the Slack mode', (use) => {
  it('single-workspace: no distribution, every team gets the bot token’s one client', async () => {
    const store = use();
    const config = loadWebApiConfig({ SLACK_BOT_TOKEN: 'xoxb-0-0-single' });
    const distribution = openDistribution(config, { store, logger, clock: () => NOW });
    expect(distribution).toBeNull();
    const clients = teamClients(distribution, config.SLACK_BOT_TOKEN, (token) => new WebClient(token));
    const one = await clients.clientFor('T0001');
    expect(one.token).toBe('xoxb-0-0-single');
    expect(await clients.clientFor('T0002')).toBe(one);
  });

  it('distributed: the installation store behind Bolt’s options and each team’s client', async () => {
    const store = use();
    const config = {
      ...loadWebApiConfig({ SLACK_BOT_TOKEN: 'xoxb-0-0-single' }),
      ...INSTALL,
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    };
    const distribution = openDistribution(
      { ...config, PUBLIC_URL: 'https://coach.example.com' },
      {
        store,
        logger,
        clock: () => NOW,
      },
    );
    expect(distribution?.oauth.receiver).toMatchObject({
      clientId: INSTALL.SLACK_CLIENT_ID,
      redirectUri: 'https://coach.example.com/slack/oauth_redirect',
      installationStore: distribution?.installations,
    });
    await distribution?.installations.storeInstallation(workspaceInstallation('T0001', 'xoxb-1-own'));
    const clients = teamClients(distribution, undefined, (token) => new WebClient(token));
    expect((await clients.clientFor('T0001')).token).toBe('xoxb-1-own');
    await expect(clients.clientFor('T0002')).rejects.toThrow('Focus Coach is not installed in workspace T0002');
  });
});
