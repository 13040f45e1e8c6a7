import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The Postgres twin of src/db/schema.ts: the same tables, JS property names, SQL column names and index names
 * (tests/storage/schema-parity.test.ts holds them together), so the pg modules read like the SQLite ones.
 * Epoch-ms instants, cents and the change counters are `bigint` read as JS numbers (all stay below 2^53; the pool
 * parses int8 as Number); JSON is `json`, not `jsonb`, so the text keeps its key order as SQLite's does.
 * Every text column is `collate "C"` in migrations/pg/0000 (drizzle cannot say so), so sorts and comparisons
 * match SQLite's BINARY whatever the database's collation.
 */

const epochMs = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () =>
  epochMs('created_at').notNull().default(sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`);
/** An autoincrement id that still takes explicit values (copy inserts the source's ids, then moves the sequence). */
const serialId = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  channelId: text('channel_id'),
  /** Weekly post slot: day (0 = Sunday) and minutes after midnight, in the team's time zone. */
  weeklyDay: integer('weekly_day').notNull().default(1),
  weeklyMinutes: integer('weekly_minutes').notNull().default(540),
  /** Null: the operator's DEFAULT_TIMEZONE. */
  timezone: text('timezone'),
  fiscalYearStartMonth: integer('fiscal_year_start_month').notNull().default(1),
  currency: text('currency').notNull().default('USD'),
  defaultWinRate: doublePrecision('default_win_rate').notNull().default(0.25),
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
  dealsVersion: bigint('deals_version', { mode: 'number' }).notNull().default(0),
  /** Whether reps may add, win or lose deals by hand (`won`/`lost`/`opp`); a manager turns it off once a CRM feeds the deals. */
  manualDeals: boolean('manual_deals').notNull().default(true),
  createdAt: createdAt(),
});

export const reps = pgTable(
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
    isSlackAdmin: boolean('is_slack_admin').notNull().default(false),
    profileFetchedAt: epochMs('profile_fetched_at'),
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
    remindersEnabled: boolean('reminders_enabled').notNull().default(true),
    /** The rep's own public-holiday country (and region), when it is not the team's; null: the team's. */
    holidayCountry: text('holiday_country'),
    holidayRegion: text('holiday_region'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

export const quotas = pgTable(
  'quotas',
  {
    id: serialId(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    periodKind: text('period_kind', { enum: ['month', 'quarter', 'year'] }).notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    setBy: text('set_by').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('quotas_rep_period').on(t.teamId, t.userId, t.periodKind, t.periodStart),
    index('quotas_team').on(t.teamId),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: serialId(),
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

export const deals = pgTable(
  'deals',
  {
    id: serialId(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['open', 'won', 'lost'] }).notNull(),
    createdAt: epochMs('created_at').notNull(),
    closedAt: epochMs('closed_at'),
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
    // As on SQLite, nulls are distinct: many Slack-typed deals have no source or external id.
    uniqueIndex('deals_external').on(t.teamId, t.source, t.externalId),
  ],
);

export const activities = pgTable(
  'activities',
  {
    id: serialId(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['call', 'email', 'meeting', 'demo', 'proposal'] }).notNull(),
    count: integer('count').notNull(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    occurredAt: epochMs('occurred_at').notNull(),
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

export const targets = pgTable(
  'targets',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    activity: text('activity', { enum: ['call', 'email', 'meeting', 'demo', 'proposal'] }).notNull(),
    per: text('per', { enum: ['day', 'week'] }).notNull(),
    count: integer('count').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId, t.activity, t.per] })],
);

export const checkins = pgTable(
  'checkins',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    localDate: text('local_date').notNull(),
    /** JSON array of { text, done }. */
    planItems: json('plan_items').$type<{ text: string; done: boolean }[]>().notNull().default(sql`'[]'::json`),
    planSetAt: epochMs('plan_set_at'),
    reflection: text('reflection'),
    reflectionAt: epochMs('reflection_at'),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId, t.localDate] }),
    // The whole team's days over a window at once (the team view's follow-through and streaks).
    index('checkins_team_date').on(t.teamId, t.localDate, t.userId),
  ],
);

/** One row per scheduled message, claimed before it is sent so nothing goes out twice. */
export const scheduledSends = pgTable(
  'scheduled_sends',
  {
    id: serialId(),
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
    claimedAt: epochMs('claimed_at').notNull(),
    /** A fresh random token per claim: every update after the claim is fenced on it. */
    claimToken: text('claim_token'),
    /** The claim holds until then; a live pass renews it. A lapsed `posting` claim is uncertain. */
    leaseUntil: epochMs('lease_until'),
    /** When the first post was attempted: where a look in the history for the key starts. */
    firstAttemptAt: epochMs('first_attempt_at'),
    /** Not to be tried again before then (a 429's Retry-After). */
    notBefore: epochMs('not_before'),
    sentAt: epochMs('sent_at'),
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
export const pauses = pgTable(
  'pauses',
  {
    id: serialId(),
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
export const processedEvents = pgTable(
  'processed_events',
  {
    eventId: text('event_id').primaryKey(),
    receivedAt: epochMs('received_at').notNull(),
  },
  (t) => [index('processed_events_received').on(t.receivedAt)],
);

/**
 * What has changed in a team since a moment, kept by triggers (migrations/pg/0001_change_log.sql, the port of
 * migrations/0006, marking once per statement since 0003) on every table a rep's figures are read from. See src/db/schema.ts for the meaning.
 */
export const teamChanges = pgTable('team_changes', {
  teamId: text('team_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  wideSeq: bigint('wide_seq', { mode: 'number' }).notNull().default(0),
});

/** Each rep's last change, as the team's `seq` stood then. */
export const repChanges = pgTable(
  'rep_changes',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('rep_changes_seq').on(t.teamId, t.seq)],
);

/** What was changed in a team's settings that people should be able to look back on (see src/db/schema.ts). */
export const teamHistory = pgTable(
  'team_history',
  {
    id: serialId(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    at: epochMs('at').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['currency'] }).notNull(),
    detail: json('detail').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('team_history_team_at').on(t.teamId, t.at)],
);

/** A team's connection to one CRM: where the last sync got to, and who holds the sync now (see src/db/schema.ts). */
export const crmState = pgTable(
  'crm_state',
  {
    teamId: text('team_id').notNull(),
    source: text('source').notNull(),
    /** The CRM's last-modified high-water mark (ISO instant) the next incremental sync starts from; null: full. */
    cursor: text('cursor'),
    leaseToken: text('lease_token'),
    leaseUntil: epochMs('lease_until'),
    /** No sync before then: the interval after a success, the backoff after a failure, a 429's Retry-After. */
    nextAttemptAt: epochMs('next_attempt_at'),
    /** Failures in a row, for the backoff. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    /** The error the managers were last told about, so one broken credential is one DM, not one per retry. */
    notifiedError: text('notified_error'),
    lastSuccessAt: epochMs('last_success_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.source] })],
);

/** Every sync or import run: when, what it changed, what it skipped and why (`summary`, JSON). */
export const crmRuns = pgTable(
  'crm_runs',
  {
    id: serialId(),
    teamId: text('team_id').notNull(),
    source: text('source').notNull(),
    /** scheduler · cli · import (a CSV file) · playground */
    trigger: text('trigger').notNull(),
    dryRun: boolean('dry_run').notNull().default(false),
    startedAt: epochMs('started_at').notNull(),
    finishedAt: epochMs('finished_at'),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    added: integer('added').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
    summary: json('summary').$type<Record<string, unknown>>(),
  },
  (t) => [index('crm_runs_team').on(t.teamId, t.source, t.id)],
);

/** CRM owners (by email, or by name for CSV exports) and the Slack member each is, looked up with users.lookupByEmail. */
export const crmOwners = pgTable(
  'crm_owners',
  {
    teamId: text('team_id').notNull(),
    /** Lower-cased email, or `name:<folded full name>` for exports that carry only the owner's name. */
    ownerKey: text('owner_key').notNull(),
    /** Null: no active human member of the workspace has it (`reason` says why). */
    userId: text('user_id'),
    reason: text('reason'),
    checkedAt: epochMs('checked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.ownerKey] })],
);

/**
 * The app's installations when it is distributed (OAuth): one row per workspace install (`T:<team_id>`) or per
 * Enterprise Grid org install (`E:<enterprise_id>`). The columns beside `secret` are for lookups and operators and
 * hold nothing secret; `secret` is Bolt's whole Installation (tokens included) as JSON, AES-256-GCM encrypted
 * (src/install/crypto.ts), under the key named by `keyId`.
 */
export const installations = pgTable('installations', {
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
  appId: text('app_id'),
  botUserId: text('bot_user_id'),
  /** The Slack user who installed the app. */
  installerUserId: text('installer_user_id'),
  /** The bot token's scopes, comma-separated. */
  scopes: text('scopes'),
  keyId: text('key_id').notNull(),
  secret: text('secret').notNull(),
  installedAt: epochMs('installed_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

/**
 * Installations gone (app_uninstalled, tokens_revoked): their data is deleted once `purgeAfter` has passed
 * (`cli purge`), unless the workspace installs the app again first, which deletes the row.
 */
export const workspacePurges = pgTable('workspace_purges', {
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  uninstalledAt: epochMs('uninstalled_at').notNull(),
  purgeAfter: epochMs('purge_after').notNull(),
});

/**
 * The workspaces an Enterprise Grid org install has served, as requests showed them: an org's data is kept under
 * each workspace's team ID, so purging the org purges these teams.
 */
export const orgWorkspaces = pgTable(
  'org_workspaces',
  {
    enterpriseId: text('enterprise_id').notNull(),
    teamId: text('team_id').notNull(),
    seenAt: epochMs('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.teamId] })],
);

/**
 * Which replica is working a team's sends in the current pass (scheduler/pass.ts): taken before the team's first
 * send, renewed while its queue is worked, released when it is done. A replica that finds a live lease of another
 * skips the team for that pass; a lease left by a replica killed mid-pass lapses and the next pass takes the team.
 * The claims on each send (scheduled_sends) stay what makes a send exactly-once; this only spreads the work.
 */
export const passLeases = pgTable('pass_leases', {
  teamId: text('team_id').primaryKey(),
  holder: text('holder').notNull(),
  leaseUntil: epochMs('lease_until').notNull(),
});
