import { createHash } from 'node:crypto';
import { asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { auditChainExports, auditChainHead, auditChainVersions, auditLog } from './audit.tables.ts';
import { recordAudit } from './audit.service.ts';

/*
 * The audit chain, checked from outside the database. The database writes each entry's hash as it
 * is inserted (the canonical texts are described in migrations 0023, version 1, and 0033, version
 * 2); this file recomputes the same hash on its own, so a check does not trust the database's
 * functions. Which version an entry's hash covers goes by its place in the chain
 * (audit_chain_versions).
 */

/** An entry as the chain covers it, each field as the text the canonical form takes. */
export interface ChainedEntry {
  id: number;
  chainSeq: number | null;
  prevHash: string | null;
  hash: string | null;
  /** Microseconds since 1970 in UTC, as decimal text: JavaScript dates keep only milliseconds. */
  atMicros: string;
  accountId: number | null;
  actor: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** jsonb's own text output, which is the same whoever wrote the value. */
  detail: string | null;
  ip: string | null;
}

/** 'YYYY-MM-DDTHH:MI:SS.ffffffZ' in UTC, as the database's to_char writes it. */
export function isoMicros(micros: string): string {
  const total = BigInt(micros);
  let millis = total / 1000n;
  let rest = total % 1000n;
  if (rest < 0n) {
    rest += 1000n;
    millis -= 1n;
  }
  return `${new Date(Number(millis)).toISOString().slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

const field = (value: string | number | null) =>
  value === null ? '~' : `${Buffer.byteLength(String(value), 'utf8')}:${String(value)}`;

/** The canonical text of an entry in version 1: length-prefixed fields, as migration 0023 gives it. */
function canonicalTextV1(entry: ChainedEntry): string {
  const fields = [
    entry.prevHash,
    entry.chainSeq,
    entry.id,
    isoMicros(entry.atMicros),
    entry.accountId,
    entry.actor,
    entry.action,
    entry.subjectType,
    entry.subjectId,
    entry.detail,
    entry.ip,
  ];
  return ['audit-v1', ...fields.map(field)].join('|');
}

/** JSON as json_build_array writes an element: JSON.stringify escapes text the way PostgreSQL does. */
const jsonElement = (value: string | number | null) => JSON.stringify(value);

/** Version 2: the text json_build_array gives for the fields, as migration 0033 gives it. */
function canonicalTextV2(entry: ChainedEntry): string {
  const elements = [
    jsonElement('audit-v2'),
    jsonElement(entry.prevHash),
    jsonElement(entry.chainSeq),
    jsonElement(entry.id),
    jsonElement(isoMicros(entry.atMicros)),
    jsonElement(entry.accountId),
    jsonElement(entry.actor),
    jsonElement(entry.action),
    jsonElement(entry.subjectType),
    jsonElement(entry.subjectId),
    entry.detail ?? 'null', // jsonb's own text, as the database embeds it
    jsonElement(entry.ip),
  ];
  return `[${elements.join(', ')}]`;
}

export type CanonicalVersion = 1 | 2;

export function canonicalText(entry: ChainedEntry, version: CanonicalVersion): string {
  return version === 1 ? canonicalTextV1(entry) : canonicalTextV2(entry);
}

export const entryHash = (entry: ChainedEntry, version: CanonicalVersion): string =>
  createHash('sha256').update(canonicalText(entry, version), 'utf8').digest('hex');

/** The version an entry's hash covers, from its place: the last version starting at or before it. */
type VersionAt = (chainSeq: number) => CanonicalVersion;

async function canonicalVersions(db: Queryable): Promise<VersionAt> {
  const starts = await db
    .select()
    .from(auditChainVersions)
    .orderBy(desc(auditChainVersions.firstSeq), desc(auditChainVersions.version));
  return (chainSeq) => (starts.find((s) => s.firstSeq <= chainSeq)?.version ?? 1) as CanonicalVersion;
}

export interface ChainBreak {
  /** The entry where the chain breaks; null when entries are missing from its end. */
  id: number | null;
  chainSeq: number | null;
  what: 'content' | 'link' | 'end';
  explanation: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ExportedHead extends ChainHead {
  exportId: number;
  exportedAt: Date;
  exportedBy: string | null;
  /** False when the chain no longer holds this hash at this place: the log was rewritten from there on. */
  held: boolean;
}

export interface ChainCheck {
  entries: number;
  /** Entries written while the check ran, not linked yet: the Hub or the next check links them. */
  waiting: number;
  head: ChainHead | null;
  broken: ChainBreak | null;
  exported: ExportedHead | null;
  ok: boolean;
}

const entryFields = {
  id: auditLog.id,
  chainSeq: auditLog.chainSeq,
  prevHash: auditLog.prevHash,
  hash: auditLog.hash,
  atMicros: sql<string>`(extract(epoch from ${auditLog.at}) * 1000000)::bigint::text`,
  accountId: auditLog.accountId,
  actor: auditLog.actor,
  action: auditLog.action,
  subjectType: auditLog.subjectType,
  subjectId: auditLog.subjectId,
  detail: sql<string | null>`${auditLog.detail}::text`,
  ip: auditLog.ip,
};

/** The first fault of one entry against the one before it in the chain, if any. */
function faultOf(entry: ChainedEntry, before: ChainHead | null, versionAt: VersionAt): ChainBreak | null {
  const at = { id: entry.id, chainSeq: entry.chainSeq };
  const expectedSeq = (before?.seq ?? 0) + 1;
  if (entry.chainSeq !== expectedSeq) {
    const missing = `${expectedSeq}${entry.chainSeq! - 1 > expectedSeq ? `–${entry.chainSeq! - 1}` : ''}`;
    return { ...at, what: 'link', explanation: `entries ${missing} of the chain are missing before it` };
  }
  if (entry.prevHash !== (before?.hash ?? null)) {
    return { ...at, what: 'link', explanation: 'its previous hash is not the hash of the entry before it' };
  }
  if (entryHash(entry, versionAt(entry.chainSeq)) !== entry.hash) {
    return { ...at, what: 'content', explanation: 'its content no longer matches its hash: it was changed' };
  }
  return null;
}

/**
 * Links the entries waiting to join the chain (written while another writer was linking), so a
 * check or a backup reads the chain whole. Returns how many were linked.
 */
export async function linkWaitingEntries(db: Queryable): Promise<number> {
  // Both drivers answer with { rows }; Drizzle types the result per driver.
  const result: unknown = await db.execute(sql`select audit_log_chain_waiting()::int as linked`);
  return (result as { rows: { linked: number }[] }).rows[0]?.linked ?? 0;
}

/** Entries committed after the check linked the waiting ones: pending, not broken. */
async function waitingCount(db: Queryable): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(isNull(auditLog.chainSeq));
  return row?.n ?? 0;
}

async function recordedHead(db: Queryable): Promise<ChainHead | null> {
  const [row] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  return row?.hash ? { seq: row.seq, hash: row.hash } : null;
}

async function latestExport(db: Queryable) {
  const [row] = await db.select().from(auditChainExports).orderBy(desc(auditChainExports.id)).limit(1);
  return row;
}

/** Whether the chain still holds `head`: the entry at that place with that hash. */
export async function chainHolds(db: Queryable, head: ChainHead): Promise<boolean> {
  const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.chainSeq, head.seq));
  return row?.hash === head.hash.toLowerCase();
}

/**
 * The whole chain, checked in batches of `batchSize` entries in chain order (never all in memory):
 * each entry's hash recomputed, each link to the entry before, no entries missing in the middle or
 * at the end (against the head the database keeps), and the last exported head still held.
 */
export async function checkChain(db: Queryable, batchSize = 1000): Promise<ChainCheck> {
  await linkWaitingEntries(db);
  // Read first: entries committed while the check runs only lengthen the chain past it.
  const recorded = await recordedHead(db);
  const versionAt = await canonicalVersions(db);
  let head: ChainHead | null = null;
  let broken: ChainBreak | null = null;
  let entries = 0;
  for (;;) {
    const batch: ChainedEntry[] = await db
      .select(entryFields)
      .from(auditLog)
      .where(gt(auditLog.chainSeq, head?.seq ?? 0))
      .orderBy(asc(auditLog.chainSeq))
      .limit(batchSize);
    for (const entry of batch) {
      broken ??= faultOf(entry, head, versionAt);
      head = { seq: entry.chainSeq!, hash: entry.hash ?? '' };
      entries += 1;
    }
    if (batch.length < batchSize) break;
  }
  if (!broken && recorded && (head?.seq ?? 0) < recorded.seq) {
    broken = {
      id: null,
      chainSeq: (head?.seq ?? 0) + 1,
      what: 'end',
      explanation: `the chain ends at ${head?.seq ?? 0} but the database recorded entries up to ${recorded.seq}: the last entries were removed`,
    };
  }
  const waiting = await waitingCount(db);
  const last = await latestExport(db);
  const exported = last
    ? {
        exportId: last.id,
        seq: last.seq,
        hash: last.hash,
        exportedAt: last.exportedAt,
        exportedBy: last.exportedBy,
        held: await chainHolds(db, last),
      }
    : null;
  return { entries, waiting, head, broken, exported, ok: !broken && (exported?.held ?? true) };
}

/** What the checking says of itself in the audit log: counts and where it broke, never content. */
export async function recordChainCheck(
  db: Queryable,
  user: CurrentUser,
  check: ChainCheck,
  heldHead: (ChainHead & { held: boolean }) | null = null,
): Promise<void> {
  await recordAudit(db, {
    action: 'audit_chain.checked',
    user,
    detail: {
      entries: check.entries,
      ok: check.ok,
      brokenAt: check.broken ? (check.broken.id ?? `chain ${check.broken.chainSeq}`) : null,
      exportedHeadHeld: check.exported?.held ?? null,
      ...(heldHead ? { heldHead: { seq: heldHead.seq, held: heldHead.held } } : {}),
    },
  });
}

/**
 * Hands the chain's head out: the export is itself an audit entry, written first, so the head
 * handed out covers the record of who took it.
 */
export async function exportChainHead(
  db: Queryable,
  user: CurrentUser,
  action: 'audit_chain.exported' | 'audit_chain.emailed' = 'audit_chain.exported',
  detail?: Record<string, unknown>,
): Promise<number> {
  return db.transaction(async (tx) => {
    await recordAudit(tx, { action, user, ...(detail ? { detail } : {}) });
    // Linked now even if another writer held the chain: the head handed out must cover this record.
    await linkWaitingEntries(tx);
    const head = await recordedHead(tx);
    const [row] = await tx
      .insert(auditChainExports)
      .values({ seq: head!.seq, hash: head!.hash, accountId: user.accountId, exportedBy: user.email })
      .returning({ id: auditChainExports.id });
    return row!.id;
  });
}

export async function chainExport(db: Queryable, exportId: number) {
  const [row] = await db.select().from(auditChainExports).where(eq(auditChainExports.id, exportId));
  return row;
}
