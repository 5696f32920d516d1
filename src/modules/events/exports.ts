import { signedIn, type HubApp } from '../../routes.ts';
import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { csvText } from '../../views/csv.ts';
import { label, minuteStamp } from '../../views/filters.ts';
import { accountNames } from '../accounts/index.ts';
import type { EventRow } from './events.service.ts';
import { eventAudiences, eventItems, itemVotes, workshopAnswers, workshopThemes } from './events.tables.ts';
import { EventParams } from './polls.forms.ts';
import { listPolls, moderatedEvent, type PollView } from './polls.service.ts';
import { listQuestions } from './workshops.service.ts';

/*
 * Everything an event captured, for the record: questions and comments (with their state,
 * votes and merges, and safeguarding flags with the moderator who raised them), poll results,
 * workshop answers and themes. Never a delegate id: the record says what was said, not who (or
 * which browser) said it. Times are to the minute (see minuteStamp).
 */

export interface EventRecord {
  event: EventRow;
  audiences: string[];
  items: {
    id: number;
    kind: string;
    body: string;
    state: string;
    votes: number;
    mergedIntoId: number | null;
    pinned: boolean;
    createdAt: Date;
    answeredAt: Date | null;
    /** Safeguarding: when, by which moderator (a partnership account, never the delegate) and why. */
    flaggedAt: Date | null;
    flaggedByName: string | null;
    flagNote: string | null;
  }[];
  polls: PollView[];
  questions: (Awaited<ReturnType<typeof listQuestions>>[number] & {
    themes: { id: number; title: string; answers: number }[];
    answerRows: { id: number; body: string; theme: string | null; createdAt: Date }[];
  })[];
}

export async function eventRecord(db: Queryable, event: EventRow): Promise<EventRecord> {
  const [audiences, items, votes, polls, questions] = await Promise.all([
    db.select({ audience: eventAudiences.audience }).from(eventAudiences).where(eq(eventAudiences.eventId, event.id)),
    db
      .select({
        id: eventItems.id,
        kind: eventItems.kind,
        body: eventItems.body,
        state: eventItems.state,
        mergedIntoId: eventItems.mergedIntoId,
        pinned: eventItems.pinned,
        createdAt: eventItems.createdAt,
        answeredAt: eventItems.answeredAt,
        flaggedAt: eventItems.flaggedAt,
        flaggedBy: eventItems.flaggedBy,
        flagNote: eventItems.flagNote,
        votesKept: eventItems.votesKept,
      })
      .from(eventItems)
      .where(eq(eventItems.eventId, event.id))
      .orderBy(asc(eventItems.createdAt), asc(eventItems.id)),
    db
      .select({ itemId: itemVotes.itemId, n: count() })
      .from(itemVotes)
      .innerJoin(eventItems, eq(eventItems.id, itemVotes.itemId))
      .where(eq(eventItems.eventId, event.id))
      .groupBy(itemVotes.itemId),
    listPolls(db, event.id),
    listQuestions(db, event.id),
  ]);
  const ids = questions.map((q) => q.id);
  const [themes, answers] = ids.length
    ? await Promise.all([
        db
          .select()
          .from(workshopThemes)
          .where(inArray(workshopThemes.questionId, ids))
          .orderBy(asc(workshopThemes.position), asc(workshopThemes.id)),
        db
          .select({
            id: workshopAnswers.id,
            questionId: workshopAnswers.questionId,
            body: workshopAnswers.body,
            themeId: workshopAnswers.themeId,
            createdAt: workshopAnswers.createdAt,
          })
          .from(workshopAnswers)
          .where(inArray(workshopAnswers.questionId, ids))
          .orderBy(asc(workshopAnswers.createdAt), asc(workshopAnswers.id)),
      ])
    : [[], []];
  const flaggers = await accountNames(
    db,
    items.flatMap((i) => (i.flaggedBy ? [i.flaggedBy] : [])),
  );
  return {
    event,
    audiences: audiences.map((a) => a.audience),
    items: items.map(({ flaggedBy, votesKept, ...i }) => ({
      ...i,
      flaggedByName: flaggedBy ? (flaggers.get(flaggedBy)?.name ?? null) : null,
      votes: votesKept + (votes.find((v) => v.itemId === i.id)?.n ?? 0),
    })),
    polls,
    questions: questions.map((q) => ({
      ...q,
      themes: themes
        .filter((t) => t.questionId === q.id)
        .map((t) => ({ id: t.id, title: t.title, answers: answers.filter((a) => a.themeId === t.id).length })),
      answerRows: answers
        .filter((a) => a.questionId === q.id)
        .map((a) => ({
          id: a.id,
          body: a.body,
          theme: themes.find((t) => t.id === a.themeId)?.title ?? null,
          createdAt: a.createdAt,
        })),
    })),
  };
}

type Cell = string | number | Date | null;

const minute = (value: Date | null): string | null => (value ? minuteStamp(value) : null);

/**
 * The record as tables: one per kind of thing captured (the XLSX sheets; the CSV's sections).
 * Codes are given in the words the pages use; times to the minute.
 */
