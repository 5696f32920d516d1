import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { NotFoundError } from '../../errors.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { documents } from '../documents/documents.tables.ts';
import { listVisibleDocuments } from '../documents/documents.service.ts';
import { meetings } from '../meetings/meetings.tables.ts';
import { listMeetingsOfGroup } from '../meetings/meetings.service.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { getGroup, groupsOfPerson, listCurrentMembers, listGroupOptions } from './groups.service.ts';
import { groupMembers, groupReportingLines, groups } from './groups.tables.ts';

async function organisation(hub: TestHub, name: string, sector: 'police' | 'local_authority' | 'health' = 'police') {
  const [row] = await hub.database.db.insert(organisations).values({ name, sector }).returning();
  return row!.id;
}

/** People are inserted directly: their own pages belong to another module. */
async function person(hub: TestHub, name: string, organisationId: number | null = null) {
  const [row] = await hub.database.db.insert(people).values({ name, organisationId }).returning();
  return row!.id;
}

/** Adds a group through the form and returns its id. */
async function addGroup(browser: Browser, form: Record<string, string | number | number[] | undefined>) {
  await browser.get('/groups/new');
  const response = await browser.post('/groups', { cadence: 'quarterly', ...form });
  assert.equal(response.statusCode, 303, response.body);
  const id = Number(/^\/groups\/(\d+)$/.exec(String(response.headers.location))?.[1]);
  assert.ok(id > 0);
  return id;
}

const auditEntries = (hub: TestHub, action: string) =>
  hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action as never));

test('signed out, every groups page sends you to sign in and nothing can be changed', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const browser = new Browser(hub.app);
  for (const url of ['/groups', '/groups/new', '/groups/1', '/groups/1/edit', '/groups/1/members/new', '/structure']) {
    const response = await browser.get(url);
    assert.equal(response.statusCode, 303, url);
    assert.match(String(response.headers.location), /^\/sign-in\?next=/);
  }
  await browser.get('/sign-in');
  for (const url of [
    '/groups',
    '/groups/1/edit',
    '/groups/1/archive',
    '/groups/1/members',
    '/groups/1/members/1/leave',
  ]) {
    assert.equal((await browser.post(url, { name: 'X', kind: 'forum', cadence: 'monthly' })).statusCode, 401, url);
  }
  assert.equal((await hub.database.db.select().from(groups)).length, 0);
});

test('with no groups yet, the list and the structure say what to do next', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const list = await coordinator.get('/groups');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /No groups yet/);
  assert.match(list.body, /href="\/groups\/new"/);
  const structure = await coordinator.get('/structure');
  assert.equal(structure.statusCode, 200);
  assert.match(structure.body, /No groups yet, so there is no structure to show/);
  assert.doesNotMatch(structure.body, /<svg/);

  const { browser: viewer } = await signedIn(hub, 'viewer');
  const viewed = await viewer.get('/groups');
  assert.match(viewed.body, /A coordinator adds them/);
  assert.doesNotMatch(viewed.body, /href="\/groups\/new"/);
});

