import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { preparedFor } from '../db/prepared.ts';
import { accounts, sessions, type Role } from '../modules/accounts/accounts.tables.ts';
import { people } from '../modules/organisations/organisations.tables.ts';
import { groupMembers } from '../modules/groups/groups.tables.ts';

export const SESSION_COOKIE = 'hub_session';

/** Who is making the request, as every service sees them. */
export interface CurrentUser {
  accountId: number;
  personId: number;
  name: string;
  email: string;
  role: Role;
  mustChangePassword: boolean;
  /** Signed in with a password alone, but must have a second factor: only its set-up is open until then. */
  secondFactorDue?: boolean;
  /** Groups the person is a current member of: the basis of need-to-know. */
  groupIds: number[];
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
/** The session's id (the stored hash of its cookie token): what live streams opened in it remember. */
export const sessionIdOf = hashToken;

/*
 * Live streams stay open long after the request that opened them: they must end when their
 * session does. Sessions ended here are announced at once to this process's listeners; other
 * Hubs on the same database find out by checking (liveSessionIds, see src/live/fanout.ts).
 * Announced before a surrounding transaction commits: a stream ended for a change that is
 * then rolled back simply reconnects.
 */
type SessionsEndedListener = (sessionIds: string[]) => void;
const sessionsEndedListeners = new Set<SessionsEndedListener>();

export function onSessionsEnded(listener: SessionsEndedListener): () => void {
  sessionsEndedListeners.add(listener);
  return () => sessionsEndedListeners.delete(listener);
}

function announceEnded(sessionIds: string[]): void {
  if (sessionIds.length) for (const listener of sessionsEndedListeners) listener(sessionIds);
}

/** Of these sessions, the ones still open (not ended, account not disabled). */
export async function liveSessionIds(db: Queryable, sessionIds: string[]): Promise<Set<string>> {
  if (!sessionIds.length) return new Set();
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(inArray(sessions.id, sessionIds), isNull(sessions.endedAt), isNull(accounts.disabledAt)));
  return new Set(rows.map((r) => r.id));
}

export async function startSession(db: Queryable, accountId: number, secondFactorDue = false): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ id: hashToken(token), accountId, secondFactorDue });
  return token;
}

/** A second factor has been set up: the account's sessions waiting for one are opened. */
export async function secondFactorSetUp(db: Queryable, accountId: number): Promise<void> {
  await db
    .update(sessions)
    .set({ secondFactorDue: false })
    .where(and(eq(sessions.accountId, accountId), eq(sessions.secondFactorDue, true)));
}

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

/**
 * The query every signed-in request starts with, built once per database and prepared: building
 * it with Drizzle on each request cost more than running it.
 */
const sessionQuery = preparedFor((db) =>
  db
    .select({
      accountId: accounts.id,
      personId: accounts.personId,
      email: accounts.email,
      role: accounts.role,
      mustChangePassword: accounts.mustChangePassword,
      secondFactorDue: sessions.secondFactorDue,
      name: people.name,
      groupIds: sql<number[]>`coalesce((select array_agg(distinct ${groupMembers.groupId}) from ${groupMembers}
        where ${groupMembers.personId} = ${accounts.personId} and ${groupMembers.leftOn} is null), '{}')`,
      idleSeconds: sql<number>`extract(epoch from now() - ${sessions.lastSeenAt})::float8`,
      ageSeconds: sql<number>`extract(epoch from now() - ${sessions.createdAt})::float8`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(and(eq(sessions.id, sql.placeholder('id')), isNull(sessions.endedAt), isNull(accounts.disabledAt)))
    .prepare('load_session'),
);

export async function loadSession(db: Queryable, token: string, limits: SessionLimits): Promise<CurrentUser | null> {
  const id = hashToken(token);
  const [row] = await sessionQuery(db).execute({ id });
  if (!row) return null;
  if (row.idleSeconds > limits.idleMinutes * 60 || row.ageSeconds > limits.absoluteHours * 3600) {
    await db
      .update(sessions)
      .set({ endedAt: sql`now()` })
      .where(eq(sessions.id, id));
    announceEnded([id]);
    return null;
  }
  // Touch at most once a minute: a write on every request would cost more than it tells.
  if (row.idleSeconds > 60)
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, id));
  const { idleSeconds: _idle, ageSeconds: _age, ...user } = row;
  return { ...user, groupIds: (user.groupIds ?? []).map(Number) };
}

export async function endSession(db: Queryable, token: string): Promise<void> {
  const id = hashToken(token);
  await db
    .update(sessions)
    .set({ endedAt: sql`now()` })
    .where(eq(sessions.id, id));
  announceEnded([id]);
}

/** Disabling an account or resetting its password ends every session it has, at once. */
export async function endAllSessions(db: Queryable, accountId: number): Promise<void> {
  const ended = await db
    .update(sessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  announceEnded(ended.map((row) => row.id));
}
