-- Deals written before opportunities were told apart from wins logged directly: a loss was always
-- an open opportunity first, and a win whose closing instant differs from its creation closed one.
-- Dates are read in UTC here; new deals carry the rep's local dates.
UPDATE `deals` SET `opened_on` = date(`created_at` / 1000, 'unixepoch')
  WHERE `status` IN ('open', 'lost') OR (`status` = 'won' AND `closed_at` IS NOT NULL AND `closed_at` <> `created_at`);--> statement-breakpoint
UPDATE `deals` SET `updated_on` = date(coalesce(`closed_at`, `created_at`) / 1000, 'unixepoch');
