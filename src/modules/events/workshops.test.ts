import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { delegate, event, group, meeting } from '../../../test/factories.ts';
import { textOf } from '../../../test/html.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import {
  delegates,
  eventItems,
  itemVotes,
  pollOptions,
  polls,
  workshopAnswers,
  workshopQuestions,
  workshopThemes,
} from './events.tables.ts';
import { cellText } from './exports.ts';

test('workshop: questions run one at a time, delegates answer while they run', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const ev = await event(hub, user.accountId);

  assert.match((await coordinator.get(`/events/${ev.id}/workshop`)).body, /No workshop questions yet/);
  const bad = await coordinator.post(`/events/${ev.id}/workshop`, { text: 'Role?', minutes: 0 });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the minutes as a whole number/);
  for (const text of ['What is your role in preventing extremism?', 'What are your barriers?']) {
    assert.equal((await coordinator.post(`/events/${ev.id}/workshop`, { text, minutes: 10 })).statusCode, 303);
  }
  const [q1, q2] = await db
    .select()
    .from(workshopQuestions)
    .where(eq(workshopQuestions.eventId, ev.id))
    .orderBy(workshopQuestions.position);

  // Nothing running: the delegate is told to wait, and answers are refused.
  const d1 = await delegate(hub, `/e/${ev.joinCode}/workshop`);
  assert.match((await d1.get(`/e/${ev.joinCode}/workshop`)).body, /No question is running just now/);
  const early = await d1.post(`/e/${ev.joinCode}/workshop/${q1!.id}/answers`, { body: 'Training' });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /This question has not started yet/);

  // Viewers and delegates cannot run the workshop.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/events/${ev.id}/workshop`)).statusCode, 404);
  assert.equal((await viewer.post(`/events/${ev.id}/workshop/${q1!.id}/start`)).statusCode, 404);
  assert.equal((await d1.post(`/events/${ev.id}/workshop/${q1!.id}/start`)).statusCode, 401);

  const before = Date.now();
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/${q1!.id}/start`)).statusCode, 303);
  const [started] = await db.select().from(workshopQuestions).where(eq(workshopQuestions.id, q1!.id));
  assert.ok(started!.startedAt!.getTime() >= before - 1000);
  assert.equal(started!.endsAt!.getTime() - started!.startedAt!.getTime(), 10 * 60_000);
  // Only one at a time.
  const second = await coordinator.post(`/events/${ev.id}/workshop/${q2!.id}/start`);
  assert.equal(second.statusCode, 400);
  assert.match(second.body, /Stop the question running now/);

  const page = await d1.get(`/e/${ev.joinCode}/workshop`);
  assert.match(page.body, /What is your role in preventing extremism/);
  assert.match(page.body, /Answer by \d\d:\d\d/);
  for (const body of ['Training for frontline staff', 'More training of frontline staff']) {
    assert.equal((await d1.post(`/e/${ev.joinCode}/workshop/${q1!.id}/answers`, { body })).statusCode, 303);
  }
  const tooLong = await d1.post(`/e/${ev.joinCode}/workshop/${q1!.id}/answers`, { body: 'x'.repeat(501) });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /500 characters or fewer/);
  const d2 = await delegate(hub, `/e/${ev.joinCode}/workshop`);
  assert.equal(
    (await d2.post(`/e/${ev.joinCode}/workshop/${q1!.id}/answers`, { body: 'Lack of capacity and resources' }))
      .statusCode,
    303,
  );
  // The question that is not running takes no answers.
  assert.equal((await d2.post(`/e/${ev.joinCode}/workshop/${q2!.id}/answers`, { body: 'Capacity' })).statusCode, 400);
  const answers = await db.select().from(workshopAnswers).where(eq(workshopAnswers.questionId, q1!.id));
  assert.equal(answers.length, 3);
  assert.equal(new Set(answers.map((a) => a.delegateId)).size, 2);

  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/${q1!.id}/stop`)).statusCode, 303);
  const late = await d2.post(`/e/${ev.joinCode}/workshop/${q1!.id}/answers`, { body: 'Too late' });
  assert.equal(late.statusCode, 400);
  assert.match(late.body, /Time is up for this question/);
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/${q2!.id}/start`)).statusCode, 303);
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/${q1!.id}/stop`)).statusCode, 400);
});

