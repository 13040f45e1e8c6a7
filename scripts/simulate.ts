/**
 * The replica simulation of issue 14 ("The hot paths at the limit"): many installed workspaces, two replicas on one
 * Postgres, a Web API stand-in (tests/support/multi-workspace-standin.ts) that limits chat.postMessage per workspace
 * and refuses what is over the limit with 429 and Retry-After, as Slack does. Every rep's check-in is due at the
 * same minute. Reports whether every rep got exactly one (none lost, none twice), the time from the check-in minute
 * to the last delivery against the least the rate limits allow (reps per workspace / posts per second), and the
 * 429s. Prints the figures; no assertions, but the exit code is 1 when a check-in is missing or doubled.
 *
 *   npm run simulate                                   # 100 workspaces × 100 reps, 5 posts/s per workspace
 *   npm run simulate -- --workspaces 10 --reps 20 --rate 5 --burst 5 --max-minutes 30
 *
 * SIM_DATABASE_URL names the server (default postgres://root@127.0.0.1:5432/postgres); the run creates its own
 * database there (focus_sim_<pid>_<time>) and drops it at the end.
 *
 * The replicas are scheduler loops as the server runs them (scheduler/clock.ts: a pass each minute, none while the
 * last is still running), each pass a `cli tick --now <the minute>` process in distributed mode (every workspace's
 * token from its installation). The server's own clock runs on real time, and this simulation needs a chosen
 * instant: Tuesday 2026-12-01 08:45 in Los Angeles, every rep's check-in minute. Minute k of the simulation is that
 * instant plus k minutes, started k real minutes after the first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../src/storage/open.js';
import { fleetEnv, fleetOf, registerFleet, seedFleet } from '../tests/replicas/fleet.js';
import { MultiWorkspaceStandin } from '../tests/support/multi-workspace-standin.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHECKIN_MINUTE = Date.parse('2026-12-01T08:45:00-08:00');
const DATE = '2026-12-01';
const MINUTE = 60_000;

const { values } = parseArgs({
  options: {
    workspaces: { type: 'string', default: '100' },
    reps: { type: 'string', default: '100' },
    rate: { type: 'string', default: '5' },
    burst: { type: 'string', default: '5' },
    replicas: { type: 'string', default: '2' },
    'max-minutes': { type: 'string', default: '30' },
  },
});
const WORKSPACES = Number(values.workspaces);
const REPS = Number(values.reps);
const RATE = Number(values.rate);
const BURST = Number(values.burst);
const REPLICAS = Number(values.replicas);
const MAX_MINUTES = Number(values['max-minutes']);

/** One pass of a replica: a `cli tick` process, its output kept. */
interface Tick {
  child: ChildProcess;
  output: string;
  done: Promise<number | null>;
  /** CPU time (user + system) of the process, last sampled (sampleCpu) before it exited. */
  cpuMs: number;
}

/** Linux: a process's user + system CPU time from /proc/<pid>/stat (clock ticks of 10 ms); null once it is gone. */
function cpuOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function sampleCpu(pass: Tick): void {
  if (pass.child.exitCode !== null || pass.child.signalCode !== null) return;
  pass.cpuMs = cpuOf(pass.child.pid) ?? pass.cpuMs;
}

function tick(env: Record<string, string>, now: number): Tick {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'tick', '--now', new Date(now).toISOString()],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const running: Tick = { child, output: '', done: Promise.resolve(null), cpuMs: 0 };
  const keep = (chunk: Buffer) => {
    running.output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  running.done = new Promise((ok) => child.once('exit', (code) => ok(code)));
  return running;
}

/**
 * A replica's scheduler loop: a pass at each minute unless its last pass is still running (then that minute is
 * skipped, as the server's clock does), until `stop()`.
 */
