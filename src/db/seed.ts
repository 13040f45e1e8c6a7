/**
 * A realistic synthetic team, generated deterministically from a seed: quotas, accounts
 * with ICP fit, deals won, lost and open, daily activity and plans. For demos, the
 * playground and benchmarks. Written with raw prepared statements, in small transactions (the
 * accounts, then one per rep), so a server sharing the file never waits long for the write lock.
 *
 * It keeps the product's own rules: an account has at most one open deal across the team; a deal is
 * opened before it closes; an open deal's close date is ahead, or slipped to a day after it was opened.
 * The first four reps play parts (seed-roles.ts): behind, drifting outside the ICP, ahead, and at risk.
 */
import type Database from 'better-sqlite3';
import { accountKey } from '../domain/account-name.js';
import { addDays, daysBetween, type LocalDate, localDate, weekdayOf } from '../domain/calendar.js';
import { type Period, periodContaining } from '../domain/period.js';
import { DEFAULT_ZONES, PLAN_ITEMS, PREFIXES, random, SUFFIXES } from './seed-names.js';
import {
  AT_RISK_MIN_QUOTA_CENTS,
  MAX_DEAL_CENTS,
  MIN_DEAL_CENTS,
  roleOf,
  type SeedRole,
  splitIntoDeals,
  winDays,
  wonShare,
} from './seed-roles.js';

export interface SeedOptions {
  teamId: string;
  reps: number;
  days: number;
  /** The instant the history ends at (today for the reps). */
  now: number;
  seed?: number;
  /** Rep time zones, assigned round-robin. */
  timezones?: readonly string[];
  /** User ID prefix; IDs are the prefix and a zero-padded number (Slack-like: U…). */
  userPrefix?: string;
}

export interface SeedResult {
  teamId: string;
  userIds: string[];
  accounts: number;
  deals: number;
  activities: number;
  checkins: number;
}

type Fit = 'yes' | 'no' | 'unknown';
type Statement = Database.Statement<unknown[]>;

interface Deal {
  accountId: number;
  amountCents: number;
  status: 'open' | 'won' | 'lost';
  /** The rep's local date it became an opportunity; null for a win logged with no opportunity first. */
  openedOn: LocalDate | null;
  closedOn: LocalDate | null;
  closeOn: LocalDate;
  updatedOn: LocalDate;
}

/** What one rep's generation shares with the rest of the team. */
interface TeamState {
  teamId: string;
  now: number;
  days: number;
  rand: () => number;
  accounts: { id: number; name: string; fit: Fit }[];
  /** Indexes of the accounts outside the ICP (where drifting reps spend their time). */
  outsideIcp: number[];
  /** Accounts with an open deal, whoever's: at most one open deal per account across the team. */
  openAccounts: Set<number>;
  insertDeal: Statement;
  result: SeedResult;
}

const DAY_MS = 86_400_000;

