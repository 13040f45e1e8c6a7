/**
 * CRM sync (issue 13): what the import engine and a HubSpot sync cost for 100 reps, 1,000 companies, 5,000 deals
 * and 10,000 calls, emails and meetings, each run on a fresh migrated SQLite file. Prints tables; no assertions.
 *
 *   npm run bench:crm     # BENCH_CRM_RUNS fresh databases for the engine (default 3), BENCH_CRM_SYNCS for the sync (2)
 *
 * 1. applyBatch alone (no network): the first batch, the same batch again (all unchanged), then an incremental
 *    batch of 100 changed deals; medians of wall and CPU time (process.cpuUsage).
 * 2. runSync end to end against the HubSpot stand-in (tests/support/hubspot-standin.ts, pages of 100) and the
 *    Slack stand-in (tests/support/slack-stub.ts, users.lookupByEmail), both in a child process of their own so
 *    the CPU figure is the app's alone: a first full sync, then an incremental one after 50 deals changed.
 * Stand-in shapes: https://developers.hubspot.com/docs-beta/crm/search,
 * https://docs.slack.dev/reference/methods/users.lookupByEmail/
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { applyBatch } from '../src/crm/apply.js';
import { hubspotSource } from '../src/crm/hubspot.js';
import { type CrmActivity, type CrmDeal, type CrmSource, emptyBatch, type SyncSummary } from '../src/crm/model.js';
import type { OwnerMatch } from '../src/crm/owners.js';
import { runSync } from '../src/crm/sync.js';
import { JsonLogger } from '../src/logger.js';
import { schedulerClient } from '../src/scheduler/client.js';
import { tempStorage } from '../tests/support/db.js';
import { startHubSpotStandIn } from '../tests/support/hubspot-standin.js';
import type { ObjectType, RecordInput } from '../tests/support/hubspot-standin-store.js';
import { SlackStub } from '../tests/support/slack-stub.js';

const [REPS, COMPANIES, DEALS, ACTIVITIES] = [100, 1_000, 5_000, 10_000];
const CHANGED_DEALS = 100;
const CHANGED_IN_HUBSPOT = 50;
/** Records per request, as the sync asks HubSpot and as the stand-in serves at most. */
const PAGE_SIZE = 100;
const TEAM = 'TBENCH';
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles'];
/** Wed Nov 18, 2026, noon in New York: every date is counted back (or on) from it. */
const T0 = Date.parse('2026-11-18T17:00:00Z');
const DAY = 86_400_000;
/** Not secrets: the stand-ins accept only these. */
const HUBSPOT_TOKEN = 'pat-na1-bench-00000000-0000-0000-0000-000000000000';
const BOT_TOKEN = 'xoxb-bench-0000000000-0000000000000';

// The pipeline as plain numbers both parts share: deal i is rep i % 100's, with company (i × 37) % 1,000.
const email = (rep: number) => `rep${rep}@bench.example`;
const company = (c: number) => `Company ${String(c).padStart(4, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
/** Each status's stage: its label (the engine's input) and HubSpot's id in the default pipeline. */
const STAGES: Record<CrmDeal['status'], [string, string]> = {
  open: ['Contract Sent', 'contractsent'],
  won: ['Closed Won', 'closedwon'],
  lost: ['Closed Lost', 'closedlost'],
};

function dealFacts(i: number, bump = 0) {
  const status: CrmDeal['status'] = i % 10 < 6 ? 'open' : i % 10 < 8 ? 'won' : 'lost';
  const created = T0 - (10 + (i % 110)) * DAY;
  const close = status === 'open' ? T0 + ((i % 60) + 1) * DAY : Math.min(created + (i % 30) * DAY, T0 - DAY);
  const dollars = 1_000 + ((i * 7_919) % 90_000) + bump;
  return { rep: i % REPS, company: (i * 37) % COMPANIES, status, created, close, dollars };
}

const KINDS: CrmActivity['kind'][] = ['call', 'email', 'meeting'];
function activityFacts(i: number) {
  const at = T0 - (i % 60) * DAY - (i % 9) * 3_600_000;
  return { rep: i % REPS, company: (i * 13) % COMPANIES, kind: KINDS[i % 3] ?? 'call', at };
}

// ---- Measuring ----

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed<T>(work: () => T | Promise<T>): Promise<[T, Timing]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return [result, { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const [low, high] = [sorted[mid - 1] ?? 0, sorted[mid] ?? 0];
  return sorted.length % 2 === 1 ? high : (low + high) / 2;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const did = ({ deals: d, activities: a, accountsFitted, skipped }: SyncSummary) =>
  `deals +${d.added} ~${d.changed} −${d.deleted} =${d.unchanged}; activities +${a.added} =${a.unchanged}; ` +
  `${accountsFitted} fits; ${skipped.length} skipped`;

// ---- 1. applyBatch alone ----

function crmDeal(i: number, bump = 0): CrmDeal {
  const d = dealFacts(i, bump);
  return {
    externalId: `D${i}`,
    name: `${company(d.company)} deal ${i}`,
    accountName: company(d.company),
    amountCents: d.dollars * 100,
    currency: 'USD',
    status: d.status,
    stage: STAGES[d.status][0],
    closeDate: iso(d.close),
    createdAt: iso(d.created),
    owner: { email: email(d.rep), name: `Rep ${d.rep}` },
    url: `https://app.hubspot.com/contacts/1/record/0-3/D${i}`,
  };
}

