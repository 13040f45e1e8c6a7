CREATE TABLE `rep_changes` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `rep_changes_seq` ON `rep_changes` (`team_id`,`seq`);--> statement-breakpoint
CREATE TABLE `team_changes` (
	`team_id` text PRIMARY KEY NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	`wide_seq` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `activities_account_date`;--> statement-breakpoint
CREATE INDEX `activities_account_date` ON `activities` (`account_id`,`local_date`,`user_id`);--> statement-breakpoint
-- A rep's figures rest on these tables: every write marks the rep (both, when a row changes hands).
CREATE TRIGGER `reps_changed_on_insert` AFTER INSERT ON `reps` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `reps_changed_on_update` AFTER UPDATE ON `reps` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `reps_changed_on_delete` AFTER DELETE ON `reps` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `quotas_changed_on_insert` AFTER INSERT ON `quotas` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `quotas_changed_on_update` AFTER UPDATE ON `quotas` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `quotas_changed_on_delete` AFTER DELETE ON `quotas` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_changed_on_insert` AFTER INSERT ON `deals` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_changed_on_update` AFTER UPDATE ON `deals` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_changed_on_delete` AFTER DELETE ON `deals` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `targets_changed_on_insert` AFTER INSERT ON `targets` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `targets_changed_on_update` AFTER UPDATE ON `targets` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `targets_changed_on_delete` AFTER DELETE ON `targets` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `checkins_changed_on_insert` AFTER INSERT ON `checkins` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `checkins_changed_on_update` AFTER UPDATE ON `checkins` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `checkins_changed_on_delete` AFTER DELETE ON `checkins` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `pauses_changed_on_insert` AFTER INSERT ON `pauses` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `pauses_changed_on_update` AFTER UPDATE ON `pauses` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `pauses_changed_on_delete` AFTER DELETE ON `pauses` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_changed_on_insert` AFTER INSERT ON `activities` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_changed_on_update` AFTER UPDATE ON `activities` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT NEW.`team_id`, NEW.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = NEW.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_changed_on_delete` AFTER DELETE ON `activities` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`) SELECT OLD.`team_id`, OLD.`user_id`, `seq` FROM `team_changes` WHERE `team_id` = OLD.`team_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
-- Activity on an account changes how fresh every deal on it looks, whoever owns the deal: their figures too.
-- (Triggers on one event fire in no set order: this one moves the team's seq itself.)
CREATE TRIGGER `activities_account_changed_on_insert` AFTER INSERT ON `activities` WHEN NEW.`account_id` IS NOT NULL BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`)
    SELECT DISTINCT d.`team_id`, d.`user_id`, c.`seq` FROM `deals` d JOIN `team_changes` c ON c.`team_id` = d.`team_id` WHERE d.`account_id` = NEW.`account_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_account_changed_on_update` AFTER UPDATE ON `activities` WHEN OLD.`account_id` IS NOT NULL OR NEW.`account_id` IS NOT NULL BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`)
    SELECT DISTINCT d.`team_id`, d.`user_id`, c.`seq` FROM `deals` d JOIN `team_changes` c ON c.`team_id` = d.`team_id` WHERE d.`account_id` = OLD.`account_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`)
    SELECT DISTINCT d.`team_id`, d.`user_id`, c.`seq` FROM `deals` d JOIN `team_changes` c ON c.`team_id` = d.`team_id` WHERE d.`account_id` = NEW.`account_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `activities_account_changed_on_delete` AFTER DELETE ON `activities` WHEN OLD.`account_id` IS NOT NULL BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`)
    SELECT DISTINCT d.`team_id`, d.`user_id`, c.`seq` FROM `deals` d JOIN `team_changes` c ON c.`team_id` = d.`team_id` WHERE d.`account_id` = OLD.`account_id`
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
-- An account's fit or name changes the figures of every rep with a deal or activity on it (an account never
-- changes teams). A new account changes nobody's until a row refers to it.
CREATE TRIGGER `accounts_changed_on_update` AFTER UPDATE ON `accounts` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (NEW.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`)
    SELECT NEW.`team_id`, u.`user_id`, c.`seq` FROM (
      SELECT `user_id` FROM `deals` WHERE `account_id` = NEW.`id`
      UNION SELECT `user_id` FROM `activities` WHERE `account_id` = NEW.`id`
    ) u JOIN `team_changes` c ON c.`team_id` = NEW.`team_id` WHERE true
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_changed_on_delete` AFTER DELETE ON `accounts` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`) VALUES (OLD.`team_id`, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1;
  INSERT INTO `rep_changes` (`team_id`, `user_id`, `seq`)
    SELECT OLD.`team_id`, u.`user_id`, c.`seq` FROM (
      SELECT `user_id` FROM `deals` WHERE `account_id` = OLD.`id`
      UNION SELECT `user_id` FROM `activities` WHERE `account_id` = OLD.`id`
    ) u JOIN `team_changes` c ON c.`team_id` = OLD.`team_id` WHERE true
    ON CONFLICT (`team_id`, `user_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
-- The team's settings change every rep's figures. The deals version alone moving is a deal write, marked above.
CREATE TRIGGER `teams_changed_on_update` AFTER UPDATE ON `teams` WHEN NEW.`deals_version` IS OLD.`deals_version` BEGIN
  INSERT INTO `team_changes` (`team_id`, `seq`, `wide_seq`) VALUES (NEW.`id`, 1, 1) ON CONFLICT (`team_id`) DO UPDATE SET `seq` = `seq` + 1, `wide_seq` = `wide_seq` + 1;
END;
