/**
 * A stand-in for Slack's Web API serving many workspaces at once, for the replica tests and the simulation
 * (scripts/simulate.ts). Built from Slack's published request and response shapes (docs.slack.dev/reference/methods):
 *
 * - the workspace is the one whose bot token the request carries (`Authorization: Bearer xoxb-…`, or a `token`
 *   parameter); an unknown token gets `invalid_auth`, as Slack answers it;
 * - auth.test, conversations.open (a DM channel per member), chat.postMessage (kept per workspace and channel,
 *   with its metadata), conversations.history (newest first, `limit` and `cursor` pagination, metadata only with
 *   `include_all_metadata`, so the exactly-once recovery can find an earlier post by its key), users.info,
 *   views.publish;
 * - chat.postMessage is rate limited per workspace (a token bucket: `postsPerSecond`, `burst`), and a post over the
 *   limit is refused with HTTP 429, a `Retry-After` header in whole seconds and `{ ok: false, error: 'ratelimited' }`,
 *   as Slack does (docs.slack.dev/apis/web-api/rate-limits). A refused post is not delivered.
 *
 * Every delivered post is counted by (workspace, member, kind, date), the last three read from the coach's key in
 * the message metadata (`team:user:kind:date`, db/sends.ts), so a test can assert exactly one of each.
 *
 * Several processes can be told apart: `apiUrlVia(tag)` is the same API under `/via/<tag>/api/`, and every
 * recorded post carries the tag it came through.
 */
import type { IncomingMessage, Server } from 'node:http';
import { closeLocal, type LocalAnswer, listenLocal } from '../../src/playground/local-http.js';
import { parseParams, readBody } from '../../src/playground/workspace.js';

export interface StandinWorkspace {
  teamId: string;
  botToken: string;
  botUserId: string;
  /** users.info's `tz` per member; members not listed get `defaultTz`. */
  timezones?: Record<string, string>;
}

/** Slack's chat.postMessage limit per workspace, as the stand-in enforces it. */
export interface PostRateLimit {
  postsPerSecond: number;
  /** Posts allowed back to back before the rate applies (Slack: "short bursts"). */
  burst: number;
}

/** One delivered chat.postMessage. */
export interface DeliveredPost {
  /** The workspace of the token it came with. */
  team: string;
  channel: string;
  /** The member whose DM the channel is (null for a channel that is no DM this stand-in opened). */
  user: string | null;
  text: string;
  ts: string;
  /** The metadata event_payload's `key` (the coach's send key), when there is one. */
  key: string | null;
  /** Real time it was delivered at (ms). */
  at: number;
  /** The `/via/<tag>` it came through, or '' for the plain API URL. */
  via: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** What a test can do with a post before it is answered: answer it now (undefined), later, or otherwise. */
export type BeforeAnswer = (post: DeliveredPost) => undefined | Promise<LocalAnswer | undefined>;

interface Bucket {
  tokens: number;
  at: number;
}

export class MultiWorkspaceStandin {
  private server: Server | undefined;
  private port = 0;
  private readonly byToken = new Map<string, StandinWorkspace>();
  /** Messages per `team channel`, oldest first. */
  private readonly channels = new Map<string, DeliveredPost[]>();
  /** DM channel → member, per workspace (`team channel`). */
  private readonly dmOwners = new Map<string, string>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly counts = new Map<string, number>();
  private seq = 0;
  /** Every delivered post, in delivery order. */
  readonly posts: DeliveredPost[] = [];
  /** chat.postMessage calls refused with a 429, per workspace. */
  readonly rateLimited = new Map<string, number>();
  /** Calls per Web API method (all workspaces). */
  readonly methodCalls = new Map<string, number>();
  /** views.publish calls per `team user`. */
  readonly homeViews = new Map<string, number>();
  /** Posts whose metadata key names another workspace than the token's: must stay empty. */
  readonly crossWorkspace: DeliveredPost[] = [];
  /** Set by a test to hold or fault posts after they are delivered (the kill -9 test holds answers). */
  beforeAnswer: BeforeAnswer | undefined;

  constructor(private readonly options: { rateLimit?: PostRateLimit; defaultTz?: string; now?: () => number } = {}) {}

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The same API, with the requests tagged `tag` (one per process, to tell which one posted). */
  apiUrlVia(tag: string): string {
    return `http://127.0.0.1:${this.port}/via/${encodeURIComponent(tag)}/api/`;
  }

