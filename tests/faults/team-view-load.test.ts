/**
 * `/focus team` on a team of 2,000 reps must not stall the server: the team's facts are read a query at a time
 * and its figures made a hundred reps at a time, yielding to the event loop in between. Here /healthz is polled
 * every 50 ms while the view is computed, twice (a new minute computes it again), and every poll must come back;
 * how long anything took is the benchmark's business (npm run bench), not a verdict here. Two reps entered by
 * hand sort before the seeded ones, so their lines are among those the view shows, and are checked by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam } from '../../src/db/seed.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';

const SEEDED_REPS = 2000;
/** Wednesday 2026-12-02, 12:00 in New York and 09:00 in Los Angeles: before both reflections, so today is left. */
const NOW = Date.parse('2026-12-02T17:00:00Z');
const POLL_MS = 50;

describe('/focus team on a 2,000-rep team while /healthz is polled', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  beforeAll(async () => {
    temp = tempStorage();
    seedTeam(temp.sqlite, { teamId: TEAM, reps: SEEDED_REPS, days: 21, now: NOW, seed: 5 });
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: NOW });
    app.stub.users.set('U0ANN', { tz: 'America/New_York' });
    app.stub.users.set('U0BOB', { tz: 'America/Los_Angeles' });
    const as = (user: string) => ({ user });
    for (const [text, user] of [
      ['quota 120k quarter', 'U0ANN'],
      ['won 30k Acme Corp', 'U0ANN'],
      ['plan Call Initech', 'U0ANN'],
      ['quota 100k quarter', 'U0BOB'],
      ['won 80k Globex Systems', 'U0BOB'],
    ] as const) {
      expect((await app.command(text, as(user))).status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    temp?.remove();
  });

  /** Polls /healthz every 50 ms until `work` is done; every poll's answer. */
  async function pollingHealthWhile<T>(work: Promise<T>): Promise<{ result: T; health: number[] }> {
    const answers: Promise<number>[] = [];
    let done = false;
    const finished = work.finally(() => {
      done = true;
    });
    while (!done) {
      answers.push(fetch(`${app.url}/healthz`).then((res) => res.status));
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
    }
    return { result: await finished, health: await Promise.all(answers) };
  }

  it('answers every health check while it computes, and shows the hand-checked reps’ figures', async () => {
    for (const minute of [0, 1]) {
      app.clock.now = NOW + minute * 60_000;
      const { result, health } = await pollingHealthWhile(app.command('team', { user: 'U0ANN' }));
      expect(result.status).toBe(200);
      expect(health.length).toBeGreaterThan(0);
      expect(health.every((status) => status === 200)).toBe(true);

      const view = result.json();
      const lines = (view.blocks as { text?: { text?: string } }[]).flatMap((b) => (b.text?.text ?? '').split('\n'));
      const said = JSON.stringify(view.blocks);
      expect(said).toContain('2002 reps · 2002 with a quarterly quota');
      expect(said).toMatch(/Showing \d+ of 2002 reps/);
      // Q4 2026 has 66 working days; by Wednesday Dec 2 before the reflection, 44 are over (Oct 22, Nov 21, Dec 1).
      // Ann: 30,000 of 120,000 = 25%; expected 120,000 × 44/66 = 80,000, so $50,000 behind; no pipeline: projected
      // 25%; today's plan is her first (a streak of 1), none in the last 7 days (5 working days).
      const ann = lines.find((line) => line.startsWith('<@U0ANN>')) ?? '';
      expect(ann).toMatch(/^<@U0ANN> · 25% of \$120,000 · \$50,000 behind pace · projected 25% · coverage 0\.0× of /);
      expect(ann).toMatch(/ · no activity in 7 days · plans 0\/5 working days · 🔥 1-day streak$/);
      // Bob: 80,000 of 100,000 = 80%; expected 100,000 × 44/66 = 66,666.7 → $66,667, so $13,333 ahead.
      const bob = lines.find((line) => line.startsWith('<@U0BOB>')) ?? '';
      expect(bob).toMatch(/^<@U0BOB> · 80% of \$100,000 · \$13,333 ahead of pace · projected 80% · coverage 0\.0× of /);
      expect(bob).toMatch(/ · no activity in 7 days · plans 0\/5 working days$/);
    }
  });
});
