/**
 * `npm run cli -- sync` as a user runs it: its own Node process, configured by the environment only
 * (HUBSPOT_API_URL, HUBSPOT_TOKEN, SLACK_BOT_TOKEN, SLACK_API_URL, DATABASE_PATH), against the HubSpot stand-in
 * (tests/support/hubspot-standin.ts, built from HubSpot's published shapes: CRM search
 * https://developers.hubspot.com/docs-beta/crm/search, owners
 * https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide, pipelines
 * https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide?year=2021) and the Slack stand-in
 * (users.lookupByEmail as https://docs.slack.dev/reference/methods/users.lookupByEmail/ documents it).
 *
 * The sync reads the real clock (no --now), so the stand-in's deals and activity are dated at the instant the
 * test starts, and the Bolt app's clock is that same instant: the figures do not depend on the day it runs.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/db/connection.js';
import { recentCrmRuns } from '../../src/db/crm.js';
import { activities, deals } from '../../src/db/schema.js';
import { localDate } from '../../src/domain/calendar.js';
import { periodContaining } from '../../src/domain/period.js';
import { closeLocal } from '../../src/playground/local-http.js';
import { type TempStorage, tempStorage } from '../support/db.js';
import { BOT_TOKEN, startTestApp, TEAM } from '../support/harness.js';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot-standin.js';
import { exited, killIfRunning, type RunningProcess, runTs } from '../support/process.js';
import { seedRepsWithQuotas } from '../support/seed.js';
import { SlackStub } from '../support/slack-stub.js';

const HUBSPOT_TOKEN = 'pat-na1-12345678-90ab-cdef-1234-567890abcdef';
const ZONE = 'America/Los_Angeles';
/** The instant the test starts: every date in the stand-in, and the app's clock. */
const T = Date.now();
const AT_T = new Date(T).toISOString();
const WEEKS_AGO = new Date(T - 21 * 24 * 60 * 60 * 1000).toISOString();

const company = (id: string, name: string, icp: string | null) => ({
  type: 'companies' as const,
  id,
  properties: { name, ...(icp === null ? {} : { hs_ideal_customer_profile: icp }) },
});
const deal = (id: string, owner: string, companyId: string, amount: string, stage: string) => ({
  type: 'deals' as const,
  id,
  companyIds: [companyId],
  properties: {
    dealname: `Deal ${id}`,
    amount,
    pipeline: 'default',
    dealstage: stage,
    closedate: AT_T,
    createdate: WEEKS_AGO,
    hubspot_owner_id: owner,
  },
});
const activity = (type: 'calls' | 'meetings', id: string, companyId: string) => ({
  type,
  id,
  companyIds: [companyId],
  properties: {
    hs_timestamp: AT_T,
    hubspot_owner_id: '101',
    ...(type === 'meetings' ? { hs_meeting_outcome: 'COMPLETED' } : {}),
  },
});

/**
 * Ann (UREP1 in Slack) owns five deals and three activities; Bo, whom no Slack member matches, one deal.
 * Initech fits the ICP (tier_1), Globex does not (tier_3), Umbrella has no fit in HubSpot.
 */
const DATA = {
  owners: [
    { id: '101', email: 'ann@acme.example', firstName: 'Ann', lastName: 'Lee' },
    { id: '102', email: 'bo@acme.example', firstName: 'Bo', lastName: 'Chen' },
  ],
  records: [
    company('201', 'Initech', 'tier_1'),
    company('202', 'Globex', 'tier_3'),
    company('203', 'Umbrella', null),
    deal('301', '101', '201', '30000', 'closedwon'),
    deal('302', '101', '202', '20000', 'closedwon'),
    deal('303', '101', '201', '45000', 'contractsent'),
    deal('304', '101', '202', '10000', 'qualifiedtobuy'),
    deal('305', '101', '203', '25000', 'appointmentscheduled'),
    deal('306', '102', '201', '99000', 'contractsent'),
    activity('calls', '401', '201'),
    activity('calls', '402', '201'),
    activity('meetings', '403', '202'),
  ],
};

/**
 * A pass-through to the stand-in that holds every request until `open()`: the process that took the lease
 * waits on HubSpot, so the other one is sure to find the lease held, however the two are scheduled.
 */
