import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  crmSecrets,
  installSecrets,
  loadKeyConfig,
  loadStorageConfig,
  loadWebApiConfig,
} from './config.js';
import { importCommand } from './crm/cli-import.js';
import { syncCommand } from './crm/cli-sync.js';
import { openStorage } from './db/connection.js';
import { columnsOf, EXPORT_TABLES, type ExportData, toCsv } from './db/export.js';
import { seedTeam } from './db/seed.js';
import { loadDotEnv } from './env-file.js';
import { purgeCommand, rotateKeyCommand } from './install/commands.js';
import { parseKeyring } from './install/crypto.js';
import { openDistribution, teamClients } from './install/mode.js';
import { JsonLogger } from './logger.js';
import { idempotentClient, schedulerClient } from './scheduler/client.js';
import { runPass } from './scheduler/pass.js';
import { HomeTabs } from './slack/home.js';
import { copyStore } from './storage/copy.js';
import { describeStore, isPostgresUrl, openStore } from './storage/open.js';
import type { RootStore } from './storage/types.js';

const USAGE = `Usage: npm run cli -- <command>

  migrate                              apply pending database migrations
  tick [--now <ISO instant>]           run one scheduler pass at that instant (default: now) and
                                       print one JSON line per send; needs SLACK_BOT_TOKEN
  backup <file>                        copy the live database to <file> (SQLite online backup;
                                       on PostgreSQL use pg_dump)
  copy --to <postgres://…>             copy the SQLite database (DATABASE_PATH) into an empty PostgreSQL
                                       database, then check every table's count and the whole export
  seed --reps N --days D [--team T] [--seed S] [--now ISO]
                                       add a realistic synthetic team (deterministic per seed)
  export [--format json|csv] [--team T] [--out DIR]
                                       print all data (of team T) as JSON, or as CSV sections,
                                       every amount with its currency beside it;
                                       with --out, write one file per table into DIR
  sync [--dry-run] [--full]            sync each configured CRM now (HUBSPOT_TOKEN, SALESFORCE_*) and
                                       print one JSON line per CRM; --dry-run shows what would change
                                       and changes nothing; --full reads every deal, not only those
                                       changed since the last sync
  import <file.csv> [--preset hubspot|salesforce|pipedrive] [--map F=Column,…] [--complete] [--dry-run]
                                       import deals from a CRM's CSV export (--preset) or any sheet
                                       (--map id=…,account=…,amount=…,status=…,close=…,created=…,owner=…),
                                       print the summary as JSON; a file with a bad row imports nothing;
                                       --complete: deals of that source missing from the file are deleted
  purge [--now <ISO instant>] [--dry-run]
                                       delete the data of every workspace uninstalled more than
                                       PURGE_GRACE_DAYS ago, one JSON line per installation; --dry-run
                                       counts the rows per table and deletes nothing
  rotate-key                           re-encrypt every installation's tokens with the first key of
                                       TOKEN_ENCRYPTION_KEY (new,old); then the old key can be removed

The database is DATABASE_URL (postgres://…) when set, else DATABASE_PATH (default ./data/focus.db).`;

class UsageError extends Error {}

