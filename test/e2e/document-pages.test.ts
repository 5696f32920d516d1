import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { groupMembers, groups } from '../../src/modules/groups/groups.tables.ts';
import { createDocument } from '../../src/modules/documents/documents.service.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * The document pages a coordinator works through, in a real browser: the conditional audience
 * radios (with JavaScript revealing the groups), the marking banner and the back links pass
 * axe-core with no serious or critical finding, and no landmark problem either.
 */
test(
  'document pages are accessible: library, add (with and without a group), a marked paper, edit',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t, 'Leicestershire Prevent partnership');
    const db = hub.database.db;
    const coordinator = await createUser(hub, 'coordinator', 'Priya Shah');
    const [silver] = await db.insert(groups).values({ name: 'Silver group', kind: 'silver' }).returning();
    await db.insert(groupMembers).values({ groupId: silver!.id, personId: coordinator.personId });
    const user = { ...coordinator, name: 'Priya Shah', mustChangePassword: false, groupIds: [silver!.id] };
    const documentId = await createDocument(db, user, {
      title: 'Counter Terrorism Local Profile 2026',
      marking: 'OFFICIAL-SENSITIVE',
      audience: 'groups',
      audienceGroupIds: [silver!.id],
      groupId: silver!.id,
      expectedOn: '2026-12-01',
    });

    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);
    const visit = async (path: string, expect: RegExp) => {
      const response = await page.goto(`${hub.url}${path}`);
      assert.equal(response?.status(), 200, path);
      assert.match((await page.textContent('main')) ?? '', expect, path);
      await assertAccessible(page, { moderate: true });
    };
    await visit('/documents', /Counter Terrorism Local Profile/);
    await visit('/documents/new', /Add a document/);
    // The conditional reveal, as a person uses it: choosing named groups shows the group list.
    await page.getByLabel('Members of named groups').check();
    assert.ok(await page.getByLabel('Silver group').isVisible(), 'choosing named groups reveals them');
    await assertAccessible(page, { moderate: true });
    await visit(`/documents/new?groupId=${silver!.id}`, /Add a document/);
    await visit(`/documents/${documentId}`, /Counter Terrorism Local Profile/);
    assert.equal(await page.locator('.hub-marking').first().textContent(), 'OFFICIAL-SENSITIVE');
    await visit(`/documents/${documentId}/edit`, /Counter Terrorism Local Profile/);
    assert.deepEqual(problems, []);
  },
);