function replicaLoop(name: string, env: (tag: string) => Record<string, string>, t0: number) {
  const passes: Tick[] = [];
  let current: Tick | null = null;
  let minute = 0;
  let skipped = 0;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (current) skipped++;
    else {
      const pass = tick(env(`${name}${minute}`), CHECKIN_MINUTE + minute * MINUTE);
      current = pass;
      passes.push(pass);
      void pass.done.then(() => {
        current = null;
      });
    }
    minute++;
    timer = setTimeout(fire, t0 + minute * MINUTE - Date.now());
  };
  fire();
  return {
    name,
    passes,
    skipped: () => skipped,
    async stop(): Promise<void> {
      clearTimeout(timer);
      await Promise.all(passes.map((pass) => pass.done));
    },
    kill(): void {
      for (const pass of passes)
        if (pass.child.exitCode === null && pass.child.signalCode === null) pass.child.kill('SIGKILL');
    },
  };
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const server = process.env.SIM_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `focus_sim_${process.pid}_${Date.now().toString(36)}`;
  const url = databaseUrl(server, name);
  await admin(server, `create database "${name}"`);
  const standin = new MultiWorkspaceStandin({ rateLimit: { postsPerSecond: RATE, burst: BURST } });
  const loops: ReturnType<typeof replicaLoop>[] = [];
  try {
    const fleet = fleetOf(WORKSPACES, REPS);
    const seedStarted = Date.now();
    const store = await openStore({ url, poolSize: 8 });
    try {
      await seedFleet(store, fleet, { quarterOf: DATE, parallel: 8 });
    } finally {
      await store.close();
    }
    console.log(`seeded ${WORKSPACES} workspaces × ${REPS} reps in ${seconds(Date.now() - seedStarted)} s (${name})`);
    await standin.start();
    registerFleet(standin, fleet);
    const total = WORKSPACES * REPS;
    const deliveredAll = () => standin.posts.length >= total;

    const t0 = Date.now();
    const standinCpu = process.cpuUsage();
    const sampler = setInterval(() => {
      for (const loop of loops) for (const pass of loop.passes) sampleCpu(pass);
    }, 200);
    for (let r = 0; r < REPLICAS; r++) {
      const replica = String.fromCharCode(65 + r);
      loops.push(replicaLoop(replica, (tag) => fleetEnv({ databaseUrl: url, apiUrl: standin.apiUrlVia(tag) }), t0));
    }
    let lastReport = t0;
    while (!deliveredAll() && Date.now() - t0 < MAX_MINUTES * MINUTE) {
      await new Promise((ok) => setTimeout(ok, 250));
      if (Date.now() - lastReport >= 15_000) {
        lastReport = Date.now();
        const progress = `${standin.posts.length} / ${total} delivered, ${standin.totalRateLimited()} 429s`;
        console.log(`  ${seconds(lastReport - t0)} s: ${progress}`);
      }
    }
    for (const loop of loops) await loop.stop();
    clearInterval(sampler);
    const used = process.cpuUsage(standinCpu);
    report({ standin, fleet, loops, t0, total, standinCpuMs: (used.user + used.system) / 1000 });
  } finally {
    for (const loop of loops) loop.kill();
    await standin.stop();
    await admin(server, `drop database if exists "${name}" with (force)`);
  }
}

function report({
  standin,
  fleet,
  loops,
  t0,
  total,
  standinCpuMs,
}: {
  standin: MultiWorkspaceStandin;
  fleet: ReturnType<typeof fleetOf>;
  loops: ReturnType<typeof replicaLoop>[];
  t0: number;
  total: number;
  standinCpuMs: number;
}): void {
  let missing = 0;
  let doubled = 0;
  for (const workspace of fleet) {
    for (const rep of workspace.reps) {
      const n = standin.postCount(workspace.teamId, rep, 'checkin', DATE);
      if (n === 0) missing++;
      if (n > 1) doubled++;
    }
  }
  const times = standin.posts.map((post) => post.at);
  const first = Math.min(...times);
  const last = Math.max(...times);
  // The least time: reps per workspace / posts per second (a full burst at the start saves BURST / RATE).
  const minimumS = REPS / RATE;
  // Per workspace: from the check-in minute to its last delivery.
  const lastByTeam = new Map<string, number>();
  for (const post of standin.posts) lastByTeam.set(post.team, Math.max(lastByTeam.get(post.team) ?? 0, post.at));
  const spans = [...lastByTeam.values()].map((at) => at - t0).sort((a, b) => a - b);
  const median = spans[Math.floor(spans.length / 2)] ?? 0;
  const byReplica = new Map<string, number>();
  for (const post of standin.posts) byReplica.set(post.via[0] ?? '?', (byReplica.get(post.via[0] ?? '?') ?? 0) + 1);
  const outcomes = new Map<string, number>();
  for (const loop of loops) {
    for (const pass of loop.passes) {
      for (const line of pass.output.split('\n')) {
        const status = /^\{.*"status":"(\w+)"/.exec(line)?.[1];
        if (status) outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
      }
    }
  }
  const figures = {
    workspaces: WORKSPACES,
    repsPerWorkspace: REPS,
    replicas: loops.length,
    limit: `${RATE} posts/s per workspace, burst ${BURST}`,
    checkins: total,
    delivered: standin.posts.length,
    missing,
    doubled,
    crossWorkspace: standin.crossWorkspace.length,
    firstDeliveryS: Number(seconds(first - t0)),
    lastDeliveryS: Number(seconds(last - t0)),
    minimumS,
    minimumWithBurstS: Math.max(0, REPS - BURST) / RATE,
    ratio: minimumS > 0 ? Number(((last - t0) / 1000 / minimumS).toFixed(2)) : null,
    medianWorkspaceDoneS: Number(seconds(median)),
    rateLimited429: standin.totalRateLimited(),
    postsByReplica: Object.fromEntries(byReplica),
    passes: Object.fromEntries(
      loops.map((loop) => [
        loop.name,
        {
          run: loop.passes.length,
          skipped: loop.skipped(),
          cpuS: Number(seconds(loop.passes.reduce((sum, pass) => sum + pass.cpuMs, 0))),
        },
      ]),
    ),
    standinProcessCpuS: Number(seconds(standinCpuMs)),
    loadAverage: loadavg().map((n) => Number(n.toFixed(1))),
    outcomes: Object.fromEntries(outcomes),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(
    `${standin.posts.length} of ${total} check-ins delivered (${missing} missing, ${doubled} doubled); ` +
      `last ${seconds(last - t0)} s after the check-in minute against a least of ${minimumS} s ` +
      `(${REPS} reps / ${RATE} posts per s); ${standin.totalRateLimited()} answered 429.`,
  );
  if (missing > 0 || doubled > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
