import { and, asc, count, eq, gt, inArray, isNotNull, lte, max } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canRunMeetingsOf } from '../../auth/policy.ts';
import { FormError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { publishEventChange } from '../../live/live.ts';
import { meetingLabels, putMinuteOnAgenda } from '../meetings/index.ts';
import type { EventRow } from './events.service.ts';
import { checkEventOpen } from './polls.service.ts';
import { canEvent, pollOpenSql } from './events.policy.ts';
import { polls, workshopAnswers, workshopQuestions, workshopThemes } from './events.tables.ts';
import { groupBySimilarity } from './themes.ts';

/*
 * Timed workshop questions ("three questions, around ten minutes each"). One question runs at
 * a time; delegates send as many answers as they like while it runs. Afterwards the
 * facilitator groups the answers into themes (suggested by similarity, then adjusted) and
 * writes the "key suggestions noted" for the minutes.
 */

export type QuestionRow = typeof workshopQuestions.$inferSelect;
export const ANSWER_MAX = 500;

export const isRunning = (q: QuestionRow, now = new Date()) =>
  Boolean(q.startedAt && q.endsAt && q.startedAt <= now && q.endsAt > now);

export async function listQuestions(db: Queryable, eventId: number) {
  const questions = await db
    .select()
    .from(workshopQuestions)
    .where(eq(workshopQuestions.eventId, eventId))
    .orderBy(asc(workshopQuestions.position), asc(workshopQuestions.id));
  const counts = questions.length
    ? await db
        .select({ questionId: workshopAnswers.questionId, n: count() })
        .from(workshopAnswers)
        .where(
          inArray(
            workshopAnswers.questionId,
            questions.map((q) => q.id),
          ),
        )
        .groupBy(workshopAnswers.questionId)
    : [];
  const now = new Date();
  return questions.map((q, i) => ({
    ...q,
    number: i + 1,
    answers: counts.find((c) => c.questionId === q.id)?.n ?? 0,
    running: isRunning(q, now),
    finished: Boolean(q.endsAt && q.endsAt <= now),
  }));
}

export async function getQuestion(db: Queryable, eventId: number, questionId: number): Promise<QuestionRow> {
  const [q] = await db
    .select()
    .from(workshopQuestions)
    .where(and(eq(workshopQuestions.id, questionId), eq(workshopQuestions.eventId, eventId)));
  if (!q) throw new NotFoundError('question');
  return q;
}

export async function addQuestion(
  db: Database,
  eventId: number,
  input: { text: string; minutes: number },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: max(workshopQuestions.position) })
      .from(workshopQuestions)
      .where(eq(workshopQuestions.eventId, eventId));
    const [row] = await tx
      .insert(workshopQuestions)
      .values({ eventId, text: input.text, minutes: input.minutes, position: (last?.position ?? 0) + 1 })
      .returning({ id: workshopQuestions.id });
    return row!.id;
  });
}

/** The question running now, if any. */
export async function runningQuestion(
  db: Queryable,
  eventId: number,
  now = new Date(),
): Promise<QuestionRow | undefined> {
  const [q] = await db
    .select()
    .from(workshopQuestions)
    .where(
      and(
        eq(workshopQuestions.eventId, eventId),
        isNotNull(workshopQuestions.startedAt),
        lte(workshopQuestions.startedAt, now),
        gt(workshopQuestions.endsAt, now),
      ),
    );
  return q;
}

/** Starts the question for its minutes. Refused while another question runs: stop that one first. */
export async function startQuestion(
  db: Database,
  eventId: number,
  questionId: number,
  now = new Date(),
): Promise<void> {
  const q = await getQuestion(db, eventId, questionId);
  const running = await runningQuestion(db, eventId, now);
  if (running && running.id !== q.id)
    throw new FormError(
      `question-${q.id}`,
      `Stop the question running now (“${running.text}”) before starting another`,
    );
  if (running) throw new FormError(`question-${q.id}`, 'This question is running already');
  await db
    .update(workshopQuestions)
    .set({ startedAt: now, endsAt: new Date(now.getTime() + q.minutes * 60_000) })
    .where(eq(workshopQuestions.id, q.id));
  publishEventChange(db, eventId, { type: 'workshop', questionId: q.id, state: 'started' });
}