export function seedTeam(sqlite: Database.Database, options: SeedOptions): SeedResult {
  const rand = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const zones = options.timezones ?? DEFAULT_ZONES;
  const prefix = options.userPrefix ?? 'USEED';
  const { teamId } = options;

  const insertTeam = sqlite.prepare('insert or ignore into teams (id) values (?)');
  const insertAccount = sqlite.prepare(
    'insert into accounts (team_id, name, name_key, icp) values (?, ?, ?, ?) on conflict do nothing returning id',
  );
  const team: TeamState = {
    teamId,
    now: options.now,
    days: options.days,
    rand,
    accounts: [],
    outsideIcp: [],
    openAccounts: new Set(),
    insertDeal: sqlite.prepare(
      `insert into deals (team_id, user_id, account_id, amount_cents, status, created_at, closed_at, closed_on,
         opened_on, close_on, updated_on)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    result: { teamId, userIds: [], accounts: 0, deals: 0, activities: 0, checkins: 0 },
  };
  const statements = repStatements(sqlite);
  /** One short write transaction, taking the lock at its start (waiting the busy timeout for it). */
  const inTransaction = (work: () => void) => sqlite.transaction(work).immediate();
  inTransaction(() => {
    insertTeam.run(teamId);
    const accountCount = Math.max(10, options.reps * 6);
    for (let i = 0; i < accountCount; i++) {
      const name = `${pick(PREFIXES)} ${pick(SUFFIXES)}${i >= PREFIXES.length * SUFFIXES.length ? ` ${i}` : ''}`;
      // Every sixth account is not classified yet, so there are always a few to ask about; of the rest, two in
      // three fit the ICP.
      const r = rand();
      const fit: Fit = i % 6 === 5 ? 'unknown' : r < 0.66 ? 'yes' : 'no';
      const row = insertAccount.get(teamId, name, accountKey(name), fit) as { id: number } | undefined;
      if (row) {
        if (fit === 'no') team.outsideIcp.push(team.accounts.length);
        team.accounts.push({ id: row.id, name, fit });
      }
    }
    team.result.accounts = team.accounts.length;
  });
  for (let r = 1; r <= options.reps; r++) {
    const userId = `${prefix}${String(r).padStart(4, '0')}`;
    const tz = zones[(r - 1) % zones.length] as string;
    inTransaction(() => seedRep(team, statements, { userId, tz, role: roleOf(r) }));
  }
  return team.result;
}

function repStatements(sqlite: Database.Database) {
  return {
    // An established team: profiles fetched, DM channels with the bot known.
    rep: sqlite.prepare(
      'insert or ignore into reps (team_id, user_id, slack_timezone, profile_fetched_at, dm_channel_id) values (?, ?, ?, ?, ?)',
    ),
    quota: sqlite.prepare(
      `insert into quotas (team_id, user_id, period_kind, period_start, period_end, amount_cents, set_by, updated_at)
       values (?, ?, 'quarter', ?, ?, ?, ?, ?) on conflict do nothing`,
    ),
    target: sqlite.prepare(
      `insert or replace into targets (team_id, user_id, activity, per, count, updated_at) values (?, ?, ?, 'week', ?, ?)`,
    ),
    activity: sqlite.prepare(
      'insert into activities (team_id, user_id, kind, count, account_id, occurred_at, local_date) values (?, ?, ?, ?, ?, ?, ?)',
    ),
    checkin: sqlite.prepare(
      `insert or replace into checkins (team_id, user_id, local_date, plan_items, plan_set_at, reflection, reflection_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
    ),
    bumpDeals: sqlite.prepare('update teams set deals_version = deals_version + 1 where id = ?'),
  };
}

/** One rep's quota, targets, days of activity, plans and deals, and their part's wins and deals. */
function seedRep(
  team: TeamState,
  statements: ReturnType<typeof repStatements>,
  rep: { userId: string; tz: string; role: SeedRole },
): void {
  const { teamId, now, rand } = team;
  const { userId, role } = rep;
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  team.result.userIds.push(userId);
  statements.rep.run(teamId, userId, rep.tz, now, `D${userId.slice(1)}`);
  const today = localDate(now, rep.tz);
  const quarter = periodContaining('quarter', today, 1);
  const randomQuota = between(8, 30) * 1_000_000; // $80k–$300k a quarter
  const quotaCents = role === 'at-risk' ? Math.max(randomQuota, AT_RISK_MIN_QUOTA_CENTS) : randomQuota;
  statements.quota.run(teamId, userId, quarter.start, quarter.end, quotaCents, userId, now);
  // Half the team has a meeting target, some a call target too.
  if (rand() < 0.5) statements.target.run(teamId, userId, 'meeting', between(4, 10), now);
  if (rand() < 0.3) statements.target.run(teamId, userId, 'call', between(30, 60), now);
  // Some reps drift toward accounts outside the ICP, as real teams do: the coach should notice.
  const randomDrift = rand() < 0.25 ? 0.4 + rand() * 0.4 : 0;
  const drift = role === 'drifting' ? 0.8 : role === 'random' ? randomDrift : 0;
  const deals = dealMaker(team, { userId, today, quarter, role, drift });

  for (let back = team.days - 1; back >= 0; back--) {
    const date: LocalDate = addDays(today, -back);
    const weekday = weekdayOf(date);
    if (weekday === 0 || weekday === 6) continue;
    const at = now - back * DAY_MS;
    for (const [kind, min, max] of [
      ['call', 3, 12],
      ['email', 2, 15],
      ['meeting', 0, 3],
      ['demo', 0, 1],
      ['proposal', 0, 1],
    ] as const) {
      const count = between(min, max);
      if (count === 0) continue;
      const withAccount = rand() < (role === 'drifting' ? 0.95 : 0.85);
      statements.activity.run(teamId, userId, kind, count, withAccount ? deals.account().id : null, at, date);
      team.result.activities++;
    }
    if (rand() < 0.3) deals.randomDeal(date, back);
    // The rep behind has no plan yet today: the morning's first screen asks for one.
    if (rand() < 0.8 && !(role === 'behind' && back === 0)) {
      const items = Array.from({ length: between(2, 4) }, () => ({
        text: `${PLAN_ITEMS[Math.floor(rand() * PLAN_ITEMS.length)]} ${deals.account().name}`,
        done: back > 0 && rand() < 0.7,
      }));
      const reflection = back > 0 && rand() < 0.4 ? 'Start the day with calls before email.' : null;
      statements.checkin.run(teamId, userId, date, JSON.stringify(items), at, reflection, reflection ? at : null);
      team.result.checkins++;
    }
  }
  deals.playPart(quotaCents);
  // Readers' caches of the team's deals see each rep's as it lands.
  statements.bumpDeals.run(teamId);
}

/** The deals of one rep: random ones day by day, then those of their part. */
function dealMaker(
  team: TeamState,
  rep: { userId: string; today: LocalDate; quarter: Period; role: SeedRole; drift: number },
) {
  const { rand, accounts, outsideIcp, openAccounts } = team;
  const { today, quarter, role } = rep;
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const dealSize = () => between(MIN_DEAL_CENTS / 100_000, MAX_DEAL_CENTS / 100_000) * 100_000;
  /** An instant on a local date, as far back from now as the date is from today. */
  const instantOn = (date: LocalDate) => team.now - daysBetween(date, today) * DAY_MS;

  const account = () => {
    const index =
      outsideIcp.length > 0 && rand() < rep.drift
        ? (outsideIcp[Math.floor(rand() * outsideIcp.length)] as number)
        : Math.floor(rand() * accounts.length);
    return accounts[index] as (typeof accounts)[number];
  };
  /** An account with no open deal on the team (of the fit asked for), taken for a new one; null if none turns up. */
  const freeAccount = (fit?: Fit) => {
    const pool = fit === undefined ? null : accounts.filter((a) => a.fit === fit);
    for (let tries = 0; tries < 12; tries++) {
      const candidate = pool ? pool[Math.floor(rand() * pool.length)] : account();
      if (candidate && !openAccounts.has(candidate.id)) {
        openAccounts.add(candidate.id);
        return candidate;
      }
    }
    return null;
  };
  const insert = (deal: Deal) => {
    const createdOn = deal.openedOn ?? deal.closedOn ?? today;
    const { teamId, insertDeal } = team;
    const closedAt = deal.closedOn === null ? null : instantOn(deal.closedOn);
    insertDeal.run(
      teamId,
      rep.userId,
      deal.accountId,
      deal.amountCents,
      deal.status,
      instantOn(createdOn),
      closedAt,
      deal.closedOn,
      deal.openedOn,
      deal.closeOn,
      deal.updatedOn,
    );
    team.result.deals++;
  };
  const open = (accountId: number, openedOn: LocalDate, closeOn: LocalDate, updatedOn = openedOn) =>
    insert({ accountId, amountCents: dealSize(), status: 'open', openedOn, closedOn: null, closeOn, updatedOn });

  return {
    account,
    /** A new opportunity on `date`; older ones have mostly closed by now. */
    randomDeal(date: LocalDate, back: number) {
      const status =
        back > 45 ? (rand() < 0.35 ? 'won' : 'lost') : rand() < 0.15 ? 'won' : rand() < 0.2 ? 'lost' : 'open';
      if (status === 'open') {
        const target = freeAccount();
        if (target === null) return;
        // Most close within 90 days; a few have let their close date slip by (to a day after they opened).
        // The rep at risk has pushed theirs past the period's end: nothing counts this period.
        const closeOn =
          role === 'at-risk'
            ? addDays(quarter.end, between(5, 60))
            : back >= 2 && rand() < 0.1
              ? addDays(date, between(1, back - 1))
              : addDays(today, between(3, 90));
        open(target.id, date, closeOn, addDays(date, Math.floor(rand() * back)));
        return;
      }
      const closedOn = addDays(today, -Math.max(0, back - between(5, 40)));
      // The wins of a rep with a part, in this period, are booked by playPart.
      if (status === 'won' && role !== 'random' && closedOn >= quarter.start) return;
      // A few wins are logged with no opportunity first: they count toward quota, not conversion.
      const direct = status === 'won' && rand() < 0.1;
      const target = account();
      insert({
        accountId: target.id,
        amountCents: dealSize(),
        status,
        openedOn: direct ? null : date,
        closedOn,
        closeOn: closedOn,
        updatedOn: closedOn,
      });
    },
    /** The part's wins in the period, and for the rep behind a slipped deal and an unclassified account. */
    playPart(quotaCents: number) {
      const share = wonShare(role, quarter, today);
      const days = winDays(role, quarter, addDays(today, -(team.days - 1)), today);
      if (share !== null && days.length > 0) {
        for (const amountCents of splitIntoDeals(Math.round(quotaCents * share), role === 'ahead', dealSize)) {
          const closedOn = days[Math.floor(rand() * days.length)] as LocalDate;
          const fits = accounts.filter((a) => a.fit === 'yes');
          const target = fits[Math.floor(rand() * fits.length)] ?? account();
          const openedOn = addDays(closedOn, -between(10, 40));
          insert({
            accountId: target.id,
            amountCents,
            status: 'won',
            openedOn,
            closedOn,
            closeOn: closedOn,
            updatedOn: closedOn,
          });
        }
      }
      if (role !== 'behind') return;
      // A deal whose close date passed last week: the check-in asks whether it is still real.
      const slipped = freeAccount('yes');
      if (slipped) open(slipped.id, addDays(today, -20), addDays(today, -between(2, 6)), addDays(today, -17));
      // An opportunity on an account nobody has classified: the coach asks whether it fits.
      const unknown = freeAccount('unknown');
      const closeOn = quarter.end > today ? quarter.end : addDays(today, 14);
      if (unknown) open(unknown.id, addDays(today, -5), closeOn);
    },
  };
}
