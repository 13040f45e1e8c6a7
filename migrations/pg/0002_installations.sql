CREATE TABLE "installations" (
	"install_key" text COLLATE "C" PRIMARY KEY NOT NULL,
	"team_id" text COLLATE "C",
	"enterprise_id" text COLLATE "C",
	"is_enterprise_install" boolean DEFAULT false NOT NULL,
	"app_id" text COLLATE "C",
	"bot_user_id" text COLLATE "C",
	"installer_user_id" text COLLATE "C",
	"scopes" text COLLATE "C",
	"key_id" text COLLATE "C" NOT NULL,
	"secret" text COLLATE "C" NOT NULL,
	"installed_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_workspaces" (
	"enterprise_id" text COLLATE "C" NOT NULL,
	"team_id" text COLLATE "C" NOT NULL,
	"seen_at" bigint NOT NULL,
	CONSTRAINT "org_workspaces_enterprise_id_team_id_pk" PRIMARY KEY("enterprise_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "workspace_purges" (
	"install_key" text COLLATE "C" PRIMARY KEY NOT NULL,
	"team_id" text COLLATE "C",
	"enterprise_id" text COLLATE "C",
	"uninstalled_at" bigint NOT NULL,
	"purge_after" bigint NOT NULL
);
