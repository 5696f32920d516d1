CREATE TABLE "audit_chain_exports" (
	"id" serial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"exported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"account_id" integer,
	"exported_by" text
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text,
	CONSTRAINT "audit_chain_head_one_row" CHECK ("audit_chain_head"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_seq_idx" ON "audit_log" USING btree ("chain_seq");--> statement-breakpoint
/*
 * The audit chain: each entry's hash covers its own content and the hash before it, so an entry
 * changed or removed outside the Hub breaks the chain at that entry, and a log rewritten from some
 * entry on no longer holds a head exported before.
 *
 * Canonical text of an entry (version 1): 'audit-v1', then for each field below, in this order,
 * '|' followed by '~' when the field is null, else <length in UTF-8 bytes>':'<text>:
 *   prev_hash, chain_seq, id,
 *   at (in UTC, 'YYYY-MM-DDTHH:MI:SS.ffffffZ', six digits of seconds' fraction),
 *   account_id, actor, action, subject_type, subject_id,
 *   detail (jsonb's own text output: keys sorted and spaced the same way whoever wrote it),
 *   ip.
 * hash = lower-case hex of sha256 over the canonical text's UTF-8 bytes. The length prefix keeps
 * '|' inside a field from passing for a boundary. src/modules/audit/audit.chain.ts recomputes it.
 */
CREATE FUNCTION audit_log_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(convert_to(value, 'UTF8')) || ':' || value END
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_hash(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(
    'audit-v1'
      || '|' || audit_log_field(r.prev_hash)
      || '|' || audit_log_field(r.chain_seq::text)
      || '|' || audit_log_field(r.id::text)
      || '|' || audit_log_field(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      || '|' || audit_log_field(r.account_id::text)
      || '|' || audit_log_field(r.actor)
      || '|' || audit_log_field(r.action)
      || '|' || audit_log_field(r.subject_type)
      || '|' || audit_log_field(r.subject_id)
      || '|' || audit_log_field(r.detail::text)
      || '|' || audit_log_field(r.ip),
    'UTF8')), 'hex')
$$;
--> statement-breakpoint
/*
 * Built by the database, whoever inserts (any Hub on the server, the demo, a direct insert), and
 * whatever they put in chain_seq, prev_hash or hash. The head row stays locked until the inserting
 * transaction ends, so entries join the chain one at a time in commit order and it cannot fork.
 */
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.chain_seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := audit_log_hash(NEW);
  UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain
  BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
-- The entries written before the chain are chained in id order, the only order they had. Only here
-- is the append-only trigger set aside, inside this migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log;
  n bigint := 0;
  last_hash text := NULL;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    r.chain_seq := n;
    r.prev_hash := last_hash;
    last_hash := audit_log_hash(r);
    UPDATE audit_log SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = last_hash WHERE id = r.id;
  END LOOP;
  INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, n, last_hash);
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
