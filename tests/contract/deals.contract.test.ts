import { expect, it } from 'vitest';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z
const TODAY = '2026-11-30';
const Q4_END = '2026-12-31';

/** A deal write for Ann in team T1 unless overridden. */
function write(account: string, overrides: { teamId?: string; userId?: string; today?: string; now?: number } = {}) {
  return { teamId: T1, userId: ANN, account, now: NOW, today: TODAY, ...overrides };
}

describeBackends('deals', (use) => {
  const closedInQ4 = (store: Store, userId = ANN) => store.deals.closedDeals(T1, userId, '2026-10-01', Q4_END);
  const dealsVersion = async (store: Store, teamId = T1) => (await store.teams.getTeam(teamId))?.dealsVersion;

  it('closes the open deal on a win instead of counting the pipeline twice, keeping the day it opened', async () => {
    const store = use();
    await store.deals.addOpportunity({
      ...write('Acme', { today: '2026-11-20' }),
      amountCents: 4_500_000,
      defaultCloseOn: Q4_END,
    });
    const win = await store.deals.recordWin({ ...write('ACME'), amountCents: 5_000_000 });
    expect(win).toMatchObject({ accountCreated: false, closedOpen: { previousCents: 4_500_000 } });
    expect(win.account).toMatchObject({ teamId: T1, name: 'Acme', nameKey: 'acme', icp: 'unknown' });
    expect(await closedInQ4(store)).toEqual([
      { status: 'won', amountCents: 5_000_000, openedOn: '2026-11-20', closedOn: TODAY },
    ]);
    expect(await store.deals.openDealsOf(T1, ANN)).toEqual([]);
    expect(await store.deals.openDeals(T1, ANN)).toEqual([]);
  });

  it('records a won deal when the account has no open deal, with no opportunity date', async () => {
    const store = use();
    const win = await store.deals.recordWin({ ...write('Globex'), amountCents: 3_000_000 });
    expect(win).toMatchObject({ accountCreated: true, closedOpen: null });
    // openedOn null: it counts toward quota, never toward conversion.
    expect(await closedInQ4(store)).toEqual([
      { status: 'won', amountCents: 3_000_000, openedOn: null, closedOn: TODAY },
    ]);
    expect(await store.deals.wonBetween(T1, ANN, TODAY, TODAY)).toBe(3_000_000);
  });

  it('dates a new opportunity: closing on the date given, else the default, else the period’s end', async () => {
    const store = use();
    const given = await store.deals.addOpportunity({
      ...write('Acme'),
      amountCents: 1_000_000,
      closeOn: '2027-03-15',
      defaultCloseOn: Q4_END,
    });
    const byDefault = await store.deals.addOpportunity({
      ...write('Globex'),
      amountCents: 2_000_000,
      defaultCloseOn: Q4_END,
    });
    const none = await store.deals.addOpportunity({ ...write('Initech'), amountCents: 3_000_000 });
    expect([given.closeOn, byDefault.closeOn, none.closeOn]).toEqual(['2027-03-15', Q4_END, null]);
    // The picker: largest first, each with its account.
    expect(await store.deals.openDeals(T1, ANN)).toEqual([
      { id: expect.any(Number), accountId: none.account.id, account: 'Initech', amountCents: 3_000_000, closeOn: null },
      {
        id: expect.any(Number),
        accountId: byDefault.account.id,
        account: 'Globex',
        amountCents: 2_000_000,
        closeOn: Q4_END,
      },
      {
        id: expect.any(Number),
        accountId: given.account.id,
        account: 'Acme',
        amountCents: 1_000_000,
        closeOn: '2027-03-15',
      },
    ]);
  });

  it('updates an existing open opportunity instead of adding a second, keeping its close date', async () => {
    const store = use();
    const first = await store.deals.addOpportunity({
      ...write('Acme', { today: '2026-11-20' }),
      amountCents: 4_000_000,
      defaultCloseOn: Q4_END,
    });
    expect(first).toMatchObject({ accountCreated: true, updated: null, closeOn: Q4_END });
    const second = await store.deals.addOpportunity({
      ...write('acme', { today: '2026-11-25' }),
      amountCents: 4_500_000,
      closeOn: '2027-01-15',
    });
    expect(second).toMatchObject({
      accountCreated: false,
      updated: { fromCents: 4_000_000, fromCloseOn: Q4_END },
      closeOn: '2027-01-15',
    });
    const third = await store.deals.addOpportunity({
      ...write('ACME'),
      amountCents: 5_000_000,
      defaultCloseOn: Q4_END,
    });
    expect(third).toMatchObject({
      updated: { fromCents: 4_500_000, fromCloseOn: '2027-01-15' },
      closeOn: '2027-01-15',
    });
    const [picked, ...more] = await store.deals.openDeals(T1, ANN);
    expect(more).toEqual([]);
    expect(await store.deals.openDealsOf(T1, ANN)).toEqual([
      {
        id: picked?.id,
        accountId: first.account.id,
        account: 'Acme',
        icp: 'unknown',
        amountCents: 5_000_000,
        closeOn: '2027-01-15',
        lastTouchedOn: TODAY,
      },
    ]);
    // The whole row as the rep's deal: opened Nov 20, changed today, no CRM.
    expect(await store.deals.openDealOf({ teamId: T1, userId: ANN, dealId: picked?.id ?? -1 })).toEqual({
      id: picked?.id,
      teamId: T1,
      userId: ANN,
      accountId: first.account.id,
      amountCents: 5_000_000,
      status: 'open',
      createdAt: NOW,
      closedAt: null,
      closedOn: null,
      openedOn: '2026-11-20',
      closeOn: '2027-01-15',
      updatedOn: TODAY,
      source: null,
      externalId: null,
      externalUrl: null,
      stage: null,
      account: 'Acme',
    });
    expect(await store.deals.openDealOf({ teamId: T1, userId: BOB, dealId: picked?.id ?? -1 })).toBeUndefined();
  });

  it('marks lost: no such account, no open deal, or the newest open deal', async () => {
    const store = use();
    expect(await store.deals.markLost(write('Nobody'))).toEqual({ ok: false, reason: 'no-account' });
    await store.deals.recordWin({ ...write('Acme'), amountCents: 1_000_000 });
    expect(await store.deals.markLost(write('Acme'))).toMatchObject({
      ok: false,
      reason: 'no-open-deal',
      account: { name: 'Acme' },
    });
    await store.deals.addOpportunity({ ...write('Globex', { today: '2026-11-02' }), amountCents: 4_000_000 });
    expect(await store.deals.markLost(write('GLOBEX'))).toMatchObject({
      ok: true,
      amountCents: 4_000_000,
      stillOpen: 0,
      account: { name: 'Globex' },
    });
    // SQLite's index order: lost before won.
    expect(await closedInQ4(store)).toEqual([
      { status: 'lost', amountCents: 4_000_000, openedOn: '2026-11-02', closedOn: TODAY },
      { status: 'won', amountCents: 1_000_000, openedOn: null, closedOn: TODAY },
    ]);
    expect(await store.accounts.findAccount(T1, 'Nobody')).toBeUndefined();
  });

  it('reads closed deals in the order of the rep’s index: status, closing day, amount, opening day', async () => {
    const store = use();
    const at = (today: string) => ({ today });
    await store.deals.recordWin({ ...write('A', at('2025-12-30')), amountCents: 100_000 }); // before the window
    await store.deals.recordWin({ ...write('B', at('2025-12-31')), amountCents: 200_000 });
    await store.deals.recordWin({ ...write('E', at('2026-12-31')), amountCents: 1_600_000 });
    await store.deals.recordWin({ ...write('D', at('2026-10-01')), amountCents: 800_000 });
    await store.deals.recordWin({ ...write('C', at('2026-10-01')), amountCents: 400_000 });
    await store.deals.addOpportunity({ ...write('F', at('2026-05-01')), amountCents: 3_200_000 });
    await store.deals.markLost(write('F', at('2026-06-01')));
    await store.deals.addOpportunity({ ...write('G'), amountCents: 6_400_000 }); // still open
    await store.deals.addOpportunity({ ...write('H', at('2026-02-01')), amountCents: 10_000_000 });
    await store.deals.recordWin({ ...write('H', at('2026-10-01')), amountCents: 400_000 });
    await store.deals.recordWin({ ...write('D', { userId: BOB, today: '2026-11-01' }), amountCents: 9_900_000 });
    await store.deals.recordWin({ ...write('D', { teamId: T2, today: '2026-11-01' }), amountCents: 9_900_000 });
    expect(await store.deals.closedDeals(T1, ANN, '2025-12-31', '2026-12-31')).toEqual([
      { status: 'lost', amountCents: 3_200_000, openedOn: '2026-05-01', closedOn: '2026-06-01' },
      { status: 'won', amountCents: 200_000, openedOn: null, closedOn: '2025-12-31' },
      // Equal day and amount: no opening day (NULL) sorts first, as SQLite sorts it.
      { status: 'won', amountCents: 400_000, openedOn: null, closedOn: '2026-10-01' },
      { status: 'won', amountCents: 400_000, openedOn: '2026-02-01', closedOn: '2026-10-01' },
      { status: 'won', amountCents: 800_000, openedOn: null, closedOn: '2026-10-01' },
      { status: 'won', amountCents: 1_600_000, openedOn: null, closedOn: '2026-12-31' },
    ]);
    // 200,000 + 400,000 + 400,000 + 800,000 + 1,600,000
    expect(await store.deals.wonBetween(T1, ANN, '2025-12-31', '2026-12-31')).toBe(3_400_000);
    expect((await store.deals.openDealsOf(T1, ANN)).map((d) => [d.account, d.amountCents])).toEqual([['G', 6_400_000]]);
  });

  it('returns nothing for a rep with no deals', async () => {
    const store = use();
    expect(await store.deals.closedDeals(T1, ANN, '2025-11-30', TODAY)).toEqual([]);
    expect(await store.deals.openDealsOf(T1, ANN)).toEqual([]);
    expect(await store.deals.dealsOpenSince(T1, ANN, '2026-11-01')).toEqual([]);
    expect(await store.deals.wonBetween(T1, ANN, '2026-10-01', Q4_END)).toBe(0);
    const team = await store.teams.ensureTeam(T1);
    expect(await store.deals.teamConversion(team, '2025-11-30', TODAY)).toEqual({
      closed12: { won: 0, wonCents: 0, lost: 0, lostCents: 0 },
      averageDealCents: null,
    });
  });

  it('dates when an open deal last moved, and lists open deals by amount as the rep’s index holds them', async () => {
    const store = use();
    await store.deals.addOpportunity({ ...write('Acme', { today: '2026-10-01' }), amountCents: 3_000_000 });
    await store.deals.addOpportunity({ ...write('Globex', { today: '2026-10-01' }), amountCents: 1_000_000 });
    await store.deals.addOpportunity({ ...write('Initech', { today: '2026-11-10' }), amountCents: 2_000_000 });
    const call = (userId: string, account: string, today: string) =>
      store.activities.logActivity({ teamId: T1, userId, kind: 'call', count: 1, account, now: NOW, today });
    await call(ANN, 'Acme', '2026-11-25'); // later than the deal's last change: it counts
    await call(BOB, 'Globex', '2026-11-05'); // a colleague's call on the account counts too
    await call(ANN, 'Initech', '2026-11-01'); // earlier than the deal's change: the change counts
    expect((await store.deals.openDealsOf(T1, ANN)).map((d) => [d.account, d.amountCents, d.lastTouchedOn])).toEqual([
      ['Globex', 1_000_000, '2026-11-05'],
      ['Initech', 2_000_000, '2026-11-10'],
      ['Acme', 3_000_000, '2026-11-25'],
    ]);
  });

  it('dates an open deal never changed since it came in by the UTC day it was created', async () => {
    const store = use();
    const { account } = await store.accounts.findOrCreateAccount(T1, 'Acme');
    const crm = { teamId: T1, userId: ANN, accountId: account.id, status: 'open' as const, source: 'hubspot' };
    await store.crmApply.insertDeals([
      // 23:59:59.999 UTC on Nov 28 (already Nov 29 east of UTC): Nov 28.
      {
        ...crm,
        amountCents: 100,
        createdAt: Date.UTC(2026, 10, 28, 23, 59, 59, 999),
        externalId: 'a',
        updatedOn: null,
      },
      { ...crm, amountCents: 200, createdAt: Date.UTC(2026, 10, 29, 0, 0), externalId: 'b', updatedOn: null },
    ]);
    expect((await store.deals.openDealsOf(T1, ANN)).map((d) => [d.amountCents, d.lastTouchedOn])).toEqual([
      [100, '2026-11-28'],
      [200, '2026-11-29'],
    ]);
  });

  it('rebuilds a past day’s deals: open then or closed since, with what was known by then', async () => {
    const store = use();
    await store.deals.addOpportunity({ ...write('Acme', { today: '2026-11-02' }), amountCents: 1_000_000 });
    await store.deals.addOpportunity({ ...write('Globex', { today: '2026-11-03' }), amountCents: 2_000_000 });
    await store.deals.addOpportunity({ ...write('Old', { today: '2026-10-01' }), amountCents: 5_000_000 });
    await store.deals.markLost(write('Old', { today: '2026-11-04' })); // closed before the day: left out
    await store.deals.addOpportunity({ ...write('Later', { today: '2026-11-12' }), amountCents: 4_000_000 });
    await store.deals.recordWin({ ...write('Globex', { today: '2026-11-20' }), amountCents: 2_500_000 });
    await store.activities.logActivity({
      teamId: T1,
      userId: BOB,
      kind: 'call',
      count: 1,
      account: 'Acme',
      now: NOW,
      today: '2026-11-08',
    });
    await store.activities.logActivity({
      teamId: T1,
      userId: ANN,
      kind: 'call',
      count: 1,
      account: 'Acme',
      now: NOW,
      today: '2026-11-15',
    });
    // The index order: open (no closing day, amount) before won.
    expect(await store.deals.dealsOpenSince(T1, ANN, '2026-11-10')).toEqual([
      // Acme: changed Nov 2, the call on Nov 8 is the last touch by Nov 10 (Nov 15's is later).
      {
        amountCents: 1_000_000,
        status: 'open',
        icp: 'unknown',
        openedOn: '2026-11-02',
        closeOn: null,
        closedOn: null,
        lastTouchedOn: '2026-11-08',
      },
      // Later: opened after the day, its change unknown then.
      {
        amountCents: 4_000_000,
        status: 'open',
        icp: 'unknown',
        openedOn: '2026-11-12',
        closeOn: null,
        closedOn: null,
        lastTouchedOn: null,
      },
      // Globex: won since, changed on Nov 20: not known on Nov 10.
      {
        amountCents: 2_500_000,
        status: 'won',
        icp: 'unknown',
        openedOn: '2026-11-03',
        closeOn: null,
        closedOn: '2026-11-20',
        lastTouchedOn: null,
      },
    ]);
  });

  it('bumps the team’s deals version on every deal write, and not on a refusal', async () => {
    const store = use();
    await store.teams.ensureTeam(T1);
    expect(await dealsVersion(store)).toBe(0);
    await store.deals.addOpportunity({ ...write('Acme'), amountCents: 1_000_000 }); // 1
    await store.deals.addOpportunity({ ...write('Acme'), amountCents: 2_000_000 }); // 2: an update
    await store.deals.recordWin({ ...write('Acme'), amountCents: 2_000_000 }); // 3: closes it
    await store.deals.recordWin({ ...write('Globex'), amountCents: 1_000_000 }); // 4: a win with no opportunity
    await store.deals.addOpportunity({ ...write('Initech'), amountCents: 1_000_000 }); // 5
    const [initech] = await store.deals.openDeals(T1, ANN);
    const answer = { teamId: T1, userId: ANN, dealId: initech?.id ?? -1, now: NOW, today: TODAY };
    expect(await store.deals.answerStaleDeal({ ...answer, answer: 'close-on', closeOn: '2027-01-31' })).toEqual({
      ok: true,
      account: 'Initech',
      amountCents: 1_000_000,
      fromCloseOn: null,
    }); // 6
    expect(await dealsVersion(store)).toBe(6);
    await store.deals.markLost(write('Nobody')); // refused: no account
    await store.deals.markLost(write('Globex')); // refused: no open deal
    expect(await store.deals.answerStaleDeal({ ...answer, userId: BOB, answer: 'lost' })).toEqual({
      ok: false,
      reason: 'not-open',
    });
    expect(await dealsVersion(store)).toBe(6);
    await store.deals.markLost(write('Initech')); // 7
    await store.deals.recordWin({ ...write('Acme', { teamId: T2 }), amountCents: 1_000_000 });
    expect([await dealsVersion(store, T1), await dealsVersion(store, T2)]).toEqual([7, 1]);
  });

  it('answers a stale deal: a new close date marks it changed today, or it is lost', async () => {
    const store = use();
    const opp = (account: string, amountCents: number) =>
      store.deals.addOpportunity({
        ...write(account, { today: '2026-09-01' }),
        amountCents,
        defaultCloseOn: '2026-09-30',
      });
    await opp('Acme', 1_000_000);
    await opp('Globex', 2_000_000);
    const [acme, globex] = await store.deals.openDealsOf(T1, ANN);
    if (!acme || !globex) throw new Error('no open deals');
    const answer = { teamId: T1, userId: ANN, now: NOW, today: TODAY };
    expect(
      await store.deals.answerStaleDeal({ ...answer, dealId: acme.id, answer: 'close-on', closeOn: '2026-12-15' }),
    ).toEqual({ ok: true, account: 'Acme', amountCents: 1_000_000, fromCloseOn: '2026-09-30' });
    expect(await store.deals.answerStaleDeal({ ...answer, dealId: globex.id, answer: 'lost' })).toMatchObject({
      ok: true,
    });
    expect(await store.deals.openDealsOf(T1, ANN)).toEqual([{ ...acme, closeOn: '2026-12-15', lastTouchedOn: TODAY }]);
    expect(await closedInQ4(store)).toEqual([
      { status: 'lost', amountCents: 2_000_000, openedOn: '2026-09-01', closedOn: TODAY },
    ]);
    expect(await store.deals.answerStaleDeal({ ...answer, dealId: globex.id, answer: 'lost' })).toEqual({
      ok: false,
      reason: 'not-open',
    });
  });

  it("pools the team's opportunities for its win rate, and sees a new deal at once", async () => {
    const store = use();
    const since = '2025-11-30';
    await store.deals.addOpportunity({ ...write('Acme', { today: '2026-10-01' }), amountCents: 4_000_000 });
    await store.deals.recordWin({ ...write('Acme', { today: '2026-11-01' }), amountCents: 4_000_000 });
    await store.deals.recordWin({ ...write('Initech'), amountCents: 2_000_000 });
    await store.deals.addOpportunity({
      ...write('Globex', { userId: BOB, today: '2026-10-01' }),
      amountCents: 6_000_000,
    });
    await store.deals.markLost(write('Globex', { userId: BOB }));
    await store.deals.addOpportunity({ ...write('Umbrella', { userId: BOB }), amountCents: 3_000_000 });
    await store.deals.recordWin({ ...write('Acme', { teamId: T2 }), amountCents: 9_900_000 });
    await store.deals.recordWin({ ...write('Hooli', { today: '2025-11-29' }), amountCents: 9_900_000 });
    const read = async () =>
      store.deals.teamConversion((await store.teams.getTeam(T1)) ?? { id: T1, dealsVersion: 0 }, since, TODAY);
    expect(await read()).toEqual({
      closed12: { won: 1, wonCents: 4_000_000, lost: 1, lostCents: 6_000_000 },
      // (40,000 + 20,000) / 2 = 30,000
      averageDealCents: 3_000_000,
    });
    await store.deals.recordWin({ ...write('Umbrella', { userId: BOB }), amountCents: 9_000_000 });
    expect(await read()).toEqual({
      closed12: { won: 2, wonCents: 13_000_000, lost: 1, lostCents: 6_000_000 },
      // (40,000 + 20,000 + 90,000) / 3 = 50,000
      averageDealCents: 5_000_000,
    });
  });

  it('sizes the team’s average deal by its open deals when it has won none', async () => {
    const store = use();
    await store.deals.addOpportunity({ ...write('Acme'), amountCents: 1_000_000 });
    await store.deals.addOpportunity({ ...write('Globex', { userId: BOB }), amountCents: 2_000_001 });
    // (1,000,000 + 2,000,001) / 2: a fraction of a cent, as on SQLite
    expect(await store.deals.teamConversion(await store.teams.ensureTeam(T1), '2025-11-30', TODAY)).toEqual({
      closed12: { won: 0, wonCents: 0, lost: 0, lostCents: 0 },
      averageDealCents: 1_500_000.5,
    });
  });

  it('lists the day’s wins, losses and new opportunities, by when each deal was first recorded', async () => {
    const store = use();
    // Tuesday 2026-12-01 in Los Angeles runs from 08:00Z to the next day's 08:00Z.
    const dec1 = {
      date: '2026-12-01',
      startMs: Date.parse('2026-12-01T08:00:00Z'),
      endMs: Date.parse('2026-12-02T08:00:00Z'),
    };
    const mon = Date.parse('2026-11-30T18:00:00Z');
    const tue = Date.parse('2026-12-01T18:00:00Z');
    const at = (account: string, now: number, today: string, userId = ANN) => ({
      teamId: T1,
      userId,
      account,
      now,
      today,
    });
    await store.deals.addOpportunity({ ...at('Umbrella', mon, '2026-11-30'), amountCents: 3_000_000 });
    await store.deals.addOpportunity({ ...at('Initech', mon, '2026-11-30'), amountCents: 1_000_000 });
    await store.deals.markLost(at('Umbrella', tue, '2026-12-01'));
    await store.deals.recordWin({ ...at('Initech', tue, '2026-12-01'), amountCents: 1_200_000 });
    await store.deals.recordWin({ ...at('Acme', tue, '2026-12-01'), amountCents: 500_000 });
    await store.deals.addOpportunity({ ...at('Globex', tue, '2026-12-01'), amountCents: 4_000_000 });
    await store.deals.addOpportunity({ ...at('Hooli', dec1.endMs - 1, '2026-12-01'), amountCents: 250_000 });
    await store.deals.addOpportunity({ ...at('Next', dec1.endMs, '2026-12-02'), amountCents: 1 });
    await store.deals.recordWin({ ...at('Vandelay', tue, '2026-12-01', BOB), amountCents: 700_000 });
    expect(await store.deals.dealsOnDay(T1, ANN, dec1)).toEqual({
      won: [
        { account: 'Initech', amountCents: 1_200_000 },
        { account: 'Acme', amountCents: 500_000 },
      ],
      lost: 1,
      // Globex $40,000 + Hooli $2,500
      newOpportunities: { count: 2, amountCents: 4_250_000 },
    });
    expect(await store.deals.dealsOnDay(T1, BOB, { ...dec1, date: '2026-12-02' })).toEqual({
      won: [],
      lost: 0,
      newOpportunities: { count: 0, amountCents: 0 },
    });
  });

  it('closes an open deal once when two wins on it arrive at once: the other is a win of its own', async () => {
    const store = use();
    await store.deals.addOpportunity({ ...write('Acme'), amountCents: 1_000_000 });
    const wins = await Promise.all([
      store.deals.recordWin({ ...write('Acme'), amountCents: 2_000_000 }),
      store.deals.recordWin({ ...write('Acme'), amountCents: 3_000_000 }),
    ]);
    expect(wins.map((win) => win.closedOpen).filter((closed) => closed !== null)).toEqual([
      { previousCents: 1_000_000 },
    ]);
    expect(await store.deals.wonBetween(T1, ANN, TODAY, TODAY)).toBe(5_000_000);
    expect(await dealsVersion(store)).toBe(3);
  });
});
