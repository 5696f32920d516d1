import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/client.ts';
import type { ScheduledJob } from '../../jobs/scheduled-jobs.ts';
import { isoDate } from '../../views/filters.ts';
import { linkFor, queueMail } from '../mail/index.ts';
import { addDays, impactReviewsDue, planActionsDue, REMINDER_DAYS, type DueItem } from './due-items.ts';
import { PREFERENCES_PAGE, sectionedMail, type MailLine } from './reminders.mail.ts';
import { markSent, recipients, type Recipient } from './reminders.service.ts';

/** Marks each item sent; those already sent for the same due date are left out. */
async function unsent(tx: Queryable, accountId: number, items: DueItem[]): Promise<DueItem[]> {
  const fresh: DueItem[] = [];
  for (const item of items)
    if (await markSent(tx, { accountId, subject: item.subject, subjectId: item.id, dueOn: item.dueOn }))
      fresh.push(item);
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