  addWorkspace(workspace: StandinWorkspace): void {
    this.byToken.set(workspace.botToken, workspace);
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

  /** Delivered posts to `user` of `team` of that kind and date (the coach's key names them). */
  postCount(team: string, user: string, kind: string, date: string): number {
    return this.counts.get(countKey(team, user, kind, date)) ?? 0;
  }

  /** Every (workspace, member, kind, date) posted to, with how many times. */
  countsByRecipient(): Map<string, number> {
    return new Map(this.counts);
  }

  totalRateLimited(): number {
    let total = 0;
    for (const n of this.rateLimited.values()) total += n;
    return total;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async handle(req: IncomingMessage): Promise<LocalAnswer> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const via = /^\/via\/([^/]+)\/api\//.exec(url.pathname);
    const method = url.pathname.replace(/^\/via\/[^/]+/, '').replace(/^\/api\//, '');
    const params = {
      ...Object.fromEntries(url.searchParams),
      ...parseParams(await readBody(req), req.headers['content-type']),
    };
    this.methodCalls.set(method, (this.methodCalls.get(method) ?? 0) + 1);
    const workspace = this.byToken.get(bearerOf(req, params));
    if (!workspace) return { body: { ok: false, error: 'invalid_auth' } };
    switch (method) {
      case 'auth.test':
        return {
          body: {
            ok: true,
            url: `https://${workspace.teamId.toLowerCase()}.slack.com/`,
            team: `Team ${workspace.teamId}`,
            user: 'focus_coach',
            team_id: workspace.teamId,
            user_id: workspace.botUserId,
            bot_id: `B${workspace.teamId}`,
            is_enterprise_install: false,
          },
        };
      case 'conversations.open':
        return { body: this.open(workspace, params) };
      case 'chat.postMessage':
        return this.post(workspace, params, via ? decodeURIComponent(via[1] ?? '') : '');
      case 'conversations.history':
        return { body: this.history(workspace, params) };
      case 'users.info': {
        const id = String(params.user ?? '');
        const tz = workspace.timezones?.[id] ?? this.options.defaultTz ?? 'America/Los_Angeles';
        return {
          body: {
            ok: true,
            user: { id, team_id: workspace.teamId, name: id.toLowerCase(), deleted: false, tz, is_admin: false },
          },
        };
      }
      case 'views.publish': {
        const key = `${workspace.teamId} ${String(params.user_id ?? '')}`;
        this.homeViews.set(key, (this.homeViews.get(key) ?? 0) + 1);
        return { body: { ok: true, view: { id: `V${++this.seq}`, type: 'home' } } };
      }
      default:
        return { body: { ok: true } };
    }
  }

  /** conversations.open with `users`: the member's DM, the same channel each time. */
  private open(workspace: StandinWorkspace, params: Record<string, unknown>): unknown {
    const user = String(params.users ?? '');
    if (!user || user.includes(',')) return { ok: false, error: 'not_enough_users' };
    const channel = `D${user}`;
    this.dmOwners.set(`${workspace.teamId} ${channel}`, user);
    return { ok: true, channel: { id: channel } };
  }

  private async post(workspace: StandinWorkspace, params: Record<string, unknown>, via: string): Promise<LocalAnswer> {
    const team = workspace.teamId;
    const retryAfter = this.takeToken(team);
    if (retryAfter !== null) {
      this.rateLimited.set(team, (this.rateLimited.get(team) ?? 0) + 1);
      return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
    }
    const channel = String(params.channel ?? '');
    if (!channel) return { body: { ok: false, error: 'channel_not_found' } };
    const metadata = params.metadata as DeliveredPost['metadata'] | undefined;
    const key = typeof metadata?.event_payload?.key === 'string' ? metadata.event_payload.key : null;
    const at = this.now();
    const post: DeliveredPost = {
      team,
      channel,
      user: this.dmOwners.get(`${team} ${channel}`) ?? null,
      text: String(params.text ?? ''),
      ts: `${Math.floor(at / 1000)}.${String(++this.seq % 1_000_000).padStart(6, '0')}`,
      key,
      at,
      via,
      ...(metadata ? { metadata } : {}),
    };
    this.posts.push(post);
    this.channels.set(`${team} ${channel}`, [...(this.channels.get(`${team} ${channel}`) ?? []), post]);
    if (key !== null) {
      const [keyTeam = '', , kind = '', date = ''] = key.split(':');
      if (keyTeam !== team) this.crossWorkspace.push(post);
      const counted = countKey(team, post.user ?? key.split(':')[1] ?? '', kind, date);
      this.counts.set(counted, (this.counts.get(counted) ?? 0) + 1);
    }
    const answer: LocalAnswer = {
      body: {
        ok: true,
        channel,
        ts: post.ts,
        message: { type: 'message', text: post.text, ts: post.ts, bot_id: `B${team}` },
      },
    };
    const held = this.beforeAnswer?.(post);
    if (held === undefined) return answer;
    return (await held) ?? answer;
  }

  /**
   * conversations.history: the channel's messages newest first, `limit` at a time (Slack's default 100) with
   * `response_metadata.next_cursor`. `oldest` is not applied: the tests' instants are simulated (a December
   * morning), the stand-in's ts are real time, and each channel holds few messages.
   */
  private history(workspace: StandinWorkspace, params: Record<string, unknown>): unknown {
    const all = [...(this.channels.get(`${workspace.teamId} ${String(params.channel ?? '')}`) ?? [])].reverse();
    const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
    const limit = Math.max(1, Math.min(999, Number(params.limit) || 100));
    const start = params.cursor ? Number(Buffer.from(String(params.cursor), 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) return { ok: false, error: 'invalid_cursor' };
    const page = all.slice(start, start + limit).map((post) => ({
      type: 'message',
      ts: post.ts,
      text: post.text,
      bot_id: `B${post.team}`,
      ...(withMetadata && post.metadata ? { metadata: post.metadata } : {}),
    }));
    const more = start + limit < all.length;
    return {
      ok: true,
      messages: page,
      has_more: more,
      response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64') : '' },
    };
  }

  /** Takes one post from the workspace's bucket: null when allowed, else the Retry-After in whole seconds. */
  private takeToken(team: string): number | null {
    const limit = this.options.rateLimit;
    if (!limit) return null;
    const now = this.now();
    const bucket = this.buckets.get(team) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.postsPerSecond);
    bucket.at = now;
    this.buckets.set(team, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.postsPerSecond));
  }
}

function countKey(team: string, user: string, kind: string, date: string): string {
  return `${team} ${user} ${kind} ${date}`;
}

/** The token a Web API call carries: the Authorization header's bearer, else the `token` parameter. */
function bearerOf(req: IncomingMessage, params: Record<string, unknown>): string {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return typeof params.token === 'string' ? params.token : '';
}
