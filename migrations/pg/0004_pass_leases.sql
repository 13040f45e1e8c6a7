CREATE TABLE "pass_leases" (
	"team_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"holder" text COLLATE "C" NOT NULL,
	"lease_until" bigint NOT NULL
);