export async function runCli(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out(`${USAGE}\n`);
    return;
  }
  if (command === 'tick') return tick(rest, out);
  const config = loadStorageConfig();
  switch (command) {
    case 'migrate': {
      // Opening the store applies pending migrations.
      const store = await openStore({ url: config.DATABASE_URL, path: config.DATABASE_PATH });
      try {
        const applied = await store.appliedMigrations();
        out(`Database ${describeStore(config)} is up to date (${applied} migration(s) applied).\n`);
      } finally {
        await store.close();
      }
      return;
    }
    case 'copy':
      return copy(rest, config, out);
    case 'purge': {
      const { values } = parseArgs({
        args: rest,
        options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
        strict: true,
        allowPositionals: false,
      });
      const now = values.now === undefined ? Date.now() : parseInstant(values.now);
      const store = await openExistingStore(config);
      try {
        await purgeCommand(store, { now, dryRun: values['dry-run'] }, out);
      } finally {
        await store.close();
      }
      return;
    }
    case 'rotate-key': {
      if (rest.length > 0) throw new UsageError('rotate-key takes no arguments: it reads TOKEN_ENCRYPTION_KEY');
      const keyring = parseKeyring(loadKeyConfig().TOKEN_ENCRYPTION_KEY);
      const store = await openExistingStore(config);
      try {
        await rotateKeyCommand(store, keyring, Date.now(), out);
      } finally {
        await store.close();
      }
      return;
    }
    case 'backup': {
      const target = rest[0];
      if (!target || rest.length > 1)
        throw new UsageError('backup takes one argument: the file to write, e.g. backup ./focus-backup.db');
      if (isPostgresUrl(config.DATABASE_URL)) {
        throw new UsageError(
          'backup copies a SQLite database. On PostgreSQL use pg_dump, e.g. pg_dump --format=custom "$DATABASE_URL" > focus.dump',
        );
      }
      const storage = openExisting(config.DATABASE_PATH);
      try {
        await storage.sqlite.backup(target);
      } finally {
        storage.close();
      }
      out(`Backed up ${config.DATABASE_PATH} to ${target}.\n`);
      return;
    }
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: {
          reps: { type: 'string' },
          days: { type: 'string' },
          team: { type: 'string', default: 'TDEMO' },
          seed: { type: 'string', default: '42' },
          now: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
      const reps = wholeNumber(values.reps, '--reps', 1, 100_000);
      const days = wholeNumber(values.days, '--days', 1, 3650);
      const seed = wholeNumber(values.seed, '--seed', 0, 2 ** 31);
      const now = values.now === undefined ? Date.now() : parseInstant(values.now, '--now');
      if (isPostgresUrl(config.DATABASE_URL)) {
        throw new UsageError(
          'seed writes a SQLite database. Seed one (unset DATABASE_URL, set DATABASE_PATH), then move it over with copy --to postgres://…',
        );
      }
      const storage = openStorage(config.DATABASE_PATH);
      try {
        const result = seedTeam(storage.sqlite, { teamId: values.team, reps, days, now, seed });
        out(
          `Seeded team ${result.teamId}: ${result.userIds.length} reps, ${result.accounts} accounts, ` +
            `${result.deals} deals, ${result.activities} activity rows, ${result.checkins} plans.\n`,
        );
      } finally {
        storage.close();
      }
      return;
    }
    case 'export': {
      const { values } = parseArgs({
        args: rest,
        options: { format: { type: 'string', default: 'json' }, team: { type: 'string' }, out: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      });
      if (values.format !== 'json' && values.format !== 'csv') {
        throw new UsageError(`--format must be json or csv, not “${values.format}”`);
      }
      const store = await openExistingStore(config);
      let data: ExportData;
      try {
        data = await store.exporter.exportData(values.team ?? null);
      } finally {
        await store.close();
      }
      writeExport(data, values.format, values.out, out);
      return;
    }
    case 'sync':
      return syncCommand(rest, out);
    case 'import':
      return importCommand(rest, out);
    default:
      throw new UsageError(`Unknown command “${command}”.`);
  }
}

/** Moves the SQLite database into an empty PostgreSQL one, then checks the copy against the original. */
async function copy(args: string[], config: { DATABASE_PATH: string }, out: (text: string) => void): Promise<void> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } }, strict: true, allowPositionals: false });
  if (!isPostgresUrl(values.to)) {
    throw new UsageError(
      'copy takes --to and a PostgreSQL URL, e.g. copy --to postgres://focus@db.internal:5432/focus',
    );
  }
  const storage = openExisting(config.DATABASE_PATH);
  try {
    const report = await copyStore(storage, values.to);
    out(`${JSON.stringify(report)}\n`);
  } finally {
    storage.close();
  }
}

