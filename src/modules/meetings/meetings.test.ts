import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { documentGroups, documents } from '../documents/documents.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { group, meeting, member, organisation, person } from '../../../test/factories.ts';
import { londonToUtc } from './meetings.dates.ts';
import { listMeetingsOfGroup, openActionsForPerson, upcomingMeetingsForPerson } from './meetings.service.ts';
import { actionsArising, agendaItems, meetings } from './meetings.tables.ts';

// One hub for the file (building one takes seconds); each test makes its own groups and people.
const hub = await buildTestHub({ after });
await withPartnership(hub);

const idFrom = (location: unknown) => Number(/\/meetings\/(\d+)/.exec(String(location))?.[1]);

test('the meetings list: empty state, upcoming and past, filtered by group; signed out is sent to sign in', async () => {
  const signedOut = new Browser(hub.app);
  const refused = await signedOut.get('/meetings');
  assert.equal(refused.statusCode, 303);
  assert.match(String(refused.headers.location), /^\/sign-in/);

  const { browser } = await signedIn(hub, 'viewer');
  const panel = await group(hub, 'monthly', 'Channel panel');
  const empty = await browser.get(`/meetings?groupId=${panel.id}`);
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /No meetings yet/);

  const steering = await group(hub, 'quarterly', 'Prevent Steering Group');
  await meeting(hub, panel.id, '2031-02-10', { location: 'City Hall' });
  await meeting(hub, panel.id, '2020-02-10', { status: 'held' });
  await meeting(hub, steering.id, '2031-03-01');
  const all = await browser.get('/meetings');
  assert.match(all.body, /Upcoming meetings/);
  assert.match(all.body, /Past meetings/);
  assert.match(all.body, /10 February 2031, 10:00am/);
  assert.match(all.body, /Prevent Steering Group/);

  const filtered = await browser.get(`/meetings?groupId=${panel.id}`);
  assert.equal(filtered.statusCode, 200);
  assert.match(filtered.body, /Meetings of Channel panel/);
  assert.doesNotMatch(filtered.body, /1 March 2031/);
  assert.doesNotMatch(filtered.body, /Schedule a meeting of/, 'a viewer is not offered scheduling');
  assert.equal((await browser.get('/meetings?groupId=')).statusCode, 200, 'the blank option means all groups');
  assert.equal((await browser.get('/meetings?groupId=99999')).statusCode, 404);
});

test('the schedule form proposes the next date from the cadence, at the same London time across a clock change', async () => {
  const panel = await group(hub, 'monthly');
  // 20 March 2030 is GMT; 20 April 2030 is BST.
  await meeting(hub, panel.id, '2030-03-20', { start: '10:00', end: '11:30', location: 'County Hall, Glenfield' });
  const { browser } = await signedIn(hub, 'coordinator');

  const form = await browser.get(`/groups/${panel.id}/meetings/new`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /name="date" type="date" value="2030-04-20"/);
  assert.match(form.body, /name="startTime" type="time" value="10:00"/);
  assert.match(form.body, /name="endTime" type="time" value="11:30"/);
  assert.match(form.body, /value="County Hall, Glenfield"/);

  const done = await browser.post(`/groups/${panel.id}/meetings`, {
    date: '2030-04-20',
    startTime: '10:00',
    endTime: '11:30',
    location: 'County Hall, Glenfield',
  });
  assert.equal(done.statusCode, 303);
  const [created] = await hub.database.db
    .select()
    .from(meetings)
    .where(eq(meetings.id, idFrom(done.headers.location)));
  assert.equal(created!.startsAt.toISOString(), '2030-04-20T09:00:00.000Z', '10:00 BST is 09:00 UTC');
  assert.equal(created!.endsAt.toISOString(), '2030-04-20T10:30:00.000Z');

  const page = await browser.get(`/meetings/${created!.id}`);
  assert.match(page.body, /Meeting on 20 April 2030/);
  assert.match(page.body, /10:00 to 11:30/);
  assert.match(
    (await browser.get(`/groups/${panel.id}/meetings/new`)).body,
    /value="2030-05-20"/,
    'the next proposal follows the new meeting',
  );

  const adHoc = await group(hub, 'ad_hoc');
  const adHocForm = await browser.get(`/groups/${adHoc.id}/meetings/new`);
  assert.match(adHocForm.body, /no date to propose/);
  assert.match(adHocForm.body, /name="date" type="date">/);
});

