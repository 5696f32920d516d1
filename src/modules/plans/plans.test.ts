import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership } from '../../../test/helpers.ts';
import { documentGroups, documents } from '../documents/documents.tables.ts';
import { group, meeting, member, organisation, person, samplePlan, serviceUser } from '../../../test/factories.ts';
import { rowText } from '../../../test/html.ts';
import { actionsArising, agendaItems, meetingRecommendations } from '../meetings/meetings.tables.ts';
import { createAction, createPlan, getPlanAction, listPlanActions } from './plans.service.ts';
import { planActions, plans } from './plans.tables.ts';
import { ragReason } from './plans.pages.ts';

// One hub for the file; each test makes its own plans, groups and people.
const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

const planIdFrom = (location: unknown) => Number(/^\/plans\/(\d+)/.exec(String(location))?.[1]);
const actionIdFrom = (location: unknown) => Number(/^\/plans\/actions\/(\d+)/.exec(String(location))?.[1]);

/** Text of the page with tags stripped, so assertions read as a person reads. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** A signed-in coordinator who belongs to the given groups (membership opens need-to-know papers). */
async function coordinatorIn(...groupIds: number[]) {
  const signed = await signedIn(hub, 'coordinator');
  for (const groupId of groupIds) await member(hub, groupId, signed.user.personId);
  return signed;
}

/** A restricted OFFICIAL-SENSITIVE paper, known only to members of `groupId`. */
async function restrictedPaper(title: string, groupId: number, createdBy: number) {
  const [doc] = await db
    .insert(documents)
    .values({ title, marking: 'OFFICIAL-SENSITIVE', audience: 'groups', groupId, createdBy })
    .returning();
  await db.insert(documentGroups).values({ documentId: doc!.id, groupId });
  return doc!;
}

test('the plans list: signed out is sent to sign in; an empty list says what to do; only coordinators may create', async () => {
  const signedOut = new Browser(hub.app);
  const refused = await signedOut.get('/plans');
  assert.equal(refused.statusCode, 303);
  assert.match(String(refused.headers.location), /^\/sign-in/);

  const { browser: viewer } = await signedIn(hub, 'viewer');
  const empty = await viewer.get('/plans');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /No plans yet/);
  assert.match(empty.body, /A coordinator creates them/);
  assert.match(empty.body, /href="\/plans\/my-actions"/);
  assert.doesNotMatch(empty.body, /Create a plan/);
  assert.equal((await viewer.get('/plans/new')).statusCode, 403);

  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const offered = await coordinator.get('/plans');
  assert.match(offered.body, /href="\/plans\/new"/);
  assert.match(offered.body, /Create the first plan/);
});

