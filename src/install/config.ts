/**
 * The settings of distributed mode (installing into many workspaces, src/install): their variables, the checks that
 * they come together and exclude single-workspace settings, and the values the app uses. Part of src/config.ts's
 * schemas, kept apart from the rest of the environment.
 */
import { z } from 'zod';
import type { WebApiConfig } from '../config.js';
import { type Keyring, KeyringError, parseKeyring } from './crypto.js';

/** PURGE_GRACE_DAYS's default: a workspace that uninstalls by mistake has a month to come back to its data. */
export const DEFAULT_PURGE_GRACE_DAYS = 30;

/**
 * Distributed mode (src/install): the app is installed from "Add to Slack" into any number of workspaces, each
 * with its own bot token, kept encrypted in the database. All four credentials together, or none.
 */
export const installFields = {
  /** Basic Information → App Credentials → Client ID. */
  SLACK_CLIENT_ID: z
    .string()
    .regex(
      /^\d+\.\d+$/,
      'should be the Client ID from Basic Information → App Credentials, such as 1234567890.1234567890',
    )
    .optional(),
  /** Basic Information → App Credentials → Client Secret. */
  SLACK_CLIENT_SECRET: z.string().optional(),
  /** Signs the OAuth `state` (any long random string of the operator's). */
  SLACK_STATE_SECRET: z
    .string()
    .min(32, 'should be at least 32 random characters (for example: openssl rand -base64 32)')
    .optional(),
  /** The tokens' encryption key(s): `id:base64-of-32-bytes`, comma-separated, the first encrypting (src/install/crypto.ts). */
  TOKEN_ENCRYPTION_KEY: z.string().superRefine(keyringIssue).optional(),
  /** Days between an uninstall and the deletion of the workspace's data (`cli purge`). */
  PURGE_GRACE_DAYS: z.coerce
    .number({ error: 'should be a whole number of days from 0 to 3650' })
    .int('should be a whole number of days from 0 to 3650')
    .min(0, 'should be a whole number of days from 0 to 3650')
    .max(3650, 'should be a whole number of days from 0 to 3650')
    .default(DEFAULT_PURGE_GRACE_DAYS),
};

/** TOKEN_ENCRYPTION_KEY's check: the keyring parser's own message, which names the bad entry. */
export function keyringIssue(text: string, context: z.RefinementCtx): void {
  try {
    parseKeyring(text);
  } catch (error) {
    if (!(error instanceof KeyringError)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
  }
}

const INSTALL_CREDENTIALS = [
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'TOKEN_ENCRYPTION_KEY',
] as const;

/** Distributed mode needs its four credentials together, and Bolt serves its OAuth pages in HTTP mode only. */
export function installProblems(env: NodeJS.ProcessEnv): string[] {
  const missing = INSTALL_CREDENTIALS.filter((name) => !env[name]);
  if (missing.length === INSTALL_CREDENTIALS.length) return [];
  if (missing.length > 0) {
    return [
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required with the other install settings ` +
        `(installing into many workspaces needs ${INSTALL_CREDENTIALS.join(', ')} together), or unset them all ` +
        'to run in one workspace with SLACK_BOT_TOKEN',
    ];
  }
  return env.SLACK_APP_TOKEN
    ? [
        'SLACK_APP_TOKEN must be unset with SLACK_CLIENT_ID: installing into many workspaces serves /slack/install ' +
          'and /slack/oauth_redirect over HTTP, so it runs in HTTP mode (SLACK_SIGNING_SECRET, PORT)',
      ]
    : [];
}

/** One workspace's bot token, or the install credentials of many: exactly one of the two. */
export function botTokenProblems(env: NodeJS.ProcessEnv): string[] {
  const distributed = INSTALL_CREDENTIALS.some((name) => env[name]);
  if (!distributed && !env.SLACK_BOT_TOKEN) {
    return [
      'SLACK_BOT_TOKEN is required: the bot token (xoxb-…) from OAuth & Permissions (or, to install into many ' +
        `workspaces, set ${INSTALL_CREDENTIALS.join(', ')} instead)`,
    ];
  }
  if (!distributed) return [];
  return [
    ...(env.SLACK_BOT_TOKEN
      ? ['SLACK_BOT_TOKEN must be unset with SLACK_CLIENT_ID: each workspace’s bot token comes from its installation']
      : []),
    // User IDs name people of one workspace: listed here they would manage (and get the digest of) every one.
    ...(env.FOCUS_MANAGERS?.trim()
      ? [
          'FOCUS_MANAGERS must be unset with SLACK_CLIENT_ID: it would make the people it lists managers of every ' +
            'installed workspace; there, each workspace’s Slack admins and owners are its managers',
        ]
      : []),
  ];
}

/** Distributed mode's settings, ready to use; null in single-workspace mode. */
export interface DistributedInstall {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  keyring: Keyring;
  purgeGraceDays: number;
}

export function distributedInstall(config: WebApiConfig): DistributedInstall | null {
  const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY } = config;
  if (!SLACK_CLIENT_ID || !SLACK_CLIENT_SECRET || !SLACK_STATE_SECRET || !TOKEN_ENCRYPTION_KEY) return null;
  return {
    clientId: SLACK_CLIENT_ID,
    clientSecret: SLACK_CLIENT_SECRET,
    stateSecret: SLACK_STATE_SECRET,
    keyring: parseKeyring(TOKEN_ENCRYPTION_KEY),
    purgeGraceDays: config.PURGE_GRACE_DAYS,
  };
}

/** The install secrets, for the logger to redact wherever they could appear. */
export function installSecrets(config: WebApiConfig): (string | undefined)[] {
  return [config.SLACK_CLIENT_SECRET, config.SLACK_STATE_SECRET, config.TOKEN_ENCRYPTION_KEY];
}
