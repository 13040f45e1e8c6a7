/**
 * The HTTP front of /slack/events (src/slack/http-guard.ts): a request that cannot be Slack's is refused on
 * its headers, before its body is read; bodies are capped; a signed body that is not the shape Slack sends
 * is answered 400 and the server goes on serving.
 */
import { type IncomingMessage, request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/slack/http-guard.js';
import { tempDatabaseFile } from '../support/db.js';
import { postSigned, sign, startTestApp, TEAM, type TestApp } from '../support/harness.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const nowSec = () => Math.floor(Date.now() / 1000);

interface OpenPost {
  status: number;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  /** Bytes of the body written before the answer came. */
  written: number;
}

/**
 * A POST that sends its headers and `first` bytes of body, then waits for the answer without ever finishing
 * (and, declaring a length, without sending most of it): an answer proves the server did not wait for the body.
 */
function unfinishedPost(url: string, headers: Record<string, string>, first: number): Promise<OpenPost> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers });
    let written = 0;
    req.on('error', (error) => {
      // After the answer, the server closing the connection is expected.
      if (written === 0) reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      const closed = new Promise<void>((done) => req.socket?.once('close', () => done()));
      resolve({ status: res.statusCode ?? 0, closed, written });
      // The client never sends the rest: clean up only once the server has let go.
      void closed.then(() => req.destroy());
    });
    written = first;
    req.write(Buffer.alloc(first, 0x61));
  });
}

/** A POST whose body is streamed (chunked, no length) in chunks up to `total` bytes, answered or not by then. */
function streamedPost(url: string, headers: Record<string, string>, total: number): Promise<OpenPost> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers });
    let written = 0;
    let answered = false;
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      res.resume();
      const closed = new Promise<void>((done) => req.socket?.once('close', () => done()));
      resolve({ status: res.statusCode ?? 0, closed, written });
      void closed.then(() => req.destroy());
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const more = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', more);
          return;
        }
      }
    };
    more();
  });
}

const commandBody = (text: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    command: '/focus',
    text,
    team_id: TEAM,
    user_id: 'UREP1',
    channel_id: 'C1',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
    ...extra,
  }).toString();

