/**
 * The CRM engine's bulk writes on Postgres next to SQLite: scripts/bench-crm.ts's applyBatch scenario (100 reps,
 * 1,000 companies, 5,000 deals, 10,000 activities) on a fresh migrated Postgres database and a fresh SQLite file,
 * so the cost of the change-log triggers (migrations/pg) on 500-row statements shows. Prints a table; no assertions.
 *
 *   BENCH_PG_URL=postgres://root@127.0.0.1:5432/postgres npx tsx scripts/bench-crm-pg.ts   # BENCH_CRM_RUNS (1)
 *
 * Each run creates its own database (focus_bench_crm_<pid>_<run>) on that server and drops it afterwards.
 */
import pg from 'pg';
import { applyBatch } from '../src/crm/apply.js';
import { type CrmActivity, type CrmBatch, type CrmDeal, emptyBatch } from '../src/crm/model.js';
import type { OwnerMatch } from '../src/crm/owners.js';
import { openPgStore } from '../src/storage/pg/store.js';
import type { Store } from '../src/storage/types.js';
import { tempStorage } from '../tests/support/db.js';

const [REPS, COMPANIES, DEALS, ACTIVITIES] = [100, 1_000, 5_000, 10_000];
const CHANGED_DEALS = 100;
const TEAM = 'TBENCH';
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles'];
/** Wed Nov 18, 2026, noon in New York, as in scripts/bench-crm.ts. */
const T0 = Date.parse('2026-11-18T17:00:00Z');
const DAY = 86_400_000;

// The same pipeline as scripts/bench-crm.ts: deal i is rep i % 100's, with company (i × 37) % 1,000.
const email = (rep: number) => `rep${rep}@bench.example`;
const company = (c: number) => `Company ${String(c).padStart(4, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const STAGE: Record<CrmDeal['status'], string> = { open: 'Contract Sent', won: 'Closed Won', lost: 'Closed Lost' };
const KINDS: CrmActivity['kind'][] = ['call', 'email', 'meeting'];

function crmDeal(i: number, bump = 0): CrmDeal {
  const status: CrmDeal['status'] = i % 10 < 6 ? 'open' : i % 10 < 8 ? 'won' : 'lost';
  const created = T0 - (10 + (i % 110)) * DAY;
  const close = status === 'open' ? T0 + ((i % 60) + 1) * DAY : Math.min(created + (i % 30) * DAY, T0 - DAY);
  const rep = i % REPS;
  const account = company((i * 37) % COMPANIES);
  return {
    externalId: `D${i}`,
    name: `${account} deal ${i}`,
    accountName: account,
    amountCents: (1_000 + ((i * 7_919) % 90_000) + bump) * 100,
    currency: 'USD',
    status,
    stage: STAGE[status],
    closeDate: iso(close),
    createdAt: iso(created),
    owner: { email: email(rep), name: `Rep ${rep}` },
    url: `https://app.hubspot.com/contacts/1/record/0-3/D${i}`,
  };
}

function crmActivity(i: number): CrmActivity {
  const at = T0 - (i % 60) * DAY - (i % 9) * 3_600_000;
  const owner = { email: email(i % REPS), name: null };
  return {
    externalId: `A${i}`,
    kind: KINDS[i % 3] ?? 'call',
    owner,
    accountName: company((i * 13) % COMPANIES),
    occurredAt: iso(at),
  };
}

const STEPS: [string, CrmBatch][] = [
  [
    `first batch: ${DEALS} deals, ${ACTIVITIES} activities, ${COMPANIES} fits`,
    emptyBatch({
      deals: Array.from({ length: DEALS }, (_, i) => crmDeal(i)),
      activities: Array.from({ length: ACTIVITIES }, (_, i) => crmActivity(i)),
      accounts: Array.from({ length: COMPANIES }, (_, c) => ({ name: company(c), icp: c % 3 === 0 ? 'yes' : 'no' })),
      complete: true,
    }),
  ],
  // A second pull with every fit flipped: one UPDATE over all 1,000 accounts' fits (the accounts trigger's cost).
  [
    `the same batch, every fit flipped`,
    emptyBatch({
      deals: Array.from({ length: DEALS }, (_, i) => crmDeal(i)),
      activities: Array.from({ length: ACTIVITIES }, (_, i) => crmActivity(i)),
      accounts: Array.from({ length: COMPANIES }, (_, c) => ({ name: company(c), icp: c % 3 === 0 ? 'no' : 'yes' })),
      complete: true,
    }),
  ],
  [
    `${CHANGED_DEALS} changed deals (incremental)`,
    emptyBatch({ deals: Array.from({ length: CHANGED_DEALS }, (_, n) => crmDeal(n * 50, 500)) }),
  ],
];

const OWNERS = new Map<string, OwnerMatch>(
  Array.from({ length: REPS }, (_, rep) => [email(rep), { userId: `UREP${rep}`, timezone: ZONES[rep % 3] ?? null }]),
);

/** Wall time of each step, in order, on one fresh store. */
async function runSteps(store: Store): Promise<number[]> {
  const times: number[] = [];
  for (const [, batch] of STEPS) {
    const input = { teamId: TEAM, source: 'hubspot' as const, batch, owners: OWNERS, dryRun: false, now: T0 };
    const started = performance.now();
    await applyBatch(store, { ...input, defaultTimezone: ZONES[0] ?? '' });
    times.push(performance.now() - started);
  }
  return times;
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

async function onPostgres(url: string, run: number): Promise<number[]> {
  const name = `focus_bench_crm_${process.pid}_${run}`;
  await admin(url, `create database ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const store = await openPgStore(target.toString(), { poolSize: 2 });
    try {
      return await runSteps(store);
    } finally {
      await store.close();
    }
  } finally {
    await admin(url, `drop database if exists ${name} with (force)`);
  }
}

async function onSqlite(): Promise<number[]> {
  const storage = tempStorage();
  try {
    return await runSteps(storage.store);
  } finally {
    storage.remove();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

async function main(): Promise<void> {
  const url = process.env.BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const runs = Number(process.env.BENCH_CRM_RUNS ?? 1);
  const pgTimes: number[][] = [];
  const sqliteTimes: number[][] = [];
  for (let run = 0; run < runs; run++) {
    pgTimes.push(await onPostgres(url, run));
    sqliteTimes.push(await onSqlite());
  }
  console.log(`| applyBatch (median of ${runs}, fresh databases) | Postgres ms | SQLite ms | ratio |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const [index, [label]] of STEPS.entries()) {
    const p = median(pgTimes.map((t) => t[index] ?? 0));
    const s = median(sqliteTimes.map((t) => t[index] ?? 0));
    console.log(`| ${label} | ${fmt(p)} | ${fmt(s)} | ${(p / s).toFixed(1)}x |`);
  }
}

await main();
