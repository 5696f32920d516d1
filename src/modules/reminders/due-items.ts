import type { Queryable } from '../../db/client.ts';
import { formatDate } from '../../views/filters.ts';
import { listVisibleDocuments, SENSITIVE } from '../documents/index.ts';
import { overdueImpactReviews } from '../impact-assessments/index.ts';
import { actionsDueFor } from '../plans/index.ts';
import type { Recipient } from './reminders.service.ts';
import type { ReminderSubject } from './reminders.tables.ts';

/** How far ahead a reminder looks: an action due within this many days, or already overdue. */
export const REMINDER_DAYS = 7;

export const addDays = (day: string, days: number) => {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** Something a person owns that falls due, with the words an email may carry about it. */
export interface DueItem {
  subject: ReminderSubject;
  id: number;
  dueOn: string;
  path: `/${string}`;
  /** The title for an OFFICIAL record; for an OFFICIAL-SENSITIVE one only that it is marked so. */
  words: string;
}

const overdue = (dueOn: string, today: string) =>
  dueOn < today ? `overdue since ${formatDate(dueOn)}` : `due ${formatDate(dueOn)}`;

/** An action tied to a CTLP document the person may not see, or one marked OFFICIAL-SENSITIVE, is withheld. */
async function officialDocumentIds(db: Queryable, person: Recipient): Promise<Set<number>> {
  const documents = await listVisibleDocuments(db, person, { limit: 5000 });
  return new Set(documents.filter((d) => d.marking !== SENSITIVE).map((d) => d.id));
}

export async function planActionsDue(
  db: Queryable,
  person: Recipient,
  today: string,
  until: string,
): Promise<DueItem[]> {
  const actions = (await actionsDueFor(db, person.personId, today)).filter((a) => a.dueOn && a.dueOn <= until);
  const official = actions.some((a) => a.ctlpDocumentId !== null) ? await officialDocumentIds(db, person) : new Set();
  return actions.map((a) => {
    const sensitive = a.ctlpDocumentId !== null && !official.has(a.ctlpDocumentId);
    const name = sensitive ? 'An action marked OFFICIAL-SENSITIVE' : `${a.reference} ${a.title}`;
    return {
      subject: 'plan_action',
      id: a.id,
      dueOn: a.dueOn!,
      path: `/plans/actions/${a.id}`,
      words: `${name}: ${overdue(a.dueOn!, today)}`,
    };
  });
}

/** Community Impact Assessments are OFFICIAL-SENSITIVE: only that a review falls due, and where. */
export async function impactReviewsDue(
  db: Queryable,
  person: Recipient,
  today: string,
  until: string,
): Promise<DueItem[]> {
  const reviews = await overdueImpactReviews(db, person, addDays(until, 1));
  return reviews.map((r) => ({
    subject: 'impact_assessment_review',
    id: r.id,
    dueOn: r.reviewOn,
    path: `/impact-assessments/${r.id}`,
    words: `A review of a Community Impact Assessment marked OFFICIAL-SENSITIVE: ${overdue(r.reviewOn, today)}`,
  }));
}