async function gate(target: string): Promise<{ url: string; open(): void; server: Server }> {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    void opened.then(() => {
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, open, server };
}

describe('cli sync from HubSpot, as a user runs it', () => {
  let stub: SlackStub;
  let hubspot: HubSpotStandIn;
  let temp: TempStorage;
  const children: RunningProcess[] = [];

  beforeAll(async () => {
    stub = await new SlackStub().start();
    stub.users.set('UREP1', { tz: ZONE });
    stub.on('users.lookupByEmail', (params) =>
      params.email === 'ann@acme.example'
        ? { body: { ok: true, user: { id: 'UREP1', deleted: false, is_bot: false, tz: ZONE } } }
        : { body: { ok: false, error: 'users_not_found' } },
    );
    hubspot = await startHubSpotStandIn({ token: HUBSPOT_TOKEN, data: DATA, now: T - 10 * 60_000 });
    temp = tempStorage();
    // The quota is the rep's plan, not CRM data: $100,000 for the quarter holding today in Los Angeles.
    seedRepsWithQuotas(temp.db, { count: 1, quarterOf: localDate(T, ZONE) });
    temp.close();
  });

  afterAll(async () => {
    for (const child of children) killIfRunning(child);
    await hubspot.close();
    await stub.stop();
    temp.remove();
  });

  const sync = (hubspotUrl: string) => {
    const child = runTs('src/cli.ts', ['sync'], {
      HUBSPOT_API_URL: hubspotUrl,
      HUBSPOT_TOKEN,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: stub.apiUrl,
      DATABASE_PATH: temp.path,
      LOG_LEVEL: 'error',
    });
    children.push(child);
    return child;
  };
  const outcomeOf = (child: RunningProcess) => JSON.parse(child.output().trim().split('\n')[0] ?? '{}');

  it('two processes at once: exactly one applies, the other finds it busy, and nothing is doubled', async () => {
    const held = await gate(hubspot.url);
    try {
      const [a, b] = [sync(held.url), sync(held.url)];
      // The process without the lease never reaches HubSpot and ends first; then HubSpot answers the other.
      const first = await Promise.race([exited(a).then(() => a), exited(b).then(() => b)]);
      held.open();
      const [codeA, codeB] = [await exited(a), await exited(b)];
      expect([codeA, codeB], `${a.output()}\n${b.output()}`).toEqual([0, 0]);
      const busy = outcomeOf(first);
      const applied = outcomeOf(first === a ? b : a);
      expect(busy).toMatchObject({ status: 'busy', source: 'hubspot' });
      expect(applied).toMatchObject({
        status: 'ok',
        source: 'hubspot',
        summary: { dryRun: false, deals: { added: 5 }, activities: { added: 3 } },
      });
      expect(applied.summary.unmappedOwners).toEqual([
        expect.objectContaining({ owner: 'bo@acme.example', records: 1, reason: 'no Slack member has this email' }),
      ]);
    } finally {
      await closeLocal(held.server);
    }
    const storage = openStorage(temp.path);
    try {
      const rows = storage.db.select().from(deals).all();
      expect(rows.map((row) => row.externalId).sort()).toEqual(['301', '302', '303', '304', '305']);
      expect(storage.db.select().from(activities).all()).toHaveLength(3);
      expect(recentCrmRuns(storage.db, TEAM, 'hubspot').map((run) => run.status)).toEqual(['ok']);
    } finally {
      storage.close();
    }
  });

  it('then /focus shows the rep’s won, pipeline and ICP mix from HubSpot, with nothing typed', async () => {
    const again = sync(hubspot.url);
    expect(await exited(again), again.output()).toBe(0);
    // Forced, from the cursor: nothing changed in HubSpot, nothing changes here.
    expect(outcomeOf(again)).toMatchObject({ status: 'ok', summary: { deals: { added: 0, changed: 0 } } });

    const app = await startTestApp({ databasePath: temp.path, now: T, stub });
    try {
      const res = await app.command('', { user: 'UREP1' });
      expect(res.status).toBe(200);
      const card = res.json();
      const text = `${card.text}\n${JSON.stringify(card.blocks)}`;
      const quarter = periodContaining('quarter', localDate(T, ZONE), 1).label;
      // Won: Initech $30,000 + Globex $20,000 = $50,000 of $100,000 (50%); average won deal
      // (30,000 + 20,000) / 2 = $25,000, so the $50,000 gap is ceil(50,000 / 25,000) = 2 deals.
      expect(text).toContain('*$50,000 to go* of your $100,000 quota: about 2 deals of ~$25,000');
      expect(text).toContain('50% · $50,000 won');
      // Counted: Initech (ICP) $45,000 + Umbrella (not classified) $25,000 = $70,000 in 2 deals; Globex's
      // $10,000 is outside the ICP; Bo's $99,000 is nobody's here.
      expect(text).toContain(`$70,000 in 2 deals closing in ${quarter}`);
      expect(text).toContain('Outside your ICP, not counted: $10,000 in 1 deal');
      expect(text).not.toContain('99,000');
      // This week: two calls at Initech (ICP) and a meeting at Globex (not): 2/3 = 67%, 1/3 = 33%.
      expect(text).toContain('ICP 67% · non-ICP 33% · unclassified 0%');
    } finally {
      await app.stop();
    }
  });
});
