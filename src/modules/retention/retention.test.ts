import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, isNotNull, like, sql } from 'drizzle-orm';
import { databaseBefore } from '../../../test/migrations.ts';
import { Browser, buildTestHub, createUser, signedIn, withPartnership } from '../../../test/helpers.ts';
import { signInAttempts } from '../../auth/sign-in-attempts.tables.ts';
import type { Database } from '../../db/client.ts';
import { runDueJobs } from '../../jobs/scheduled-jobs.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { checkChain } from '../audit/index.ts';
import { drizzle } from 'drizzle-orm/pglite';
import {
  delegates,
  eventItems,
  events,
  itemVotes,
  pollOptions,
  pollResponses,
  polls,
  workshopAnswers,
  workshopQuestions,
} from '../events/events.tables.ts';
import { listPolls } from '../events/polls.service.ts';
import { retentionJob } from './index.ts';
import { BATCH, runRetention } from './retention.service.ts';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const PAGE = '/admin/retention';

async function hubWithAdmin(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const admin = await signedIn(hub, 'administrator');
  return { hub, db: hub.database.db, admin };
}

let joinCodes = 0;

/**
 * A closed event with `delegateCount` delegates, each voting for every approved item, plus one
 * item waiting, one hidden, one hidden but flagged, and a name and corrected wording on the first.
 */
async function closedEvent(db: Database, createdBy: number, closedAt: Date, delegateCount: number) {
  const [event] = await db
    .insert(events)
    .values({
      title: `Forum ${++joinCodes}`,
      kind: 'community_forum',
      heldOn: closedAt.toISOString().slice(0, 10),
      status: 'closed',
      joinCode: `RT${joinCodes}${Date.now() % 10000}`,
      createdBy,
      closedAt,
    })
    .returning();
  const people = await db
    .insert(delegates)
    .values(
      Array.from({ length: delegateCount }, (_, i) => ({ eventId: event!.id, tokenHash: `hash-${event!.id}-${i}` })),
    )
    .returning();
  const author = people[0]!.id;
  const item = (body: string, state: 'shown' | 'answered' | 'pending' | 'hidden', more = {}) => ({
    eventId: event!.id,
    delegateId: author,
    body,
    originalBody: body,
    state,
    ...more,
  });
  const items = await db
    .insert(eventItems)
    .values([
      item('How do schools refer a concern?', 'answered', {
        originalBody: 'how do school refer concern',
        displayName: 'Sam',
      }),
      item('What training is there for youth workers?', 'shown'),
      item('Words nobody approved', 'pending'),
      item('Words a moderator hid', 'hidden'),
      item('Hidden and flagged for safeguarding', 'hidden', { flaggedAt: closedAt }),
    ])
    .returning();
  const votes = people.flatMap((p) => items.slice(0, 2).map((i) => ({ itemId: i.id, delegateId: p.id })));
  for (let from = 0; from < votes.length; from += 1000)
    await db.insert(itemVotes).values(votes.slice(from, from + 1000));
  await answerPollsAndWorkshop(db, event!.id, people);
  return { event: event!, items };
}

/**
 * A single-choice poll every delegate answered (alternating between its two options), an
 * open-text poll only the first answered, and a workshop question every delegate answered.
 */
async function answerPollsAndWorkshop(db: Database, eventId: number, people: { id: number }[]) {
  const [choice, open] = await db
    .insert(polls)
    .values([
      { eventId, question: 'Was the session useful?', kind: 'single_choice', state: 'closed', position: 1 },
      { eventId, question: 'What would help?', kind: 'open_text', state: 'closed', position: 2 },
    ])
    .returning();
  const options = await db
    .insert(pollOptions)
    .values([
      { pollId: choice!.id, label: 'Yes', position: 1 },
      { pollId: choice!.id, label: 'No', position: 2 },
    ])
    .returning();
  const [question] = await db
    .insert(workshopQuestions)
    .values({ eventId, position: 1, text: 'What should schools do next?' })
    .returning();
  for (let from = 0; from < people.length; from += 1000) {
    const some = people.slice(from, from + 1000);
    await db
      .insert(pollResponses)
      .values(some.map((p, i) => ({ pollId: choice!.id, delegateId: p.id, optionId: options[(from + i) % 2]!.id })));
    await db
      .insert(workshopAnswers)
      .values(some.map((p) => ({ questionId: question!.id, delegateId: p.id, body: `More training ${p.id}` })));
  }
  await db.insert(pollResponses).values({ pollId: open!.id, delegateId: people[0]!.id, text: 'Parents evenings' });
}

