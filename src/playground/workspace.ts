/**
 * The playground's local workspace: a stand-in for Slack's Web API that keeps what the
 * app sends (DMs, channel posts and threads, ephemeral replies, Home tabs, open modals)
 * so the page can show it. The app talks to it over HTTP exactly as it talks to Slack.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { FileStore } from './files.js';
import { closeLocal, type LocalAnswer, listenLocal } from './local-http.js';

export interface Person {
  id: string;
  /** The full name, as users.info's real_name and users.list give it (a CRM export names owners so). */
  name: string;
  tz: string;
  isAdmin?: boolean;
  /** What users.lookupByEmail finds the person by (a CRM owner's email). */
  email?: string;
}

export interface PostedMessage {
  ts: string;
  /** The person who wrote it, or null for the app. */
  user: string | null;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** Only its user sees it (a slash command's reply, or a response_url answer). */
  ephemeral?: boolean;
  /** Files shared with the message (completeUploadExternal with a channel). */
  files?: { id: string; title: string; alt: string }[];
}

export interface OpenView {
  id: string;
  view: Record<string, unknown>;
}

export class LocalWorkspace {
  readonly teamId = 'TDEMO';
  readonly botUserId = 'UFOCUSBOT';
  readonly people = new Map<string, Person>();
  readonly channels = new Map<string, string>([['C0SALES', 'sales']]);
  /** By conversation: `D<user>` for a DM with the app, or a channel ID. */
  readonly conversations = new Map<string, PostedMessage[]>();
  readonly homes = new Map<string, Record<string, unknown>>();
  readonly modals = new Map<string, OpenView[]>();
  /** Files uploaded through files.getUploadURLExternal and completeUploadExternal. */
  readonly files = new FileStore(() => this.port);
  /** Told after anything shown changed (messages, Homes): the playground saves the conversation. */
  onChange: () => void = () => {};
  private server: Server | undefined;
  private port = 0;
  private seq = 0;
  private viewSeq = 0;
  /** View IDs differ between runs, so a page never takes a new modal for the one it showed before a restart. */
  private readonly viewTag = randomBytes(3).toString('hex').toUpperCase();
  /** Which person a trigger_id belongs to (views.open is addressed by trigger). */
  private readonly triggers = new Map<string, string>();

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url for an answer to `messageTs` (the message whose button was pressed), when known. */
  responseUrl(userId: string, conversation: string, messageTs = ''): string {
    const parts = [userId, conversation, messageTs].map(encodeURIComponent).join('/');
    return `http://127.0.0.1:${this.port}/response/${parts}`;
  }

  nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  trigger(userId: string): string {
    const id = `${Date.now()}.${++this.seq}.playground`;
    this.triggers.set(id, userId);
    return id;
  }

  /** The DM channel of a person with the app (as `cli seed` records it: U… → D…). */
  dmOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  post(conversation: string, message: PostedMessage): void {
    const list = this.conversations.get(conversation) ?? [];
    list.push(message);
    this.conversations.set(conversation, list);
    this.onChange();
  }

  closeModal(userId: string, viewId: string): void {
    this.modals.set(
      userId,
      (this.modals.get(userId) ?? []).filter((v) => v.id !== viewId),
    );
  }

  /** A view_submission's `response_action`: push a view on the stack, update the submitted one, or clear all. */
  answerSubmission(userId: string, viewId: string, answer: { response_action?: string; view?: unknown }): void {
    const stack = this.modals.get(userId) ?? [];
    const view = answer.view as Record<string, unknown> | undefined;
    switch (answer.response_action) {
      case 'push':
        if (view) this.modals.set(userId, [...stack, { id: `V${this.viewTag}${++this.viewSeq}`, view }]);
        return;
      case 'update':
        if (view)
          this.modals.set(
            userId,
            stack.map((open) => (open.id === viewId ? { id: viewId, view } : open)),
          );
        return;
      case 'clear':
        this.modals.set(userId, []);
        return;
      default:
        this.closeModal(userId, viewId);
    }
  }

