/**
 * A realistic synthetic team, generated deterministically from a seed: quotas, accounts
 * with ICP fit, deals won, lost and open, daily activity and plans. For demos, the
 * playground and benchmarks. Written with raw prepared statements, in small transactions (the
 * accounts, then one per rep), so a server sharing the file never waits long for the write lock.
 */
import type Database from 'better-sqlite3';
import { accountKey } from '../domain/account-name.js';
import { addDays, type LocalDate, localDate, weekdayOf } from '../domain/calendar.js';
import { periodContaining } from '../domain/period.js';

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

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PREFIXES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Soylent',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Vandelay',
  'Pied Piper',
  'Dunder',
  'Aperture',
  'Massive',
  'Oscorp',
  'Gringotts',
  'Monarch',
  'Nakatomi',
];
const SUFFIXES = [
  'Corp',
  'Industries',
  'Labs',
  'Systems',
  'Logistics',
  'Health',
  'Foods',
  'Capital',
  'Energy',
  'Retail',
];
const PLAN_ITEMS = [
  'Call',
  'Demo for',
  'Send proposal to',
  'Follow up with',
  'Prep QBR with',
  'Discovery call with',
  'Negotiate renewal with',
];
const DEFAULT_ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Asia/Kolkata'];

export function seedTeam(sqlite: Database.Database, options: SeedOptions): SeedResult {
  const rand = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const zones = options.timezones ?? DEFAULT_ZONES;
  const prefix = options.userPrefix ?? 'USEED';
  const { teamId } = options;

  const insertTeam = sqlite.prepare('insert or ignore into teams (id) values (?)');
  // An established team: profiles fetched, DM channels with the bot known.
  const insertRep = sqlite.prepare(
    'insert or ignore into reps (team_id, user_id, slack_timezone, profile_fetched_at, dm_channel_id) values (?, ?, ?, ?, ?)',
  );
  const insertQuota = sqlite.prepare(
    `insert into quotas (team_id, user_id, period_kind, period_start, period_end, amount_cents, set_by, updated_at)
     values (?, ?, 'quarter', ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const insertAccount = sqlite.prepare(
    'insert into accounts (team_id, name, name_key, icp) values (?, ?, ?, ?) on conflict do nothing returning id',
  );
  const insertDeal = sqlite.prepare(
    `insert into deals (team_id, user_id, account_id, amount_cents, status, created_at, closed_at, closed_on,
       opened_on, close_on, updated_on)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bumpDeals = sqlite.prepare('update teams set deals_version = deals_version + 1 where id = ?');
  const insertTarget = sqlite.prepare(
    `insert or replace into targets (team_id, user_id, activity, per, count, updated_at) values (?, ?, ?, 'week', ?, ?)`,
  );
  const insertActivity = sqlite.prepare(
    'insert into activities (team_id, user_id, kind, count, account_id, occurred_at, local_date) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCheckin = sqlite.prepare(
    `insert or replace into checkins (team_id, user_id, local_date, plan_items, plan_set_at, reflection, reflection_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );

  const result: SeedResult = { teamId, userIds: [], accounts: 0, deals: 0, activities: 0, checkins: 0 };
  /** One short write transaction, taking the lock at its start (waiting the busy timeout for it). */
  const inTransaction = (work: () => void) => sqlite.transaction(work).immediate();
  const accountIds: number[] = [];
  const accountNames: string[] = [];
  const outsideIcp: number[] = [];
  inTransaction(() => {
    insertTeam.run(teamId);
    const accountCount = Math.max(10, options.reps * 6);
    for (let i = 0; i < accountCount; i++) {
      const name = `${pick(PREFIXES)} ${pick(SUFFIXES)}${i >= PREFIXES.length * SUFFIXES.length ? ` ${i}` : ''}`;
      const r = rand();
      const icp = r < 0.55 ? 'yes' : r < 0.8 ? 'no' : 'unknown';
      const row = insertAccount.get(teamId, name, accountKey(name), icp) as { id: number } | undefined;
      if (row) {
        if (icp === 'no') outsideIcp.push(accountIds.length);
        accountIds.push(row.id);
        accountNames.push(name);
      }
    }
    result.accounts = accountIds.length;
  });
  const dayMs = 86_400_000;

  for (let r = 1; r <= options.reps; r++) {
    inTransaction(() => {
      const userId = `${prefix}${String(r).padStart(4, '0')}`;
      const tz = zones[(r - 1) % zones.length] as string;
      result.userIds.push(userId);
      insertRep.run(teamId, userId, tz, options.now, `D${userId.slice(1)}`);
      const today = localDate(options.now, tz);
      const quarter = periodContaining('quarter', today, 1);
      const quotaCents = between(8, 30) * 1_000_000; // $80k–$300k a quarter
      insertQuota.run(teamId, userId, quarter.start, quarter.end, quotaCents, userId, options.now);
      const dealSize = () => between(5, 60) * 100_000; // $5k–$60k
      // Half the team has a meeting target, some a call target too.
      if (rand() < 0.5) insertTarget.run(teamId, userId, 'meeting', between(4, 10), options.now);
      if (rand() < 0.3) insertTarget.run(teamId, userId, 'call', between(30, 60), options.now);
      // Some reps drift toward accounts outside the ICP, as real teams do: the coach should notice.
      const drift = rand() < 0.25 ? 0.4 + rand() * 0.4 : 0;
      const openAccounts = new Set<number>();

      for (let back = options.days - 1; back >= 0; back--) {
        const date: LocalDate = addDays(today, -back);
        const weekday = weekdayOf(date);
        if (weekday === 0 || weekday === 6) continue;
        const at = options.now - back * dayMs;
        const account = () => {
          const index =
            outsideIcp.length > 0 && rand() < drift
              ? (outsideIcp[Math.floor(rand() * outsideIcp.length)] as number)
              : Math.floor(rand() * accountIds.length);
          return { id: accountIds[index] as number, name: accountNames[index] as string };
        };
        for (const [kind, min, max] of [
          ['call', 3, 12],
          ['email', 2, 15],
          ['meeting', 0, 3],
          ['demo', 0, 1],
          ['proposal', 0, 1],
        ] as const) {
          const count = between(min, max);
          if (count === 0) continue;
          insertActivity.run(teamId, userId, kind, count, rand() < 0.85 ? account().id : null, at, date);
          result.activities++;
        }
        if (rand() < 0.3) addDeal();
        function addDeal() {
          // A new opportunity; older ones have mostly closed by now. One open deal per account and rep.
          const status =
            back > 45 ? (rand() < 0.35 ? 'won' : 'lost') : rand() < 0.15 ? 'won' : rand() < 0.2 ? 'lost' : 'open';
          const target = account();
          if (status === 'open' && openAccounts.has(target.id)) return;
          if (status === 'open') openAccounts.add(target.id);
          const closeBack = status === 'open' ? null : Math.max(0, back - between(5, 40));
          // A few wins are logged with no opportunity first: they count toward quota, not conversion.
          const direct = status === 'won' && rand() < 0.1;
          // Open deals close within the next 90 days; a few have let their close date slip by.
          const closedOn = closeBack === null ? null : addDays(today, -closeBack);
          // A closed deal was expected to close when it did.
          const closeOn = closedOn ?? addDays(today, rand() < 0.1 ? -between(1, 10) : between(3, 90));
          const touched = status === 'open' ? addDays(date, Math.floor(rand() * back)) : (closedOn ?? date);
          insertDeal.run(
            teamId,
            userId,
            target.id,
            dealSize(),
            status,
            direct && closeBack !== null ? options.now - closeBack * dayMs : at,
            closeBack === null ? null : options.now - closeBack * dayMs,
            closedOn,
            direct ? null : date,
            closeOn,
            touched,
          );
          result.deals++;
        }
        if (rand() < 0.8) {
          const items = Array.from({ length: between(2, 4) }, () => ({
            text: `${pick(PLAN_ITEMS)} ${account().name}`,
            done: back > 0 && rand() < 0.7,
          }));
          const reflection = back > 0 && rand() < 0.4 ? 'Start the day with calls before email.' : null;
          insertCheckin.run(teamId, userId, date, JSON.stringify(items), at, reflection, reflection ? at : null);
          result.checkins++;
        }
      }
      // Readers' caches of the team's deals see each rep's as it lands.
      bumpDeals.run(teamId);
    });
  }
  return result;
}
