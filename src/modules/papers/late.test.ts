import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { group, meeting, member } from '../../../test/factories.ts';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { textOf } from '../../../test/html.ts';
import { formatDate, isoDate } from '../../views/filters.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { isWorkingDay, workingDaysBefore } from './late.dates.ts';
import { issuedPaperFixture } from './late.fixtures.ts';

test('working days skip weekends and the bank holidays of England and Wales', () => {
  // Monday 30 November 2026: one working day before is the Friday.
  assert.equal(workingDaysBefore('2026-11-30', 1), '2026-11-27');
  // Tuesday 7 April 2026, after Easter: Easter Monday and Good Friday are skipped with the weekend.
  assert.equal(workingDaysBefore('2026-04-07', 1), '2026-04-02');
  assert.equal(workingDaysBefore('2026-04-07', 2), '2026-04-01');
  // Seed 001's board on Tuesday 2 June 2009: seven working days back past the spring bank holiday.
  assert.equal(workingDaysBefore('2009-06-02', 7), '2009-05-21');
  assert.equal(workingDaysBefore('2026-06-02', 0), '2026-06-02', 'due on the day itself');
  assert.equal(isWorkingDay('2026-12-28'), false, 'Boxing Day’s substitute');
  assert.equal(isWorkingDay('2022-09-19'), false, 'the state funeral');
  assert.equal(isWorkingDay('2026-12-29'), true);
});

async function runsGroup(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const board = await group(hub);
  const runner = await signedIn(hub, 'member');
  await member(hub, board.id, runner.user.personId);
  return { hub, board, runner };
}

test('those who run the group’s meetings set when papers are due: checked, audited, refused to others', async (t) => {
  const { hub, board, runner } = await runsGroup(t);
  const url = `/groups/${board.id}/paper-settings`;
  const page = await runner.browser.get(url);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="dueWorkingDays"[^>]*value="7"/, 'seven working days unless set');

  for (const bad of ['abc', '31', '-1', '2.5']) {
    const refused = await runner.browser.post(url, { dueWorkingDays: bad });
    assert.equal(refused.statusCode, 400, bad);
    assert.match(refused.body, /Enter a whole number of working days from 0 to 30/);
    assert.match(refused.body, /govuk-error-summary/);
  }
  const saved = await runner.browser.post(url, { dueWorkingDays: 5 });
  assert.equal(saved.statusCode, 303);
  assert.match((await runner.browser.get(url)).body, /name="dueWorkingDays"[^>]*value="5"/);
  const audited = await hub.database.db
    .select({ detail: auditLog.detail, accountId: auditLog.accountId })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'paper_settings.updated'), eq(auditLog.subjectId, String(board.id))));
  assert.deepEqual(audited, [{ detail: { dueWorkingDays: { from: 7, to: 5 } }, accountId: runner.user.accountId }]);

  const viewer = await signedIn(hub, 'viewer');
  await member(hub, board.id, viewer.user.personId);
  const outsider = await signedIn(hub, 'member');
  for (const other of [viewer, outsider]) {
    assert.equal((await other.browser.get(url)).statusCode, 403);
    assert.equal((await other.browser.post(url, { dueWorkingDays: 2 })).statusCode, 403);
  }
  assert.equal((await runner.browser.get(`/groups/${board.id + 100}/paper-settings`)).statusCode, 404);
  assert.equal((await runner.browser.get(url)).body.includes('value="5"'), true, 'unchanged by the refusals');
});

/** What the meeting page says of an agenda item's paper. */
function dueText(body: string, itemId: number): string {
  const match = new RegExp(`<span id="paper-due-${itemId}">([\\s\\S]*?)</span>\\s*</dd>`).exec(body);
  assert.ok(match, `item ${itemId} shows when its paper is due`);
  return textOf(match[1]!).trim();
}

test('the meeting page shows each item’s paper as due, or late when issued late or not issued by the day', async (t) => {
  const { hub, board, runner } = await runsGroup(t);
  const db = hub.database.db;
  // Seed 001's board on Tuesday 2 June 2009: papers due Thursday 21 May, past the spring bank holiday.
  const held = await meeting(hub, board.id, '2009-06-02', { status: 'held' });
  const [onTime, late, missing, verbal] = await db
    .insert(agendaItems)
    .values([
      { meetingId: held.id, position: 1, title: 'Preventing violent extremism' },
      { meetingId: held.id, position: 2, title: 'Community safety' },
      { meetingId: held.id, position: 3, title: 'Channel' },
      { meetingId: held.id, position: 4, title: 'Verbal update from the police' },
    ])
    .returning();
  const at = (iso: string) => new Date(iso);
  const accountId = runner.user.accountId;
  await issuedPaperFixture(db, {
    meetingId: held.id,
    agendaItemId: onTime!.id,
    accountId,
    issuedAt: at('2009-05-21T16:00:00Z'),
  });
  await issuedPaperFixture(db, {
    meetingId: held.id,
    agendaItemId: late!.id,
    accountId,
    issuedAt: at('2009-05-22T09:00:00Z'),
  });
  await issuedPaperFixture(db, { meetingId: held.id, agendaItemId: missing!.id, accountId });

  const page = await runner.browser.get(`/meetings/${held.id}`);
  assert.equal(page.statusCode, 200);
  assert.equal(dueText(page.body, onTime!.id), 'Due 21 May 2009', 'issued on the due date');
  assert.equal(dueText(page.body, late!.id), 'Late Due 21 May 2009', 'issued the day after');
  assert.equal(dueText(page.body, missing!.id), 'Late Due 21 May 2009', 'a draft never issued, and the day has passed');
  assert.equal(dueText(page.body, verbal!.id), 'Due 21 May 2009', 'no paper in the Hub: nothing says one is owed');
  assert.match(page.body, /<strong class="govuk-tag govuk-tag--red">Late<\/strong>/);

  // A meeting two months away: its paper is not due yet.
  const coming = await meeting(hub, board.id, isoDate(new Date(Date.now() + 60 * 86_400_000)));
  const [item] = await db
    .insert(agendaItems)
    .values({ meetingId: coming.id, position: 1, title: 'Prevent update' })
    .returning();
  const due = workingDaysBefore(isoDate(coming.startsAt), 7);
  const comingPage = await runner.browser.get(`/meetings/${coming.id}`);
  assert.equal(dueText(comingPage.body, item!.id), `Due ${formatDate(due)}`);

  // The group's setting moves every due date: 0 days, due on the meeting's day.
  await runner.browser.get(`/groups/${board.id}/paper-settings`);
  await runner.browser.post(`/groups/${board.id}/paper-settings`, { dueWorkingDays: 0 });
  const moved = await runner.browser.get(`/meetings/${held.id}`);
  assert.equal(dueText(moved.body, late!.id), 'Due 2 June 2009', 'issued before the meeting’s day');
  assert.equal(dueText(moved.body, missing!.id), 'Late Due 2 June 2009');
  assert.match(moved.body, new RegExp(`href="/groups/${board.id}/paper-settings"`), 'the setting is a link away');
});