  clear(): void {
    this.conversations.clear();
    this.homes.clear();
    this.modals.clear();
    this.triggers.clear();
    this.files.clear();
    this.onChange();
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

  private async handle(req: IncomingMessage): Promise<LocalAnswer> {
    const url = new URL(req.url ?? '/', 'http://workspace');
    if (url.pathname.startsWith('/upload/'))
      return this.files.receive(
        url.pathname.slice(8),
        uploadedBytes(await readBytes(req), req.headers['content-type']),
      );
    if (url.pathname.startsWith('/files/')) return this.files.serve(url.pathname.slice(7));
    const raw = await readBody(req);
    const params = parseParams(raw, req.headers['content-type']);
    if (url.pathname.startsWith('/response/')) {
      const [, , , conversation = '', messageTs = ''] = url.pathname.split('/').map(decodeURIComponent);
      return { body: this.respond(conversation, messageTs, params) };
    }
    return { body: this.call(url.pathname.replace(/^\/api\//, ''), params) };
  }

  /** A response_url answer: a new ephemeral message, or the one it answers redrawn. */
  private respond(conversation: string, messageTs: string, params: Record<string, unknown>): unknown {
    const list = this.conversations.get(conversation) ?? [];
    const message: PostedMessage = {
      ts: this.nextTs(),
      user: null,
      text: String(params.text ?? ''),
      blocks: params.blocks as unknown[] | undefined,
      ephemeral: true,
    };
    if (params.replace_original === true || params.replace_original === 'true') {
      const original = list.find((m) => m.ts === messageTs);
      if (original) {
        Object.assign(original, { text: message.text, blocks: message.blocks });
        this.onChange();
        return { ok: true };
      }
    }
    this.post(conversation, message);
    return { ok: true };
  }

  private call(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: this.botUserId, bot_id: 'BFOCUSBOT', team_id: this.teamId, user: 'focus_coach' };
      case 'users.info': {
        const person = this.people.get(String(params.user));
        if (!person) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: slackUser(person) };
      }
      case 'users.lookupByEmail': {
        const email = String(params.email ?? '').toLowerCase();
        const person = [...this.people.values()].find((p) => p.email?.toLowerCase() === email);
        return person ? { ok: true, user: slackUser(person) } : { ok: false, error: 'users_not_found' };
      }
      case 'users.list':
        // One page holds the few people of the playground: an empty next_cursor ends the listing.
        return { ok: true, members: [...this.people.values()].map(slackUser), response_metadata: { next_cursor: '' } };
      case 'conversations.open':
        return { ok: true, channel: { id: this.dmOf(String(params.users)) } };
      case 'chat.postMessage': {
        const channel = String(params.channel);
        const ts = this.nextTs();
        this.post(channel, {
          ts,
          user: null,
          text: String(params.text ?? ''),
          blocks: params.blocks as unknown[] | undefined,
          threadTs: params.thread_ts ? String(params.thread_ts) : undefined,
        });
        return { ok: true, channel, ts };
      }
      case 'chat.update': {
        const message = (this.conversations.get(String(params.channel)) ?? []).find((m) => m.ts === String(params.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(params.text ?? message.text);
        if (params.blocks !== undefined) message.blocks = params.blocks as unknown[];
        this.onChange();
        return { ok: true, channel: params.channel, ts: params.ts };
      }
      case 'views.publish':
        this.homes.set(String(params.user_id), params.view as Record<string, unknown>);
        this.onChange();
        return { ok: true, view: { id: `VHOME${String(params.user_id)}` } };
      case 'views.open': {
        const user = this.triggers.get(String(params.trigger_id));
        if (!user) return { ok: false, error: 'invalid_trigger_id' };
        const id = `V${this.viewTag}${++this.viewSeq}`;
        this.modals.set(user, [...(this.modals.get(user) ?? []), { id, view: params.view as Record<string, unknown> }]);
        return { ok: true, view: { id } };
      }
      case 'files.getUploadURLExternal':
        return { ok: true, ...this.files.reserve(String(params.filename ?? 'file'), String(params.alt_text ?? '')) };
      case 'files.completeUploadExternal':
        return this.completeUpload(params);
      default:
        return { ok: true };
    }
  }

  /** As Slack does: the files are shared into channel_id (with thread_ts) as one message carrying them. */
  private completeUpload(params: Record<string, unknown>): unknown {
    const listed = Array.isArray(params.files) ? (params.files as { id?: string; title?: string }[]) : [];
    const files = listed.map((f) => this.files.complete(String(f.id), f.title));
    if (files.some((f) => f === null)) return { ok: false, error: 'file_not_found' };
    const shared = files.filter((f) => f !== null);
    if (params.channel_id) {
      this.post(String(params.channel_id), {
        ts: this.nextTs(),
        user: null,
        text: String(params.initial_comment ?? ''),
        files: shared.map((f) => ({ id: f.id, title: f.title, alt: f.alt })),
        threadTs: params.thread_ts ? String(params.thread_ts) : undefined,
      });
    }
    return { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title, name: f.name })) };
  }
}

/**
 * A person as users.info, users.lookupByEmail and users.list describe a member
 * (https://docs.slack.dev/reference/methods/users.info/): an active human, names in the profile too.
 */
function slackUser(person: Person): Record<string, unknown> {
  const first = person.name.split(' ')[0] ?? person.name;
  return {
    id: person.id,
    name: first.toLowerCase(),
    real_name: person.name,
    tz: person.tz,
    is_admin: !!person.isAdmin,
    deleted: false,
    is_bot: false,
    profile: { real_name: person.name, display_name: first, ...(person.email ? { email: person.email } : {}) },
  };
}

/** An upload URL takes the bytes as they are, or (as the Web API client sends them) as a multipart form's one part. */
function uploadedBytes(raw: Buffer, contentType: string | undefined): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return raw;
  const marker = `--${boundary[1] ?? boundary[2]}`;
  const start = raw.indexOf('\r\n\r\n', raw.indexOf(marker));
  const end = raw.indexOf(`\r\n${marker}`, start);
  return start < 0 || end < 0 ? raw : raw.subarray(start + 4, end);
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends form bodies whose structured fields (blocks, view) are JSON strings. */
export function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    try {
      params[key] = /^[[{]/.test(value) || value === 'true' || value === 'false' ? JSON.parse(value) : value;
    } catch {
      params[key] = value;
    }
  }
  return params;
}
