import type { IncomingMessage, Server } from 'node:http';
// The playground's workspace serves and reads Slack's requests the same way.
import { closeLocal, type LocalAnswer, listenLocal } from '../../src/playground/local-http.js';
import { parseParams, readBody } from '../../src/playground/workspace.js';

/** One request the app made to the stand-in: a Web API method, or a post to a response_url. */
export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export type StubResponse = LocalAnswer;

type MethodHandler = (params: Record<string, unknown>) => StubResponse | Promise<StubResponse>;

export interface StubUser {
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  /** The rest of users.info's `user`, for the people a quota may not be set for (see the fixtures below). */
  name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_workflow_bot?: boolean;
  /** `email` is what users.lookupByEmail finds (the app needs users:read.email); `real_name`, `display_name` users.list's names. */
  profile?: { email?: string; real_name?: string; display_name?: string; bot_id?: string } & Record<string, unknown>;
}

/**
 * users.info's `user` for an app's bot user, as Slack publishes it: `is_bot: true`, the bot and app IDs in the
 * profile, and (despite the name) `is_app_user: false`, which Slack documents as "an authorized user of the
 * calling app".
 */
export function stubBotUser(name = 'deploybot'): StubUser {
  return {
    name,
    deleted: false,
    tz: 'America/Los_Angeles',
    is_admin: false,
    is_owner: false,
    is_bot: true,
    is_app_user: false,
    profile: { real_name: name, display_name: '', bot_id: 'B0DEPLOY1', api_app_id: 'A0DEPLOY1', always_active: true },
  };
}

/** users.info's `user` for a deactivated member: `deleted: true`, the profile kept, no time zone or roles. */
export function stubDeletedUser(name = 'former.rep'): StubUser {
  return {
    name,
    deleted: true,
    is_bot: false,
    is_app_user: false,
    profile: { real_name: 'Former Rep', display_name: name },
  };
}

/** A person who authorized this app (`is_app_user: true`): a human, and may carry a quota. */
export function stubAppAuthorizingUser(tz = 'America/New_York'): StubUser {
  return { name: 'ann', deleted: false, tz, is_admin: false, is_owner: false, is_bot: false, is_app_user: true };
}

/** The first bytes of every PNG file. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A message the stand-in keeps, as conversations.history and conversations.replies return it. */
export interface StubMessage {
  ts: string;
  text: string;
  blocks?: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

/**
 * How a faulty method misbehaves for its next calls: `late` delivers the message at once and answers after
 * `ms` (past the client's timeout, the client sees no answer); `drop` delivers it and closes the connection
 * without answering.
 */
export type DeliveryFault = { kind: 'late'; ms: number } | { kind: 'drop' };

/**
 * A local stand-in for Slack's Web API (point SLACK_API_URL at `apiUrl`) that records
 * every call and answers like Slack does. `responseUrl(id)` gives a response_url it accepts.
 */
export class SlackStub {
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, StubUser>();
  /** Messages posted, per channel, oldest first (thread replies included, with thread_ts). */
  readonly messages = new Map<string, StubMessage[]>();
  private readonly faults = new Map<string, DeliveryFault[]>();
  private readonly overrides = new Map<string, MethodHandler>();
  private server: Server | undefined;
  private port = 0;
  private nextTs = 1_700_000_000;
  /** Files by ID from files.getUploadURLExternal: their bytes once POSTed, the channel they were shared to. */
  readonly uploads = new Map<string, { filename: string; bytes: number | null; channel: string | null }>();
  private nextFile = 1;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id = 'r1'): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Answer `method` with this handler instead of the default. */
  on(method: string, handler: MethodHandler): void {
    this.overrides.set(method, handler);
  }

  /** Answer `method` with the default again. */
  off(method: string): void {
    this.overrides.delete(method);
  }

