import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, like } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { event, organisation, person } from '../../../test/factories.ts';
import { PUBLIC_ROUTES } from '../../auth/public-routes.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { engagementEntries, outstandingTrainingRequests, trainingSummaries } from './index.ts';
import { deliveredBy } from './training.reads.ts';
import { askAtLiveEvent, setEventOffer } from './training.service.ts';
import { preventChampions, trainingCourses, trainingRequests, trainingSessions } from './training.tables.ts';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const idFrom = (location: unknown) => Number(/\/training\/sessions\/(\d+)/.exec(String(location))?.[1]);

async function course(hub: TestHub, title: string, trainsTrainers = false) {
  const [row] = await hub.database.db
    .insert(trainingCourses)
    .values({ title, kind: trainsTrainers ? 'train_the_trainer' : 'prevent_awareness', trainsTrainers })
    .returning();
  return row!;
}

async function session(hub: TestHub, courseId: number, heldOn: string, trainerPersonId: number) {
  const [row] = await hub.database.db
    .insert(trainingSessions)
    .values({ courseId, heldOn, place: 'County Hall, Glenfield', trainerPersonId, capacity: 20 })
    .returning();
  return row!;
}

/** A member whose record names their organisation. */
async function memberOf(hub: TestHub, organisationId: number) {
  const signed = await signedIn(hub, 'member');
  await hub.database.db.update(people).set({ organisationId }).where(eq(people.id, signed.user.personId));
  return signed;
}

test('a coordinator adds a course, schedules a session, records attendance and feedback, and sees the figures', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator', 'Karina Kaur');
  const college = await organisation(hub, 'Loughborough College');
  const empty = await browser.get('/training');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /No courses yet/);

  assert.equal((await browser.get('/training/courses/new')).statusCode, 200);
  const bad = await browser.post('/training/courses', { title: '', kind: 'nonsense' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the course title/);
  const added = await browser.post('/training/courses', { title: 'Prevent awareness', kind: 'prevent_awareness' });
  assert.equal(added.statusCode, 303);
  const again = await browser.post('/training/courses', { title: 'Prevent awareness', kind: 'prevent_awareness' });
  assert.match(again.body, /already exists/);
  const [awareness] = await hub.database.db.select().from(trainingCourses);

  assert.equal((await browser.get('/training/sessions/new')).statusCode, 200);
  const noTrainer = await browser.post('/training/sessions', {
    courseId: awareness!.id,
    heldOn: '2026-03-04',
    place: 'Melton',
    capacity: 20,
  });
  assert.equal(noTrainer.statusCode, 400);
  assert.match(noTrainer.body, /Select the trainer/);
  const scheduled = await browser.post('/training/sessions', {
    courseId: awareness!.id,
    heldOn: '2026-03-04',
    place: 'Melton',
    trainerPersonId: user.personId,
    capacity: 20,
  });
  assert.equal(scheduled.statusCode, 303);
  const sessionId = idFrom(scheduled.headers.location);
  assert.equal((await browser.get(`/training/sessions/${sessionId}`)).statusCode, 200);

  const none = await browser.post(`/training/sessions/${sessionId}/attendance`, { organisationId: college.id });
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Enter the number of staff/);
  const counted = await browser.post(`/training/sessions/${sessionId}/attendance`, {
    organisationId: college.id,
    staff: 12,
  });
  assert.equal(counted.statusCode, 303);
  assert.equal((await browser.post(`/training/sessions/${sessionId}/feedback`, {})).statusCode, 400);
  assert.equal(
    (await browser.post(`/training/sessions/${sessionId}/feedback`, { score4: 3, score5: 1 })).statusCode,
    303,
  );
  const page = await browser.get(`/training/sessions/${sessionId}`);
  assert.match(page.body, /4\.3 out of 5 from 4 responses/);
  assert.match(page.body, /12 of 20 places/);

  const overview = await browser.get('/training?from=2026-01-01&to=2026-12-31');
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /id="training-by-sector-table"/);
  assert.match(overview.body, /Local authority<\/th><td class="govuk-table__cell govuk-table__cell--numeric">12</);
  assert.equal((await browser.get('/training?from=2026-12-31&to=2026-01-01')).statusCode, 400);

  assert.equal((await browser.post('/training/targets', { organisationId: college.id, staff: 48 })).statusCode, 303);
  const coverage = await browser.get('/training?from=2026-01-01&to=2026-12-31');
  assert.match(coverage.body, /Loughborough College<\/th>\s*<td[^>]*>48<\/td>\s*<td[^>]*>12<\/td>\s*<td[^>]*>25%/);

  const csv = await browser.get('/training/figures.csv?from=2026-01-01&to=2026-12-31');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  assert.match(csv.body, /2026-03-04,Prevent awareness,Melton,Karina Kaur,Loughborough College,local_authority,,12/);

  const [entry] = await engagementEntries(hub.database.db, YEAR);
  assert.deepEqual(
    { kind: entry!.kind, title: entry!.title, attendance: entry!.attendance, href: entry!.href },
    { kind: 'training_session', title: 'Prevent awareness', attendance: 12, href: `/training/sessions/${sessionId}` },
  );

  assert.equal((await browser.post(`/training/sessions/${sessionId}/cancel`, {})).statusCode, 400);
  assert.equal(
    (await browser.post(`/training/sessions/${sessionId}/cancel`, { reason: 'Venue flooded' })).statusCode,
    303,
  );
  const late = await browser.post(`/training/sessions/${sessionId}/attendance`, {
    organisationId: college.id,
    staff: 1,
  });
  assert.equal(late.statusCode, 400, 'a cancelled session takes no attendance');
  assert.match(late.body, /This session was cancelled/);
  assert.equal((await engagementEntries(hub.database.db, YEAR)).length, 0, 'a cancelled session was not held');
  const kept = await hub.database.db.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
  assert.equal(kept[0]!.cancelReason, 'Venue flooded', 'cancelled, not deleted');
  const audited = await hub.database.db.select().from(auditLog).where(like(auditLog.action, 'training%'));
  assert.deepEqual([...new Set(audited.map((row) => row.action))].sort(), [
    'training_attendance.recorded',
    'training_course.created',
    'training_feedback.recorded',
    'training_session.cancelled',
    'training_session.scheduled',
    'training_target.set',
  ]);
});

