/**
 * npm run bench: Focus Coach against the floor Bolt itself sets, on one machine, in one run.
 *
 *  1. The real app (HTTP mode, 100 reps × 365 days of seeded data) and a bare Bolt app whose
 *     /focus acks a fixed two-block reply, both against a local stand-in Web API, each loaded
 *     with signed `/focus` status requests from many reps (autocannon, 20 connections, from the
 *     first request on a freshly started server): requests/s, p50, p99; then the first second
 *     alone, each on another fresh server.
 *  2. One scheduler pass deciding and rendering check-ins for 10,000 reps: CPU time.
 *  3. Cold start of the app to a healthy /healthz, and its peak RSS under load.
 *  4. `/focus team` on a team of 2,000 reps, in process and over HTTP, and how long /healthz waits meanwhile
 *     (scripts/bench-team.ts).
 *  1b. The same app on PostgreSQL (the seeded database copied over with `cli copy`'s code), beside SQLite: the
 *     server at BENCH_POSTGRES_URL (default postgres://root@127.0.0.1:5432/postgres), skipped when none answers.
 *  5. Chart renders (spec → SVG → PNG), each chart's first and median of 10, in a process of its own
 *     (scripts/bench-charts.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openStorage } from '../src/db/connection.js';
import { seedTeam } from '../src/db/seed.js';
import { copyStore } from '../src/storage/copy.js';
import { SlackStub } from '../tests/support/slack-stub.js';
import { chartBenchLines } from './bench-charts.js';
import { median, seedTeamView, signedFocus, TEAM_VIEW, teamViewOverHttp } from './bench-team.js';

const ROOT = resolve(import.meta.dirname, '..');
const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-bench-token';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PASS_REPS = Number(process.env.BENCH_PASS_REPS ?? 10_000);
/** BENCH_ONLY=status: the status loads alone (the floor, the app on SQLite and on PostgreSQL), about a minute. */
const ONLY_STATUS = process.env.BENCH_ONLY === 'status';

/** Issue 14's targets for the status load (from the first second on a fresh server, 20 connections). */
const TARGETS = {
  throughputRatio: 0.5,
  p99Ratio: 2,
  passCpuMs: 1000,
  coldStartMs: 1000,
  rssMb: 120,
  rssOverFloorMb: 40,
  teamViewMs: 200,
};

/**
 * Both servers run as plain node on JavaScript (the app's build, npm run build, and the floor's .mjs), with the
 * heap limit `npm start` gives the app (package.json): under a limit below 2 GB, V8 lets the heap grow to at most
 * about twice what the last full collection kept instead of four times, for both alike.
 */
const SERVER_NODE_FLAGS = ['--max-old-space-size=512'];

function start(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...SERVER_NODE_FLAGS, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function healthyAfter(url: string, started: number): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 30_000) throw new Error(`${url} never became healthy`);
    await new Promise((ok) => setTimeout(ok, 5));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

/** CPU time (user + system) a process has used, in µs, from /proc (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Peak resident set size (VmHWM) of a process, in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Signed `/focus` status requests, each from the next rep in turn. */
async function load(url: string, users: readonly string[], seconds: number): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url: `${url}/slack/events`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          ...signedFocus(SECRET, 'TDEMO', users[next++ % users.length] as string, ''),
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Starts `entry` on a free port, waits for /healthz, runs `work` against it, stops it. */
async function withServer<T>(
  entry: string,
  env: Record<string, string>,
  work: (url: string, child: ChildProcess, coldStartMs: number) => Promise<T>,
): Promise<T> {
  const port = String(40_000 + Math.floor(Math.random() * 10_000));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = start(entry, { ...env, PORT: port });
  try {
    return await work(url, child, await healthyAfter(url, started));
  } finally {
    await stop(child);
  }
}

