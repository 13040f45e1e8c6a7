CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`icp` text DEFAULT 'unknown' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_team_key` ON `accounts` (`team_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`count` integer NOT NULL,
	`account_id` integer,
	`occurred_at` integer NOT NULL,
	`local_date` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `activities_rep_date` ON `activities` (`team_id`,`user_id`,`local_date`);--> statement-breakpoint
CREATE TABLE `checkins` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`local_date` text NOT NULL,
	`plan_items` text DEFAULT '[]' NOT NULL,
	`plan_set_at` integer,
	`reflection` text,
	`reflection_at` integer,
	PRIMARY KEY(`team_id`, `user_id`, `local_date`)
);
--> statement-breakpoint
CREATE TABLE `deals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`closed_on` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `deals_rep_status_closed` ON `deals` (`team_id`,`user_id`,`status`,`closed_on`);--> statement-breakpoint
CREATE INDEX `deals_account` ON `deals` (`account_id`);--> statement-breakpoint
CREATE TABLE `quotas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`period_kind` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`set_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotas_rep_period` ON `quotas` (`team_id`,`user_id`,`period_kind`,`period_start`);--> statement-breakpoint
CREATE INDEX `quotas_team` ON `quotas` (`team_id`);--> statement-breakpoint
CREATE TABLE `reps` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`slack_timezone` text,
	`timezone_override` text,
	`is_slack_admin` integer DEFAULT false NOT NULL,
	`profile_fetched_at` integer,
	`quota_period` text DEFAULT 'quarter' NOT NULL,
	`checkin_minutes` integer DEFAULT 510 NOT NULL,
	`reflection_minutes` integer DEFAULT 1050 NOT NULL,
	`working_days` text DEFAULT '1,2,3,4,5' NOT NULL,
	`paused_until` text,
	`reminders_enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scheduled_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_key` text NOT NULL,
	`team_id` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text,
	`channel_id` text,
	`message_ts` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_sends_claim_key` ON `scheduled_sends` (`claim_key`);--> statement-breakpoint
CREATE TABLE `targets` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`activity` text NOT NULL,
	`per` text NOT NULL,
	`count` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`, `activity`, `per`)
);
--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_id` text,
	`weekly_day` integer DEFAULT 1 NOT NULL,
	`weekly_minutes` integer DEFAULT 540 NOT NULL,
	`timezone` text,
	`fiscal_year_start_month` integer DEFAULT 1 NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`default_win_rate` real DEFAULT 0.25 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
