import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { event, group, meeting, member, organisation, samplePlan, serviceUser } from '../../../test/factories.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { documentGroups, documents } from '../documents/documents.tables.ts';
import { recommendationsFor, recordRecommendationDecision } from '../meetings/index.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { plans } from '../plans/plans.tables.ts';
import { engagementEntries, fundingDeadlines, fundingSummaries } from './index.ts';
import { fundingProposals, hostingRequests, projectDeliveries } from './funding.tables.ts';

const audited = async (hub: TestHub, action: string) =>
  (await hub.database.db.select().from(auditLog)).filter((row) => row.action === action);

const POT = {
  name: 'Pathfinder fund',
  source: 'pathfinder',
  amount: '131,000',
  financialYear: '2010/11',
  conditions: 'Spend by the end of the financial year',
};

test('a pot, its proposals put to the deciding group and decided there: committed, remaining and the refusals', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const silver = await group(hub, 'monthly', 'Silver group');
  const held = await meeting(hub, silver.id, '2010-09-14');
  const council = await organisation(hub, 'Leicester City Council');
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const insider = await signedIn(hub, 'member');
  await member(hub, silver.id, insider.user.personId);
  await insider.browser.signIn(insider.user.email);
  const { browser: outsider } = await signedIn(hub, 'member');

  assert.match((await coordinator.get('/funding')).body, /No funding pots yet/);
  const bad = await coordinator.post('/funding/pots', { ...POT, amount: 'lots', financialYear: '2010' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the amount in pounds/);
  assert.match(bad.body, /Enter the financial year/);
  assert.equal((await outsider.post('/funding/pots', { ...POT, decidingGroupId: silver.id })).statusCode, 403);
  const added = await coordinator.post('/funding/pots', { ...POT, decidingGroupId: silver.id });
  assert.equal(added.statusCode, 303);
  const potUrl = added.headers.location!.split('?')[0]!;

  // Members of the deciding group read the pot; others do not see it at all.
  assert.equal((await insider.browser.get(potUrl)).statusCode, 200);
  assert.equal((await outsider.get(potUrl)).statusCode, 403);
  assert.doesNotMatch((await outsider.get('/funding')).body, /Pathfinder fund/);
  assert.match((await insider.browser.get('/funding')).body, /£131,000/);

  assert.equal((await new Browser(hub.app).get(potUrl)).statusCode, 303, 'signed out: to the sign-in page');
  const propose = (title: string, amountAsked: string, extra: Record<string, string | number> = {}) =>
    coordinator.post(`${potUrl}/proposals`, {
      title,
      proposerKind: 'organisation',
      proposerOrganisationId: council.id,
      amountAsked,
      outcomeSought: 'Young people able to challenge extremist narratives',
      ...extra,
    });
  const noSource = await propose('Youth debate', '5,000', { proposerKind: 'live_event' });
  assert.equal(noSource.statusCode, 400);
  assert.match(noSource.body, /Select the live event that suggested it/);
  assert.equal((await insider.browser.post(`${potUrl}/proposals`, { title: 'x' })).statusCode, 403);
  const first = (await propose('Youth workshops in schools', '100,000')).headers.location!.split('?')[0]!;
  const second = (
    await propose('Faith leaders mentoring', '50,000', {
      proposerKind: 'other',
      proposerReference: 'Faith Network letter',
    })
  ).headers.location!.split('?')[0]!;
  const third = (await propose('Sports outreach', '20,000')).headers.location!.split('?')[0]!;

  const notYet = await coordinator.post(`${first}/decision`, { decision: 'approved' });
  assert.equal(notYet.statusCode, 400);
  assert.match(notYet.body, /Put the proposal to a meeting/);
  for (const url of [first, second, third])
    assert.equal((await coordinator.post(`${url}/meeting`, { meetingId: held.id })).statusCode, 303);
  const proposalIds = (await db.select().from(fundingProposals)).map((p) => p.id);
  const recs = await recommendationsFor(db, { subjectType: 'funding_proposal', subjectIds: proposalIds });
  assert.deepEqual(
    recs.map((r) => r.number),
    [1, 2, 3],
    'each put to the meeting as its own recommendation',
  );
  assert.equal((await insider.browser.post(`${first}/decision`, { decision: 'approved' })).statusCode, 403);

  const changed = await coordinator.post(`${first}/decision`, {
    decision: 'approved_with_changes',
    approvedAmount: '90,000',
  });
  assert.equal(changed.statusCode, 303);
  let page = (await coordinator.get(potUrl)).body;
  assert.match(page, /Committed<\/dt><dd class="govuk-summary-list__value">£90,000/);

  // £41,000 left: £50,000 needs a confirmation, audited.
  const over = await coordinator.post(`${second}/decision`, { decision: 'approved' });
  assert.equal(over.statusCode, 400);
  assert.match(over.body, /confirm to over-commit it/);
  assert.equal((await audited(hub, 'funding_pot.overcommitted')).length, 0);
  assert.equal(
    (await coordinator.post(`${second}/decision`, { decision: 'approved', confirmOvercommit: 'yes' })).statusCode,
    303,
  );
  assert.equal((await audited(hub, 'funding_pot.overcommitted')).length, 1);

  const noReason = await coordinator.post(`${third}/decision`, { decision: 'declined' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /Enter the reason it was declined/);
  assert.equal(
    (await coordinator.post(`${third}/decision`, { decision: 'declined', reason: 'Covered by the county scheme' }))
      .statusCode,
    303,
  );
  page = (await coordinator.get(potUrl)).body;
  assert.match(
    page,
    /Committed<\/dt><dd class="govuk-summary-list__value">£140,000/,
    'declining leaves committed unchanged',
  );
  assert.match(page, /Over-committed/);
  assert.match(page, /−£9,000/);

  // Decided on the meeting's own page: approved means the amount asked, and an over-commitment is refused there.
  const chair = await serviceUser(hub, 'coordinator');
  const [thirdRec] = recs.filter((r) => r.number === 3);
  await assert.rejects(recordRecommendationDecision(db, chair, thirdRec!.id, { decision: 'approved' }), /over-commit/);
  await recordRecommendationDecision(db, chair, thirdRec!.id, { decision: 'deferred' });
  const [deferred] = await db.select().from(fundingProposals).where(eq(fundingProposals.title, 'Sports outreach'));
  assert.equal(deferred!.decision, 'deferred');
  assert.equal(deferred!.approvedAmountPence, null);
  assert.equal((await audited(hub, 'funding_proposal.decided')).length, 4);

  const summary = await fundingSummaries(db, chair, { from: '2010-04-01', to: '2011-03-31' });
  assert.equal(summary.pots[0]!.committedPence, 14_000_000);
});

test("a proposal suggested at a live event or in a plan's consultation is picked from the Hub's own, and its page links the source", async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const silver = await group(hub, 'monthly', 'Silver group');
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const forum = await event(hub, user.accountId, { title: 'Youth Prevent conference', heldOn: '2010-06-12' });
  const { planId } = await samplePlan(hub);
  await db.update(plans).set({ consultationClosesOn: '2010-07-31' }).where(eq(plans.id, planId));
  const potUrl = (
    await coordinator.post('/funding/pots', { ...POT, decidingGroupId: silver.id })
  ).headers.location!.split('?')[0]!;

  const form = (await coordinator.get(potUrl)).body;
  assert.match(form, new RegExp(`<option value="${forum.id}">Youth Prevent conference \\(2010-06-12\\)</option>`));
  assert.match(form, new RegExp(`<option value="${planId}">Prevent Strategic Action Plan [0-9]+ \\(consultation`));
  const propose = (extra: Record<string, string | number>) =>
    coordinator.post(`${potUrl}/proposals`, {
      title: 'Youth-led debate',
      amountAsked: '5,000',
      outcomeSought: 'Young people able to challenge extremist narratives',
      ...extra,
    });

  const unknown = await propose({ proposerKind: 'live_event', proposerEventId: forum.id + 1000 });
  assert.equal(unknown.statusCode, 400, 'an event that does not exist is a form error, not a failed page');
  assert.match(unknown.body, /Select a live event from the list/);
  const notConsulted = await propose({ proposerKind: 'consultation', proposerPlanId: planId + 1000 });
  assert.equal(notConsulted.statusCode, 400);
  assert.match(notConsulted.body, /Select a plan consultation from the list/);
  const noWords = await propose({ proposerKind: 'other' });
  assert.equal(noWords.statusCode, 400);
  assert.match(noWords.body, /Say which source suggested it/);
  assert.equal((await db.select().from(fundingProposals)).length, 0);

  const fromEvent = await propose({
    proposerKind: 'live_event',
    proposerEventId: forum.id,
    proposerReference: 'ignored',
  });
  assert.equal(fromEvent.statusCode, 303);
  const page = (await coordinator.get(fromEvent.headers.location!)).body;
  assert.match(
    page,
    new RegExp(`Live event: <a class="govuk-link" href="/events/${forum.id}">Youth Prevent conference</a>`),
  );
  const fromPlan = await propose({ proposerKind: 'consultation', proposerPlanId: planId });
  assert.match(
    (await coordinator.get(fromPlan.headers.location!)).body,
    new RegExp(
      `Consultation: <a class="govuk-link" href="/plans/${planId}/consultation">Prevent Strategic Action Plan`,
    ),
  );
  const saved = await db.select().from(fundingProposals).orderBy(fundingProposals.id);
  assert.deepEqual(
    saved.map((p) => [p.proposerEventId, p.proposerPlanId, p.proposerReference]),
    [
      [forum.id, null, null],
      [null, planId, null],
    ],
    'only the source the kind names is kept',
  );
});

