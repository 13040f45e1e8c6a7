import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BOT_TOKEN } from '../support/harness.js';
import { exited, postFocus, processFixture, runTs, waitForHealthy } from '../support/process.js';

describe('the server as an operator runs it', () => {
  const fixture = processFixture();

  it('exits with a message naming what to set when Slack credentials are missing', async () => {
    const { temp } = fixture;
    const child = runTs('src/index.ts', [], { DATABASE_PATH: temp.path });
    expect(await exited(child)).toBe(1);
    expect(child.output()).toContain('SLACK_BOT_TOKEN is required');
    expect(child.output()).toContain('SLACK_SIGNING_SECRET is required in HTTP mode');
  });

  it('survives kill -9 with every acknowledged record intact', async () => {
    const { stub, temp } = fixture;
    const { server: first, url, env } = await fixture.startServer();
    const focus = async (text: string) => {
      const res = await postFocus(url, stub, text);
      expect(res.status).toBe(200);
      return res.json();
    };

    await focus('quota 120k quarter');
    await focus('won 30k Acme Corp');
    await focus('opp 45k Globex');
    const card = await focus('');
    // 120,000 − 30,000 = 90,000 to go; 30,000 / 120,000 = 25% won
    expect(card.text).toContain('$90,000 to go of your $120,000 quota (25% won)');
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
      expect(again.text).toContain('$90,000 to go of your $120,000 quota (25% won)');
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
