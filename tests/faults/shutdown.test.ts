/**
 * SIGTERM to the real server: the requests in flight finish (a /focus still gets its
 * reply, a DM already acknowledged is still handled and answered), then the database is
 * closed (the WAL checkpointed into the file) and the process exits 0.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { exited, postDm, postFocus, processFixture } from '../support/process.js';

/**
 * users.info answers this late, per rep: under the app's 1-second wait for a first profile,
 * so the work waits for it. The DM's work outlasts the /focus request (and so the HTTP server).
 */
const SLOW_MS: Record<string, number> = { UCMD1: 400, UDM1: 900 };
/** One connection per request, so an idle keep-alive connection never holds the server's close. */
const CLOSE = { headers: { connection: 'close' } };

describe('SIGTERM', () => {
  const fixture = processFixture([]);

  beforeAll(() => {
    fixture.stub.on('users.info', async (params) => {
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS[String(params.user)] ?? 0));
      return { body: { ok: true, user: { id: params.user, tz: 'America/Los_Angeles' } } };
    });
  });

  it('finishes the /focus and the DM in flight, closes the database and exits 0', async () => {
    const { stub, temp } = fixture;
    const { server, url } = await fixture.startServer({ logLevel: 'info' });

    // First contact for both reps: each waits for users.info before doing anything else.
    const command = postFocus(url, stub, 'won 30k Acme Corp', { user: 'UCMD1', ...CLOSE });
    const dm = await postDm(
      url,
      { user: 'UDM1', text: 'log call 3 Initech', eventId: 'EvShutdown1', ts: '1764607500.000100' },
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