test('a coordinator creates a plan and an objective, changes the plan, and each change is shown; bad input is refused', async () => {
  const steering = await group(hub, 'quarterly', 'Safer Stockton Silver Group');
  const police = await organisation(hub, 'Cleveland Police', 'police');
  const { browser: memberBrowser } = await signedIn(hub, 'member');
  assert.equal(
    (
      await memberBrowser.post('/plans/new', {
        title: 'Not mine',
        kind: 'strategic',
        periodStart: '2026-04-01',
        periodEnd: '2027-03-31',
        ownerGroupId: steering.id,
      })
    ).statusCode,
    403,
  );

  const { browser } = await signedIn(hub, 'coordinator', 'Mike Batty');
  const good = {
    title: 'PVE Operational Action Plan',
    kind: 'operational',
    summary: 'Used for monitoring and recording progress.',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: steering.id,
  };
  const form = await browser.get('/plans/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Safer Stockton Silver Group/);

  const missing = await browser.post('/plans/new', { ...good, title: undefined });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /There is a problem/);
  assert.match(missing.body, /href="#title">Enter the title of the plan/);
  const backwards = await browser.post('/plans/new', { ...good, periodEnd: '2026-01-01' });
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.body, /The end of the period must be on or after its start/);
  const badDate = await browser.post('/plans/new', { ...good, periodStart: '2026-02-31x' });
  assert.equal(badDate.statusCode, 400);
  assert.match(badDate.body, /Enter the start of the period as a real date/);
  const unknownGroup = await browser.post('/plans/new', { ...good, ownerGroupId: 999999 });
  assert.equal(unknownGroup.statusCode, 400);
  assert.match(unknownGroup.body, /Select the owner group from the list/);
  const unknownOrganisation = await browser.post('/plans/new', { ...good, ownerOrganisationId: 999999 });
  assert.match(unknownOrganisation.body, /Select the organisation from the list/);
  assert.equal((await db.select().from(plans).where(eq(plans.title, good.title))).length, 0, 'nothing saved');

  const created = await browser.post('/plans/new', good);
  assert.equal(created.statusCode, 303);
  const planId = planIdFrom(created.headers.location);
  const page = await browser.get(`/plans/${planId}?done=created`);
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /The plan was created/);
  assert.match(text, /Operational action plan/);
  assert.match(text, /Period 1 April 2026 to 31 March 2027/);
  assert.match(text, /Status Draft/);
  assert.match(page.body, new RegExp(`href="/groups/${steering.id}">Safer Stockton Silver Group`));
  assert.match(text, /No actions yet/);
  assert.match(text, /Red: the action is blocked, or its due date has passed/, 'the RAG rule is written out');
  for (const link of [
    'dashboard',
    'consultation',
    'versions',
    'import',
    'export.csv',
    'export.xlsx',
    'export.docx',
    'objectives/new',
    'actions/new',
    'actions/bring-in',
  ]) {
    assert.match(page.body, new RegExp(`href="/plans/${planId}/${link.replace('.', '\\.')}"`), link);
  }

  assert.equal((await memberBrowser.get(`/plans/${planId}/objectives/new`)).statusCode, 403);
  assert.match((await browser.post(`/plans/${planId}/objectives/new`, {})).body, /Enter the objective/);
  assert.equal(
    (await browser.post(`/plans/${planId}/objectives/new`, { title: 'Raise awareness of Prevent', strand: 'prevent' }))
      .statusCode,
    303,
  );
  const withObjective = textOf((await browser.get(`/plans/${planId}`)).body);
  assert.match(withObjective, /Objective 1: Raise awareness of Prevent \(Prevent\)/);
  assert.match(withObjective, /No actions under this objective yet/);

  const editForm = await browser.get(`/plans/${planId}/edit`);
  assert.match(editForm.body, /value="PVE Operational Action Plan"/);
  const edited = await browser.post(`/plans/${planId}/edit`, {
    ...good,
    title: 'Stockton PVE Operational Action Plan',
    ownerOrganisationId: police.id,
  });
  assert.equal(edited.statusCode, 303);
  const after = await browser.get(`/plans/${planId}`);
  assert.match(after.body, /<h1 class="govuk-heading-l">Stockton PVE Operational Action Plan<\/h1>/);
  assert.match(
    rowText(after.body, 'Partner whose own plan it is') ?? '',
    /Mike Batty Partner whose own plan it is Cleveland Police/,
  );
  assert.match(
    rowText(after.body, '>Title<') ?? '',
    /Mike Batty Title PVE Operational Action Plan Stockton PVE Operational Action Plan/,
  );

  const list = await memberBrowser.get('/plans');
  assert.match(
    rowText(list.body, 'Stockton PVE Operational Action Plan') ?? '',
    /Cleveland Police's own plan Operational action plan Safer Stockton Silver Group 1 April 2026 to 31 March 2027 Draft 0 0 0 0 0/,
  );
  assert.equal((await memberBrowser.get('/plans/999999')).statusCode, 404);
});

/** A strategic plan (from the fixture) and an operational plan to carry it out, with the partners around them. */
async function operationalSetting() {
  const strategic = await samplePlan(hub);
  // Names carry a number of their own, so each test's partners and plans are told apart.
  const tag = strategic.planId;
  const silver = await group(hub, 'monthly', `Silver group ${tag}`);
  const ctlpGroup = await group(hub, 'quarterly', `CTLP readers ${tag}`);
  const signed = await coordinatorIn(silver.id, ctlpGroup.id);
  const planId = await createPlan(db, await serviceUser(hub, 'coordinator'), {
    title: `Operational Action Plan ${tag}`,
    kind: 'operational',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: silver.id,
  });
  const police = await organisation(hub, `Cleveland Police ${tag}`, 'police');
  const health = await organisation(hub, `Tees Valley Health ${tag}`, 'health');
  const lead = await createUser(hub, 'member', `Lena Lead ${tag}`);
  const ctlp = await restrictedPaper(`Stockton CTLP ${tag}`, ctlpGroup.id, signed.user.accountId);
  const panelMeeting = await meeting(hub, silver.id, '2026-03-12', { status: 'held' });
  const [item] = await db
    .insert(agendaItems)
    .values({ meetingId: panelMeeting.id, position: 1, title: 'Draft PVE action plan' })
    .returning();
  await db.insert(meetingRecommendations).values({
    meetingId: panelMeeting.id,
    agendaItemId: item!.id,
    number: 1,
    text: 'That the group approves the draft PVE action plan',
    decision: 'approved',
  });
  return {
    tag,
    strategic,
    silver,
    ctlpGroup,
    planId,
    police,
    health,
    lead,
    ctlp,
    panelMeeting,
    item: item!,
    ...signed,
  };
}

