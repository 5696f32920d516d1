import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { organisation } from '../../../test/factories.ts';
import { rowText, textOf } from '../../../test/html.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { people } from '../organisations/organisations.tables.ts';
import { resourceUptakeSummaries } from './index.ts';
import { resources, resourceUses } from './resources.tables.ts';

/*
 * Resources and their uptake through HTTP: adding, changing, withdrawing and offering again (and
 * who may), recording use (members for their own organisation only), and the uptake page, its
 * "not used yet" and its CSV against a table worked out by hand.
 */

const DVD = {
  title: 'Trust your Instincts',
  description: 'A health and safety message for the public sector workforce',
  format: 'dvd',
  audiences: ['frontline_staff', 'public'],
  link: '/documents/12',
  reviewOn: '2030-03-31',
};

/** A member of staff of `organisationId`, signed in. */
async function memberOf(hub: TestHub, organisationId: number, role: 'member' | 'viewer' = 'member') {
  const user = await createUser(hub, role);
  await hub.database.db.update(people).set({ organisationId }).where(eq(people.id, user.personId));
  const browser = new Browser(hub.app);
  await browser.signIn(user.email);
  return { browser, user };
}

async function addResource(browser: Browser, form: Record<string, string | string[]> = DVD) {
  await browser.get('/resources/new');
  const added = await browser.post('/resources', form);
  assert.equal(added.statusCode, 303, textOf(added.body).slice(0, 500));
  return Number(/\/resources\/(\d+)\?done=added$/.exec(String(added.headers.location))?.[1]);
}

test('coordinators add, change, withdraw and offer again a resource; others are refused; all audited', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const council = await organisation(hub, 'Stockton Council');
  const { browser } = await signedIn(hub, 'coordinator');

  const empty = await browser.get('/resources');
  assert.equal(empty.statusCode, 200);
  assert.match(textOf(empty.body), /No resources yet\. Add the first one/);

  const missing = await browser.post('/resources', {
    format: 'dvd',
    link: 'javascript:alert(1)',
    reviewOn: '2010-02-30',
  });
  assert.equal(missing.statusCode, 400);
  assert.match(textOf(missing.body), /Enter the title of the resource/);
  assert.match(textOf(missing.body), /Enter a web address starting https:\/\//);
  assert.match(textOf(missing.body), /Enter a real date/);
  const unknownOwner = await browser.post('/resources', { ...DVD, ownerOrganisationId: '999999' });
  assert.equal(unknownOwner.statusCode, 400);
  assert.match(textOf(unknownOwner.body), /Select the owner organisation from the list/);

  const id = await addResource(browser, { ...DVD, ownerOrganisationId: String(council.id) });
  const page = await browser.get(`/resources/${id}?done=added`);
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /The resource is added/);
  assert.match(text, /Trust your Instincts/);
  assert.match(text, /Frontline staff, The public/);
  assert.match(text, /Stockton Council/);
  assert.match(text, /No use recorded yet\. Record the first/);
  assert.doesNotMatch(text, /Review overdue/);

  // A review date in the past is flagged on the page and in the list.
  await browser.get(`/resources/${id}/edit`);
  const changed = await browser.post(`/resources/${id}`, {
    ...DVD,
    title: 'Trust your Instincts (DVD)',
    reviewOn: '2011-03-31',
  });
  assert.equal(changed.statusCode, 303);
  assert.match(
    textOf((await browser.get(`/resources/${id}`)).body),
    /Review overdue.*review date, 31 March 2011, has passed/,
  );
  assert.match(rowText((await browser.get('/resources')).body, 'Trust your Instincts (DVD)') ?? '', /Review overdue/);

  // Withdrawn: kept on record, shown marked, and only once.
  assert.equal((await browser.post(`/resources/${id}/withdraw`, {})).statusCode, 400);
  await browser.get(`/resources/${id}/withdraw`);
  assert.equal(
    (await browser.post(`/resources/${id}/withdraw`, { reason: 'Replaced by the 2011 edition' })).statusCode,
    303,
  );
  const withdrawn = textOf((await browser.get(`/resources/${id}`)).body);
  assert.match(withdrawn, /Withdrawn on .* Replaced by the 2011 edition/);
  assert.doesNotMatch(withdrawn, /Record use/);
  assert.match(rowText((await browser.get('/resources')).body, 'Trust your Instincts') ?? '', /Withdrawn/);
  const again = await browser.post(`/resources/${id}/withdraw`, { reason: 'Again' });
  assert.equal(again.statusCode, 400);
  assert.match(textOf(again.body), /already been withdrawn/);
  assert.equal((await browser.post(`/resources/${id}/reinstate`, {})).statusCode, 303);
  assert.match(textOf((await browser.get(`/resources/${id}`)).body), /Record use/);
  assert.equal((await hub.database.db.select().from(resources)).length, 1, 'nothing deleted');

  const actions = (await hub.database.db.select().from(auditLog).where(eq(auditLog.subjectType, 'resource'))).map(
    (entry) => entry.action,
  );
  assert.deepEqual(actions, ['resource.created', 'resource.updated', 'resource.withdrawn', 'resource.reinstated']);

  for (const role of ['member', 'viewer'] as const) {
    const other = (await signedIn(hub, role)).browser;
    assert.equal((await other.get('/resources')).statusCode, 200);
    assert.doesNotMatch(textOf((await other.get('/resources')).body), /Add a resource/);
    assert.equal((await other.get(`/resources/${id}`)).statusCode, 200);
    assert.equal((await other.get('/resources/new')).statusCode, 403);
    assert.equal((await other.post('/resources', DVD)).statusCode, 403);
    assert.equal((await other.get(`/resources/${id}/edit`)).statusCode, 403);
    assert.equal((await other.post(`/resources/${id}`, DVD)).statusCode, 403);
    assert.equal((await other.post(`/resources/${id}/withdraw`, { reason: 'No' })).statusCode, 403);
    assert.equal((await other.post(`/resources/${id}/reinstate`, {})).statusCode, 403);
  }
  const signedOut = await hub.app.inject({ method: 'GET', url: `/resources/${id}` });
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /^\/sign-in/);
  assert.equal((await browser.get('/resources/999999')).statusCode, 404);
  assert.equal((await browser.get('/resources/0')).statusCode, 404);
});

