import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { NotFoundError } from '../../errors.ts';
import { and, eq } from 'drizzle-orm';
import { areas } from '../partnership/partnership.tables.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { getOrganisation, getPerson, listOrganisationOptions, listPeopleOptions } from './organisations.service.ts';

async function addArea(hub: TestHub, name: string) {
  const [area] = await hub.database.db.insert(areas).values({ name, kind: 'borough' }).returning();
  return area!.id;
}

/** Posts a form that should succeed and returns the id from the 303's Location. */
async function created(browser: Browser, url: string, form: Record<string, string | number>) {
  const response = await browser.post(url, form);
  assert.equal(response.statusCode, 303, `${url}: ${response.body.slice(0, 300)}`);
  const id = Number(/\/(\d+)\?done=added$/.exec(String(response.headers.location))?.[1]);
  assert.ok(id > 0, `redirected to the new page: ${response.headers.location}`);
  return id;
}

test('signed out: pages send you to sign in, forms are refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const browser = new Browser(hub.app);
  for (const url of [
    '/organisations',
    '/organisations/new',
    '/organisations/1',
    '/organisations/1/edit',
    '/people',
    '/people/new',
    '/people/1',
    '/people/1/edit',
  ]) {
    const response = await browser.get(url);
    assert.equal(response.statusCode, 303, url);
    assert.match(String(response.headers.location), /^\/sign-in\?next=/, url);
  }
  for (const url of [
    '/organisations',
    '/organisations/1/edit',
    '/organisations/1/archive',
    '/people',
    '/people/1/edit',
    '/people/1/archive',
  ]) {
    assert.equal((await browser.post(url, { name: 'X', sector: 'police' })).statusCode, 401, url);
  }
});

test('empty states say what to do next', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const list = await coordinator.get('/organisations');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /No organisations yet/);
  assert.match(list.body, /href="\/organisations\/new"/);
  assert.match(list.body, /href="\/areas"/);
  assert.match(list.body, /href="\/people"/);

  const { browser: viewer } = await signedIn(hub, 'viewer');
  const seen = await viewer.get('/organisations');
  assert.match(seen.body, /A coordinator adds the partnership’s organisations/);
  assert.doesNotMatch(seen.body, /Add an organisation/);

  const none = await coordinator.get('/people?q=nobody-has-this-name');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /No people match your search/);
  const noneInSector = await coordinator.get('/organisations?sector=prisons');
  assert.match(noneInSector.body, /No organisations match these filters/);
});

test('a coordinator adds an organisation; invalid input and duplicate names are refused, the typed values kept', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const teesside = await addArea(hub, 'Stockton-on-Tees');
  const { browser } = await signedIn(hub, 'coordinator');

  const form = await browser.get('/organisations/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Add an organisation/);
  assert.match(form.body, /Stockton-on-Tees/);
  assert.match(form.body, /Voluntary and community sector/);

  const empty = await browser.post('/organisations', {});
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /There is a problem/);
  assert.match(empty.body, /Enter the name of the organisation/);
  assert.match(empty.body, /Select the sector the organisation works in/);
  assert.match(empty.body, /href="#name"/);
  assert.match(empty.body, /<title>Error: /);

  const noSector = await browser.post('/organisations', { name: 'Cleveland Police', sector: 'army' });
  assert.equal(noSector.statusCode, 400);
  assert.match(noSector.body, /value="Cleveland Police"/, 'what the user typed is kept');
  assert.match(noSector.body, /Select the sector the organisation works in/);

  const badArea = await browser.post('/organisations', { name: 'Cleveland Police', sector: 'police', areaId: 9999 });
  assert.equal(badArea.statusCode, 400);
  assert.match(badArea.body, /Select an area from the list/);

  const tooLong = await browser.post('/organisations', { name: 'x'.repeat(161), sector: 'police' });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /Name must be 160 characters or fewer/);

  const id = await created(browser, '/organisations', {
    name: '  Cleveland Police ',
    sector: 'police',
    areaId: teesside,
  });
  const page = await browser.get(`/organisations/${id}?done=added`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Organisation added/);
  assert.match(page.body, /<h1 class="govuk-heading-l">Cleveland Police/);
  assert.match(page.body, /Police/);
  assert.match(page.body, /Stockton-on-Tees/);
  assert.match(page.body, /No people recorded for this organisation yet/);
  assert.match(page.body, new RegExp(`href="/people/new\\?organisationId=${id}"`));

  const duplicate = await browser.post('/organisations', { name: 'CLEVELAND POLICE', sector: 'health' });
  assert.equal(duplicate.statusCode, 400);
  assert.match(duplicate.body, /There is already an organisation with that name/);
  assert.match(duplicate.body, /value="CLEVELAND POLICE"/);
  assert.match(duplicate.body, /<option value="health" selected>/);
});

