/**
 * The export (src/db/export.ts and its Postgres twin) through the Store: every table of a team, or of all teams, with
 * the team's currency right after each amount, booleans as booleans, JSON as parsed values and every instant and
 * count as a number; the same from inside a read-only transaction.
 */
import { expect, it } from 'vitest';
import { emptySummary } from '../../src/crm/model.js';
import { EXPORT_TABLES } from '../../src/db/export.js';
import { sendKey } from '../../src/db/sends.js';
import { periodContaining } from '../../src/domain/period.js';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 11, 1, 17, 0); // 2026-12-01T17:00Z
const TODAY = '2026-12-01';

/** T1 counts euros: Ann's quota, win and plan, Bob's open deal, a send, a CRM run and owner; T2 one dollar win. */
async function seed(store: Store): Promise<void> {
  const team = await store.teams.ensureTeam(T1);
  await store.teams.ensureTeam(T2);
  await store.teams.updateTeamSettings(T1, {
    channelId: 'C0SALES',
    timezone: 'Europe/Paris',
    weeklyDay: team.weeklyDay,
    weeklyMinutes: team.weeklyMinutes,
    fiscalYearStartMonth: team.fiscalYearStartMonth,
    currency: 'EUR',
    defaultWinRate: 0.3,
    periodKind: team.periodKind,
  });
  await store.history.recordCurrencyChange({
    teamId: T1,
    userId: 'U0MGR',
    at: NOW,
    change: { from: 'USD', to: 'EUR', quotas: 0, deals: 0 },
  });
  // Made in primary-key order: SQLite exports these rows in the order they were made, Postgres in key order.
  for (const [teamId, userId] of [
    [T1, ANN],
    [T1, BOB],
    [T2, ANN],
  ] as const)
    await store.reps.ensureRep(teamId, userId);
  const period = periodContaining('quarter', TODAY, 1);
  await store.quotas.setQuota({ teamId: T1, userId: ANN, period, amountCents: 12_000_000, setBy: ANN, now: NOW });
  await store.deals.recordWin({
    teamId: T1,
    userId: ANN,
    account: 'Acme',
    amountCents: 3_000_000,
    now: NOW,
    today: TODAY,
  });
  await store.deals.addOpportunity({
    teamId: T1,
    userId: BOB,
    account: 'Globex',
    amountCents: 4_550_000,
    closeOn: '2026-12-20',
    now: NOW + 1,
    today: TODAY,
  });
  await store.deals.recordWin({
    teamId: T2,
    userId: ANN,
    account: 'Acme',
    amountCents: 700_000,
    now: NOW,
    today: TODAY,
  });
  await store.checkins.setPlan({ teamId: T1, userId: ANN, localDate: TODAY, items: ['Call Acme', 'Demo'], now: NOW });
  await store.sends.claimSend({
    key: sendKey(T1, ANN, 'checkin', TODAY),
    teamId: T1,
    recipient: ANN,
    kind: 'checkin',
    now: NOW,
  });
  const run = await store.crm.startCrmRun({ teamId: T1, source: 'hubspot', trigger: 'cli', dryRun: false, now: NOW });
  await store.crm.finishCrmRunOk(run, emptySummary('hubspot', false), NOW + 1_000);
  await store.crmOwners.saveOwnerAnswer({
    teamId: T1,
    ownerKey: 'ann@acme.test',
    userId: ANN,
    reason: null,
    checkedAt: NOW,
  });
}