test('members record use for their own organisation, coordinators for any; viewers cannot', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const stockton = await organisation(hub, 'Stockton Council');
  const police = await organisation(hub, 'Cleveland Police', 'police');
  const coordinator = (await signedIn(hub, 'coordinator')).browser;
  const id = await addResource(coordinator);

  const member = (await memberOf(hub, stockton.id)).browser;
  const form = await member.get(`/resources/${id}/uses/new`);
  assert.equal(form.statusCode, 200);
  assert.match(textOf(form.body), /For Stockton Council/);
  const use = {
    organisationId: String(stockton.id),
    usedOn: '2009-05-12',
    howUsed: 'Shown at team briefing',
    peopleReached: '40',
  };
  assert.equal((await member.post(`/resources/${id}/uses`, use)).statusCode, 303);
  const elsewhere = await member.post(`/resources/${id}/uses`, { ...use, organisationId: String(police.id) });
  assert.equal(elsewhere.statusCode, 400);
  assert.match(textOf(elsewhere.body), /You can record use for your own organisation only/);
  const bad = await member.post(`/resources/${id}/uses`, {
    ...use,
    usedOn: 'yesterday',
    peopleReached: '-3',
    howUsed: '',
  });
  assert.equal(bad.statusCode, 400);
  assert.match(textOf(bad.body), /Enter the date the resource was used/);
  assert.match(textOf(bad.body), /Enter how the resource was used/);
  assert.match(textOf(bad.body), /Enter the number of people reached as a whole number/);

  const viewer = (await memberOf(hub, stockton.id, 'viewer')).browser;
  assert.equal((await viewer.get(`/resources/${id}/uses/new`)).statusCode, 403);
  assert.equal((await viewer.post(`/resources/${id}/uses`, use)).statusCode, 403);
  const homeless = (await signedIn(hub, 'member')).browser;
  assert.equal((await homeless.get(`/resources/${id}/uses/new`)).statusCode, 403, 'a member with no organisation');

  assert.equal((await coordinator.get(`/resources/${id}/uses/new`)).statusCode, 200);
  const forPolice = {
    ...use,
    organisationId: String(police.id),
    howUsed: 'Shown to new recruits',
    peopleReached: '120',
  };
  assert.equal((await coordinator.post(`/resources/${id}/uses`, forPolice)).statusCode, 303);
  const unknown = await coordinator.post(`/resources/${id}/uses`, { ...use, organisationId: '999999' });
  assert.equal(unknown.statusCode, 400);

  const page = await member.get(`/resources/${id}`);
  assert.match(
    rowText(page.body, 'Shown at team briefing') ?? '',
    /12 May 2009 Stockton Council Shown at team briefing Recorded by .* 40/,
  );
  const uses = await hub.database.db.select().from(resourceUses);
  assert.deepEqual(
    uses.map((u) => [u.organisationId, u.peopleReached]).sort(),
    [
      [police.id, 120],
      [stockton.id, 40],
    ].sort(),
  );
  const audited = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'resource.use_recorded'));
  assert.equal(audited.length, 2);

  // A withdrawn resource takes no new use.
  await coordinator.get(`/resources/${id}/withdraw`);
  await coordinator.post(`/resources/${id}/withdraw`, { reason: 'Out of date' });
  assert.equal((await member.get(`/resources/${id}/uses/new`)).statusCode, 403);
  const late = await coordinator.post(`/resources/${id}/uses`, use);
  assert.equal(late.statusCode, 400);
  assert.match(textOf(late.body), /withdrawn: its use can no longer be recorded/);
});