/** One scheduler pass at `--now`: what it sent (or failed to) as JSON lines. */
async function tick(args: string[], out: (text: string) => void): Promise<void> {
  const { values } = parseArgs({ args, options: { now: { type: 'string' } }, strict: true, allowPositionals: false });
  const now = values.now === undefined ? Date.now() : parseInstant(values.now);
  const config = loadWebApiConfig();
  const logger = new JsonLogger(config.LOG_LEVEL, {
    secrets: [config.SLACK_BOT_TOKEN, ...crmSecrets(config), ...installSecrets(config)],
    sink: (line) => process.stderr.write(`${line}\n`),
  });
  const store = await openStore({ url: config.DATABASE_URL, path: config.DATABASE_PATH });
  try {
    const apiUrl = config.SLACK_API_URL;
    const distribution = openDistribution(config, { store, logger, clock: () => now });
    const clients = teamClients(distribution, config.SLACK_BOT_TOKEN, (token) =>
      schedulerClient(token, { apiUrl, logger }),
    );
    const settings = { defaultTimezone: config.DEFAULT_TIMEZONE, managers: config.FOCUS_MANAGERS };
    // As from the server: a prompt sent refreshes the rep's Home tab.
    const home = new HomeTabs({
      store,
      settings,
      logger,
      clock: () => now,
      clients: teamClients(distribution, config.SLACK_BOT_TOKEN, (token) =>
        idempotentClient(token, { apiUrl, logger }),
      ),
    });
    const outcomes = await runPass(
      {
        store,
        clients,
        defaultTimezone: config.DEFAULT_TIMEZONE,
        logger,
        managers: config.FOCUS_MANAGERS,
        weeklyCharts: true,
        afterSend: (t, u) => void home.refresh(t, u),
      },
      now,
    );
    await home.idle(10_000);
    for (const outcome of outcomes) out(`${JSON.stringify(outcome)}\n`);
  } finally {
    await store.close();
  }
}

/** An ISO instant with its offset: without one, the host's zone would silently decide the moment. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function parseInstant(text: string, flag = '--now'): number {
  const instant = Date.parse(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(instant)) {
    throw new UsageError(
      `${flag} takes an ISO instant with its offset, such as 2026-12-01T16:45:00Z or 2026-12-01T08:45-08:00, not “${text}”`,
    );
  }
  return instant;
}

function wholeNumber(text: string | undefined, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(
      `${flag} takes a whole number from ${min} to ${max}${text === undefined ? '' : `, not “${text}”`}`,
    );
  }
  return value;
}

/** Backup and export read a database that must already exist: a mistyped path is an error, not an empty file. */
function openExisting(path: string) {
  if (!existsSync(path)) throw new UsageError(`There is no database at ${path}. Check DATABASE_PATH.`);
  return openStorage(path);
}

/** The configured store, which must already exist when it is a SQLite file (Postgres is created by its operator). */
async function openExistingStore(config: { DATABASE_URL?: string; DATABASE_PATH: string }): Promise<RootStore> {
  if (!isPostgresUrl(config.DATABASE_URL) && !existsSync(config.DATABASE_PATH)) {
    throw new UsageError(`There is no database at ${config.DATABASE_PATH}. Check DATABASE_PATH.`);
  }
  return openStore({ url: config.DATABASE_URL, path: config.DATABASE_PATH });
}

function writeExport(
  data: ExportData,
  format: 'json' | 'csv',
  dir: string | undefined,
  out: (text: string) => void,
): void {
  const csv = (name: string) => toCsv(data[name] ?? [], columnsOf(name));
  if (dir) {
    mkdirSync(dir, { recursive: true });
    if (format === 'json') writeFileSync(join(dir, 'export.json'), `${JSON.stringify(data, null, 2)}\n`);
    else for (const name of EXPORT_TABLES) writeFileSync(join(dir, `${name}.csv`), csv(name));
    out(`Wrote the export to ${dir}.\n`);
    return;
  }
  if (format === 'json') out(`${JSON.stringify(data, null, 2)}\n`);
  else out(EXPORT_TABLES.map((name) => `# ${name}\n${csv(name)}`).join('\n'));
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain || process.env.FOCUS_CLI === '1') {
  loadDotEnv();
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`focus-coach: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
