import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBefore } from '../../../test/migrations.ts';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { group, meeting, member } from '../../../test/factories.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { onAnnouncement, type Announcements } from '../../reactions.ts';
import { agendaItems, meetingRecommendations } from './meetings.tables.ts';
import {
  addRecommendation,
  recommendationsFor,
  recommendationsOfMeeting,
  recordRecommendationDecision,
} from './index.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

// What the funding module will hear: every decision, in its transaction; a refusal there undoes the decision.
const heard: Omit<Announcements['recommendation.decided'], 'tx' | 'user'>[] = [];
onAnnouncement('recommendation.decided', async ({ tx: _tx, user: _user, ...payload }) => {
  if (payload.subjectType === 'refused_in_test') throw new Error('the listener refuses');
  heard.push(payload);
});

async function meetingWithItem(title = 'Pathfinder funding proposals') {
  const panel = await group(hub, 'monthly');
  const m = await meeting(hub, panel.id, '2031-05-14');
  const [item] = await db.insert(agendaItems).values({ meetingId: m.id, position: 1, title }).returning();
  return { panel, m, item: item! };
}

const recommendationRow = async (id: number) =>
  (await db.select().from(meetingRecommendations).where(eq(meetingRecommendations.id, id)))[0]!;

test('recommendations are added under an item and on the meeting, numbered through the meeting, decided and withdrawn', async () => {
  const { m, item } = await meetingWithItem();
  const { browser } = await signedIn(hub, 'coordinator');

  const empty = await browser.get(`/meetings/${m.id}/agenda-items/${item.id}`);
  assert.match(empty.body, /No recommendations under this item yet/);
  const blank = await browser.post(`/meetings/${m.id}/agenda-items/${item.id}/recommendations`, { text: '' });
  assert.equal(blank.statusCode, 400);
  assert.match(blank.body, /Enter the words of the recommendation/);

  for (const text of ['That the group approves the youth project', 'That the group approves the outreach project'])
    assert.equal(
      (await browser.post(`/meetings/${m.id}/agenda-items/${item.id}/recommendations`, { text })).statusCode,
      303,
    );
  assert.equal(
    (await browser.post(`/meetings/${m.id}/recommendations`, { text: 'That the group notes spend to date' }))
      .statusCode,
    303,
  );
  const rows = await recommendationsOfMeeting(db, m.id);
  assert.deepEqual(
    rows.map((r) => [r.number, r.agendaItemId, r.decision]),
    [
      [1, item.id, null],
      [2, item.id, null],
      [3, null, null],
    ],
  );
  const [youth, outreach, spend] = rows;
  const page = await browser.get(`/meetings/${m.id}`);
  assert.match(page.body, /Recommendation 1\.<\/span>\s*That the group approves the youth project/);
  assert.match(page.body, /Recommendations to the meeting/);
  assert.match(page.body, /That the group notes spend to date/);

  // Its own page: change the words while undecided.
  const own = `/meetings/${m.id}/recommendations/${youth!.id}`;
  assert.equal((await browser.get(own)).statusCode, 200);
  assert.equal(
    (await browser.post(own, { text: 'That the group approves the youth project in non-school settings' })).statusCode,
    303,
  );
  assert.match((await recommendationRow(youth!.id)).text, /non-school settings/);

  // Decide: a bad word, then declined without a reason, are refused and nothing changes.
  const bad = await browser.post(`${own}/decision`, { decision: 'vetoed' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select the decision/);
  const noReason = await browser.post(`${own}/decision`, { decision: 'declined', reason: '  ' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /Enter the reason it was declined/);
  assert.equal((await recommendationRow(youth!.id)).decision, null);

  assert.equal(
    (await browser.post(`${own}/decision`, { decision: 'declined', reason: 'No delivery partner yet' })).statusCode,
    303,
  );
  const declined = await recommendationRow(youth!.id);
  assert.equal(declined.decision, 'declined');
  assert.equal(declined.reason, 'No delivery partner yet');
  assert.ok(declined.decidedAt && declined.decidedBy);
  assert.deepEqual(heard.at(-1), {
    recommendationId: youth!.id,
    meetingId: m.id,
    subjectType: null,
    subjectId: null,
    decision: 'declined',
    reason: 'No delivery partner yet',
  });
  const shown = await browser.get(`/meetings/${m.id}`);
  assert.match(shown.body, /govuk-tag--red">Declined/);
  assert.match(shown.body, /Reason: No delivery partner yet/);

  // Decided: the words no longer change; the decision can (a deferral decided later).
  const late = await browser.post(own, { text: 'Other words' });
  assert.equal(late.statusCode, 400);
  assert.match(late.body, /its words can no longer change/);
  assert.equal((await browser.post(`${own}/decision`, { decision: 'approved_with_changes' })).statusCode, 303);
  assert.equal((await recommendationRow(youth!.id)).reason, null);

  // Withdraw an undecided one: kept, with its number; a decided one cannot be.
  assert.equal((await browser.post(`/meetings/${m.id}/recommendations/${outreach!.id}/withdraw`)).statusCode, 303);
  assert.ok((await recommendationRow(outreach!.id)).withdrawnAt);
  assert.equal((await browser.post(`${own}/withdraw`)).statusCode, 400);
  assert.match((await browser.get(`/meetings/${m.id}`)).body, /Withdrawn/);
  assert.deepEqual(
    (await recommendationsOfMeeting(db, m.id)).map((r) => r.number),
    [1, 3],
    'papers read standing recommendations only',
  );
  const withdrawnAgain = await browser.post(`/meetings/${m.id}/recommendations/${outreach!.id}/decision`, {
    decision: 'approved',
  });
  assert.equal(withdrawnAgain.statusCode, 400);

  // Another meeting's recommendation is not found under this one.
  const other = await meetingWithItem();
  assert.equal((await browser.get(`/meetings/${other.m.id}/recommendations/${spend!.id}`)).statusCode, 404);

  const actions = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'meeting_recommendation'), eq(auditLog.subjectId, String(youth!.id))));
  assert.deepEqual(actions.map((a) => a.action).sort(), [
    'recommendation.added',
    'recommendation.decided',
    'recommendation.decided',
    'recommendation.updated',
  ]);
});

