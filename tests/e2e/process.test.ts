import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStorage } from '../support/db.js';
import { BOT_TOKEN, postSigned, SIGNING_SECRET } from '../support/harness.js';
import { exited, freePort, runTs, waitForHealthy } from '../support/process.js';
import { SlackStub } from '../support/slack-stub.js';

describe('the server as an operator runs it', () => {
  let stub: SlackStub;
  let temp: ReturnType<typeof tempStorage>;

  beforeAll(async () => {
    stub = await new SlackStub().start();
    stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    temp = tempStorage();
    temp.close();
  });
  afterAll(async () => {
    await stub.stop();
    temp.remove();
  });

  it('exits with a message naming what to set when Slack credentials are missing', async () => {
    const child = runTs('src/index.ts', [], { DATABASE_PATH: temp.path });
    expect(await exited(child)).toBe(1);
    expect(child.output()).toContain('SLACK_BOT_TOKEN is required');
    expect(child.output()).toContain('SLACK_SIGNING_SECRET is required in HTTP mode');
  });

  it('survives kill -9 with every acknowledged record intact', async () => {
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: stub.apiUrl,
      DATABASE_PATH: temp.path,
      PORT: String(port),
      SCHEDULER: 'off',
    };
    const url = `http://127.0.0.1:${port}`;
    const focus = async (text: string) => {
      const body = new URLSearchParams({
        command: '/focus',
        text,
        team_id: 'T1',
        user_id: 'UREP1',
        channel_id: 'C1',
        response_url: stub.responseUrl(),
        trigger_id: '1.2.3',
      }).toString();
      const res = await postSigned(`${url}/slack/events`, body, 'application/x-www-form-urlencoded');
      expect(res.status).toBe(200);
      return res.json();
    };

    const first = runTs('src/index.ts', [], env);
    await waitForHealthy(url);
    await focus('quota 120k quarter');
    await focus('won 30k Acme Corp');
    await focus('opp 45k Globex');
    const card = await focus('');
    expect(card.text).toContain('$90,000 gap to your $120,000 quota (25% won)');
    first.kill('SIGKILL');
    await exited(first);

    const db = new Database(temp.path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('select amount_cents, status from deals order by id').all()).toEqual([
      { amount_cents: 3_000_000, status: 'won' },
      { amount_cents: 4_500_000, status: 'open' },
    ]);
    db.close();

    // The restart runs the scheduler too: SIGTERM must still stop it cleanly.
    const second = runTs('src/index.ts', [], { ...env, SCHEDULER: 'on' });
    try {
      await waitForHealthy(url);
      const again = await focus('');
      expect(again.text).toContain('$90,000 gap to your $120,000 quota (25% won)');
      expect(JSON.stringify(again.blocks)).toContain('$45,000 in 1 deal');
    } finally {
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
    }
    expect(second.output()).not.toContain(BOT_TOKEN);
    expect(second.output()).toContain('scheduler on');
    expect(second.output()).toContain('SIGTERM: stopping');
  });
});
