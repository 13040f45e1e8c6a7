/**
 * `npm run cli -- sync [--dry-run] [--full]`: one sync of each configured CRM now, whether or not the scheduler
 * would have run one (a sync another process is running still wins), each outcome printed as a JSON line.
 */
import { parseArgs } from 'node:util';
import { crmSecrets, loadWebApiConfig } from '../config.js';
import { JsonLogger } from '../logger.js';
import { schedulerClient } from '../scheduler/client.js';
import { openStore } from '../storage/open.js';
import { CRM_LABELS } from './model.js';
import { CRM_VARIABLES_HINT, crmBotToken, crmSourcesFromConfig } from './sources.js';
import { runSync, type SyncOutcome, workspaceTeamId } from './sync.js';

/** A sync that did not happen or failed: the outcomes are printed, then the CLI exits with 1. */
export class SyncFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncFailedError';
  }
}

export async function syncCommand(
  args: string[],
  out: (text: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean', default: false }, full: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const config = loadWebApiConfig(env);
  const sources = crmSourcesFromConfig(config);
  if (sources.length === 0) throw new SyncFailedError(CRM_VARIABLES_HINT);
  const botToken = crmBotToken(config, 'sync');
  const logger = new JsonLogger(config.LOG_LEVEL, {
    secrets: [botToken, ...crmSecrets(config)],
    sink: (line) => process.stderr.write(`${line}\n`),
  });
  const store = await openStore({
    url: config.DATABASE_URL,
    path: config.DATABASE_PATH,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  const outcomes: SyncOutcome[] = [];
  try {
    const client = schedulerClient(botToken, { apiUrl: config.SLACK_API_URL, logger });
    const teamId = await workspaceTeamId(client);
    const deps = {
      store,
      client,
      logger,
      now: () => Date.now(),
      defaultTimezone: config.DEFAULT_TIMEZONE,
      managers: config.FOCUS_MANAGERS,
      intervalMinutes: config.CRM_SYNC_MINUTES,
    };
    for (const source of sources) {
      const outcome = await runSync(deps, source, {
        teamId,
        trigger: 'cli',
        dryRun: values['dry-run'],
        full: values.full,
        force: true,
      });
      outcomes.push(outcome);
      out(`${JSON.stringify(printable(outcome))}\n`);
    }
  } finally {
    await store.close();
  }
  const failed = outcomes.filter((o) => o.status === 'failed' || o.status === 'stopped');
  if (failed.length > 0) {
    throw new SyncFailedError(
      failed
        .map((o) => `${CRM_LABELS[o.source]} sync did not complete: ${'error' in o ? o.error : o.reason}`)
        .join('\n'),
    );
  }
}

/** Instants as ISO text, as an operator reads them. */
function printable(outcome: SyncOutcome): Record<string, unknown> {
  switch (outcome.status) {
    case 'failed':
      return {
        ...outcome,
        nextAttemptAt: outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt).toISOString(),
      };
    case 'busy':
      return {
        ...outcome,
        leaseUntil: new Date(outcome.leaseUntil).toISOString(),
        message: `Another process is syncing ${CRM_LABELS[outcome.source]} now; nothing was done here`,
      };
    case 'not-due':
      return { ...outcome, nextAttemptAt: new Date(outcome.nextAttemptAt).toISOString() };
    default:
      return { ...outcome };
  }
}