test('only those who run the group write its recommendations; signed out is sent to sign in', async () => {
  const { panel, m, item } = await meetingWithItem();
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  await coordinator.post(`/meetings/${m.id}/agenda-items/${item.id}/recommendations`, {
    text: 'That the group agrees',
  });
  const [rec] = await recommendationsOfMeeting(db, m.id);
  const own = `/meetings/${m.id}/recommendations/${rec!.id}`;

  const signedOut = new Browser(hub.app);
  const away = await signedOut.get(own);
  assert.equal(away.statusCode, 303);
  assert.match(String(away.headers.location), /^\/sign-in/);

  const { browser: outsider } = await signedIn(hub, 'member');
  const { browser: viewer } = await signedIn(hub, 'viewer');
  for (const [who, browser] of [
    ['member outside the group', outsider],
    ['viewer', viewer],
  ] as const) {
    await browser.get('/');
    assert.equal((await browser.get(own)).statusCode, 403, `${who}: GET`);
    assert.equal((await browser.post(`${own}/decision`, { decision: 'approved' })).statusCode, 403, `${who}: decide`);
    assert.equal((await browser.post(own, { text: 'Changed' })).statusCode, 403, `${who}: edit`);
    assert.equal((await browser.post(`${own}/withdraw`)).statusCode, 403, `${who}: withdraw`);
    assert.equal(
      (await browser.post(`/meetings/${m.id}/recommendations`, { text: 'Mine' })).statusCode,
      403,
      `${who}: add`,
    );
  }
  assert.equal((await recommendationRow(rec!.id)).decision, null);

  const { browser: insider, user } = await signedIn(hub, 'member');
  await member(hub, panel.id, user.personId);
  await insider.signIn(user.email);
  assert.equal((await insider.get(own)).statusCode, 200);
  assert.equal((await insider.post(`${own}/decision`, { decision: 'approved' })).statusCode, 303);
  assert.equal((await recommendationRow(rec!.id)).decision, 'approved');
});