test('a coordinator adds a group, and it is listed under its kind with chair, cadence and members', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  const [area] = await hub.database.db.insert(areas).values({ name: 'Leicestershire', kind: 'county' }).returning();
  const chair = await person(
    hub,
    'Ruth Chair',
    await organisation(hub, 'Leicestershire County Council', 'local_authority'),
  );
  const board = await addGroup(browser, { name: 'Safer Communities Strategy Board', kind: 'board' });

  const form = await browser.get('/groups/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Add a group/);
  assert.match(form.body, /Safer Communities Strategy Board/, 'other groups offered as "reports to"');
  const executive = await addGroup(browser, {
    name: 'Prevent Executive Group',
    kind: 'executive',
    description: 'Oversees Prevent delivery across the city and county.',
    areaId: area!.id,
    chairPersonId: chair,
    cadence: 'quarterly',
    reportsToGroupIds: [board],
  });
  const [stored] = await hub.database.db.select().from(groups).where(eq(groups.id, executive));
  assert.equal(stored!.chairPersonId, chair);
  assert.equal(stored!.areaId, area!.id);
  assert.deepEqual(
    await hub.database.db.select().from(groupReportingLines).where(eq(groupReportingLines.groupId, executive)),
    [{ groupId: executive, reportsToGroupId: board }],
  );

  const created = await auditEntries(hub, 'group.created');
  assert.equal(created.length, 2);
  const entry = created.find((e) => e.subjectId === String(executive))!;
  assert.equal(entry.accountId, user.accountId);
  assert.equal(entry.subjectType, 'group');
  assert.deepEqual((entry.detail as { reportsToGroupIds: number[] }).reportsToGroupIds, [board]);

  await hub.database.db.insert(groupMembers).values([
    { groupId: executive, personId: chair, role: 'chair' },
    { groupId: executive, personId: await person(hub, 'Someone Else'), role: 'member' },
    { groupId: executive, personId: await person(hub, 'Former Member'), role: 'member', leftOn: '2019-01-01' },
  ]);
  const list = await browser.get('/groups');
  assert.equal(list.statusCode, 200);
  const executiveTable =
    /<table class="govuk-table" id="kind-executive">([\s\S]*?)<\/table>/.exec(list.body)?.[1] ?? '';
  assert.match(executiveTable, /Executive group/);
  assert.match(executiveTable, new RegExp(`href="/groups/${executive}">Prevent Executive Group`));
  assert.match(executiveTable, /Ruth Chair/);
  assert.match(executiveTable, /Quarterly/);
  assert.match(executiveTable, /numeric">2</, 'only current members are counted');
  assert.ok(
    list.body.indexOf('id="kind-executive"') < list.body.indexOf('id="kind-board"'),
    'kinds in their usual order',
  );
});

test('invalid or clashing input is refused with GOV.UK error messages, keeping what was typed', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get('/groups/new');
  const invalid = await browser.post('/groups', {
    name: '',
    kind: 'cabal',
    cadence: 'hourly',
    description: 'Kept text',
  });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /There is a problem/);
  assert.match(invalid.body, /<a href="#name">Enter the name of the group<\/a>/);
  assert.match(invalid.body, /<a href="#kind">Select the kind of group<\/a>/);
  assert.match(invalid.body, /<a href="#cadence">Select how often the group meets<\/a>/);
  assert.match(invalid.body, /Kept text/);
  assert.match(invalid.body, /<title>Error: /);

  const tooLong = await browser.post('/groups', { name: 'x'.repeat(121), kind: 'forum', cadence: 'monthly' });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /Group name must be 120 characters or fewer/);

  await addGroup(browser, { name: 'Prevent Steering Group', kind: 'steering' });
  const duplicate = await browser.post('/groups', {
    name: 'PREVENT steering group',
    kind: 'steering',
    cadence: 'monthly',
  });
  assert.equal(duplicate.statusCode, 400);
  assert.match(duplicate.body, /There is already a group with that name/);

  const unknownParent = await browser.post('/groups', {
    name: 'Channel panel',
    kind: 'channel_panel',
    cadence: 'monthly',
    parentGroupId: 9999,
  });
  assert.equal(unknownParent.statusCode, 400);
  assert.match(unknownParent.body, /Select the group this group is part of from the list/);

  const unknownBoard = await browser.post('/groups', {
    name: 'Channel panel',
    kind: 'channel_panel',
    cadence: 'monthly',
    reportsToGroupIds: [9999],
  });
  assert.equal(unknownBoard.statusCode, 400);
  assert.match(unknownBoard.body, /<a href="#reportsToGroupIds">/);

  const unknownChair = await browser.post('/groups', {
    name: 'Channel panel',
    kind: 'channel_panel',
    cadence: 'monthly',
    chairPersonId: 9999,
  });
  assert.equal(unknownChair.statusCode, 400);
  assert.match(unknownChair.body, /Select the chair from the list/);
  assert.equal((await hub.database.db.select().from(groups)).length, 1);
});