test('the list groups organisations by sector, counts current people and filters by sector and area', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const north = await addArea(hub, 'North Tyneside');
  const south = await addArea(hub, 'South Tyneside');
  const { browser } = await signedIn(hub, 'coordinator');
  const police = await created(browser, '/organisations', {
    name: 'Northumbria Police',
    sector: 'police',
    areaId: north,
  });
  await created(browser, '/organisations', {
    name: 'South Tyneside Council',
    sector: 'local_authority',
    areaId: south,
  });
  await created(browser, '/organisations', { name: 'Mosque <Forum> & Friends', sector: 'faith_and_community' });
  await created(browser, '/people', { name: 'Ada Officer', organisationId: police });
  await created(browser, '/people', { name: 'Ben Officer', organisationId: police });
  const leaver = await created(browser, '/people', { name: 'Cal Leaver', organisationId: police });
  await browser.post(`/people/${leaver}/archive`);

  const all = await browser.get('/organisations');
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /3 organisations/);
  for (const caption of ['Local authority', 'Police', 'Faith and community'])
    assert.match(all.body, new RegExp(`<caption[^>]*>\\s*${caption}\\s*</caption>`));
  assert.doesNotMatch(all.body, /<caption[^>]*>\s*Health\s*<\/caption>/, 'empty sectors are left out');
  const policeRow = /Northumbria Police<\/a>[\s\S]*?<\/tr>/.exec(all.body)?.[0] ?? '';
  assert.match(policeRow, />\s*2\s*</, 'two current people; the archived one is not counted');
  assert.match(all.body, /Mosque &lt;Forum&gt; &amp; Friends/, 'names are escaped');
  assert.match(all.body, /Not recorded/, 'no area');

  const bySector = await browser.get('/organisations?sector=police&areaId=');
  assert.equal(bySector.statusCode, 200, 'an empty filter field means any');
  assert.match(bySector.body, /Northumbria Police/);
  assert.doesNotMatch(bySector.body, /South Tyneside Council/);
  assert.match(bySector.body, /<option value="police" selected>/);

  const byArea = await browser.get(`/organisations?sector=&areaId=${south}`);
  assert.match(byArea.body, /South Tyneside Council/);
  assert.doesNotMatch(byArea.body, /Northumbria Police/);

  assert.equal((await browser.get('/organisations?sector=army')).statusCode, 400);
  assert.equal((await browser.get('/organisations?areaId=first')).statusCode, 400);
});

