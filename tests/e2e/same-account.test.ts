import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportData } from '../../src/db/export.js';
import { renderMrkdwn } from '../../src/playground/public/blockkit.js';
import { tempStorage } from '../support/db.js';
import { buttonPayload, startTestApp, type TestApp } from '../support/harness.js';
import { accountSuggestion } from '../support/payloads.js';

/** Tuesday 2026-12-01, 10:00 in New York (15:00Z): inside Q4 2026, before the 17:30 reflection. */
const TUESDAY_10AM_NEW_YORK = Date.parse('2026-12-01T15:00:00Z');

type Reply = { text?: string; blocks?: unknown[] };
type Button = { action_id: string; value: string; text: { text: string } };

/** Every mrkdwn text of a reply's sections and contexts. */
function mrkdwnOf(reply: Reply): string[] {
  return (reply.blocks as { text?: { text: string }; elements?: { text?: string }[] }[]).flatMap((block) => [
    ...(block.text ? [block.text.text] : []),
    ...(block.elements ?? []).flatMap((element) => (typeof element.text === 'string' ? [element.text] : [])),
  ]);
}

/** Every button of a reply, in order. */
function buttonsOf(reply: Reply): Button[] {
  return (reply.blocks as { type: string; elements?: Button[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []);
}

function buttonNamed(reply: Reply, label: string): Button {
  const found = buttonsOf(reply).find((button) => button.text.text === label);
  if (!found) throw new Error(`no button “${label}” in ${JSON.stringify(buttonsOf(reply).map((b) => b.text.text))}`);
  return found;
}

describe('one account, one name: near names are asked about, with buttons, over signed HTTP', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  let presses = 0;

  async function focus(text: string, user = 'UREP1'): Promise<Reply> {
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    return res.json() as Reply;
  }

  /** Presses a button as Slack sends it, and returns what the app posted to the response_url. */
  async function press(button: Button, user = 'UREP1'): Promise<Record<string, unknown>> {
    const url = `press${++presses}`;
    const payload = buttonPayload({
      actionId: button.action_id,
      value: button.value,
      user,
      blockId: 'same_account',
      responseUrl: app.stub.responseUrl(url),
    });
    expect((await app.action(payload)).status).toBe(200);
    await app.stub.waitFor(() => app.stub.callsTo(`response_url:${url}`).length === 1);
    return app.stub.callsTo(`response_url:${url}`)[0]?.params ?? {};
  }

  const rows = (sql: string) => app.storage.sqlite.prepare(sql).all();
  const snapshot = () => {
    const data = exportData(app.storage.db, null);
    return { accounts: data.accounts, deals: data.deals, activities: data.activities };
  };

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: TUESDAY_10AM_NEW_YORK });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UREP2', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('asks before a win on “Globex” beside “Globex Corp”, and Yes closes the open opportunity as won', async () => {
    await focus('quota 500k quarter');
    const opp = await focus('opp 100k Globex Corp');
    expect(opp.text).toContain('counted pipeline $100,000');
    const before = snapshot();

    const question = await focus('won 120k Globex');
    expect(question.text).toContain('Globex Corp has an open $100,000 opportunity: close it as won?');
    expect(question.text).toContain('Nothing is saved until you choose.');
    expect(buttonsOf(question).map((b) => b.text.text)).toEqual([
      'Yes, close Globex Corp as won',
      'No, Globex is a new account',
    ]);
    expect(snapshot()).toEqual(before);

    const answer = await press(buttonNamed(question, 'Yes, close Globex Corp as won'));
    expect(answer.replace_original).toBe(true);
    expect(String(answer.text)).toContain('Won $120,000 with Globex Corp');
    expect(String(answer.text)).toContain('It closes your open $100,000 Globex Corp opportunity');
    // Quota 500,000 − won 120,000 = 380,000 to go; 120,000 / 500,000 = 24%.
    // The pipeline drops by the $100,000 opportunity: 100,000 − 100,000 = $0 counted.
    expect(String(answer.text)).toContain('Gap now $380,000 (24% of $500,000)');
    expect(String(answer.text)).toContain('counted pipeline $0');
    expect(rows('select name from accounts')).toEqual([{ name: 'Globex Corp' }]);
    expect(rows('select status, amount_cents, closed_on from deals')).toEqual([
      { status: 'won', amount_cents: 12_000_000, closed_on: '2026-12-01' },
    ]);

    // Pressed again (a double click, or after a reload): the opportunity is no longer open, so nothing changes.
    const after = snapshot();
    const again = await press(buttonNamed(question, 'Yes, close Globex Corp as won'));
    expect(String(again.text)).toContain('That opportunity has changed since');
    expect(snapshot()).toEqual(after);
  });

  it('creates the new account when the rep says No, once however often it is pressed', async () => {
    await focus('opp 100k Globex Corp');
    const question = await focus('won 120k Globex');
    const answer = await press(buttonNamed(question, 'No, Globex is a new account'));
    expect(String(answer.text)).toContain('Won $120,000 with Globex');
    expect(rows('select a.name, d.status, d.amount_cents from deals d join accounts a on a.id = d.account_id')).toEqual(
      [
        { name: 'Globex Corp', status: 'open', amount_cents: 10_000_000 },
        { name: 'Globex', status: 'won', amount_cents: 12_000_000 },
      ],
    );
    const after = snapshot();
    const again = await press(buttonNamed(question, 'No, Globex is a new account'));
    expect(String(again.text)).toContain('That question was answered already, so nothing was changed.');
    expect(snapshot()).toEqual(after);
    // Exact names write at once, as before: no question.
    const exact = await focus('won 5k GLOBEX');
    expect(exact.text).toContain('Won $5,000 with Globex');
  });

  it('asks “Did you mean Initech Corp?” before logging on “Initech”, and logs on the account chosen', async () => {
    await focus('log call Initech Corp');
    const question = await focus('log meeting Initech');
    expect(question.text).toContain('Did you mean Initech Corp?');
    expect(buttonsOf(question).map((b) => b.text.text)).toEqual([
      'Log it on Initech Corp',
      'No, Initech is a new account',
    ]);
    expect(rows('select count(*) as n from activities')).toEqual([{ n: 1 }]);
    const answer = await press(buttonNamed(question, 'Log it on Initech Corp'));
    expect(String(answer.text)).toContain('Logged 1 meeting with Initech Corp');
    expect(
      rows('select kind, a.name from activities join accounts a on a.id = account_id order by activities.id'),
    ).toEqual([
      { kind: 'call', name: 'Initech Corp' },
      { kind: 'meeting', name: 'Initech Corp' },
    ]);
    const again = await press(buttonNamed(question, 'Log it on Initech Corp'));
    expect(String(again.text)).toContain('That question was answered already');
    expect(rows('select count(*) as n from activities')).toEqual([{ n: 2 }]);
  });

  it('answers two questions with the same words each once, in any order: two calls logged, not one', async () => {
    await focus('log call Initech Corp');
    const first = await focus('log call Initech');
    const second = await focus('log call Initech');
    // The second question is answered first; then the first; then each again.
    expect(String((await press(buttonNamed(second, 'Log it on Initech Corp'))).text)).toContain(
      'Logged 1 call with Initech Corp',
    );
    expect(String((await press(buttonNamed(first, 'Log it on Initech Corp'))).text)).toContain(
      'Logged 1 call with Initech Corp',
    );
    // One of a question's other buttons after it was answered changes nothing either.
    expect(String((await press(buttonNamed(first, 'No, Initech is a new account'))).text)).toContain(
      'That question was answered already',
    );
    expect(String((await press(buttonNamed(second, 'Log it on Initech Corp'))).text)).toContain(
      'That question was answered already',
    );
    // 1 typed exactly + 2 answered questions = 3 calls, all on Initech Corp; no account "Initech".
    expect(rows('select count(*) as n from activities')).toEqual([{ n: 3 }]);
    expect(rows('select name from accounts order by id')).toEqual([{ name: 'Initech Corp' }]);
  });

  it('catches a typo, and offers the right deal to mark lost', async () => {
    await focus('opp 100k Globex Corp');
    const update = await focus('opp 50k Glbex Corp');
    expect(update.text).toContain('Globex Corp has an open $100,000 opportunity: update it to $50,000?');
    const lost = await focus('lost Globex');
    expect(lost.text).toContain('There is no account called Globex.');
    expect(lost.text).toContain('Did you mean Globex Corp ($100,000 open)?');
    expect(buttonsOf(lost).map((b) => b.text.text)).toEqual(["Mark Globex Corp's $100,000 deal lost"]);
    const answer = await press(buttonsOf(lost)[0] as Button);
    expect(String(answer.text)).toContain('Marked your $100,000 opportunity with Globex Corp lost.');
    expect(rows('select status, amount_cents from deals')).toEqual([{ status: 'lost', amount_cents: 10_000_000 }]);
  });

  it('asks before setting the fit of a near name, and the forms’ picker offers near names', async () => {
    await focus('log call Initech Corp');
    const question = await focus('icp initech yes');
    expect(question.text).toContain('Did you mean Initech Corp?');
    expect(buttonsOf(question).map((b) => b.text.text)).toEqual([
      'Mark Initech Corp a fit',
      'No, initech is a new account',
    ]);
    await press(buttonNamed(question, 'Mark Initech Corp a fit'));
    expect(rows('select name, icp from accounts')).toEqual([{ name: 'Initech Corp', icp: 'yes' }]);
    // `Initch` is not contained in “Initech Corp”, but it is a near name: offered before “Add …”.
    const suggestions = await app.action(accountSuggestion('Initch'));
    const options = (suggestions.json() as { options: { text: { text: string } }[] }).options;
    expect(options.map((o) => o.text.text)).toEqual(['Initech Corp · ICP', 'Add “Initch”']);
  });

  it('asks the same in the bot’s DM, where the command is typed without the slash', async () => {
    await focus('opp 100k Globex Corp');
    const event = { type: 'message', channel: 'DUREP1', user: 'UREP1', channel_type: 'im' };
    await app.event({ ...event, text: 'won 120k Globex', ts: '1764601200.000100', event_ts: '1764601200.000100' });
    const posted = () => app.stub.callsTo('chat.postMessage').filter((c) => c.params.channel === 'DUREP1');
    await app.stub.waitFor(() => posted().length === 1);
    const message = posted()[0]?.params ?? {};
    const blocks = typeof message.blocks === 'string' ? JSON.parse(message.blocks) : message.blocks;
    const reply = { text: String(message.text), blocks } as Reply;
    expect(reply.text).toContain('Globex Corp has an open $100,000 opportunity: close it as won?');
    const answer = await press(buttonNamed(reply, 'Yes, close Globex Corp as won'));
    expect(String(answer.text)).toContain('Won $120,000 with Globex Corp');
    expect(rows('select status, amount_cents from deals')).toEqual([{ status: 'won', amount_cents: 12_000_000 }]);
  });

  it('refuses forged, foreign and stale buttons clearly, and changes nothing', async () => {
    await focus('opp 100k Globex Corp');
    await focus('log call Hooli Corp');
    const question = await focus('won 120k Globex');
    const yes = buttonNamed(question, 'Yes, close Globex Corp as won');
    const before = snapshot();

    const someoneElse = await press(yes, 'UREP2');
    expect(String(someoneElse.text)).toContain('That question was asked of someone else, so nothing was changed.');
    expect(someoneElse.replace_original).toBe(false);

    const unreadable = await press({ ...yes, value: '{"not":"ours"}' });
    expect(String(unreadable.text)).toContain('That button can’t be read, so nothing was changed.');

    // The same command pointed at an account its name does not match.
    const hooli = Number(app.storage.sqlite.prepare("select id from accounts where name = 'Hooli Corp'").pluck().get());
    const value = { ...JSON.parse(yes.value), accountId: hooli };
    delete value.dealId;
    const pointed = await press({ ...yes, value: JSON.stringify(value) });
    expect(String(pointed.text)).toContain('That button doesn’t match its question, so nothing was changed.');

    // A "new account" value on a pick button.
    const mixed = await press({ ...yes, action_id: 'same_account_new' });
    expect(String(mixed.text)).toContain('That button can’t be read');

    app.clock.now += 25 * 60 * 60 * 1000;
    const stale = await press(yes);
    expect(String(stale.text)).toContain('That question is more than a day old, so nothing was changed.');
    expect(snapshot()).toEqual(before);
  });
});