test('viewers and members cannot add, change or archive groups', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const id = await addGroup(coordinator, { name: 'Prevent Community Forum', kind: 'forum' });
  for (const role of ['viewer', 'member'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get('/groups/new')).statusCode, 403, role);
    assert.equal(
      (await browser.post('/groups', { name: 'Mine', kind: 'forum', cadence: 'monthly' })).statusCode,
      403,
      role,
    );
    assert.equal((await browser.get(`/groups/${id}/edit`)).statusCode, 403, role);
    assert.equal(
      (await browser.post(`/groups/${id}/edit`, { name: 'Renamed', kind: 'forum', cadence: 'monthly' })).statusCode,
      403,
      role,
    );
    assert.equal((await browser.post(`/groups/${id}/archive`)).statusCode, 403, role);
    const page = await browser.get(`/groups/${id}`);
    assert.equal(page.statusCode, 200, 'everyone signed in reads the group');
    assert.doesNotMatch(page.body, /\/edit"|Archive this group|Add a member/);
  }
  const [group] = await hub.database.db.select().from(groups);
  assert.equal(group!.name, 'Prevent Community Forum');
  assert.equal(group!.archivedAt, null);
});

test('a group cannot be made part of itself or of a group within it', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const executive = await addGroup(browser, { name: 'Prevent Executive Group', kind: 'executive' });
  const steering = await addGroup(browser, {
    name: 'Prevent Steering Group',
    kind: 'steering',
    parentGroupId: executive,
  });
  const leads = await addGroup(browser, {
    name: 'Prevent Operational Leads Group',
    kind: 'operational_leads',
    parentGroupId: steering,
  });

  const edit = await browser.get(`/groups/${executive}/edit`);
  assert.equal(edit.statusCode, 200);
  const parentSelect = /<select[^>]*id="parentGroupId"[\s\S]*?<\/select>/.exec(edit.body)?.[0] ?? '';
  assert.doesNotMatch(parentSelect, /Operational Leads|Steering|Executive/, 'its own subgroups are not offered');

  for (const parentGroupId of [leads, steering, executive]) {
    const refused = await browser.post(`/groups/${executive}/edit`, {
      name: 'Prevent Executive Group',
      kind: 'executive',
      cadence: 'quarterly',
      parentGroupId,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /A group cannot be part of itself or of one of the groups within it/);
    assert.match(refused.body, /href="#parentGroupId"/);
  }
  const selfReport = await browser.post(`/groups/${executive}/edit`, {
    name: 'Prevent Executive Group',
    kind: 'executive',
    cadence: 'quarterly',
    reportsToGroupIds: [executive],
  });
  assert.equal(selfReport.statusCode, 400);
  assert.match(selfReport.body, /A group cannot report to itself/);
  const [stored] = await hub.database.db.select().from(groups).where(eq(groups.id, executive));
  assert.equal(stored!.parentGroupId, null);

  // Moving a group under a sibling branch is fine.
  const moved = await browser.post(`/groups/${leads}/edit`, {
    name: 'Prevent Operational Leads Group',
    kind: 'operational_leads',
    cadence: 'quarterly',
    parentGroupId: executive,
  });
  assert.equal(moved.statusCode, 303);
});

