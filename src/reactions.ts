import type { Queryable } from './db/client.ts';
import type { CurrentUser } from './auth/sessions.ts';

/*
 * What one module announces and others react to, without the announcer importing them: a lower
 * module (events) tells, a higher one (plans) listens. Handlers run in the announcer's
 * transaction, in the order they were registered, so a reaction commits or rolls back with the
 * change that caused it. Each module that listens registers its handlers once, at start, from
 * src/app.ts (`registerPlanReactions()`), so the wiring is visible in one place.
 */
export interface Announcements {
  /** A live event has closed: its approved items are final. */
  'event.closed': { tx: Queryable; eventId: number };
  /** A person has been archived (organisations): an account they hold is disabled and signed out (accounts). */
  'person.archived': { tx: Queryable; personId: number; user: CurrentUser };
  /**
   * A meeting has decided one of its recommendations (meetings): the module whose thing it names
   * (`subjectType`, `subjectId`: a funding proposal…) records the outcome in the same transaction.
   */
  'recommendation.decided': {
    tx: Queryable;
    user: CurrentUser;
    recommendationId: number;
    meetingId: number;
    subjectType: string | null;
    subjectId: number | null;
    decision: 'noted' | 'approved' | 'approved_with_changes' | 'declined' | 'deferred';
    reason: string | null;
  };
}

type Name = keyof Announcements;
type Handler<N extends Name> = (payload: Announcements[N]) => Promise<void>;

const handlers = new Map<Name, Set<Handler<Name>>>();

/** Listen for an announcement. Registering the same handler twice (a second app in a test) adds it once. */
export function onAnnouncement<N extends Name>(name: N, handler: Handler<N>): void {
  const set = handlers.get(name) ?? new Set();
  set.add(handler as Handler<Name>);
  handlers.set(name, set);
}

/** Tell every listener, one after the other, inside the caller's transaction. */
export async function announce<N extends Name>(name: N, payload: Announcements[N]): Promise<void> {
  for (const handler of handlers.get(name) ?? []) await handler(payload);
}

/*
 * Questions a lower module asks and a higher one answers, for the same reason: the event form
 * offers delivery plans to link to, but events sit below plans. The answer is registered at
 * start like a handler; with no answerer (a Hub without plans) the asker gets `fallback`.
 */
export interface Questions {
  /** Plans an event may be linked to: drafts and plans in consultation, plus the one it is linked to now. */
  'plans.linkable': (
    db: Queryable,
    including: number | null,
  ) => Promise<{ id: number; title: string; status: string }[]>;
  /** Areas where a 14-day response plan is in force on an ISO date (tension reports go daily there). */
  'responsePlans.areasInForce': (db: Queryable, on: string) => Promise<number[]>;
  /** Whether a person belongs to a group whose library holds OFFICIAL-SENSITIVE papers (they must have a second factor). */
  'documents.sensitiveReader': (db: Queryable, personId: number) => Promise<boolean>;
}

type Question = keyof Questions;
const answers = new Map<Question, Questions[Question]>();

export function answerQuestion<Q extends Question>(name: Q, answer: Questions[Q]): void {
  answers.set(name, answer);
}

export async function ask<Q extends Question>(
  name: Q,
  fallback: Awaited<ReturnType<Questions[Q]>>,
  ...args: Parameters<Questions[Q]>
): Promise<Awaited<ReturnType<Questions[Q]>>> {
  const answer = answers.get(name) as ((...a: Parameters<Questions[Q]>) => ReturnType<Questions[Q]>) | undefined;
  return answer ? await answer(...args) : fallback;
}
