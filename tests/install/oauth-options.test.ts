import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseKeyring } from '../../src/install/crypto.js';
import { Installations } from '../../src/install/installation-store.js';
import { oauthReceiverOptions } from '../../src/install/oauth.js';
import { describeInstallFailure, installFailurePage, installSuccessPage } from '../../src/install/pages.js';
import { JsonLogger } from '../../src/logger.js';
import type { Store } from '../../src/storage/types.js';
import { KEY_A, orgInstallation, workspaceInstallation } from './support.js';

const logger = new JsonLogger('error', { sink: () => undefined });
const installations = new Installations({
  store: null as unknown as Store, // never called: only the options are built here
  keyring: parseKeyring(KEY_A),
  logger,
  clock: Date.now,
});
const base = { clientId: '1.2', clientSecret: 'secret', stateSecret: 'state', installations, logger };

describe('the receiver options', () => {
  it('by default use Slack’s own addresses, ask Slack for no redirect URL, and install directly', () => {
    const options = oauthReceiverOptions(base);
    expect(options.redirectUri).toBeUndefined();
    expect(options.installerOptions).toMatchObject({
      directInstall: true,
      installPath: '/slack/install',
      redirectUriPath: '/slack/oauth_redirect',
      stateVerification: true,
      clientOptions: { timeout: 10_000, retryConfig: { retries: 0 } },
    });
    expect(options.installerOptions.clientOptions?.slackApiUrl).toBeUndefined();
    expect(options.installerOptions.authorizationUrl).toBeUndefined();
    expect(options.installationStore).toBe(installations);
  });

  it('send the exchange and the consent page to SLACK_API_URL’s host, and the redirect to PUBLIC_URL', () => {
    const options = oauthReceiverOptions({
      ...base,
      apiUrl: 'https://slack-gov.com/api',
      publicUrl: 'https://coach.example.com/focus/',
    });
    expect(options.installerOptions.clientOptions?.slackApiUrl).toBe('https://slack-gov.com/api/');
    expect(options.installerOptions.authorizationUrl).toBe('https://slack-gov.com/oauth/v2/authorize');
    expect(options.redirectUri).toBe('https://coach.example.com/focus/slack/oauth_redirect');
  });
});

/** Enough of a ServerResponse to read what a page wrote. */
function pageResponse() {
  const written = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      written.status = status;
      written.headers = headers;
      return res;
    },
    end(body: string) {
      written.body = body;
    },
  };
  return { res: res as unknown as ServerResponse, written };
}

describe('the install pages', () => {
  it('say where the app was installed and how to start, escaping names', () => {
    const { res, written } = pageResponse();
    installSuccessPage(workspaceInstallation('T0001', 'xoxb-1-secret', 'R&D <Sales>'), res);
    expect(written.status).toBe(200);
    expect(written.headers['cache-control']).toBe('no-store');
    expect(written.body).toContain('installed in the workspace R&#38;D &#60;Sales&#62;');
    expect(written.body).toContain('slack://app?team=T0001&#38;id=A0FOCUS01');
    expect(written.body).not.toContain('xoxb');
    const org = pageResponse();
    installSuccessPage(orgInstallation('E0001', 'xoxb-9-secret'), org.res);
    expect(org.written.body).toContain('your Enterprise Grid organization Org E0001');
  });

  it.each([
    ['slack_oauth_invalid_state', undefined, 400, 'This installation link has expired or was not started here'],
    ['slack_oauth_missing_state', undefined, 400, 'This installation link has expired or was not started here'],
    ['slack_oauth_missing_code', undefined, 400, 'Slack did not send an authorization code'],
    [
      'slack_oauth_installer_authorization_error',
      'User cancelled the OAuth installation flow!',
      200,
      'Installation cancelled',
    ],
    [
      'slack_oauth_unknown_error',
      'An API error occurred: invalid_code',
      502,
      'Slack did not complete the installation',
    ],
  ])('tell the installer what %s means', (code, message, status, title) => {
    expect(describeInstallFailure({ code, message })).toMatchObject({ status, title });
    const { res, written } = pageResponse();
    installFailurePage({ code, message }, res);
    expect(written.status).toBe(status);
    expect(written.body).toContain(title);
  });
});