describe('the HTTP front of /slack/events', () => {
  let app: TestApp;
  let remove: () => void;
  let events: string;

  beforeEach(async () => {
    const temp = tempDatabaseFile();
    remove = () => temp.remove();
    app = await startTestApp({ databasePath: temp.path });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    events = `${app.url}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    remove();
  });

  const stillServing = async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const reply = await app.command('log call 1 Acme');
    expect(reply.status).toBe(200);
    expect(reply.json().text).toContain('Logged 1 call with Acme');
  };

  it('refuses a 4 MB body without signature headers before it is sent, and closes the connection', async () => {
    const fourMb = String(4 * 1024 * 1024);
    const unsigned = await unfinishedPost(
      events,
      { 'content-type': FORM, 'content-length': fourMb, 'x-slack-request-timestamp': String(nowSec()) },
      64 * 1024,
    );
    expect(unsigned.status).toBe(401);
    expect(unsigned.written).toBeLessThan(Number(fourMb));
    await unsigned.closed;

    const noTimestamp = await unfinishedPost(
      events,
      { 'content-type': JSON_TYPE, 'content-length': fourMb, 'x-slack-signature': 'v0=00' },
      64 * 1024,
    );
    expect(noTimestamp.status).toBe(401);
    await noTimestamp.closed;

    // Streamed without a length and unsigned: at most an SSL check's few bytes are read, then refused.
    const streamed = await streamedPost(events, { 'content-type': FORM }, 4 * 1024 * 1024);
    expect(streamed.status).toBe(401);
    expect(streamed.written).toBeLessThan(4 * 1024 * 1024);
    await streamed.closed;

    await stillServing();
    expect(app.logLines.some((line) => line.includes('(401): no signature headers'))).toBe(true);
  });

  it('refuses timestamps more than five minutes ahead or behind, before reading the body', async () => {
    const body = commandBody('log call 9 Acme');
    for (const at of [nowSec() + 301, nowSec() - 301, nowSec() + 3600 * 24 * 365]) {
      expect((await postSigned(events, body, FORM, { timestamp: at })).status).toBe(401);
    }
    expect((await postSigned(events, body, FORM, { headers: { 'x-slack-request-timestamp': 'soon' } })).status).toBe(
      401,
    );
    // A signature made for the future, with a body that never comes.
    const future = nowSec() + 600;
    const early = await unfinishedPost(
      events,
      {
        'content-type': FORM,
        'content-length': String(1024 * 1024),
        'x-slack-request-timestamp': String(future),
        'x-slack-signature': sign(body, future),
      },
      1024,
    );
    expect(early.status).toBe(401);
    await early.closed;
    expect(app.storage.sqlite.prepare('select count(*) as n from activities').get()).toEqual({ n: 0 });

    // Inside the window, ahead or behind: taken.
    for (const [n, at] of [
      [1, nowSec() + 290],
      [2, nowSec() - 290],
    ] as const) {
      const reply = await postSigned(events, commandBody(`log call ${n} Acme`), FORM, { timestamp: at });
      expect(reply.status).toBe(200);
      expect(reply.json().text).toContain(`Logged ${n} call`);
    }
  });

  it('answers 413 to a body over the cap, declared or streamed, and takes one at the cap', async () => {
    const fresh = () => ({ 'x-slack-request-timestamp': String(nowSec()), 'x-slack-signature': 'v0=00' });
    const declared = await unfinishedPost(
      events,
      { 'content-type': FORM, 'content-length': String(BODY_LIMIT_BYTES + 1), ...fresh() },
      64 * 1024,
    );
    expect(declared.status).toBe(413);
    await declared.closed;

    const streamed = await streamedPost(events, { 'content-type': FORM, ...fresh() }, 4 * BODY_LIMIT_BYTES);
    expect(streamed.status).toBe(413);
    // Cut at the cap: the client had not sent its 4 MB by the time the answer came.
    expect(streamed.written).toBeLessThan(4 * BODY_LIMIT_BYTES);
    await streamed.closed;

    // A signed body of exactly the cap is Slack's to send, and is taken.
    const base = commandBody('log call 3 Acme', { pad: '' });
    const atCap = base + 'x'.repeat(BODY_LIMIT_BYTES - base.length);
    expect(atCap.length).toBe(BODY_LIMIT_BYTES);
    const taken = await postSigned(events, atCap, FORM);
    expect(taken.status).toBe(200);
    expect(taken.json().text).toContain('Logged 3 calls with Acme');
    await stillServing();
  });

  it('answers 400 to signed bodies that are not what Slack sends, and keeps serving', async () => {
    const form = (payload: string) => `payload=${encodeURIComponent(payload)}`;
    const malformed: [string, string][] = [
      [form('null'), FORM],
      [form('[]'), FORM],
      [form('"text"'), FORM],
      [form('{"team":{"id":"T1"}}'), FORM],
      [form('{"type":7}'), FORM],
      [form('{"type":"block_actions","user":null}'), FORM],
      [form('{"type":"view_submission","user":{"id":"UREP1"}}'), FORM],
      [form('{not json'), FORM],
      [`${form('{"type":"block_actions","user":{"id":"U1"}}')}&payload=x`, FORM],
      [`${commandBody('log call 1 Acme')}&text=again`, FORM],
      ['token=abc&team_id=T1', FORM],
      ['null', JSON_TYPE],
      ['[]', JSON_TYPE],
      ['"event_callback"', JSON_TYPE],
      ['{}', JSON_TYPE],
      ['{"type":"event_callback","team_id":"T1","event":null}', JSON_TYPE],
      ['{"type":"event_callback","team_id":"T1","event":{"user":"UREP1"}}', JSON_TYPE],
      ['', JSON_TYPE],
    ];
    for (const [body, type] of malformed) {
      const res = await postSigned(events, body, type);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    await stillServing();
    expect(app.logLines.some((line) => line.includes('(400): a body that is not a JSON object'))).toBe(true);
  });

  it('answers Slack’s SSL check unsigned, and nothing larger than one', async () => {
    const ssl = 'ssl_check=1&token=legacy-token';
    expect((await postSigned(events, ssl, FORM, { signature: null })).status).toBe(200);
    const padded = `${ssl}&pad=${'x'.repeat(4096)}`;
    expect((await postSigned(events, padded, FORM, { signature: null })).status).toBe(401);
    expect((await postSigned(events, 'ssl_check=0', FORM, { signature: null })).status).toBe(401);
    await stillServing();
  });
});
