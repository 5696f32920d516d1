import { desc, eq, sql } from 'drizzle-orm';
import { canRunMeetingsOf } from '../../auth/policy.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Config } from '../../config.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { formatDate, isoTime } from '../../views/filters.ts';
import { accountNames, enabledAccountRoles } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { meetingPapers } from '../documents/index.ts';
import { listCurrentMembers } from '../groups/index.ts';
import { linkFor, queueMail } from '../mail/index.ts';
import { meetingPage } from '../meetings/index.ts';
import { meetingCirculations } from './circulation.tables.ts';

/*
 * Circulating a meeting's agenda and papers: one email per current member of the group who has an
 * enabled account, with the meeting's date and place and links to the meeting page, the agenda
 * pack and each paper. An email leaves the Hub, so it never carries a paper's content, and names
 * only OFFICIAL papers: an OFFICIAL-SENSITIVE one is "a paper marked OFFICIAL-SENSITIVE", and one
 * whose marking the circulator cannot see is "a paper". Who may circulate is who runs the group's
 * meetings (src/auth/policy.ts canRunMeetingsOf).
 */

export const NO_MAIL_SERVER =
  'The Hub does not send email: no mail server (SMTP_URL) is set, so the agenda and papers cannot be emailed. Ask whoever runs the Hub to set it.';

const CIRCULATION_LOCK = sql`hashtext('meeting_circulations')`;

export interface Recipient {
  accountId: number;
  name: string;
  email: string;
}

/** An agenda line as the email gives it: the item's title only when its paper (if any) may be named. */
export interface CirculatedItem {
  number: number;
  title: string | null;
  paper: { documentId: number; description: string } | null;
}

export interface Circulation {
  circulatedAt: Date;
  recipients: number;
  byName: string;
}

export interface CirculationPlan {
  meeting: { id: number; groupId: number; groupName: string; startsAt: Date; endsAt: Date; location: string | null };
  recipients: Recipient[];
  items: CirculatedItem[];
  /** Every earlier circulation, newest first. */
  previous: Circulation[];
  /** Why nothing can be sent from this Hub, or null. */
  cannotSend: string | null;
}

/** Why this Hub cannot email links, or null when it can. */
export function whyCannotCirculate(config: Pick<Config, 'publicUrl' | 'smtpUrl'>): string | null {
  const link = linkFor(config, '/meetings/');
  if (link.by === 'none') return link.reason;
  return link.by === 'screen' ? NO_MAIL_SERVER : null;
}

const canCirculate = (user: CurrentUser, groupId: number) => canRunMeetingsOf(user, groupId);