test('CTLP risk titles for those who may see the CTLP, projects by risk and place, spend, and a hosting request accepted into a delivery', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const silver = await group(hub, 'monthly', 'Silver group');
  const [city] = await db.insert(areas).values({ name: 'Leicester', kind: 'city' }).returning();
  const [county] = await db.insert(areas).values({ name: 'Leicestershire', kind: 'county' }).returning();
  const partner = await organisation(hub, 'Leicestershire County Council');
  const { browser: coordinator, user: coordinatorUser } = await signedIn(hub, 'coordinator');
  const insider = await signedIn(hub, 'member');
  await member(hub, silver.id, insider.user.personId);
  await insider.browser.signIn(insider.user.email);
  const { browser: outsider } = await signedIn(hub, 'viewer');

  const [ctlp] = await db
    .insert(documents)
    .values({
      title: 'CTLP 2010',
      marking: 'OFFICIAL-SENSITIVE',
      audience: 'groups',
      createdBy: coordinatorUser.accountId,
    })
    .returning();
  await db.insert(documentGroups).values({ documentId: ctlp!.id, groupId: silver.id });
  assert.equal((await outsider.post('/funding/risks', { reference: 'R1', title: 'x' })).statusCode, 403);
  assert.equal(
    (
      await coordinator.post('/funding/risks', {
        reference: 'R1',
        title: 'Radicalisation of young people online',
        documentId: ctlp!.id,
      })
    ).statusCode,
    303,
  );
  assert.equal((await coordinator.post('/funding/risks', { reference: 'R1', title: 'again' })).statusCode, 400);

  assert.equal((await outsider.get('/projects/new')).statusCode, 403);
  const badProject = await coordinator.post('/projects', { title: 'Street outreach', type: 'outreach', budget: 'ten' });
  assert.equal(badProject.statusCode, 400);
  const unknownRisk = await coordinator.post('/projects', {
    title: 'x',
    type: 'outreach',
    budget: '1',
    riskIds: ['999'],
  });
  assert.equal(unknownRisk.statusCode, 400, 'a risk that does not exist is a form error');
  const made = await coordinator.post('/projects', {
    title: 'Street outreach',
    type: 'outreach',
    budget: '12,000',
    deliveryPartnerId: partner.id,
    riskIds: ['1'],
    areaIds: [String(city!.id), String(county!.id)],
  });
  assert.equal(made.statusCode, 303);
  const projectUrl = made.headers.location!.split('?')[0]!;

  const insiderPage = (await insider.browser.get(projectUrl)).body;
  assert.match(insiderPage, /R1: Radicalisation of young people online/);
  assert.match(insiderPage, /OFFICIAL-SENSITIVE/);
  const outsiderPage = await outsider.get(projectUrl);
  assert.equal(outsiderPage.statusCode, 200);
  assert.match(outsiderPage.body, /R1/);
  assert.doesNotMatch(outsiderPage.body, /Radicalisation/);
  assert.ok((await audited(hub, 'ctlp_risks.viewed')).length >= 1);

  const list = (await outsider.get('/projects')).body;
  const cityRow =
    /<th scope="row" class="govuk-table__header"><a class="govuk-link" href="\/projects\?place=city#projects">City<\/a><\/th><td[^>]*>(\d+)<\/td><td[^>]*>([^<]+)<\/td>/;
  assert.deepEqual(cityRow.exec(list)?.slice(1), ['1', '£12,000'], 'the city row counts the project and its budget');
  assert.match(
    list,
    /<a class="govuk-link" href="\/projects\?risk=1#projects">R1<\/a>/,
    'others see the risk by reference',
  );
  assert.match(list, /id="projects-table"[\s\S]*Street outreach/);
  assert.match(list, /<svg/);
  assert.match(
    (await outsider.get('/projects?place=county&status=planned')).body,
    /Projects in the county, with status planned/,
  );
  assert.doesNotMatch((await outsider.get('/projects?status=completed')).body, /id="projects-table"/);
  assert.equal((await outsider.get('/projects?place=village')).statusCode, 400);
  assert.equal((await outsider.get('/projects?page=2')).statusCode, 404);

  assert.equal((await outsider.post(`${projectUrl}/spend`, { quarter: '2010/11 Q3', amount: '100' })).statusCode, 403);
  assert.equal((await coordinator.post(`${projectUrl}/spend`, { quarter: 'Q3', amount: '100' })).statusCode, 400);
  assert.equal(
    (await coordinator.post(`${projectUrl}/spend`, { quarter: '2010/11 Q3', amount: '3,000' })).statusCode,
    303,
  );
  assert.match((await coordinator.get(projectUrl)).body, /£3,000 spent of £12,000/);
  assert.equal(
    (await coordinator.post(`${projectUrl}/progress`, { status: 'delivering', rag: 'amber' })).statusCode,
    303,
  );

  // A county partner asks to host it; the coordinator accepts, and it becomes a delivery.
  const asked = await outsider.post(`${projectUrl}/hosting-requests`, {
    organisationId: partner.id,
    areaId: county!.id,
    place: 'Loughborough College',
    preferredOn: '2011-02-10',
    audience: 'young_people',
    contact: 'A. Partner, 01509 000000',
  });
  assert.equal(asked.statusCode, 303);
  assert.equal((await outsider.post(`${projectUrl}/hosting-requests`, { place: '' })).statusCode, 400);
  const [request] = await db.select().from(hostingRequests);
  assert.equal(
    (await outsider.post(`/funding/hosting-requests/${request!.id}/accept`, { heldOn: '2011-02-10' })).statusCode,
    403,
  );
  assert.equal((await coordinator.post(`/funding/hosting-requests/${request!.id}/decline`, {})).statusCode, 400);
  assert.equal(
    (await coordinator.post(`/funding/hosting-requests/${request!.id}/accept`, { heldOn: '2011-02-17' })).statusCode,
    303,
  );
  const again = await coordinator.post(`/funding/hosting-requests/${request!.id}/decline`, { reason: 'late' });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /answered already/);
  const [delivery] = await db.select().from(projectDeliveries);
  assert.deepEqual(
    [delivery!.heldOn, delivery!.place, delivery!.areaId],
    ['2011-02-17', 'Loughborough College', county!.id],
  );
  const [accepted] = await db
    .select()
    .from(hostingRequests)
    .where(and(eq(hostingRequests.id, request!.id)));
  assert.equal(accepted!.deliveryId, delivery!.id);
  assert.equal(
    (await coordinator.post('/funding/hosting-requests/999/accept', { heldOn: '2011-02-17' })).statusCode,
    404,
  );

  assert.equal(
    (await coordinator.post(`${projectUrl}/deliveries`, { heldOn: '2011-03-01', young_people: '25', women: '5' }))
      .statusCode,
    303,
  );
  const entries = await engagementEntries(db, { from: '2011-01-01', to: '2011-03-31' });
  assert.deepEqual(
    entries.map((e) => [e.kind, e.heldOn, e.attendance]),
    [
      ['project_delivery', '2011-02-17', 0],
      ['project_delivery', '2011-03-01', 30],
    ],
  );
});

test('claim and spend deadlines remind coordinators within 30 days or past', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const silver = await group(hub, 'monthly', 'Silver group');
  const coordinator = await serviceUser(hub, 'coordinator');
  const insider = await serviceUser(hub, 'member', [silver.id]);
  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const { createPot } = await import('./funding.service.ts');
  await createPot(hub.database.db, coordinator, {
    ...POT,
    source: 'pathfinder',
    decidingGroupId: silver.id,
    claimDeadline: day(10),
    spendDeadline: day(90),
  });
  await createPot(hub.database.db, coordinator, {
    ...POT,
    name: 'Old pot',
    source: 'pathfinder',
    decidingGroupId: silver.id,
    spendDeadline: day(-3),
  });
  const due = await fundingDeadlines(hub.database.db, coordinator);
  assert.deepEqual(
    due.map((d) => [d.potName, d.kind, d.past]),
    [
      ['Old pot', 'spend', true],
      ['Pathfinder fund', 'claim', false],
    ],
  );
  assert.deepEqual(await fundingDeadlines(hub.database.db, insider), []);
});