export async function stopQuestion(db: Database, eventId: number, questionId: number, now = new Date()): Promise<void> {
  const q = await getQuestion(db, eventId, questionId);
  if (!isRunning(q, now)) throw new FormError(`question-${q.id}`, 'This question is not running');
  await db.update(workshopQuestions).set({ endsAt: now }).where(eq(workshopQuestions.id, q.id));
  publishEventChange(db, eventId, { type: 'workshop', questionId: q.id, state: 'stopped' });
}

/** Answers are taken only while the question runs. */
export function checkRunning(q: QuestionRow, now = new Date()): void {
  if (isRunning(q, now)) return;
  throw new FormError(
    'body',
    q.startedAt ? 'Time is up for this question: answers are no longer taken' : 'This question has not started yet',
  );
}

export async function addAnswer(
  db: Database,
  event: EventRow,
  questionId: number,
  delegateId: number,
  body: string,
): Promise<void> {
  const q = await getQuestion(db, event.id, questionId);
  checkEventOpen(event, 'body');
  checkRunning(q);
  const text = body.trim();
  if (!text) throw new FormError('body', 'Enter your answer');
  if (text.length > ANSWER_MAX) throw new FormError('body', `Your answer must be ${ANSWER_MAX} characters or fewer`);
  await db.insert(workshopAnswers).values({ questionId: q.id, delegateId, body: text });
  publishEventChange(db, event.id, { type: 'workshop_answer', questionId: q.id });
}

/**
 * What the room is being asked right now, for the delegate's event page: the open polls and the
 * running workshop question (with its end, for the countdown). Nothing once the event has closed.
 */
export async function happeningNow(db: Queryable, event: EventRow, now = new Date()) {
  if (!canEvent(null, 'takePart', event)) return { polls: [], question: undefined };
  const [openPolls, question] = await Promise.all([
    db
      .select({ id: polls.id, question: polls.question })
      .from(polls)
      .where(and(eq(polls.eventId, event.id), pollOpenSql))
      .orderBy(asc(polls.position), asc(polls.id)),
    runningQuestion(db, event.id, now),
  ]);
  return { polls: openPolls, question: question && { id: question.id, text: question.text, endsAt: question.endsAt! } };
}

// Themes

export interface ThemeView {
  id: number;
  title: string;
  position: number;
  answers: { id: number; body: string }[];
}

async function answersOf(db: Queryable, questionId: number) {
  return db
    .select({
      id: workshopAnswers.id,
      body: workshopAnswers.body,
      themeId: workshopAnswers.themeId,
      createdAt: workshopAnswers.createdAt,
    })
    .from(workshopAnswers)
    .where(eq(workshopAnswers.questionId, questionId))
    .orderBy(asc(workshopAnswers.createdAt), asc(workshopAnswers.id));
}

/**
 * Saves suggested themes the first time answers are grouped. Later answers are left
 * unthemed for the facilitator to place; the facilitator's own changes are never redone.
 */
export async function suggestThemesOnce(db: Database, questionId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: workshopThemes.id })
      .from(workshopThemes)
      .where(eq(workshopThemes.questionId, questionId))
      .limit(1);
    if (existing) return;
    const answers = await answersOf(tx, questionId);
    if (!answers.length) return;
    const suggestions = groupBySimilarity(answers, (a) => a.body);
    for (const [i, s] of suggestions.entries()) {
      const [theme] = await tx
        .insert(workshopThemes)
        .values({ questionId, title: s.title, position: i + 1 })
        .returning({ id: workshopThemes.id });
      await tx
        .update(workshopAnswers)
        .set({ themeId: theme!.id })
        .where(
          inArray(
            workshopAnswers.id,
            s.items.map((a) => a.id),
          ),
        );
    }
  });
}

export async function themesOf(
  db: Queryable,
  questionId: number,
): Promise<{ themes: ThemeView[]; unthemed: { id: number; body: string }[] }> {
  const [themes, answers] = await Promise.all([
    db
      .select()
      .from(workshopThemes)
      .where(eq(workshopThemes.questionId, questionId))
      .orderBy(asc(workshopThemes.position), asc(workshopThemes.id)),
    answersOf(db, questionId),
  ]);
  return {
    themes: themes.map((t) => ({
      id: t.id,
      title: t.title,
      position: t.position,
      answers: answers.filter((a) => a.themeId === t.id).map(({ id, body }) => ({ id, body })),
    })),
    unthemed: answers.filter((a) => a.themeId === null).map(({ id, body }) => ({ id, body })),
  };
}