test('a Champion’s cascade is counted once: under the Champion, never again under the coordinator who trained them', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator', 'Karina Kaur');
  const county = await organisation(hub, 'Leicestershire County Council');
  const colleague = await person(hub, 'Sam Patel', county.id);
  const ttt = await course(hub, 'Train the Trainer for Prevent Champions', true);
  const awareness = await course(hub, 'Prevent awareness');
  const training = await session(hub, ttt.id, '2026-02-10', user.personId);
  const recorded = await browser.post(`/training/sessions/${training.id}/attendance`, {
    organisationId: county.id,
    personId: colleague.id,
  });
  assert.equal(recorded.statusCode, 303);
  const twice = await browser.post(`/training/sessions/${training.id}/attendance`, {
    organisationId: county.id,
    personId: colleague.id,
  });
  assert.match(twice.body, /already recorded/);
  const [champion] = await hub.database.db.select().from(preventChampions);
  assert.deepEqual(
    [champion!.personId, champion!.trainedOn, champion!.trainedAtSessionId],
    [colleague.id, '2026-02-10', training.id],
  );

  for (const day of ['2026-04-01', '2026-06-15']) {
    const cascaded = await session(hub, awareness.id, day, colleague.id);
    await browser.post(`/training/sessions/${cascaded.id}/attendance`, { organisationId: county.id, staff: 10 });
  }
  const delivered = await deliveredBy(hub.database.db, YEAR);
  const byName = Object.fromEntries(delivered.map((row) => [row.trainer, row]));
  assert.deepEqual(
    [byName['Karina Kaur']!.sessions, byName['Karina Kaur']!.staff, byName['Karina Kaur']!.champion],
    [1, 1, false],
  );
  assert.deepEqual(
    [byName['Sam Patel']!.sessions, byName['Sam Patel']!.staff, byName['Sam Patel']!.champion],
    [2, 20, true],
  );
  const summary = await trainingSummaries(hub.database.db, YEAR);
  assert.deepEqual(
    [summary.sessions, summary.staffTrained, summary.cascadeSessions, summary.cascadeStaff, summary.champions],
    [3, 21, 2, 20, 1],
  );
  const page = await browser.get('/training/champions');
  assert.match(page.body, /Sam Patel<\/th>[\s\S]*?<td[^>]*>2<\/td>\s*<td[^>]*>20<\/td>/);
  const direct = await browser.post('/training/champions', { personId: colleague.id, trainedOn: '2026-01-01' });
  assert.match(direct.body, /already a Prevent Champion/);
});

