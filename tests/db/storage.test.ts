import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAccount, findOrCreateAccount, listAccounts, setAccountIcpByName } from '../../src/db/accounts.js';
import { activityCounts, activityMix, logActivity } from '../../src/db/activities.js';
import { getCheckin, setPlan } from '../../src/db/checkins.js';
import { MIGRATIONS_FOLDER, openStorage } from '../../src/db/connection.js';
import { addOpportunity, dealSummary, markLost, recordWin } from '../../src/db/deals.js';
import { columnsOf, EXPORT_TABLES, exportData, toCsv } from '../../src/db/export.js';
import { quotaFor, setQuota } from '../../src/db/quotas.js';
import { ensureRep, getRep, workingDaysOf } from '../../src/db/reps.js';
import { accounts, activities, checkins, deals, quotas, targets } from '../../src/db/schema.js';
import { listTargets, setTarget } from '../../src/db/targets.js';
import { ensureTeam } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z
const TODAY = '2026-11-30';

let store: ReturnType<typeof tempStorage>;

beforeEach(() => {
  store = tempStorage();
});

afterEach(() => {
  store.remove();
});

/** A deal write for Ann in team T1 unless overridden. */
function write(account: string, overrides: { teamId?: string; userId?: string; today?: string; now?: number } = {}) {
  return { teamId: T1, userId: ANN, account, now: NOW, today: TODAY, ...overrides };
}

function rowCount(table: typeof accounts | typeof deals | typeof activities | typeof targets | typeof quotas): number {
  return store.db.select({ n: count() }).from(table).get()?.n ?? -1;
}

