import { refreshKeptTeams, warmTeamViews } from './coach/team.js';
import { ConfigError, crmSecrets, installSecrets, loadConfig } from './config.js';
import { crmSourcesFromConfig } from './crm/sources.js';
import { SERVER_BUSY_TIMEOUT_MS } from './db/busy.js';
import { loadDotEnv } from './env-file.js';
import { errorMessage } from './errors.js';
import { openDistribution, teamClients } from './install/mode.js';
import { JsonLogger } from './logger.js';
import { idempotentClient, schedulerClient } from './scheduler/client.js';
import { startSchedulerClock } from './scheduler/clock.js';
import { startCrmSyncClock } from './scheduler/crm-sync.js';
import { type PassDeps, runPass } from './scheduler/pass.js';
import { createSlackApp } from './slack/app.js';
import { warmStatusCards } from './slack/commands/status.js';
import { HomeTabs } from './slack/home.js';
import { Profiles } from './slack/profiles.js';
import { databasePassword, describeStore, openStore } from './storage/open.js';

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
    secrets: [
      config.SLACK_BOT_TOKEN,
      config.SLACK_SIGNING_SECRET,
      config.SLACK_APP_TOKEN,
      ...crmSecrets(config),
      ...installSecrets(config),
      databasePassword(config.DATABASE_URL),
    ],
  });
  // SQLite: a short busy timeout; a write that finds the database locked yields and retries (db/busy.ts).
  const store = await openStore({
    url: config.DATABASE_URL,
    path: config.DATABASE_PATH,
    busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS,
    poolSize: config.DATABASE_POOL_SIZE,
    log: { warn: (message) => logger.warn(message), error: (message) => logger.error(message) },
  });
  const clock = () => Date.now();
  // Distributed mode (SLACK_CLIENT_ID…): each workspace's token comes from its installation; else SLACK_BOT_TOKEN's.
  const distribution = openDistribution(config, { store, logger, clock });
  const apiUrl = config.SLACK_API_URL;
  const homeClients = teamClients(distribution, config.SLACK_BOT_TOKEN, (token) =>
    idempotentClient(token, { apiUrl, logger }),
  );
  const passClients = teamClients(distribution, config.SLACK_BOT_TOKEN, (token) =>
    schedulerClient(token, { apiUrl, logger }),
  );
  const crmSources = crmSourcesFromConfig(config);
  const settings = {
    defaultTimezone: config.DEFAULT_TIMEZONE,
    managers: config.FOCUS_MANAGERS,
    crmSources: crmSources.map((source) => source.kind),
  };
  const home = new HomeTabs({
    store,
    settings,
    logger,
    clock,
    clients: homeClients,
  });
  const slack = createSlackApp(
    {
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      publicUrl: config.PUBLIC_URL,
      oauth: distribution?.oauth,
      clients: homeClients,
    },
    {
      store,
      settings,
      logger,
      profiles: new Profiles(store, logger, clock),
      home,
      clock,
    },
  );
  const deps = { store, settings, clock };
  // Before listening: a few status cards made, so the first reps to ask after a deploy find the code compiled.
  await warmStatusCards(deps).catch((error: unknown) =>
    logger.warn('Could not make status cards ahead at start:', errorMessage(error)),
  );
  const { port } = await slack.start(config.PORT);
  const passDeps: PassDeps = {
    store,
    clients: passClients,
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
            await refreshKeptTeams(store, now).catch((error: unknown) =>
              logger.warn('Could not read the kept team views again:', errorMessage(error)),
            );
        }, logger)
      : null;
  // Apart from the prompts' pass: a slow CRM never delays a check-in. The CRM settings are one company's, so its
  // sync runs in single-workspace mode only (SLACK_BOT_TOKEN).
  const crmClient =
    config.SLACK_BOT_TOKEN && !distribution ? schedulerClient(config.SLACK_BOT_TOKEN, { apiUrl, logger }) : null;
  const crmSync =
    config.SCHEDULER === 'on' && crmSources.length > 0 && crmClient
      ? startCrmSyncClock(
          {
            store,
            client: crmClient,
            logger,
            now: clock,
            defaultTimezone: config.DEFAULT_TIMEZONE,
            managers: config.FOCUS_MANAGERS,
            intervalMinutes: config.CRM_SYNC_MINUTES,
          },
          crmSources,
        )
      : null;
  void warmTeamViews(store, Date.now(), config.DEFAULT_TIMEZONE).catch((error: unknown) =>
    logger.warn('Could not read the team views ahead at start:', errorMessage(error)),
  );
  logger.info(
    config.SLACK_APP_TOKEN
      ? 'Focus Coach is connected over Socket Mode'
      : `Focus Coach is listening on http://localhost:${port}/slack/events (health: /healthz)`,
    `database ${describeStore(config)}`,
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
      process.exit(exitCode);
    }, graceMs + 1000);
    deadline.unref();
    try {
      // The scheduler stops claiming at once and gives back unposted claims; requests and posts in flight finish.
      await Promise.allSettled([slack.stop(), scheduler?.stop(graceMs), crmSync?.stop(graceMs), home.idle(graceMs)]);
    } finally {
      await store.close().catch(() => undefined);
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