async function measureServer(name: string, entry: string, env: Record<string, string>, users: readonly string[]) {
  // No warm-up: measured from the first request on a freshly started server (JIT, caches and connections cold).
  const measured = await withServer(entry, env, async (url, child, coldStartMs) => {
    const cpuBefore = cpuMicros(child.pid as number);
    const result = await load(url, users, DURATION_S);
    // The server's own CPU per request: steadier than requests/s when the load generator shares the cores.
    const cpuPerRequestUs = (cpuMicros(child.pid as number) - cpuBefore) / (result.rps * DURATION_S);
    return { ...result, coldStartMs, rssMb: peakRssMb(child.pid as number), cpuPerRequestUs };
  });
  // The first second alone, on another fresh server: what the first reps to ask after a deploy meet.
  const firstSecond = await withServer(entry, env, (url) => load(url, users, 1));
  process.stderr.write(`${name}: done\n`);
  return { ...measured, firstSecond };
}

const POSTGRES_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

/** The status load on PostgreSQL: a scratch database holding a copy of the seeded one, dropped afterwards. */
async function measureOnPostgres(databasePath: string, env: Record<string, string>, users: readonly string[]) {
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER });
  try {
    await admin.connect();
  } catch (error) {
    process.stderr.write(`PostgreSQL: skipped (${POSTGRES_SERVER} did not answer: ${(error as Error).message})\n`);
    return null;
  }
  const name = `focus_bench_${process.pid}_${Date.now()}`;
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  try {
    await admin.query(`create database ${name} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
    await copyStore(databasePath, url.toString());
    return await measureServer('app on PostgreSQL', 'dist/index.js', { ...env, DATABASE_URL: url.toString() }, users);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'focus-bench-'));
  const stub = await new SlackStub().start();
  try {
    const databasePath = join(dir, 'bench.db');
    const storage = openStorage(databasePath);
    const seeded = seedTeam(storage.sqlite, { teamId: 'TDEMO', reps: 100, days: 365, now: Date.now(), seed: 42 });
    storage.close();
    process.stderr.write(
      `seeded ${seeded.userIds.length} reps: ${seeded.deals} deals, ${seeded.activities} activity rows, ${seeded.checkins} plans\n`,
    );
    const env = {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: stub.apiUrl,
      DATABASE_PATH: databasePath,
      SCHEDULER: 'off',
      LOG_LEVEL: 'error',
    };
    const floor = await measureServer('floor', 'scripts/floor-app.mjs', env, seeded.userIds);
    const app = await measureServer('app', 'dist/index.js', env, seeded.userIds);
    const onPostgres = await measureOnPostgres(databasePath, env, seeded.userIds);

    const throughputRatio = app.rps / floor.rps;
    const p99Ratio = app.p99 / floor.p99;
    const statusLines = [
      `Focus Coach benchmark · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${DURATION_S} s per load, ${CONNECTIONS} connections`,
      '',
      '| /focus status (signed, 100 reps) | requests/s | p50 ms | p99 ms | errors | non-2xx | server CPU a request |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| floor: bare Bolt, fixed 2 blocks | ${fmt(floor.rps)} | ${floor.p50} | ${floor.p99} | ${floor.errors} | ${floor.non2xx} | ${fmt(floor.cpuPerRequestUs)} µs |`,
      `| Focus Coach, 100 reps × 365 days | ${fmt(app.rps)} | ${app.p50} | ${app.p99} | ${app.errors} | ${app.non2xx} | ${fmt(app.cpuPerRequestUs)} µs |`,
      onPostgres
        ? `| Focus Coach on PostgreSQL, the same data | ${fmt(onPostgres.rps)} | ${onPostgres.p50} | ${onPostgres.p99} | ${onPostgres.errors} | ${onPostgres.non2xx} | ${fmt(onPostgres.cpuPerRequestUs)} µs (and PostgreSQL's) |`
        : '| Focus Coach on PostgreSQL | not measured: no server answered at BENCH_POSTGRES_URL | | | | | |',
      `| the first second alone, each on a fresh server: floor | ${fmt(floor.firstSecond.rps)} | ${floor.firstSecond.p50} | ${floor.firstSecond.p99} | ${floor.firstSecond.errors} | ${floor.firstSecond.non2xx} | |`,
      `| the first second alone: Focus Coach | ${fmt(app.firstSecond.rps)} | ${app.firstSecond.p50} | ${app.firstSecond.p99} | ${app.firstSecond.errors} | ${app.firstSecond.non2xx} | |`,
      ...(onPostgres
        ? [
            `| the first second alone: Focus Coach on PostgreSQL | ${fmt(onPostgres.firstSecond.rps)} | ${onPostgres.firstSecond.p50} | ${onPostgres.firstSecond.p99} | ${onPostgres.firstSecond.errors} | ${onPostgres.firstSecond.non2xx} | |`,
          ]
        : []),
      '',
      '| figure | measured | target | |',
      '| --- | ---: | ---: | --- |',
      `| throughput vs floor | ${fmt(throughputRatio * 100, 1)}% | ≥ ${TARGETS.throughputRatio * 100}% | ${verdict(throughputRatio >= TARGETS.throughputRatio)} |`,
      `| p99 vs floor | ${fmt(p99Ratio, 2)}× | ≤ ${TARGETS.p99Ratio}× | ${verdict(p99Ratio <= TARGETS.p99Ratio)} |`,
      `| the first second: throughput vs floor's first second | ${fmt((app.firstSecond.rps / floor.firstSecond.rps) * 100, 1)}% | ≥ ${TARGETS.throughputRatio * 100}% | ${verdict(app.firstSecond.rps / floor.firstSecond.rps >= TARGETS.throughputRatio)} |`,
      `| the first second: p99 vs floor's first second | ${fmt(app.firstSecond.p99 / floor.firstSecond.p99, 2)}× | ≤ ${TARGETS.p99Ratio}× | ${verdict(app.firstSecond.p99 / floor.firstSecond.p99 <= TARGETS.p99Ratio)} |`,
      `| cold start to healthy /healthz | ${fmt(app.coldStartMs)} ms (floor ${fmt(floor.coldStartMs)} ms) | ≤ ${TARGETS.coldStartMs} ms | ${verdict(app.coldStartMs <= TARGETS.coldStartMs)} |`,
      `| peak RSS under load | ${fmt(app.rssMb, 1)} MB (floor ${fmt(floor.rssMb, 1)} MB) | ≤ ${TARGETS.rssMb} MB | ${verdict(app.rssMb <= TARGETS.rssMb)} |`,
      `| peak RSS over the floor's | ${fmt(app.rssMb - floor.rssMb, 1)} MB | ≤ ${TARGETS.rssOverFloorMb} MB | ${verdict(app.rssMb - floor.rssMb <= TARGETS.rssOverFloorMb)} |`,
      ...(onPostgres
        ? [
            `| on PostgreSQL: throughput vs floor | ${fmt((onPostgres.rps / floor.rps) * 100, 1)}% | (reported beside SQLite) | |`,
            `| on PostgreSQL: p99 vs floor | ${fmt(onPostgres.p99 / floor.p99, 2)}× | (reported beside SQLite) | |`,
            `| on PostgreSQL: peak RSS | ${fmt(onPostgres.rssMb, 1)} MB | | |`,
          ]
        : []),
    ];
    if (ONLY_STATUS) {
      process.stdout.write(`${statusLines.join('\n')}\n`);
      return;
    }

    const pass = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench-pass.ts', String(PASS_REPS)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (pass.status !== 0) throw new Error(`bench-pass failed: ${pass.stderr}`);
    const passResult = JSON.parse(pass.stdout.trim()) as { reps: number; sent: number; cpuMs: number; wallMs: number };

    // The team view: a database of its own with 2,000 reps, in a process of its own, then the app's build on it.
    const teamPath = join(dir, 'team.db');
    const teamSeededAt = Date.now();
    const teamSeed = seedTeamView(teamPath, teamSeededAt);
    process.stderr.write(
      `seeded ${fmt(teamSeed.userIds.length)} reps for the team view: ${fmt(teamSeed.deals)} deals, ${fmt(teamSeed.activities)} activity rows\n`,
    );
    const teamInProcess = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench-team.ts', teamPath, String(teamSeededAt)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (teamInProcess.status !== 0) throw new Error(`bench-team failed: ${teamInProcess.stderr}`);
    const inProc = JSON.parse(teamInProcess.stdout.trim()) as Record<
      | 'coldMs'
      | 'coldHeldMs'
      | 'afterWriteMs'
      | 'afterWriteHeldMs'
      | 'afterDealMs'
      | 'afterDealHeldMs'
      | 'newMinuteMs'
      | 'newMinuteHeldMs'
      | 'cachedMs',
      number
    >;
    const teamPort = String(40_000 + Math.floor(Math.random() * 10_000));
    const teamServer = start('dist/index.js', { ...env, DATABASE_PATH: teamPath, PORT: teamPort });
    await healthyAfter(`http://127.0.0.1:${teamPort}`, performance.now());
    const overHttp = await teamViewOverHttp(`http://127.0.0.1:${teamPort}`, SECRET, teamSeed.userIds);
    await stop(teamServer);
    process.stderr.write('team view: done\n');

    const lines = [
      ...statusLines,
      '',
      '| figure | measured | target | |',
      '| --- | ---: | ---: | --- |',
      `| scheduler pass, ${fmt(passResult.reps)} reps (${fmt(passResult.sent)} sent) | ${fmt(passResult.cpuMs)} ms CPU (${fmt(passResult.wallMs)} ms wall) | ≤ ${TARGETS.passCpuMs} ms | ${verdict(passResult.cpuMs <= TARGETS.passCpuMs)} |`,
      '',
      `| /focus team, ${fmt(TEAM_VIEW.reps)} reps × ${TEAM_VIEW.days} days | first (in process: the whole team read; over HTTP: the first ask after start, while the team is read ahead) | after a logged call (median of 5) | after a win | a minute later (median of 5) | nothing changed (median of 5) | longest hold of the event loop |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| in process (loadTeamProgress + teamView) | ${fmt(inProc.coldMs)} ms | ${fmt(inProc.afterWriteMs)} ms | ${fmt(inProc.afterDealMs)} ms | ${fmt(inProc.newMinuteMs)} ms | ${fmt(inProc.cachedMs, 1)} ms | ${fmt(Math.max(inProc.coldHeldMs, inProc.afterWriteHeldMs, inProc.afterDealHeldMs, inProc.newMinuteHeldMs))} ms |`,
      `| over HTTP (signed, the app's build) | ${fmt(overHttp.firstMs)} ms | ${fmt(median(overHttp.afterWriteMs))} ms | ${fmt(median(overHttp.afterWinMs))} ms (median of 5) | — | ${fmt(median(overHttp.cachedMs), 1)} ms | /healthz waited at most ${fmt(overHttp.healthMaxMs)} ms (${overHttp.healthPolls} polls every 50 ms, ${overHttp.healthFailures} failed) |`,
      '',
      '| figure | measured | target | |',
      '| --- | ---: | ---: | --- |',
      `| /focus team over HTTP after a logged call (median) | ${fmt(median(overHttp.afterWriteMs))} ms | ≤ ${TARGETS.teamViewMs} ms | ${verdict(median(overHttp.afterWriteMs) <= TARGETS.teamViewMs)} |`,
      `| /focus team over HTTP after a win (median) | ${fmt(median(overHttp.afterWinMs))} ms | ≤ ${TARGETS.teamViewMs} ms | ${verdict(median(overHttp.afterWinMs) <= TARGETS.teamViewMs)} |`,
      `| /focus team in process a minute later (median) | ${fmt(inProc.newMinuteMs)} ms | ≤ ${TARGETS.teamViewMs} ms | ${verdict(inProc.newMinuteMs <= TARGETS.teamViewMs)} |`,
      `| /focus team over HTTP, the first ask after start | ${fmt(overHttp.firstMs)} ms | ≤ ${TARGETS.teamViewMs} ms | ${verdict(overHttp.firstMs <= TARGETS.teamViewMs)} |`,
      `| /healthz delayed while it computes (max) | ${fmt(overHttp.healthMaxMs)} ms | ≤ ${TARGETS.teamViewMs} ms | ${verdict(overHttp.healthMaxMs <= TARGETS.teamViewMs && overHttp.healthFailures === 0)} |`,
      '',
      ...chartBenchLines(),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stub.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