describeBackends('export', (use) => {
  it("exports one team's rows table by table, each amount followed by the team's currency", async () => {
    const store = use();
    await seed(store);
    const data = await store.exporter.exportData(T1);
    expect(Object.keys(data)).toEqual([...EXPORT_TABLES]);
    expect(data.teams).toEqual([
      {
        id: T1,
        channelId: 'C0SALES',
        weeklyDay: 1,
        weeklyMinutes: 540,
        timezone: 'Europe/Paris',
        fiscalYearStartMonth: 1,
        currency: 'EUR',
        defaultWinRate: 0.3,
        periodKind: 'quarter',
        holidayCountry: null,
        holidayRegion: null,
        companyDaysOff: '[]',
        workedHolidays: '[]',
        dealsVersion: 2,
        manualDeals: true,
        createdAt: expect.any(Number),
      },
    ]);
    expect(data.reps?.map((rep) => [rep.userId, rep.isSlackAdmin, rep.remindersEnabled])).toEqual([
      [ANN, false, true],
      [BOB, false, true],
    ]);
    const [acme, globex] = data.accounts ?? [];
    expect(data.accounts?.map((a) => a.name)).toEqual(['Acme', 'Globex']);
    expect(data.deals).toEqual([
      {
        id: expect.any(Number),
        teamId: T1,
        userId: ANN,
        accountId: acme?.id,
        amountCents: 3_000_000,
        currency: 'EUR',
        status: 'won',
        createdAt: NOW,
        closedAt: NOW,
        closedOn: TODAY,
        openedOn: null,
        closeOn: TODAY,
        updatedOn: TODAY,
        source: null,
        externalId: null,
        externalUrl: null,
        stage: null,
      },
      {
        id: expect.any(Number),
        teamId: T1,
        userId: BOB,
        accountId: globex?.id,
        amountCents: 4_550_000,
        currency: 'EUR',
        status: 'open',
        createdAt: NOW + 1,
        closedAt: null,
        closedOn: null,
        openedOn: TODAY,
        closeOn: '2026-12-20',
        updatedOn: TODAY,
        source: null,
        externalId: null,
        externalUrl: null,
        stage: null,
      },
    ]);
    expect(data.quotas).toMatchObject([{ userId: ANN, amountCents: 12_000_000, currency: 'EUR', updatedAt: NOW }]);
    expect(Object.keys(data.quotas?.[0] ?? {})).toEqual([
      'id',
      'teamId',
      'userId',
      'periodKind',
      'periodStart',
      'periodEnd',
      'amountCents',
      'currency',
      'setBy',
      'updatedAt',
    ]);
    expect(data.checkins).toEqual([
      {
        teamId: T1,
        userId: ANN,
        localDate: TODAY,
        planItems: [
          { text: 'Call Acme', done: false },
          { text: 'Demo', done: false },
        ],
        planSetAt: NOW,
        reflection: null,
        reflectionAt: null,
      },
    ]);
    expect(data.scheduled_sends).toMatchObject([{ claimKey: sendKey(T1, ANN, 'checkin', TODAY), status: 'pending' }]);
    expect(data.team_history).toMatchObject([
      { kind: 'currency', at: NOW, detail: { from: 'USD', to: 'EUR', quotas: 0, deals: 0 } },
    ]);
    expect(data.crm_runs).toMatchObject([{ status: 'ok', dryRun: false, summary: emptySummary('hubspot', false) }]);
    expect(data.crm_owners).toEqual([
      { teamId: T1, ownerKey: 'ann@acme.test', userId: ANN, reason: null, checkedAt: NOW },
    ]);
    expect(data.activities).toEqual([]);
    expect(data.targets).toEqual([]);
    expect(data.pauses).toEqual([]);
  });

  it("exports every team's rows with each team's own currency, and the same inside a read-only transaction", async () => {
    const store = use();
    await seed(store);
    const all = await store.exporter.exportData(null);
    expect(all.teams?.map((team) => [team.id, team.currency])).toEqual([
      [T1, 'EUR'],
      [T2, 'USD'],
    ]);
    expect(all.deals?.map((deal) => [deal.teamId, deal.amountCents, deal.currency])).toEqual([
      [T1, 3_000_000, 'EUR'],
      [T1, 4_550_000, 'EUR'],
      [T2, 700_000, 'USD'],
    ]);
    expect(all.reps?.map((rep) => `${rep.teamId}/${rep.userId}`)).toEqual([
      `${T1}/${ANN}`,
      `${T1}/${BOB}`,
      `${T2}/${ANN}`,
    ]);
    const inside = await store.transaction((tx) => tx.exporter.exportData(null), { readOnly: true });
    expect(inside).toEqual(all);
    expect(await store.exporter.exportData('T0NONE')).toEqual(
      Object.fromEntries(EXPORT_TABLES.map((name) => [name, []])),
    );
  });
});
