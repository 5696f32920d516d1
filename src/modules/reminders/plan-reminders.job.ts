import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/client.ts';
import type { ScheduledJob } from '../../jobs/scheduled-jobs.ts';
import { isoDate } from '../../views/filters.ts';
import { listVisibleDocuments, SENSITIVE } from '../documents/index.ts';
import { overdueImpactReviews } from '../impact-assessments/index.ts';
import { linkFor, queueMail } from '../mail/index.ts';
import { actionsDueFor } from '../plans/index.ts';
import { PREFERENCES_PAGE, sectionedMail, type MailLine } from './reminders.mail.ts';
import { recipients, type Recipient } from './reminders.service.ts';
import { sentReminders, type ReminderSubject } from './reminders.tables.ts';

/** How far ahead a reminder looks: an action due within this many days, or already overdue. */
export const REMINDER_DAYS = 7;

export const addDays = (day: string, days: number) => {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** Something a person owns that falls due, with the words an email may carry about it. */
interface DueItem {
  subject: ReminderSubject;
  id: number;
  dueOn: string;
  path: `/${string}`;
  /** The title for an OFFICIAL record; for an OFFICIAL-SENSITIVE one only that it is marked so. */
  words: string;
}

const overdue = (dueOn: string, today: string) => (dueOn < today ? `overdue since ${dueOn}` : `due ${dueOn}`);

/** An action tied to a CTLP document the person may not see, or one marked OFFICIAL-SENSITIVE, is withheld. */
async function officialDocumentIds(db: Queryable, person: Recipient): Promise<Set<number>> {
  const documents = await listVisibleDocuments(db, person, { limit: 5000 });
  return new Set(documents.filter((d) => d.marking !== SENSITIVE).map((d) => d.id));
}

async function planActionsDue(db: Queryable, person: Recipient, today: string, until: string): Promise<DueItem[]> {
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
async function impactReviewsDue(db: Queryable, person: Recipient, today: string, until: string): Promise<DueItem[]> {
  const reviews = await overdueImpactReviews(db, person, addDays(until, 1));
  return reviews.map((r) => ({
    subject: 'impact_assessment_review',
    id: r.id,
    dueOn: r.reviewOn,
    path: `/impact-assessments/${r.id}`,
    words: `A review of a Community Impact Assessment marked OFFICIAL-SENSITIVE: ${overdue(r.reviewOn, today)}`,
  }));
}

/** Marks each item sent; those already sent for the same due date are left out. */
async function unsent(tx: Queryable, accountId: number, items: DueItem[]): Promise<DueItem[]> {
  const fresh: DueItem[] = [];
  for (const item of items) {
    const [taken] = await tx
      .insert(sentReminders)
      .values({ accountId, subject: item.subject, subjectId: item.id, dueOn: item.dueOn })
      .onConflictDoNothing()
      .returning({ id: sentReminders.id });
    if (taken) fresh.push(item);
  }
  return fresh;
}

async function remind(db: Queryable, config: Config, person: Recipient, today: string): Promise<boolean> {
  const until = addDays(today, REMINDER_DAYS);
  const items = [
    ...(await planActionsDue(db, person, today, until)),
    ...(await impactReviewsDue(db, person, today, until)),
  ];
  if (!items.length) return false;
  return db.transaction(async (tx) => {
    const fresh = await unsent(tx, person.accountId, items);
    if (!fresh.length) return false;
    const lines: MailLine[] = fresh.map((item) => ({ text: item.words, url: `${config.publicUrl}${item.path}` }));
    const mail = sectionedMail(
      person.email,
      'plan_reminder',
      `Falling due: ${fresh.length} ${fresh.length === 1 ? 'thing' : 'things'} you own`,
      `These are yours and fall due within ${REMINDER_DAYS} days, or are overdue.`,
      [{ heading: 'Falling due', lines }],
      { what: 'reminders', url: `${config.publicUrl}${PREFERENCES_PAGE}` },
    );
    await queueMail(tx, mail);
    return true;
  });
}

/**
 * Each day: one email per person listing what they own that falls due or is overdue. Without a
 * mail server or a public address nothing is sent and nothing is marked, so turning email on later
 * still reminds.
 */
export function planRemindersJob(config: Config): ScheduledJob {
  return {
    name: 'plan-reminders',
    every: 'day',
    atHour: 7,
    async run(db, now) {
      if (linkFor(config, PREFERENCES_PAGE).by !== 'email') return { emailed: 0, skipped: 1 };
      const today = isoDate(now);
      let emailed = 0;
      for (const person of await recipients(db)) {
        if (person.reminders && (await remind(db, config, person, today))) emailed += 1;
      }
      return { emailed, skipped: 0 };
    },
  };
}