test('editing changes the details and reporting lines, recorded in the audit log', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const renaissance = await addGroup(browser, { name: 'Stockton Renaissance Board', kind: 'board' });
  const safer = await addGroup(browser, { name: 'Safer Stockton Partnership', kind: 'board' });
  const childrens = await addGroup(browser, { name: 'Children’s Trust Board', kind: 'board' });
  const silver = await addGroup(browser, {
    name: 'Silver group',
    kind: 'silver',
    reportsToGroupIds: [renaissance, safer],
  });

  const edit = await browser.get(`/groups/${silver}/edit`);
  assert.equal(edit.statusCode, 200);
  assert.match(edit.body, /value="Silver group"/);
  assert.match(edit.body, new RegExp(`value="${renaissance}" checked`));
  assert.doesNotMatch(
    edit.body,
    new RegExp(`value="${silver}"[^>]*name="reportsToGroupIds"|name="reportsToGroupIds"[^>]*value="${silver}"`),
    'not offered itself',
  );

  const saved = await browser.post(`/groups/${silver}/edit`, {
    name: 'Stockton Silver group',
    kind: 'silver',
    cadence: 'monthly',
    reportsToGroupIds: [safer, childrens],
  });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `/groups/${silver}`);
  const lines = await hub.database.db.select().from(groupReportingLines).where(eq(groupReportingLines.groupId, silver));
  assert.deepEqual(lines.map((l) => l.reportsToGroupId).sort(), [safer, childrens].sort());
  const [updated] = await auditEntries(hub, 'group.updated');
  assert.equal(updated!.subjectId, String(silver));
  const detail = updated!.detail as Record<string, { from: unknown; to: unknown }>;
  assert.deepEqual(detail.name, { from: 'Silver group', to: 'Stockton Silver group' });
  assert.deepEqual(detail.cadence, { from: 'quarterly', to: 'monthly' });
  assert.ok(detail.reportsToGroupIds);

  const invalid = await browser.post(`/groups/${silver}/edit`, { name: '', kind: 'silver', cadence: 'monthly' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Enter the name of the group/);
  assert.equal((await browser.get('/groups/9999/edit')).statusCode, 404);
  assert.equal(
    (await browser.post('/groups/9999/edit', { name: 'Nothing', kind: 'forum', cadence: 'monthly' })).statusCode,
    404,
  );
});