test('workshop: themes suggested, adjusted, summarised and minuted', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const g = await group(hub);
  const m = await meeting(hub, g.id, '2026-05-20');
  await db.insert(agendaItems).values({ meetingId: m.id, position: 1, title: 'Prevent update' });
  const ev = await event(hub, user.accountId, { title: 'Prevent workshop', meetingId: m.id });
  await coordinator.get(`/events/${ev.id}/workshop`);
  await coordinator.post(`/events/${ev.id}/workshop`, { text: 'What are your barriers?', minutes: 10 });
  const [q] = await db.select().from(workshopQuestions).where(eq(workshopQuestions.eventId, ev.id));
  await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/start`);
  const d = await delegate(hub, `/e/${ev.joinCode}/workshop`);
  for (const body of [
    'Resourcing and capacity within organisations',
    'Knowing how to deal with identified concerns',
    'Capacity issues: resources to attend all meetings',
    'Knowledge of the referral pathway for concerns',
    'Socio-economic disparities',
  ]) {
    assert.equal((await d.post(`/e/${ev.joinCode}/workshop/${q!.id}/answers`, { body })).statusCode, 303);
  }
  // While running, no themes are made yet.
  assert.match((await coordinator.get(`/events/${ev.id}/workshop/${q!.id}/themes`)).body, /still running/);
  assert.equal((await db.select().from(workshopThemes)).length, 0);
  await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/stop`);

  const themesPage = await coordinator.get(`/events/${ev.id}/workshop/${q!.id}/themes`);
  assert.equal(themesPage.statusCode, 200);
  const themes = await db
    .select()
    .from(workshopThemes)
    .where(eq(workshopThemes.questionId, q!.id))
    .orderBy(workshopThemes.position);
  const answers = await db
    .select()
    .from(workshopAnswers)
    .where(eq(workshopAnswers.questionId, q!.id))
    .orderBy(workshopAnswers.id);
  assert.ok(answers.every((a) => a.themeId !== null));
  assert.equal(answers[0]!.themeId, answers[2]!.themeId, 'capacity answers together');
  assert.notEqual(answers[0]!.themeId, answers[4]!.themeId);
  // Visiting again does not regroup.
  await coordinator.get(`/events/${ev.id}/workshop/${q!.id}/themes`);
  assert.equal(
    (await db.select().from(workshopThemes).where(eq(workshopThemes.questionId, q!.id))).length,
    themes.length,
  );

  // A viewer cannot see or change themes.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/events/${ev.id}/workshop/${q!.id}/themes`)).statusCode, 404);

  // Adjust: new theme, move the referral answer into it, rename the capacity theme.
  assert.equal(
    (await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/themes`, { title: 'Knowing what to do with concerns' }))
      .statusCode,
    303,
  );
  const [created] = await db
    .select()
    .from(workshopThemes)
    .where(eq(workshopThemes.title, 'Knowing what to do with concerns'));
  for (const a of [answers[1]!, answers[3]!]) {
    assert.equal(
      (
        await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/themes/move`, {
          answerId: a.id,
          themeId: created!.id,
        })
      ).statusCode,
      303,
    );
  }
  const refusedMove = await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/themes/move`, {
    answerId: answers[0]!.id,
    themeId: 99999,
  });
  assert.equal(refusedMove.statusCode, 400);
  assert.match(refusedMove.body, /Select a theme of this question/);
  assert.equal(
    (
      await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/themes/${answers[0]!.themeId}/rename`, {
        title: 'Resourcing and capacity',
      })
    ).statusCode,
    303,
  );

  // Summary: one bullet per theme with answers.
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/summary`)).statusCode, 303);
  const [summarised] = await db.select().from(workshopQuestions).where(eq(workshopQuestions.id, q!.id));
  const lines = summarised!.summary!.split('\n');
  assert.equal(lines[0], 'Regarding question 1: What are your barriers?');
  assert.ok(lines.includes('• Resourcing and capacity'));
  assert.ok(lines.includes('• Knowing what to do with concerns'));
  assert.ok(lines.includes('• Socio-economic disparities'));
  assert.equal(lines.length, 4, 'empty themes are left out');
  assert.match(
    textOf((await coordinator.get(`/events/${ev.id}/workshop`)).body),
    /Key suggestions noted Regarding question 1/,
  );

  // Minute: a new agenda item at the end of the linked meeting; writing again replaces it.
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/minute`)).statusCode, 303);
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/minute`)).statusCode, 303);
  const items = await db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, m.id))
    .orderBy(agendaItems.position);
  assert.deepEqual(
    items.map((i) => [i.position, i.title]),
    [
      [1, 'Prevent update'],
      [2, 'Workshop: Prevent workshop'],
    ],
  );
  assert.match(items[1]!.minute!, /1\. What are your barriers\? \(10 minutes\)/);
  assert.match(items[1]!.minute!, /The following key suggestions were noted in the workshop exercise/);
  assert.match(items[1]!.minute!, /• Socio-economic disparities/);

  // An event without a meeting says so.
  const other = await event(hub, user.accountId, { title: 'Unlinked' });
  await coordinator.get(`/events/${other.id}/workshop`);
  const unlinked = await coordinator.post(`/events/${other.id}/workshop/minute`);
  assert.equal(unlinked.statusCode, 400);
  assert.match(unlinked.body, /Link the event to a meeting/);
});

test('exports: CSV, XLSX and the printable record hold everything captured, never delegate ids', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const ev = await event(hub, user.accountId, { title: 'Export forum', audiences: ['public'], attendance: 55 });
  const [dA, dB] = await db
    .insert(delegates)
    .values([
      { eventId: ev.id, tokenHash: 'hash-a' },
      { eventId: ev.id, tokenHash: 'hash-b' },
    ])
    .returning();
  const [kept, merged] = await db
    .insert(eventItems)
    .values([
      {
        eventId: ev.id,
        delegateId: dA!.id,
        body: 'How do referrals work?',
        originalBody: 'How do referrals work?',
        state: 'answered',
      },
      {
        eventId: ev.id,
        delegateId: dB!.id,
        body: 'What happens after a referral?',
        originalBody: 'What happens after a referral?',
        state: 'merged',
      },
    ])
    .returning();
  await db.update(eventItems).set({ mergedIntoId: kept!.id }).where(eq(eventItems.id, merged!.id));
  await db.insert(itemVotes).values([
    { itemId: kept!.id, delegateId: dA!.id },
    { itemId: kept!.id, delegateId: dB!.id },
  ]);

  await coordinator.get(`/events/${ev.id}/polls`);
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'Useful?',
    kind: 'single_choice',
    options: 'Yes\nNo',
    results: 'live',
  });
  const [poll] = await db.select().from(polls).where(eq(polls.eventId, ev.id));
  await coordinator.post(`/events/${ev.id}/polls/${poll!.id}/open`);
  const options = await db
    .select()
    .from(pollOptions)
    .where(eq(pollOptions.pollId, poll!.id))
    .orderBy(pollOptions.position);
  const d = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.equal(
    (await d.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[0]!.id })).statusCode,
    303,
  );

  await coordinator.get(`/events/${ev.id}/workshop`);
  await coordinator.post(`/events/${ev.id}/workshop`, { text: 'Barriers?', minutes: 5 });
  const [q] = await db.select().from(workshopQuestions).where(eq(workshopQuestions.eventId, ev.id));
  await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/start`);
  await d.get(`/e/${ev.joinCode}/workshop`);
  assert.equal(
    (await d.post(`/e/${ev.joinCode}/workshop/${q!.id}/answers`, { body: 'Capacity, "quoted", and commas' }))
      .statusCode,
    303,
  );
  await coordinator.post(`/events/${ev.id}/workshop/${q!.id}/stop`);
  await coordinator.get(`/events/${ev.id}/workshop/${q!.id}/themes`);

  // CSV
  const csv = await coordinator.get(`/events/${ev.id}/export.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  const rows = parse<Record<string, string>>(csv.body, { columns: true });
  assert.ok(!Object.keys(rows[0]!).some((c) => /delegate/i.test(c)), 'no delegate column');
  const items = rows.filter((r) => r.section === 'item');
  assert.deepEqual(
    items.map((r) => [r.text, r.state, r.votes, r.merged_into]),
    [
      ['How do referrals work?', 'Answered', '2', ''],
      ['What happens after a referral?', 'Merged', '0', String(kept!.id)],
    ],
  );
  // To the minute, never the second: an export row cannot be matched to a request in a log.
  assert.ok(
    items.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(r.created_at!)),
    items.map((r) => r.created_at).join(),
  );
  assert.match(rows.find((r) => r.section === 'workshop_answer')!.created_at!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.doesNotMatch(csv.body, /\d{2}:\d{2}:\d{2}|\.\d{3}Z/, 'no seconds or milliseconds anywhere');
  assert.deepEqual(
    rows.filter((r) => r.section === 'poll').map((r) => [r.poll, r.answer, r.count, r.percent]),
    [
      ['Useful?', 'Yes', '1', '100'],
      ['Useful?', 'No', '0', '0'],
    ],
  );
  const answer = rows.find((r) => r.section === 'workshop_answer')!;
  assert.equal(answer.answer, 'Capacity, "quoted", and commas');
  assert.equal(answer.theme, 'Capacity, "quoted", and commas');
  assert.equal(rows.filter((r) => r.section === 'workshop_theme').length, 1);

  // Formulas in delegates' words are defused in the CSV.
  assert.equal(cellText('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
  assert.equal(cellText(-3), '-3');

  // XLSX: one sheet per kind.
  const xlsx = await hub.app.inject({
    method: 'GET',
    url: `/events/${ev.id}/export.xlsx`,
    headers: { cookie: coordinator.cookieHeader },
  });
  assert.equal(xlsx.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual(
    workbook.worksheets.map((w) => w.name),
    ['Questions and comments', 'Poll results', 'Workshop answers', 'Workshop themes'],
  );
  const sheet = workbook.getWorksheet('Questions and comments')!;
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [
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
  ]);
  assert.equal(sheet.getRow(2).getCell(3).value, 'How do referrals work?');
  assert.equal(sheet.getRow(2).getCell(5).value, 2);
  assert.equal(sheet.getRow(3).getCell(6).value, kept!.id);
  const pollsSheet = workbook.getWorksheet('Poll results')!;
  assert.deepEqual((pollsSheet.getRow(2).values as unknown[]).slice(1), [
    poll!.id,
    'Useful?',
    'Single choice',
    'Open',
    'Yes',
    1,
    100,
  ]);
  assert.equal(workbook.getWorksheet('Workshop answers')!.getRow(2).getCell(4).value, 'Capacity, "quoted", and commas');

  // The printable record.
  const record = await coordinator.get(`/events/${ev.id}/record`);
  assert.equal(record.statusCode, 200);
  const text = textOf(record.body);
  assert.match(text, /Merged into: How do referrals work\?/);
  assert.match(text, /Yes 1 100%/);
  assert.match(text, /Attendance 55/);
  assert.match(text, /Capacity, "quoted", and commas/);

  // Moderators only.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  for (const url of ['export.csv', 'export.xlsx', 'record'])
    assert.equal((await viewer.get(`/events/${ev.id}/${url}`)).statusCode, 404);
  assert.equal((await d.get(`/events/${ev.id}/export.csv`)).statusCode, 303);
});
