import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Everything is keyed by Slack team ID. Money is integer cents; instants are epoch
 * milliseconds; calendar dates in a rep's zone are 'YYYY-MM-DD' text; clock times
 * are minutes after local midnight.
 */

const createdAt = () => integer('created_at', { mode: 'number' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const teams = sqliteTable('teams', {
  id: text('id').primaryKey(),
  channelId: text('channel_id'),
  /** Weekly post slot: day (0 = Sunday) and minutes after midnight, in the team's time zone. */
  weeklyDay: integer('weekly_day').notNull().default(1),
  weeklyMinutes: integer('weekly_minutes').notNull().default(540),
  /** Null: the operator's DEFAULT_TIMEZONE. */
  timezone: text('timezone'),
  fiscalYearStartMonth: integer('fiscal_year_start_month').notNull().default(1),
  currency: text('currency').notNull().default('USD'),
  defaultWinRate: real('default_win_rate').notNull().default(0.25),
  /** The period kind team totals add up (reps on another kind are listed with their own). */
  periodKind: text('period_kind', { enum: ['month', 'quarter', 'year'] })
    .notNull()
    .default('quarter'),
  /** Public holidays: an ISO 3166 country code (and a state or region code) known to date-holidays; null: none. */
  holidayCountry: text('holiday_country'),
  holidayRegion: text('holiday_region'),
  /** The team's own days off: a JSON array of { date: 'YYYY-MM-DD', name }, sorted by date (domain/holidays.ts). */
  companyDaysOff: text('company_days_off').notNull().default('[]'),
  /** Public holidays the team works all the same (JSON array of 'YYYY-MM-DD'): e.g. Columbus Day in the US. */
  workedHolidays: text('worked_holidays').notNull().default('[]'),
  /** Bumped by every deal write: the key under which the team's conversion figures are cached. */
  dealsVersion: integer('deals_version').notNull().default(0),
  /** Whether reps may add, win or lose deals by hand (`won`/`lost`/`opp`); a manager turns it off once a CRM feeds the deals. */
  manualDeals: integer('manual_deals', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

export const reps = sqliteTable(
  'reps',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** IANA zone from Slack's users.info, refreshed daily; null until known. */
    slackTimezone: text('slack_timezone'),
    /** The rep's own choice, which wins over Slack's. */
    timezoneOverride: text('timezone_override'),
    isSlackAdmin: integer('is_slack_admin', { mode: 'boolean' }).notNull().default(false),
    profileFetchedAt: integer('profile_fetched_at', { mode: 'number' }),
    /** The period kind of the rep's current quota. */
    quotaPeriod: text('quota_period', { enum: ['month', 'quarter', 'year'] })
      .notNull()
      .default('quarter'),
    checkinMinutes: integer('checkin_minutes').notNull().default(510),
    reflectionMinutes: integer('reflection_minutes').notNull().default(1050),
    /** Comma-separated weekdays, 0 = Sunday. */
    workingDays: text('working_days').notNull().default('1,2,3,4,5'),
    pausedUntil: text('paused_until'),
    /** The rep's DM channel with the bot, learned from conversations.open or a DM event. */
    dmChannelId: text('dm_channel_id'),
    remindersEnabled: integer('reminders_enabled', { mode: 'boolean' }).notNull().default(true),
    /** The rep's own public-holiday country (and region), when it is not the team's; null: the team's. */
    holidayCountry: text('holiday_country'),
    holidayRegion: text('holiday_region'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

export const quotas = sqliteTable(
  'quotas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    periodKind: text('period_kind', { enum: ['month', 'quarter', 'year'] }).notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    amountCents: integer('amount_cents').notNull(),
    setBy: text('set_by').notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('quotas_rep_period').on(t.teamId, t.userId, t.periodKind, t.periodStart),
    index('quotas_team').on(t.teamId),
  ],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Lower-cased, whitespace-folded name: "Acme" and "ACME " are one account. */
    nameKey: text('name_key').notNull(),
    icp: text('icp', { enum: ['yes', 'no', 'unknown'] })
      .notNull()
      .default('unknown'),
    /** Which CRM last set `icp` ('hubspot', 'salesforce', …); null: set in Slack or never. */
    icpSource: text('icp_source'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('accounts_team_key').on(t.teamId, t.nameKey)],
);

export const deals = sqliteTable(
  'deals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: ['open', 'won', 'lost'] }).notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    closedAt: integer('closed_at', { mode: 'number' }),
    /** The rep's local date the deal was won or lost: it counts in the period holding that date. */
    closedOn: text('closed_on'),
    /** The rep's local date it became an opportunity; null for a win logged with no opportunity first. */
    openedOn: text('opened_on'),
    /** Expected close date (open deals); null for deals from before close dates: the period's end. */
    closeOn: text('close_on'),
    /** The rep's local date of the last change (created, amount, close date, confirmed still real). */
    updatedOn: text('updated_on'),
    /** Where the deal comes from: null when typed in Slack, else the CRM ('hubspot', 'salesforce', 'pipedrive', 'csv'). */
    source: text('source'),
    /** The CRM's record id: (team, source, external id) is one deal, however often it is synced. */
    externalId: text('external_id'),
    /** The CRM record's page, for "change it in the CRM" replies. */
    externalUrl: text('external_url'),
    /** The CRM's stage name, as the CRM spells it. */
    stage: text('stage'),
  },
  (t) => [
    // Covering for the status card's closed-deal figures: no table lookups per deal.
    index('deals_rep_summary').on(t.teamId, t.userId, t.status, t.closedOn, t.amountCents, t.openedOn),
    // The team's conversion figures, and the whole team's deals at once (the team view).
    index('deals_team_closed').on(t.teamId, t.status, t.closedOn, t.amountCents, t.openedOn, t.userId),
    index('deals_account').on(t.accountId),
    uniqueIndex('deals_external').on(t.teamId, t.source, t.externalId),
  ],
);

export const activities = sqliteTable(
  'activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['call', 'email', 'meeting', 'demo', 'proposal'] }).notNull(),
    count: integer('count').notNull(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    occurredAt: integer('occurred_at', { mode: 'number' }).notNull(),
    /** The rep's local date of the activity. */
    localDate: text('local_date').notNull(),
    /** Null when logged in Slack, else the CRM it came from. */
    source: text('source'),
    /** The CRM's record id (a call, email or meeting). */
    externalId: text('external_id'),
    /**
     * For activity logged in Slack: the count the rep typed. `count` is what is left of it once the same day's
     * activity of the same kind from the CRM is taken off (domain/activity-match.ts), so nothing counts twice.
     */
    loggedCount: integer('logged_count'),
  },
  // Covering for the card's focus mix and target counts: no table lookups per activity row.
  (t) => [
    index('activities_rep_date').on(t.teamId, t.userId, t.localDate, t.kind, t.count, t.accountId),
    // When an account last saw activity: whether its open deals have gone stale.
    index('activities_account_date').on(t.accountId, t.localDate, t.userId),
    // The whole team's activity over a few days at once (the team view).
    index('activities_team_date').on(t.teamId, t.localDate, t.userId, t.kind, t.count, t.accountId),
    uniqueIndex('activities_external').on(t.teamId, t.source, t.externalId),
  ],
);

export const targets = sqliteTable(
  'targets',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    activity: text('activity', { enum: ['call', 'email', 'meeting', 'demo', 'proposal'] }).notNull(),
    per: text('per', { enum: ['day', 'week'] }).notNull(),
    count: integer('count').notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId, t.activity, t.per] })],
);

export const checkins = sqliteTable(
  'checkins',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    localDate: text('local_date').notNull(),
    /** JSON array of { text, done }. */
    planItems: text('plan_items', { mode: 'json' })
      .$type<{ text: string; done: boolean }[]>()
      .notNull()
      .default(sql`'[]'`),
    planSetAt: integer('plan_set_at', { mode: 'number' }),
    reflection: text('reflection'),
    reflectionAt: integer('reflection_at', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId, t.localDate] }),
    // The whole team's days over a window at once (the team view's follow-through and streaks).
    index('checkins_team_date').on(t.teamId, t.localDate, t.userId),
  ],
);

