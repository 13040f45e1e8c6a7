/**
 * Another process holds SQLite's write lock (a `cli seed`, a long pass): a write in a request path waits
 * for it without stopping the event loop (the server's busy timeout is short, and the write is retried
 * after yielding), so /healthz and everyone else are answered meanwhile; the write lands once the lock is
 * free, or, held past the budget, the request is answered like any internal error with nothing written.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabaseFile } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe('a write lock held by another connection', () => {
  let app: TestApp;
  let other: Database.Database;
  let remove: () => void;

  beforeEach(async () => {
    const temp = tempDatabaseFile();
    remove = () => temp.remove();
    app = await startTestApp({ databasePath: temp.path });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    // The rep's and the team's rows exist: the command below writes only its deal.
    expect((await app.command('quota 100k quarter')).status).toBe(200);
    other = new Database(temp.path);
  });
  afterEach(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await app.stop();
    remove();
  });

  const accepted = () => app.logLines.filter((line) => line.includes('Accepted a signed request')).length;
  const deals = () => app.storage.sqlite.prepare('select count(*) as n from deals').get();
  const activities = () => app.storage.sqlite.prepare('select count(*) as n from activities').get();

  it('keeps /healthz answering while /focus won and a DM wait, then saves both once it is released', async () => {
    other.exec('BEGIN IMMEDIATE');
    const before = accepted();
    let answered = false;
    const won = app.command('won 12k Initech').finally(() => {
      answered = true;
    });
    await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text: 'log call 2 Acme',
      ts: '1764514800.000100',
      channel_type: 'im',
    });
    // Both requests are in: from here they only wait for the lock.
    await app.stub.waitFor(() => accepted() >= before + 2);
    for (let i = 0; i < 5; i++) {
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
    }
    expect(answered).toBe(false);
    expect(deals()).toEqual({ n: 0 });
    expect(app.stub.callsTo('chat.postMessage')).toEqual([]);

    other.exec('ROLLBACK');
    const reply = await won;
    expect(reply.status).toBe(200);
    expect(reply.json().text).toContain('Won $12,000 with Initech');
    expect(deals()).toEqual({ n: 1 });
    await app.stub.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    expect(String(app.stub.callsTo('chat.postMessage')[0]?.params.text)).toContain('Logged 2 calls with Acme');
    expect(activities()).toEqual({ n: 1 });
  });

  it('answers like any internal error, with nothing written, when the lock outlasts the wait', async () => {
    other.exec('BEGIN IMMEDIATE');
    const reply = await app.command('won 12k Initech');
    expect(reply.status).toBe(200);
    expect(reply.json().text).toContain('Something went wrong on our side, and nothing was saved');
    other.exec('ROLLBACK');
    expect(deals()).toEqual({ n: 0 });
    expect(app.logLines.join('\n')).not.toContain('Initech');
    // The next request, with the lock free, goes through.
    expect((await app.command('won 12k Initech')).json().text).toContain('Won $12,000 with Initech');
  });
});
