import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documents } from '../../src/modules/documents/documents.tables.ts';
import { agendaItems } from '../../src/modules/meetings/meetings.tables.ts';
import { group, meeting, member } from '../factories.ts';
import { createUser } from '../helpers.ts';
import { listeningHubWithMail } from '../smtp.ts';
import { assertAccessible, launchBrowser, signIn, skipWithoutChromium, watchConsole } from './browser.ts';

test(
  'a coordinator circulates a meeting’s agenda and papers from its page, confirming who gets them, then again',
  { skip: skipWithoutChromium },
  async (t) => {
    const { hub, smtp } = await listeningHubWithMail(t, 'Teesside Prevent partnership');
    const { database, url } = hub;

    const coordinator = await createUser(hub, 'coordinator', 'Ann Example');
    const board = await group(hub, 'monthly', 'Prevent Steering Group');
    for (const name of ['Grace Okafor', 'Tom Brennan']) {
      const person = await createUser(hub, 'viewer', name);
      await member(hub, board.id, person.personId);
    }
    const held = await meeting(hub, board.id, '2026-12-15', { location: 'Civic Centre' });
    const [official, sensitive] = await database.db
      .insert(documents)
      .values([
        { title: 'Prevent delivery update', groupId: board.id, meetingId: held.id, createdBy: coordinator.accountId },
        {
          title: 'Channel cases this quarter',
          marking: 'OFFICIAL-SENSITIVE',
          groupId: board.id,
          meetingId: held.id,
          createdBy: coordinator.accountId,
        },
      ])
      .returning();
    await database.db.insert(agendaItems).values([
      { meetingId: held.id, position: 1, title: 'Prevent delivery update', paperDocumentId: official!.id },
      { meetingId: held.id, position: 2, title: 'Channel cases this quarter', paperDocumentId: sensitive!.id },
    ]);

    const browser = await launchBrowser(t);
    const page = await signIn(browser, url, coordinator.email);
    const problems = watchConsole(page);
    await page.goto(`${url}/meetings/${held.id}`);
    await page.getByRole('link', { name: 'Circulate agenda and papers' }).click();
    await page.getByRole('heading', { name: 'Circulate agenda and papers' }).waitFor();
    await page.getByText('An email will go to 2 members').waitFor();
    await assertAccessible(page, { moderate: true });
    await page.getByRole('button', { name: 'Send to 2 members' }).click();
    await page.waitForURL(`${url}/meetings/${held.id}#circulation`);
    await page.getByText(/Circulated on .* to 2 members/).waitFor();
    await assertAccessible(page, { moderate: true });

    await smtp.waitFor(2);
    const bodies = smtp.received.map((mail) => mail.body).join('\n');
    assert.ok(bodies.includes(`${url}/documents/${sensitive!.id}`));
    assert.doesNotMatch(bodies, /Channel cases this quarter/);

    await page.getByRole('link', { name: 'Circulate agenda and papers again' }).click();
    await page.getByText(/Already circulated on .* by Ann Example to 2 members/).waitFor();
    await page.getByRole('button', { name: 'Send to 2 members' }).click();
    await page.getByText('There is a problem').waitFor();
    await assertAccessible(page, { moderate: true });
    await page.getByLabel('Yes, email the agenda and papers to the group again').check();
    await page.getByRole('button', { name: 'Send to 2 members' }).click();
    await page.waitForURL(`${url}/meetings/${held.id}#circulation`);
    await smtp.waitFor(4);
    assert.deepEqual(problems, []);
  },
);
