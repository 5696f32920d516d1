import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createUser } from '../helpers.ts';
import { people } from '../../src/modules/organisations/organisations.tables.ts';
import { samplePlan } from '../factories.ts';
import { todayIso } from '../../src/modules/plans/plans.service.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

const inTwoWeeks = () => new Date(Date.parse(`${todayIso()}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);

test(
  'a draft is opened for comment, partners suggest, the coordinator responds, the owner group approves version 1',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const { planId, coordinator, council } = await samplePlan(hub);
    const partner = await createUser(hub, 'member', 'Priya Partner');
    await hub.database.db.update(people).set({ organisationId: council.id }).where(eq(people.id, partner.personId));
    const browser = await launchBrowser(t);
    const consultationUrl = `${hub.url}/plans/${planId}/consultation`;

    // The coordinator (a member of the owner group) opens the draft for comment.
    const coordinatorPage = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(coordinatorPage);
    await coordinatorPage.goto(consultationUrl);
    await assertAccessible(coordinatorPage);
    await coordinatorPage.getByLabel('Open for comment until').fill(inTwoWeeks());
    await coordinatorPage.getByRole('button', { name: 'Open for comment' }).click();
    await coordinatorPage.getByText('The plan is open for comment.').waitFor();
    assert.match((await coordinatorPage.textContent('main')) ?? '', /Open for comment until/);
    await assertAccessible(coordinatorPage);

    // A partner proposes an amendment and a new action; an empty form shows its errors.
    const partnerPage = await signIn(browser, hub.url, partner.email);
    problems.push(...watchConsole(partnerPage));
    await partnerPage.goto(consultationUrl);
    await assertAccessible(partnerPage);
    await partnerPage.getByRole('button', { name: 'Comment on this plan' }).click();
    await assertAccessible(partnerPage);
    await partnerPage.getByRole('button', { name: 'Send suggestion' }).click();
    await partnerPage.getByText('There is a problem').waitFor();
    await assertAccessible(partnerPage);
    await partnerPage.getByLabel('Proposed amendment').check();
    await partnerPage
      .getByLabel('Which action is it about?')
      .selectOption({ label: '2 Awareness sessions for councillors' });
    await partnerPage.getByLabel('Your suggestion').fill('Include parish councillors, and finish by the end of March');
    await partnerPage.getByRole('button', { name: 'Send suggestion' }).click();
    await partnerPage.getByText('Your suggestion has been added').waitFor();
    await partnerPage.getByRole('button', { name: 'Comment on this plan' }).click();
    await partnerPage.getByLabel('Proposed new action').check();
    await partnerPage.getByLabel('Title of the new action').fill('Prevent sessions in youth clubs');
    await partnerPage.getByLabel('Your suggestion').fill('Young people outside school settings are missed');
    await partnerPage.getByRole('button', { name: 'Send suggestion' }).click();
    await partnerPage.getByText('Your suggestion has been added').waitFor();
    assert.match((await partnerPage.textContent('#suggestions')) ?? '', /Priya Partner, Test Borough Council/);
    await assertAccessible(partnerPage);

    // The coordinator closes the consultation and answers both.
    await coordinatorPage.goto(consultationUrl);
    await coordinatorPage.getByRole('button', { name: 'Close consultation' }).click();
    await coordinatorPage.getByText('The consultation is closed.').waitFor();
    assert.match((await coordinatorPage.textContent('#approve')) ?? '', /2 suggestions have no response yet/);
    await assertAccessible(coordinatorPage);

    await coordinatorPage
      .getByRole('link', { name: /^Respond to suggestion/ })
      .first()
      .click();
    await assertAccessible(coordinatorPage);
    assert.equal(await coordinatorPage.getByLabel('Action title').inputValue(), 'Awareness sessions for councillors');
    await coordinatorPage.getByLabel('Accepted with changes').check();
    await coordinatorPage.getByRole('button', { name: 'Save response' }).click();
    await coordinatorPage.getByText('Say what was changed from the suggestion').first().waitFor();
    await assertAccessible(coordinatorPage);
    await coordinatorPage
      .getByLabel('What was done, or why not')
      .fill('Parish councillors added; the date stays in December');
    await coordinatorPage.getByLabel('Action title').fill('Awareness sessions for borough and parish councillors');
    await coordinatorPage.getByRole('button', { name: 'Save response' }).click();
    await coordinatorPage.getByText('Response saved.').waitFor();

    await coordinatorPage
      .getByRole('link', { name: /^Respond to suggestion/ })
      .first()
      .click();
    assert.equal(await coordinatorPage.getByLabel('Action title').inputValue(), 'Prevent sessions in youth clubs');
    await coordinatorPage.getByLabel('Accepted', { exact: true }).check();
    await coordinatorPage.getByLabel('CONTEST strand').selectOption('prevent');
    await coordinatorPage.getByLabel('Due date (optional)').fill('2027-02-28');
    await coordinatorPage.getByRole('button', { name: 'Save response' }).click();
    await coordinatorPage.getByText('Response saved.').waitFor();
    const amendments = (await coordinatorPage.textContent('#amendments')) ?? '';
    assert.match(amendments, /Awareness sessions for borough and parish councillors/);
    assert.match(amendments, /4 Prevent sessions in youth clubs/);
    await assertAccessible(coordinatorPage);

    // The owner group approves, through its member coordinator.
    await coordinatorPage.getByLabel('Note for the record (optional)').fill('Approved at the Steering Group');
    await coordinatorPage.getByRole('button', { name: 'Approve the plan as version 1' }).click();
    await coordinatorPage.getByText('The plan is approved as version 1.').waitFor();
    await assertAccessible(coordinatorPage);

    await coordinatorPage.getByRole('link', { name: 'Approved versions' }).click();
    await coordinatorPage.getByRole('rowheader', { name: 'Version 1' }).waitFor();
    await assertAccessible(coordinatorPage);
    await coordinatorPage.getByRole('link', { name: 'Version 1', exact: true }).click();
    await coordinatorPage.getByRole('rowheader', { name: '4 Prevent sessions in youth clubs' }).waitFor();
    await assertAccessible(coordinatorPage);
    await coordinatorPage.getByRole('link', { name: 'Compare with the working copy' }).click();
    assert.match((await coordinatorPage.textContent('main')) ?? '', /0 added, 0 withdrawn/);
    await assertAccessible(coordinatorPage);

    // You said, we did: for everyone in the partnership, and printable.
    await partnerPage.goto(`${hub.url}/plans/${planId}/you-said-we-did`);
    const said = (await partnerPage.textContent('main')) ?? '';
    assert.match(said, /Include parish councillors/);
    assert.match(said, /Parish councillors added; the date stays in December/);
    assert.match(said, /In version 1/);
    await assertAccessible(partnerPage);
    await partnerPage.getByRole('link', { name: 'Print this page' }).click();
    await partnerPage.waitForURL(/print=1/);
    assert.equal(await partnerPage.getByRole('navigation', { name: 'Menu' }).count(), 0);
    await assertAccessible(partnerPage);

    assert.deepEqual(problems, []);
  },
);