/** One row per scheduled message, claimed before it is sent so nothing goes out twice. */
export const scheduledSends = sqliteTable(
  'scheduled_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** team:recipient:kind:local-date-or-iso-week */
    claimKey: text('claim_key').notNull(),
    teamId: text('team_id').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    /**
     * pending: claimed, not posted yet · posting: a post is in flight · sent · failed: known not to have
     * posted (retried freely) · uncertain: may have posted (the conversation's history is checked before
     * any retry) · abandoned: Slack answered with an error that cannot change (never retried).
     */
    status: text('status', { enum: ['pending', 'posting', 'sent', 'failed', 'uncertain', 'abandoned'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: integer('claimed_at', { mode: 'number' }).notNull(),
    /** A fresh random token per claim: every update after the claim is fenced on it. */
    claimToken: text('claim_token'),
    /** The claim holds until then; a live pass renews it. A lapsed `posting` claim is uncertain. */
    leaseUntil: integer('lease_until', { mode: 'number' }),
    /** When the first post was attempted: where a look in the history for the key starts. */
    firstAttemptAt: integer('first_attempt_at', { mode: 'number' }),
    /** Not to be tried again before then (a 429's Retry-After). */
    notBefore: integer('not_before', { mode: 'number' }),
    sentAt: integer('sent_at', { mode: 'number' }),
    lastError: text('last_error'),
    channelId: text('channel_id'),
    messageTs: text('message_ts'),
    /** What a sent send left that a retry needs, as JSON: the weekly charts' uploaded files (ids, titles, alt). */
    result: text('result'),
    /** For multi-part sends (the weekly post's thread): how many parts went out, so a retry resumes. */
    progress: integer('progress').notNull().default(0),
  },
  (t) => [uniqueIndex('scheduled_sends_claim_key').on(t.claimKey)],
);

/** Pauses as they were taken, so a streak can skip paused days after the pause is over. */
export const pauses = sqliteTable(
  'pauses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    /** First paused local date. */
    startsOn: text('starts_on').notNull(),
    /** First local date after the pause (exclusive). */
    until: text('until').notNull(),
  },
  (t) => [index('pauses_rep').on(t.teamId, t.userId, t.until)],
);

/** Slack event IDs already handled, so a redelivered event (X-Slack-Retry-Num) is applied once. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    eventId: text('event_id').primaryKey(),
    receivedAt: integer('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('processed_events_received').on(t.receivedAt)],
);

/**
 * What has changed in a team since a moment, kept by triggers (migrations/0006) on every table a rep's
 * figures are read from, whichever process writes: `seq` moves on every such write, `wide_seq` on a write
 * that can change every rep's figures (the team's settings, an account's fit or name). The team view keeps
 * its facts between requests and reads again only the reps written since (db/team-rows.ts, coach/team.ts).
 */
export const teamChanges = sqliteTable('team_changes', {
  teamId: text('team_id').primaryKey(),
  seq: integer('seq').notNull().default(0),
  wideSeq: integer('wide_seq').notNull().default(0),
});

/** Each rep's last change, as the team's `seq` stood then. */
export const repChanges = sqliteTable(
  'rep_changes',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('rep_changes_seq').on(t.teamId, t.seq)],
);