test('training requests: a member asks for their organisation, the coordinator schedules one and declines another', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await signedIn(hub, 'coordinator');
  const school = await organisation(hub, 'Rutland County College');
  const other = await organisation(hub, 'Leicester City Council');
  const { browser } = await memberOf(hub, school.id);
  const form = {
    topic: 'Prevent awareness',
    audience: 'Pastoral staff',
    numbers: 25,
    contactName: 'A Head',
    contactEmail: 'head@example.org',
  };
  assert.equal((await browser.get('/training/requests/new')).statusCode, 200);
  assert.equal(
    (await browser.post('/training/requests', { ...form, organisationId: school.id, contactEmail: 'nope' })).statusCode,
    400,
  );
  const elsewhere = await browser.post('/training/requests', { ...form, organisationId: other.id });
  assert.match(elsewhere.body, /your own organisation only/);
  assert.equal((await browser.post('/training/requests', { ...form, organisationId: school.id })).statusCode, 303);
  assert.equal(
    (await browser.post('/training/requests', { ...form, organisationId: school.id, topic: 'WRAP' })).statusCode,
    303,
  );
  assert.equal((await browser.get('/training/requests')).statusCode, 403, 'contact details are for coordinators');

  const [first, second] = await hub.database.db.select().from(trainingRequests).orderBy(trainingRequests.id);
  const waiting = await outstandingTrainingRequests(hub.database.db, {
    ...coordinator.user,
    name: 'c',
    mustChangePassword: false,
    groupIds: [],
  });
  assert.equal(waiting.length, 2);
  const home = await coordinator.browser.get('/');
  if (/training-requests-outstanding/.test(home.body))
    assert.match(home.body, /Prevent awareness<\/a>, for Rutland County College/);

  const c = coordinator.browser;
  assert.equal((await c.get('/training/requests')).statusCode, 200);
  assert.equal((await c.get(`/training/requests/${first!.id}`)).statusCode, 200);
  assert.equal((await c.get(`/training/sessions/new?requestId=${first!.id}`)).statusCode, 200);
  const awareness = await course(hub, 'Prevent awareness');
  const scheduled = await c.post('/training/sessions', {
    courseId: awareness.id,
    heldOn: '2026-09-01',
    place: 'Rutland County College',
    externalTrainer: 'Home Office trainer',
    capacity: 30,
    requestId: first!.id,
  });
  assert.equal(scheduled.statusCode, 303);
  const again = await c.post('/training/sessions', {
    courseId: awareness.id,
    heldOn: '2026-09-02',
    place: 'x',
    externalTrainer: 'y',
    capacity: 3,
    requestId: first!.id,
  });
  assert.match(again.body, /already been answered/);
  assert.equal((await c.post(`/training/requests/${second!.id}/decline`, {})).statusCode, 400);
  assert.equal(
    (await c.post(`/training/requests/${second!.id}/decline`, { reason: 'Covered by the e-learning' })).statusCode,
    303,
  );
  const rows = await hub.database.db.select().from(trainingRequests).orderBy(trainingRequests.id);
  assert.deepEqual(
    rows.map((r) => [r.status, r.declineReason]),
    [
      ['scheduled', null],
      ['declined', 'Covered by the e-learning'],
    ],
  );
  assert.equal(
    (
      await outstandingTrainingRequests(hub.database.db, {
        ...coordinator.user,
        name: 'c',
        mustChangePassword: false,
        groupIds: [],
      })
    ).length,
    0,
  );
});

