DROP INDEX `deals_rep_status_closed`;--> statement-breakpoint
CREATE INDEX `deals_rep_summary` ON `deals` (`team_id`,`user_id`,`status`,`closed_on`,`amount_cents`);--> statement-breakpoint
DROP INDEX `activities_rep_date`;--> statement-breakpoint
CREATE INDEX `activities_rep_date` ON `activities` (`team_id`,`user_id`,`local_date`,`kind`,`count`,`account_id`);