/**
 * What was changed in a team's settings that people should be able to look back on: who, when, and what
 * (`detail`, per kind). `currency`: { from, to, quotas, deals } (amounts are relabelled, never converted, so
 * the history says which currency every earlier amount was recorded in).
 */
export const teamHistory = sqliteTable(
  'team_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['currency'] }).notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('team_history_team_at').on(t.teamId, t.at)],
);

/**
 * A team's connection to one CRM: where the last sync got to, and who holds the sync now. A sync runs only
 * under the lease (`leaseToken` until `leaseUntil`), so two processes never sync one CRM at once.
 */
export const crmState = sqliteTable(
  'crm_state',
  {
    teamId: text('team_id').notNull(),
    source: text('source').notNull(),
    /** The CRM's last-modified high-water mark (ISO instant) the next incremental sync starts from; null: full. */
    cursor: text('cursor'),
    leaseToken: text('lease_token'),
    leaseUntil: integer('lease_until', { mode: 'number' }),
    /** No sync before then: the interval after a success, the backoff after a failure, a 429's Retry-After. */
    nextAttemptAt: integer('next_attempt_at', { mode: 'number' }),
    /** Failures in a row, for the backoff. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    /** The error the managers were last told about, so one broken credential is one DM, not one per retry. */
    notifiedError: text('notified_error'),
    lastSuccessAt: integer('last_success_at', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.source] })],
);