async function getTheme(db: Queryable, questionId: number, themeId: number) {
  const [theme] = await db
    .select()
    .from(workshopThemes)
    .where(and(eq(workshopThemes.id, themeId), eq(workshopThemes.questionId, questionId)));
  if (!theme) throw new FormError('themeId', 'Select a theme of this question');
  return theme;
}

export async function moveAnswer(db: Database, questionId: number, answerId: number, themeId: number): Promise<void> {
  await getTheme(db, questionId, themeId);
  const [answer] = await db
    .select({ id: workshopAnswers.id })
    .from(workshopAnswers)
    .where(and(eq(workshopAnswers.id, answerId), eq(workshopAnswers.questionId, questionId)));
  if (!answer) throw new FormError('answerId', 'Select an answer to this question');
  await db.update(workshopAnswers).set({ themeId }).where(eq(workshopAnswers.id, answerId));
}

export async function renameTheme(db: Database, questionId: number, themeId: number, title: string): Promise<void> {
  const theme = await db
    .select()
    .from(workshopThemes)
    .where(and(eq(workshopThemes.id, themeId), eq(workshopThemes.questionId, questionId)));
  if (!theme.length) throw new NotFoundError('theme');
  await db.update(workshopThemes).set({ title }).where(eq(workshopThemes.id, themeId));
}

export async function createTheme(db: Database, questionId: number, title: string): Promise<number> {
  const [last] = await db
    .select({ position: max(workshopThemes.position) })
    .from(workshopThemes)
    .where(eq(workshopThemes.questionId, questionId));
  const [row] = await db
    .insert(workshopThemes)
    .values({ questionId, title, position: (last?.position ?? 0) + 1 })
    .returning({ id: workshopThemes.id });
  return row!.id;
}

/** "Regarding question 2: …" then one bullet per theme that has answers, as in the minutes. */
export function summaryText(number: number, question: string, themes: ThemeView[]): string {
  const bullets = themes.filter((t) => t.answers.length).map((t) => `• ${t.title}`);
  return [`Regarding question ${number}: ${question}`, ...bullets].join('\n');
}

export async function writeSummary(db: Database, eventId: number, questionId: number): Promise<void> {
  const questions = await listQuestions(db, eventId);
  const q = questions.find((x) => x.id === questionId);
  if (!q) throw new NotFoundError('question');
  const { themes, unthemed } = await themesOf(db, questionId);
  if (!themes.some((t) => t.answers.length))
    throw new FormError('summary', 'Group the answers into themes before writing the summary');
  if (unthemed.length)
    throw new FormError(
      'summary',
      `Place the ${unthemed.length} answers not yet in a theme before writing the summary`,
    );
  await db
    .update(workshopQuestions)
    .set({ summary: summaryText(q.number, q.text, themes) })
    .where(eq(workshopQuestions.id, questionId));
}

export const AGENDA_PREFIX = 'Workshop: ';

/** The text for the minutes: the questions, then the key suggestions noted on each. */
export function minuteText(
  questions: { number: number; text: string; minutes: number; summary: string | null }[],
): string {
  const lines = ['Delegates took part in a workshop exercise and gave their thoughts on the following questions:', ''];
  for (const q of questions) lines.push(`  ${q.number}. ${q.text} (${q.minutes} minutes)`);
  lines.push('', 'The following key suggestions were noted in the workshop exercise:');
  for (const q of questions) if (q.summary) lines.push('', q.summary);
  return lines.join('\n');
}

/**
 * Puts the workshop's summaries on the linked meeting's agenda: an item "Workshop: <event title>"
 * at the end of the agenda, created the first time; writing again replaces that item's minute.
 * Returns the meeting's id.
 */
export async function addWorkshopMinute(db: Database, user: CurrentUser, event: EventRow): Promise<number> {
  if (!event.meetingId)
    throw new FormError('minute', 'Link the event to a meeting before adding the workshop to its minutes');
  const meeting = (await meetingLabels(db, [event.meetingId])).get(event.meetingId);
  if (!meeting) throw new NotFoundError('meeting');
  if (!canRunMeetingsOf(user, meeting.groupId))
    throw new ForbiddenError('Only those who run the meeting’s group may write its minutes');
  const questions = await listQuestions(db, event.id);
  if (!questions.some((q) => q.summary))
    throw new FormError('minute', 'Write the summary of at least one question first');
  const minute = minuteText(questions);
  const title = `${AGENDA_PREFIX}${event.title}`;
  await putMinuteOnAgenda(db, meeting.id, title, minute);
  return meeting.id;
}
