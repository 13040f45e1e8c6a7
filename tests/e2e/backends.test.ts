/**
 * The Slack app over the async Store, end to end on each back end: commands, a near-name question answered with
 * its button (a transaction around the command's own), forms (a transaction around a command's), the DM, a
 * scheduler pass, and two writes for one team at once. The same steps, the same answers, on SQLite and Postgres.
 * Without TEST_DATABASE_URL the Postgres half is listed as skipped, with the reason in its name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open.js';
import { openPgStore } from '../../src/storage/pg/store.js';
import type { RootStore } from '../../src/storage/types.js';
import { buttonPayload, type StoreApp, startStoreApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';
import { pick, text, viewSubmission } from '../support/payloads.js';
import { cloneTemplate, PG_SKIP_REASON, type TestDatabase, testDatabaseUrl, truncateStatement } from '../support/pg.js';

/** Tuesday 2026-12-01 in Los Angeles: 08:45 PST, when the morning check-in is due. */
const MORNING = Date.parse('2026-12-01T16:45:00Z');

type Reply = { text?: string; blocks?: unknown[] };
type Button = { action_id: string; value: string; text: { text: string } };

describe('the app over the Store [sqlite]', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'focus-e2e-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  smokeOf(() => openStore({ path: join(dir, 'focus.db') }));
});

if (testDatabaseUrl()) {
  describe('the app over the Store [postgres]', () => {
    let database: TestDatabase | null = null;
    beforeAll(async () => {
      database = await cloneTemplate();
    });
    afterAll(async () => {
      await database?.drop();
    });
    smokeOf(async () => {
      if (!database) throw new Error('no test database');
      // Two connections, as the contract suite: a transaction and one concurrent read or transaction.
      const store = await openPgStore(database.url, { poolSize: 2 });
      await store.pool.query(await truncateStatement(store.pool));
      return store;
    });
  });
} else {
  describe.skip(`the app over the Store [postgres] (${PG_SKIP_REASON})`, () => {
    smokeOf(() => Promise.reject(new Error(PG_SKIP_REASON)));
  });
}

/** The steps, each test on an empty store `open` gives (the app closes it when it stops). */
function smokeOf(open: () => Promise<RootStore>): void {
  let app: StoreApp;
  let presses = 0;

  async function focus(command: string, user = 'UREP1'): Promise<Reply> {
    const res = await app.command(command, { user });
    expect(res.status).toBe(200);
    return res.json() as Reply;
  }

  async function card(user = 'UREP1'): Promise<string> {
    return JSON.stringify((await focus('', user)).blocks);
  }

  async function submit(callbackId: string, fields: Parameters<typeof viewSubmission>[1], user = 'UREP1') {
    const res = await app.action(viewSubmission(callbackId, fields, { user }));
    expect(res.status).toBe(200);
    return res.text === '' ? null : (res.json() as { response_action?: string; errors?: Record<string, string> });
  }

  /** Presses a button of a command's reply, and returns what the app posted to the response_url. */
  async function press(button: Button): Promise<Reply> {
    const url = `press${++presses}`;
    const payload = buttonPayload({
      actionId: button.action_id,
      value: button.value,
      blockId: 'same_account',
      responseUrl: app.stub.responseUrl(url),
    });
    expect((await app.action(payload)).status).toBe(200);
    await app.stub.waitFor(() => app.stub.callsTo(`response_url:${url}`).length === 1);
    return (app.stub.callsTo(`response_url:${url}`)[0]?.params ?? {}) as Reply;
  }

  function buttonNamed(reply: Reply, label: string): Button {
    const buttons = (reply.blocks as { type: string; elements?: Button[] }[])
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? []);
    const found = buttons.find((button) => button.text.text === label);
    if (!found) throw new Error(`no button “${label}” in ${JSON.stringify(buttons.map((b) => b.text.text))}`);
    return found;
  }

  beforeEach(async () => {
    app = await startStoreApp({ store: await open(), now: MORNING });
    for (const user of ['UREP1', 'UREP2']) app.stub.users.set(user, { tz: 'America/Los_Angeles' });
  });
  afterEach(async () => {
    await app.stop();
  });

  it('records a quota, a win and an opportunity, and the card adds them up', async () => {
    expect((await focus('quota 120k quarter')).text).toContain('Quota set: $120,000 for Q4 2026');
    expect((await focus('won 30k Acme Corp')).text).toContain('Won $30,000 with Acme Corp');
    expect((await focus('opp 45k Globex')).text).toContain('opportunity with Globex');
    const shown = await card();
    // 120,000 − 30,000 = 90,000 to go; 30,000 / 120,000 = 25% won
    expect(shown).toContain('$90,000 to go* of your $120,000 quota');
    expect(shown).toContain('$45,000 in 1 deal');
    expect(await card()).toBe(shown);
  });

  it('asks about a near name, and its button finishes the command once', async () => {
    await focus('quota 500k quarter');
    await focus('opp 100k Globex Corp');
    const question = await focus('won 120k Globex');
    expect(question.text).toContain('Globex Corp has an open $100,000 opportunity: close it as won?');
    const yes = buttonNamed(question, 'Yes, close Globex Corp as won');
    expect((await press(yes)).text).toContain('Won $120,000 with Globex Corp');
    expect((await press(yes)).text).toContain(
      'That opportunity has changed since (closed or replaced), so nothing was changed.',
    );
    expect(await card()).toContain('$380,000 to go* of your $500,000 quota');
  });

  it('gives the same card from forms as from the commands', async () => {
    expect(
      await submit('modal_quota', { in_amount: text('120k'), in_period: pick('quarter', 'radio_buttons') }),
    ).toBeNull();
    expect(
      await submit('modal_win', {
        in_amount: text('30k'),
        in_account: pick('new:Acme Corp', 'external_select'),
        in_account_fit: pick('yes', 'radio_buttons'),
      }),
    ).toBeNull();
    for (const command of ['quota 120k quarter', 'icp Acme Corp yes', 'won 30k Acme Corp']) {
      await focus(command, 'UREP2');
    }
    const viaForms = await card('UREP1');
    expect(viaForms).toContain('$90,000 to go* of your $120,000 quota');
    expect(viaForms).toBe(await card('UREP2'));
  });

  it('sends the check-in once, and takes the DM answer as the plan', async () => {
    await focus('quota 120k quarter');
    const pass = passAgainst(app.stub, app.store);
    expect((await pass(MORNING)).map((outcome) => outcome.kind)).toEqual(['checkin']);
    expect(await pass(MORNING)).toEqual([]);
    const before = app.stub.callsTo('chat.postMessage').length;
    const message = { type: 'message', channel: 'DUREP1', user: 'UREP1', ts: '1764607500.000100' };
    await app.event({ ...message, text: '1. Call Initech\n2. Send Umbrella proposal', channel_type: 'im' });
    await app.stub.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    expect(String(app.stub.callsTo('chat.postMessage').at(-1)?.params.text)).toContain(
      'Taken as your plan for Tuesday, Dec 1',
    );
    expect(await card()).toContain('☐ Call Initech');
  });

  it('applies two writes of one team at once, each whole', async () => {
    await focus('quota 120k quarter');
    const [first, second] = await Promise.all([focus('won 10k Initech'), focus('won 20k Umbrella', 'UREP2')]);
    expect(first.text).toContain('Won $10,000 with Initech');
    expect(second.text).toContain('Won $20,000 with Umbrella');
    expect(await card()).toContain('$110,000 to go* of your $120,000 quota');
  });
}