test('refusals: signed out, viewers, members outside their organisation, bad ids', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await signedIn(hub, 'coordinator');
  const mine = await organisation(hub, 'Charnwood Borough Council');
  const theirs = await organisation(hub, 'Leicestershire Police', 'police');
  const awareness = await course(hub, 'Prevent awareness');
  const held = await session(hub, awareness.id, '2026-05-05', coordinator.user.personId);

  const stranger = new Browser(hub.app);
  for (const url of ['/training', '/training/champions', `/training/sessions/${held.id}`, '/training/figures.csv'])
    assert.equal((await stranger.get(url)).statusCode, 303, `${url} signed out`);

  const viewer = await signedIn(hub, 'viewer');
  assert.equal((await viewer.browser.get('/training')).statusCode, 200);
  assert.doesNotMatch((await viewer.browser.get('/training')).body, /Schedule a session/);
  for (const url of [
    '/training/courses/new',
    '/training/sessions/new',
    '/training/requests/new',
    '/training/targets/new',
    '/training/event-offers',
    '/training/requests',
  ])
    assert.equal((await viewer.browser.get(url)).statusCode, 403, `${url} for a viewer`);
  assert.equal(
    (await viewer.browser.post(`/training/sessions/${held.id}/attendance`, { organisationId: mine.id, staff: 2 }))
      .statusCode,
    403,
  );

  const { browser } = await memberOf(hub, mine.id);
  assert.equal((await browser.post('/training/courses', { title: 'Mine', kind: 'other' })).statusCode, 403);
  assert.equal((await browser.post(`/training/sessions/${held.id}/cancel`, { reason: 'no' })).statusCode, 403);
  assert.equal((await browser.post(`/training/sessions/${held.id}/feedback`, { score5: 1 })).statusCode, 403);
  assert.equal((await browser.post('/training/targets', { organisationId: mine.id, staff: 1 })).statusCode, 403);
  assert.equal((await browser.post('/training/event-offers', { eventId: 1 })).statusCode, 403);
  assert.equal(
    (await browser.post(`/training/sessions/${held.id}/attendance`, { organisationId: theirs.id, staff: 2 }))
      .statusCode,
    403,
  );
  assert.equal(
    (await browser.post(`/training/sessions/${held.id}/attendance`, { organisationId: mine.id, staff: 2 })).statusCode,
    303,
  );

  const c = coordinator.browser;
  assert.equal((await c.get('/training/sessions/999999')).statusCode, 404);
  assert.equal((await c.get('/training/requests/999999')).statusCode, 404);
  assert.equal((await c.get('/training/sessions/new?requestId=999999')).statusCode, 404);
  assert.equal((await c.post('/training/requests/999999/decline', { reason: 'x' })).statusCode, 404);
  assert.equal((await c.post('/training/sessions/999999/cancel', { reason: 'x' })).statusCode, 404);
  assert.equal((await c.post('/training/event-offers', { eventId: 999999 })).statusCode, 400);
  assert.equal((await c.post('/training/event-offers/999999/end')).statusCode, 404);
  assert.equal(
    (
      await c.post('/training/sessions', {
        courseId: 999999,
        heldOn: '2026-01-01',
        place: 'x',
        externalTrainer: 'y',
        capacity: 3,
      })
    ).statusCode,
    400,
  );
});

test('a request from a live event is stored with the event and nothing that links it to the delegate', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await signedIn(hub, 'coordinator');
  const forum = await event(hub, coordinator.user.accountId, { title: 'Prevent community forum' });
  const c = coordinator.browser;
  assert.equal((await c.get('/training/event-offers')).statusCode, 200);
  assert.equal((await c.post('/training/event-offers', { eventId: forum.id })).statusCode, 303);
  assert.match((await c.get('/training/event-offers')).body, /Prevent community forum/);

  const details = {
    organisationText: 'Highfields Youth Club',
    topic: 'Online radicalisation',
    audience: 'Youth workers',
    numbers: 8,
    contactName: 'Jo Youth',
    contactEmail: 'jo@example.org',
  };
  if (PUBLIC_ROUTES.has('GET /e/:code/training-request')) {
    const phone = new Browser(hub.app);
    await phone.get(`/e/${forum.joinCode}`);
    const page = await phone.get(`/e/${forum.joinCode}/training-request`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /kept apart from the questions, comments and votes/);
    assert.equal(
      (await phone.post(`/e/${forum.joinCode}/training-request`, details)).statusCode,
      400,
      'consent is asked',
    );
    assert.equal(
      (await phone.post(`/e/${forum.joinCode}/training-request`, { ...details, consent: 'yes' })).statusCode,
      303,
    );
    assert.equal((await phone.get('/e/NOSUCHCODE/training-request')).statusCode, 404);
  } else {
    await askAtLiveEvent(hub.database.db, forum.id, details);
  }
  const [row] = await hub.database.db.select().from(trainingRequests);
  assert.equal(row!.eventId, forum.id);
  assert.equal(row!.source, 'live_event');
  assert.equal(row!.requestedBy, null, 'no account');
  const columns = Object.keys(row!);
  assert.deepEqual(
    columns.filter((name) => /delegate|token|cookie|session|ip/i.test(name)),
    [],
    'no column could hold a link to the delegate',
  );
  const typed: unknown[] = [...Object.values(details), 'live_event', 'open'];
  for (const value of Object.values(row!).filter((v) => typeof v === 'string'))
    assert.ok(typed.includes(value), `only what the delegate typed: ${String(value)}`);
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'training_request.made'));
  assert.deepEqual(Object.keys(entry!.detail as object).sort(), ['eventId', 'topic']);

  assert.equal((await c.post(`/training/event-offers/${forum.id}/end`)).statusCode, 303);
  await assert.rejects(askAtLiveEvent(hub.database.db, forum.id, details), /not found|training request form/i);
  await setEventOffer(
    hub.database.db,
    { ...coordinator.user, name: 'c', mustChangePassword: false, groupIds: [] },
    forum.id,
    true,
  );
});

