/**
 * A tiny stand-in for Slack's Web API, enough for an install: oauth.v2.access (exchanging a code for a workspace's
 * bot token, in the published response shape), auth.test (who a token is), chat.postMessage (recording the token it
 * came with). Each workspace's code and token are its own, so a test can tell which token every call used.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinWorkspace {
  teamId: string;
  teamName: string;
  /** The code Slack's consent page would hand the redirect for this workspace. */
  code: string;
  botToken: string;
  botUserId: string;
  botId: string;
  installerId: string;
}

export interface StandinCall {
  method: string;
  params: Record<string, string>;
  authorization: string | undefined;
}

export interface WebApiStandin {
  /** The Web API's base, as SLACK_API_URL takes it (`http://127.0.0.1:<port>/api/`). */
  apiUrl: string;
  /** The server's origin (where Slack's consent page would be). */
  origin: string;
  calls: StandinCall[];
  callsTo(method: string): StandinCall[];
  close(): Promise<void>;
}

export const APP_ID = 'A0FOCUS01';

export async function startWebApiStandin(options: {
  clientId: string;
  clientSecret: string;
  workspaces: StandinWorkspace[];
}): Promise<WebApiStandin> {
  const calls: StandinCall[] = [];
  let posted = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = url.pathname.replace(/^\/api\//, '');
      const params = { ...Object.fromEntries(url.searchParams), ...parseBody(await readBody(req), req) };
      const authorization = req.headers.authorization;
      calls.push({ method, params, authorization });
      const answer = respond(method, params, authorization, options, () => ++posted);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    close: () => closeServer(server),
  };
}

function respond(
  method: string,
  params: Record<string, string>,
  authorization: string | undefined,
  options: { clientId: string; clientSecret: string; workspaces: StandinWorkspace[] },
  nextMessage: () => number,
): Record<string, unknown> {
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : params.token;
  const byToken = options.workspaces.find((workspace) => workspace.botToken === bearer);
  switch (method) {
    case 'oauth.v2.access': {
      const [id, secret] = clientCredentials(params, authorization);
      if (id !== options.clientId || secret !== options.clientSecret) return { ok: false, error: 'invalid_client_id' };
      const workspace = options.workspaces.find((candidate) => candidate.code === params.code);
      if (!workspace) return { ok: false, error: 'invalid_code' };
      // Slack's published example of a bot install (docs.slack.dev, oauth.v2.access), for this workspace.
      return {
        ok: true,
        access_token: workspace.botToken,
        token_type: 'bot',
        scope: 'commands,chat:write,chat:write.public,im:write,im:history,users:read',
        bot_user_id: workspace.botUserId,
        app_id: APP_ID,
        team: { name: workspace.teamName, id: workspace.teamId },
        enterprise: null,
        is_enterprise_install: false,
        authed_user: { id: workspace.installerId },
      };
    }
    case 'auth.test':
      if (!byToken) return { ok: false, error: 'invalid_auth' };
      return {
        ok: true,
        url: `https://${byToken.teamName.toLowerCase().replace(/\W+/g, '-')}.slack.com/`,
        team: byToken.teamName,
        user: 'focus_coach',
        team_id: byToken.teamId,
        user_id: byToken.botUserId,
        bot_id: byToken.botId,
        is_enterprise_install: false,
      };
    case 'chat.postMessage':
      if (!byToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, channel: params.channel, ts: `1700000000.${String(nextMessage()).padStart(6, '0')}` };
    default:
      return { ok: false, error: 'unknown_method' };
  }
}

/** oauth.v2.access takes the client's credentials as HTTP Basic auth or in the body. */
function clientCredentials(params: Record<string, string>, authorization: string | undefined): [string?, string?] {
  if (authorization?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8').split(':');
    return [id, secret];
  }
  return [params.client_id, params.client_secret];
}

function parseBody(body: string, req: IncomingMessage): Record<string, string> {
  if (!body) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return Object.fromEntries(
      Object.entries(JSON.parse(body) as Record<string, unknown>).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    );
  }
  return Object.fromEntries(new URLSearchParams(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