describe('opening the database', () => {
  it('applies every migration and creates the tables', () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const applied = store.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    const tables = (
      store.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    ).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'teams',
        'reps',
        'quotas',
        'accounts',
        'deals',
        'activities',
        'targets',
        'checkins',
        'scheduled_sends',
      ]),
    );
  });

  it('turns on WAL for a file, foreign keys and a busy timeout', () => {
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('enforces foreign keys', () => {
    expect(() => store.db.insert(accounts).values({ teamId: 'T-none', name: 'Acme', nameKey: 'acme' }).run()).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('opens again without reapplying migrations, and keeps the data', () => {
    findOrCreateAccount(store.db, T1, 'Acme');
    setQuota(store.db, {
      teamId: T1,
      userId: ANN,
      period: periodContaining('quarter', TODAY, 1),
      amountCents: 12_000_000,
      setBy: ANN,
      now: NOW,
    });
    store.close();
    const again = openStorage(store.path);
    try {
      expect(findAccount(again.db, T1, 'acme')?.name).toBe('Acme');
      expect(quotaFor(again.db, T1, ANN, 'quarter', '2026-10-01')?.amountCents).toBe(12_000_000);
      expect(again.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      again.close();
    }
  });
});

describe('teams and reps', () => {
  it('creates a team with the default settings once', () => {
    const team = ensureTeam(store.db, T1);
    expect(team).toMatchObject({
      id: T1,
      channelId: null,
      weeklyDay: 1,
      weeklyMinutes: 540, // Monday 09:00
      timezone: null,
      fiscalYearStartMonth: 1,
      currency: 'USD',
      defaultWinRate: 0.25,
    });
    expect(typeof team.createdAt).toBe('number');
    expect(ensureTeam(store.db, T1)).toEqual(team);
  });

  it('creates a rep, and their team, with the default schedule and working days', () => {
    const rep = ensureRep(store.db, T2, ANN);
    expect(rep).toMatchObject({
      teamId: T2,
      userId: ANN,
      slackTimezone: null,
      timezoneOverride: null,
      isSlackAdmin: false,
      quotaPeriod: 'quarter',
      checkinMinutes: 510, // 08:30
      reflectionMinutes: 1050, // 17:30
      workingDays: '1,2,3,4,5',
      pausedUntil: null,
      remindersEnabled: true,
    });
    expect(workingDaysOf(rep)).toEqual([1, 2, 3, 4, 5]);
    expect(ensureTeam(store.db, T2).id).toBe(T2);
    expect(ensureRep(store.db, T2, ANN)).toEqual(rep);
  });

  it('reads the working-days setting, and an empty one as no working days rather than Sunday', () => {
    expect(workingDaysOf({ workingDays: '0,1,2,3,4' })).toEqual([0, 1, 2, 3, 4]);
    expect(workingDaysOf({ workingDays: ' 1, 2 ,x,7' })).toEqual([1, 2]);
    expect(workingDaysOf({ workingDays: '' })).toEqual([]);
    expect(workingDaysOf({ workingDays: '1,,5' })).toEqual([1, 5]);
  });
});

describe('quotas', () => {
  const q4 = periodContaining('quarter', TODAY, 1);

  it('upserts one quota per rep and period, and remembers the period kind', () => {
    setQuota(store.db, { teamId: T1, userId: ANN, period: q4, amountCents: 12_000_000, setBy: ANN, now: NOW });
    setQuota(store.db, { teamId: T1, userId: ANN, period: q4, amountCents: 15_000_000, setBy: 'U0MGR', now: NOW + 1 });
    expect(rowCount(quotas)).toBe(1);
    expect(quotaFor(store.db, T1, ANN, 'quarter', '2026-10-01')).toMatchObject({
      periodEnd: '2026-12-31',
      amountCents: 15_000_000,
      setBy: 'U0MGR',
      updatedAt: NOW + 1,
    });
    expect(getRep(store.db, T1, ANN)?.quotaPeriod).toBe('quarter');
  });

  it('keeps a quarter quota when a month quota is set, and switches the card to months', () => {
    setQuota(store.db, { teamId: T1, userId: ANN, period: q4, amountCents: 12_000_000, setBy: ANN, now: NOW });
    const november = periodContaining('month', TODAY, 1);
    setQuota(store.db, { teamId: T1, userId: ANN, period: november, amountCents: 4_000_000, setBy: ANN, now: NOW });
    expect(getRep(store.db, T1, ANN)?.quotaPeriod).toBe('month');
    expect(quotaFor(store.db, T1, ANN, 'month', '2026-11-01')?.amountCents).toBe(4_000_000);
    expect(quotaFor(store.db, T1, ANN, 'quarter', '2026-10-01')?.amountCents).toBe(12_000_000);
    expect(quotaFor(store.db, T1, BOB, 'quarter', '2026-10-01')).toBeUndefined();
  });
});

describe('accounts', () => {
  it('treats "Acme" and "ACME " as one account, keeping the first spelling', () => {
    const first = findOrCreateAccount(store.db, T1, 'Acme');
    const second = findOrCreateAccount(store.db, T1, 'ACME ');
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.account.id).toBe(first.account.id);
    expect(second.account).toMatchObject({ name: 'Acme', nameKey: 'acme', icp: 'unknown' });
    expect(findAccount(store.db, T1, '  acme')?.id).toBe(first.account.id);
    expect(listAccounts(store.db, T1)).toHaveLength(1);
  });

  it('keeps accounts of the same name separate across teams', () => {
    const one = findOrCreateAccount(store.db, T1, 'Acme').account;
    const two = findOrCreateAccount(store.db, T2, 'Acme').account;
    expect(two.id).not.toBe(one.id);
    setAccountIcpByName(store.db, T1, 'acme', 'yes');
    expect(findAccount(store.db, T1, 'Acme')?.icp).toBe('yes');
    expect(findAccount(store.db, T2, 'Acme')?.icp).toBe('unknown');
  });

  it('refuses a duplicate name key within a team at the database level', () => {
    findOrCreateAccount(store.db, T1, 'Acme');
    expect(() => store.db.insert(accounts).values({ teamId: T1, name: 'ACME', nameKey: 'acme' }).run()).toThrow(
      /UNIQUE/,
    );
  });
});

describe('deals', () => {
  const summary = (userId = ANN) =>
    dealSummary(store.db, T1, userId, {
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      since12: '2025-11-30',
      today: TODAY,
    });

  it('closes the open deal on a win instead of counting the pipeline twice', () => {
    addOpportunity(store.db, { ...write('Acme'), amountCents: 4_500_000 });
    const win = recordWin(store.db, { ...write('ACME'), amountCents: 5_000_000 });
    expect(win.closedOpen).toEqual({ previousCents: 4_500_000 });
    expect(win.accountCreated).toBe(false);
    expect(rowCount(deals)).toBe(1);
    expect(summary()).toEqual({
      wonCents: 5_000_000,
      openCents: 0,
      openCount: 0,
      closed12: { won: 1, lost: 0, wonCents: 5_000_000 },
    });
  });

  it('records a won deal when the account has no open deal', () => {
    const win = recordWin(store.db, { ...write('Globex'), amountCents: 3_000_000 });
    expect(win.closedOpen).toBeNull();
    expect(win.accountCreated).toBe(true);
    const [deal] = store.db.select().from(deals).all();
    expect(deal).toMatchObject({ status: 'won', amountCents: 3_000_000, closedAt: NOW, closedOn: TODAY });
  });

  it("closes only the rep's own open deal, the newest one", () => {
    addOpportunity(store.db, { ...write('Acme', { userId: BOB }), amountCents: 1_000_000 });
    const acme = findAccount(store.db, T1, 'Acme');
    if (!acme) throw new Error('no account');
    // two open deals of Ann's on Acme (only possible from before one-open-deal-per-account)
    store.db
      .insert(deals)
      .values([
        { teamId: T1, userId: ANN, accountId: acme.id, amountCents: 2_000_000, status: 'open', createdAt: NOW - 2000 },
        { teamId: T1, userId: ANN, accountId: acme.id, amountCents: 3_000_000, status: 'open', createdAt: NOW - 1000 },
      ])
      .run();
    const win = recordWin(store.db, { ...write('Acme'), amountCents: 3_500_000 });
    expect(win.closedOpen).toEqual({ previousCents: 3_000_000 });
    // Ann: the $20k deal stays open; Bob's $10k deal is untouched
    expect(summary(ANN)).toMatchObject({ wonCents: 3_500_000, openCents: 2_000_000, openCount: 1 });
    expect(summary(BOB)).toMatchObject({ wonCents: 0, openCents: 1_000_000, openCount: 1 });
  });

  it('updates an existing open opportunity instead of adding a second', () => {
    const first = addOpportunity(store.db, { ...write('Acme'), amountCents: 4_000_000 });
    const second = addOpportunity(store.db, { ...write('acme'), amountCents: 4_500_000 });
    expect(first).toMatchObject({ accountCreated: true, updatedFromCents: null });
    expect(second).toMatchObject({ accountCreated: false, updatedFromCents: 4_000_000 });
    expect(rowCount(deals)).toBe(1);
    expect(summary()).toMatchObject({ openCents: 4_500_000, openCount: 1 });
  });

  it('marks lost: no such account, no open deal, or the newest open deal', () => {
    expect(markLost(store.db, write('Nobody'))).toEqual({ ok: false, reason: 'no-account' });

    recordWin(store.db, { ...write('Acme'), amountCents: 1_000_000 });
    const noOpen = markLost(store.db, write('Acme'));
    expect(noOpen).toMatchObject({ ok: false, reason: 'no-open-deal', account: { name: 'Acme' } });

    addOpportunity(store.db, { ...write('Globex'), amountCents: 4_000_000 });
    const lost = markLost(store.db, write('GLOBEX'));
    expect(lost).toMatchObject({ ok: true, amountCents: 4_000_000, stillOpen: 0, account: { name: 'Globex' } });
    expect(summary()).toEqual({
      wonCents: 1_000_000,
      openCents: 0,
      openCount: 0,
      closed12: { won: 1, lost: 1, wonCents: 1_000_000 },
    });
    // nothing was written by the refusals
    expect(rowCount(deals)).toBe(2);
    expect(findAccount(store.db, T1, 'Nobody')).toBeUndefined();
  });

  it('counts the open deals still left on the account after a loss', () => {
    addOpportunity(store.db, { ...write('Acme'), amountCents: 1_000_000 });
    const acme = findAccount(store.db, T1, 'Acme');
    if (!acme) throw new Error('no account');
    store.db
      .insert(deals)
      .values({ teamId: T1, userId: ANN, accountId: acme.id, amountCents: 2_000_000, status: 'open', createdAt: NOW })
      .run();
    const lost = markLost(store.db, write('Acme'));
    expect(lost).toMatchObject({ ok: true, amountCents: 2_000_000, stillOpen: 1 });
  });

  it('sums wins inside the period and closed deals inside the 12-month window only', () => {
    const at = (today: string) => ({ today });
    // period Q4 2026 = 2026-10-01 … 2026-12-31; window 2025-12-31 … 2026-12-31
    recordWin(store.db, { ...write('A', at('2025-12-30')), amountCents: 100_000 }); // before the window
    recordWin(store.db, { ...write('B', at('2025-12-31')), amountCents: 200_000 }); // first day of the window
    recordWin(store.db, { ...write('C', at('2026-09-30')), amountCents: 400_000 }); // Q3
    recordWin(store.db, { ...write('D', at('2026-10-01')), amountCents: 800_000 }); // first day of Q4
    recordWin(store.db, { ...write('E', at('2026-12-31')), amountCents: 1_600_000 }); // last day of Q4
    addOpportunity(store.db, { ...write('F'), amountCents: 3_200_000 });
    markLost(store.db, write('F', at('2026-06-01')));
    addOpportunity(store.db, { ...write('G'), amountCents: 6_400_000 });
    // someone else's deals never count
    recordWin(store.db, { ...write('D', { userId: BOB, today: '2026-11-01' }), amountCents: 9_900_000 });
    recordWin(store.db, { ...write('D', { teamId: T2, today: '2026-11-01' }), amountCents: 9_900_000 });

    const result = dealSummary(store.db, T1, ANN, {
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
      since12: '2025-12-31',
      today: '2026-12-31',
    });
    expect(result).toEqual({
      // 800,000 + 1,600,000
      wonCents: 2_400_000,
      openCents: 6_400_000,
      openCount: 1,
      // won B, C, D, E; lost F. 200,000 + 400,000 + 800,000 + 1,600,000 = 3,000,000
      closed12: { won: 4, lost: 1, wonCents: 3_000_000 },
    });
  });

  it('returns zeros for a rep with no deals', () => {
    expect(summary()).toEqual({ wonCents: 0, openCents: 0, openCount: 0, closed12: { won: 0, lost: 0, wonCents: 0 } });
  });
});

describe('activities', () => {
  function log(
    kind: 'call' | 'email' | 'meeting' | 'demo' | 'proposal',
    n: number,
    account: string | null,
    today = TODAY,
  ) {
    return logActivity(store.db, { teamId: T1, userId: ANN, kind, count: n, account, now: NOW, today });
  }

  it('logs with an account, creating it once, or without one', () => {
    const first = log('call', 3, 'Initech');
    expect(first.accountCreated).toBe(true);
    expect(first.account?.name).toBe('Initech');
    expect(log('call', 1, 'initech').accountCreated).toBe(false);
    expect(log('email', 2, null)).toEqual({ account: null, accountCreated: false });
    const rows = store.db.select().from(activities).all();
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ kind: 'email', count: 2, accountId: null, localDate: TODAY, occurredAt: NOW });
  });

  it('splits the mix by ICP fit, counting unknown fit and no account as unassigned', () => {
    setAccountIcpByName(store.db, T1, 'Fit Co', 'yes');
    setAccountIcpByName(store.db, T1, 'Misfit Co', 'no');
    log('call', 5, 'Fit Co');
    log('meeting', 1, 'Fit Co', '2026-12-06'); // Sunday: still in the week
    log('call', 3, 'Misfit Co');
    log('email', 2, 'Unknown Co');
    log('demo', 1, null);
    log('call', 7, 'Misfit Co', '2026-11-29'); // the Sunday before: another week
    logActivity(store.db, {
      teamId: T1,
      userId: BOB,
      kind: 'call',
      count: 9,
      account: 'Fit Co',
      now: NOW,
      today: TODAY,
    });

    expect(activityMix(store.db, T1, ANN, '2026-11-30', '2026-12-06')).toEqual({ icp: 6, nonIcp: 3, unassigned: 3 });
    expect(activityMix(store.db, T2, ANN, '2026-11-30', '2026-12-06')).toEqual({ icp: 0, nonIcp: 0, unassigned: 0 });
  });

  it('counts activity per kind between two dates', () => {
    log('call', 5, 'Acme');
    log('call', 2, null);
    log('meeting', 1, null, '2026-12-02');
    log('demo', 4, null, '2026-12-07'); // next week
    expect(activityCounts(store.db, T1, ANN, '2026-11-30', '2026-12-06')).toEqual({ call: 7, meeting: 1 });
    expect(activityCounts(store.db, T1, ANN, TODAY, TODAY)).toEqual({ call: 7 });
    expect(activityCounts(store.db, T1, BOB, TODAY, TODAY)).toEqual({});
  });
});