test('a series of meetings follows the cadence and keeps local times through the October change', async () => {
  const panel = await group(hub, 'monthly');
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get(`/groups/${panel.id}/meetings/new`);
  const done = await browser.post(`/groups/${panel.id}/meetings`, {
    date: '2030-09-15',
    startTime: '14:00',
    endTime: '16:00',
    count: 3,
  });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/meetings?groupId=${panel.id}`);
  const rows = await hub.database.db
    .select()
    .from(meetings)
    .where(eq(meetings.groupId, panel.id))
    .orderBy(asc(meetings.startsAt));
  assert.deepEqual(
    rows.map((m) => m.startsAt.toISOString()),
    ['2030-09-15T13:00:00.000Z', '2030-10-15T13:00:00.000Z', '2030-11-15T14:00:00.000Z'],
  );

  const adHoc = await group(hub, 'ad_hoc');
  const refused = await browser.post(`/groups/${adHoc.id}/meetings`, {
    date: '2030-09-15',
    startTime: '14:00',
    endTime: '16:00',
    count: 2,
  });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /meets ad hoc/);

  const archived = await group(hub, 'monthly');
  await hub.database.db.update(groups).set({ archivedAt: new Date() }).where(eq(groups.id, archived.id));
  assert.equal(
    (await browser.get(`/groups/${archived.id}/meetings/new`)).statusCode,
    404,
    'an archived group has no new meetings',
  );
  assert.equal(
    (
      await browser.post(`/groups/${archived.id}/meetings`, {
        date: '2030-09-15',
        startTime: '14:00',
        endTime: '16:00',
      })
    ).statusCode,
    404,
  );
  assert.equal((await browser.get('/groups/999999/meetings/new')).statusCode, 404);
});

test('scheduling refuses invalid input with GOV.UK messages and keeps what was typed', async () => {
  const panel = await group(hub, 'quarterly');
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get(`/groups/${panel.id}/meetings/new`);
  const invalid = await browser.post(`/groups/${panel.id}/meetings`, {
    date: '2030-02-31',
    startTime: '25:00',
    location: 'Room 4',
    count: 13,
  });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /There is a problem/);
  assert.match(invalid.body, /Enter the date of the meeting/);
  assert.match(invalid.body, /Enter the start time, like 10:00/);
  assert.match(invalid.body, /Enter the end time, like 12:00/);
  assert.match(invalid.body, /Enter a number of meetings from 1 to 12/);
  assert.match(invalid.body, /value="Room 4"/);

  const backwards = await browser.post(`/groups/${panel.id}/meetings`, {
    date: '2030-02-10',
    startTime: '12:00',
    endTime: '10:00',
  });
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.body, /The end time must be after the start time/);
  assert.equal((await hub.database.db.select().from(meetings).where(eq(meetings.groupId, panel.id))).length, 0);
});

test('only coordinators and the group’s own members schedule and run its meetings', async () => {
  const panel = await group(hub, 'monthly');
  const existing = await meeting(hub, panel.id, '2031-01-10');
  const [item] = await hub.database.db
    .insert(agendaItems)
    .values({ meetingId: existing.id, position: 1, title: 'Prevent update' })
    .returning();
  const [action] = await hub.database.db
    .insert(actionsArising)
    .values({ agendaItemId: item!.id, description: 'Circulate the slides' })
    .returning();
  const { browser: viewer } = await signedIn(hub, 'viewer');
  const { browser: outsider } = await signedIn(hub, 'member');
  const { browser: insider, user: insiderUser } = await signedIn(hub, 'member');
  await member(hub, panel.id, insiderUser.personId);

  const meetingForm = { date: '2031-02-10', startTime: '10:00', endTime: '12:00' };
  const writes: [string, Record<string, string>][] = [
    [`/groups/${panel.id}/meetings`, meetingForm],
    [`/meetings/${existing.id}/edit`, meetingForm],
    [`/meetings/${existing.id}/status`, { status: 'held' }],
    [`/meetings/${existing.id}/agenda-items`, { title: 'Referrals' }],
    [`/meetings/${existing.id}/agenda-items/${item!.id}`, { title: 'Prevent update', minute: 'Noted.' }],
    [`/meetings/${existing.id}/agenda-items/${item!.id}/move`, { direction: 'down' }],
    [`/meetings/${existing.id}/agenda-items/${item!.id}/actions`, { description: 'Write to schools' }],
    [`/meetings/${existing.id}/agenda-items/${item!.id}/actions/${action!.id}/complete`, {}],
    [`/meetings/${existing.id}/attendance`, {}],
  ];
  const pages = [
    `/groups/${panel.id}/meetings/new`,
    `/meetings/${existing.id}/edit`,
    `/meetings/${existing.id}/agenda-items/new`,
    `/meetings/${existing.id}/agenda-items/${item!.id}`,
    `/meetings/${existing.id}/attendance`,
  ];
  for (const [who, browser] of [
    ['viewer', viewer],
    ['member outside the group', outsider],
  ] as const) {
    const page = await browser.get(`/meetings/${existing.id}`);
    assert.equal(page.statusCode, 200, `${who} reads the meeting`);
    assert.doesNotMatch(page.body, /Record attendance|Add an agenda item|Edit item/, `${who} is offered no changes`);
    for (const url of pages) assert.equal((await browser.get(url)).statusCode, 403, `${who}: GET ${url}`);
    for (const [url, form] of writes)
      assert.equal((await browser.post(url, form)).statusCode, 403, `${who}: POST ${url}`);
  }
  assert.equal(
    (await viewer.post(`/groups/${panel.id}/meetings`, {})).statusCode,
    403,
    'refused before the form is checked',
  );

  const page = await insider.get(`/meetings/${existing.id}`);
  assert.match(page.body, /Record attendance/);
  for (const url of pages) assert.equal((await insider.get(url)).statusCode, 200, `member: GET ${url}`);
  for (const [url, form] of writes)
    assert.equal((await insider.post(url, form)).statusCode, 303, `member: POST ${url}`);

  const signedOut = new Browser(hub.app);
  assert.equal((await signedOut.get(`/meetings/${existing.id}`)).statusCode, 303);
  assert.equal((await signedOut.post(`/meetings/${existing.id}/status`, { status: 'held' })).statusCode, 401);
});

test('agenda items: add, edit the minute, reorder; a recommendation under an item; actions arising added and completed', async () => {
  const county = await organisation(hub, 'Leicestershire County Council');
  const karina = await person(hub, 'Karina Kaur', county.id);
  const panel = await group(hub, 'quarterly');
  const m = await meeting(hub, panel.id, '2031-06-12');
  const { browser, user } = await signedIn(hub, 'coordinator');

  const blank = await browser.get(`/meetings/${m.id}`);
  assert.match(blank.body, /No agenda items yet/);
  assert.match(blank.body, /No attendance recorded yet/);

  const form = await browser.get(`/meetings/${m.id}/agenda-items/new`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Karina Kaur \(Leicestershire County Council\)/);
  const invalid = await browser.post(`/meetings/${m.id}/agenda-items`, { title: '', presenterPersonId: 999999 });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Enter the title of the agenda item/);
  const noSuchPresenter = await browser.post(`/meetings/${m.id}/agenda-items`, {
    title: 'Prevent update',
    presenterPersonId: 999999,
  });
  assert.equal(noSuchPresenter.statusCode, 400);
  assert.match(noSuchPresenter.body, /Select a presenter from the list/);

  for (const title of ['Prevent update', 'Referral statistics', 'Any other business']) {
    const added = await browser.post(`/meetings/${m.id}/agenda-items`, {
      title,
      presenterPersonId: title === 'Prevent update' ? karina.id : undefined,
    });
    assert.equal(added.statusCode, 303);
  }
  const items = await hub.database.db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, m.id))
    .orderBy(asc(agendaItems.position));
  assert.deepEqual(
    items.map((i) => i.position),
    [1, 2, 3],
  );
  const [update, stats, aob] = items;

  assert.equal(
    (await browser.post(`/meetings/${m.id}/agenda-items/${aob!.id}/move`, { direction: 'up' })).statusCode,
    303,
  );
  await browser.post(`/meetings/${m.id}/agenda-items/${update!.id}/move`, { direction: 'up' }); // already first: nothing changes
  const order = (await browser.get(`/meetings/${m.id}`)).body;
  assert.ok(order.indexOf('1. Prevent update') < order.indexOf('2. Any other business'));
  assert.ok(order.indexOf('2. Any other business') < order.indexOf('3. Referral statistics'));
  assert.equal(
    (await browser.post(`/meetings/${m.id}/agenda-items/${stats!.id}/move`, { direction: 'sideways' })).statusCode,
    400,
  );

  const edit = await browser.get(`/meetings/${m.id}/agenda-items/${update!.id}`);
  assert.equal(edit.statusCode, 200);
  assert.match(edit.body, /No recommendations under this item yet/);
  assert.doesNotMatch(edit.body, /name="decision"/, 'the item form has no decision of its own');
  const recommended = await browser.post(`/meetings/${m.id}/agenda-items/${update!.id}/recommendations`, {
    text: 'That the Partnership note the report',
  });
  assert.equal(recommended.statusCode, 303);
  const saved = await browser.post(`/meetings/${m.id}/agenda-items/${update!.id}`, {
    title: 'Prevent update',
    presenterPersonId: karina.id,
    minute: 'The Partnership received a report.\nA workshop exercise followed.',
  });
  assert.equal(saved.statusCode, 303);

  const noAction = await browser.post(`/meetings/${m.id}/agenda-items/${update!.id}/actions`, {
    description: '',
    dueOn: '2031-13-01',
  });
  assert.equal(noAction.statusCode, 400);
  assert.match(noAction.body, /Describe the action/);
  assert.match(noAction.body, /Enter the due date as a real date/);
  const added = await browser.post(`/meetings/${m.id}/agenda-items/${update!.id}/actions`, {
    description: 'Arrange in-depth training for probation',
    ownerPersonId: user.personId,
    dueOn: '2031-07-31',
  });
  assert.equal(added.statusCode, 303);
  assert.equal(
    (await browser.get(`/meetings/${m.id}/agenda-items/${update!.id}/actions/999999/complete`)).statusCode,
    404,
  );

  const page = await browser.get(`/meetings/${m.id}`);
  assert.match(page.body, /Karina Kaur/);
  assert.match(page.body, /The Partnership received a report.<br \/>\s*A workshop exercise followed./);
  assert.match(page.body, /Recommendation 1\.<\/span>\s*That the Partnership note the report/);
  assert.match(page.body, /Not yet decided/);
  assert.match(page.body, /Arrange in-depth training for probation/);
  assert.match(page.body, /31 July 2031/);
  assert.match(page.body, /Open/);

  const [action] = await hub.database.db
    .select()
    .from(actionsArising)
    .where(eq(actionsArising.agendaItemId, update!.id));
  const itemPage = await browser.get(`/meetings/${m.id}/agenda-items/${update!.id}`);
  assert.match(itemPage.body, /Mark as done/);
  assert.equal(
    (await browser.post(`/meetings/${m.id}/agenda-items/${update!.id}/actions/${action!.id}/complete`)).statusCode,
    303,
  );
  assert.equal(
    (await browser.post(`/meetings/${m.id}/agenda-items/${stats!.id}/actions/${action!.id}/complete`)).statusCode,
    404,
    'the action belongs to another item',
  );
  const [completed] = await hub.database.db.select().from(actionsArising).where(eq(actionsArising.id, action!.id));
  assert.ok(completed!.completedOn);
  assert.match((await browser.get(`/meetings/${m.id}`)).body, /Done \d+ \w+ \d{4}/);

  assert.equal((await browser.get(`/meetings/${m.id}/agenda-items/999999`)).statusCode, 404);
  assert.equal((await browser.get(`/meetings/999999`)).statusCode, 404);
  assert.equal((await browser.get(`/meetings/abc`)).statusCode, 404, 'a path id that does not parse names nothing');
});

test('meeting status and details: marked held or cancelled, date and place changed', async () => {
  const panel = await group(hub, 'monthly');
  const m = await meeting(hub, panel.id, '2031-01-10');
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get(`/meetings/${m.id}`);
  assert.equal((await browser.post(`/meetings/${m.id}/status`, { status: 'held' })).statusCode, 303);
  assert.match((await browser.get(`/meetings/${m.id}`)).body, /govuk-tag--green">\s*Held/);
  assert.equal((await browser.post(`/meetings/${m.id}/status`, { status: 'cancelled' })).statusCode, 303);
  assert.match((await browser.get(`/meetings/${m.id}`)).body, /Cancelled/);
  assert.equal((await browser.post(`/meetings/${m.id}/status`, { status: 'postponed' })).statusCode, 400);

  const edit = await browser.get(`/meetings/${m.id}/edit`);
  assert.match(edit.body, /value="2031-01-10"/);
  const bad = await browser.post(`/meetings/${m.id}/edit`, { date: 'soon', startTime: '10:00', endTime: '12:00' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the date of the meeting/);
  assert.equal(
    (
      await browser.post(`/meetings/${m.id}/edit`, {
        date: '2031-07-01',
        startTime: '09:30',
        endTime: '11:00',
        location: 'Room 2',
      })
    ).statusCode,
    303,
  );
  const [changed] = await hub.database.db.select().from(meetings).where(eq(meetings.id, m.id));
  assert.equal(changed!.startsAt.toISOString(), '2031-07-01T08:30:00.000Z');
  assert.equal(changed!.location, 'Room 2');
});

test('papers: chosen from the documents the user may see, linked only for those who may see them', async () => {
  const panel = await group(hub, 'quarterly');
  const other = await group(hub, 'quarterly');
  const m = await meeting(hub, panel.id, '2031-04-02');
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const { browser: viewer } = await signedIn(hub, 'viewer');
  const db = hub.database.db;
  const [open] = await db
    .insert(documents)
    .values({ title: 'Prevent update report', groupId: panel.id, createdBy: user.accountId })
    .returning();
  const [restricted] = await db
    .insert(documents)
    .values({
      title: 'CTLP briefing',
      marking: 'OFFICIAL-SENSITIVE',
      audience: 'groups',
      groupId: panel.id,
      createdBy: user.accountId,
    })
    .returning();
  await db.insert(documentGroups).values({ documentId: restricted!.id, groupId: other.id });

  const form = await coordinator.get(`/meetings/${m.id}/agenda-items/new`);
  assert.match(form.body, /Prevent update report \(OFFICIAL\)/);
  assert.equal(
    (await coordinator.post(`/meetings/${m.id}/agenda-items`, { title: 'Prevent update', paperDocumentId: open!.id }))
      .statusCode,
    303,
  );
  assert.equal(
    (await coordinator.post(`/meetings/${m.id}/agenda-items`, { title: 'CTLP', paperDocumentId: restricted!.id }))
      .statusCode,
    303,
  );
  const unknown = await coordinator.post(`/meetings/${m.id}/agenda-items`, {
    title: 'Made up',
    paperDocumentId: 999999,
  });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /Select a paper from the list/);

  const seen = await viewer.get(`/meetings/${m.id}`);
  assert.match(seen.body, new RegExp(`href="/documents/${open!.id}">Prevent update report</a>`));
  assert.doesNotMatch(seen.body, /CTLP briefing/);
  assert.doesNotMatch(seen.body, new RegExp(`/documents/${restricted!.id}"`));

  // A member of the group who may not see the restricted paper saves the item: the paper stays.
  const { browser: insider, user: insiderUser } = await signedIn(hub, 'member');
  await member(hub, panel.id, insiderUser.personId);
  const [ctlpItem] = await db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, m.id), eq(agendaItems.title, 'CTLP')));
  const editPage = await insider.get(`/meetings/${m.id}/agenda-items/${ctlpItem!.id}`);
  assert.doesNotMatch(editPage.body, /CTLP briefing/);
  assert.equal(
    (await insider.post(`/meetings/${m.id}/agenda-items/${ctlpItem!.id}`, { title: 'CTLP', minute: 'Discussed.' }))
      .statusCode,
    303,
  );
  const [kept] = await db.select().from(agendaItems).where(eq(agendaItems.id, ctlpItem!.id));
  assert.equal(kept!.paperDocumentId, restricted!.id);
  assert.equal(kept!.minute, 'Discussed.');
});