test('an action with all its links: partners, strategic actions, source, CTLP and meeting decision; the CTLP is named only within need-to-know', async () => {
  const s = await operationalSetting();
  const form = await s.browser.get(`/plans/${s.planId}/actions/new`);
  assert.equal(form.statusCode, 200);
  assert.match(
    form.body,
    new RegExp(`Stockton CTLP ${s.tag} \\(OFFICIAL-SENSITIVE\\)`),
    'a cleared coordinator may choose the CTLP',
  );
  assert.match(form.body, /WRAP training for frontline staff/, 'strategic actions of other plans are offered');
  assert.match(form.body, /Draft PVE action plan \(Approved\)/, 'meeting decisions are offered');

  const created = await s.browser.post(`/plans/${s.planId}/actions/new`, {
    reference: '1.1',
    title: 'Deliver WRAP sessions to school staff',
    description: 'Four sessions a term.',
    strand: 'prevent',
    leadOrganisationId: s.strategic.council.id,
    leadPersonId: s.lead.personId,
    partnerOrganisationIds: [s.police.id, s.health.id],
    startOn: '2021-04-01',
    dueOn: '2099-03-31',
    ctlpDocumentId: s.ctlp.id,
    ctlpReference: 'Theme 3: online radicalisation',
    decisionAgendaItemId: s.item.id,
    implementsActionIds: [s.strategic.actionIds[0]!],
    sourceLabel: 'Cleveland Police Strategic Plan',
  });
  assert.equal(created.statusCode, 303, created.body);
  const actionId = actionIdFrom(created.headers.location);
  const page = await s.browser.get(`/plans/actions/${actionId}`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store', 'an OFFICIAL-SENSITIVE title is shown: never cached');
  const text = textOf(page.body);
  assert.match(text, /Deliver WRAP sessions to school staff/);
  assert.match(text, /Four sessions a term/);
  assert.match(text, new RegExp(`Partners Cleveland Police ${s.tag}, Tees Valley Health ${s.tag}`));
  assert.match(text, new RegExp(`Lead officer Lena Lead ${s.tag}`));
  assert.match(text, /Start date 1 April 2021/);
  assert.match(text, /Due date 31 March 2099/);
  assert.match(text, /RAG rating Amber It should have started on 1 April 2021 and has not/);
  assert.match(
    text,
    new RegExp(`CTLP link Stockton CTLP ${s.tag} \\(OFFICIAL-SENSITIVE\\): Theme 3: online radicalisation`),
  );
  assert.match(page.body, new RegExp(`href="/meetings/${s.panelMeeting.id}#item-${s.item.id}"`));
  assert.match(text, /Meeting decision .* meeting on 12 March 2026 : Draft PVE action plan \(Approved\)/);
  assert.match(text, /Brought in from Cleveland Police Strategic Plan/);
  assert.match(
    page.body,
    new RegExp(`href="/plans/actions/${s.strategic.actionIds[0]}"`),
    'the strategic action it implements is linked',
  );
  assert.match(text, /Implements .*action 1 : WRAP training for frontline staff/);

  // A viewer outside the CTLP's group is told a reference exists, never what it is.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  const hidden = await viewer.get(`/plans/actions/${actionId}`);
  assert.equal(hidden.statusCode, 200);
  assert.match(hidden.body, /A CTLP reference you are not cleared to see/);
  assert.doesNotMatch(hidden.body, /Stockton CTLP/);
  assert.doesNotMatch(hidden.body, /online radicalisation/);
  assert.notEqual(hidden.headers['cache-control'], 'no-store');
  assert.doesNotMatch(hidden.body, /Add a progress update/, 'a viewer only reads');
  assert.doesNotMatch(hidden.body, /Change the action/);

  // An OFFICIAL profile shared with everyone is named to everyone, and the page may be cached privately.
  const [shared] = await db
    .insert(documents)
    .values({ title: `Stockton community profile ${s.tag}`, createdBy: s.user.accountId })
    .returning();
  const openLink = await db.transaction((tx) =>
    createAction(tx, { user: s.strategic.coordinator }, s.planId, {
      title: 'Share the community profile',
      strand: 'prevent',
      ctlpDocumentId: shared!.id,
      ctlpReference: 'Section 2',
    }),
  );
  const openPage = await viewer.get(`/plans/actions/${openLink}`);
  assert.match(
    textOf(openPage.body),
    new RegExp(`CTLP link Stockton community profile ${s.tag} \\(OFFICIAL\\): Section 2`),
  );
  assert.match(openPage.body, new RegExp(`href="/documents/${shared!.id}"`));
  assert.notEqual(openPage.headers['cache-control'], 'no-store');

  // The plan page lists it under "Other actions" (no objective), with its RAG tag.
  const planPage = await viewer.get(`/plans/${s.planId}`);
  assert.match(
    rowText(planPage.body, 'Deliver WRAP sessions') ?? '',
    new RegExp(
      `1.1 Deliver WRAP sessions to school staff Prevent Test Borough Council \\d+ Lena Lead ${s.tag} 31 March 2099 Amber Not started`,
    ),
  );
  assert.match(planPage.body, /govuk-tag--yellow/);
});

test('bad action input gets a clear message and saves nothing', async () => {
  const s = await operationalSetting();
  const other = await samplePlan(hub);
  const hiddenPaper = await restrictedPaper(
    'Another borough CTLP',
    (await group(hub, 'monthly')).id,
    (await createUser(hub, 'coordinator')).accountId,
  );
  const operationalAction = await db.transaction((tx) =>
    createAction(tx, { user: s.strategic.coordinator }, s.planId, {
      reference: '1',
      title: 'Existing action',
      strand: 'prevent',
    }),
  );
  const good = { title: 'Awareness for taxi drivers', strand: 'prevent' };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...good, title: undefined }, /href="#title">Enter what the action is/],
    [{ ...good, strand: 'persuade' }, /Select the CONTEST strand the action serves/],
    [{ ...good, startOn: '2026-06-01', dueOn: '2026-05-01' }, /The due date must be on or after the start date/],
    [{ ...good, dueOn: '31/02/2026' }, /Enter the due date as a real date/],
    [{ ...good, leadOrganisationId: 999999 }, /Select the lead organisation from the list/],
    [{ ...good, partnerOrganisationIds: [s.police.id, 999999] }, /Select the partners from the list/],
    [{ ...good, leadPersonId: 999999 }, /Select the lead officer from the list/],
    [{ ...good, reference: '1' }, /Action 1 already exists in this plan/],
    [{ ...good, objectiveId: other.objectiveIds[0] }, /Select an objective of this plan from the list/],
    [{ ...good, ctlpDocumentId: hiddenPaper.id }, /Select a CTLP document from the list/],
    [{ ...good, implementsActionIds: [operationalAction] }, /Select strategic actions of other plans from the list/],
    [{ ...good, sourceActionId: operationalAction }, /Select an action of another plan from the list/],
    [{ ...good, decisionAgendaItemId: 999999 }, /Select the meeting decision from the list/],
  ];
  for (const [form, message] of cases) {
    const response = await s.browser.post(`/plans/${s.planId}/actions/new`, form as Record<string, string>);
    assert.equal(response.statusCode, 400, JSON.stringify(form));
    assert.match(response.body, message, JSON.stringify(form));
    assert.match(response.body, /There is a problem/);
  }
  assert.doesNotMatch(
    (await s.browser.post(`/plans/${s.planId}/actions/new`, { ...good, ctlpDocumentId: hiddenPaper.id })).body,
    /Another borough CTLP/,
    'the refused document is not named back',
  );
  assert.equal((await listPlanActions(db, { planId: s.planId })).length, 1, 'nothing saved');

  const numbered = await s.browser.post(`/plans/${s.planId}/actions/new`, good);
  assert.equal(numbered.statusCode, 303);
  assert.equal(
    (await getPlanAction(db, actionIdFrom(numbered.headers.location))).reference,
    '2',
    'a blank reference takes the next number',
  );

  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get(`/plans/${s.planId}/actions/new`)).statusCode, 403);
  assert.equal((await member.post(`/plans/${s.planId}/actions/new`, good)).statusCode, 403);
});