test('a coordinator changes an organisation; the same checks apply', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const area = await addArea(hub, 'Leicester city');
  const { browser } = await signedIn(hub, 'coordinator');
  const id = await created(browser, '/organisations', { name: 'Leicester City Council', sector: 'local_authority' });
  await created(browser, '/organisations', { name: 'Leicestershire Police', sector: 'police' });

  const form = await browser.get(`/organisations/${id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Leicester City Council"/);
  assert.match(form.body, /<option value="local_authority" selected>/);

  const empty = await browser.post(`/organisations/${id}/edit`, { sector: 'health' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter the name of the organisation/);
  assert.match(empty.body, /<option value="health" selected>/);

  const taken = await browser.post(`/organisations/${id}/edit`, {
    name: 'leicestershire police',
    sector: 'local_authority',
  });
  assert.equal(taken.statusCode, 400);
  assert.match(taken.body, /There is already an organisation with that name/);

  const saved = await browser.post(`/organisations/${id}/edit`, {
    name: 'Leicester City council',
    sector: 'local_authority',
    areaId: area,
  });
  assert.equal(saved.statusCode, 303, 'its own name, in another case, is not a duplicate');
  assert.equal(saved.headers.location, `/organisations/${id}?done=saved`);
  const page = await browser.get(String(saved.headers.location));
  assert.match(page.body, /Changes saved/);
  assert.match(page.body, /Leicester City council/);
  assert.match(page.body, /Leicester city/);

  assert.equal((await browser.get('/organisations/9999/edit')).statusCode, 404);
  assert.equal((await browser.post('/organisations/9999/edit', { name: 'X', sector: 'police' })).statusCode, 404);
});

test('archiving an organisation hides it from lists and select boxes, keeps its people, and can be undone', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const id = await created(browser, '/organisations', { name: 'Old Probation Trust', sector: 'probation' });
  await created(browser, '/organisations', { name: 'Probation Service', sector: 'probation' });
  const person = await created(browser, '/people', { name: 'Dee Officer', organisationId: id });

  await browser.get(`/organisations/${id}`);
  const archived = await browser.post(`/organisations/${id}/archive`);
  assert.equal(archived.statusCode, 303);
  const page = await browser.get(String(archived.headers.location));
  assert.match(page.body, /Organisation archived/);
  assert.match(page.body, /Archived on/);
  assert.match(page.body, /Restore organisation/);

  const list = await browser.get('/organisations');
  assert.doesNotMatch(list.body, /Old Probation Trust/);
  assert.match(list.body, /Probation Service/);
  const withArchived = await browser.get('/organisations?archived=true');
  assert.match(withArchived.body, /Old Probation Trust<\/a> <strong class="govuk-tag govuk-tag--grey">Archived/);

  const options = await listOrganisationOptions(hub.database.db);
  assert.deepEqual(
    options.map((o) => o.name),
    ['Probation Service'],
  );
  const keeping = await listOrganisationOptions(hub.database.db, { including: id });
  assert.deepEqual(
    keeping.map((o) => o.name),
    ['Old Probation Trust', 'Probation Service'],
  );
  assert.doesNotMatch((await browser.get('/people/new')).body, /Old Probation Trust/);
  assert.doesNotMatch((await browser.get('/people')).body, /<option value="\d+">Old Probation Trust/);

  // The person still names it, and changing their details does not drop it silently.
  const personPage = await browser.get(`/people/${person}`);
  assert.match(personPage.body, /Old Probation Trust<\/a> \(archived\)/);
  const edit = await browser.get(`/people/${person}/edit`);
  assert.match(edit.body, new RegExp(`<option value="${id}" selected>Old Probation Trust`));
  assert.equal(
    (await browser.post(`/people/${person}/edit`, { name: 'Dee Officer', organisationId: id })).statusCode,
    303,
  );
  // Nobody new joins an archived organisation.
  const joining = await browser.post('/people', { name: 'Eve New', organisationId: id });
  assert.equal(joining.statusCode, 400);
  assert.match(joining.body, /Select an organisation from the list/);

  // A name stays taken while archived: restore it rather than add it again.
  const again = await browser.post('/organisations', { name: 'Old Probation Trust', sector: 'probation' });
  assert.match(again.body, /There is already an organisation with that name/);

  await browser.get(`/organisations/${id}`);
  assert.equal((await browser.post(`/organisations/${id}/restore`)).statusCode, 303);
  assert.match((await browser.get('/organisations')).body, /Old Probation Trust/);
  assert.equal((await browser.post('/organisations/9999/archive')).statusCode, 404);
});

test('a coordinator adds a person; invalid input is refused with GOV.UK messages and the typed values kept', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const org = await created(browser, '/organisations', { name: 'Tees Valley NHS Trust', sector: 'health' });

  const form = await browser.get(`/people/new?organisationId=${org}`);
  assert.equal(form.statusCode, 200);
  assert.match(
    form.body,
    new RegExp(`<option value="${org}" selected>Tees Valley NHS Trust`),
    'preselected from the organisation page',
  );

  const bad = await browser.post('/people', {
    name: '',
    jobTitle: 'Safeguarding lead',
    email: 'not-an-email',
    phone: 'call me maybe',
    organisationId: org,
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /Enter the person’s full name/);
  assert.match(bad.body, /Enter an email address in the correct format, like name@example.org/);
  assert.match(bad.body, /Enter a telephone number, like 01632 960 001/);
  assert.match(bad.body, /value="Safeguarding lead"/);
  assert.match(bad.body, /value="not-an-email"/);
  assert.match(bad.body, /value="call me maybe"/);
  assert.match(bad.body, new RegExp(`<option value="${org}" selected>`));

  const unknownOrg = await browser.post('/people', { name: 'Fay Nurse', organisationId: 9999 });
  assert.equal(unknownOrg.statusCode, 400);
  assert.match(unknownOrg.body, /Select an organisation from the list/);
  assert.match(unknownOrg.body, /value="Fay Nurse"/);

  const id = await created(browser, '/people', {
    name: 'Fay Nurse',
    jobTitle: 'Named nurse for safeguarding',
    email: 'Fay.Nurse@Example.NHS.uk',
    phone: '+44 1642 555 0100',
    organisationId: org,
  });
  const page = await browser.get(`/people/${id}?done=added`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Person added/);
  assert.match(page.body, new RegExp(`href="/organisations/${org}">Tees Valley NHS Trust`));
  assert.match(page.body, /Named nurse for safeguarding/);
  assert.match(page.body, /href="mailto:fay.nurse@example.nhs.uk"/, 'emails are kept in lower case');
  assert.match(page.body, /\+44 1642 555 0100/);
  assert.match(page.body, /Not in any groups/);
  assert.match(page.body, /No upcoming meetings/);
  assert.match(page.body, /No open actions/);
  assert.match(page.body, new RegExp(`href="/people/${id}/meetings.ics">Download their meetings calendar`));

  // Only a name is needed.
  const minimal = await created(browser, '/people', { name: 'Gus Minimal' });
  const minimalPage = await browser.get(`/people/${minimal}`);
  assert.match(minimalPage.body, /Not recorded/);

  const orgPage = await browser.get(`/organisations/${org}`);
  assert.match(orgPage.body, new RegExp(`href="/people/${id}">Fay Nurse`));
});

test('a person sees a link to download their own meetings calendar', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member', 'Hana Member');
  const page = await browser.get(`/people/${user.personId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/people/${user.personId}/meetings.ics">Download your meetings calendar`));
});

test('the people list shows organisation and job title, filters by organisation and searches by name', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator', 'Coordinator Zed');
  const school = await created(browser, '/organisations', { name: 'Oakfield Academy', sector: 'education' });
  const council = await created(browser, '/organisations', {
    name: 'Rutland County Council',
    sector: 'local_authority',
  });
  await created(browser, '/people', {
    name: 'Imran Teacher',
    jobTitle: 'Designated safeguarding lead',
    organisationId: school,
  });
  await created(browser, '/people', {
    name: 'Jo Officer',
    jobTitle: 'Prevent education officer',
    organisationId: council,
  });
  await created(browser, '/people', { name: '100% Percent' });

  const all = await browser.get('/people');
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /Imran Teacher/);
  assert.match(all.body, /Designated safeguarding lead/);
  assert.match(all.body, new RegExp(`href="/organisations/${school}">Oakfield Academy`));
  assert.match(all.body, /Coordinator Zed/);

  const inSchool = await browser.get(`/people?q=&organisationId=${school}`);
  assert.match(inSchool.body, /Imran Teacher/);
  assert.doesNotMatch(inSchool.body, /Jo Officer/);

  const search = await browser.get('/people?q=OFFICER');
  assert.match(search.body, /Jo Officer/);
  assert.doesNotMatch(search.body, /Imran Teacher/);
  assert.match(search.body, /value="OFFICER"/);

  const literal = await browser.get(`/people?q=${encodeURIComponent('%')}`);
  assert.match(literal.body, /100% Percent/);
  assert.doesNotMatch(literal.body, /Jo Officer/, '% is a character, not a wildcard');

  assert.equal((await browser.get('/people?organisationId=none')).statusCode, 400);
});

