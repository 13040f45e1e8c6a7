/**
 * The HTTP front of /slack/events, ahead of Bolt's HTTPReceiver. Bolt reads a whole body (up to 4 MB)
 * before it looks at the signature headers, and a signed body that is not an object (`payload=null`)
 * crashes it. Here a request is refused on its headers alone when it cannot be Slack's (no signature
 * headers, a timestamp outside Slack's five-minute window either way, a declared length over the cap),
 * a body is read only up to the cap, and a signed body that is not the shape Slack sends is answered
 * 400. What passes is handed to Bolt already read (`rawBody`); Bolt does not check the signature again (app.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { JsonLogger } from '../logger.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The largest body taken. Slack's largest for this app is an action from the Home tab or a form, which
 * carries its view: Slack caps a view at 250 kB, and form encoding at most triples it.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Slack's replay window, each way: |now - X-Slack-Request-Timestamp| may be at most this. */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/** Slack's SSL check (`ssl_check=1&token=…`) is the one request that comes unsigned: it is this small. */
const SSL_CHECK_LIMIT_BYTES = 2048;

const FORM = 'application/x-www-form-urlencoded';

/** Slack's request signature: v0=hex(HMAC_SHA256(secret, "v0:" + timestamp + ":" + body)). */
export function slackSignature(secret: string, timestamp: string | number, body: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

/** A request whose body has been read, as Bolt's HTTPReceiver takes it (it checks `Buffer.isBuffer(req.rawBody)`). */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface GuardOptions {
  signingSecret: string;
  logger: JsonLogger;
  bodyLimit?: number;
  /** The real time (ms) the timestamp window is measured against. */
  now?: () => number;
}

/**
 * Wraps `next` (Bolt's request listener): POSTs to /slack/events reach it only read, signed, fresh, within
 * the cap and of Slack's shape; every other request goes to it untouched.
 */
export function guardSlackEvents(next: RequestListener, options: GuardOptions): RequestListener {
  const settings = { bodyLimit: BODY_LIMIT_BYTES, now: Date.now, ...options };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith(CHARTS_PATH)) {
      chartRequest(req, res, next);
      return;
    }
    if (path !== SLACK_EVENTS_PATH || req.method?.toUpperCase() !== 'POST') {
      next(req, res);
      return;
    }
    void (async () => {
      try {
        const accepted = await screen(req, res, settings);
        if (accepted) next(accepted, res);
      } catch (error) {
        settings.logger.error(`A request to ${SLACK_EVENTS_PATH} failed:`, error);
        answer(res, 500);
      }
    })();
  };
}

/** Chart images (chart-route.ts): unsigned, since Slack fetches them like any image, so bounded here instead. */
export const CHARTS_PATH = '/charts/';

/** A chart URL's length at most: kind, team, user, expiry and a 43-character MAC fit well inside it. */
const CHART_URL_LIMIT = 256;

/** A chart is only ever fetched: a GET with no body and a short URL goes on to its route; anything else is refused. */
function chartRequest(req: IncomingMessage, res: ServerResponse, next: RequestListener): void {
  const declared = declaredLength(req);
  if (req.method?.toUpperCase() !== 'GET') answer(res, 405);
  else if ((req.url ?? '').length > CHART_URL_LIMIT) answer(res, 414);
  else if ((declared !== null && declared > 0) || req.headers['transfer-encoding'] !== undefined) answer(res, 413);
  else next(req, res);
}

type Refusal = { status: 400 | 401 | 413; reason: string };