test('editing an action records each change in its history; a CTLP link the editor may not see is kept, unnamed', async () => {
  const s = await operationalSetting();
  const actionId = await db.transaction((tx) =>
    createAction(tx, { user: s.strategic.coordinator }, s.planId, {
      reference: '3.1',
      title: 'Youth engagement outside schools',
      strand: 'prevent',
      partnerOrganisationIds: [s.police.id],
      dueOn: '2099-01-31',
      ctlpDocumentId: s.ctlp.id,
      ctlpReference: 'Theme 5',
    }),
  );
  const form = await s.browser.get(`/plans/actions/${actionId}/edit`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Youth engagement outside schools"/);
  assert.match(form.body, new RegExp(`value="${s.police.id}" checked`));

  const changed = await s.browser.post(`/plans/actions/${actionId}/edit`, {
    reference: '3.1',
    title: 'Youth engagement in youth clubs and Connexions',
    strand: 'prevent',
    partnerOrganisationIds: [s.police.id, s.health.id],
    dueOn: '2099-06-30',
    ctlpDocumentId: s.ctlp.id,
    ctlpReference: 'Theme 5',
    leadPersonId: s.lead.personId,
  });
  assert.equal(changed.statusCode, 303);
  const page = await s.browser.get(`/plans/actions/${actionId}?done=updated`);
  assert.match(page.body, /The action was saved/);
  const history = textOf(page.body.slice(page.body.indexOf('id="history"')));
  assert.match(history, /Title Youth engagement outside schools Youth engagement in youth clubs and Connexions/);
  assert.match(history, /Due date 31 January 2099 30 June 2099/);
  assert.match(
    history,
    new RegExp(`Partners Cleveland Police ${s.tag} Cleveland Police ${s.tag}, Tees Valley Health ${s.tag}`),
  );
  assert.match(history, new RegExp(`Lead officer Lena Lead ${s.tag}`));
  assert.match(history, /Added 3.1 Youth engagement outside schools/);
  assert.match(history, /Test coordinator/, 'every change names who made it');

  // Another coordinator, outside the CTLP's group, edits: the link stays, and is never named to them.
  const { browser: outsider } = await signedIn(hub, 'coordinator');
  const theirForm = await outsider.get(`/plans/actions/${actionId}/edit`);
  assert.match(theirForm.body, /linked to a CTLP document you are not cleared to see/);
  assert.doesNotMatch(theirForm.body, /Stockton CTLP|Theme 5/);
  const kept = await outsider.post(`/plans/actions/${actionId}/edit`, {
    reference: '3.1',
    title: 'Youth engagement in youth clubs',
    strand: 'prevent',
  });
  assert.equal(kept.statusCode, 303);
  const action = await getPlanAction(db, actionId);
  assert.equal(action.ctlpDocumentId, s.ctlp.id);
  assert.equal(action.ctlpReference, 'Theme 5');
  assert.doesNotMatch((await outsider.get(`/plans/actions/${actionId}`)).body, /Theme 5|Stockton CTLP/);
});

test('progress: the lead officer and coordinators write it; viewers, other members and the signed out are refused', async () => {
  const s = await operationalSetting();
  const actionId = await db.transaction((tx) =>
    createAction(tx, { user: s.strategic.coordinator }, s.planId, {
      title: 'Channel awareness for GPs',
      strand: 'prevent',
      leadPersonId: s.lead.personId,
      dueOn: '2099-12-31',
    }),
  );
  const url = `/plans/actions/${actionId}/progress`;
  const update = { state: 'on_track', note: 'Two sessions booked' };

  assert.equal((await new Browser(hub.app).post(url, update)).statusCode, 401);
  const { browser: viewer } = await signedIn(hub, 'viewer');
  await viewer.get(`/plans/actions/${actionId}`);
  assert.equal((await viewer.post(url, update)).statusCode, 403);
  const { browser: otherMember } = await signedIn(hub, 'member');
  const otherPage = await otherMember.get(`/plans/actions/${actionId}`);
  assert.doesNotMatch(otherPage.body, /Add a progress update/);
  const refused = await otherMember.post(url, update);
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /lead officer or a coordinator/);
  assert.equal((await otherMember.post(url, {})).statusCode, 403, 'refused before the form is read');

  const lead = new Browser(hub.app);
  await lead.signIn(s.lead.email);
  const leadPage = await lead.get(`/plans/actions/${actionId}`);
  assert.match(leadPage.body, /Add a progress update/);
  assert.match(leadPage.body, /No progress recorded yet/);
  const empty = await lead.post(url, { state: 'on_track' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter what has happened since the last update/);
  const badState = await lead.post(url, { state: 'nearly', note: 'x' });
  assert.equal(badState.statusCode, 400);
  assert.match(badState.body, /Select the state of the action/);

  const done = await lead.post(url, { state: 'blocked', note: 'Venue unavailable' });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/plans/actions/${actionId}?done=progress#progress`);
  const blocked = textOf((await lead.get(`/plans/actions/${actionId}`)).body);
  assert.match(blocked, /RAG rating Red The lead reports it blocked/);
  assert.match(blocked, new RegExp(`Lena Lead ${s.tag} Blocked Venue unavailable`));
  assert.match(blocked, /State Not started Blocked/, 'the change of state is in the history');

  assert.equal((await s.browser.post(url, { state: 'completed', note: 'Delivered' })).statusCode, 303);
  const completed = await s.browser.get(`/plans/actions/${actionId}`);
  assert.match(textOf(completed.body), /RAG rating Complete The lead has reported it completed/);
  assert.match(completed.body, /govuk-tag--blue/);
  assert.ok(
    textOf(completed.body).indexOf('Delivered') < textOf(completed.body).indexOf('Venue unavailable'),
    'newest first',
  );
});

test('a strategic action shows the operational work under it and its roll-up', async () => {
  const s = await operationalSetting();
  const strategicActionId = s.strategic.actionIds[0]!;
  const lonely = await s.browser.get(`/plans/actions/${s.strategic.actionIds[2]}`);
  assert.match(lonely.body, /No operational actions implement this one yet/);

  const user = s.strategic.coordinator;
  const first = await db.transaction((tx) =>
    createAction(tx, { user }, s.planId, {
      title: 'WRAP for school staff',
      strand: 'prevent',
      dueOn: '2099-01-01',
      implementsActionIds: [strategicActionId],
    }),
  );
  const second = await db.transaction((tx) =>
    createAction(tx, { user }, s.planId, {
      title: 'WRAP for health staff',
      strand: 'prevent',
      dueOn: '2099-01-01',
      implementsActionIds: [strategicActionId],
    }),
  );
  const rollUpOf = async () =>
    /Roll-up status:\s*<strong class="govuk-tag[^"]*">\s*(\w+)/.exec(
      (await s.browser.get(`/plans/actions/${strategicActionId}`)).body,
    )?.[1];

  const page = await s.browser.get(`/plans/actions/${strategicActionId}`);
  assert.match(page.body, /Operational work under this action/);
  assert.match(
    rowText(page.body, 'WRAP for school staff') ?? '',
    new RegExp(`WRAP for school staff Operational Action Plan ${s.tag} Prevent`),
  );
  assert.equal(await rollUpOf(), 'Green');
  await s.browser.post(`/plans/actions/${first}/progress`, { state: 'blocked', note: 'Trainer ill' });
  assert.equal(await rollUpOf(), 'Red', 'the worst rating under it');
  await s.browser.post(`/plans/actions/${first}/progress`, { state: 'completed', note: 'Done' });
  assert.equal(await rollUpOf(), 'Green');
  await s.browser.post(`/plans/actions/${second}/progress`, { state: 'completed', note: 'Done' });
  assert.equal(await rollUpOf(), 'Complete', 'complete only when all of it is');
});

