/**
 * `cli sync` in process (src/crm/cli-sync.ts): what it prints, and when it fails. HubSpot here is a local
 * server that refuses every token as HubSpot does, 401 with its error body
 * (https://developers.hubspot.com/docs/api/error-handling: `status`, `message`, `correlationId`, `category`
 * INVALID_AUTHENTICATION; seen in https://github.com/HubSpot/hubspot-api-python/issues/211). The Slack side is
 * the stand-in (tests/support/slack-stub.ts): auth.test names the workspace, as
 * https://docs.slack.dev/reference/methods/auth.test/ documents (`team_id`).
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../../src/crm/cli-sync.js';
import { openStorage } from '../../src/db/connection.js';
import { getCrmState, recentCrmRuns } from '../../src/db/crm.js';
import { closeLocal, listenLocal } from '../../src/playground/local-http.js';
import { type TempStorage, tempDatabaseFile } from '../support/db.js';
import { BOT_TOKEN } from '../support/harness.js';
import { SlackStub } from '../support/slack-stub.js';

const HUBSPOT_TOKEN = 'pat-na1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

let stub: SlackStub;
let temp: TempStorage;
let hubspot: { server: Server; port: number };
const hubspotPaths: string[] = [];

beforeAll(async () => {
  stub = await new SlackStub().start();
  temp = tempDatabaseFile();
  hubspot = await listenLocal(async (req) => {
    hubspotPaths.push(req.url ?? '');
    return {
      status: 401,
      body: {
        status: 'error',
        message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
        correlationId: 'a4bd1b2f-6f5e-4f33-9d43-6b1a2f1c1e55',
        category: 'INVALID_AUTHENTICATION',
      },
    };
  });
});

afterAll(async () => {
  await closeLocal(hubspot.server);
  await stub.stop();
  temp.remove();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: stub.apiUrl,
    DATABASE_PATH: temp.path,
    LOG_LEVEL: 'error',
    ...extra,
  };
}

async function run(args: string[], environment: NodeJS.ProcessEnv): Promise<{ lines: string[]; error: unknown }> {
  const lines: string[] = [];
  try {
    await syncCommand(args, (text) => lines.push(...text.split('\n').filter(Boolean)), environment);
    return { lines, error: null };
  } catch (error) {
    return { lines, error };
  }
}

describe('cli sync', () => {
  it('with no CRM configured, fails naming the variables to set, and touches nothing', async () => {
    const { lines, error } = await run([], env());
    expect(lines).toEqual([]);
    expect(error).toMatchObject({ name: 'SyncFailedError' });
    expect(String((error as Error).message)).toMatch(/HUBSPOT_TOKEN.*SALESFORCE_LOGIN_URL.*SALESFORCE_CLIENT_SECRET/s);
    expect(stub.callsTo('auth.test')).toHaveLength(0);
  });

  it('refuses an unknown flag', async () => {
    const { error } = await run(['--now'], env({ HUBSPOT_TOKEN: HUBSPOT_TOKEN }));
    expect((error as { code?: string }).code).toMatch(/^ERR_PARSE_ARGS/);
  });

  it('prints a refused token as a failed outcome with its fix, never the token, and fails', async () => {
    const configured = env({ HUBSPOT_TOKEN, HUBSPOT_API_URL: `http://127.0.0.1:${hubspot.port}` });
    const { lines, error } = await run([], configured);
    expect(hubspotPaths.length).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
    const outcome = JSON.parse(lines[0] ?? '{}');
    expect(outcome).toMatchObject({
      status: 'failed',
      source: 'hubspot',
      fix: expect.stringContaining('HUBSPOT_TOKEN'),
    });
    // The next attempt is an interval (15 minutes) after the failure.
    expect(Date.parse(outcome.nextAttemptAt)).toBeGreaterThan(Date.now());
    expect(error).toMatchObject({
      name: 'SyncFailedError',
      message: expect.stringContaining('HubSpot sync did not complete'),
    });
    expect(JSON.stringify(lines) + String((error as Error).message)).not.toContain(HUBSPOT_TOKEN);

    const storage = openStorage(temp.path);
    try {
      // The workspace is the bot token's (auth.test's team_id): T1 at the stand-in.
      expect(getCrmState(storage.db, 'T1', 'hubspot')).toMatchObject({ failures: 1, cursor: null });
      expect(recentCrmRuns(storage.db, 'T1', 'hubspot')).toMatchObject([{ status: 'failed', trigger: 'cli' }]);
    } finally {
      storage.close();
    }

    // Forced: it runs again at once, whatever the backoff says.
    const again = await run(['--dry-run'], configured);
    expect(JSON.parse(again.lines[0] ?? '{}')).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });
});
