/**
 * The status card kept between asks (src/coach/status-cache.ts) must be exactly the card computed afresh.
 * A seeded team takes a random but fixed sequence of writes, through the commands' real handlers and the
 * settings' real db functions, from this connection and from a second one on the same file (as another
 * process would: nothing in this process hears of those writes, only the change log in the database does),
 * and of clock moves: minutes, hours, across a rep's reflection time, across midnight in their zone, across
 * the month's, quarter's and year's end. After each step, several reps' kept cards are compared with the card
 * computed inside a transaction, where nothing is kept (no kept card, no kept team conversion, no prepared
 * statement).
 */
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openStorage, type Storage } from '../../src/db/connection.js';
import { setRepHolidayCountry, setTeamHolidayCountry } from '../../src/db/holidays.js';
import { ensureRep, updateRepSettings, workingDaysOf } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { random } from '../../src/db/seed-names.js';
import { ensureTeam, updateTeamSettings } from '../../src/db/teams.js';
import type { Weekday } from '../../src/domain/calendar.js';
import { addDays, localDate, zonedTimeToInstant } from '../../src/domain/calendar.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { buildContext, type CommandContext } from '../../src/slack/commands/context.js';
import { runCommand } from '../../src/slack/commands/run.js';
import { handleStatus } from '../../src/slack/commands/status.js';
import type { Profiles } from '../../src/slack/profiles.js';
import type { Reply } from '../../src/slack/views/blocks.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import type { Store } from '../../src/storage/types.js';
import { tempStorage } from '../support/db.js';

const TEAM = 'TCACHE';
/** Tuesday 2026-12-29, 15:00 UTC: two days before the month's, the quarter's and the year's end. */
const START = Date.parse('2026-12-29T15:00:00Z');
const DEFAULT_TZ = 'America/New_York';
const STEPS = 160;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A connection to the database file: its async Store, and its synchronous db for the settings' writes. */
interface Connection {
  db: Db;
  store: Store;
}