test('bringing an action in from another plan keeps its source visible, once', async () => {
  const s = await operationalSetting();
  const policePlan = await createPlan(db, s.strategic.coordinator, {
    title: `Cleveland Police Strategic Plan ${s.tag}`,
    kind: 'strategic',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: s.silver.id,
    ownerOrganisationId: s.police.id,
  });
  const policeAction = await db.transaction((tx) =>
    createAction(tx, { user: s.strategic.coordinator }, policePlan, {
      reference: '2.3',
      title: 'Community profiles of all four boroughs',
      strand: 'prevent',
      leadOrganisationId: s.police.id,
      partnerOrganisationIds: [s.health.id],
      dueOn: '2099-06-30',
    }),
  );
  const form = await s.browser.get(`/plans/${s.planId}/actions/bring-in`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Community profiles of all four boroughs/);

  const brought = await s.browser.post(`/plans/${s.planId}/actions/bring-in`, {
    sourceActionId: policeAction,
    reference: '4.1',
  });
  assert.equal(brought.statusCode, 303);
  const copyId = actionIdFrom(brought.headers.location);
  const copy = textOf((await s.browser.get(`/plans/actions/${copyId}?done=brought-in`)).body);
  assert.match(
    copy,
    new RegExp(
      `Brought in from Cleveland Police Strategic Plan ${s.tag} action 2.3 : Community profiles of all four boroughs`,
    ),
  );
  assert.match(copy, new RegExp(`Lead organisation Cleveland Police ${s.tag}`));
  assert.match(copy, new RegExp(`Partners Tees Valley Health ${s.tag}`));
  assert.match(
    copy,
    /Implements Cleveland Police Strategic Plan .* action 2.3/,
    'brought in from a strategic plan, it rolls up to it',
  );
  const source = await s.browser.get(`/plans/actions/${policeAction}`);
  assert.match(textOf(source.body), new RegExp(`Brought into Operational Action Plan ${s.tag} action 4.1`));
  assert.match(rowText(source.body, 'Community profiles') ?? '', /4.1 Community profiles of all four boroughs/);

  assert.doesNotMatch(
    (await s.browser.get(`/plans/${s.planId}/actions/bring-in`)).body,
    /Community profiles of all four boroughs/,
    'not offered twice',
  );
  const twice = await s.browser.post(`/plans/${s.planId}/actions/bring-in`, { sourceActionId: policeAction });
  assert.equal(twice.statusCode, 400);
  assert.match(twice.body, /already in this plan as action 4.1/);
  const own = await s.browser.post(`/plans/${s.planId}/actions/bring-in`, { sourceActionId: copyId });
  assert.match(own.body, /Select an action of another plan from the list/);
  assert.match((await s.browser.post(`/plans/${s.planId}/actions/bring-in`, {})).body, /Select the action to bring in/);
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal(
    (await viewer.post(`/plans/${s.planId}/actions/bring-in`, { sourceActionId: policeAction })).statusCode,
    403,
  );
});

