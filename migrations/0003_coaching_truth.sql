DROP INDEX `deals_rep_summary`;--> statement-breakpoint
ALTER TABLE `deals` ADD `opened_on` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `close_on` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `updated_on` text;--> statement-breakpoint
CREATE INDEX `deals_team_closed` ON `deals` (`team_id`,`status`,`closed_on`,`amount_cents`,`opened_on`);--> statement-breakpoint
CREATE INDEX `deals_rep_summary` ON `deals` (`team_id`,`user_id`,`status`,`closed_on`,`amount_cents`,`opened_on`);--> statement-breakpoint
ALTER TABLE `teams` ADD `period_kind` text DEFAULT 'quarter' NOT NULL;--> statement-breakpoint
ALTER TABLE `teams` ADD `deals_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `activities_account_date` ON `activities` (`account_id`,`local_date`);