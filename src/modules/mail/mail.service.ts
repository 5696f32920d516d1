import { desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { mailOutbox } from './mail.tables.ts';

/** A message to queue: plain words and links only, never OFFICIAL-SENSITIVE content. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What it is for (`invitation`, `password_reset`…), shown on the outbox page. */
  kind: string;
}

/**
 * Queues a message inside the caller's transaction: it is sent only if the change it tells of
 * commits, and a crash after the commit loses nothing (the sender finds it in the table).
 */
export async function queueMail(tx: Queryable, mail: OutgoingMail): Promise<number> {
  const [row] = await tx
    .insert(mailOutbox)
    .values({ to: mail.to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html ?? null, kind: mail.kind })
    .returning({ id: mailOutbox.id });
  return row!.id;
}

export type ClaimedMail = typeof mailOutbox.$inferSelect;

/**
 * Claims up to `limit` due messages for this sender. Rows another Hub is claiming are skipped
 * (SKIP LOCKED), and a claim pushes the next attempt on by `leaseMs`, so nothing is sent twice
 * at once and a sender that dies mid-send leaves its messages to be tried again after the lease.
 */
export async function claimDueMail(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  const due = sql`select ${mailOutbox.id} from ${mailOutbox}
    where ${mailOutbox.status} = 'queued' and ${mailOutbox.nextAttemptAt} <= now()
    order by ${mailOutbox.nextAttemptAt} limit ${limit} for update skip locked`;
  return db
    .update(mailOutbox)
    .set({
      attempts: sql`${mailOutbox.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    })
    .where(sql`${mailOutbox.id} in (${due})`)
    .returning();
}

export async function markSent(db: Queryable, id: number): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ status: 'sent', sentAt: sql`now()`, lastError: null })
    .where(eq(mailOutbox.id, id));
}

/** A failed attempt: tried again after `retryMs`, or given up on when `giveUp`. */
export async function markAttemptFailed(
  db: Queryable,
  id: number,
  error: string,
  next: { giveUp: boolean; retryMs: number },
): Promise<void> {
  await db
    .update(mailOutbox)
    .set({
      lastError: error.slice(0, 500),
      ...(next.giveUp
        ? { status: 'failed' as const }
        : { nextAttemptAt: sql`now() + make_interval(secs => ${next.retryMs / 1000})` }),
    })
    .where(eq(mailOutbox.id, id));
}

/** A page of the outbox, newest first, without bodies: the page shows what happened, not what was said. */
export async function outboxPage(db: Queryable, limit: number, offset: number) {
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: mailOutbox.id,
        to: mailOutbox.to,
        subject: mailOutbox.subject,
        kind: mailOutbox.kind,
        status: mailOutbox.status,
        attempts: mailOutbox.attempts,
        lastError: mailOutbox.lastError,
        createdAt: mailOutbox.createdAt,
        sentAt: mailOutbox.sentAt,
        nextAttemptAt: mailOutbox.nextAttemptAt,
      })
      .from(mailOutbox)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(mailOutbox),
  ]);
  return { rows, total: count?.total ?? 0 };
}