test('the overview pages its sessions: 500 sessions stay under 150 KB, page 2 holds the older ones, a bad page is refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  const awareness = await course(hub, 'Prevent awareness');
  // Session i is held on day i*0.7 of 2026: the higher i, the newer.
  await hub.database.db.insert(trainingSessions).values(
    Array.from({ length: 500 }, (_, i) => ({
      courseId: awareness.id,
      heldOn: new Date(Date.UTC(2026, 0, 1 + Math.floor(i * 0.7))).toISOString().slice(0, 10),
      place: `Room ${i}`,
      trainerPersonId: user.personId,
      capacity: 20,
    })),
  );
  const first = await browser.get('/training?from=2026-01-01&to=2026-12-31');
  assert.equal(first.statusCode, 200);
  assert.ok(first.body.length <= 150 * 1024, `the overview is ${first.body.length} bytes`);
  assert.match(first.body, /500 sessions in the period and after it, newest first: page 1 of 25/);
  assert.match(first.body, /, Room 499<\/td>/);
  assert.doesNotMatch(first.body, /, Room 479<\/td>/);
  assert.match(first.body, /href="\/training\?from=2026-01-01&amp;to=2026-12-31&amp;page=2#sessions"/);

  const second = await browser.get('/training?from=2026-01-01&to=2026-12-31&page=2');
  assert.equal(second.statusCode, 200);
  assert.match(second.body, /, Room 479<\/td>/);
  assert.match(second.body, /, Room 460<\/td>/);
  assert.doesNotMatch(second.body, /, Room 499<\/td>/);
  assert.doesNotMatch(second.body, /, Room 459<\/td>/);

  for (const page of ['0', 'two', '1.5', '-3']) {
    const refused = await browser.get(`/training?page=${page}`);
    assert.equal(refused.statusCode, 400, `page=${page}`);
    assert.match(refused.body, /govuk-error-summary/);
  }
  const beyond = await browser.get('/training?from=2026-01-01&to=2026-12-31&page=26');
  assert.equal(beyond.statusCode, 404);
  assert.match(beyond.body, /govuk-heading-l/);
});

test('the engagement log shows a training session under the audiences its attendance reached', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  const [college] = await hub.database.db
    .insert(organisations)
    .values({ name: 'Charnwood College', sector: 'education' })
    .returning();
  const police = await organisation(hub, 'Leicestershire Police', 'police');
  const awareness = await course(hub, 'WRAP for school staff');
  const held = await session(hub, awareness.id, '2026-05-12', user.personId);
  await browser.post(`/training/sessions/${held.id}/attendance`, { organisationId: college!.id, staff: 14 });
  const [entry] = await engagementEntries(hub.database.db, YEAR);
  assert.deepEqual(entry!.audiences, ['schools'], 'school staff are the schools audience');

  const log = await browser.get('/engagement?from=2026-01-01&to=2026-12-31');
  assert.equal(log.statusCode, 200);
  assert.match(
    log.body,
    /WRAP for school staff<\/a>[\s\S]*?<\/td>\s*<td class="govuk-table__cell">Schools<\/td>\s*<td[^>]*>14<\/td>/,
  );
  assert.match(
    log.body,
    /<th scope="row" class="govuk-table__header">Schools<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>14<\/td>/,
  );

  await browser.post(`/training/sessions/${held.id}/attendance`, { organisationId: police.id, staff: 6 });
  const [both] = await engagementEntries(hub.database.db, YEAR);
  assert.deepEqual(both!.audiences, ['schools', 'frontline_staff'], 'police officers are frontline staff');
});
