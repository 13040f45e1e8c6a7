import { refreshKeptTeams, warmTeamViews } from './coach/team.js';
import { ConfigError, crmSecrets, loadConfig } from './config.js';
import { crmSourcesFromConfig } from './crm/sources.js';
import { SERVER_BUSY_TIMEOUT_MS } from './db/busy.js';
import { openStorage } from './db/connection.js';
import { loadDotEnv } from './env-file.js';
import { errorMessage } from './errors.js';
import { JsonLogger } from './logger.js';
import { idempotentClient, schedulerClient } from './scheduler/client.js';
import { startSchedulerClock } from './scheduler/clock.js';
import { startCrmSyncClock } from './scheduler/crm-sync.js';
import { type PassDeps, runPass } from './scheduler/pass.js';
import { createSlackApp } from './slack/app.js';
import { HomeTabs } from './slack/home.js';
import { Profiles } from './slack/profiles.js';

async function main(): Promise<void> {
  loadDotEnv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `${error.message}\n\nSet these in the environment or in a .env file (cp .env.example .env).\n` +
        'README.md, "Create the Slack app", says where each value comes from.\n',
    );
    process.exit(1);
  }

  const logger = new JsonLogger(config.LOG_LEVEL, {
    secrets: [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, ...crmSecrets(config)],
  });
  // A short busy timeout: a write that finds the database locked yields and retries (db/busy.ts).
  const storage = openStorage(config.DATABASE_PATH, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  const clock = () => Date.now();
  const crmSources = crmSourcesFromConfig(config);
  const settings = {
    defaultTimezone: config.DEFAULT_TIMEZONE,
    managers: config.FOCUS_MANAGERS,
    crmSources: crmSources.map((source) => source.kind),
  };
  const home = new HomeTabs({
    db: storage.db,
    settings,
    logger,
    clock,
    client: idempotentClient(config.SLACK_BOT_TOKEN, { apiUrl: config.SLACK_API_URL, logger }),
  });
  const slack = createSlackApp(
    {
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      publicUrl: config.PUBLIC_URL,
    },
    {
      db: storage.db,
      settings,
      logger,
      profiles: new Profiles(storage.db, logger, clock),
      home,
      clock,
    },
  );
  const { port } = await slack.start(config.PORT);
  const passClient = schedulerClient(config.SLACK_BOT_TOKEN, { apiUrl: config.SLACK_API_URL, logger });
  const passDeps: PassDeps = {
    db: storage.db,
    client: passClient,
    defaultTimezone: config.DEFAULT_TIMEZONE,
    logger,
    managers: config.FOCUS_MANAGERS,
    weeklyCharts: true,
    // A prompt changes what the Home tab shows (the check-in waiting, the reflection due).
    afterSend: (teamId, userId) => void home.refresh(teamId, userId),
  };
  const scheduler =
    config.SCHEDULER === 'on'
      ? startSchedulerClock(async (now, signal) => {
          const outcomes = await runPass({ ...passDeps, signal }, now);
          for (const outcome of outcomes) logger.info('scheduled send', outcome);
          // Kept team views whose day turned, or that a wide change made stale, are read again now, not when a manager next asks.
          if (!signal.aborted)
            await refreshKeptTeams(storage.db, now).catch((error: unknown) =>
              logger.warn('Could not read the kept team views again:', errorMessage(error)),
            );
        }, logger)
      : null;
  // Apart from the prompts' pass: a slow CRM never delays a check-in.
  const crmSync =
    config.SCHEDULER === 'on' && crmSources.length > 0
      ? startCrmSyncClock(
          {
            db: storage.db,
            client: passClient,
            logger,
            now: clock,
            defaultTimezone: config.DEFAULT_TIMEZONE,
            managers: config.FOCUS_MANAGERS,
            intervalMinutes: config.CRM_SYNC_MINUTES,
          },
          crmSources,
        )
      : null;
  void warmTeamViews(storage.db, Date.now(), config.DEFAULT_TIMEZONE).catch((error: unknown) =>
    logger.warn('Could not read the team views ahead at start:', errorMessage(error)),
  );
  logger.info(
    config.SLACK_APP_TOKEN
      ? 'Focus Coach is connected over Socket Mode'
      : `Focus Coach is listening on http://localhost:${port}/slack/events (health: /healthz)`,
    `database ${config.DATABASE_PATH}`,
    `scheduler ${config.SCHEDULER}`,
    `CRM sync ${crmSync ? `${crmSources.map((source) => source.kind).join(', ')} every ${config.CRM_SYNC_MINUTES} min` : 'off'}`,
  );

  let stopping = false;
  const graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping (in-flight work gets up to ${config.SHUTDOWN_GRACE_SECONDS} s)`);
    // Whatever happens below, the process is gone within the grace period (and a little to close).
    const deadline = setTimeout(() => {
      storage.close();
      process.exit(exitCode);
    }, graceMs + 1000);
    deadline.unref();
    try {
      // The scheduler stops claiming at once and gives back unposted claims; requests and posts in flight finish.
      await Promise.allSettled([slack.stop(), scheduler?.stop(graceMs), crmSync?.stop(graceMs), home.idle(graceMs)]);
    } finally {
      storage.close();
      process.exit(exitCode);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // A failed request must never take the server down: logged, and the server goes on.
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled rejection (the server goes on):', errorMessage(reason));
  });
  // A broken process is not trusted to go on: logged, then a clean stop.
  process.on('uncaughtException', (error) => {
    logger.error('Uncaught exception; stopping:', errorMessage(error));
    void shutdown('uncaughtException', 1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Focus Coach failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
