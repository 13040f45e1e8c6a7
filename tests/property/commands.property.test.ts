/**
 * Property-based tests of `/focus` commands against a real SQLite file (issue 5): nothing is written on an
 * error. For every generated text that does not parse, and every valid command the coach refuses (lost on
 * an account with no open deal, a pause not in the coming year, an amount in another currency, a manager's
 * action asked for by a rep), the whole export of the database is the same after the command as before.
 *
 * Each describe block owns one temp database, seeded once; each run snapshots it before and after.
 */

import type { WebClient } from '@slack/web-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportData, exportData } from '../../src/db/export.js';
import { ensureRep } from '../../src/db/reps.js';
import { addDays } from '../../src/domain/calendar.js';
import { MAX_AMOUNT_CENTS } from '../../src/domain/money.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { buildContext, type CommandContext } from '../../src/slack/commands/context.js';
import { type CommandResult, runCommandText } from '../../src/slack/commands/run.js';
import type { Profiles } from '../../src/slack/profiles.js';
import { tempStorage } from '../support/db.js';

const SEED = 20_260_508;
const RUNS = 100;

const TEAM = 'T0PROPS';
const REP = 'U0REP';
/** Monday 2026-11-30, 15:00 UTC: the rep has no zone, so the operator's default (UTC) gives "today". */
const NOW = Date.parse('2026-11-30T15:00:00Z');
const TODAY = '2026-11-30';

/** A rep's view of a fresh database, built as contextFor does, with a stand-in for Slack that is never called. */
function harness() {
  const store = tempStorage();
  const client = {} as WebClient;
  const profiles = {
    cached: async (_client: WebClient, teamId: string, userId: string) => ensureRep(store.db, teamId, userId),
    ensure: async (_client: WebClient, teamId: string, userId: string) => ensureRep(store.db, teamId, userId),
  } as unknown as Profiles;
  let contextsBuilt = 0;
  /** The export as of the last check: nothing else writes, so it is the "before" of the next run. */
  let known: ExportData | null = null;
  const makeContext = async (): Promise<CommandContext> => {
    contextsBuilt++;
    const rep = await profiles.ensure(client, TEAM, REP);
    return buildContext({
      store: store.store,
      settings: { defaultTimezone: 'UTC', managers: [] },
      teamId: TEAM,
      userId: REP,
      rep,
      client,
      profiles,
      now: NOW,
    });
  };
  return {
    store,
    run: (text: string): Promise<CommandResult> => runCommandText(makeContext, text),
    /** The export before the next run (taken once, then carried over from the last run's "after"). */
    before: (): ExportData => {
      known ??= exportData(store.db, null);
      return known;
    },
    /** The export now, remembered as the next run's "before". */
    after: (): ExportData => {
      known = exportData(store.db, null);
      return known;
    },
    contextsBuilt: () => contextsBuilt,
  };
}

type Harness = ReturnType<typeof harness>;

/**
 * A database with something in every table the rep can touch: a team and the rep, a quota, accounts
 * (Acme won, Globex lost, Initech only rated), activity, a target, today's plan and a pause. No deal is
 * left open, so `lost` is refused for every account.
 */
const SEED_COMMANDS = [
  'quota 120k quarter',
  'won 10k Acme',
  'opp 20k Globex',
  'lost Globex',
  'icp Initech yes',
  'log call 3 Acme',
  'target call 8/week',
  'plan Call Acme; Demo for Globex',
  'pause 2026-12-10',
];

/** One seeded database per describe block, removed after it. */
function seededHarness(): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = harness();
    for (const text of SEED_COMMANDS) {
      const result = await h.run(text);
      if (!result.changed) throw new Error(`seeding ${JSON.stringify(text)} was refused: ${result.reply.text}`);
    }
  });
  afterAll(() => h?.store.remove());
  return () => {
    if (h === undefined) throw new Error('the harness is not ready');
    return h;
  };
}

/** Runs `text` and checks it was refused and left every table exactly as it was. */
async function expectRefusedAndUnchanged(h: Harness, text: string): Promise<CommandResult> {
  const before = h.before();
  const result = await h.run(text);
  expect(result.reply.refused, `${JSON.stringify(text)} → ${result.reply.text}`).toBe(true);
  expect(result.changed).toBe(false);
  expect(h.after()).toEqual(before);
  return result;
}

// --- Arbitraries ---------------------------------------------------------------------------------

const KEYWORDS = ['help', 'quota', 'won', 'lost', 'opp', 'log', 'target', 'icp', 'plan', 'team', 'settings'];
const MORE_KEYWORDS = [...KEYWORDS, 'pause', 'resume', 'channel', 'opportunity', 'Won', 'LOST', 'Pause'];

const TOKENS = [
  '120k',
  '$1,200.50',
  '-5k',
  '0',
  '2b',
  '1,20,000',
  'EUR',
  '€5',
  'quarter',
  'week',
  'call',
  'demo',
  'banana',
  '501',
  '8/week',
  '1001/week',
  'yes',
  'maybe',
  'Acme',
  'Globex',
  '""',
  '2026-12-24',
  '2026-02-30',
  '2020-01-01',
  '12/24',
  '<@U0OTHER>',
  '<@U0OTHER|Ann Lee>',
  '<#C0SALES|sales>',
  '#sales',
  '@ann',
  '<!here>',
  '<!channel>',
  '<http://acme.com|acme.com>',
  '\n',
  ';',
  '\u0000',
  '\u2028',
];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);

