-- The change log of migrations/0006_change_log.sql (SQLite), ported: the same row-level marks, so team_changes.seq
-- moves by the same steps and rep_changes gets the same reps. An UPDATE marks the OLD row and then the NEW one.
-- Postgres fires a table's triggers for one event in name order; `activities_account_changed` runs before
-- `activities_changed`, as SQLite runs them (the newest trigger first).
CREATE FUNCTION change_log_mark_rep(p_team text, p_user text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  INSERT INTO team_changes AS c (team_id, seq) VALUES (p_team, 1)
    ON CONFLICT (team_id) DO UPDATE SET seq = c.seq + 1
    RETURNING c.seq INTO s;
  INSERT INTO rep_changes (team_id, user_id, seq) VALUES (p_team, p_user, s)
    ON CONFLICT (team_id, user_id) DO UPDATE SET seq = excluded.seq;
END;
$$;
--> statement-breakpoint
-- Activity on an account changes how fresh every deal on it looks, whoever owns the deal: their figures too.
CREATE FUNCTION change_log_mark_account_deal_owners(p_team text, p_account integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO team_changes AS c (team_id, seq) VALUES (p_team, 1)
    ON CONFLICT (team_id) DO UPDATE SET seq = c.seq + 1;
  INSERT INTO rep_changes (team_id, user_id, seq)
    SELECT DISTINCT d.team_id, d.user_id, c.seq FROM deals d JOIN team_changes c ON c.team_id = d.team_id
    WHERE d.account_id = p_account
    ON CONFLICT (team_id, user_id) DO UPDATE SET seq = excluded.seq;
END;
$$;
--> statement-breakpoint
-- A rep's figures rest on reps, quotas, deals, targets, checkins, pauses and activities: every write marks the rep
-- (both, when a row changes hands).
CREATE FUNCTION change_log_rep_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM change_log_mark_rep(OLD.team_id, OLD.user_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM change_log_mark_rep(NEW.team_id, NEW.user_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION change_log_activity_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.account_id IS NOT NULL THEN
      PERFORM change_log_mark_account_deal_owners(NEW.team_id, NEW.account_id);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.account_id IS NOT NULL THEN
      PERFORM change_log_mark_account_deal_owners(OLD.team_id, OLD.account_id);
    END IF;
  ELSIF OLD.account_id IS NOT NULL OR NEW.account_id IS NOT NULL THEN
    -- Both halves run even when one side has no account, as on SQLite: the team's seq moves twice.
    PERFORM change_log_mark_account_deal_owners(OLD.team_id, OLD.account_id);
    PERFORM change_log_mark_account_deal_owners(NEW.team_id, NEW.account_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- An account's fit or name changes the figures of every rep with a deal or activity on it (an account never
-- changes teams). A new account changes nobody's until a row refers to it.
CREATE FUNCTION change_log_account_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r accounts%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  INSERT INTO team_changes AS c (team_id, seq) VALUES (r.team_id, 1)
    ON CONFLICT (team_id) DO UPDATE SET seq = c.seq + 1;
  INSERT INTO rep_changes (team_id, user_id, seq)
    SELECT r.team_id, u.user_id, c.seq FROM (
      SELECT user_id FROM deals WHERE account_id = r.id
      UNION SELECT user_id FROM activities WHERE account_id = r.id
    ) u JOIN team_changes c ON c.team_id = r.team_id
    ON CONFLICT (team_id, user_id) DO UPDATE SET seq = excluded.seq;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The team's settings change every rep's figures. The deals version alone moving is a deal write, marked above.
CREATE FUNCTION change_log_team_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO team_changes AS c (team_id, seq, wide_seq) VALUES (NEW.id, 1, 1)
    ON CONFLICT (team_id) DO UPDATE SET seq = c.seq + 1, wide_seq = c.wide_seq + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reps_changed AFTER INSERT OR UPDATE OR DELETE ON reps FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER quotas_changed AFTER INSERT OR UPDATE OR DELETE ON quotas FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER deals_changed AFTER INSERT OR UPDATE OR DELETE ON deals FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER targets_changed AFTER INSERT OR UPDATE OR DELETE ON targets FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER checkins_changed AFTER INSERT OR UPDATE OR DELETE ON checkins FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER pauses_changed AFTER INSERT OR UPDATE OR DELETE ON pauses FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER activities_changed AFTER INSERT OR UPDATE OR DELETE ON activities FOR EACH ROW EXECUTE FUNCTION change_log_rep_row();
--> statement-breakpoint
CREATE TRIGGER activities_account_changed AFTER INSERT OR UPDATE OR DELETE ON activities FOR EACH ROW EXECUTE FUNCTION change_log_activity_account();
--> statement-breakpoint
CREATE TRIGGER accounts_changed AFTER UPDATE OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION change_log_account_row();
--> statement-breakpoint
CREATE TRIGGER teams_changed AFTER UPDATE ON teams FOR EACH ROW
  WHEN (NEW.deals_version IS NOT DISTINCT FROM OLD.deals_version) EXECUTE FUNCTION change_log_team_row();