test('a coordinator changes and archives a person; archived people leave lists and select boxes', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const org = await created(browser, '/organisations', { name: 'HMP Durham', sector: 'prisons' });
  const id = await created(browser, '/people', { name: 'Kim Governor', jobTitle: 'Governor', organisationId: org });

  const form = await browser.get(`/people/${id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Kim Governor"/);
  assert.match(form.body, /value="Governor"/);

  const bad = await browser.post(`/people/${id}/edit`, { name: 'Kim Governor', email: 'kim@' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter an email address in the correct format/);
  assert.match(bad.body, /value="kim@"/);

  const saved = await browser.post(`/people/${id}/edit`, {
    name: 'Kim Deputy',
    jobTitle: 'Deputy governor',
    email: 'kim@example.org',
    organisationId: org,
  });
  assert.equal(saved.statusCode, 303);
  const page = await browser.get(String(saved.headers.location));
  assert.match(page.body, /Changes saved/);
  assert.match(page.body, /Deputy governor/);
  assert.match(page.body, /kim@example.org/);

  // Clearing optional fields clears them.
  await browser.post(`/people/${id}/edit`, { name: 'Kim Deputy', jobTitle: '', email: '', organisationId: '' });
  const cleared = await getPerson(hub.database.db, id);
  assert.equal(cleared.jobTitle, null);
  assert.equal(cleared.email, null);
  assert.equal(cleared.organisationId, null);
  await browser.post(`/people/${id}/edit`, { name: 'Kim Deputy', organisationId: org });

  assert.ok((await listPeopleOptions(hub.database.db)).some((p) => p.id === id));
  const archived = await browser.post(`/people/${id}/archive`);
  assert.equal(archived.statusCode, 303);
  const archivedPage = await browser.get(String(archived.headers.location));
  assert.match(archivedPage.body, /Person archived/);
  assert.match(archivedPage.body, /Restore person/);
  assert.doesNotMatch((await browser.get('/people')).body, /Kim Deputy/);
  assert.match(
    (await browser.get('/people?archived=true')).body,
    /Kim Deputy<\/a> <strong class="govuk-tag govuk-tag--grey">Archived/,
  );
  assert.doesNotMatch((await browser.get(`/organisations/${org}`)).body, /Kim Deputy/);
  assert.ok(!(await listPeopleOptions(hub.database.db)).some((p) => p.id === id));

  await browser.get(`/people/${id}`);
  assert.equal((await browser.post(`/people/${id}/restore`)).statusCode, 303);
  assert.match((await browser.get('/people')).body, /Kim Deputy/);

  // Every change is in the audit log, attributed; an edit names the fields, never the contact details.
  const entries = await hub.database.db.select().from(auditLog).where(eq(auditLog.subjectType, 'person'));
  const ofKim = entries.filter((e) => e.subjectId === String(id));
  assert.deepEqual(
    ofKim.map((e) => e.action),
    ['person.created', 'person.updated', 'person.updated', 'person.updated', 'person.archived', 'person.restored'],
  );
  assert.ok(
    ofKim.every((e) => e.accountId !== null && e.actor),
    'each entry names who made the change',
  );
  assert.deepEqual(ofKim[1]!.detail, { changed: ['name', 'jobTitle', 'email'] });
  assert.doesNotMatch(JSON.stringify(ofKim), /kim@example\.org/);
  const organisationEntries = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subjectId, String(org)));
  assert.ok(
    organisationEntries.some(
      (e) => e.action === 'organisation.created' && (e.detail as { name?: string }).name === 'HMP Durham',
    ),
  );

  assert.equal((await browser.get('/people/9999')).statusCode, 404);
  assert.equal((await browser.get('/people/9999/edit')).statusCode, 404);
  assert.equal((await browser.post('/people/9999/archive')).statusCode, 404);
  assert.equal((await browser.get('/people/zero')).statusCode, 404, 'a path id that does not parse names nothing');
});

test('viewers and members read, but only coordinators and administrators make changes', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const org = await created(coordinator, '/organisations', {
    name: 'Durham County Council',
    sector: 'local_authority',
  });
  const person = await created(coordinator, '/people', { name: 'Lee Officer', organisationId: org });

  for (const role of ['viewer', 'member'] as const) {
    const { browser } = await signedIn(hub, role);
    for (const url of ['/organisations', `/organisations/${org}`, '/people', `/people/${person}`]) {
      const response = await browser.get(url);
      assert.equal(response.statusCode, 200, `${role} ${url}`);
      assert.doesNotMatch(
        response.body,
        /Archive|Add an organisation|Add a person|\/edit"/,
        `${role} ${url} offers no changes`,
      );
    }
    for (const url of ['/organisations/new', `/organisations/${org}/edit`, '/people/new', `/people/${person}/edit`]) {
      assert.equal((await browser.get(url)).statusCode, 403, `${role} ${url}`);
    }
    const writes: [string, Record<string, string | number>][] = [
      ['/organisations', { name: 'Sneaky Org', sector: 'other' }],
      [`/organisations/${org}/edit`, { name: 'Renamed', sector: 'other' }],
      [`/organisations/${org}/archive`, {}],
      [`/organisations/${org}/restore`, {}],
      ['/people', { name: 'Sneaky Person' }],
      [`/people/${person}/edit`, { name: 'Renamed' }],
      [`/people/${person}/archive`, {}],
      [`/people/${person}/restore`, {}],
    ];
    for (const [url, form] of writes)
      assert.equal((await browser.post(url, form)).statusCode, 403, `${role} POST ${url}`);
  }
  const organisation = await getOrganisation(hub.database.db, org);
  assert.equal(organisation.name, 'Durham County Council');
  assert.equal(organisation.archivedAt, null);
  assert.equal((await getPerson(hub.database.db, person)).name, 'Lee Officer');

  const { browser: admin } = await signedIn(hub, 'administrator');
  assert.equal((await admin.get('/organisations/new')).statusCode, 200);
  await created(admin, '/organisations', { name: 'Admin Added Org', sector: 'other' });
});

test('service: people options are current people by name with their organisation; missing things are NotFoundError', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator', 'Aaron Coordinator');
  const org = await created(browser, '/organisations', { name: 'West Yorkshire Police', sector: 'police' });
  const zoe = await created(browser, '/people', { name: 'Zoe Sergeant', organisationId: org });
  const bea = await created(browser, '/people', { name: 'Bea Constable', organisationId: org });
  const gone = await created(browser, '/people', { name: 'Max Gone' });
  await browser.post(`/people/${gone}/archive`);

  const options = await listPeopleOptions(hub.database.db);
  assert.deepEqual(
    options.filter((o) => o.name !== 'Aaron Coordinator'),
    [
      { id: bea, name: 'Bea Constable', organisationId: org, organisationName: 'West Yorkshire Police' },
      { id: zoe, name: 'Zoe Sergeant', organisationId: org, organisationName: 'West Yorkshire Police' },
    ],
  );
  assert.deepEqual(options.find((o) => o.name === 'Aaron Coordinator')?.organisationName, null);
  assert.equal(options[0]!.name, 'Aaron Coordinator', 'by name');

  assert.equal((await getOrganisation(hub.database.db, org)).sector, 'police');
  assert.equal((await getPerson(hub.database.db, zoe)).organisationName, 'West Yorkshire Police');
  await assert.rejects(getOrganisation(hub.database.db, 9999), NotFoundError);
  await assert.rejects(getPerson(hub.database.db, 9999), NotFoundError);
});

test('archiving a person who can sign in disables their account and ends their sessions', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const { browser: leaver, user } = await signedIn(hub, 'member');
  assert.equal((await leaver.get('/account')).statusCode, 200);
  await coordinator.get(`/people/${user.personId}`);
  assert.equal((await coordinator.post(`/people/${user.personId}/archive`)).statusCode, 303);
  assert.equal((await leaver.get('/account')).statusCode, 303, 'signed out at once');
  const [account] = await hub.database.db.select().from(accounts).where(eq(accounts.id, user.accountId));
  assert.ok(account!.disabledAt, 'account disabled');
  const log = await hub.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'account'), eq(auditLog.subjectId, String(user.accountId))));
  assert.deepEqual(
    log.map((e) => e.action),
    ['account.disabled'],
  );
  const archivedEntry = await hub.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'person'), eq(auditLog.subjectId, String(user.personId))));
  assert.deepEqual(
    archivedEntry.map((e) => e.action),
    ['person.archived'],
  );
});