const crmActivity = (i: number): CrmActivity => {
  const a = activityFacts(i);
  const owner = { email: email(a.rep), name: null };
  return { externalId: `A${i}`, kind: a.kind, owner, accountName: company(a.company), occurredAt: iso(a.at) };
};

async function benchApply(runs: number): Promise<string[]> {
  const first = emptyBatch({
    deals: Array.from({ length: DEALS }, (_, i) => crmDeal(i)),
    activities: Array.from({ length: ACTIVITIES }, (_, i) => crmActivity(i)),
    accounts: Array.from({ length: COMPANIES }, (_, c) => ({ name: company(c), icp: c % 3 === 0 ? 'yes' : 'no' })),
    complete: true,
  });
  // An incremental pull: 100 of the deals, each with a new amount.
  const changed = emptyBatch({ deals: Array.from({ length: CHANGED_DEALS }, (_, n) => crmDeal(n * 50, 500)) });
  const owners = new Map<string, OwnerMatch>(
    Array.from({ length: REPS }, (_, rep) => [email(rep), { userId: `UREP${rep}`, timezone: ZONES[rep % 3] ?? null }]),
  );
  const steps = [
    [`first batch: ${fmt(DEALS)} deals, ${fmt(ACTIVITIES)} activities, ${fmt(COMPANIES)} fits`, first, DEALS],
    ['the same batch again (all unchanged)', first, DEALS],
    [`${CHANGED_DEALS} changed deals (incremental)`, changed, CHANGED_DEALS],
  ] as const;
  const results = steps.map(() => [] as { timing: Timing; summary: SyncSummary }[]);
  for (let run = 0; run < runs; run++) {
    const storage = tempStorage();
    try {
      for (const [index, [, batch]] of steps.entries()) {
        const input = { teamId: TEAM, source: 'hubspot' as const, batch, owners, dryRun: false, now: T0 };
        const [summary, timing] = await timed(() =>
          applyBatch(storage.store, { ...input, defaultTimezone: ZONES[0] ?? '' }),
        );
        results[index]?.push({ timing, summary });
      }
    } finally {
      storage.remove();
    }
  }
  return [
    `| applyBatch (median of ${runs}, each on a fresh database) | wall ms | CPU ms | deals/s | what it did |`,
    '| --- | ---: | ---: | ---: | --- |',
    ...steps.map(([label, , records], index) => {
      const runsOf = results[index] ?? [];
      const wall = median(runsOf.map((r) => r.timing.wallMs));
      const cpu = median(runsOf.map((r) => r.timing.cpuMs));
      const summary = runsOf[0]?.summary;
      return `| ${label} | ${fmt(wall)} | ${fmt(cpu)} | ${fmt(records / (wall / 1000))} | ${summary ? did(summary) : ''} |`;
    }),
  ];
}

// ---- 2. runSync through the stand-ins, in a child process ----

