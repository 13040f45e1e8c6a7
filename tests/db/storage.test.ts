import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { count, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedFigures } from '../../src/coach/status.js';
import {
  findAccount,
  findOrCreateAccount,
  listAccounts,
  setAccountIcpByName,
  unclassifiedAccountsOf,
} from '../../src/db/accounts.js';
import { activityCounts, activityMix, logActivity, targetCounts } from '../../src/db/activities.js';
import { getCheckin, setPlan, setPlanDone } from '../../src/db/checkins.js';
import { MIGRATIONS_FOLDER, openStorage } from '../../src/db/connection.js';
import {
  addOpportunity,
  answerStaleDeal,
  closedDeals,
  markLost,
  openDealsOf,
  recordWin,
  teamConversion,
  wonBetween,
} from '../../src/db/deals.js';
import { columnsOf, EXPORT_TABLES, exportData, toCsv } from '../../src/db/export.js';
import { quotaFor, setQuota } from '../../src/db/quotas.js';
import { ensureRep, getRep, workingDaysOf } from '../../src/db/reps.js';
import { accounts, activities, checkins, deals, quotas, targets } from '../../src/db/schema.js';
import { listTargets, setTarget } from '../../src/db/targets.js';
import { ensureTeam, getTeam } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 10, 30, 17, 0); // 2026-11-30T17:00Z
const TODAY = '2026-11-30';
const Q4_END = '2026-12-31';

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
  it('upgrades deals written before opportunities had dates: opened, last changed, close date left to the period', () => {
    // A database at the last migration before close dates, holding deals as the old code wrote them.
    const folder = join(store.dir, 'old-migrations');
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const before = journal.entries.findIndex((entry) => entry.tag === '0003_coaching_truth');
    expect(before).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
    const path = join(store.dir, 'old.db');
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: folder });
    const at = (iso: string) => Date.parse(iso);
    old.exec("insert into teams (id) values ('T0001')");
    old.exec("insert into accounts (team_id, name, name_key) values ('T0001', 'Acme', 'acme')");
    const insert = old.prepare(
      'insert into deals (team_id, user_id, account_id, amount_cents, status, created_at, closed_at, closed_on) values (?, ?, 1, ?, ?, ?, ?, ?)',
    );
    insert.run(T1, ANN, 1_000_000, 'open', at('2026-10-05T12:00:00Z'), null, null);
    insert.run(T1, ANN, 2_000_000, 'lost', at('2026-09-01T12:00:00Z'), at('2026-10-10T12:00:00Z'), '2026-10-10');
    // a win logged directly: the old code wrote one instant for its creation and its close
    insert.run(T1, ANN, 3_000_000, 'won', at('2026-11-02T12:00:00Z'), at('2026-11-02T12:00:00Z'), '2026-11-02');
    // a win that closed an opportunity opened months before
    insert.run(T1, ANN, 4_000_000, 'won', at('2026-08-03T12:00:00Z'), at('2026-11-20T12:00:00Z'), '2026-11-20');
    old.close();

    const upgraded = openStorage(path);
    try {
      expect(
        upgraded.sqlite.prepare('select amount_cents, opened_on, close_on, updated_on from deals order by id').all(),
      ).toEqual([
        { amount_cents: 1_000_000, opened_on: '2026-10-05', close_on: null, updated_on: '2026-10-05' },
        { amount_cents: 2_000_000, opened_on: '2026-09-01', close_on: null, updated_on: '2026-10-10' },
        { amount_cents: 3_000_000, opened_on: null, close_on: null, updated_on: '2026-11-02' },
        { amount_cents: 4_000_000, opened_on: '2026-08-03', close_on: null, updated_on: '2026-11-20' },
      ]);
      expect(upgraded.sqlite.prepare('select period_kind, deals_version from teams').get()).toEqual({
        period_kind: 'quarter',
        deals_version: 0,
      });
    } finally {
      upgraded.close();
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
      periodKind: 'quarter',
      dealsVersion: 0,
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
  /** Ann's deals won or lost in Q4 2026, oldest first. */
  const closedInQ4 = (userId = ANN) =>
    closedDeals(store.db, T1, userId, '2026-10-01', '2026-12-31').sort(
      (a, b) => a.closedOn.localeCompare(b.closedOn) || a.amountCents - b.amountCents,
    );
  const openOf = (userId = ANN, teamId = T1) => openDealsOf(store.db, teamId, userId).sort((a, b) => a.id - b.id);
  const dealsVersion = (teamId = T1) => getTeam(store.db, teamId)?.dealsVersion;

  it('closes the open deal on a win instead of counting the pipeline twice, keeping the day it opened', () => {
    addOpportunity(store.db, {
      ...write('Acme', { today: '2026-11-20' }),
      amountCents: 4_500_000,
      defaultCloseOn: Q4_END,
    });
    const win = recordWin(store.db, { ...write('ACME'), amountCents: 5_000_000 });
    expect(win.closedOpen).toEqual({ previousCents: 4_500_000 });
    expect(win.accountCreated).toBe(false);
    expect(rowCount(deals)).toBe(1);
    // One deal: won at the win's amount, on the win's day, still dated from the opportunity (Nov 20), so
    // conversion and the sales cycle count it.
    expect(store.db.select().from(deals).get()).toMatchObject({
      status: 'won',
      amountCents: 5_000_000,
      openedOn: '2026-11-20',
      closeOn: Q4_END,
      closedOn: TODAY,
      closedAt: NOW,
      updatedOn: TODAY,
    });
    expect(closedInQ4()).toEqual([{ status: 'won', amountCents: 5_000_000, openedOn: '2026-11-20', closedOn: TODAY }]);
    expect(openOf()).toEqual([]);
  });

  it('records a won deal when the account has no open deal, with no opportunity date', () => {
    const win = recordWin(store.db, { ...write('Globex'), amountCents: 3_000_000 });
    expect(win.closedOpen).toBeNull();
    expect(win.accountCreated).toBe(true);
    const [deal] = store.db.select().from(deals).all();
    // openedOn null: it counts toward quota, never toward conversion.
    expect(deal).toMatchObject({
      status: 'won',
      amountCents: 3_000_000,
      closedAt: NOW,
      closedOn: TODAY,
      openedOn: null,
      closeOn: TODAY,
      updatedOn: TODAY,
    });
    expect(closedInQ4()).toEqual([{ status: 'won', amountCents: 3_000_000, openedOn: null, closedOn: TODAY }]);
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
    expect(wonBetween(store.db, T1, ANN, '2026-10-01', '2026-12-31')).toBe(3_500_000);
    expect(openOf(ANN).map((d) => d.amountCents)).toEqual([2_000_000]);
    expect(wonBetween(store.db, T1, BOB, '2026-10-01', '2026-12-31')).toBe(0);
    expect(openOf(BOB).map((d) => d.amountCents)).toEqual([1_000_000]);
  });

  it('dates a new opportunity: opened today, closing on the date given, else the default, else the period’s end', () => {
    const given = addOpportunity(store.db, {
      ...write('Acme'),
      amountCents: 1_000_000,
      closeOn: '2027-03-15',
      defaultCloseOn: Q4_END,
    });
    const byDefault = addOpportunity(store.db, { ...write('Globex'), amountCents: 2_000_000, defaultCloseOn: Q4_END });
    const none = addOpportunity(store.db, { ...write('Initech'), amountCents: 3_000_000 });
    expect([given.closeOn, byDefault.closeOn, none.closeOn]).toEqual(['2027-03-15', Q4_END, null]);
    expect(
      store.db
        .select({
          amountCents: deals.amountCents,
          openedOn: deals.openedOn,
          closeOn: deals.closeOn,
          updatedOn: deals.updatedOn,
        })
        .from(deals)
        .orderBy(deals.id)
        .all(),
    ).toEqual([
      { amountCents: 1_000_000, openedOn: TODAY, closeOn: '2027-03-15', updatedOn: TODAY },
      { amountCents: 2_000_000, openedOn: TODAY, closeOn: Q4_END, updatedOn: TODAY },
      // null: read as the end of whatever period the card shows
      { amountCents: 3_000_000, openedOn: TODAY, closeOn: null, updatedOn: TODAY },
    ]);
  });

  it('updates an existing open opportunity instead of adding a second, keeping its close date unless a new one is given', () => {
    const first = addOpportunity(store.db, {
      ...write('Acme', { today: '2026-11-20' }),
      amountCents: 4_000_000,
      defaultCloseOn: Q4_END,
    });
    expect(first).toMatchObject({ accountCreated: true, updated: null, closeOn: Q4_END });
    const second = addOpportunity(store.db, {
      ...write('acme', { today: '2026-11-25' }),
      amountCents: 4_500_000,
      closeOn: '2027-01-15',
    });
    expect(second).toMatchObject({
      accountCreated: false,
      updated: { fromCents: 4_000_000, fromCloseOn: Q4_END },
      closeOn: '2027-01-15',
    });
    // No date this time: the deal keeps Jan 15, not the default.
    const third = addOpportunity(store.db, { ...write('ACME'), amountCents: 5_000_000, defaultCloseOn: Q4_END });
    expect(third).toMatchObject({
      updated: { fromCents: 4_500_000, fromCloseOn: '2027-01-15' },
      closeOn: '2027-01-15',
    });
    expect(rowCount(deals)).toBe(1);
    // It opened on Nov 20 and last changed today.
    expect(store.db.select().from(deals).get()).toMatchObject({ openedOn: '2026-11-20', updatedOn: TODAY });
    expect(openOf()).toEqual([
      {
        id: 1,
        accountId: first.account.id,
        account: 'Acme',
        icp: 'unknown',
        amountCents: 5_000_000,
        closeOn: '2027-01-15',
        lastTouchedOn: TODAY,
      },
    ]);
  });

  it('marks lost: no such account, no open deal, or the newest open deal', () => {
    expect(markLost(store.db, write('Nobody'))).toEqual({ ok: false, reason: 'no-account' });

    recordWin(store.db, { ...write('Acme'), amountCents: 1_000_000 });
    const noOpen = markLost(store.db, write('Acme'));
    expect(noOpen).toMatchObject({ ok: false, reason: 'no-open-deal', account: { name: 'Acme' } });

    addOpportunity(store.db, { ...write('Globex', { today: '2026-11-02' }), amountCents: 4_000_000 });
    const lost = markLost(store.db, write('GLOBEX'));
    expect(lost).toMatchObject({ ok: true, amountCents: 4_000_000, stillOpen: 0, account: { name: 'Globex' } });
    expect(closedInQ4()).toEqual([
      { status: 'won', amountCents: 1_000_000, openedOn: null, closedOn: TODAY },
      { status: 'lost', amountCents: 4_000_000, openedOn: '2026-11-02', closedOn: TODAY },
    ]);
    expect(openOf()).toEqual([]);
    expect(store.db.select().from(deals).where(eq(deals.status, 'lost')).get()).toMatchObject({
      closedAt: NOW,
      updatedOn: TODAY,
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

  it('reads wins inside the period, and opportunities closed inside the 12-month window, for conversion', () => {
    const at = (today: string) => ({ today });
    // period Q4 2026 = 2026-10-01 … 2026-12-31; window 2025-12-31 … 2026-12-31
    recordWin(store.db, { ...write('A', at('2025-12-30')), amountCents: 100_000 }); // before the window
    recordWin(store.db, { ...write('B', at('2025-12-31')), amountCents: 200_000 }); // first day of the window
    recordWin(store.db, { ...write('C', at('2026-09-30')), amountCents: 400_000 }); // Q3
    recordWin(store.db, { ...write('D', at('2026-10-01')), amountCents: 800_000 }); // first day of Q4
    recordWin(store.db, { ...write('E', at('2026-12-31')), amountCents: 1_600_000 }); // last day of Q4
    addOpportunity(store.db, { ...write('F', at('2026-05-01')), amountCents: 3_200_000 });
    markLost(store.db, write('F', at('2026-06-01')));
    addOpportunity(store.db, { ...write('G'), amountCents: 6_400_000 });
    // an opportunity opened Feb 1 and won Mar 3: 28 days to Mar 1 (2026 is no leap year) + 2 = 30 days
    addOpportunity(store.db, { ...write('H', at('2026-02-01')), amountCents: 10_000_000 });
    recordWin(store.db, { ...write('H', at('2026-03-03')), amountCents: 12_800_000 });
    // someone else's deals never count
    recordWin(store.db, { ...write('D', { userId: BOB, today: '2026-11-01' }), amountCents: 9_900_000 });
    recordWin(store.db, { ...write('D', { teamId: T2, today: '2026-11-01' }), amountCents: 9_900_000 });

    const closed = closedDeals(store.db, T1, ANN, '2025-12-31', '2026-12-31');
    // B, H, F, C, D, E: A is a day early, G is still open, Bob's and T2's are not Ann's
    expect(closed.map((d) => d.amountCents).sort((a, b) => a - b)).toEqual([
      200_000, 400_000, 800_000, 1_600_000, 3_200_000, 12_800_000,
    ]);
    const q4 = periodContaining('quarter', '2026-12-31', 1);
    expect(closedFigures(closed, q4, '2025-12-31', '2026-12-31')).toEqual({
      // D + E = 800,000 + 1,600,000
      wonInPeriod: 2_400_000,
      // every win in the window sizes the average deal: B + C + D + E + H = 200,000 + 400,000 + 800,000 + 1,600,000 + 12,800,000
      won12: { count: 5, cents: 15_800_000 },
      // only opportunities count toward conversion: H won, F lost
      closed12: { won: 1, wonCents: 12_800_000, lost: 1, lostCents: 3_200_000 },
      cycleDays: [30],
    });
    expect(wonBetween(store.db, T1, ANN, '2026-10-01', '2026-12-31')).toBe(2_400_000);
    expect(openOf().map((d) => [d.account, d.amountCents])).toEqual([['G', 6_400_000]]);
  });

  it('returns nothing for a rep with no deals', () => {
    expect(closedDeals(store.db, T1, ANN, '2025-11-30', TODAY)).toEqual([]);
    expect(openOf()).toEqual([]);
    expect(wonBetween(store.db, T1, ANN, '2026-10-01', '2026-12-31')).toBe(0);
    const team = ensureTeam(store.db, T1);
    expect(teamConversion(store.db, team, '2025-11-30', TODAY)).toEqual({
      closed12: { won: 0, wonCents: 0, lost: 0, lostCents: 0 },
      averageDealCents: null,
    });
  });

  it('dates when an open deal last moved: its own change, or later activity on its account by anyone', () => {
    addOpportunity(store.db, { ...write('Acme', { today: '2026-10-01' }), amountCents: 1_000_000 });
    addOpportunity(store.db, { ...write('Globex', { today: '2026-10-01' }), amountCents: 2_000_000 });
    addOpportunity(store.db, { ...write('Initech', { today: '2026-11-10' }), amountCents: 3_000_000 });
    const call = (userId: string, account: string, today: string) =>
      logActivity(store.db, { teamId: T1, userId, kind: 'call', count: 1, account, now: NOW, today });
    call(ANN, 'Acme', '2026-11-25'); // later than the deal's last change: it counts
    call(BOB, 'Globex', '2026-11-05'); // a colleague's call on the account counts too
    call(ANN, 'Initech', '2026-11-01'); // earlier than the deal's change: the change counts
    expect(openOf().map((d) => [d.account, d.lastTouchedOn])).toEqual([
      ['Acme', '2026-11-25'],
      ['Globex', '2026-11-05'],
      ['Initech', '2026-11-10'],
    ]);
  });

  it('lists a rep’s unclassified accounts with an open deal or activity in the range, by name', () => {
    setAccountIcpByName(store.db, T1, 'Fit Co', 'yes');
    addOpportunity(store.db, { ...write('Zeta'), amountCents: 1_000_000 }); // open deal, fit unknown
    addOpportunity(store.db, { ...write('Fit Co'), amountCents: 1_000_000 }); // classified: not asked
    addOpportunity(store.db, { ...write('Gone'), amountCents: 1_000_000 });
    markLost(store.db, write('Gone')); // no longer open, no activity: not asked
    addOpportunity(store.db, { ...write('Bobs', { userId: BOB }), amountCents: 1_000_000 }); // Bob's, not Ann's
    const log = (account: string, today: string) =>
      logActivity(store.db, { teamId: T1, userId: ANN, kind: 'email', count: 1, account, now: NOW, today });
    log('alpha', TODAY);
    log('Old Co', '2026-11-29'); // the day before the range
    expect(unclassifiedAccountsOf(store.db, T1, ANN, TODAY, '2026-12-06').map((a) => a.name)).toEqual([
      'alpha',
      'Zeta',
    ]);
  });

  it('bumps the team’s deals version on every deal write, and not on a refusal', () => {
    ensureTeam(store.db, T1);
    expect(dealsVersion()).toBe(0);
    addOpportunity(store.db, { ...write('Acme'), amountCents: 1_000_000 }); // 1
    addOpportunity(store.db, { ...write('Acme'), amountCents: 2_000_000 }); // 2: an update
    recordWin(store.db, { ...write('Acme'), amountCents: 2_000_000 }); // 3: closes it
    recordWin(store.db, { ...write('Globex'), amountCents: 1_000_000 }); // 4: a win with no opportunity
    addOpportunity(store.db, { ...write('Initech'), amountCents: 1_000_000 }); // 5
    const initech = openOf()[0];
    if (!initech) throw new Error('no open deal');
    const answer = { teamId: T1, userId: ANN, dealId: initech.id, now: NOW, today: TODAY };
    expect(answerStaleDeal(store.db, { ...answer, answer: 'close-on', closeOn: '2027-01-31' })).toMatchObject({
      ok: true,
    }); // 6
    expect(dealsVersion()).toBe(6);
    markLost(store.db, write('Nobody')); // refused: no account
    markLost(store.db, write('Globex')); // refused: no open deal
    expect(answerStaleDeal(store.db, { ...answer, userId: BOB, answer: 'lost' })).toEqual({
      ok: false,
      reason: 'not-open',
    }); // refused: not Bob's deal
    expect(dealsVersion()).toBe(6);
    markLost(store.db, write('Initech')); // 7
    expect(dealsVersion()).toBe(7);
    // another team's version is its own
    recordWin(store.db, { ...write('Acme', { teamId: T2 }), amountCents: 1_000_000 });
    expect([dealsVersion(T1), dealsVersion(T2)]).toEqual([7, 1]);
  });

  it('answers a stale deal: a new close date marks it changed today, or it is lost', () => {
    addOpportunity(store.db, {
      ...write('Acme', { today: '2026-09-01' }),
      amountCents: 1_000_000,
      defaultCloseOn: '2026-09-30',
    });
    addOpportunity(store.db, {
      ...write('Globex', { today: '2026-09-01' }),
      amountCents: 2_000_000,
      defaultCloseOn: '2026-09-30',
    });
    const [acme, globex] = openOf();
    if (!acme || !globex) throw new Error('no open deals');
    const answer = { teamId: T1, userId: ANN, now: NOW, today: TODAY };
    expect(
      answerStaleDeal(store.db, { ...answer, dealId: acme.id, answer: 'close-on', closeOn: '2026-12-15' }),
    ).toEqual({
      ok: true,
      account: 'Acme',
      amountCents: 1_000_000,
      fromCloseOn: '2026-09-30',
    });
    expect(answerStaleDeal(store.db, { ...answer, dealId: globex.id, answer: 'lost' })).toMatchObject({ ok: true });
    expect(openOf()).toEqual([{ ...acme, closeOn: '2026-12-15', lastTouchedOn: TODAY }]);
    expect(closedInQ4()).toEqual([{ status: 'lost', amountCents: 2_000_000, openedOn: '2026-09-01', closedOn: TODAY }]);
    // answered already: a second answer changes nothing
    expect(answerStaleDeal(store.db, { ...answer, dealId: globex.id, answer: 'lost' })).toEqual({
      ok: false,
      reason: 'not-open',
    });
  });

  it("pools the team's opportunities for its win rate, and sees a new deal at once despite the cache", () => {
    const since = '2025-11-30';
    // Ann: a $40k opportunity won; a $20k win with no opportunity (quota only). Bob: a $60k opportunity lost,
    // a $30k one still open. T2's win is another team's.
    addOpportunity(store.db, { ...write('Acme', { today: '2026-10-01' }), amountCents: 4_000_000 });
    recordWin(store.db, { ...write('Acme', { today: '2026-11-01' }), amountCents: 4_000_000 });
    recordWin(store.db, { ...write('Initech'), amountCents: 2_000_000 });
    addOpportunity(store.db, { ...write('Globex', { userId: BOB, today: '2026-10-01' }), amountCents: 6_000_000 });
    markLost(store.db, write('Globex', { userId: BOB }));
    addOpportunity(store.db, { ...write('Umbrella', { userId: BOB }), amountCents: 3_000_000 });
    recordWin(store.db, { ...write('Acme', { teamId: T2 }), amountCents: 9_900_000 });
    // a win a year and a day ago is outside the window
    recordWin(store.db, { ...write('Hooli', { today: '2025-11-29' }), amountCents: 9_900_000 });

    const read = () => teamConversion(store.db, ensureTeam(store.db, T1), since, TODAY);
    expect(read()).toEqual({
      closed12: { won: 1, wonCents: 4_000_000, lost: 1, lostCents: 6_000_000 },
      // mean won over the window, with or without an opportunity: (40,000 + 20,000) / 2 = 30,000
      averageDealCents: 3_000_000,
    });
    expect(read()).toEqual(read()); // served from the cache
    // Bob wins Umbrella at $90k: one more won opportunity, seen on the very next read
    recordWin(store.db, { ...write('Umbrella', { userId: BOB }), amountCents: 9_000_000 });
    expect(read()).toEqual({
      closed12: { won: 2, wonCents: 13_000_000, lost: 1, lostCents: 6_000_000 },
      // (40,000 + 20,000 + 90,000) / 3 = 50,000
      averageDealCents: 5_000_000,
    });
  });

  it('sizes the team’s average deal by its open deals when it has won none', () => {
    addOpportunity(store.db, { ...write('Acme'), amountCents: 1_000_000 });
    addOpportunity(store.db, { ...write('Globex', { userId: BOB }), amountCents: 2_000_000 });
    // (10,000 + 20,000) / 2 = 15,000; nothing closed yet
    expect(teamConversion(store.db, ensureTeam(store.db, T1), '2025-11-30', TODAY)).toEqual({
      closed12: { won: 0, wonCents: 0, lost: 0, lostCents: 0 },
      averageDealCents: 1_500_000,
    });
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

  describe('a week of ICP, non-ICP, unclassified and account-less work', () => {
    beforeEach(() => {
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
    });

    it('splits the mix by ICP fit, keeping unknown fit and no account apart', () => {
      // ICP 5 + 1; non-ICP 3 (not last week's 7); unclassified 2; no account 1; Bob's 9 are his
      expect(activityMix(store.db, T1, ANN, '2026-11-30', '2026-12-06')).toEqual({
        icp: 6,
        nonIcp: 3,
        unclassified: 2,
        noAccount: 1,
      });
      expect(activityMix(store.db, T2, ANN, '2026-11-30', '2026-12-06')).toEqual({
        icp: 0,
        nonIcp: 0,
        unclassified: 0,
        noAccount: 0,
      });
    });

    it('counts toward targets only work on ICP and unclassified accounts, and all of it beside', () => {
      expect(targetCounts(store.db, T1, ANN, '2026-11-30', '2026-12-06')).toEqual({
        call: { counted: 5, all: 8 }, // Fit Co 5 counted; Misfit Co's 3 not
        meeting: { counted: 1, all: 1 },
        email: { counted: 2, all: 2 }, // Unknown Co is unclassified: counted
        demo: { counted: 0, all: 1 }, // no account: not counted
      });
      expect(targetCounts(store.db, T1, ANN, '2026-11-29', '2026-11-29')).toEqual({ call: { counted: 0, all: 7 } });
      expect(targetCounts(store.db, T1, BOB, TODAY, TODAY)).toEqual({ call: { counted: 9, all: 9 } });
    });
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

  it('keeps the tick of an item typed again when the plan is re-sent with one more', () => {
    setPlan(store.db, { teamId: T1, userId: ANN, localDate: TODAY, items: ['Call Acme', 'Demo Globex'], now: NOW });
    setPlanDone(store.db, { teamId: T1, userId: ANN, localDate: TODAY, doneIndexes: [0] });
    const items = setPlan(store.db, {
      teamId: T1,
      userId: ANN,
      localDate: TODAY,
      // Case and spacing aside, "call acme" is the ticked item.
      items: ['call  acme', 'Demo Globex', 'Send proposal'],
      now: NOW + 1,
    });
    expect(items).toEqual([
      { text: 'call  acme', done: true },
      { text: 'Demo Globex', done: false },
      { text: 'Send proposal', done: false },
    ]);
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
    expect(columnsOf('accounts')).toEqual(['id', 'teamId', 'name', 'nameKey', 'icp', 'icpSource', 'createdAt']);
    expect(columnsOf('nope')).toEqual([]);
    expect(toCsv([], ['a', 'b'])).toBe('a,b\n');
  });
});
