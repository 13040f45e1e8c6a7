/**
 * SIGTERM to the real server: the requests in flight finish (a /focus still gets its
 * reply, a DM already acknowledged is still handled and answered), then the database is
 * closed (the WAL checkpointed into the file) and the process exits 0.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStorage } from '../support/db.js';
import { BOT_TOKEN, postSigned, SIGNING_SECRET } from '../support/harness.js';
import { exited, freePort, runTs, waitForHealthy } from '../support/process.js';
import { SlackStub } from '../support/slack-stub.js';

/**
 * users.info answers this late, per rep: under the app's 1-second wait for a first profile,
 * so the work waits for it. The DM's work outlasts the /focus request (and so the HTTP server).
 */
const SLOW_MS: Record<string, number> = { UCMD1: 400, UDM1: 900 };
/** One connection per request, so an idle keep-alive connection never holds the server's close. */
const CLOSE = { headers: { connection: 'close' } };

describe('SIGTERM', () => {
  let stub: SlackStub;
  let temp: ReturnType<typeof tempStorage>;
  let server: ChildProcess & { output: () => string };

  beforeAll(async () => {
    stub = await new SlackStub().start();
    stub.on('users.info', async (params) => {
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS[String(params.user)] ?? 0));
      return { body: { ok: true, user: { id: params.user, tz: 'America/Los_Angeles' } } };
    });
    temp = tempStorage();
    temp.close();
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await stub.stop();
    temp.remove();
  });

  it('finishes the /focus and the DM in flight, closes the database and exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = runTs('src/index.ts', [], {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: stub.apiUrl,
      DATABASE_PATH: temp.path,
      PORT: String(port),
      SCHEDULER: 'off',
      LOG_LEVEL: 'info',
    });
    await waitForHealthy(url);

    // First contact for both reps: each waits for users.info before doing anything else.
    const command = postSigned(
      `${url}/slack/events`,
      new URLSearchParams({
        command: '/focus',
        text: 'won 30k Acme Corp',
        team_id: 'T1',
        user_id: 'UCMD1',
        channel_id: 'C1',
        response_url: stub.responseUrl(),
        trigger_id: '1.2.3',
      }).toString(),
      'application/x-www-form-urlencoded',
      CLOSE,
    );
    const dm = await postSigned(
      `${url}/slack/events`,
      JSON.stringify({
        team_id: 'T1',
        api_app_id: 'A_FOCUS',
        type: 'event_callback',
        event_id: 'EvShutdown1',
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'message',
          channel: 'DUDM1',
          user: 'UDM1',
          text: 'log call 3 Initech',
          ts: '1764607500.000100',
          channel_type: 'im',
        },
      }),
      'application/json',
      CLOSE,
    );
    // Slack has its acknowledgment for the DM; the work behind it has only begun.
    expect(dm.status).toBe(200);
    await stub.waitFor((calls) => calls.filter((call) => call.method === 'users.info').length === 2);
    server.kill('SIGTERM');

    const reply = await command;
    expect(reply.status).toBe(200);
    expect(reply.json().text).toContain('Won $30,000 with Acme Corp');
    expect(await exited(server)).toBe(0);
    expect(server.output()).toContain('SIGTERM: stopping');
    expect(server.output()).not.toMatch(/not open|error/i);

    const dmReplies = stub.callsTo('chat.postMessage').filter((call) => call.params.channel === 'DUDM1');
    expect(dmReplies.map((call) => String(call.params.text))).toEqual([expect.stringContaining('Logged 3 calls')]);

    // Closed cleanly: the WAL was checkpointed into the file and removed.
    expect(existsSync(`${temp.path}-wal`)).toBe(false);
    const db = new Database(temp.path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('select user_id, amount_cents, status from deals').all()).toEqual([
        { user_id: 'UCMD1', amount_cents: 3_000_000, status: 'won' },
      ]);
      expect(db.prepare('select user_id, kind, count from activities').all()).toEqual([
        { user_id: 'UDM1', kind: 'call', count: 3 },
      ]);
    } finally {
      db.close();
    }
  });
});
