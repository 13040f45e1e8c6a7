CREATE TABLE `installations` (
	`install_key` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`enterprise_id` text,
	`is_enterprise_install` integer DEFAULT false NOT NULL,
	`app_id` text,
	`bot_user_id` text,
	`installer_user_id` text,
	`scopes` text,
	`key_id` text NOT NULL,
	`secret` text NOT NULL,
	`installed_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `org_workspaces` (
	`enterprise_id` text NOT NULL,
	`team_id` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`enterprise_id`, `team_id`)
);
--> statement-breakpoint
CREATE TABLE `workspace_purges` (
	`install_key` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`enterprise_id` text,
	`uninstalled_at` integer NOT NULL,
	`purge_after` integer NOT NULL
);