test('my actions: the actions I lead, overdue first, and my open actions arising; an empty page says so', async () => {
  const { browser: nobody } = await signedIn(hub, 'member');
  const empty = await nobody.get('/plans/my-actions');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /You do not lead any plan actions/);
  assert.match(empty.body, /You have no open actions arising from meetings/);

  const s = await operationalSetting();
  const user = s.strategic.coordinator;
  for (const [title, dueOn] of [
    ['Later action', '2099-05-01'],
    ['Overdue action', '2020-01-31'],
    ['Sooner action', '2098-01-01'],
    ['Undated action', undefined],
  ] as const) {
    await db.transaction((tx) =>
      createAction(tx, { user }, s.planId, { title, strand: 'prevent', leadPersonId: s.lead.personId, dueOn }),
    );
  }
  await db.transaction((tx) =>
    createAction(tx, { user }, s.planId, { title: 'Someone else’s action', strand: 'prevent' }),
  );
  await db.insert(actionsArising).values({
    agendaItemId: s.item.id,
    description: 'Circulate the Trust your Instincts DVD',
    ownerPersonId: s.lead.personId,
    dueOn: '2020-02-01',
  });

  const lead = new Browser(hub.app);
  await lead.signIn(s.lead.email);
  const page = await lead.get('/plans/my-actions');
  const text = textOf(page.body);
  const order = ['Overdue action', 'Sooner action', 'Later action', 'Undated action'].map((t) => text.indexOf(t));
  assert.ok(
    order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!)),
    `overdue first, then by due date: ${order.join()}`,
  );
  assert.match(rowText(page.body, 'Overdue action') ?? '', /31 January 2020 Overdue Red/);
  assert.doesNotMatch(text, /Someone else’s action/);
  assert.match(
    rowText(page.body, 'Trust your Instincts') ?? '',
    new RegExp(`Circulate the Trust your Instincts DVD Silver group ${s.tag} 1 February 2020 Overdue`),
  );
  assert.match((await lead.get('/plans')).body, /href="\/plans\/my-actions"/);

  // The home page leads with the red ones, and links to the rest.
  const home = textOf((await lead.get('/')).body);
  assert.match(home, /Plan actions you lead \S+ Overdue action Red/);
  assert.match(home, /All your actions \(4\)/);
  assert.match(textOf((await nobody.get('/')).body), /You lead no open actions in the partnership’s delivery plans/);
});

