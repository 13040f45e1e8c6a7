-- The change log of 0001, marked once per statement instead of once per row: a CRM sync writes 500 rows a statement,
-- and 0001's row triggers ran two upserts (plus a join on deals) for each of them, ~16 s for 10,000 activities.
-- Each statement trigger reads the rows it wrote from its transition tables (old_rows, new_rows) and moves each
-- team it touched once per step, then marks every distinct rep of that step with the team's new seq. The steps are
-- 0001's: an insert or delete is one step, an update two (the rows before, then after); on activities the account
-- step (named first, so Postgres fires it first) comes before the rep step. A one-row statement therefore moves
-- the seqs exactly as 0001 (and SQLite) did; a many-row statement moves each team's seq once per step, not once
-- per row, and gives all the reps of a step the same seq. Readers only compare seqs (rep_changes.seq > what they
-- saw), which still holds: the team_changes upsert takes the team's row lock, and a later statement's seq is higher.
-- A statement that writes no rows marks nobody (statement triggers fire all the same, on empty tables). An
-- INSERT … ON CONFLICT DO UPDATE runs the update steps for the rows it updated, then the insert step for the rest.
-- Teams keep 0001's row trigger: one row a statement.
-- Teams are moved in team_id order, so two statements over the same teams lock their rows in the same order.
DROP TRIGGER reps_changed ON reps;
--> statement-breakpoint
DROP TRIGGER quotas_changed ON quotas;
--> statement-breakpoint
DROP TRIGGER deals_changed ON deals;
--> statement-breakpoint
DROP TRIGGER targets_changed ON targets;
--> statement-breakpoint
DROP TRIGGER checkins_changed ON checkins;
--> statement-breakpoint
DROP TRIGGER pauses_changed ON pauses;
--> statement-breakpoint
DROP TRIGGER activities_changed ON activities;
--> statement-breakpoint
DROP TRIGGER activities_account_changed ON activities;
--> statement-breakpoint
DROP TRIGGER accounts_changed ON accounts;
--> statement-breakpoint
DROP FUNCTION change_log_rep_row();
--> statement-breakpoint
DROP FUNCTION change_log_activity_account();
--> statement-breakpoint
DROP FUNCTION change_log_account_row();
--> statement-breakpoint
DROP FUNCTION change_log_mark_rep(text, text);
--> statement-breakpoint
DROP FUNCTION change_log_mark_account_deal_owners(text, integer);
--> statement-breakpoint
-- One step: moves each team in `teams` once (in team_id order) and marks the reps beside it with the team's new seq.
-- The arrays pair up (team, rep); a null rep moves the team and marks nobody.
CREATE FUNCTION change_log_mark_step(teams text[], users text[]) RETURNS void LANGUAGE sql AS $$
  WITH wanted AS (
    SELECT DISTINCT w.team_id, w.user_id FROM unnest(teams, users) AS w(team_id, user_id)
  ), moved AS (
    INSERT INTO team_changes AS c (team_id, seq)
      SELECT DISTINCT team_id, 1 FROM wanted ORDER BY team_id
      ON CONFLICT (team_id) DO UPDATE SET seq = c.seq + 1
      RETURNING c.team_id, c.seq
  )
  INSERT INTO rep_changes (team_id, user_id, seq)
    SELECT w.team_id, w.user_id, m.seq FROM wanted w JOIN moved m ON m.team_id = w.team_id
    WHERE w.user_id IS NOT NULL
    ON CONFLICT (team_id, user_id) DO UPDATE SET seq = excluded.seq;
$$;
--> statement-breakpoint
-- A rep's figures rest on reps, quotas, deals, targets, checkins, pauses and activities: a statement's rows before
-- (update, delete), then after (insert, update), each a step.
CREATE FUNCTION change_log_rep_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t text[];
  u text[];
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT array_agg(r.team_id), array_agg(r.user_id) INTO t, u FROM (SELECT DISTINCT team_id, user_id FROM old_rows) r;
    PERFORM change_log_mark_step(t, u);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg(r.team_id), array_agg(r.user_id) INTO t, u FROM (SELECT DISTINCT team_id, user_id FROM new_rows) r;
    PERFORM change_log_mark_step(t, u);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Activity on an account changes how fresh every deal on it looks, whoever owns the deal: their figures too. Only
