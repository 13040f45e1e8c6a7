import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type TempStorage, tempDatabaseFile } from './db.js';
import { BOT_TOKEN, type PostResult, postSigned, SIGNING_SECRET, type SignedOptions, TEAM } from './harness.js';
import { SlackStub } from './slack-stub.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A child process whose stdout and stderr are kept, interleaved, for `output()`. */
export type RunningProcess = ChildProcess & { output: () => string };

/** Runs a TypeScript entry point of the project as its own Node process (as `npm start` does). */
export function runTs(entry: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return Object.assign(child, { output: () => output });
}

export async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return new Promise((ok) => child.once('exit', (code) => ok(code)));
}

export async function waitForHealthy(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Kills (SIGKILL) a child that has neither exited nor been killed yet: for the cleanup after a failed test. */
export function killIfRunning(child: ChildProcess | undefined): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// --- The real server and CLI against a stand-in Slack -------------------------------------------------

/** The base URL of a server listening on `port` of this machine. */
export function localUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

export interface ServerSetup {
  stub: SlackStub;
  databasePath: string;
  port: number;
  /** LOG_LEVEL; unset, the server's own default. */
  logLevel?: string;
}

/** The environment of the real server in HTTP mode against the stand-in Slack, with the scheduler off. */
export function serverEnv({ stub, databasePath, port, logLevel }: ServerSetup): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: stub.apiUrl,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    SCHEDULER: 'off',
    ...(logLevel === undefined ? {} : { LOG_LEVEL: logLevel }),
  };
}

/**
 * Runs the real server (src/index.ts) with `env` (see serverEnv) and waits until it answers /healthz on
 * env.PORT. A server that never gets there is killed before the error is thrown.
 */
export async function startServer(env: Record<string, string>): Promise<RunningProcess> {
  const server = runTs('src/index.ts', [], env);
  try {
    await waitForHealthy(localUrl(Number(env.PORT)));
  } catch (error) {
    killIfRunning(server);
    throw error;
  }
  return server;
}

/** Runs `cli <args>` (src/cli.ts) against the stand-in Slack and a database file, as cron would. */
export function runCli(
  args: string[],
  { stub, databasePath, logLevel }: { stub: SlackStub; databasePath: string; logLevel: string },
): RunningProcess {
  return runTs('src/cli.ts', args, {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: stub.apiUrl,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: logLevel,
  });
}

/** A signed `/focus <text>` from `user` (default UREP1) in channel C1, posted to the server at `url`. */
export function postFocus(
  url: string,
  stub: SlackStub,
  text: string,
  { user = 'UREP1', ...signed }: { user?: string } & SignedOptions = {},
): Promise<PostResult> {
  const body = new URLSearchParams({
    command: '/focus',
    text,
    team_id: TEAM,
    user_id: user,
    channel_id: 'C1',
    response_url: stub.responseUrl(),
    trigger_id: '1.2.3',
  }).toString();
  return postSigned(`${url}/slack/events`, body, 'application/x-www-form-urlencoded', signed);
}

/** A signed message event: `user` writes `text` in their DM with the app (channel D<user>). */
export function postDm(
  url: string,
  { user, text, eventId, ts }: { user: string; text: string; eventId: string; ts: string },
  signed: SignedOptions = {},
): Promise<PostResult> {
  const body = JSON.stringify({
    team_id: TEAM,
    api_app_id: 'A_FOCUS',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel: `D${user}`, user, text, ts, channel_type: 'im' },
  });
  return postSigned(`${url}/slack/events`, body, 'application/json', signed);
}

export interface ProcessFixture {
  /** The stand-in Slack the processes talk to. */
  readonly stub: SlackStub;
  /** An empty migrated database file, closed, for the processes to open. */
  readonly temp: TempStorage;
  /** Processes to kill (SIGKILL) after the describe's tests if they are still running. */
  readonly children: ChildProcess[];
  /** Starts the real server on a free port against `stub` and `temp` (see serverEnv and startServer), tracked. */
  startServer(options?: {
    logLevel?: string;
  }): Promise<{ server: RunningProcess; url: string; env: Record<string, string> }>;
  /** Runs `cli <args>` against `stub` and `temp` (see runCli), tracked. */
  runCli(args: string[], logLevel: string): RunningProcess;
}

/**
 * For the enclosing describe: before its tests, a stand-in Slack that knows `users` (in Los Angeles) and
 * an empty database file; after them, every child still running is killed, the stand-in stopped and the
 * file removed. Read the fields inside hooks and tests, once the stand-in has started.
 */
export function processFixture(users: readonly string[] = ['UREP1']): ProcessFixture {
  let stub: SlackStub | undefined;
  let temp: TempStorage | undefined;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    stub = await new SlackStub().start();
    for (const user of users) stub.users.set(user, { tz: 'America/Los_Angeles' });
    temp = tempDatabaseFile();
  });
  afterAll(async () => {
    for (const child of children) killIfRunning(child);
    await stub?.stop();
    temp?.remove();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('processFixture: read it in a hook or a test, after it has started');
    return value;
  };
  return {
    get stub() {
      return started(stub);
    },
    get temp() {
      return started(temp);
    },
    children,
    async startServer({ logLevel } = {}) {
      const port = await freePort();
      const env = serverEnv({ stub: started(stub), databasePath: started(temp).path, port, logLevel });
      const server = await startServer(env);
      children.push(server);
      return { server, url: localUrl(port), env };
    },
    runCli(args, logLevel) {
      const child = runCli(args, { stub: started(stub), databasePath: started(temp).path, logLevel });
      children.push(child);
      return child;
    },
  };
}
