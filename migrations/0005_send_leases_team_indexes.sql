DROP INDEX `deals_team_closed`;--> statement-breakpoint
CREATE INDEX `deals_team_closed` ON `deals` (`team_id`,`status`,`closed_on`,`amount_cents`,`opened_on`,`user_id`);--> statement-breakpoint
ALTER TABLE `scheduled_sends` ADD `claim_token` text;--> statement-breakpoint
ALTER TABLE `scheduled_sends` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `scheduled_sends` ADD `first_attempt_at` integer;--> statement-breakpoint
ALTER TABLE `scheduled_sends` ADD `not_before` integer;--> statement-breakpoint
CREATE INDEX `activities_team_date` ON `activities` (`team_id`,`local_date`,`user_id`,`kind`,`count`,`account_id`);--> statement-breakpoint
CREATE INDEX `checkins_team_date` ON `checkins` (`team_id`,`local_date`,`user_id`);--> statement-breakpoint
-- Claims from before leases had one: the old 10-minute lease from their claim, and a token of their own.
UPDATE `scheduled_sends` SET `lease_until` = `claimed_at` + 600000, `claim_token` = 'legacy-' || `id` WHERE `lease_until` IS NULL;