describe('targets', () => {
  const target = (activity: 'call' | 'meeting', per: 'day' | 'week', n: number) =>
    setTarget(store.db, { teamId: T1, userId: ANN, activity, per, count: n, now: NOW });

  it('inserts, updates returning the previous count, and deletes at 0', () => {
    expect(target('meeting', 'week', 8)).toEqual({ previous: null });
    expect(target('meeting', 'week', 10)).toEqual({ previous: 8 });
    expect(target('call', 'day', 20)).toEqual({ previous: null });
    expect(listTargets(store.db, T1, ANN).map((t) => [t.activity, t.per, t.count])).toEqual([
      ['call', 'day', 20],
      ['meeting', 'week', 10],
    ]);
    expect(target('meeting', 'week', 0)).toEqual({ previous: 10 });
    expect(target('meeting', 'week', 0)).toEqual({ previous: null });
    expect(listTargets(store.db, T1, ANN).map((t) => t.activity)).toEqual(['call']);
  });

  it('keeps a day and a week target for the same activity apart', () => {
    target('call', 'day', 10);
    target('call', 'week', 40);
    expect(rowCount(targets)).toBe(2);
  });
});

describe('plans', () => {
  it("replaces the day's plan, none done", () => {
    setPlan(store.db, { teamId: T1, userId: ANN, localDate: TODAY, items: ['Call Acme', 'Demo Globex'], now: NOW });
    const items = setPlan(store.db, {
      teamId: T1,
      userId: ANN,
      localDate: TODAY,
      items: ['Send proposal'],
      now: NOW + 1,
    });
    expect(items).toEqual([{ text: 'Send proposal', done: false }]);
    expect(getCheckin(store.db, T1, ANN, TODAY)).toMatchObject({
      planItems: [{ text: 'Send proposal', done: false }],
      planSetAt: NOW + 1,
    });
    expect(getCheckin(store.db, T1, ANN, '2026-12-01')).toBeUndefined();
  });
});