test('the uptake page, its "not used yet" and its CSV match a table worked out by hand', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const stockton = await organisation(hub, 'Stockton Council');
  const middlesbrough = await organisation(hub, 'Middlesbrough Council');
  const hartlepool = await organisation(hub, 'Hartlepool Council');
  const police = await organisation(hub, 'Cleveland Police', 'police');
  await organisation(hub, 'NHS Tees', 'health');
  const { browser } = await signedIn(hub, 'coordinator');
  const id = await addResource(browser);

  const empty = textOf((await browser.get(`/resources/${id}/uptake`)).body);
  assert.match(empty, /No use recorded yet\. 5 organisations have not used it yet\./);
  assert.match(empty, /No organisation has recorded use yet/);

  const record = (organisationId: number, usedOn: string, peopleReached: number) =>
    browser.post(`/resources/${id}/uses`, {
      organisationId: String(organisationId),
      usedOn,
      howUsed: 'Shown at team briefing',
      peopleReached: String(peopleReached),
    });
  await browser.get(`/resources/${id}/uses/new`);
  assert.equal((await record(stockton.id, '2009-05-12', 40)).statusCode, 303);
  assert.equal((await record(stockton.id, '2009-09-01', 25)).statusCode, 303);
  assert.equal((await record(police.id, '2009-06-30', 120)).statusCode, 303);

  const page = await browser.get(`/resources/${id}/uptake`);
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /Used 3 times by 2 organisations, reaching 185 people\. 3 organisations have not used it yet\./);
  // Sector, used it, not used yet, uses, people reached.
  assert.equal(rowText(page.body, '>Health<'), 'Health 0 1 0 0');
  assert.equal(rowText(page.body, '>Local authority<'), 'Local authority 1 2 2 65');
  assert.equal(rowText(page.body, '>Police<'), 'Police 1 0 1 120');
  assert.equal(rowText(page.body, 'Cleveland Police'), 'Cleveland Police Police 1 120 30 June 2009');
  assert.equal(rowText(page.body, 'Stockton Council'), 'Stockton Council Local authority 2 65 1 September 2009');
  const notYet = /<dl class="govuk-summary-list" id="not-yet-list">([\s\S]*?)<\/dl>/.exec(page.body)?.[1] ?? '';
  assert.equal(
    textOf(notYet).trim(),
    'Health Sector not reached NHS Tees Local authority Hartlepool Council Middlesbrough Council',
  );
  assert.equal((page.body.match(/<svg[^>]*role="img"/g) ?? []).length, 1, 'the chart is drawn');
  assert.match(
    page.body,
    /Health: 0 used it, 1 not used yet; Local authority: 1 used it, 2 not used yet; Police: 1 used it, 0 not used yet\./,
  );

  const csv = await browser.get(`/resources/${id}/uptake.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.equal(
    csv.body,
    [
      'Organisation,Sector,Uses,People reached,Last used',
      'NHS Tees,Health,0,0,Not used yet',
      'Stockton Council,Local authority,2,65,2009-09-01',
      'Hartlepool Council,Local authority,0,0,Not used yet',
      'Middlesbrough Council,Local authority,0,0,Not used yet',
      'Cleveland Police,Police,1,120,2009-06-30',
      '',
    ].join('\n'),
  );

  // For board papers: the period counts only the uses inside it.
  const [summary] = await resourceUptakeSummaries(hub.database.db, { from: '2009-06-01', to: '2009-12-31' });
  assert.equal(summary!.title, 'Trust your Instincts');
  assert.deepEqual(
    [summary!.uptake.uses, summary!.uptake.peopleReached, summary!.uptake.organisationsReached],
    [2, 145, 2],
  );
  assert.deepEqual(summary!.sectorsNotReached, ['health']);
  assert.ok(middlesbrough.id && hartlepool.id);

  const viewer = (await signedIn(hub, 'viewer')).browser;
  assert.equal((await viewer.get(`/resources/${id}/uptake`)).statusCode, 200);
  assert.equal((await viewer.get(`/resources/${id}/uptake.csv`)).statusCode, 200);
  assert.equal((await viewer.get('/resources/999999/uptake')).statusCode, 404);
  assert.equal((await hub.app.inject({ method: 'GET', url: `/resources/${id}/uptake.csv` })).statusCode, 303);
});