test('the meeting page offers coordinators to take an action arising into a plan; the form is pre-filled and links the decision', async () => {
  const s = await operationalSetting();
  const owner = await person(hub, `Owen Owner ${s.tag}`, s.police.id);
  const [arising] = await db
    .insert(actionsArising)
    .values({
      agendaItemId: s.item.id,
      description: 'Involve young people in the PVE agenda',
      ownerPersonId: owner.id,
      dueOn: '2099-09-30',
    })
    .returning();
  const link = `href="/plans/actions/new?actionArisingId=${arising!.id}"`;
  assert.match((await s.browser.get(`/meetings/${s.panelMeeting.id}`)).body, new RegExp(link.replace('?', '\\?')));
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.doesNotMatch((await viewer.get(`/meetings/${s.panelMeeting.id}`)).body, /Add to a delivery plan/);
  assert.equal((await viewer.get(`/plans/actions/new?actionArisingId=${arising!.id}`)).statusCode, 403);

  const form = await s.browser.get(`/plans/actions/new?actionArisingId=${arising!.id}`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Involve young people in the PVE agenda"/);
  assert.match(form.body, /name="dueOn" type="date" value="2099-09-30"/);
  assert.match(form.body, new RegExp(`<option value="${owner.id}" selected>Owen Owner`));
  assert.match(form.body, new RegExp(`<option value="${s.police.id}" selected>Cleveland Police`));
  assert.match(form.body, new RegExp(`<option value="${s.item.id}" selected>`));
  assert.match(form.body, new RegExp(`name="actionArisingId" value="${arising!.id}"`));
  assert.match(form.body, /Draft PVE action plan/);

  const values = {
    title: 'Involve young people in the PVE agenda',
    strand: 'prevent',
    leadPersonId: owner.id,
    dueOn: '2099-09-30',
    actionArisingId: arising!.id,
  };
  const noPlan = await s.browser.post('/plans/actions/new', values);
  assert.equal(noPlan.statusCode, 400);
  assert.match(noPlan.body, /Select the plan to add the action to/);
  assert.match(noPlan.body, /value="Involve young people in the PVE agenda"/, 'what was typed is kept');
  const created = await s.browser.post('/plans/actions/new', { ...values, planId: s.planId });
  assert.equal(created.statusCode, 303);
  const actionId = actionIdFrom(created.headers.location);
  const action = await getPlanAction(db, actionId);
  assert.equal(action.actionArisingId, arising!.id);
  assert.equal(action.decisionAgendaItemId, s.item.id, 'the decision is the action arising’s agenda item');
  const page = textOf((await s.browser.get(`/plans/actions/${actionId}`)).body);
  assert.match(page, /Meeting decision .* meeting on 12 March 2026 : Draft PVE action plan \(Approved\)/);
  assert.match(page, new RegExp(`Action arising Involve young people in the PVE agenda, owned by Owen Owner ${s.tag}`));
  assert.match(
    (await s.browser.get(`/plans/actions/new?actionArisingId=${arising!.id}`)).body,
    new RegExp(`already in Operational Action Plan ${s.tag} as action 1`),
  );
  assert.equal((await s.browser.get('/plans/actions/new?actionArisingId=999999')).statusCode, 404);
});

test('withdrawing an action takes a reason; a superseded plan is read-only', async () => {
  const s = await operationalSetting();
  const user = s.strategic.coordinator;
  const actionId = await db.transaction((tx) =>
    createAction(tx, { user }, s.planId, { title: 'Merged action', strand: 'protect', leadPersonId: s.lead.personId }),
  );
  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get(`/plans/actions/${actionId}/withdraw`)).statusCode, 403);
  await s.browser.get(`/plans/actions/${actionId}/withdraw`);
  assert.match(
    (await s.browser.post(`/plans/actions/${actionId}/withdraw`, {})).body,
    /Enter why the action is being withdrawn/,
  );
  assert.equal(
    (await s.browser.post(`/plans/actions/${actionId}/withdraw`, { reason: 'Merged into 2.1' })).statusCode,
    303,
  );
  const page = textOf((await s.browser.get(`/plans/actions/${actionId}`)).body);
  assert.match(page, /This action was withdrawn on/);
  assert.match(page, /Withdrawn Merged into 2.1/);
  assert.doesNotMatch(page, /Add a progress update/);
  const planPage = await s.browser.get(`/plans/${s.planId}`);
  assert.equal(rowText(planPage.body, 'Merged action'), undefined, 'left out of the plan’s table');
  assert.match(textOf(planPage.body), /Withdrawn actions \(1\)/);

  const live = await db.transaction((tx) =>
    createAction(tx, { user }, s.planId, { title: 'Kept as it was', strand: 'protect', leadPersonId: s.lead.personId }),
  );
  await db.update(plans).set({ status: 'superseded' }).where(eq(plans.id, s.planId));
  const frozen = await s.browser.get(`/plans/${s.planId}`);
  assert.match(frozen.body, /This plan has been superseded/);
  assert.doesNotMatch(frozen.body, /Add an action/);
  const actionPage = await s.browser.get(`/plans/actions/${live}`);
  assert.doesNotMatch(actionPage.body, /Add a progress update|Change the action/);
  const refusedAction = await s.browser.post(`/plans/${s.planId}/actions/new`, {
    title: 'Too late',
    strand: 'prevent',
  });
  assert.equal(refusedAction.statusCode, 400);
  assert.match(refusedAction.body, /This plan has been superseded: it can no longer be changed/);
  assert.match(
    (await s.browser.post(`/plans/actions/${live}/progress`, { state: 'on_track', note: 'Late news' })).body,
    /superseded/,
  );
  assert.match((await s.browser.post(`/plans/${s.planId}/objectives/new`, { title: 'Too late' })).body, /superseded/);
  assert.equal((await db.select().from(planActions).where(eq(planActions.title, 'Too late'))).length, 0);
});

test('the RAG reason names the clause of the rule that decided', () => {
  const today = '2026-06-15';
  assert.equal(
    ragReason({ state: 'not_started', startOn: null, dueOn: '2026-07-01' }, today),
    'It is due on 1 July 2026, within 30 days, and has not started.',
  );
  assert.equal(
    ragReason({ state: 'on_track', startOn: null, dueOn: '2026-06-01' }, today),
    'Its due date, 1 June 2026, has passed and it is not completed.',
  );
  assert.equal(ragReason({ state: 'at_risk', startOn: null, dueOn: null }, today), 'The lead reports it at risk.');
  assert.equal(
    ragReason({ state: 'not_started', startOn: '2026-09-01', dueOn: '2027-01-01' }, today),
    'It has not started and is not yet due to start.',
  );
  assert.equal(
    ragReason({ state: 'on_track', startOn: '2026-01-01', dueOn: '2027-01-01' }, today),
    'The lead reports it on track.',
  );
});