test('other modules put their things to a meeting and read the decisions; a listener refusing undoes the decision', async () => {
  const { m } = await meetingWithItem();
  const { user: account } = await signedIn(hub, 'coordinator');
  const user = { ...account, name: 'Coordinator', mustChangePassword: false, groupIds: [] };
  const proposalIds = [7001, 7002];
  const [first, second] = await db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const id of proposalIds)
      ids.push(
        await addRecommendation(tx, user, {
          meetingId: m.id,
          text: `Fund proposal ${id}`,
          subject: { type: 'funding_proposal', id },
        }),
      );
    return ids;
  });
  await recordRecommendationDecision(db, user, first!, { decision: 'approved' });
  await assert.rejects(recordRecommendationDecision(db, user, second!, { decision: 'declined' }), /reason/);
  const found = await recommendationsFor(db, { subjectType: 'funding_proposal', subjectIds: proposalIds });
  assert.deepEqual(found.map((r) => [r.subjectId, r.decision, r.meetingId]).sort(), [
    [7001, 'approved', m.id],
    [7002, null, m.id],
  ]);
  assert.deepEqual(heard.at(-1), {
    recommendationId: first,
    meetingId: m.id,
    subjectType: 'funding_proposal',
    subjectId: 7001,
    decision: 'approved',
    reason: null,
  });

  const refused = await db.transaction((tx) =>
    addRecommendation(tx, user, { meetingId: m.id, text: 'Refused', subject: { type: 'refused_in_test', id: 1 } }),
  );
  await assert.rejects(recordRecommendationDecision(db, user, refused, { decision: 'approved' }), /listener refuses/);
  assert.equal((await recommendationRow(refused)).decision, null, 'the decision rolled back with the listener');
});

test('the migration moves each agenda item’s recommendation and decision into numbered rows', async (t) => {
  const { client, migrateToLatest } = await databaseBefore(t, '_meetings_recommendations');
  await client.exec(`
    insert into groups (id, name, kind, cadence) values (1, 'Silver group', 'channel_panel', 'monthly');
    insert into meetings (id, group_id, starts_at, ends_at, status) values
      (1, 1, '2020-03-12 10:00+00', '2020-03-12 12:00+00', 'held'),
      (2, 1, '2020-06-12 10:00+00', '2020-06-12 12:00+00', 'scheduled');
    insert into agenda_items (meeting_id, position, title, recommendation, decision) values
      (1, 2, 'Pathfinder proposals', 'That the group approves the shortlist', 'approved_with_amendments'),
      (1, 1, 'Minutes', 'That the minutes be agreed', 'approved'),
      (1, 3, 'Any other business', null, null),
      (1, 4, 'Workshop', null, 'noted'),
      (2, 1, 'Community profile', 'That the group receives the profile', null);
  `);
  await migrateToLatest();
  const moved = await client.query<{
    meeting_id: number;
    number: number;
    text: string;
    decision: string | null;
    decided: boolean;
    title: string;
  }>(`
    select r.meeting_id, r.number, r.text, r.decision, r.decided_at is not null as decided, i.title
    from meeting_recommendations r join agenda_items i on i.id = r.agenda_item_id order by r.meeting_id, r.number`);
  assert.deepEqual(
    moved.rows.map((r) => [r.meeting_id, r.number, r.title, r.text, r.decision, r.decided]),
    [
      [1, 1, 'Minutes', 'That the minutes be agreed', 'approved', true],
      [1, 2, 'Pathfinder proposals', 'That the group approves the shortlist', 'approved_with_changes', true],
      [1, 3, 'Workshop', 'Workshop', 'noted', true],
      [2, 1, 'Community profile', 'That the group receives the profile', null, false],
    ],
  );
  const columns = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_name = 'agenda_items'`,
  );
  assert.ok(!columns.rows.some((c) => ['recommendation', 'decision'].includes(c.column_name)), 'the old columns go');
});