/** The event's poll responses and workshop answers still tied to a delegate. */
async function linkedAnswers(db: Database, eventId: number): Promise<number> {
  const [responses] = await db
    .select({ n: count() })
    .from(pollResponses)
    .innerJoin(polls, eq(polls.id, pollResponses.pollId))
    .where(and(eq(polls.eventId, eventId), isNotNull(pollResponses.delegateId)));
  const [answers] = await db
    .select({ n: count() })
    .from(workshopAnswers)
    .innerJoin(workshopQuestions, eq(workshopQuestions.id, workshopAnswers.questionId))
    .where(and(eq(workshopQuestions.eventId, eventId), isNotNull(workshopAnswers.delegateId)));
  return (responses?.n ?? 0) + (answers?.n ?? 0);
}

const pollResults = async (db: Database, eventId: number) => (await listPolls(db, eventId)).map((p) => p.results);

async function itemsOf(db: Database, eventId: number) {
  return db.select().from(eventItems).where(eq(eventItems.eventId, eventId)).orderBy(asc(eventItems.id));
}

async function votesOf(db: Database, eventId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(itemVotes)
    .innerJoin(eventItems, eq(eventItems.id, itemVotes.itemId))
    .where(eq(eventItems.eventId, eventId));
  return row?.n ?? 0;
}

test('the page shows the default periods, the audit log kept forever, and is for administrators only', async (t) => {
  const { hub, admin } = await hubWithAdmin(t);
  const page = await admin.browser.get(PAGE);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="eventDelegatesDays"[^>]*value="90"/);
  assert.match(page.body, /name="signInAttemptsDays"[^>]*value="365"/);
  assert.match(page.body, /90 days after the event closes/);
  assert.match(page.body, /Audit log<\/th>\s*<td class="govuk-table__cell">Forever/);
  assert.match(page.body, /never purged/);
  assert.match(page.body, /6 years after the case exits/, 'the register’s own period is listed');

  const coordinator = await signedIn(hub, 'coordinator');
  assert.equal((await coordinator.browser.get(PAGE)).statusCode, 403);
  const refused = await coordinator.browser.post(PAGE, { eventDelegatesDays: 60, signInAttemptsDays: 365 });
  assert.equal(refused.statusCode, 403);
  assert.equal((await coordinator.browser.post(`${PAGE}/run`)).statusCode, 403);
});

test('a period is changed and audited; one not a whole number of days, or too short, is refused with a clear error', async (t) => {
  const { db, admin } = await hubWithAdmin(t);
  for (const [eventDelegatesDays, signInAttemptsDays] of [
    ['7.5', '365'],
    ['29', '365'],
    ['90', '30'],
    ['ninety', '365'],
    ['90', '4000'],
  ]) {
    const refused = await admin.browser.post(PAGE, { eventDelegatesDays, signInAttemptsDays });
    assert.equal(refused.statusCode, 400, `${eventDelegatesDays}, ${signInAttemptsDays} refused`);
    assert.match(refused.body, /Enter a whole number of days from (30|90) to 3650/);
  }
  const saved = await admin.browser.post(PAGE, { eventDelegatesDays: '60', signInAttemptsDays: '365' });
  assert.equal(saved.statusCode, 303);
  const page = await admin.browser.get(`${PAGE}?done=saved`);
  assert.match(page.body, /Retention periods saved/);
  assert.match(page.body, /name="eventDelegatesDays"[^>]*value="60"/);
  const logged = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.period_changed'));
  assert.equal(logged.length, 1);
  assert.deepEqual(logged[0]!.detail, { event_delegates: { before: 90, after: 60 } });
  assert.equal(logged[0]!.actor, admin.user.email);
});

