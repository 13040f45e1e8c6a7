/**
 * One scheduler pass deciding and rendering the morning check-in for N reps (default
 * 10,000), all due at once, against a stand-in Web API that answers at once. Prints the
 * pass's CPU time as JSON. Run by scripts/bench.ts in its own process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { openStorage } from '../src/db/connection.js';
import { seedTeam } from '../src/db/seed.js';
import { singleWorkspaceClients } from '../src/install/oauth.js';
import { JsonLogger } from '../src/logger.js';
import { runPass } from '../src/scheduler/pass.js';
import { sqliteStore } from '../src/storage/sqlite.js';

const reps = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'focus-bench-pass-'));
const storage = openStorage(join(dir, 'pass.db'));
// Tuesday 2026-12-01 08:45 in New York: every rep's check-in is due.
const now = Date.parse('2026-12-01T13:45:00Z');
seedTeam(storage.sqlite, { teamId: 'TBENCH', reps, days: 14, now, timezones: ['America/New_York'], seed: 7 });
const store = sqliteStore(storage);

let ts = 0;
// The stand-in answers at once, in process: the figure is the pass's own work.
const client = {
  conversations: { open: async ({ users }: { users: string }) => ({ ok: true, channel: { id: `D${users}` } }) },
  chat: { postMessage: async () => ({ ok: true, ts: `1700000000.${String(++ts).padStart(6, '0')}` }) },
} as unknown as WebClient;
const clients = singleWorkspaceClients(client);
const logger = new JsonLogger('error', { sink: () => {} });

const before = process.cpuUsage();
const started = performance.now();
// Unpaced and 8 in flight: the figure is the pass's own work, not Slack's limits (bench-slow-slack.ts has those).
const outcomes = await runPass(
  {
    store,
    clients,
    defaultTimezone: 'America/New_York',
    logger,
    concurrency: 8,
    postsPerSecondPerTeam: 0,
    conversationIntervalMs: 0,
  },
  now,
);
const cpu = process.cpuUsage(before);
const wallMs = performance.now() - started;
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ reps, sent: outcomes.filter((o) => o.status === 'sent').length, cpuMs: (cpu.user + cpu.system) / 1000, wallMs })}\n`,
);
