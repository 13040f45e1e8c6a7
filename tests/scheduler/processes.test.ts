import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTeamChannel } from '../../src/db/teams.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { exited, runCli } from '../support/process.js';
import { seedRepsWithQuotas } from '../support/seed.js';
import { SlackStub } from '../support/slack-stub.js';

describe('cli tick from two processes on one database file', () => {
  let stub: SlackStub;
  let store: TempStorage;

  beforeAll(async () => {
    stub = await new SlackStub().start();
    // A slow Slack widens the window in which two passes could both think a send is theirs.
    stub.on('chat.postMessage', async (params) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { body: { ok: true, channel: params.channel, ts: `17000000${Math.random().toFixed(6).slice(2)}.0001` } };
    });
    store = tempStorage();
    seedRepsWithQuotas(store.db, { count: 12, quarterOf: '2026-12-01' });
    setTeamChannel(store.db, 'T1', 'C0SALES');
    store.close();
  });
  afterAll(async () => {
    await stub.stop();
    store.remove();
  });

  const tick = (now: string) => runCli(['tick', '--now', now], { stub, databasePath: store.path, logLevel: 'error' });

  it('sends each check-in exactly once, and prints one JSON line per send', async () => {
    // Tuesday 08:45 Pacific.
    const [a, b] = [tick('2026-12-01T08:45:00-08:00'), tick('2026-12-01T08:45:00-08:00')];
    expect(await exited(a)).toBe(0);
    expect(await exited(b)).toBe(0);
    const dms = stub.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D'));
    expect(dms).toHaveLength(12);
    expect(new Set(dms.map((c) => c.params.channel)).size).toBe(12);
    // Each rep's Home tab was republished once, by whichever process sent the check-in.
    expect(new Set(stub.callsTo('views.publish').map((c) => c.params.user_id)).size).toBe(12);
    expect(stub.callsTo('views.publish')).toHaveLength(12);
    const lines = [...a.output().trim().split('\n'), ...b.output().trim().split('\n')].filter(Boolean);
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ kind: 'checkin', team: 'T1', period: '2026-12-01', status: 'sent' });
    }
  });

  it('posts the weekly progress once from two processes, and a repeated tick posts nothing', async () => {
    // Monday 09:10 Eastern (the team's default zone).
    const [a, b] = [tick('2026-12-07T09:10:00-05:00'), tick('2026-12-07T09:10:00-05:00')];
    expect([await exited(a), await exited(b)]).toEqual([0, 0]);
    const top = () =>
      stub.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0SALES' && !c.params.thread_ts);
    expect(top()).toHaveLength(1);
    const again = tick('2026-12-07T09:15:00-05:00');
    expect(await exited(again)).toBe(0);
    expect(top()).toHaveLength(1);
    expect(again.output().trim()).toBe('');
  });

  it('refuses an instant without an offset', async () => {
    const child = tick('2026-12-01T08:45');
    expect(await exited(child)).toBe(2);
    expect(child.output()).toContain('--now takes an ISO instant with its offset');
  });
});