describe('the kept status card', () => {
  const store = tempStorage();
  let other: Storage;
  let otherConnection: Connection;
  let reps: string[];
  let accounts: string[];
  const rand = random(20_261_229);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

  beforeAll(() => {
    reps = seedTeam(store.sqlite, { teamId: TEAM, reps: 6, days: 120, now: START, seed: 11 }).userIds;
    // Accounts with open deals first: activity on them changes their owner's card, whoever logs it.
    const names = store.sqlite
      .prepare(
        `select a.name from accounts a where a.team_id = ? order by exists
           (select 1 from deals d where d.account_id = a.id and d.status = 'open') desc, a.id limit 24`,
      )
      .all(TEAM) as { name: string }[];
    accounts = [...names.map((row) => row.name), 'Brand New Co'];
    other = openStorage(store.path);
    otherConnection = { db: other.db, store: sqliteStore(other) };
  });
  afterAll(() => {
    other.close();
    store.remove();
  });

  /** A rep's context on a connection at an instant, built as contextFor builds it (the rep's row read afresh). */
  const contextOf = (connection: Connection, userId: string, now: number): Promise<CommandContext> =>
    buildContext({
      store: connection.store,
      settings: { defaultTimezone: DEFAULT_TZ, managers: [] },
      teamId: TEAM,
      userId,
      rep: ensureRep(connection.db, TEAM, userId),
      client: {} as WebClient,
      profiles: {} as Profiles,
      now,
    });

  /** A `/focus` write by the rep, on either connection; a refusal (lost with no open deal) writes nothing. */
  const command = async (connection: Connection, userId: string, now: number, text: string) => {
    const parsed = parseCommand(text);
    if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
    await runCommand(await contextOf(connection, userId, now), parsed.command);
  };

  const commandText = (today: string): string => {
    const account = pick(accounts);
    switch (between(0, 9)) {
      case 0:
        return `log ${pick(['call', 'email', 'meeting', 'demo'])} ${between(1, 4)} ${account}`;
      case 1:
        return `log call ${between(1, 3)}`;
      case 2:
        return `won ${between(2, 40)}k ${account}`;
      case 3:
        return `opp ${between(5, 80)}k ${account}`;
      case 4:
        return `lost ${account}`;
      case 5:
        return `plan ${pick(['Call Acme', 'Demo for Globex', 'Send the proposal'])}; ${pick(['Prospect', 'Follow up'])}`;
      case 6:
        return `quota ${between(50, 400)}k ${pick(['month', 'quarter', 'year'])}`;
      case 7:
        return `icp ${account} ${pick(['yes', 'no'])}`;
      case 8:
        return `target ${pick(['call', 'meeting'])} ${between(2, 12)}/${pick(['day', 'week'])}`;
      default:
        return rand() < 0.5 ? `pause ${addDays(today, between(1, 5))}` : 'resume';
    }
  };

  /** A rep's or the team's settings changed, through the settings' own db functions. */
  const settingsChange = (connection: Connection, userId: string) => {
    const db = connection.db;
    switch (between(0, 3)) {
      case 0: {
        const rep = ensureRep(db, TEAM, userId);
        const days: Weekday[] = rand() < 0.5 ? [1, 2, 3, 4, 5] : [0, 1, 2, 3, 4];
        updateRepSettings(db, TEAM, userId, {
          checkinMinutes: rep.checkinMinutes,
          reflectionMinutes: pick([16 * 60, 17 * 60 + 30, 19 * 60]),
          workingDays: rand() < 0.7 ? workingDaysOf(rep) : days,
          timezoneOverride: pick([null, null, 'Europe/Berlin', 'Asia/Tokyo']),
          remindersEnabled: rep.remindersEnabled,
        });
        return;
      }
      case 1: {
        const team = ensureTeam(db, TEAM);
        updateTeamSettings(db, TEAM, {
          channelId: team.channelId,
          timezone: team.timezone,
          weeklyDay: team.weeklyDay,
          weeklyMinutes: team.weeklyMinutes,
          fiscalYearStartMonth: pick([1, 1, 2, 4]),
          currency: team.currency,
          defaultWinRate: pick([0.2, 0.25, 0.3]),
          periodKind: team.periodKind,
        });
        return;
      }
      case 2:
        setTeamHolidayCountry(
          db,
          TEAM,
          ...pick<[string | null, string | null]>([
            [null, null],
            ['US', null],
            ['DE', 'BY'],
          ]),
        );
        return;
      default:
        setRepHolidayCountry(
          db,
          TEAM,
          userId,
          ...pick<[string | null, string | null]>([
            [null, null],
            ['GB', null],
          ]),
        );
    }
  };

  /** The clock moved: a few minutes, hours, to either side of a rep's reflection time or midnight, or a day on. */
  const clockMove = async (now: number, userId: string): Promise<number> => {
    const { clock } = await contextOf(store, userId, now);
    const tomorrow = addDays(clock.local.date, 1);
    switch (between(0, 4)) {
      case 0:
        return now + between(1, 30) * MINUTE;
      case 1:
        return now + between(1, 6) * HOUR;
      case 2: {
        const reflection = ensureRep(store.db, TEAM, userId).reflectionMinutes;
        const at = zonedTimeToInstant(rand() < 0.5 ? clock.local.date : tomorrow, reflection, clock.timezone);
        return Math.max(now + MINUTE, at + pick([-1, 1]) * MINUTE);
      }
      case 3:
        return zonedTimeToInstant(tomorrow, 0, clock.timezone) + pick([-1, 1]) * MINUTE;
      default:
        return now + 24 * HOUR;
    }
  };

  it('equals the card computed afresh after every write and clock move, and is kept while nothing changes', async () => {
    let now = START;
    const last = new Map<string, Reply>();
    let served = 0;
    let remade = 0;
    const steps: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      const userId = pick(reps);
      const connection = rand() < 0.4 ? otherConnection : store;
      const draw = rand();
      if (draw < 0.3) {
        now = await clockMove(now, userId);
        steps.push(`clock → ${new Date(now).toISOString()}`);
      } else if (draw < 0.45) {
        settingsChange(connection, userId);
        steps.push(`settings of ${userId} or the team`);
      } else if (draw < 0.55) {
        steps.push('nothing');
      } else {
        const text = commandText(localDate(now, DEFAULT_TZ));
        await command(connection, userId, now, text);
        steps.push(
          `${connection === otherConnection ? 'other connection' : 'this connection'}: ${userId} /focus ${text}`,
        );
      }
      for (const asker of new Set([userId, pick(reps), pick(reps), reps[0] as string])) {
        const ctx = await contextOf(store, asker, now);
        const kept = await handleStatus(ctx);
        const fresh = await store.store.transaction((tx) => handleStatus({ ...ctx, store: tx }));
        expect(kept, `step ${step} (${steps.at(-1)}), ${asker}`).toEqual(fresh);
        if (kept === last.get(asker)) served++;
        else remade++;
        last.set(asker, kept);
      }
    }
    // Both paths were taken, many times: cards served as kept, and cards made again after a change.
    expect(served).toBeGreaterThan(50);
    expect(remade).toBeGreaterThan(50);
    // The sequence crossed the year's end (the month's and the quarter's with it).
    expect(localDate(now, DEFAULT_TZ) > '2027-01-01').toBe(true);
  });
});