test('the group page shows its details, related groups, members, meetings and library', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  const police = await organisation(hub, 'Leicestershire Police');
  const executive = await addGroup(browser, { name: 'Prevent Executive Group', kind: 'executive' });
  const board = await addGroup(browser, { name: 'Safer Communities Strategy Board', kind: 'board' });
  const steering = await addGroup(browser, {
    name: 'Prevent Steering Group',
    kind: 'steering',
    description: 'Co-ordinates the Prevent Delivery Plan.\nMeets at County Hall.',
    parentGroupId: executive,
    cadence: 'quarterly',
    reportsToGroupIds: [board],
  });
  const leads = await addGroup(browser, {
    name: 'Prevent Operational Leads Group',
    kind: 'operational_leads',
    parentGroupId: steering,
  });
  const inspector = await person(hub, 'Inspector Example', police);
  await browser.get(`/groups/${steering}/members/new`);
  assert.equal(
    (
      await browser.post(`/groups/${steering}/members`, {
        personId: inspector,
        role: 'vice_chair',
        joinedOn: '2019-03-27',
      })
    ).statusCode,
    303,
  );

  const now = Date.now();
  await hub.database.db.insert(meetings).values([
    {
      groupId: steering,
      startsAt: new Date(now + 7 * 864e5),
      endsAt: new Date(now + 7 * 864e5 + 36e5),
      location: 'County Hall',
    },
    {
      groupId: steering,
      startsAt: new Date(now - 90 * 864e5),
      endsAt: new Date(now - 90 * 864e5 + 36e5),
      status: 'held',
    },
  ]);
  await hub.database.db
    .insert(documents)
    .values({ title: 'Prevent Delivery Plan 2019', groupId: steering, createdBy: user.accountId });

  const page = await browser.get(`/groups/${steering}`);
  assert.equal(page.statusCode, 200);
  const body = page.body;
  assert.match(body, /<h1 class="govuk-heading-l">Prevent Steering Group<\/h1>/);
  assert.match(body, /Co-ordinates the Prevent Delivery Plan\.<\/p>\s*<p class="govuk-body">Meets at County Hall\./);
  assert.match(body, /Quarterly/);
  assert.match(body, new RegExp(`Part of[\\s\\S]*href="/groups/${executive}">Prevent Executive Group`));
  assert.match(body, new RegExp(`Groups within it[\\s\\S]*href="/groups/${leads}">Prevent Operational Leads Group`));
  assert.match(body, new RegExp(`Reports to[\\s\\S]*href="/groups/${board}">Safer Communities Strategy Board`));
  assert.match(body, new RegExp(`href="/people/${inspector}">Inspector Example`));
  assert.match(body, /Leicestershire Police/, 'the organisation represented defaults to the person’s own');
  assert.match(body, /Vice chair/);
  assert.match(body, /27 March 2019/);
  assert.match(body, new RegExp(`href="/groups/${steering}/attendance"`));
  assert.match(body, new RegExp(`href="/groups/${steering}/meetings.ics"`));
  assert.match(body, new RegExp(`href="/groups/${steering}/meetings/new"[^>]*>\\s*Schedule a meeting`));
  assert.match(body, new RegExp(`href="/documents/new\\?groupId=${steering}"`));
  // Meetings and papers come from their own modules: whatever they list is linked.
  for (const meeting of await listMeetingsOfGroup(hub.database.db, steering))
    assert.match(body, new RegExp(`href="/meetings/${meeting.id}"`));
  const papers = await listVisibleDocuments(
    hub.database.db,
    { ...user, name: 'C', mustChangePassword: false, groupIds: [] },
    { groupId: steering },
  );
  for (const paper of papers) assert.match(body, new RegExp(`href="/documents/${paper.id}"`));

  const board404 = await browser.get('/groups/9999');
  assert.equal(board404.statusCode, 404);

  // A viewer reads it all, but is offered nothing to do.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  const viewed = await viewer.get(`/groups/${steering}`);
  assert.equal(viewed.statusCode, 200);
  assert.doesNotMatch(viewed.body, /Schedule a meeting|Add a paper|Add a member|Mark as left/);
  assert.match(viewed.body, new RegExp(`href="/groups/${steering}/attendance"`));
});

test('a member of the group may schedule its meetings and add papers; a member of another group may not', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const channel = await addGroup(coordinator, { name: 'Channel panel', kind: 'channel_panel' });
  const { browser: member, user } = await signedIn(hub, 'member');
  const { browser: outsider } = await signedIn(hub, 'member');
  await hub.database.db.insert(groupMembers).values({ groupId: channel, personId: user.personId, role: 'member' });
  const inside = await member.get(`/groups/${channel}`);
  assert.match(inside.body, /Schedule a meeting/);
  assert.match(inside.body, /Add a paper/);
  assert.doesNotMatch(inside.body, /Add a member/, 'an ordinary member does not manage membership');
  const outside = await outsider.get(`/groups/${channel}`);
  assert.doesNotMatch(outside.body, /Schedule a meeting|Add a paper/);
});

