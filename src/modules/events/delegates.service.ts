import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/client.ts';
import { servedOverHttps } from '../../plugins/security.ts';
import type { EventRow } from './events.service.ts';
import { delegates } from './events.tables.ts';

/*
 * The delegate behind a browser, anonymously. Joining an event (opening its page) gives the
 * browser a delegate token: a random code, prefixed with the event's join code and signed with
 * the Hub's secret, in a cookie scoped to the event's own path. Sending, voting and answering
 * need that token, so a script that drops its cookies cannot act as a new delegate each time.
 * The delegates table keeps only a hash of the token, and only once the delegate takes part.
 */

const COOKIE_PREFIX = 'hub_delegate_';
const delegateCookie = (event: Pick<EventRow, 'id'>) => `${COOKIE_PREFIX}${event.id}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const TOKEN_DAYS = 7;

/** The token this browser was given on joining this event, or null (none, tampered with, or another event's). */
export function delegateToken(request: FastifyRequest, event: Pick<EventRow, 'id' | 'joinCode'>): string | null {
  const raw = request.cookies[delegateCookie(event)];
  if (!raw) return null;
  const token = request.unsignCookie(raw);
  return token.valid && token.value?.startsWith(`${event.joinCode}.`) ? token.value : null;
}

/** Whether this browser joined the event with this code: a request that cannot be a guess. */
export function hasJoined(request: FastifyRequest, code: string): boolean {
  for (const [name, raw] of Object.entries(request.cookies)) {
    if (!name.startsWith(COOKIE_PREFIX) || !raw) continue;
    const token = request.unsignCookie(raw);
    if (token.valid && token.value?.startsWith(`${code}.`)) return true;
  }
  return false;
}

/** Gives this browser its delegate token for the event (no database write: the row comes with the first action). */
export function giveDelegateToken(
  request: FastifyRequest,
  reply: FastifyReply,
  event: Pick<EventRow, 'id' | 'joinCode'>,
): void {
  reply.setCookie(delegateCookie(event), `${event.joinCode}.${randomBytes(24).toString('base64url')}`, {
    path: `/e/${event.joinCode}`,
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    secure: servedOverHttps(request),
    maxAge: 60 * 60 * 24 * TOKEN_DAYS,
  });
}

/*
 * Token hash → delegate, for the requests of a busy room (a vote each second from hundreds of
 * phones). Safe to keep: a delegate row never changes or goes, and a token names one delegate
 * of one event in any database. Bounded: the oldest entries go first.
 */
const knownDelegates = new Map<string, { eventId: number; id: number }>();
const KNOWN_DELEGATES_MAX = 50_000;
function rememberDelegate(tokenHash: string, eventId: number, id: number) {
  if (knownDelegates.size >= KNOWN_DELEGATES_MAX) knownDelegates.delete(knownDelegates.keys().next().value!);
  knownDelegates.set(tokenHash, { eventId, id });
}

async function delegateOf(db: Queryable, eventId: number, tokenHash: string): Promise<number | null> {
  const known = knownDelegates.get(tokenHash);
  if (known) return known.eventId === eventId ? known.id : null;
  const [row] = await db
    .select({ id: delegates.id })
    .from(delegates)
    .where(and(eq(delegates.eventId, eventId), eq(delegates.tokenHash, tokenHash)));
  if (row) rememberDelegate(tokenHash, eventId, row.id);
  return row?.id ?? null;
}

/** The delegate behind this browser for this event, or null if it has not taken part yet. */
export async function findDelegate(db: Queryable, request: FastifyRequest, event: EventRow): Promise<number | null> {
  const token = delegateToken(request, event);
  return token ? delegateOf(db, event.id, hashToken(token)) : null;
}

/**
 * The delegate behind this browser, recorded at its first action; null when the browser has
 * no token for the event (it has not joined, or dropped its cookie): the action is refused.
 */
export async function ensureDelegate(db: Queryable, request: FastifyRequest, event: EventRow): Promise<number | null> {
  const token = delegateToken(request, event);
  if (!token) return null;
  const tokenHash = hashToken(token);
  const existing = await delegateOf(db, event.id, tokenHash);
  if (existing) return existing;
  // Two first actions at once from one phone (a double tap) make one delegate.
  const [row] = await db
    .insert(delegates)
    .values({ eventId: event.id, tokenHash })
    .onConflictDoNothing()
    .returning({ id: delegates.id });
  if (row) {
    rememberDelegate(tokenHash, event.id, row.id);
    return row.id;
  }
  return delegateOf(db, event.id, tokenHash);
}