-- rows with an account take part (an update: one with an account before or after, both sides of it, as in 0001).
CREATE FUNCTION change_log_activity_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t text[];
  u text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(m.team_id), array_agg(m.user_id) INTO t, u FROM (
      SELECT team_id, NULL::text AS user_id FROM new_rows WHERE account_id IS NOT NULL
      UNION SELECT d.team_id, d.user_id FROM deals d WHERE d.account_id IN (SELECT account_id FROM new_rows)
    ) m;
    PERFORM change_log_mark_step(t, u);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(m.team_id), array_agg(m.user_id) INTO t, u FROM (
      SELECT team_id, NULL::text AS user_id FROM old_rows WHERE account_id IS NOT NULL
      UNION SELECT d.team_id, d.user_id FROM deals d WHERE d.account_id IN (SELECT account_id FROM old_rows)
    ) m;
    PERFORM change_log_mark_step(t, u);
  ELSE
    SELECT array_agg(m.team_id), array_agg(m.user_id) INTO t, u FROM (
      SELECT o.team_id, NULL::text AS user_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.account_id IS NOT NULL OR n.account_id IS NOT NULL
      UNION SELECT d.team_id, d.user_id FROM deals d WHERE d.account_id IN (SELECT account_id FROM old_rows)
    ) m;
    PERFORM change_log_mark_step(t, u);
    SELECT array_agg(m.team_id), array_agg(m.user_id) INTO t, u FROM (
      SELECT n.team_id, NULL::text AS user_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.account_id IS NOT NULL OR n.account_id IS NOT NULL
      UNION SELECT d.team_id, d.user_id FROM deals d WHERE d.account_id IN (SELECT account_id FROM new_rows)
    ) m;
    PERFORM change_log_mark_step(t, u);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- An account's fit or name changes the figures of every rep with a deal or activity on it (an account never
-- changes teams): one step for the statement's accounts as they are after an update, or were before a delete.
CREATE FUNCTION change_log_account_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t text[];
  u text[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(m.team_id), array_agg(m.user_id) INTO t, u FROM (
      SELECT team_id, NULL::text AS user_id FROM old_rows
      UNION SELECT a.team_id, d.user_id FROM old_rows a JOIN deals d ON d.account_id = a.id
      UNION SELECT a.team_id, x.user_id FROM old_rows a JOIN activities x ON x.account_id = a.id
    ) m;
  ELSE
    SELECT array_agg(m.team_id), array_agg(m.user_id) INTO t, u FROM (
      SELECT team_id, NULL::text AS user_id FROM new_rows
      UNION SELECT a.team_id, d.user_id FROM new_rows a JOIN deals d ON d.account_id = a.id
      UNION SELECT a.team_id, x.user_id FROM new_rows a JOIN activities x ON x.account_id = a.id
    ) m;
  END IF;
  PERFORM change_log_mark_step(t, u);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reps_changed_on_insert AFTER INSERT ON reps REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER reps_changed_on_update AFTER UPDATE ON reps REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER reps_changed_on_delete AFTER DELETE ON reps REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER quotas_changed_on_insert AFTER INSERT ON quotas REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER quotas_changed_on_update AFTER UPDATE ON quotas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER quotas_changed_on_delete AFTER DELETE ON quotas REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER deals_changed_on_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER deals_changed_on_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER deals_changed_on_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER targets_changed_on_insert AFTER INSERT ON targets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER targets_changed_on_update AFTER UPDATE ON targets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER targets_changed_on_delete AFTER DELETE ON targets REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER checkins_changed_on_insert AFTER INSERT ON checkins REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER checkins_changed_on_update AFTER UPDATE ON checkins REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER checkins_changed_on_delete AFTER DELETE ON checkins REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER pauses_changed_on_insert AFTER INSERT ON pauses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER pauses_changed_on_update AFTER UPDATE ON pauses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER pauses_changed_on_delete AFTER DELETE ON pauses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER activities_changed_on_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER activities_changed_on_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER activities_changed_on_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_rep_rows();
--> statement-breakpoint
CREATE TRIGGER activities_account_changed_on_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_activity_accounts();
--> statement-breakpoint
CREATE TRIGGER activities_account_changed_on_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_activity_accounts();
--> statement-breakpoint
CREATE TRIGGER activities_account_changed_on_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_activity_accounts();
--> statement-breakpoint
CREATE TRIGGER accounts_changed_on_update AFTER UPDATE ON accounts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_account_rows();
--> statement-breakpoint
CREATE TRIGGER accounts_changed_on_delete AFTER DELETE ON accounts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_account_rows();