test('membership: people are added once, leave with their row kept, and every change is audited', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const council = await organisation(hub, 'Stockton-on-Tees Borough Council', 'local_authority');
  const prisons = await organisation(hub, 'HMP Holme House');
  const silver = await addGroup(browser, { name: 'Stockton Silver group', kind: 'silver' });
  const head = await person(hub, 'Head of Community Protection', council);
  const governor = await person(hub, 'Deputy Governor', council);

  const form = await browser.get(`/groups/${silver}/members/new`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Add a member/);

  const invalid = await browser.post(`/groups/${silver}/members`, { role: 'emperor', joinedOn: '2019-02-31' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /<a href="#personId">Select the person to add<\/a>/);
  assert.match(invalid.body, /Select the person’s role in the group/);
  assert.match(invalid.body, /Enter the date they joined as a real date/);

  assert.equal(
    (await browser.post(`/groups/${silver}/members`, { personId: head, role: 'chair', joinedOn: '2009-03-01' }))
      .statusCode,
    303,
  );
  // Represents another organisation than their own.
  assert.equal(
    (await browser.post(`/groups/${silver}/members`, { personId: governor, role: 'member', organisationId: prisons }))
      .statusCode,
    303,
  );
  const duplicate = await browser.post(`/groups/${silver}/members`, { personId: head, role: 'member' });
  assert.equal(duplicate.statusCode, 400);
  assert.match(duplicate.body, /That person is already a member of this group/);
  const unknown = await browser.post(`/groups/${silver}/members`, { personId: 9999, role: 'member' });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /Select the person to add from the list/);

  const rows = await hub.database.db.select().from(groupMembers).where(eq(groupMembers.groupId, silver));
  assert.equal(rows.length, 2);
  assert.equal(rows.find((r) => r.personId === head)!.organisationId, council, 'defaults to their own organisation');
  assert.equal(rows.find((r) => r.personId === governor)!.organisationId, prisons);
  assert.equal(
    (await getGroup(hub.database.db, silver)).chairName,
    'Head of Community Protection',
    'a member with the chair role is the chair',
  );

  const governorRow = rows.find((r) => r.personId === governor)!;
  const page = await browser.get(`/groups/${silver}`);
  assert.match(page.body, new RegExp(`action="/groups/${silver}/members/${governorRow.id}/leave"`));
  const left = await browser.post(`/groups/${silver}/members/${governorRow.id}/leave`);
  assert.equal(left.statusCode, 303);
  const [kept] = await hub.database.db.select().from(groupMembers).where(eq(groupMembers.id, governorRow.id));
  assert.ok(kept, 'leaving keeps the row');
  assert.match(String(kept.leftOn), /^\d{4}-\d{2}-\d{2}$/);
  const again = await browser.post(`/groups/${silver}/members/${governorRow.id}/leave`);
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /That person has already left the group/);
  assert.match(again.body, /href="#members"/);
  const before = await browser.post(`/groups/${silver}/members/${rows.find((r) => r.personId === head)!.id}/leave`, {
    leftOn: '2000-01-01',
  });
  assert.equal(before.statusCode, 400);
  assert.match(before.body, /on or after the date they joined/);
  assert.equal((await browser.post(`/groups/${silver}/members/9999/leave`)).statusCode, 404);

  const after = await browser.get(`/groups/${silver}`);
  assert.match(after.body, /Past members \(1\)/);
  assert.deepEqual(
    (await listCurrentMembers(hub.database.db, silver)).map((m) => m.name),
    ['Head of Community Protection'],
  );
  // Someone who has left can join again.
  assert.equal(
    (await browser.post(`/groups/${silver}/members`, { personId: governor, role: 'secretary' })).statusCode,
    303,
  );
  assert.equal(
    (
      await hub.database.db
        .select()
        .from(groupMembers)
        .where(and(eq(groupMembers.groupId, silver), eq(groupMembers.personId, governor)))
    ).length,
    2,
  );

  const changes = await auditEntries(hub, 'group.membership_changed');
  assert.deepEqual(changes.map((c) => (c.detail as { change: string }).change).sort(), [
    'joined',
    'joined',
    'joined',
    'left',
  ]);
  assert.ok(changes.every((c) => c.subjectType === 'group' && c.subjectId === String(silver)));
});