test('a closed event past its period is reduced: tokens and votes gone, counts and approved text kept; one inside the period untouched', async (t) => {
  const { db, admin } = await hubWithAdmin(t);
  const old = await closedEvent(db, admin.user.accountId, daysAgo(91), 3);
  const recent = await closedEvent(db, admin.user.accountId, daysAgo(89), 2);
  const recordBefore = await admin.browser.get(`/events/${old.event.id}`);
  assert.equal(recordBefore.statusCode, 200);
  const resultsBefore = await pollResults(db, old.event.id);
  assert.deepEqual(
    resultsBefore.map((r) => r.respondents),
    [3, 1],
  );

  const page = await admin.browser.get(PAGE);
  assert.match(page.body, /id="due-events">[\s\S]*?1 event<\/td>/, 'one event due');

  const summary = await runRetention(db, new Date());
  assert.equal(summary.eventsReduced, 1);
  assert.equal(summary.votesRemoved, 6);
  assert.equal(summary.itemsRemoved, 2, 'the waiting and the hidden item, not the flagged one');
  assert.equal(summary.tokensErased, 3);
  assert.equal(summary.answersUnlinked, 3 + 1 + 3, 'both polls’ responses and the workshop’s answers');

  assert.equal(await votesOf(db, old.event.id), 0, 'no vote rows left');
  assert.equal(await linkedAnswers(db, old.event.id), 0, 'no answer still names its delegate');
  assert.deepEqual(await pollResults(db, old.event.id), resultsBefore, 'every poll’s results are as they were');
  const answers = await db.select({ body: workshopAnswers.body }).from(workshopAnswers);
  assert.equal(answers.filter((a) => a.body.startsWith('More training')).length, 3 + 2, 'the answers’ words stay');
  const kept = await itemsOf(db, old.event.id);
  assert.deepEqual(
    kept.map((i) => [i.body, i.state, i.votesKept, i.originalBody === i.body, i.displayName]),
    [
      ['How do schools refer a concern?', 'answered', 3, true, null],
      ['What training is there for youth workers?', 'shown', 3, true, null],
      ['Hidden and flagged for safeguarding', 'hidden', 0, true, null],
    ],
  );
  const tokens = await db.select().from(delegates).where(eq(delegates.eventId, old.event.id));
  assert.equal(tokens.length, 3, 'the delegate count stays');
  assert.ok(
    tokens.every((d) => d.tokenHash.startsWith('erased:')),
    'no token hash left',
  );
  const [reduced] = await db.select().from(events).where(eq(events.id, old.event.id));
  assert.ok(reduced!.reducedAt);

  // The event's record still shows each item's votes and the total.
  const summaryPage = await admin.browser.get(`/events/${old.event.id}`);
  assert.equal(summaryPage.statusCode, 200);
  assert.match(summaryPage.body, /Votes\s*<\/dt>\s*<dd[^>]*>\s*6\s*</);

  const exported = await admin.browser.get(`/events/${old.event.id}/export.csv`);
  assert.equal(exported.statusCode, 200);
  const rows = exported.body.split(/\r?\n/);
  assert.ok(
    rows.some((row) => /How do schools refer a concern\?,[^,]*,3,/.test(row)),
    'the export shows the approved question with its 3 votes',
  );
  assert.ok(!exported.body.includes('Words nobody approved'));

  const untouched = await itemsOf(db, recent.event.id);
  assert.equal(untouched.length, 5);
  assert.equal(await votesOf(db, recent.event.id), 4);
  assert.equal(await linkedAnswers(db, recent.event.id), 2 + 1 + 2, 'the recent event’s answers keep their delegates');
  assert.ok(
    (await db.select().from(delegates).where(eq(delegates.eventId, recent.event.id))).every(
      (d) => !d.tokenHash.startsWith('erased:'),
    ),
  );
  assert.equal((await runRetention(db, new Date())).eventsReduced, 0, 'a reduced event is not reduced again');

  const ran = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.ran'));
  assert.equal(ran.length, 2);
  assert.ok(
    Object.values(ran[0]!.detail!).every((v) => typeof v === 'number'),
    'the audit entry holds counts only',
  );
  const check = await checkChain(db);
  assert.ok(check.ok, 'the audit chain still verifies after a run');
});