  /** The next `times` calls of `method` deliver but answer late, or not at all. */
  deliverWith(method: string, fault: DeliveryFault, times = 1): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...Array.from({ length: times }, () => fault)]);
  }

  /** Top-level messages and replies posted to a channel whose metadata carries `key`. */
  messagesWithKey(channel: string, key: string): StubMessage[] {
    return (this.messages.get(channel) ?? []).filter((m) => m.metadata?.event_payload.key === key);
  }

  /** Every message posted anywhere, oldest first per channel. */
  allMessages(): StubMessage[] {
    return [...this.messages.values()].flat();
  }

  /** Records a chat.postMessage as Slack would keep it, and gives the answer Slack would. */
  deliver(params: Record<string, unknown>): StubResponse {
    const channel = String(params.channel);
    const ts = `${this.nextTs++}.000100`;
    const metadata = params.metadata as StubMessage['metadata'] | undefined;
    const message: StubMessage = {
      ts,
      text: String(params.text ?? ''),
      blocks: params.blocks,
      bot_id: 'BBOT',
      ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
      ...(metadata ? { metadata } : {}),
    };
    this.messages.set(channel, [...(this.messages.get(channel) ?? []), message]);
    return { body: { ok: true, channel, ts, message: { ...message } } };
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async start(): Promise<this> {
    const { server, port } = await listenLocal((req) => this.handle(req));
    this.server = server;
    this.port = port;
    return this;
  }

  async stop(): Promise<void> {
    await closeLocal(this.server);
  }

  /** Resolves once `predicate` holds for the recorded calls (the app's work after ack is asynchronous). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting; calls so far: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async handle(req: IncomingMessage): Promise<StubResponse> {
    if (req.url?.startsWith('/upload/')) return this.receiveUpload(req);
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stub');
    const params = parseParams(raw, req.headers['content-type']);
    if (url.pathname.startsWith('/response/')) {
      this.calls.push({
        method: `response_url:${url.pathname.slice('/response/'.length)}`,
        params,
        headers: req.headers,
      });
      return { body: 'ok' };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    this.calls.push({ method, params, headers: req.headers });
    const override = this.overrides.get(method);
    if (override) return override(params);
    const fault = this.faults.get(method)?.shift();
    if (fault && method === 'chat.postMessage') {
      this.deliver(params);
      if (fault.kind === 'drop') return { drop: true };
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return { body: { ok: true, channel: params.channel, ts: 'too-late' } };
    }
    if (method === 'chat.postMessage') return this.deliver(params);
    return { body: this.defaultAnswer(method, params) };
  }

  /**
   * The bytes POSTed to an upload_url (files.uploadV2's second step), as Slack takes them: any body, answered
   * `OK - <length>`. Recorded as the call `upload` with the file ID, the size and whether a PNG is inside.
   */
  private async receiveUpload(req: IncomingMessage): Promise<StubResponse> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const fileId = (req.url ?? '').slice('/upload/'.length);
    const png = bytes.includes(PNG_SIGNATURE);
    this.calls.push({ method: 'upload', params: { file_id: fileId, bytes: bytes.length, png }, headers: req.headers });
    const upload = this.uploads.get(fileId);
    if (!upload) return { status: 404, body: 'Not Found' };
    upload.bytes = bytes.length;
    return { body: `OK - ${bytes.length}` };
  }

  /** files.getUploadURLExternal: a file ID and an upload_url on the stand-in itself. */
  private uploadUrl(params: Record<string, unknown>): unknown {
    if (!params.filename || !params.length) return { ok: false, error: 'invalid_arguments' };
    const fileId = `F${String(this.nextFile++).padStart(8, '0')}`;
    this.uploads.set(fileId, { filename: String(params.filename), bytes: null, channel: null });
    return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
  }

  /** files.completeUploadExternal: each file must have been uploaded; shared to `channel_id` when given. */
  private completeUpload(params: Record<string, unknown>): unknown {
    const files = Array.isArray(params.files) ? (params.files as { id?: string; title?: string }[]) : [];
    if (files.length === 0) return { ok: false, error: 'invalid_arguments' };
    for (const file of files) {
      const upload = this.uploads.get(String(file.id));
      if (!upload || upload.bytes === null) return { ok: false, error: 'file_not_found' };
      upload.channel = params.channel_id ? String(params.channel_id) : null;
    }
    return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? '' })) };
  }

  /**
   * users.lookupByEmail as Slack answers it (https://docs.slack.dev/reference/methods/users.lookupByEmail/): the
   * member whose profile has the email, case-insensitively, else `users_not_found`.
   */
  private lookupByEmail(params: Record<string, unknown>): unknown {
    const email = String(params.email ?? '').toLowerCase();
    const found = [...this.users].find(([, user]) => user.profile?.email?.toLowerCase() === email);
    if (!found) return { ok: false, error: 'users_not_found' };
    const [id, user] = found;
    return { ok: true, user: { id, ...user } };
  }

  /**
   * users.list (https://docs.slack.dev/reference/methods/users.list/): every member, deleted ones included, `limit`
   * at a time, with an opaque cursor in `response_metadata.next_cursor` (empty on the last page), as Slack's
   * pagination does (https://docs.slack.dev/apis/web-api/pagination).
   */
  private listUsers(params: Record<string, unknown>): unknown {
    const all = [...this.users].map(([id, user]) => ({ id, ...user }));
    const limit = Math.max(1, Number(params.limit) || all.length || 1);
    const cursor = params.cursor ? String(params.cursor) : '';
    const offset = Buffer.from(cursor, 'base64')
      .toString('utf8')
      .replace(/^offset:/, '');
    const start = cursor === '' ? 0 : Number(offset);
    if (!Number.isInteger(start) || start < 0) return { ok: false, error: 'invalid_cursor' };
    const members = all.slice(start, start + limit);
    const next = start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
    return { ok: true, members, response_metadata: { next_cursor: next } };
  }

  /** conversations.history and conversations.replies, newest first, metadata only when asked for. */
  private history(method: string, params: Record<string, unknown>): unknown {
    const channel = String(params.channel);
    const all = this.messages.get(channel);
    if (!all) return { ok: true, messages: [], has_more: false };
    const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
    // `oldest` is not applied: the stand-in's ts are a counter, not the tests' simulated instants. It keeps few
    // messages, and returns them all.
    const found =
      method === 'conversations.replies'
        ? all.filter((m) => m.ts === String(params.ts) || m.thread_ts === String(params.ts))
        : all.filter((m) => !m.thread_ts).reverse();
    const messages = found.map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
    return { ok: true, messages, has_more: false };
  }

  private defaultAnswer(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'focus_coach' };
      case 'users.info': {
        const id = String(params.user);
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, ...user } };
      }
      case 'users.lookupByEmail':
        return this.lookupByEmail(params);
      case 'users.list':
        return this.listUsers(params);
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users)}` } };
      case 'chat.postEphemeral':
        return { ok: true, channel: params.channel, ts: `${this.nextTs++}.000100` };
      case 'conversations.history':
      case 'conversations.replies':
        return this.history(method, params);
      case 'files.getUploadURLExternal':
        return this.uploadUrl(params);
      case 'files.completeUploadExternal':
        return this.completeUpload(params);
      case 'chat.update': {
        const message = this.messages.get(String(params.channel))?.find((m) => m.ts === String(params.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        Object.assign(message, { text: String(params.text ?? message.text), blocks: params.blocks ?? message.blocks });
        return { ok: true, channel: params.channel, ts: params.ts };
      }
      default:
        return { ok: true };
    }
  }
}