type Ask = { ask: 'change'; run: number } | { ask: 'requests' } | { ask: 'stop' };
type Ready = { hubspotUrl: string; slackUrl: string };
type Requests = { requests: Record<string, number>; cpuMs: number };

const ACTIVITY_PROPERTIES: Record<CrmActivity['kind'], Record<string, string>> = {
  call: {},
  email: { hs_email_direction: 'EMAIL' },
  meeting: { hs_meeting_outcome: 'COMPLETED' },
};

function hubspotRecords(): ({ type: ObjectType } & RecordInput)[] {
  const companies = Array.from({ length: COMPANIES }, (_, c) => ({
    type: 'companies' as const,
    id: String(100_000 + c),
    properties: { name: company(c), hs_ideal_customer_profile: c % 3 === 0 ? 'tier_1' : 'tier_3' },
  }));
  const deal = (i: number) => {
    const d = dealFacts(i);
    const properties = {
      dealname: `${company(d.company)} deal ${i}`,
      amount: String(d.dollars),
      deal_currency_code: 'USD',
      dealstage: STAGES[d.status][1],
      pipeline: 'default',
      hubspot_owner_id: String(1_000 + d.rep),
      createdate: iso(d.created),
      closedate: iso(d.close),
    };
    return { type: 'deals' as const, id: String(200_000 + i), companyIds: [String(100_000 + d.company)], properties };
  };
  const activity = (i: number) => {
    const a = activityFacts(i);
    const properties = {
      hs_timestamp: iso(a.at),
      hubspot_owner_id: String(1_000 + a.rep),
      ...ACTIVITY_PROPERTIES[a.kind],
    };
    const type = `${a.kind}s` as ObjectType;
    return { type, id: String(300_000 + i), companyIds: [String(100_000 + a.company)], properties };
  };
  // Deals and activities interleaved, modified over weeks as in a real portal: the sync's cursor is the newest
  // deal's hs_lastmodifieddate, and its next search starts two minutes before it (SEARCH_INDEX_LAG_MS).
  return [
    ...companies,
    ...Array.from({ length: DEALS }, (_, i) => [deal(i), activity(2 * i), activity(2 * i + 1)]).flat(),
  ];
}

/** The child: both stand-ins, answering the parent's asks over IPC. */
async function serveStandIns(): Promise<void> {
  const records = hubspotRecords();
  const step = 5 * 60_000;
  const owners = Array.from({ length: REPS }, (_, rep) => ({
    id: String(1_000 + rep),
    email: email(rep),
    firstName: 'Rep',
    lastName: String(rep),
  }));
  const hubspot = await startHubSpotStandIn({
    token: HUBSPOT_TOKEN,
    now: T0 - records.length * step - 3_600_000,
    maxPageSize: PAGE_SIZE,
    data: { owners },
  });
  for (const { type, ...record } of records) {
    hubspot.store.put(type, record);
    hubspot.store.tick(step);
  }
  const slack = await new SlackStub().start();
  for (let rep = 0; rep < REPS; rep++) {
    slack.users.set(`UREP${rep}`, {
      tz: ZONES[rep % 3],
      deleted: false,
      is_bot: false,
      profile: { email: email(rep) },
    });
  }
  process.on('message', (message: Ask) => {
    if (message.ask === 'change') {
      hubspot.store.tick(10 * 60_000);
      for (let n = 0; n < CHANGED_IN_HUBSPOT; n++) {
        const id = String(200_000 + ((message.run * 997 + n * 97) % DEALS));
        const amount = Number(hubspot.store.records('deals').get(id)?.properties.amount ?? 0) + 250;
        hubspot.store.update('deals', id, { amount: String(amount) });
        hubspot.store.tick(1_000);
      }
      process.send?.({ changed: CHANGED_IN_HUBSPOT });
    } else if (message.ask === 'requests') {
      const requests: Record<string, number> = {};
      const seen = hubspot.requests.splice(0).map((r) => `HubSpot ${r.method} ${r.path}`);
      for (const key of [...seen, ...slack.calls.splice(0).map((call) => `Slack ${call.method}`)]) {
        requests[key] = (requests[key] ?? 0) + 1;
      }
      const cpu = process.cpuUsage();
      process.send?.({ requests, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies Requests);
    } else {
      void Promise.all([hubspot.close(), slack.stop()]).then(() => process.exit(0));
    }
  });
  process.send?.({ hubspotUrl: hubspot.url, slackUrl: slack.apiUrl } satisfies Ready);
}

/** The child's next message. */
const told = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));