test('more votes than one batch: every batch is counted and the kept counts add up', async (t) => {
  const { db, admin } = await hubWithAdmin(t);
  const delegateCount = BATCH + 150;
  const old = await closedEvent(db, admin.user.accountId, daysAgo(200), delegateCount);
  const summary = await runRetention(db, new Date());
  assert.equal(summary.votesRemoved, delegateCount * 2, 'two approved items, every delegate voted for both');
  assert.equal(summary.tokensErased, delegateCount);
  const kept = await itemsOf(db, old.event.id);
  assert.deepEqual(
    kept.slice(0, 2).map((i) => i.votesKept),
    [delegateCount, delegateCount],
  );
  assert.equal(summary.answersUnlinked, delegateCount + 1 + delegateCount, 'the workshop’s answers in several batches');
  assert.equal(await linkedAnswers(db, old.event.id), 0);
  const [choice] = await pollResults(db, old.event.id);
  assert.equal(choice!.respondents, delegateCount, 'respondents counted once, kept on the poll');
  assert.deepEqual(
    choice!.rows.map((r) => r.count),
    [Math.ceil(delegateCount / 2), Math.floor(delegateCount / 2)],
  );
});

test('sign-in attempts: new ones go to their own table, not the audit log; those older than the period are purged, newer kept', async (t) => {
  const { hub, db, admin } = await hubWithAdmin(t);
  const someone = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  await browser.post('/sign-in', { email: someone.email, password: 'not the password at all' });
  const attempts = await db.select().from(signInAttempts).where(eq(signInAttempts.email, someone.email));
  assert.deepEqual(
    attempts.map((a) => a.outcome),
    ['failed'],
  );
  assert.equal(
    (await db.select().from(auditLog).where(like(auditLog.action, 'sign_in.%'))).length,
    0,
    'no sign-in attempt in the audit log',
  );

  await db.insert(signInAttempts).values([
    { at: daysAgo(366), email: 'old@example.org', outcome: 'failed' },
    { at: daysAgo(400), email: 'older@example.org', outcome: 'succeeded' },
    { at: daysAgo(364), email: 'recent@example.org', outcome: 'failed' },
  ]);
  const page = await admin.browser.get(PAGE);
  assert.match(page.body, /id="due-sign-ins">[\s\S]*?2 attempts<\/td>/);
  const listed = await admin.browser.get(`${PAGE}/sign-in-attempts?email=${encodeURIComponent(someone.email)}`);
  assert.equal(listed.statusCode, 200);
  assert.match(listed.body, /<td class="govuk-table__cell">failed<\/td>/);
  assert.doesNotMatch(listed.body, /old@example.org/, 'only the email asked for');
  const member = await signedIn(hub, 'member');
  assert.equal((await member.browser.get(`${PAGE}/sign-in-attempts`)).statusCode, 403);
  const summary = await runRetention(db, new Date());
  assert.equal(summary.signInAttemptsDeleted, 2);
  const left = (await db.select({ email: signInAttempts.email }).from(signInAttempts)).map((a) => a.email);
  assert.ok(left.includes('recent@example.org'));
  assert.ok(!left.includes('old@example.org') && !left.includes('older@example.org'));
  assert.ok((await checkChain(db)).ok);
});