/** Who gets the email: the group's current members with an enabled account, by name. */
async function recipientsOf(db: Queryable, groupId: number): Promise<Recipient[]> {
  const members = new Set((await listCurrentMembers(db, groupId)).map((m) => m.personId));
  return (await enabledAccountRoles(db))
    .filter((account) => members.has(account.personId) && account.email)
    .map(({ id, name, email }) => ({ accountId: id, name, email }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The agenda as an email may show it, from what the circulator may see. */
async function circulatedItems(db: Queryable, user: CurrentUser, meetingId: number) {
  const library = meetingPapers(db, user);
  const page = await meetingPage(db, user, meetingId, library);
  const markings = new Map((await library.options(page.meeting)).map((doc) => [doc.id, doc]));
  const items = page.items.map((item, index): CirculatedItem => {
    if (!item.paperDocumentId) return { number: index + 1, title: item.title, paper: null };
    const known = markings.get(item.paperDocumentId);
    const official = known?.marking === 'OFFICIAL';
    const description = official
      ? known.title
      : known
        ? `a paper marked ${known.marking}`
        : 'a paper (its title is not given by email)';
    // An item is often named after its paper: a paper that may not be named hides the item's title too.
    return {
      number: index + 1,
      title: official ? item.title : null,
      paper: { documentId: item.paperDocumentId, description },
    };
  });
  return { meeting: page.meeting, items };
}

async function previousCirculations(db: Queryable, meetingId: number): Promise<Circulation[]> {
  const rows = await db
    .select()
    .from(meetingCirculations)
    .where(eq(meetingCirculations.meetingId, meetingId))
    .orderBy(desc(meetingCirculations.circulatedAt), desc(meetingCirculations.id));
  const names = await accountNames(
    db,
    rows.map((row) => row.circulatedBy),
  );
  return rows.map((row) => ({
    circulatedAt: row.circulatedAt,
    recipients: row.recipients,
    byName: names.get(row.circulatedBy)?.name ?? 'Unknown',
  }));
}

/** What circulating would do, for the confirmation page; ForbiddenError for someone who may not. */
export async function circulationPlan(
  db: Queryable,
  config: Pick<Config, 'publicUrl' | 'smtpUrl'>,
  user: CurrentUser,
  meetingId: number,
): Promise<CirculationPlan> {
  const { meeting, items } = await circulatedItems(db, user, meetingId);
  if (!canCirculate(user, meeting.groupId))
    throw new ForbiddenError('Only coordinators and members of this group can circulate its agenda and papers');
  return {
    meeting,
    items,
    recipients: await recipientsOf(db, meeting.groupId),
    previous: await previousCirculations(db, meetingId),
    cannotSend: whyCannotCirculate(config),
  };
}

/** The meeting page's line: the latest circulation, if any. */
export async function lastCirculation(db: Queryable, meetingId: number): Promise<Circulation | null> {
  return (await previousCirculations(db, meetingId))[0] ?? null;
}

/**
 * Emails the agenda and papers to every recipient, in one transaction with its record. `seen` is
 * how many circulations the confirmation page showed: if another has happened since (two people
 * pressing at once), nothing is sent and the person is asked again.
 */
export async function circulate(
  db: Database,
  config: Pick<Config, 'publicUrl' | 'smtpUrl'>,
  user: CurrentUser,
  meetingId: number,
  confirm: { seen: number; again: boolean },
): Promise<number> {
  const reason = whyCannotCirculate(config);
  if (reason) throw new FormError('cannot-send', reason);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CIRCULATION_LOCK}, ${meetingId})`);
    const plan = await circulationPlan(tx, config, user, meetingId);
    if (plan.previous.length !== confirm.seen)
      throw new FormError(
        'again',
        'The agenda and papers were circulated a moment ago. Check before sending them again',
      );
    if (plan.previous.length > 0 && !confirm.again)
      throw new FormError('again', 'Confirm that you want to circulate the agenda and papers again');
    if (!plan.recipients.length) throw new FormError('cannot-send', 'No member of this group has an account to email');
    for (const recipient of plan.recipients) await queueMail(tx, circulationMail(plan, recipient, config.publicUrl!));
    await tx
      .insert(meetingCirculations)
      .values({ meetingId, circulatedBy: user.accountId, recipients: plan.recipients.length });
    await recordAudit(tx, {
      action: 'meeting.circulated',
      user,
      subjectType: 'meeting',
      subjectId: meetingId,
      detail: { recipients: plan.recipients.length, papers: plan.items.filter((item) => item.paper).length },
    });
    return plan.recipients.length;
  });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The body's lines: each either words, or words with a link. */
type Line = string | { text: string; url: string };

function circulationLines(plan: CirculationPlan, publicUrl: string): Line[] {
  const { meeting } = plan;
  const url = (path: string) => `${publicUrl}${path}`;
  const hasPapers = plan.items.some((item) => item.paper);
  const agenda: Line[] = plan.items.length
    ? plan.items.map((item) => {
        const heading = `${item.number}. ${item.title ?? 'An item with a paper that is not named by email'}`;
        return item.paper
          ? { text: `${heading} (paper: ${item.paper.description})`, url: url(`/documents/${item.paper.documentId}`) }
          : heading;
      })
    : ['No agenda items yet.'];
  return [
    `The agenda${hasPapers ? ' and papers' : ''} for the ${meeting.groupName} meeting:`,
    `Date: ${formatDate(meeting.startsAt)}, ${isoTime(meeting.startsAt)} to ${isoTime(meeting.endsAt)}`,
    `Place: ${meeting.location ?? 'not set yet'}`,
    { text: 'The meeting page', url: url(`/meetings/${meeting.id}`) },
    ...(hasPapers
      ? [{ text: 'The agenda pack, with every issued paper', url: url(`/meetings/${meeting.id}/pack`) }]
      : []),
    'Agenda:',
    ...agenda,
    'Papers open in the Hub once you have signed in; what each person can open depends on their access.',
  ];
}

function circulationMail(plan: CirculationPlan, recipient: Recipient, publicUrl: string) {
  const lines: Line[] = [`Hello ${recipient.name},`, ...circulationLines(plan, publicUrl)];
  const text = lines.map((line) => (typeof line === 'string' ? line : `${line.text}:\n${line.url}`)).join('\n\n');
  const html = lines
    .map((line) =>
      typeof line === 'string'
        ? `<p>${escapeHtml(line)}</p>`
        : `<p><a href="${escapeHtml(line.url)}">${escapeHtml(line.text)}</a></p>`,
    )
    .join('\n');
  return {
    to: recipient.email,
    kind: 'circulation',
    subject: `Agenda and papers: ${plan.meeting.groupName} meeting on ${formatDate(plan.meeting.startsAt)}`,
    text,
    html,
  };
}
