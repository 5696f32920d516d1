import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { organisation, samplePlan } from '../../../test/factories.ts';
import { rowText, textOf } from '../../../test/html.ts';
import { delegates, eventItems, events } from '../events/events.tables.ts';
import { groupMembers, groups } from '../groups/groups.tables.ts';
import { people } from '../organisations/organisations.tables.ts';
import { getPlanAction, listPlanActions, listPlanChanges, todayIso, withdrawAction } from './plans.service.ts';
import { planActionPartners, plans, planSuggestions, planVersions } from './plans.tables.ts';
import { formatDate } from '../../views/filters.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

const daysFromToday = (days: number) =>
  new Date(Date.parse(`${todayIso()}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const planRow = async (planId: number) => (await db.select().from(plans).where(eq(plans.id, planId)))[0]!;
const suggestionsOf = (planId: number) =>
  db.select().from(planSuggestions).where(eq(planSuggestions.planId, planId)).orderBy(planSuggestions.id);

/** A draft plan, a browser signed in as its coordinator (a member of the owner group), and a partner with an organisation. */
async function consultation() {
  const sample = await samplePlan(hub);
  const coordinator = new Browser(hub.app);
  await coordinator.signIn(sample.coordinator.email);
  const partner = await signedIn(hub, 'member', `Priya Partner ${randomBytes(2).toString('hex')}`);
  await db.update(people).set({ organisationId: sample.council.id }).where(eq(people.id, partner.user.personId));
  return { ...sample, browser: coordinator, partner };
}

async function openFor(browser: Browser, planId: number, closesOn = daysFromToday(14)) {
  await browser.get(`/plans/${planId}/consultation`);
  const response = await browser.post(`/plans/${planId}/consultation/open`, { closesOn });
  assert.equal(response.statusCode, 303, response.body.slice(0, 300));
}

async function suggest(browser: Browser, planId: number, form: Record<string, string | number>) {
  await browser.get(`/plans/${planId}/suggestions/new`);
  return browser.post(`/plans/${planId}/suggestions`, form);
}

async function respond(browser: Browser, planId: number, suggestionId: number, form: Record<string, string | number>) {
  await browser.get(`/plans/${planId}/suggestions/${suggestionId}/response`);
  return browser.post(`/plans/${planId}/suggestions/${suggestionId}/response`, form);
}

test('a coordinator opens a draft for comment until a future date; a past date, a bad date or another role is refused', async () => {
  const { planId, browser, steering } = await consultation();
  const signedOut = await new Browser(hub.app).get(`/plans/${planId}/consultation`);
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /^\/sign-in/);

  const page = await browser.get(`/plans/${planId}/consultation`);
  assert.equal(page.statusCode, 200);
  assert.match(textOf(page.body), /Not open for comment\. This plan has not been consulted on yet\./);

  for (const closesOn of [daysFromToday(-1), todayIso()]) {
    const refused = await browser.post(`/plans/${planId}/consultation/open`, { closesOn });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The closing date must be in the future/);
  }
  const bad = await browser.post(`/plans/${planId}/consultation/open`, { closesOn: '31/02/2027' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the closing date as a real date/);
  const member = await signedIn(hub, 'member');
  await member.browser.get(`/plans/${planId}/consultation`);
  assert.equal(
    (await member.browser.post(`/plans/${planId}/consultation/open`, { closesOn: daysFromToday(10) })).statusCode,
    403,
  );
  assert.equal((await planRow(planId)).status, 'draft');

  await openFor(browser, planId, daysFromToday(21));
  const plan = await planRow(planId);
  assert.equal(plan.status, 'in_consultation');
  assert.equal(plan.consultationClosesOn, daysFromToday(21));
  const opened = await browser.get(`/plans/${planId}/consultation?done=opened`);
  assert.match(textOf(opened.body), new RegExp(`Open for comment until ${formatDate(daysFromToday(21))}`));
  const [audit] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'plan.consultation_opened'), eq(auditLog.subjectId, String(planId))));
  assert.deepEqual(audit?.detail, { closesOn: daysFromToday(21) });
  const changes = await listPlanChanges(db, { planId });
  assert.ok(changes.some((c) => c.field === 'status' && c.before === 'draft' && c.after === 'in_consultation'));

  const notApproved = await browser.post(`/plans/${planId}/supersede`);
  assert.equal(notApproved.statusCode, 400);
  assert.match(notApproved.body, /Only an approved plan can be superseded/);
  // A current member in the chair's role may approve; the same person once they have left may not.
  const chair = await signedIn(hub, 'member');
  await db.insert(groupMembers).values({ groupId: steering.id, personId: chair.user.personId, role: 'chair' });
  assert.match((await chair.browser.get(`/plans/${planId}/consultation`)).body, /Approve the plan as version 1/);
  await db.update(groupMembers).set({ leftOn: todayIso() }).where(eq(groupMembers.personId, chair.user.personId));
  assert.doesNotMatch((await chair.browser.get(`/plans/${planId}/consultation`)).body, /Approve the plan as version 1/);
});

test('partners comment while the plan is open; viewers cannot; after the closing date or once closed, comments are refused', async () => {
  const { planId, browser, partner, actionIds, council } = await consultation();
  const early = await suggest(partner.browser, planId, { kind: 'comment', text: 'Too early' });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /This plan is not open for comment at the moment/);
  await openFor(browser, planId);

  const form = await partner.browser.get(`/plans/${planId}/suggestions/new`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /WRAP training for frontline staff/);
  const sent = await suggest(partner.browser, planId, {
    kind: 'comment',
    actionId: actionIds[0]!,
    text: 'Include school governors in the WRAP sessions',
  });
  assert.equal(sent.statusCode, 303);
  const page = await partner.browser.get(String(sent.headers.location));
  assert.match(page.body, /Your suggestion has been added/);
  const row = rowText(page.body, 'Include school governors');
  assert.match(row!, /Action 1: WRAP training for frontline staff/);
  assert.match(row!, new RegExp(`Priya Partner \\w+, ${council.name}`));
  assert.match(row!, /Awaiting a response/);

  const noAction = await suggest(partner.browser, planId, { kind: 'amendment', text: 'Change the date' });
  assert.equal(noAction.statusCode, 400);
  assert.match(noAction.body, /Select the action you propose to amend/);
  const noTitle = await suggest(partner.browser, planId, { kind: 'new_action', text: 'Youth clubs' });
  assert.equal(noTitle.statusCode, 400);
  assert.match(noTitle.body, /Enter the title of the new action you propose/);
  const other = await samplePlan(hub);
  const wrongPlan = await suggest(partner.browser, planId, {
    kind: 'amendment',
    actionId: other.actionIds[0]!,
    text: 'Not this plan',
  });
  assert.equal(wrongPlan.statusCode, 400);
  assert.match(wrongPlan.body, /Select the action from the list/);
  const empty = await suggest(partner.browser, planId, { kind: 'comment' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter your comment or suggestion/);

  const viewer = await signedIn(hub, 'viewer');
  const viewerPage = await viewer.browser.get(`/plans/${planId}/consultation`);
  assert.equal(viewerPage.statusCode, 200);
  assert.match(viewerPage.body, /Viewers cannot comment/);
  assert.doesNotMatch(viewerPage.body, /Comment on this plan/);
  assert.equal((await viewer.browser.get(`/plans/${planId}/suggestions/new`)).statusCode, 403);
  assert.equal(
    (await viewer.browser.post(`/plans/${planId}/suggestions`, { kind: 'comment', text: 'A viewer’s view' }))
      .statusCode,
    403,
  );
  assert.equal(
    (await new Browser(hub.app).post(`/plans/${planId}/suggestions`, { kind: 'comment', text: 'Anyone' })).statusCode,
    401,
  );
  assert.equal((await suggestionsOf(planId)).length, 1);

  // The closing date passes: still "in consultation", but no more comments.
  await db
    .update(plans)
    .set({ consultationClosesOn: daysFromToday(-1) })
    .where(eq(plans.id, planId));
  const late = await suggest(partner.browser, planId, { kind: 'comment', text: 'Too late' });
  assert.equal(late.statusCode, 400);
  assert.match(late.body, new RegExp(`This consultation closed on ${formatDate(daysFromToday(-1))}`));
  assert.match(textOf((await partner.browser.get(`/plans/${planId}/consultation`)).body), /Closed for comment on/);

  // Closed by the coordinator: back to draft.
  await browser.get(`/plans/${planId}/consultation`);
  assert.equal((await browser.post(`/plans/${planId}/consultation/close`)).statusCode, 303);
  assert.equal((await planRow(planId)).status, 'draft');
  const closed = await suggest(partner.browser, planId, { kind: 'comment', text: 'After closing' });
  assert.equal(closed.statusCode, 400);
  assert.match(closed.body, /not open for comment/);
  assert.equal((await suggestionsOf(planId)).length, 1);
  const [audit] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'plan.consultation_closed'), eq(auditLog.subjectId, String(planId))));
  assert.ok(audit);
});

test('approved questions and comments of a linked event arrive as anonymous suggestions, once', async () => {
  const { planId, browser } = await consultation();
  await openFor(browser, planId);
  const approvedPlan = await samplePlan(hub);
  await db.update(plans).set({ status: 'approved' }).where(eq(plans.id, approvedPlan.planId));

  // The coordinator links a new event to the plan on the event form; only drafts and plans in consultation are offered.
  const eventForm = await browser.get('/events/new');
  assert.match(eventForm.body, new RegExp(`<option value="${planId}"`));
  assert.doesNotMatch(eventForm.body, new RegExp(`<option value="${approvedPlan.planId}"`));
  const event = {
    title: 'Community awareness event',
    kind: 'awareness_event',
    heldOn: '2026-05-20',
    premoderation: 'yes',
  };
  const refused = await browser.post('/events/new', { ...event, planId: approvedPlan.planId });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Select a draft plan, or a plan in consultation, from the list/);
  const created = await browser.post('/events/new', { ...event, planId });
  assert.equal(created.statusCode, 303);
  const eventId = Number(/^\/events\/(\d+)/.exec(String(created.headers.location))![1]);
  const edit = await browser.get(`/events/${eventId}/edit`);
  assert.match(edit.body, new RegExp(`<option value="${planId}" selected`));
  const eventPage = await browser.get(`/events/${eventId}`);
  assert.match(
    eventPage.body,
    new RegExp(`href="/plans/${planId}/consultation"`),
    'the event page names the plan it feeds',
  );
  await db.update(events).set({ status: 'open' }).where(eq(events.id, eventId));

  const item = async (
    body: string,
    state: 'pending' | 'shown' | 'hidden' | 'answered' | 'merged',
    extra: Partial<typeof eventItems.$inferInsert> = {},
  ) => {
    const [delegate] = await db
      .insert(delegates)
      .values({ eventId, tokenHash: randomBytes(16).toString('hex') })
      .returning();
    await db
      .insert(eventItems)
      .values({ eventId, delegateId: delegate!.id, body, originalBody: body, state, ...extra });
  };
  await item('Work with young people outside school, in youth clubs', 'shown', { displayName: 'Zara Delegate' });
  await item('Will the plan involve young people on the panel?', 'answered');
  await item('More sessions for women’s groups', 'shown');
  await item('Still waiting for a moderator', 'pending');
  await item('Hidden by the moderator', 'hidden');
  await item('Flagged for safeguarding', 'hidden', { flaggedAt: new Date() });
  await item('Shown, then flagged', 'shown', { flaggedAt: new Date() });
  await item('A duplicate merged away', 'merged');

  const member = await signedIn(hub, 'member');
  await member.browser.get(`/plans/${planId}/consultation`);
  assert.equal((await member.browser.post(`/plans/${planId}/consultation/bring-in`)).statusCode, 403);

  await browser.get(`/plans/${planId}/consultation`);
  const first = await browser.post(`/plans/${planId}/consultation/bring-in`);
  assert.equal(first.statusCode, 303);
  const page = await browser.get(String(first.headers.location));
  assert.match(page.body, /3 new suggestions from Community awareness event/);
  const arrived = await suggestionsOf(planId);
  assert.deepEqual(arrived.map((s) => s.text).sort(), [
    'More sessions for women’s groups',
    'Will the plan involve young people on the panel?',
    'Work with young people outside school, in youth clubs',
  ]);
  for (const s of arrived) {
    assert.equal(s.fromEventId, eventId);
    assert.ok(s.fromEventItemId);
    assert.equal(s.fromAccountId, null);
    assert.equal(s.fromOrganisationId, null);
  }
  assert.equal(rowText(page.body, 'youth clubs')?.includes('Anonymous, from Community awareness event'), true);
  assert.doesNotMatch(page.body, /Zara Delegate|Still waiting|Hidden by|Flagged|merged away/);

  const again = await browser.post(`/plans/${planId}/consultation/bring-in`);
  assert.match(
    (await browser.get(String(again.headers.location))).body,
    /0 new suggestions from Community awareness event/,
  );
  assert.equal((await suggestionsOf(planId)).length, 3);

  // Closing the event brings in what the room approved since, without a click.
  await item('One more from the plenary', 'answered');
  await browser.get(`/events/${eventId}`);
  assert.equal((await browser.post(`/events/${eventId}/close`)).statusCode, 303);
  assert.equal((await suggestionsOf(planId)).map((s) => s.text).at(-1), 'One more from the plenary');
  assert.equal((await suggestionsOf(planId)).length, 4);

  const youSaid = await member.browser.get(`/plans/${planId}/you-said-we-did`);
  assert.match(youSaid.body, /Anonymous, from Community awareness event/);
  assert.doesNotMatch(youSaid.body, /Zara Delegate/);

  // An item flagged for safeguarding after it arrived is withheld: kept, but no longer shown or awaited.
  const [plenary] = await db.select().from(eventItems).where(eq(eventItems.body, 'One more from the plenary'));
  await db.update(eventItems).set({ flaggedAt: new Date() }).where(eq(eventItems.id, plenary!.id));
  assert.doesNotMatch((await browser.get(`/plans/${planId}/consultation`)).body, /One more from the plenary/);
  assert.doesNotMatch((await member.browser.get(`/plans/${planId}/you-said-we-did`)).body, /One more from the plenary/);
  assert.equal((await suggestionsOf(planId)).length, 4, 'the suggestion itself is kept');
});

test('responses: accepted, accepted with changes, declined with a reason; accepted amendments and new actions are tracked', async () => {
  const { planId, browser, partner, actionIds, objectiveIds, council } = await consultation();
  await db.insert(planActionPartners).values({ actionId: actionIds[1]!, organisationId: council.id });
  const police = await organisation(hub, `Cleveland Police ${randomBytes(2).toString('hex')}`, 'police');
  await openFor(browser, planId);
  await suggest(partner.browser, planId, { kind: 'comment', actionId: actionIds[0]!, text: 'Good to see WRAP here' });
  await suggest(partner.browser, planId, {
    kind: 'amendment',
    actionId: actionIds[1]!,
    text: 'Sessions for parish councillors too, by the end of March',
  });
  await suggest(partner.browser, planId, {
    kind: 'new_action',
    proposedTitle: 'Prevent sessions in youth clubs',
    text: 'Young people outside school settings',
  });
  await suggest(partner.browser, planId, { kind: 'comment', text: 'Drop the Protect strand' });
  const [comment, amendment, newAction, toDecline] = await suggestionsOf(planId);

  const member = await signedIn(hub, 'member');
  assert.equal((await member.browser.get(`/plans/${planId}/suggestions/${comment!.id}/response`)).statusCode, 403);
  assert.equal(
    (await member.browser.post(`/plans/${planId}/suggestions/${comment!.id}/response`, { response: 'accepted' }))
      .statusCode,
    403,
  );

  const declineWithout = await respond(browser, planId, toDecline!.id, { response: 'declined' });
  assert.equal(declineWithout.statusCode, 400);
  assert.match(declineWithout.body, /Enter the reason for declining the suggestion/);
  const changesWithout = await respond(browser, planId, comment!.id, { response: 'accepted_with_changes' });
  assert.equal(changesWithout.statusCode, 400);
  assert.match(changesWithout.body, /Say what was changed from the suggestion/);
  const noResponse = await respond(browser, planId, comment!.id, {});
  assert.equal(noResponse.statusCode, 400);
  assert.match(noResponse.body, /Select whether the suggestion is accepted/);
  assert.equal(
    (await suggestionsOf(planId)).every((s) => s.response === null),
    true,
  );

  assert.equal(
    (
      await respond(browser, planId, toDecline!.id, {
        response: 'declined',
        responseText: 'Protect work is required by CONTEST',
      })
    ).statusCode,
    303,
  );
  assert.equal((await respond(browser, planId, comment!.id, { response: 'accepted' })).statusCode, 303);
  const again = await respond(browser, planId, comment!.id, { response: 'declined', responseText: 'Changed my mind' });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /already has a response/);

  // The amendment's form starts from the action as it stands.
  const amendmentForm = await browser.get(`/plans/${planId}/suggestions/${amendment!.id}/response`);
  assert.match(amendmentForm.body, /value="Awareness sessions for councillors"/);
  assert.match(amendmentForm.body, /value="2026-12-31"/);
  const accepted = await browser.post(`/plans/${planId}/suggestions/${amendment!.id}/response`, {
    response: 'accepted_with_changes',
    responseText: 'Parish councillors added; the date moves to the end of the financial year',
    title: 'Awareness sessions for borough and parish councillors',
    leadOrganisationId: police.id,
    dueOn: '2027-03-31',
  });
  assert.equal(accepted.statusCode, 303);
  const amended = await getPlanAction(db, actionIds[1]!);
  assert.equal(amended.title, 'Awareness sessions for borough and parish councillors');
  assert.equal(amended.dueOn, '2027-03-31');
  assert.equal(amended.objectiveId, objectiveIds[0], 'fields the form does not show are kept');
  assert.deepEqual(amended.partnerNames, [council.name]);

  const newForm = await browser.get(`/plans/${planId}/suggestions/${newAction!.id}/response`);
  assert.match(newForm.body, /value="Prevent sessions in youth clubs"/);
  const noStrand = await browser.post(`/plans/${planId}/suggestions/${newAction!.id}/response`, {
    response: 'accepted',
    title: 'Prevent sessions in youth clubs',
  });
  assert.equal(noStrand.statusCode, 400);
  assert.match(noStrand.body, /Select the CONTEST strand of the new action/);
  const added = await browser.post(`/plans/${planId}/suggestions/${newAction!.id}/response`, {
    response: 'accepted',
    title: 'Prevent sessions in youth clubs',
    strand: 'prevent',
    objectiveId: objectiveIds[0]!,
    dueOn: '2027-02-28',
  });
  assert.equal(added.statusCode, 303);
  const newRow = (await listPlanActions(db, { planId })).find((a) => a.title === 'Prevent sessions in youth clubs');
  assert.ok(newRow);
  assert.equal(newRow.reference, '4');
  assert.equal((await suggestionsOf(planId)).find((s) => s.id === newAction!.id)!.actionId, newRow.id);

  const tracked = (await listPlanChanges(db, { planId })).filter((c) => c.suggestionId !== null);
  assert.deepEqual(
    tracked.map((c) => `${c.suggestionId} ${c.field}`).sort(),
    [
      `${amendment!.id} dueOn`,
      `${amendment!.id} leadOrganisationId`,
      `${amendment!.id} title`,
      `${newAction!.id} created`,
    ].sort(),
  );

  const page = await browser.get(`/plans/${planId}/consultation`);
  const text = textOf(page.body);
  assert.match(text, /Amendments to this draft/);
  assert.match(
    rowText(page.body, '>Title<')!,
    /Awareness sessions for councillors Awareness sessions for borough and parish councillors .+ Suggestion \d+/,
  );
  assert.match(rowText(page.body, '>Due date<')!, /31 December 2026 31 March 2027/);
  assert.match(rowText(page.body, '>Lead organisation<')!, new RegExp(`${council.name} ${police.name}`));
  assert.match(rowText(page.body, '>Added<')!, /4 Prevent sessions in youth clubs/);
  assert.match(rowText(page.body, 'Drop the Protect strand')!, /Declined Protect work is required by CONTEST/);

  const awaiting = await browser.get(`/plans/${planId}/consultation?show=awaiting`);
  assert.match(awaiting.body, /No suggestions|None here/);
  const responded = await browser.get(`/plans/${planId}/consultation?show=responded`);
  assert.match(textOf(responded.body), /4 suggestions with a response/);
});

test('approval: only the owner group, through its chair or a member coordinator; versions, comparison and you said, we did', async () => {
  const { planId, browser, partner, steering, actionIds, coordinator } = await consultation();
  await openFor(browser, planId);
  await suggest(partner.browser, planId, {
    kind: 'new_action',
    proposedTitle: 'Prevent sessions in youth clubs',
    text: 'Young people outside school',
  });
  await suggest(partner.browser, planId, { kind: 'comment', text: 'Say more about online radicalisation' });
  const [first, second] = await suggestionsOf(planId);

  const outsider = await signedIn(hub, 'coordinator');
  await outsider.browser.get(`/plans/${planId}/consultation`);
  const notMember = await outsider.browser.post(`/plans/${planId}/approve`, {});
  assert.equal(notMember.statusCode, 403);
  assert.match(notMember.body, /owner group/);
  const plainMember = await signedIn(hub, 'member');
  await db.insert(groupMembers).values({ groupId: steering.id, personId: plainMember.user.personId });
  await plainMember.browser.get(`/plans/${planId}/consultation`);
  assert.equal((await plainMember.browser.post(`/plans/${planId}/approve`, {})).statusCode, 403);
  const viewer = await signedIn(hub, 'viewer');
  await viewer.browser.get(`/plans/${planId}/consultation`);
  assert.equal((await viewer.browser.post(`/plans/${planId}/approve`, {})).statusCode, 403);

  // The group's chair may approve: not while comments are taken, nor with suggestions unanswered.
  const chair = await signedIn(hub, 'member', 'Charlotte Chair');
  await db.update(groups).set({ chairPersonId: chair.user.personId }).where(eq(groups.id, steering.id));
  const chairPage = await chair.browser.get(`/plans/${planId}/consultation`);
  assert.match(chairPage.body, /Approve the plan as version 1/);
  const whileOpen = await chair.browser.post(`/plans/${planId}/approve`, {});
  assert.equal(whileOpen.statusCode, 400);
  assert.match(whileOpen.body, /open for comment until .+ Close the consultation before approving it/);
  await browser.get(`/plans/${planId}/consultation`);
  await browser.post(`/plans/${planId}/consultation/close`);
  const unanswered = await chair.browser.post(`/plans/${planId}/approve`, {});
  assert.equal(unanswered.statusCode, 400);
  assert.match(unanswered.body, /2 suggestions have no response yet/);
  await respond(browser, planId, first!.id, {
    response: 'accepted',
    title: 'Prevent sessions in youth clubs',
    strand: 'prevent',
    dueOn: '2027-02-28',
  });
  const oneLeft = await chair.browser.post(`/plans/${planId}/approve`, {});
  assert.match(oneLeft.body, /1 suggestion has no response yet/);
  await respond(browser, planId, second!.id, {
    response: 'declined',
    responseText: 'Covered by the Channel panel’s own plan',
  });
  assert.equal((await planRow(planId)).currentVersion, 0);

  await chair.browser.get(`/plans/${planId}/consultation`);
  const approved = await chair.browser.post(`/plans/${planId}/approve`, {
    note: 'Approved at the Steering Group, 20 June',
  });
  assert.equal(approved.statusCode, 303);
  assert.match((await chair.browser.get(String(approved.headers.location))).body, /The plan is approved as version 1/);
  let plan = await planRow(planId);
  assert.equal(plan.status, 'approved');
  assert.equal(plan.currentVersion, 1);
  const [version1] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.number, 1)));
  assert.equal(version1!.actions.length, 4);
  assert.equal(version1!.approvedBy, chair.user.accountId);
  const afterOne = await suggestionsOf(planId);
  assert.equal(afterOne.find((s) => s.id === first!.id)!.inVersion, 1);
  assert.equal(
    afterOne.find((s) => s.id === second!.id)!.inVersion,
    null,
    'a declined suggestion goes into no version',
  );
  const [audit] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'plan.approved'), eq(auditLog.subjectId, String(planId))));
  assert.equal((audit!.detail as { version: number }).version, 1);

  // A revision: consulted on again, a new action accepted, one withdrawn, approved by the member coordinator.
  await openFor(browser, planId);
  await suggest(partner.browser, planId, {
    kind: 'amendment',
    actionId: actionIds[2]!,
    text: 'Bring the security review forward',
  });
  const [, , third] = await suggestionsOf(planId);
  await browser.post(`/plans/${planId}/consultation/close`);
  await respond(browser, planId, third!.id, {
    response: 'accepted',
    title: 'Review security at public events',
    dueOn: '2026-10-31',
  });
  await db.transaction((tx) =>
    withdrawAction(tx, { user: coordinator }, actionIds[0]!, 'Delivered by the police instead'),
  );
  const amendmentsPage = await browser.get(`/plans/${planId}/consultation`);
  assert.match(amendmentsPage.body, /Amendments since version 1/);
  assert.doesNotMatch(
    amendmentsPage.body,
    />4 Prevent sessions in youth clubs<\/td>/,
    'amendments already in version 1 are not listed again',
  );
  assert.match(rowText(amendmentsPage.body, '>Due date<')!, /31 January 2027 31 October 2026/);
  const approvedAgain = await browser.post(`/plans/${planId}/approve`, {});
  assert.equal(approvedAgain.statusCode, 303);
  plan = await planRow(planId);
  assert.equal(plan.currentVersion, 2);

  const versions = await viewer.browser.get(`/plans/${planId}/versions`);
  assert.equal(versions.statusCode, 200);
  assert.match(rowText(versions.body, 'Version 1')!, /Charlotte Chair .*4 1/);
  assert.match(rowText(versions.body, 'Version 2')!, /Test coordinator .*3 1/);

  const compare = await viewer.browser.get(`/plans/${planId}/versions/compare?from=1&to=2`);
  assert.equal(compare.statusCode, 200);
  const compared = textOf(compare.body);
  assert.match(compared, /0 added, 1 withdrawn, 1 changed, 2 unchanged/);
  assert.match(compared, /Withdrawn \(1\) .* 1 WRAP training for frontline staff/);
  assert.match(rowText(compare.body, '>Due date<')!, /Due date 31 January 2027 31 October 2026/);
  assert.match(
    compare.body,
    /<caption class="govuk-table__caption govuk-table__caption--s">3 Review security at public events<\/caption>/,
  );
  assert.match(compare.body, /<th scope="col" class="govuk-table__header">Version 1<\/th>/);

  const fromStart = await viewer.browser.get(`/plans/${planId}/versions/compare`);
  assert.match(textOf(fromStart.body), /Version 2 compared with the working copy/);
  await db.transaction((tx) => withdrawAction(tx, { user: coordinator }, actionIds[1]!, 'Merged into 4'));
  const toCurrent = await viewer.browser.get(`/plans/${planId}/versions/compare?from=2&to=current`);
  assert.match(textOf(toCurrent.body), /0 added, 1 withdrawn, 0 changed, 2 unchanged/);
  const missing = await viewer.browser.get(`/plans/${planId}/versions/compare?from=9&to=2`);
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /There is no version 9 of this plan/);
  assert.equal((await viewer.browser.get(`/plans/${planId}/versions/compare?from=1&to=latest`)).statusCode, 400);
  const shown = await viewer.browser.get(`/plans/${planId}/versions/1`);
  assert.match(shown.body, /1 WRAP training for frontline staff/);
  assert.equal((await viewer.browser.get(`/plans/${planId}/versions/7`)).statusCode, 404);

  const youSaid = await viewer.browser.get(`/plans/${planId}/you-said-we-did`);
  assert.equal(youSaid.statusCode, 200);
  const said = textOf(youSaid.body);
  assert.match(said, /Accepted \(2\)/);
  assert.match(said, /Declined \(1\) .*Say more about online radicalisation .*Covered by the Channel panel’s own plan/);
  assert.match(rowText(youSaid.body, 'Young people outside school')!, /In version 1/);
  assert.match(rowText(youSaid.body, 'Bring the security review forward')!, /In version 2/);
  assert.match(youSaid.body, /aria-label="Menu"/);
  const printable = await viewer.browser.get(`/plans/${planId}/you-said-we-did?print=1`);
  assert.doesNotMatch(printable.body, /aria-label="Menu"/);
  assert.match(printable.body, /Say more about online radicalisation/);

  // A newer plan replaces this one.
  await browser.get(`/plans/${planId}/consultation`);
  assert.equal((await plainMember.browser.post(`/plans/${planId}/supersede`)).statusCode, 403);
  assert.equal((await browser.post(`/plans/${planId}/supersede`)).statusCode, 303);
  assert.equal((await planRow(planId)).status, 'superseded');
  const [superseded] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'plan.superseded'), eq(auditLog.subjectId, String(planId))));
  assert.ok(superseded, 'superseding is in the audit log');
  const reopen = await browser.post(`/plans/${planId}/consultation/open`, { closesOn: daysFromToday(5) });
  assert.equal(reopen.statusCode, 400);
  assert.match(reopen.body, /superseded/);
});