test('the group’s chair manages its membership; other members and viewers cannot', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const { browser: chair, user: chairUser } = await signedIn(hub, 'member', 'Chair Person');
  const { browser: member, user: memberUser } = await signedIn(hub, 'member');
  const { browser: viewer } = await signedIn(hub, 'viewer');
  await coordinator.get('/groups/new');
  const forum = await addGroup(coordinator, {
    name: 'Prevent Community Forum',
    kind: 'forum',
    chairPersonId: chairUser.personId,
  });
  await hub.database.db.insert(groupMembers).values({ groupId: forum, personId: memberUser.personId, role: 'member' });
  const newcomer = await person(hub, 'New Member');

  const page = await chair.get(`/groups/${forum}`);
  assert.match(page.body, /Add a member/);
  assert.equal((await chair.get(`/groups/${forum}/members/new`)).statusCode, 200);
  assert.equal((await chair.post(`/groups/${forum}/members`, { personId: newcomer, role: 'member' })).statusCode, 303);

  for (const [name, browser] of [
    ['member', member],
    ['viewer', viewer],
  ] as const) {
    await browser.get(`/groups/${forum}`);
    assert.equal((await browser.get(`/groups/${forum}/members/new`)).statusCode, 403, name);
    assert.equal(
      (await browser.post(`/groups/${forum}/members`, { personId: newcomer, role: 'member' })).statusCode,
      403,
      name,
    );
    assert.equal(
      (await browser.post(`/groups/${forum}/members`, {})).statusCode,
      403,
      `${name}: refused before the form is checked`,
    );
    const [row] = await hub.database.db.select().from(groupMembers).where(eq(groupMembers.personId, newcomer));
    assert.equal((await browser.post(`/groups/${forum}/members/${row!.id}/leave`)).statusCode, 403, name);
  }
  const [still] = await hub.database.db.select().from(groupMembers).where(eq(groupMembers.personId, newcomer));
  assert.equal(still!.leftOn, null);
});