describe('transactions', () => {
  it('writes nothing when a transaction throws part-way', () => {
    expect(() =>
      store.db.transaction((tx) => {
        addOpportunity(tx, { ...write('Acme'), amountCents: 1_000_000 });
        recordWin(tx, { ...write('Globex'), amountCents: 2_000_000 });
        logActivity(tx, {
          teamId: T1,
          userId: ANN,
          kind: 'call',
          count: 1,
          account: 'Initech',
          now: NOW,
          today: TODAY,
        });
        setTarget(tx, { teamId: T1, userId: ANN, activity: 'call', per: 'day', count: 5, now: NOW });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    for (const table of [accounts, deals, activities, targets]) expect(rowCount(table)).toBe(0);
  });

  it('leaves no new account behind when a win fails to save', () => {
    expect(() => recordWin(store.db, { ...write('Orphan Inc'), amountCents: null as unknown as number })).toThrow(
      /NOT NULL/,
    );
    expect(findAccount(store.db, T1, 'Orphan Inc')).toBeUndefined();
    expect(rowCount(deals)).toBe(0);
  });
});

describe('export', () => {
  it("exports one team's rows table by table, or every team's", () => {
    recordWin(store.db, { ...write('Acme'), amountCents: 1_000_000 });
    recordWin(store.db, { ...write('Acme', { teamId: T2 }), amountCents: 2_000_000 });
    const one = exportData(store.db, T1);
    expect(Object.keys(one)).toEqual([...EXPORT_TABLES]);
    expect(one.teams?.map((t) => t.id)).toEqual([T1]);
    expect(one.deals?.map((d) => d.amountCents)).toEqual([1_000_000]);
    expect(one.accounts).toHaveLength(1);
    const all = exportData(store.db, null);
    expect(all.teams).toHaveLength(2);
    expect(all.deals?.map((d) => d.amountCents).sort()).toEqual([1_000_000, 2_000_000]);
  });

  it('writes CSV with RFC 4180 quoting and JSON for plan items', () => {
    findOrCreateAccount(store.db, T1, 'Acme, "The Best" Inc');
    setPlan(store.db, { teamId: T1, userId: ANN, localDate: TODAY, items: ['Call, then "email"'], now: NOW });
    store.db.update(checkins).set({ reflection: 'Good day\nmore demos' }).where(eq(checkins.userId, ANN)).run();
    const data = exportData(store.db, T1);

    const accountCsv = toCsv(data.accounts ?? [], ['name', 'nameKey', 'icp']);
    expect(accountCsv).toBe('name,nameKey,icp\n"Acme, ""The Best"" Inc","acme, ""the best"" inc",unknown\n');

    const checkinCsv = toCsv(data.checkins ?? [], ['localDate', 'planItems', 'reflection', 'reflectionAt']);
    expect(checkinCsv).toBe(
      'localDate,planItems,reflection,reflectionAt\n' +
        `${TODAY},"[{""text"":""Call, then \\""email\\"""",""done"":false}]","Good day\nmore demos",\n`,
    );
  });

  it('names the columns of each table', () => {
    expect(columnsOf('accounts')).toEqual(['id', 'teamId', 'name', 'nameKey', 'icp', 'createdAt']);
    expect(columnsOf('nope')).toEqual([]);
    expect(toCsv([], ['a', 'b'])).toBe('a,b\n');
  });
});
