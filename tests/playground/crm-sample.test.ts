/**
 * The playground loads the CRM sample: the HubSpot deals export (tests/fixtures/crm/hubspot-deals.csv) imported
 * through the real import (parse, owners matched by name with users.list, applied) into the playground's team,
 * its dates moved to the playground's present. The workspace stand-in answers users.lookupByEmail and
 * users.list as Slack documents them (https://docs.slack.dev/reference/methods/users.lookupByEmail/,
 * https://docs.slack.dev/reference/methods/users.list/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmBatch, emptyBatch } from '../../src/crm/model.js';
import { openStorage } from '../../src/db/connection.js';
import { recentCrmRuns } from '../../src/db/crm.js';
import { deals } from '../../src/db/schema.js';
import { addDays, daysBetween, localDate } from '../../src/domain/calendar.js';
import { CRM_SAMPLE_DAY, shiftDates } from '../../src/playground/crm-sample.js';
import { type Playground, startPlayground } from '../../src/playground/server.js';
import { LocalWorkspace } from '../../src/playground/workspace.js';

describe('moving the sample to the present', () => {
  const batch: CrmBatch = emptyBatch({
    deals: [
      {
        externalId: '1',
        name: 'Initech',
        accountName: 'Initech',
        amountCents: 100,
        currency: 'USD',
        status: 'won',
        stage: 'Closed won',
        closeDate: '2026-11-03',
        createdAt: '2026-10-30T22:30:00.000Z',
        owner: { email: null, name: 'Dana Reyes' },
        url: null,
      },
    ],
  });

  it('moves days by whole days, across months and back, and instants by as many 24 hours', () => {
    // 3 Nov + 28 days = 1 Dec; 30 Oct 22:30Z + 28 × 24 h = 27 Nov 22:30Z.
    expect(shiftDates(batch, 28).deals[0]).toMatchObject({
      closeDate: '2026-12-01',
      createdAt: '2026-11-27T22:30:00.000Z',
    });
    // 3 Nov − 4 days = 30 Oct.
    expect(shiftDates(batch, -4).deals[0]?.closeDate).toBe('2026-10-30');
    expect(shiftDates(batch, 0)).toBe(batch);
  });
});

describe('the workspace stand-in finds people as a CRM names them', () => {
  it('by email (any case) and in the member list, with their full names', async () => {
    const workspace = await new LocalWorkspace().start();
    try {
      workspace.people.set('UDEMO0001', { id: 'UDEMO0001', name: 'Dana Reyes', tz: 'UTC', email: 'dana@demo.example' });
      const client = new WebClient('xoxb-test', { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 } });
      const found = await client.users.lookupByEmail({ email: 'Dana@Demo.Example' });
      expect(found.user).toMatchObject({ id: 'UDEMO0001', real_name: 'Dana Reyes', deleted: false, is_bot: false });
      await expect(client.users.lookupByEmail({ email: 'pat@demo.example' })).rejects.toMatchObject({
        data: { error: 'users_not_found' },
      });
      const list = await client.users.list({});
      expect(list.members?.map((m) => [m.id, m.real_name, m.profile?.display_name])).toEqual([
        ['UDEMO0001', 'Dana Reyes', 'Dana'],
      ]);
      expect(list.response_metadata?.next_cursor).toBe('');
    } finally {
      await workspace.stop();
    }
  });
});

describe('the playground’s Load CRM sample', () => {
  let dir: string;
  let playground: Playground;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'focus-playground-crm-'));
    playground = await startPlayground({ port: 0, databasePath: join(dir, 'playground.db'), log: false });
  }, 60_000);

  afterAll(async () => {
    await playground?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the HubSpot sample for the demo reps, moved to today, and says what it did', async () => {
    const res = await fetch(`${playground.url}api/crmSample`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'UMGR0001' }),
    });
    const result = (await res.json()) as { ok: boolean; message: string };
    // Ten deals: Soylent is in EUR and Vandelay has no amount.
    expect(result).toMatchObject({
      ok: true,
      message: 'Imported the HubSpot sample (HubSpot): 8 added, 0 changed, 0 deleted, 0 unchanged, 2 skipped.',
    });
    const state = (await (await fetch(`${playground.url}api/state?user=UDEMO0001`)).json()) as { home: unknown };
    expect(state.home).not.toBeNull();

    const storage = openStorage(join(dir, 'playground.db'));
    try {
      const initech = storage.db
        .select()
        .from(deals)
        .where(and(eq(deals.teamId, 'TDEMO'), eq(deals.source, 'hubspot'), eq(deals.externalId, '18234567001')))
        .get();
      // Won on 2026-11-03, 30 days before the sample's day: 30 days before the playground's today.
      const today = localDate(Date.now(), 'America/New_York');
      const shift = daysBetween(CRM_SAMPLE_DAY, today);
      expect(initech).toMatchObject({ userId: 'UDEMO0001', status: 'won', amountCents: 4_800_000 });
      expect([addDays('2026-11-03', shift), addDays('2026-11-03', shift - 1)]).toContain(initech?.closedOn);
      expect(recentCrmRuns(storage.db, 'TDEMO', 'hubspot')).toMatchObject([
        { trigger: 'playground', status: 'ok', added: 8 },
      ]);
    } finally {
      storage.close();
    }
  });
});