test('sign-in attempts download as CSV: every attempt kept, one email or all, formulas kept as text, the download audited; others refused', async (t) => {
  const { hub, db, admin } = await hubWithAdmin(t);
  await db.insert(signInAttempts).values([
    ...Array.from({ length: 1001 }, (_, i) => ({
      at: daysAgo(300 - i / 10),
      email: 'many@example.org',
      outcome: 'failed' as const,
      ip: '192.0.2.7',
    })),
    { at: daysAgo(1), email: '=HYPERLINK("http://evil.example")', outcome: 'failed' as const },
  ]);
  const page = await admin.browser.get(`${PAGE}/sign-in-attempts?email=many%40example.org`);
  assert.match(page.body, /href="\/admin\/retention\/sign-in-attempts.csv\?email=many%40example.org"/);

  const one = await admin.browser.get(`${PAGE}/sign-in-attempts.csv?email=many%40example.org`);
  assert.equal(one.statusCode, 200);
  assert.match(String(one.headers['content-type']), /^text\/csv/);
  assert.match(String(one.headers['content-disposition']), /attachment; filename="sign-in-attempts-/);
  const lines = one.body.trim().split('\n');
  assert.equal(lines[0], 'at,email,outcome,ip');
  assert.equal(lines.length, 1 + 1001, 'more than one page of attempts, all of them');
  assert.ok(lines.slice(1).every((l) => l.endsWith(',many@example.org,failed,192.0.2.7')));
  assert.ok(lines[1]! < lines[1001]!, 'oldest first');

  const all = await admin.browser.get(`${PAGE}/sign-in-attempts.csv`);
  assert.match(all.body, /'=HYPERLINK\(""http:\/\/evil.example""\)",failed/, 'a formula is written as text');
  const exported = await db.select().from(auditLog).where(eq(auditLog.action, 'sign_in_attempts.exported'));
  assert.deepEqual(
    exported.map((e) => e.detail),
    [{ email: 'many@example.org' }, {}],
  );

  const member = await signedIn(hub, 'member');
  assert.equal((await member.browser.get(`${PAGE}/sign-in-attempts.csv`)).statusCode, 403);
});

test('sign-in attempts: more than one batch are purged', async (t) => {
  const { db } = await hubWithAdmin(t);
  const old = Array.from({ length: BATCH * 2 + 7 }, (_, i) => ({
    at: daysAgo(370 + (i % 30)),
    email: `p${i}@example.org`,
    outcome: 'failed' as const,
  }));
  await db.insert(signInAttempts).values(old);
  assert.equal((await runRetention(db, new Date())).signInAttemptsDeleted, old.length);
});

test('"Run now" runs the job, is listed among its runs and audited, and is refused while a run is in progress', async (t) => {
  const { db, admin } = await hubWithAdmin(t);
  await closedEvent(db, admin.user.accountId, daysAgo(100), 2);
  const ran = await admin.browser.post(`${PAGE}/run`);
  assert.equal(ran.statusCode, 303);
  const page = await admin.browser.get(`${PAGE}?done=ran`);
  assert.match(page.body, /Retention ran/);
  assert.match(page.body, /\(run now\)/);
  assert.match(page.body, /1 event reduced/);
  assert.match(page.body, /id="due-events">[\s\S]*?0 events<\/td>/, 'nothing due after the run');
  assert.equal((await db.select().from(auditLog).where(eq(auditLog.action, 'retention.run_requested'))).length, 1);

  // The day's run has claimed its period and not finished (as if another Hub were running it).
  await db.execute(sql`insert into scheduled_job_runs (job, period) values ('retention', 'in progress')`);
  const refused = await admin.browser.post(`${PAGE}/run`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Retention is running now/);
  assert.equal((await db.select().from(auditLog).where(eq(auditLog.action, 'retention.run_requested'))).length, 1);
});

test('the daily job runs through the scheduled jobs once a day', async (t) => {
  const { db, admin } = await hubWithAdmin(t);
  await closedEvent(db, admin.user.accountId, daysAgo(100), 1);
  const at = new Date();
  at.setHours(retentionJob.atHour + 1, 0, 0, 0);
  const [run] = await runDueJobs(db, [retentionJob], at);
  assert.equal(run?.outcome, 'done');
  assert.equal(run?.summary?.eventsReduced, 1);
  assert.deepEqual(await runDueJobs(db, [retentionJob], at), [], 'not twice in a day');
});

test('the migration copies the sign-in attempts already in the audit log, which keeps them and still verifies', async (t) => {
  const { client, migrateToLatest } = await databaseBefore(t, '_retention_sign_in_attempts');
  await client.exec(`
    insert into audit_log (at, account_id, actor, action, detail, ip) values
      ('2026-01-05 09:00:00+00', 7, 'a@example.org', 'sign_in.succeeded', '{"email": "a@example.org"}', '192.0.2.1'),
      ('2026-01-05 09:01:00+00', null, null, 'sign_in.failed', '{"email": "b@example.org"}', '192.0.2.2'),
      ('2026-01-05 09:02:00+00', 7, 'a@example.org', 'document.viewed', null, null)`);
  await migrateToLatest();
  const copied = await client.query<{ email: string; outcome: string; account_id: number | null; ip: string }>(
    'select email, outcome, account_id, ip from sign_in_attempts order by at',
  );
  assert.deepEqual(copied.rows, [
    { email: 'a@example.org', outcome: 'succeeded', account_id: 7, ip: '192.0.2.1' },
    { email: 'b@example.org', outcome: 'failed', account_id: null, ip: '192.0.2.2' },
  ]);
  const kept = await client.query<{ n: number }>(
    `select count(*)::int as n from audit_log where action like 'sign_in.%'`,
  );
  assert.equal(kept.rows[0]!.n, 2, 'the audit log keeps them');
  assert.ok((await checkChain(drizzle(client))).ok);
});
