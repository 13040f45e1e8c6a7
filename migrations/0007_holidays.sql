-- Holidays. No new triggers: 0006's teams_changed_on_update bumps wide_seq for the team's columns (every rep's
-- figures change) and reps_changed_on_update marks a rep whose own country changes.
ALTER TABLE `reps` ADD `holiday_country` text;--> statement-breakpoint
ALTER TABLE `reps` ADD `holiday_region` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `holiday_country` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `holiday_region` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `company_days_off` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `teams` ADD `worked_holidays` text DEFAULT '[]' NOT NULL;