describe('account names keep every character, shown escaped', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: TUESDAY_10AM_NEW_YORK });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  const NAME = '<script>x</script> & *Bold* Co';
  /** In mrkdwn: &, < and > escaped, the formatting marks shown as look-alikes that format nothing. */
  const SHOWN = '&lt;script&gt;x&lt;/script&gt; &amp; ∗Bold∗ Co';

  it('stores the name as typed (Slack’s entities decoded) and escapes it in every reply', async () => {
    // Slack sends typed <, > and & as entities.
    const res = await app.command('won 30k &lt;script&gt;x&lt;/script&gt; &amp; *Bold* Co');
    const reply = res.json() as Reply;
    expect(app.storage.sqlite.prepare('select name from accounts').pluck().all()).toEqual([NAME]);
    const texts = JSON.stringify(reply.blocks);
    expect(texts).toContain(`🎉 Won *$30,000* with *${SHOWN}*.`);
    expect(texts).toContain(`Does *${SHOWN}* fit your ideal customer profile?`);
    expect(texts).not.toContain('*Bold*');
    // Typed raw (a client that does not escape): the same name, not a link's leftovers.
    await app.command('won 10k <script>x</script> & *Bold* Co');
    expect(app.storage.sqlite.prepare('select name, count(*) as n from accounts').get()).toEqual({ name: NAME, n: 1 });
    // An error quoting an unknown name escapes it the same way.
    const lost = (await app.command('lost *Nowhere* &amp; Co')).json() as Reply;
    expect(JSON.stringify(lost.blocks)).toContain('There is no account called “∗Nowhere∗ &amp; Co” yet');
    // A real Slack link still reduces to its label.
    await app.command('log call <http://acme.com|Acme.com>');
    expect(app.storage.sqlite.prepare('select name from accounts order by id').pluck().all()).toEqual([
      NAME,
      'Acme.com',
    ]);
  });

  it('escapes the name on the card, so its asterisks cannot break the card’s bold, and in the playground’s HTML', async () => {
    await app.command('quota 100k quarter');
    await app.command('opp 40k &lt;script&gt;x&lt;/script&gt; &amp; *Bold* Co close 12/2');
    // Friday Dec 4: the Dec 2 close date has passed, so the card lists the deal as stale, by name.
    app.clock.now = Date.parse('2026-12-04T15:00:00Z');
    const card = (await app.command('')).json() as Reply;
    const stale = mrkdwnOf(card).find((text) => text.includes('Stale, not counted'));
    expect(stale).toContain(`(${SHOWN}: close date Dec 2 passed)`);
    const html = renderMrkdwn(`*${SHOWN}*`);
    expect(html).toBe('<strong>&lt;script&gt;x&lt;/script&gt; &amp; ∗Bold∗ Co</strong>');
  });

  it('states the account-name limit for a 3,000-character name, not the whole command’s', async () => {
    const res = await app.command(`won 30k ${'A'.repeat(3000)}`);
    const text = String(res.json().text);
    expect(text).toContain('Account names stop at 80 characters (this one has 3,000)');
    expect(text).not.toContain('commands stop at');
    expect(app.storage.sqlite.prepare('select count(*) from accounts').pluck().get()).toBe(0);
  });
});