async function benchSync(runs: number): Promise<string[]> {
  const child = fork(fileURLToPath(import.meta.url), ['--stand-ins'], { execArgv: ['--import', 'tsx'] });
  const ask = <T>(message: Ask) => {
    const answer = told<T>(child);
    child.send(message);
    return answer;
  };
  const ready = await told<Ready>(child);
  const logger = new JsonLogger('error', { secrets: [HUBSPOT_TOKEN, BOT_TOKEN], sink: () => {} });
  const client = schedulerClient(BOT_TOKEN, { apiUrl: ready.slackUrl, logger });
  const lines = [
    `| runSync through the stand-ins (pages of ${PAGE_SIZE}) | wall ms | CPU ms (this process) | of which the pull: wall / CPU ms | stand-ins' CPU ms | HubSpot requests | Slack calls | what it did |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const byEndpoint: string[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const storage = tempStorage();
      const clock = { now: T0 };
      const deps = { store: storage.store, client, logger, now: () => clock.now, defaultTimezone: ZONES[0] ?? '' };
      const hubspot = hubspotSource({
        token: HUBSPOT_TOKEN,
        baseUrl: ready.hubspotUrl,
        pageSize: PAGE_SIZE,
        now: deps.now,
      });
      // The pull timed on its own: the rest of a run is the owners' lookup, applying and the run's bookkeeping.
      let pull: Timing = { wallMs: 0, cpuMs: 0 };
      const source: CrmSource = {
        kind: hubspot.kind,
        pull: async (options) => {
          const [batch, timing] = await timed(() => hubspot.pull(options));
          pull = timing;
          return batch;
        },
      };
      try {
        for (const label of ['first full sync', `incremental after ${CHANGED_IN_HUBSPOT} deals changed`]) {
          if (label !== 'first full sync') {
            await ask({ ask: 'change', run });
            clock.now += 15 * 60_000;
          }
          const before = await ask<Requests>({ ask: 'requests' });
          const [outcome, timing] = await timed(() =>
            runSync({ ...deps, managers: [], intervalMinutes: 15 }, source, {
              teamId: TEAM,
              trigger: 'cli',
              force: true,
            }),
          );
          if (outcome.status !== 'ok') throw new Error(`The sync did not finish: ${JSON.stringify(outcome)}`);
          const after = await ask<Requests>({ ask: 'requests' });
          const total = (prefix: string) =>
            Object.entries(after.requests).reduce((sum, [key, n]) => (key.startsWith(prefix) ? sum + n : sum), 0);
          const name = `${label} (run ${run + 1})`;
          lines.push(
            `| ${name} | ${fmt(timing.wallMs)} | ${fmt(timing.cpuMs)} | ${fmt(pull.wallMs)} / ${fmt(pull.cpuMs)} | ` +
              `${fmt(after.cpuMs - before.cpuMs)} | ${total('HubSpot')} | ${total('Slack')} | ${did(outcome.summary)} |`,
          );
          if (run === 0) {
            byEndpoint.push(
              `- ${name}: ${Object.entries(after.requests)
                .map(([key, n]) => `${key} ×${n}`)
                .join(', ')}`,
            );
          }
        }
      } finally {
        storage.remove();
      }
    }
  } finally {
    child.send({ ask: 'stop' } satisfies Ask);
  }
  return [...lines, '', 'Requests by endpoint:', '', ...byEndpoint];
}

if (process.argv.includes('--stand-ins')) {
  await serveStandIns();
} else {
  const started = performance.now();
  const lines = [
    ...(await benchApply(Number(process.env.BENCH_CRM_RUNS ?? 3))),
    '',
    ...(await benchSync(Number(process.env.BENCH_CRM_SYNCS ?? 2))),
  ];
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const whole = fmt((performance.now() - started) / 1000);
  lines.push(
    '',
    `Peak RSS of this process ${peakMb.toFixed(1)} MB; the whole run ${whole} s; Node ${process.version}.`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
