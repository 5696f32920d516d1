/*
 * Entries join the chain without making writers queue. Until now the insert trigger locked the
 * chain head until the writer's transaction ended, so every audited request waited for the one
 * before it to commit. Now a writer whose insert finds the chain free (nobody else linking)
 * links first the committed entries still waiting, then its own, as before; a writer that finds
 * it busy commits its entry unlinked ("waiting"), and the next one to find it free links it. The
 * Hub and every check link waiting entries before reading the chain (audit_log_chain_waiting()),
 * so an entry waits only for a moment. The chain is still one line in the order entries were
 * linked: one advisory lock (23, 1) guards the head, per database, whoever writes.
 *
 * The append-only trigger now lets one change through: a waiting entry getting its place and
 * hashes, its content untouched, by whoever holds the chain. audit_log_field is marked STABLE (as
 * what it calls is) so the hash is planned once inline instead of through eleven function calls.
 * The canonical text and the hashes are unchanged (migration 0023).
 */
CREATE OR REPLACE FUNCTION audit_log_field(value text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(convert_to(value, 'UTF8')) || ':' || value END
$$;
--> statement-breakpoint
CREATE INDEX audit_log_waiting_idx ON audit_log (id) WHERE chain_seq IS NULL;
--> statement-breakpoint
-- Links the waiting entries (committed ones, and this transaction's), oldest first. The caller holds the chain.
CREATE FUNCTION audit_log_link_waiting() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
  r audit_log;
  n bigint := 0;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain_head WHERE id = 1;
  FOR r IN SELECT * FROM audit_log WHERE chain_seq IS NULL ORDER BY id LOOP
    r.chain_seq := head.seq + 1;
    r.prev_hash := head.hash;
    r.hash := audit_log_hash(r);
    UPDATE audit_log SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    head.seq := r.chain_seq;
    head.hash := r.hash;
    n := n + 1;
  END LOOP;
  IF n > 0 THEN
    UPDATE audit_chain_head SET seq = head.seq, hash = head.hash WHERE id = 1;
  END IF;
  RETURN n;
END;
$$;
--> statement-breakpoint
-- For the Hub and the checks: waits for the chain, then links whatever is waiting. Returns how many.
CREATE FUNCTION audit_log_chain_waiting() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(23, 1);
  RETURN audit_log_link_waiting();
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  NEW.chain_seq := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  IF NOT pg_try_advisory_xact_lock(23, 1) THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM audit_log WHERE chain_seq IS NULL) THEN
    PERFORM audit_log_link_waiting();
  END IF;
  SELECT * INTO STRICT head FROM audit_chain_head WHERE id = 1;
  NEW.chain_seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := audit_log_hash(NEW);
  UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
     AND (NEW.id, NEW.at, NEW.account_id, NEW.actor, NEW.action, NEW.subject_type, NEW.subject_id, NEW.detail, NEW.ip)
         IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.account_id, OLD.actor, OLD.action, OLD.subject_type, OLD.subject_id, OLD.detail, OLD.ip)
     AND pg_try_advisory_xact_lock(23, 1) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
--> statement-breakpoint
DROP TRIGGER audit_log_append_only ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_edit();