const commandish = fc
  .tuple(fc.constantFrom(...MORE_KEYWORDS, 'statuss', '/focus', ''), fc.array(token, { maxLength: 6 }))
  .map(([word, tokens]) => [word, ...tokens].join(' '));

const anyText = fc.oneof(
  { weight: 4, arbitrary: commandish },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 2001, maxLength: 2100 }).map((junk) => `plan ${junk}`) },
);

/** Names that may or may not be seeded accounts, in any case and spacing. */
const accountName = fc.oneof(
  fc.constantFrom('Acme', 'ACME ', ' acme', 'Globex', 'GLOBEX', 'Initech', '“Initech”', 'Umbrella Corp', 'Hooli'),
  fc.string({ minLength: 1, maxLength: 30 }),
);

const amount = fc.oneof(
  fc.constantFrom('120k', '1,200', '24.5k', '1.2m', '99.99'),
  fc.integer({ min: 1, max: MAX_AMOUNT_CENTS / 100 }).map(String),
);

// --- Properties ----------------------------------------------------------------------------------

describe('a text that does not parse', () => {
  const h = seededHarness();
  const unparsable = anyText.filter((text) => !parseCommand(text).ok);

  it('is answered without building a context, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(unparsable, async (text) => {
        const built = h().contextsBuilt();
        await expectRefusedAndUnchanged(h(), text);
        expect(h().contextsBuilt()).toBe(built);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('a valid command the coach refuses', () => {
  const h = seededHarness();

  it('lost, for an unknown account or one with no open deal, writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(accountName, async (name) => {
        const text = `lost ${name}`;
        fc.pre(parseCommand(text).ok);
        await expectRefusedAndUnchanged(h(), text);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  /** Days from today: not after it, or more than a year (366 days) away; years 1900–9999. */
  const refusedPauseOffset = fc.oneof(
    fc.integer({ min: -46_000, max: 0 }),
    fc.constantFrom(0, -1, 367, 368),
    fc.integer({ min: 367, max: 2_900_000 }),
  );

  it('pause, to a date not in the coming year, writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        refusedPauseOffset,
        fc.constantFrom('pause', 'PAUSE', 'Pause'),
        fc.constantFrom(' ', '  ', '\t'),
        async (offset, word, space) => {
          const until = addDays(TODAY, offset);
          fc.pre(/^\d{4}-/.test(until));
          const text = `${word}${space}${until}`;
          expect(parseCommand(text).ok).toBe(true);
          await expectRefusedAndUnchanged(h(), text);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  const foreign = fc.constantFrom('EUR', 'eur', 'GBP', 'JPY', 'INR', 'CAD', 'AUD', 'CHF', 'MXN');
  const foreignSymbol = fc.constantFrom('€', '£', '¥', '₹', 'CA$', 'A$', '₩', 'MX$');
  const foreignAmount = fc.oneof(
    fc.tuple(foreign, amount).map(([code, a]) => `${code} ${a}`),
    fc.tuple(foreign, amount).map(([code, a]) => `${code}${a}`),
    fc.tuple(foreignSymbol, amount).map(([symbol, a]) => `${symbol}${a}`),
    fc.tuple(foreignSymbol, amount).map(([symbol, a]) => `${symbol} ${a}`),
    fc.tuple(amount, foreignSymbol).map(([a, symbol]) => `${a}${symbol}`),
  );
  const currencyText = fc.oneof(
    fc.tuple(fc.constantFrom('won', 'opp', 'Opportunity'), foreignAmount, accountName).map((p) => p.join(' ')),
    fc
      .tuple(foreignAmount, fc.constantFrom('', ' month', ' quarter', ' year'))
      .map(([a, period]) => `quota ${a}${period}`),
  );

  it('an amount in another currency than the team’s (USD) writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(currencyText, async (text) => {
        const parsed = parseCommand(text);
        fc.pre(parsed.ok);
        if (parsed.ok) expect(parsed.command).toHaveProperty('currency');
        const result = await expectRefusedAndUnchanged(h(), text);
        expect(result.reply.text).toContain('another currency');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("a rep's manager-only command (another rep's quota, the team channel) writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('quota', 'QUOTA'),
        amount,
        fc.constantFrom('', ' quarter', ' year'),
        fc.boolean(),
        async (word, a, period, channel) => {
          const text = channel ? 'channel <#C0SALES|sales>' : `${word} ${a}${period} <@U0OTHER|Ann>`;
          expect(parseCommand(text).ok).toBe(true);
          await expectRefusedAndUnchanged(h(), text);
        },
      ),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe('any text at all', () => {
  const h = seededHarness();

  it('never throws, and writes nothing when refused or when it only reads', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const before = h().before();
        const result = await h().run(text);
        const after = h().after();
        if (result.reply.refused || !result.changed) expect(after).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// Found by this property (now fixed): `/focus won 5k """"` used to store an account with an empty name,
// as the parser and findOrCreateAccount each stripped one pair of quotes. Now every pair is stripped at
// once, and a name that is nothing but quotes is refused.
describe('an account a command creates', () => {
  const h = seededHarness();
  const quoted = fc.string({
    unit: fc.constantFrom('"', '“', '”', "'", '‘', '’', ' ', 'x'),
    minLength: 1,
    maxLength: 8,
  });

  it('is stored under a non-empty name and key (doubly quoted names included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('won 5k', 'opp 5k'), quoted, async (start, name) => {
        const text = `${start} ${name}`;
        fc.pre(parseCommand(text).ok);
        await h().run(text);
        for (const account of h().after().accounts ?? []) {
          expect(account.name).not.toBe('');
          expect(account.nameKey).not.toBe('');
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
