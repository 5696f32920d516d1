import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { documentGroups, documents } from '../documents/documents.tables.ts';
import { groupMembers, groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { containsPattern } from './search.service.ts';

async function groupWith(hub: TestHub, name: string, personIds: number[]) {
  const [group] = await hub.database.db
    .insert(groups)
    .values({ name, kind: 'silver', description: 'Borough delivery of Prevent' })
    .returning();
  for (const personId of personIds) await hub.database.db.insert(groupMembers).values({ groupId: group!.id, personId });
  return group!.id;
}

/** A document inserted directly, as another module or the demo data would. */
async function documentFor(
  hub: TestHub,
  createdBy: number,
  values: {
    title: string;
    description?: string;
    audienceGroupId?: number;
    marking?: 'OFFICIAL' | 'OFFICIAL-SENSITIVE';
  },
) {
  const [document] = await hub.database.db
    .insert(documents)
    .values({
      title: values.title,
      description: values.description ?? null,
      marking: values.marking ?? 'OFFICIAL',
      audience: values.audienceGroupId ? 'groups' : 'everyone',
      expectedOn: '2009-06-30',
      createdBy,
    })
    .returning();
  if (values.audienceGroupId)
    await hub.database.db.insert(documentGroups).values({ documentId: document!.id, groupId: values.audienceGroupId });
  return document!.id;
}

test('search asks for at least two characters, and says when nothing matches', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'viewer');

  const box = await browser.get('/search');
  assert.equal(box.statusCode, 200);
  assert.match(box.body, /name="q"/);
  assert.doesNotMatch(box.body, /There is a problem/);

  const short = await browser.get('/search?q=+a+');
  assert.equal(short.statusCode, 400);
  assert.match(short.body, /There is a problem/);
  assert.match(short.body, /href="#q">Enter at least 2 characters to search/);

  const long = await browser.get(`/search?q=${'x'.repeat(201)}`);
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /Search must be 200 characters or fewer/);

  const none = await browser.get('/search?q=zebra+crossing');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /No results for “zebra crossing”/);
});

test('results are grouped: documents, groups, organisations, people; wildcards are literal', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member', 'Mike Stockton-Batty');
  const [council] = await hub.database.db
    .insert(organisations)
    .values({ name: 'Stockton-on-Tees Borough Council', sector: 'local_authority' })
    .returning();
  await hub.database.db
    .insert(people)
    .values({ name: 'Sam Example', jobTitle: 'Head of Community Protection, Stockton', organisationId: council!.id });
  await groupWith(hub, 'Stockton Silver group', []);
  await documentFor(hub, user.accountId, {
    title: 'Stockton community profile',
    description: 'Produced by Cleveland Police',
  });

  const results = await browser.get('/search?q=stockton');
  assert.equal(results.statusCode, 200);
  const sections = ['Documents', 'Groups', 'Organisations', 'People'].map((name) => results.body.indexOf(`>${name} (`));
  assert.ok(
    sections.every((at) => at > 0),
    'each kind has its heading',
  );
  assert.deepEqual(
    [...sections].sort((a, b) => a - b),
    sections,
    'in that order',
  );
  assert.match(results.body, /href="\/documents\/\d+">Stockton community profile/);
  assert.match(results.body, /href="\/groups\/\d+">Stockton Silver group/);
  assert.match(results.body, /href="\/organisations\/\d+">Stockton-on-Tees Borough Council/);
  assert.match(results.body, /Sam Example/, 'found by job title');
  assert.match(results.body, /Mike Stockton-Batty/);
  assert.match(
    (await browser.get('/search?q=cleveland')).body,
    /Stockton community profile/,
    'descriptions are searched',
  );

  assert.match(
    (await browser.get('/search?q=%25%25')).body,
    /No results/,
    '"%%" matches a literal "%%", not everything',
  );
  assert.equal(containsPattern('50%_off\\'), '%50\\%\\_off\\\\%');
});

test('search applies need-to-know to documents: only members of the document’s groups find it', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { user: coordinator } = await signedIn(hub, 'coordinator');
  const { browser: member, user: memberUser } = await signedIn(hub, 'member');
  const { browser: outsider } = await signedIn(hub, 'member');
  const { browser: admin } = await signedIn(hub, 'administrator');
  const silver = await groupWith(hub, 'Silver group', [memberUser.personId]);
  await documentFor(hub, coordinator.accountId, {
    title: 'Counter Terrorism Local Profile',
    marking: 'OFFICIAL-SENSITIVE',
    audienceGroupId: silver,
  });
  await documentFor(hub, coordinator.accountId, { title: 'Counter Terrorism awareness leaflet' });

  const found = await member.get('/search?q=counter+terrorism');
  assert.match(found.body, /Counter Terrorism Local Profile/);
  assert.match(found.body, /Counter Terrorism awareness leaflet/);
  assert.equal(found.headers['cache-control'], 'no-store', 'results naming sensitive material are not cached');

  for (const browser of [outsider, admin]) {
    const hidden = await browser.get('/search?q=counter+terrorism');
    assert.equal(hidden.statusCode, 200);
    assert.doesNotMatch(hidden.body, /Local Profile/);
    assert.match(hidden.body, /Counter Terrorism awareness leaflet/);
    assert.match(hidden.body, /Documents \(1\)/, 'the count does not betray it either');
  }
});
