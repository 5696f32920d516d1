import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../test/helpers.ts';
import { group, meeting, member, organisation, person } from '../../test/factories.ts';
import { textOf } from '../../test/html.ts';
import { groupMembers, groups } from '../modules/groups/groups.tables.ts';
import { areas } from '../modules/partnership/partnership.tables.ts';

/** A date some days from today, as a meeting's date. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test('the home page shows the national threat level in force today, with its meaning, and links to the evidence', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'member');
  const home = textOf((await browser.get('/')).body);
  // The shipped history ends with SEVERE (30 April 2026); a change recorded since would show instead.
  assert.match(
    home,
    /National threat level\s+SEVERE\s+The national threat level is SEVERE, meaning an attack is highly likely\./,
  );
  assert.match(home, /In force since 30 April 2026/);
  assert.match(home, /Referral statistics/);
  assert.doesNotMatch(home, /Overdue Channel reviews/, 'no register access: no overdue reviews');
});

test('the evidence page: threat level, disrupted plots, referral figures; the register only for its need-to-know', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const outsider = await signedIn(hub, 'coordinator');
  const page = await outsider.browser.get('/evidence');
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /The national threat level is SEVERE, meaning an attack is highly likely\./);
  assert.match(page.body, /href="\/referrals\/statistics"/);
  assert.match(page.body, /href="\/referrals\/figures\/import"/, 'a coordinator may import figures');
  assert.doesNotMatch(page.body, /href="\/referrals\/register"/, 'not on the Channel panel, not named');
  assert.match(page.body, /govuk-service-navigation__link" href="\/evidence"/, 'in the menu');

  const panellist = await signedIn(hub, 'member', 'Panel Member');
  await member(hub, (await group(hub, 'monthly', 'LLR Channel panel')).id, panellist.user.personId);
  const inside = await panellist.browser.get('/evidence');
  assert.match(inside.body, /href="\/referrals\/register"/);
  assert.doesNotMatch(inside.body, /href="\/referrals\/figures\/import"/, 'members do not import figures');
});

test('signed out: the home, person and group pages send you to sign in; the leave button is refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const browser = new Browser(hub.app);
  for (const url of ['/', '/people/1', '/groups/1']) {
    const response = await browser.get(url);
    assert.equal(response.statusCode, 303, url);
    assert.match(String(response.headers.location), /^\/sign-in\?next=/, url);
  }
  assert.equal((await browser.post('/groups/1/members/1/leave', {})).statusCode, 401);
});

test('the home page gathers the signed-in person’s groups and next meetings', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member');
  const panel = await group(hub, 'monthly', 'Stockton Channel panel');
  await member(hub, panel.id, user.personId);
  await meeting(hub, panel.id, inDays(7), { location: 'Municipal Buildings' });
  const home = textOf((await browser.get('/')).body);
  assert.match(home, /Your next meetings[\s\S]*Stockton Channel panel/);
  assert.match(home, /Your groups[\s\S]*Stockton Channel panel/);
});

test('the person page gathers the person, their groups and upcoming meetings; a missing person is a 404', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const police = await organisation(hub, 'Cleveland Police', 'police');
  const sergeant = await person(hub, 'PVE Sergeant', police.id);
  const panel = await group(hub, 'monthly', 'Hartlepool Channel panel');
  await member(hub, panel.id, sergeant.id, police.id);
  await meeting(hub, panel.id, inDays(3));

  const page = await browser.get(`/people/${sergeant.id}?done=saved`);
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /PVE Sergeant/);
  assert.match(text, /Cleveland Police/);
  assert.match(text, /Changes saved\./);
  assert.match(text, /Groups[\s\S]*Hartlepool Channel panel[\s\S]*Upcoming meetings[\s\S]*Hartlepool Channel panel/);
  assert.equal((await browser.get('/people/9999')).statusCode, 404);
  assert.equal((await browser.get('/people/not-a-number')).statusCode, 404);
});

test('the group page names its chair, area and members’ organisations, and lists its meetings', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const db = hub.database.db;
  const [area] = await db.insert(areas).values({ name: 'Stockton-on-Tees' }).returning();
  const council = await organisation(hub, 'Stockton Council');
  const health = await organisation(hub, 'Tees Valley ICB', 'health');
  const chair = await person(hub, 'Zoe Chair', council.id);
  const nurse = await person(hub, 'Amy Nurse', council.id);
  const [silver] = await db
    .insert(groups)
    .values({ name: 'Stockton Silver group', kind: 'silver', areaId: area!.id })
    .returning();
  await db.insert(groupMembers).values([
    { groupId: silver!.id, personId: nurse.id, organisationId: health.id, role: 'member' },
    { groupId: silver!.id, personId: chair.id, organisationId: council.id, role: 'chair' },
  ]);
  await meeting(hub, silver!.id, inDays(10), { location: 'Town hall' });

  const page = await browser.get(`/groups/${silver!.id}`);
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /Chair Zoe Chair/);
  assert.match(text, /Area Stockton-on-Tees/);
  // The chair first, then members; each with the organisation they represent here.
  assert.match(text, /Zoe Chair Stockton Council[\s\S]*Amy Nurse Tees Valley ICB/);
  assert.match(text, /Meetings[\s\S]*Town hall/);
  assert.equal((await browser.get('/groups/9999')).statusCode, 404);
});

test('leaving a group: a bad date is shown on the group page against the members table; a bad id is a 404', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const panel = await group(hub);
  const someone = await person(hub, 'Sam Member');
  const [row] = await hub.database.db
    .insert(groupMembers)
    .values({ groupId: panel.id, personId: someone.id, joinedOn: '2020-01-01' })
    .returning();
  await browser.get(`/groups/${panel.id}`);
  const bad = await browser.post(`/groups/${panel.id}/members/${row!.id}/leave`, { leftOn: '2019-12-31' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /on or after the date they joined/);
  assert.match(bad.body, /href="#members"/);
  assert.match(textOf(bad.body), /Sam Member/);
  assert.equal((await browser.post(`/groups/${panel.id}/members/abc/leave`, {})).statusCode, 404);
  assert.equal((await browser.post(`/groups/${panel.id}/members/${row!.id}/leave`, {})).statusCode, 303);
});

test('no module may import the pages; the pages import modules only through their index.ts', async () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const rule = '@typescript-eslint/no-restricted-imports';
  const { default: config } = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)) as {
    default: Linter.Config[];
  };
  // Only the import rules (no type information needed), on the TypeScript parser.
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin as unknown as ESLint.Plugin },
      },
      ...config.filter((block) => block.rules && rule in block.rules),
    ],
  });
  const refusals = async (file: string, prefix = '') => {
    const text = prefix + readFileSync(path.join(root, file), 'utf8');
    const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
    return result!.messages.filter((m) => m.ruleId === rule).map((m) => `${m.line}: ${m.message}`);
  };
  for (const [file, importLine] of [
    ['src/modules/groups/groups.service.ts', "import { groupPage } from '../../pages/group.page.ts';\n"],
    ['src/modules/search/search.service.ts', "import { pagesRoutes } from '../../pages/index.ts';\n"],
  ] as const) {
    const upward = await refusals(file, importLine);
    assert.ok(
      upward.some((m) => m.startsWith('1: ') && m.includes('Modules sit below the pages')),
      `${file}: ${upward.join('; ')}`,
    );
    assert.deepEqual(await refusals(file), [], `${file} as it is`);
  }
  const inside = await refusals(
    'src/pages/home.page.ts',
    "import { homeSummary } from '../modules/groups/groups.service.ts';\n",
  );
  assert.ok(
    inside.some((m) => m.startsWith('1: ')),
    inside.join('; '),
  );
  for (const file of [
    'src/pages/index.ts',
    'src/pages/home.page.ts',
    'src/pages/person.page.ts',
    'src/pages/group.page.ts',
  ])
    assert.deepEqual(await refusals(file), [], `${file} as it is`);
});
