CREATE TABLE "audit_chain_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"first_seq" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_chain_head" ADD COLUMN "prev_hash" text;--> statement-breakpoint
/*
 * Version 2 of an entry's canonical text, for the entries joining the chain from here on; those
 * already chained keep version 1 (migration 0023), so a head exported before still holds.
 *
 * Why: the insert trigger's cost is mostly setting up its expressions afresh in each transaction,
 * and version 1 builds its text from eleven length-prefixed fields (some ninety expression
 * nodes). Version 2 is one JSON array built by json_build_array, a quarter of the nodes, and the
 * trigger moves the head on in one UPDATE instead of a SELECT and an UPDATE: the chain's cost per
 * entry halves (bench/audit-chain.ts).
 *
 * Canonical text (version 2): the text json_build_array gives for
 *   ['audit-v2', prev_hash, chain_seq, id,
 *    at in UTC as 'YYYY-MM-DDTHH:MI:SS.ffffffZ' (six digits of seconds' fraction),
 *    account_id, actor, action, subject_type, subject_id, detail, ip]
 * that is '[' and the elements joined by ', ' and ']': each text as a JSON string (escaped as
 * JSON.stringify escapes it), numbers as digits, null as null, detail as jsonb's own text output
 * (keys sorted and spaced the same way whoever wrote it). hash = lower-case hex of sha256 over
 * its UTF-8 bytes. None of it depends on the session's DateStyle or TimeZone.
 * src/modules/audit/audit.chain.ts recomputes it.
 */
CREATE FUNCTION audit_log_hash_v2(
  prev_hash text, chain_seq bigint, id bigint, at timestamptz, account_id integer, actor text,
  action text, subject_type text, subject_id text, detail jsonb, ip text
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(json_build_array(
    'audit-v2', prev_hash, chain_seq, id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    account_id, actor, action, subject_type, subject_id, detail, ip
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Entries waiting now are linked after this, so they take version 2 too.
INSERT INTO audit_chain_versions (version, first_seq)
  SELECT 1, 1 UNION ALL SELECT 2, seq + 1 FROM audit_chain_head WHERE id = 1;
--> statement-breakpoint
UPDATE audit_chain_head SET prev_hash = (SELECT prev_hash FROM audit_log WHERE chain_seq = audit_chain_head.seq) WHERE id = 1;
--> statement-breakpoint
/*
 * The writer that finds the chain free links only its own entry: looking for waiting entries on
 * every insert cost as much as a fifth of the chain, and on one connection (PGlite) nothing ever
 * waits. Entries left waiting (written while another transaction held the chain) are linked by
 * audit_log_chain_waiting(): every check, export and backup calls it first, and each Hub calls it
 * every second.
 */
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_try_advisory_xact_lock(23, 1) THEN
    UPDATE audit_chain_head
       SET prev_hash = hash,
           seq = seq + 1,
           hash = audit_log_hash_v2(hash, seq + 1, NEW.id, NEW.at, NEW.account_id, NEW.actor, NEW.action,
                                    NEW.subject_type, NEW.subject_id, NEW.detail, NEW.ip)
     WHERE id = 1
    RETURNING seq, prev_hash, hash INTO STRICT NEW.chain_seq, NEW.prev_hash, NEW.hash;
  ELSE
    NEW.chain_seq := NULL;
    NEW.prev_hash := NULL;
    NEW.hash := NULL;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_link_waiting() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
  r audit_log;
  n bigint := 0;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain_head WHERE id = 1;
  FOR r IN SELECT * FROM audit_log WHERE chain_seq IS NULL ORDER BY id LOOP
    r.chain_seq := head.seq + 1;
    r.prev_hash := head.hash;
    r.hash := audit_log_hash_v2(r.prev_hash, r.chain_seq, r.id, r.at, r.account_id, r.actor, r.action,
                                r.subject_type, r.subject_id, r.detail, r.ip);
    UPDATE audit_log SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    head.prev_hash := head.hash;
    head.seq := r.chain_seq;
    head.hash := r.hash;
    n := n + 1;
  END LOOP;
  IF n > 0 THEN
    UPDATE audit_chain_head SET seq = head.seq, hash = head.hash, prev_hash = head.prev_hash WHERE id = 1;
  END IF;
  RETURN n;
END;
$$;
