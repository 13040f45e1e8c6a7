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
}

/**
 * A local stand-in for Slack's Web API (point SLACK_API_URL at `apiUrl`) that records
 * every call and answers like Slack does. `responseUrl(id)` gives a response_url it accepts.
 */
export class SlackStub {
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, StubUser>();
  private readonly overrides = new Map<string, MethodHandler>();
  private server: Server | undefined;
  private port = 0;
  private nextTs = 1_700_000_000;

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
    return { body: this.defaultAnswer(method, params) };
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
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users)}` } };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return { ok: true, channel: params.channel, ts: `${this.nextTs++}.000100` };
      default:
        return { ok: true };
    }
  }
}