test('archiving keeps the group and its record but takes it off the list and the structure', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const gold = await addGroup(browser, { name: 'Teesside Gold group', kind: 'gold' });
  const silver = await addGroup(browser, { name: 'Hartlepool Silver group', kind: 'silver', parentGroupId: gold });
  await browser.get(`/groups/${gold}`);
  const archived = await browser.post(`/groups/${gold}/archive`);
  assert.equal(archived.statusCode, 303);
  const [row] = await hub.database.db.select().from(groups).where(eq(groups.id, gold));
  assert.ok(row!.archivedAt);
  const page = await browser.get(`/groups/${gold}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /This group was archived on/);
  assert.doesNotMatch(page.body, /Archive this group|Add a member/);
  assert.doesNotMatch((await browser.get('/groups')).body, /Teesside Gold group/);
  const structure = await browser.get('/structure');
  assert.doesNotMatch(structure.body, /Teesside Gold group/);
  assert.match(structure.body, new RegExp(`href="/groups/${silver}"`), 'its subgroup stands on its own');
  assert.deepEqual(
    (await listGroupOptions(hub.database.db)).map((g) => g.id),
    [silver],
  );
  const entries = await auditEntries(hub, 'group.updated');
  assert.deepEqual(
    entries.map((e) => [e.subjectId, e.detail]),
    [[String(gold), { archived: true }]],
  );
  assert.equal((await browser.post('/groups/9999/archive')).statusCode, 404);
});

test('the structure page draws every group as a link and lists the same facts', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const board = await addGroup(browser, { name: 'Safer Communities Strategy Board', kind: 'board' });
  const executive = await addGroup(browser, {
    name: 'Prevent Executive Group',
    kind: 'executive',
    reportsToGroupIds: [board],
  });
  const steering = await addGroup(browser, {
    name: 'Prevent Steering Group',
    kind: 'steering',
    parentGroupId: executive,
  });
  const odd = await addGroup(browser, {
    name: 'Tom & Jerry <b>"Network"</b>',
    kind: 'network',
    parentGroupId: steering,
  });

  const { browser: viewer } = await signedIn(hub, 'viewer');
  const page = await viewer.get('/structure');
  assert.equal(page.statusCode, 200);
  const svg = /<svg[\s\S]*<\/svg>/.exec(page.body)?.[0] ?? '';
  assert.match(svg, /role="group"/);
  assert.match(svg, /<title id="hub-diagram-title">/);
  assert.match(svg, /<desc id="hub-diagram-desc">4 groups\./);
  for (const id of [board, executive, steering, odd]) assert.match(svg, new RegExp(`<a href="/groups/${id}"`));
  assert.equal((svg.match(/hub-diagram__edge--part-of/g) ?? []).length, 2);
  assert.equal((svg.match(/hub-diagram__edge--reports-to/g) ?? []).length, 1);
  assert.doesNotMatch(page.body, /<b>"Network"/, 'names are escaped');
  assert.match(svg, /Tom &amp; Jerry &lt;b&gt;&quot;Network&quot;&lt;\/b&gt;/);

  const list = page.body.slice(page.body.indexOf('The groups, listed'));
  assert.match(
    list,
    new RegExp(
      `href="/groups/${executive}">Prevent Executive Group</a> \\(Executive group\\), reports to\\s*<a class="govuk-link" href="/groups/${board}">`,
    ),
  );
  assert.match(
    list,
    /Prevent Executive Group[\s\S]*<ul class="govuk-list govuk-list--bullet">\s*<li>\s*<a class="govuk-link" href="\/groups\/\d+">Prevent Steering Group/,
  );
  assert.match(list, /Tom &amp; Jerry &lt;b&gt;&quot;Network&quot;&lt;\/b&gt;/);
});

test('the contract other modules rely on', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const { browser } = await signedIn(hub, 'coordinator');
  const police = await organisation(hub, 'Cleveland Police');
  const sergeant = await person(hub, 'PVE Sergeant', police);
  const chief = await person(hub, 'Assistant Chief Constable', police);
  const gold = await addGroup(browser, {
    name: 'Teesside Gold group',
    kind: 'gold',
    chairPersonId: chief,
    cadence: 'quarterly',
    description: 'Sub-regional',
  });
  const silver = await addGroup(browser, {
    name: 'Stockton Silver group',
    kind: 'silver',
    parentGroupId: gold,
    cadence: 'monthly',
  });
  const old = await addGroup(browser, { name: 'Old forum', kind: 'forum' });
  await browser.post(`/groups/${old}/archive`);
  await db.insert(groupMembers).values([
    { groupId: gold, personId: sergeant, role: 'member', organisationId: police },
    { groupId: gold, personId: chief, role: 'chair', organisationId: police },
    { groupId: silver, personId: sergeant, role: 'secretary', leftOn: '2010-01-01' },
    { groupId: old, personId: sergeant, role: 'member' },
  ]);

  assert.deepEqual(await listGroupOptions(db), [
    { id: silver, name: 'Stockton Silver group', kind: 'silver' },
    { id: gold, name: 'Teesside Gold group', kind: 'gold' },
  ]);
  assert.deepEqual(await getGroup(db, silver), {
    id: silver,
    name: 'Stockton Silver group',
    kind: 'silver',
    cadence: 'monthly',
    chairName: null,
    parentGroupId: gold,
    areaId: null,
    description: null,
  });
  assert.equal((await getGroup(db, gold)).chairName, 'Assistant Chief Constable');
  await assert.rejects(getGroup(db, 9999), NotFoundError);
  assert.deepEqual(await listCurrentMembers(db, gold), [
    {
      personId: chief,
      name: 'Assistant Chief Constable',
      organisationId: police,
      organisationName: 'Cleveland Police',
      role: 'chair',
    },
    {
      personId: sergeant,
      name: 'PVE Sergeant',
      organisationId: police,
      organisationName: 'Cleveland Police',
      role: 'member',
    },
  ]);
  assert.deepEqual(await listCurrentMembers(db, silver), []);
  assert.deepEqual(await groupsOfPerson(db, sergeant), [
    { id: gold, name: 'Teesside Gold group', kind: 'gold', role: 'member' },
  ]);
  assert.deepEqual(await groupsOfPerson(db, 9999), []);
  // The seeds' people without accounts are fine; an account is not needed to be a member.
  assert.equal((await db.select().from(accounts).where(eq(accounts.personId, sergeant))).length, 0);
});
