import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/client.ts';
import type { ScheduledJob } from '../../jobs/scheduled-jobs.ts';
import { formatDate, formatDateTime, isoDate } from '../../views/filters.ts';
import { listVisibleDocuments, SENSITIVE } from '../documents/index.ts';
import { linkFor, queueMail } from '../mail/index.ts';
import { upcomingMeetingsForPerson } from '../meetings/index.ts';
import { threatLevelOn } from '../threat-level/index.ts';
import { addDays, impactReviewsDue, planActionsDue, REMINDER_DAYS } from './due-items.ts';
import { PREFERENCES_PAGE, sectionedMail, type MailSection } from './reminders.mail.ts';
import { markSent, recipients, type Recipient } from './reminders.service.ts';

const WEEK_MS = 7 * 86_400_000;
const MEETINGS_LOOKED_AT = 50;

type Link = (path: `/${string}`) => string;

async function meetingsComing(db: Queryable, person: Recipient, now: Date, link: Link): Promise<MailSection | null> {
  const soon = new Date(now.getTime() + WEEK_MS);
  const meetings = (await upcomingMeetingsForPerson(db, person.personId, MEETINGS_LOOKED_AT)).filter(
    (m) => m.startsAt >= now && m.startsAt < soon,
  );
  if (!meetings.length) return null;
  return {
    heading: `Meetings in the coming week (${meetings.length})`,
    lines: meetings.map((m) => ({
      text: `${m.groupName}: ${formatDateTime(m.startsAt)}${m.status === 'cancelled' ? ' (cancelled)' : ''}`,
      url: link(`/meetings/${m.id}`),
    })),
  };
}

/** Papers filed for a meeting in the past week that the person may see; OFFICIAL-SENSITIVE ones untitled. */
async function papersIssued(db: Queryable, person: Recipient, now: Date, link: Link): Promise<MailSection | null> {
  const since = new Date(now.getTime() - WEEK_MS);
  const papers = (await listVisibleDocuments(db, person, { limit: 500 })).filter(
    (d) => d.meetingId !== null && d.latestFileId !== null && d.updatedAt >= since && d.updatedAt <= now,
  );
  if (!papers.length) return null;
  return {
    heading: `Papers issued in the past week (${papers.length})`,
    lines: papers.map((d) => ({
      text: d.marking === SENSITIVE ? 'A paper marked OFFICIAL-SENSITIVE' : d.title,
      url: link(`/documents/${d.id}`),
    })),
  };
}

/** What the person owns falling due, named as the daily reminders name them (OFFICIAL-SENSITIVE ones untitled). */
async function ownDue(db: Queryable, person: Recipient, today: string, link: Link): Promise<MailSection | null> {
  const until = addDays(today, REMINDER_DAYS);
  const items = [
    ...(await planActionsDue(db, person, today, until)),
    ...(await impactReviewsDue(db, person, today, until)),
  ];
  if (!items.length) return null;
  return {
    heading: `Yours, due within ${REMINDER_DAYS} days or overdue (${items.length})`,
    lines: items.map((item) => ({ text: item.words, url: link(item.path) })),
  };
}

async function threatLevelChange(db: Queryable, today: string, link: Link): Promise<MailSection | null> {
  const [now, before] = await Promise.all([
    threatLevelOn(db, today, today),
    threatLevelOn(db, addDays(today, -7), today),
  ]);
  if (!now || !before || now.level === before.level) return null;
  return {
    heading: 'The national threat level changed',
    lines: [
      { text: `Now ${now.level} (since ${formatDate(now.since)}), was ${before.level}`, url: link('/threat-level') },
    ],
  };
}

async function digestFor(db: Queryable, person: Recipient, now: Date, link: Link, threat: MailSection | null) {
  const today = isoDate(now);
  const sections = [
    await meetingsComing(db, person, now, link),
    await papersIssued(db, person, now, link),
    await ownDue(db, person, today, link),
    threat,
  ].filter((s): s is MailSection => s !== null);
  if (!sections.length) return null;
  return sectionedMail(
    person.email,
    'weekly_digest',
    'Your week in the partnership',
    'What changed in the past week in what you may see, and what is coming up.',
    sections,
    { what: 'the weekly digest', url: link(PREFERENCES_PAGE) },
  );
}

/**
 * On Monday mornings: a digest for each person who has not turned it off. An empty week sends
 * nothing; without a mail server or public address nothing is sent.
 */
export function weeklyDigestJob(config: Config): ScheduledJob {
  return {
    name: 'weekly-digest',
    every: 'week',
    atHour: 7,
    async run(db, now) {
      if (linkFor(config, PREFERENCES_PAGE).by !== 'email') return { emailed: 0, skipped: 1 };
      const link: Link = (path) => `${config.publicUrl}${path}`;
      const today = isoDate(now);
      const monday = addDays(today, -((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7));
      const threat = await threatLevelChange(db, today, link);
      let emailed = 0;
      for (const person of await recipients(db)) {
        const mail = person.weeklyDigest ? await digestFor(db, person, now, link, threat) : null;
        if (!mail) continue;
        const sent = { accountId: person.accountId, subject: 'weekly_digest' as const, subjectId: person.accountId };
        const queued = await db.transaction(async (tx) => {
          if (!(await markSent(tx, { ...sent, dueOn: monday }))) return false;
          await queueMail(tx, mail);
          return true;
        });
        if (queued) emailed += 1;
      }
      return { emailed, skipped: 0 };
    },
  };
}
