/**
 * The CLI and the server on one database file at once: `cli seed` (one long write
 * transaction), `cli tick` passes (claims in immediate transactions) and `cli export`
 * (a read transaction) while the server takes /focus and DM writes. WAL and the busy
 * timeout must absorb all of it: no request may end in the internal-error reply, and
 * nothing about SQLITE_BUSY may reach a rep.
 */
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { exited, postDm, postFocus, processFixture, type RunningProcess } from '../support/process.js';

/** Reps with a quota, so the ticks have check-ins to claim and send. */
const REPS = ['UREP1', 'UREP2', 'UREP3', 'UREP4'];
/** Reps who only write in the DM (no quota: no check-in waits for their answer, so a message is a command). */
const DM_REPS = ['UDM1', 'UDM2'];
const WENT_WRONG = /went wrong|SQLITE|locked|busy/i;
/** Tuesday 2026-06-02 08:45 in Los Angeles (PDT): the reps' check-ins are due. */
const TICK_AT = '2026-06-02T08:45:00-07:00';

describe('the CLI and the server writing the same file at once', () => {
  const fixture = processFixture([...REPS, ...DM_REPS]);
  let server: RunningProcess;
  let url: string;

  beforeAll(async () => {
    ({ server, url } = await fixture.startServer({ logLevel: 'warn' }));
  });

  const focus = (user: string, text: string) => postFocus(url, fixture.stub, text, { user });
  let eventSeq = 0;
  const dm = (user: string, text: string) => {
    const seq = ++eventSeq;
    return postDm(url, { user, text, eventId: `EvShared${seq}`, ts: `1764607500.${seq}` });
  };

  const cli = (args: string[]) => fixture.runCli(args, 'error');

  it('answers every /focus and DM while cli seed, tick and export run, with nothing about SQLITE_BUSY', async () => {
    const { stub, temp } = fixture;
    for (const user of REPS) expect((await focus(user, 'quota 120k quarter')).status).toBe(200);

    // The pass's instant is months before today's date, so its check-ins never wait for an answer to a DM here.
    const tick = cli(['tick', '--now', TICK_AT]);
    const tools = [
      cli(['seed', '--reps', '100', '--days', '365', '--team', 'TSEED', '--now', '2026-06-01T12:00:00Z']),
      tick,
      cli(['export', '--format', 'json', '--team', 'T1']),
    ];
    let running = true;
    const done = Promise.all(tools.map((child) => exited(child))).finally(() => {
      running = false;
    });

    const replies: string[] = [];
    const latencies: number[] = [];
    let dmCount = 0;
    const timed = async (send: () => ReturnType<typeof focus>) => {
      // A steady stream, not a flood: the CLI processes share the machine's two cores.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const started = Date.now();
      const res = await send();
      latencies.push(Date.now() - started);
      expect(res.status).toBe(200);
      return res;
    };
    const commands = async (user: string) => {
      for (let i = 0; running || i < 3; i++) {
        replies.push(String((await timed(() => focus(user, 'log call 1 Acme'))).json().text));
      }
    };
    const messages = async (user: string) => {
      for (let i = 0; running || i < 3; i++) {
        await timed(() => dm(user, 'log email 1 Initech'));
        dmCount++;
      }
    };
    await Promise.all([...REPS.map(commands), ...DM_REPS.map(messages)]);
    expect(await done).toEqual([0, 0, 0]);
    for (const tool of tools) expect(tool.output()).not.toMatch(WENT_WRONG);

    // DMs are acknowledged before they are handled: wait for every reply.
    const dmReplies = () =>
      stub.callsTo('chat.postMessage').filter((c) => String(c.params.text).startsWith('Logged 1 email with Initech'));
    await stub.waitFor(() => dmReplies().length === dmCount, 10_000);

    expect(replies.length).toBeGreaterThan(10);
    for (const reply of replies) {
      expect(reply).toContain('Logged 1 call with Acme');
      expect(reply).not.toMatch(WENT_WRONG);
    }
    for (const call of stub.callsTo('chat.postMessage')) expect(String(call.params.text)).not.toMatch(WENT_WRONG);
    // Slack gives up on an acknowledgment after 3 seconds; a wait for the lock must stay well inside that.
    expect(Math.max(...latencies)).toBeLessThan(3000);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);

    const db = new Database(temp.path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (kind: string) =>
        (
          db.prepare("select count(*) as n from activities where team_id = 'T1' and kind = ?").get(kind) as {
            n: number;
          }
        ).n;
      expect(count('call')).toBe(replies.length);
      expect(count('email')).toBe(dmCount);
      expect(db.prepare("select count(*) as n from reps where team_id = 'TSEED'").get()).toEqual({ n: 100 });
      // The pass claimed and sent each of its check-ins once, and recorded each as sent.
      const sends = tick
        .output()
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { status: string; team: string; recipient: string; period: string });
      expect(sends.filter((send) => send.team === 'T1').map((send) => send.recipient)).toEqual(
        expect.arrayContaining(REPS),
      );
      for (const send of sends) expect(send).toMatchObject({ kind: 'checkin', status: 'sent', period: '2026-06-02' });
      const recorded = db.prepare("select count(*) as n from scheduled_sends where status = 'sent'").get();
      expect(recorded).toEqual({ n: sends.length });
    } finally {
      db.close();
    }
  });
});
