/**
 * `/focus chart` over signed HTTP: the reply at once, then the rep's charts uploaded into their DM with
 * files.uploadV2 (getUploadURLExternal → POST the PNG → completeUploadExternal with the DM's channel_id).
 *
 * The rep is in Los Angeles, on Tuesday 2026-12-01 08:45 (Q4 2026). With a $120,000 quota and $30,000 won:
 * 30/120 = 25%. Three calls logged this week on Initech, marked ICP: 3 activities, all on ICP accounts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStorage } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/** Tuesday 2026-12-01, 08:45 in Los Angeles. */
const TUESDAY_MORNING = Date.parse('2026-12-01T16:45:00Z');

describe('/focus chart', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  async function focus(text: string): Promise<string> {
    const res = await app.command(text);
    expect(res.status).toBe(200);
    const body = res.json() as { text: string; blocks: unknown[] };
    return `${body.text}\n${JSON.stringify(body.blocks)}`;
  }

  const completed = () => app.stub.callsTo('files.completeUploadExternal');

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: TUESDAY_MORNING });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('sends the burn-up and the focus mix to the rep’s DM as files, and says so', async () => {
    await focus('quota 120k quarter');
    await focus('won 30k Initech');
    await focus('icp Initech yes');
    await focus('log call 3 Initech');
    const reply = await focus('chart');
    expect(reply).toContain('I’m sending your burn-up for');
    expect(reply).toContain('and your focus mix of the last 8 weeks to our DM');

    await app.stub.waitFor(() => completed().length === 1);
    expect(completed()[0]?.params.channel_id).toBe('DUREP1');
    const asked = app.stub.callsTo('files.getUploadURLExternal');
    expect(asked.map((call) => call.params.filename)).toEqual(['burn-up.png', 'focus-mix.png']);
    // The alt text carries the card's numbers: $30,000 won of $120,000 = 25%; 3 calls, all on an ICP account.
    expect(String(asked[0]?.params.alt_text)).toContain('Won $30,000 of $120,000 (25%)');
    expect(String(asked[1]?.params.alt_text)).toContain(
      '3 activities logged in the last 8 weeks, 100% on ICP accounts (ICP 3, non-ICP 0, unclassified 0)',
    );
    expect(app.stub.callsTo('upload').map((call) => call.params.png)).toEqual([true, true]);
    expect([...app.stub.uploads.values()].map((u) => u.channel)).toEqual(['DUREP1', 'DUREP1']);
  });

  it('with no quota, sends the focus mix only, with a hint; extra words are refused with the right form', async () => {
    const reply = await focus('chart');
    expect(reply).toContain('I’m sending your focus mix of the last 8 weeks to our DM');
    expect(reply).toContain('No burn-up yet: it needs a quota for your period');
    expect(reply).toContain('/focus quota 120k quarter');
    await app.stub.waitFor(() => completed().length === 1);
    expect(app.stub.callsTo('files.getUploadURLExternal').map((call) => call.params.filename)).toEqual([
      'focus-mix.png',
    ]);

    const refused = await focus('chart please');
    expect(refused).toContain('Chart takes nothing after it');
    expect(refused).toContain('/focus chart');
  });

  it('tells the rep in the DM when the charts could not be sent', async () => {
    app.stub.on('files.getUploadURLExternal', () => ({ body: { ok: false, error: 'internal_error' } }));
    await focus('chart');
    await app.stub.waitFor((calls) => calls.some((call) => call.method === 'chat.postMessage'));
    const told = app.stub.callsTo('chat.postMessage')[0]?.params;
    expect(told?.channel).toBe('DUREP1');
    expect(String(told?.text)).toBe(
      'Your charts could not be drawn or sent just now. Try `/focus chart` again in a minute.',
    );
  });
});