export function recordTables(
  record: EventRecord,
): { name: string; section: string; columns: string[]; rows: Cell[][] }[] {
  const pollRows: Cell[][] = [];
  for (const poll of record.polls) {
    if (poll.kind === 'open_text') {
      for (const answer of poll.results.answers ?? [])
        pollRows.push([poll.id, poll.question, label(poll.kind), label(poll.state), answer, null, null]);
    } else {
      for (const row of poll.results.rows)
        pollRows.push([poll.id, poll.question, label(poll.kind), label(poll.state), row.label, row.count, row.percent]);
    }
  }
  return [
    {
      name: 'Questions and comments',
      section: 'item',
      columns: [
        'id',
        'kind',
        'text',
        'state',
        'votes',
        'merged_into',
        'pinned',
        'created_at',
        'answered_at',
        'flagged_at',
        'flagged_by',
        'flag_note',
      ],
      rows: record.items.map((i) => [
        i.id,
        label(i.kind),
        i.body,
        label(i.state),
        i.votes,
        i.mergedIntoId,
        i.pinned ? 'yes' : 'no',
        minute(i.createdAt),
        minute(i.answeredAt),
        minute(i.flaggedAt),
        i.flaggedAt ? (i.flaggedByName ?? 'A moderator') : null,
        i.flagNote,
      ]),
    },
    {
      name: 'Poll results',
      section: 'poll',
      columns: ['poll_id', 'poll', 'kind', 'state', 'answer', 'count', 'percent'],
      rows: pollRows,
    },
    {
      name: 'Workshop answers',
      section: 'workshop_answer',
      columns: ['question_number', 'question', 'answer_id', 'answer', 'theme', 'created_at'],
      rows: record.questions.flatMap((q) =>
        q.answerRows.map((a) => [q.number, q.text, a.id, a.body, a.theme, minute(a.createdAt)]),
      ),
    },
    {
      name: 'Workshop themes',
      section: 'workshop_theme',
      columns: ['question_number', 'question', 'theme_id', 'theme', 'answers', 'summary'],
      rows: record.questions.flatMap((q) =>
        q.themes.map((t, i) => [q.number, q.text, t.id, t.title, t.answers, i === 0 ? q.summary : null]),
      ),
    },
  ];
}

/**
 * Text a spreadsheet would run as a formula ("=HYPERLINK(…)", "+…", "-…", "@…") is kept as text
 * with a leading apostrophe: delegates' words are never executed when the CSV is opened.
 */
export const cellText = (value: Cell) =>
  value === null
    ? ''
    : value instanceof Date
      ? minuteStamp(value)
      : typeof value === 'string' && /^[=+\-@\t\r]/.test(value)
        ? `'${value}`
        : String(value);

/** One CSV: a "section" column says which table each row is from; the header is the union of columns. */
export function recordCsv(record: EventRecord): string {
  const tables = recordTables(record);
  const columns = ['section', ...new Set(tables.flatMap((t) => t.columns))];
  const rows = tables.flatMap((t) =>
    t.rows.map((row) =>
      columns.map((column) => (column === 'section' ? t.section : cellText(row[t.columns.indexOf(column)] ?? null))),
    ),
  );
  return csvText([columns, ...rows]);
}

const WIDE_COLUMNS = new Set(['text', 'answer', 'question', 'poll', 'flag_note']);

export async function recordXlsx(record: EventRecord): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Prevent Partnership Hub';
  workbook.created = new Date();
  for (const table of recordTables(record)) {
    const sheet = workbook.addWorksheet(table.name);
    sheet.columns = table.columns.map((column) => ({
      header: column,
      key: column,
      width: WIDE_COLUMNS.has(column) ? 60 : 16,
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((c) => (c === null ? '' : c)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const fileName = (event: EventRow, ext: string) => `event-${event.id}-${event.heldOn}.${ext}`;

/** Exports and the printable record of an event (moderators only). */
export async function exportsRoutes(app: HubApp) {
  app.get('/events/:eventId/export.csv', { schema: { params: EventParams } }, async (request, reply) => {
    const { eventId } = request.params;
    const event = await moderatedEvent(app.db, signedIn(request), eventId);
    const csv = recordCsv(await eventRecord(app.db, event));
    return reply
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(event, 'csv')}"`)
      .send(csv);
  });

  app.get('/events/:eventId/export.xlsx', { schema: { params: EventParams } }, async (request, reply) => {
    const { eventId } = request.params;
    const event = await moderatedEvent(app.db, signedIn(request), eventId);
    const xlsx = await recordXlsx(await eventRecord(app.db, event));
    return reply
      .header('cache-control', 'no-store')
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName(event, 'xlsx')}"`)
      .send(xlsx);
  });

  app.get('/events/:eventId/record', { schema: { params: EventParams } }, async (request, reply) => {
    const { eventId } = request.params;
    const event = await moderatedEvent(app.db, signedIn(request), eventId);
    const record = await eventRecord(app.db, event);
    const byId = new Map(record.items.map((i) => [i.id, i]));
    return reply.header('cache-control', 'no-store').page('events/views/export-record.njk', {
      title: `Record: ${event.title}`,
      ...record,
      items: record.items.map((i) => ({ ...i, mergedInto: i.mergedIntoId ? byId.get(i.mergedIntoId) : undefined })),
    });
  });
}