test('contract: meetings of a group, a person’s next meetings, their open actions', async () => {
  const db = hub.database.db;
  const panel = await group(hub, 'monthly', 'Channel panel (contract)');
  const elsewhere = await group(hub, 'monthly');
  const sean = await person(hub, 'Sean Example');
  await member(hub, panel.id, sean.id);
  const old = await meeting(hub, panel.id, '2020-05-01', { status: 'held' });
  const next = await meeting(hub, panel.id, '2031-05-01', { location: 'St Philips Centre' });
  const later = await meeting(hub, panel.id, '2031-06-01', { status: 'cancelled' });
  await meeting(hub, elsewhere.id, '2031-05-02');
  const [item] = await db.insert(agendaItems).values({ meetingId: old.id, position: 1, title: 'Channel' }).returning();
  await db.insert(actionsArising).values([
    { agendaItemId: item!.id, description: 'Later', ownerPersonId: sean.id, dueOn: '2031-09-01' },
    { agendaItemId: item!.id, description: 'Undated', ownerPersonId: sean.id },
    { agendaItemId: item!.id, description: 'Sooner', ownerPersonId: sean.id, dueOn: '2031-01-01' },
    { agendaItemId: item!.id, description: 'Done already', ownerPersonId: sean.id, completedOn: '2020-06-01' },
  ]);

  const ofGroup = await listMeetingsOfGroup(db, panel.id);
  assert.deepEqual(
    ofGroup.map((s) => s.id),
    [later.id, next.id, old.id],
  );
  assert.equal(ofGroup[2]!.agendaCount, 1);
  assert.equal(ofGroup[1]!.groupName, 'Channel panel (contract)');
  assert.equal(ofGroup[1]!.startsAt.toISOString(), londonToUtc('2031-05-01', '10:00').toISOString());

  const upcoming = await upcomingMeetingsForPerson(db, sean.id);
  assert.deepEqual(
    upcoming.map((s) => [s.id, s.status]),
    [
      [next.id, 'scheduled'],
      [later.id, 'cancelled'],
    ],
  );
  assert.equal((await upcomingMeetingsForPerson(db, sean.id, 1)).length, 1);

  const actions = await openActionsForPerson(db, sean.id);
  assert.deepEqual(
    actions.map((a) => a.description),
    ['Sooner', 'Later', 'Undated'],
  );
  assert.equal(actions[0]!.meetingId, old.id);
  assert.equal(actions[0]!.groupName, 'Channel panel (contract)');
});
