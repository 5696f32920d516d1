import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { NotFoundError } from '../../errors.ts';
import { delegates, eventModerators, events } from './events.tables.ts';

/*
 * The core every part of live engagement shares: finding an event, knowing the delegate
 * (anonymously) and knowing who may moderate. Delegate pages, moderation, polls and
 * workshops build on these.
 */

export type EventRow = typeof events.$inferSelect;

/** Join codes avoid letters and digits that are confused when read aloud or off a screen. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newJoinCode(length = 6): string {
  return [...randomBytes(length)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export const normaliseCode = (code: string) => code.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');

export async function getEvent(db: Queryable, eventId: number): Promise<EventRow> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) throw new NotFoundError('event');
  return event;
}

/** The event a delegate's code names; draft events are not joinable, closed ones stay readable. */
export async function getEventByCode(db: Queryable, code: string): Promise<EventRow> {
  const [event] = await db.select().from(events).where(eq(events.joinCode, normaliseCode(code)));
  if (!event || event.status === 'draft') throw new NotFoundError('event');
  return event;
}

/** The coordinators and administrators, the event's creator and its named helpers moderate it; nobody else. */
export async function canModerate(db: Queryable, user: CurrentUser | null, event: EventRow): Promise<boolean> {
  if (!user) return false;
  if (isCoordinator(user) || event.createdBy === user.accountId) return true;
  const [helper] = await db
    .select({ accountId: eventModerators.accountId })
    .from(eventModerators)
    .where(and(eq(eventModerators.eventId, event.id), eq(eventModerators.accountId, user.accountId)));
  return Boolean(helper);
}

const delegateCookie = (event: EventRow) => `hub_delegate_${event.id}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * The delegate behind this browser for this event, or null if it has not taken part yet.
 * The cookie is a random token scoped to the event's own path; the table keeps only its hash.
 */
export async function findDelegate(db: Queryable, request: FastifyRequest, event: EventRow): Promise<number | null> {
  const raw = request.cookies[delegateCookie(event)];
  const token = raw ? request.unsignCookie(raw) : null;
  if (!token?.valid || !token.value) return null;
  const [row] = await db
    .select({ id: delegates.id })
    .from(delegates)
    .where(and(eq(delegates.eventId, event.id), eq(delegates.tokenHash, hashToken(token.value))));
  return row?.id ?? null;
}

/** The delegate behind this browser, created (and its cookie set) at its first action. */
export async function ensureDelegate(db: Database, request: FastifyRequest, reply: FastifyReply, event: EventRow): Promise<number> {
  const existing = await findDelegate(db, request, event);
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  const [row] = await db.insert(delegates).values({ eventId: event.id, tokenHash: hashToken(token) }).returning({ id: delegates.id });
  reply.setCookie(delegateCookie(event), token, {
    path: `/e/${event.joinCode}`,
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    secure: request.protocol === 'https',
    maxAge: 60 * 60 * 24 * 7,
  });
  return row!.id;
}