/** Every sync or import run: when, what it changed, what it skipped and why (`summary`, JSON). */
export const crmRuns = sqliteTable(
  'crm_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    source: text('source').notNull(),
    /** scheduler · cli · import (a CSV file) · playground */
    trigger: text('trigger').notNull(),
    dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
    startedAt: integer('started_at', { mode: 'number' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'number' }),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    added: integer('added').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
    summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('crm_runs_team').on(t.teamId, t.source, t.id)],
);

/** CRM owners (by email, or by name for CSV exports) and the Slack member each is, looked up with users.lookupByEmail. */
export const crmOwners = sqliteTable(
  'crm_owners',
  {
    teamId: text('team_id').notNull(),
    /** Lower-cased email, or `name:<folded full name>` for exports that carry only the owner's name. */
    ownerKey: text('owner_key').notNull(),
    /** Null: no active human member of the workspace has it (`reason` says why). */
    userId: text('user_id'),
    reason: text('reason'),
    checkedAt: integer('checked_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.ownerKey] })],
);

/**
 * The app's installations when it is distributed (OAuth): one row per workspace install (`T:<team_id>`) or per
 * Enterprise Grid org install (`E:<enterprise_id>`). The columns beside `secret` are for lookups and operators and
 * hold nothing secret; `secret` is Bolt's whole Installation (tokens included) as JSON, AES-256-GCM encrypted
 * (src/install/crypto.ts), under the key named by `keyId`.
 */
export const installations = sqliteTable('installations', {
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  isEnterpriseInstall: integer('is_enterprise_install', { mode: 'boolean' }).notNull().default(false),
  appId: text('app_id'),
  botUserId: text('bot_user_id'),
  /** The Slack user who installed the app. */
  installerUserId: text('installer_user_id'),
  /** The bot token's scopes, comma-separated. */
  scopes: text('scopes'),
  keyId: text('key_id').notNull(),
  secret: text('secret').notNull(),
  installedAt: integer('installed_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/**
 * Installations gone (app_uninstalled, tokens_revoked): their data is deleted once `purgeAfter` has passed
 * (`cli purge`), unless the workspace installs the app again first, which deletes the row.
 */
export const workspacePurges = sqliteTable('workspace_purges', {
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  uninstalledAt: integer('uninstalled_at', { mode: 'number' }).notNull(),
  purgeAfter: integer('purge_after', { mode: 'number' }).notNull(),
});

/**
 * The workspaces an Enterprise Grid org install has served, as requests showed them: an org's data is kept under
 * each workspace's team ID, so purging the org purges these teams.
 */
export const orgWorkspaces = sqliteTable(
  'org_workspaces',
  {
    enterpriseId: text('enterprise_id').notNull(),
    teamId: text('team_id').notNull(),
    seenAt: integer('seen_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.teamId] })],
);

/**
 * Which replica is working a team's sends in the current pass (scheduler/pass.ts): taken before the team's first
 * send, renewed while its queue is worked, released when it is done. A replica that finds a live lease of another
 * skips the team for that pass; a lease left by a replica killed mid-pass lapses and the next pass takes the team.
 * The claims on each send (scheduled_sends) stay what makes a send exactly-once; this only spreads the work.
 */
export const passLeases = sqliteTable('pass_leases', {
  teamId: text('team_id').primaryKey(),
  holder: text('holder').notNull(),
  leaseUntil: integer('lease_until', { mode: 'number' }).notNull(),
});
