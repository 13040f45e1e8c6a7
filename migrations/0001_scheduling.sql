CREATE TABLE `pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`starts_on` text NOT NULL,
	`until` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pauses_rep` ON `pauses` (`team_id`,`user_id`,`until`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `processed_events_received` ON `processed_events` (`received_at`);--> statement-breakpoint
ALTER TABLE `reps` ADD `dm_channel_id` text;--> statement-breakpoint
ALTER TABLE `scheduled_sends` ADD `progress` integer DEFAULT 0 NOT NULL;