/** The request, read, when it may go on to Bolt; null when it has been answered here. */
async function screen(
  req: IncomingMessage,
  res: ServerResponse,
  options: Required<GuardOptions>,
): Promise<BufferedRequest | null> {
  const refuse = ({ status, reason }: Refusal, bytes?: number) => {
    options.logger.info(
      `Refused a request to ${SLACK_EVENTS_PATH} (${status}): ${reason}${bytes === undefined ? '' : `, ${bytes} bytes`}`,
    );
    answer(res, status);
    return null;
  };
  const signature = headerOf(req, 'x-slack-signature');
  const timestamp = headerOf(req, 'x-slack-request-timestamp');
  const declared = declaredLength(req);
  if (signature === undefined || timestamp === undefined) {
    if (!isForm(req) || (declared !== null && declared > SSL_CHECK_LIMIT_BYTES)) {
      return refuse({ status: 401, reason: 'no signature headers' }, declared ?? undefined);
    }
    const body = await readBody(req, SSL_CHECK_LIMIT_BYTES);
    if (!(body instanceof Buffer) || !isSslCheck(body)) return refuse({ status: 401, reason: 'no signature headers' });
    answer(res, 200);
    return null;
  }
  if (!/^\d{1,12}$/.test(timestamp)) return refuse({ status: 401, reason: 'a timestamp that is not a number' });
  const skew = Math.floor(options.now() / 1000) - Number(timestamp);
  if (Math.abs(skew) > TIMESTAMP_WINDOW_SECONDS) {
    return refuse({ status: 401, reason: `a timestamp ${skew > 0 ? `${skew} s old` : `${-skew} s ahead`}` });
  }
  if (declared !== null && declared > options.bodyLimit) {
    return refuse({ status: 413, reason: `a body over the ${options.bodyLimit}-byte cap` }, declared);
  }
  const body = await readBody(req, options.bodyLimit);
  if (body === 'too-large') return refuse({ status: 413, reason: `a body over the ${options.bodyLimit}-byte cap` });
  if (body === 'aborted') return null;
  // Slack's SSL check carries nothing to run, signed or not (Bolt answers it before checking a signature too).
  if (isForm(req) && isSslCheck(body)) {
    answer(res, 200);
    return null;
  }
  if (!signatureMatches(options.signingSecret, timestamp, body, signature)) {
    return refuse({ status: 401, reason: 'a signature that does not match' }, body.length);
  }
  const problem = shapeProblem(body, isForm(req));
  if (problem !== null) return refuse({ status: 400, reason: problem }, body.length);
  options.logger.debug(`Accepted a signed request to ${SLACK_EVENTS_PATH}: ${body.length} bytes`);
  return Object.assign(req, { rawBody: body });
}

/** Answers with no body and closes the connection: a refused request's unread body is never read on. */
function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { connection: 'close', 'content-length': '0' });
  res.end();
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The content-length, when given; a malformed one counts as none (the body is counted as it comes). */
function declaredLength(req: IncomingMessage): number | null {
  const value = req.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/** As Bolt decides it: form-encoded only with exactly this content type, JSON otherwise. */
function isForm(req: IncomingMessage): boolean {
  return req.headers['content-type'] === FORM;
}

function isSslCheck(body: Buffer): boolean {
  return parseQuery(body.toString()).ssl_check === '1';
}

/** Reads the body, counting: past `limit` bytes it stops reading and keeps nothing. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | 'too-large' | 'aborted') => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      chunks = [];
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish('too-large');
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onAborted = () => finish('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}

function signatureMatches(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Interactions that Bolt reads a `user` object from. */
const WITH_USER = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
  'dialog_suggestion',
  'dialog_cancellation',
]);

/**
 * Why a body is not one Slack sends (Bolt would throw on it, or crash), or null. A form is a slash
 * command (each field once) or an interaction's `payload`; JSON is an Events API envelope. Parsed as Bolt
 * parses them.
 */
export function shapeProblem(body: Buffer, form: boolean): string | null {
  let parsed: unknown;
  if (form) {
    const fields = parseQuery(body.toString());
    const { payload } = fields;
    if (payload === undefined) {
      if (Object.values(fields).some((value) => typeof value !== 'string')) return 'a form field given twice';
      return typeof fields.command === 'string' ? null : 'a form with neither a command nor a payload';
    }
    if (typeof payload !== 'string') return 'a payload given twice';
    parsed = parseJson(payload);
  } else {
    parsed = parseJson(body.toString());
  }
  if (!isRecord(parsed)) return 'a body that is not a JSON object';
  const { type } = parsed;
  if (typeof type !== 'string') return 'no type';
  if (type === 'event_callback' && !(isRecord(parsed.event) && typeof parsed.event.type === 'string')) {
    return 'an event callback without an event';
  }
  if (WITH_USER.has(type) && !isRecord(parsed.user)) return 'an interaction without a user';
  if (type.startsWith('view_') && !isRecord(parsed.view)) return 'a view payload without a view';
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
