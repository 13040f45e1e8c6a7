import { z } from 'zod';
import { isValidTimeZone } from './domain/calendar.js';
import { botTokenProblems, installFields, installProblems, keyringIssue } from './install/config.js';
import { KEY_HINT } from './install/crypto.js';

export {
  DEFAULT_PURGE_GRACE_DAYS,
  type DistributedInstall,
  distributedInstall,
  installSecrets,
} from './install/config.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const slackUserIds = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'Slack user IDs look like U012ABCDEF')));

/** What every entry point needs: the database, defaults and logging. */
const storageSchema = z.object({
  /** When set, the store is this PostgreSQL database, and DATABASE_PATH is not used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, 'should be a PostgreSQL URL such as postgres://user:password@host:5432/focus')
    .optional(),
  /** Connections per process to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'should be a whole number from 1 to 100' })
    .int('should be a whole number from 1 to 100')
    .min(1, 'should be a whole number from 1 to 100')
    .max(100, 'should be a whole number from 1 to 100')
    .default(10),
  DATABASE_PATH: z.string().min(1).default('./data/focus.db'),
  DEFAULT_TIMEZONE: z
    .string()
    .default('America/New_York')
    .refine(isValidTimeZone, 'should be an IANA time zone such as America/New_York'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `should be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

/** A comma-separated list of values, trimmed, empties dropped (`tier_1, tier_2`). */
const splitList = (text: string) =>
  text
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);

/** The CRMs a team syncs from (src/crm/sources.ts); each is off until its credentials are set. */
const crmFields = {
  /** A HubSpot private app's access token (Settings → Integrations → Private Apps). */
  HUBSPOT_TOKEN: z.string().optional(),
  HUBSPOT_API_URL: z.url('should be a URL such as https://api.hubapi.com').optional(),
  HUBSPOT_ICP_PROPERTY: z.string().default('hs_ideal_customer_profile'),
  HUBSPOT_ICP_VALUES: z.string().default('tier_1,tier_2').transform(splitList),
  SALESFORCE_LOGIN_URL: z.url('should be your My Domain URL, such as https://acme.my.salesforce.com').optional(),
  SALESFORCE_CLIENT_ID: z.string().optional(),
  SALESFORCE_CLIENT_SECRET: z.string().optional(),
  SALESFORCE_ICP_FIELD: z.string().optional(),
  SALESFORCE_ICP_VALUES: z.string().transform(splitList).optional(),
  CRM_SYNC_MINUTES: z.coerce
    .number({ error: 'should be a whole number of minutes from 1 to 1440' })
    .int('should be a whole number of minutes from 1 to 1440')
    .min(1, 'should be a whole number of minutes from 1 to 1440')
    .max(1440, 'should be a whole number of minutes from 1 to 1440')
    .default(15),
};

const SALESFORCE_CREDENTIALS = ['SALESFORCE_LOGIN_URL', 'SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET'] as const;

/** Salesforce's client-credentials flow needs all three of its variables, or none (Salesforce off). */
function salesforceProblems(env: NodeJS.ProcessEnv): string[] {
  const missing = SALESFORCE_CREDENTIALS.filter((name) => !env[name]);
  if (missing.length === 0 || missing.length === SALESFORCE_CREDENTIALS.length) return [];
  return [
    `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required with the other Salesforce settings ` +
      '(the connected app’s client-credentials flow needs SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and ' +
      'SALESFORCE_CLIENT_SECRET together), or unset them all to leave Salesforce off',
  ];
}

/** The CRM credentials, for the logger to redact wherever they could appear. */
export function crmSecrets(config: WebApiConfig): (string | undefined)[] {
  return [config.HUBSPOT_TOKEN, config.SALESFORCE_CLIENT_SECRET];
}

/** Sending messages (the scheduler, `cli tick`, `cli sync`) needs the bot token and the Web API's address. */
const webApiSchema = storageSchema.extend({
  ...crmFields,
  ...installFields,
  /** Single-workspace mode; unset in distributed mode (botTokenProblems says which is required). */
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'should be a bot token starting with xoxb-').optional(),
  SLACK_API_URL: z.url('should be a URL such as https://slack.com/api/').optional(),
  FOCUS_MANAGERS: slackUserIds,
});

/** The bot also needs to receive from Slack, a port and its scheduler switch. */
const envSchema = webApiSchema.extend({
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'should be an app-level token starting with xapp-').optional(),
  PORT: z.coerce
    .number({ error: 'should be a port number from 0 to 65535' })
    .int('should be a port number from 0 to 65535')
    .min(0, 'should be a port number from 0 to 65535')
    .max(65535, 'should be a port number from 0 to 65535')
    .default(3000),
  SCHEDULER: z.enum(['on', 'off'], { error: 'should be on or off' }).default('on'),
  /** HTTP mode: the app's public https address; Home then shows its charts as images the app serves. */
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'should be the address Slack reaches this app at, such as https://coach.example.com',
    })
    .optional(),
  /** At SIGTERM, how long posts and requests in flight get before the process exits. */
  SHUTDOWN_GRACE_SECONDS: z.coerce
    .number({ error: 'should be a whole number of seconds from 1 to 60' })
    .int('should be a whole number of seconds from 1 to 60')
    .min(1, 'should be a whole number of seconds from 1 to 60')
    .max(60, 'should be a whole number of seconds from 1 to 60')
    .default(10),
});

export type Config = Readonly<z.infer<typeof envSchema>>;
export type StorageConfig = Readonly<z.infer<typeof storageSchema>>;
export type WebApiConfig = Readonly<z.infer<typeof webApiSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Focus Coach cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; empty strings count as unset. Throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // HTTP mode verifies every request with the signing secret; Socket Mode does not need it.
  const needsSecret = !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET;
  return parseEnv(envSchema, env, [
    ...botTokenProblems(env),
    ...(needsSecret
      ? [
          'SLACK_SIGNING_SECRET is required in HTTP mode (Basic Information → App Credentials → Signing Secret), ' +
            'or set SLACK_APP_TOKEN to use Socket Mode',
        ]
      : []),
    ...salesforceProblems(env),
    ...installProblems(env),
  ]);
}

/** What `cli tick` needs: the database and the bot token, nothing to receive events. */
export function loadWebApiConfig(env: NodeJS.ProcessEnv = process.env): WebApiConfig {
  return parseEnv(webApiSchema, env, [...botTokenProblems(env), ...salesforceProblems(env), ...installProblems(env)]);
}

/** What `cli rotate-key` needs: the database and TOKEN_ENCRYPTION_KEY (new key first, the old ones after it). */
const keySchema = storageSchema.extend({
  TOKEN_ENCRYPTION_KEY: z
    .string({ error: `is required: the keys, new first (k2:<new>,k1:<old>); ${KEY_HINT}` })
    .superRefine(keyringIssue),
});

export type KeyConfig = Readonly<z.infer<typeof keySchema>>;

export function loadKeyConfig(env: NodeJS.ProcessEnv = process.env): KeyConfig {
  return parseEnv(keySchema, env);
}

/** The subset the operator CLI needs: no Slack credentials. */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  return parseEnv(storageSchema, env);
}

function parseEnv<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv,
  extraProblems: string[] = [],
): Readonly<z.infer<T>> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
  problems.push(...extraProblems);
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(result.data);
}
