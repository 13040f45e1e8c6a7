CREATE TABLE `crm_owners` (
	`team_id` text NOT NULL,
	`owner_key` text NOT NULL,
	`user_id` text,
	`reason` text,
	`checked_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `owner_key`)
);
--> statement-breakpoint
CREATE TABLE `crm_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`source` text NOT NULL,
	`trigger` text NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`changed` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`error` text,
	`summary` text
);
--> statement-breakpoint
CREATE INDEX `crm_runs_team` ON `crm_runs` (`team_id`,`source`,`id`);--> statement-breakpoint
CREATE TABLE `crm_state` (
	`team_id` text NOT NULL,
	`source` text NOT NULL,
	`cursor` text,
	`lease_token` text,
	`lease_until` integer,
	`next_attempt_at` integer,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`notified_error` text,
	`last_success_at` integer,
	PRIMARY KEY(`team_id`, `source`)
);
--> statement-breakpoint
ALTER TABLE `accounts` ADD `icp_source` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `source` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `logged_count` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `activities_external` ON `activities` (`team_id`,`source`,`external_id`);--> statement-breakpoint
ALTER TABLE `deals` ADD `source` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `external_url` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `stage` text;--> statement-breakpoint
CREATE UNIQUE INDEX `deals_external` ON `deals` (`team_id`,`source`,`external_id`);--> statement-breakpoint
ALTER TABLE `teams` ADD `manual_deals` integer DEFAULT true NOT NULL;