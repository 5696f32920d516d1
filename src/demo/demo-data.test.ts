import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import JSZip from 'jszip';
import { Browser, buildTestHub, createTestDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { areas, partnership } from '../modules/partnership/partnership.tables.ts';
import { organisations, people, SECTORS } from '../modules/organisations/organisations.tables.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { GROUP_KINDS, groupMembers, groupReportingLines, groups } from '../modules/groups/groups.tables.ts';
import {
  actionsArising,
  agendaItems,
  attendance,
  meetingRecommendations,
  meetings,
  RECOMMENDATION_DECISIONS,
} from '../modules/meetings/meetings.tables.ts';
import { documentFiles, documentGroups, documents } from '../modules/documents/documents.tables.ts';
import {
  planActionImplements,
  planActions,
  plans,
  planSnapshots,
  planSuggestions,
  planVersions,
} from '../modules/plans/plans.tables.ts';
import { listPlanActions } from '../modules/plans/plans.service.ts';
import { QUIET_AFTER_DAYS } from '../modules/plans/plans.rag.ts';
import {
  delegates,
  eventAudiences,
  eventItems,
  events,
  eventSpeakers,
  itemVotes,
  workshopAnswers,
  workshopQuestions,
  workshopThemes,
} from '../modules/events/events.tables.ts';
import {
  fundingPots,
  fundingProjects,
  fundingProposals,
  hostingRequests,
  projectPlaces,
  projectRisks,
  projectSpend,
} from '../modules/funding/funding.tables.ts';
import { PATHFINDER_POT, PATHFINDER_PROPOSALS } from './demo-funding.ts';
import { DEMO_PARTNERSHIP_NAME, DEMO_PASSWORD, DemoAlreadySeededError, seedDemoPartnership } from './demo-data.ts';
import { UPCOMING_JOIN_CODE } from './demo-events.ts';
import { papers, paperVersions } from '../modules/papers/papers.tables.ts';
import { IMPLICATION_ROWS } from '../modules/papers/templates.ts';
import { referralFigures } from '../modules/referrals/figures.tables.ts';
import { threatLevelOn } from '../modules/threat-level/threat-level.reads.ts';
import { STRATEGIC_PLAN_TITLE as STOCKTON_PAPER_PLAN } from './content/plans.ts';
import { DEMO_PAPERS, LEICESTERSHIRE_PAPER, PCC_PAPER, STOCKTON_PAPER, type DemoPaper } from './content/papers.ts';
import { seedDemoPapers } from './demo-papers.ts';

const DAY = 86_400_000;

test('the demo partnership', async (t) => {
  // The whole Hub, so that the plans can also be opened as the demo coordinator would.
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  const now = Date.now();
  await seedDemoPartnership(db);

  const allGroups = await db.select().from(groups);
  const group = (name: string) => {
    const found = allGroups.find((g) => g.name === name);
    assert.ok(found, `group ${name}`);
    return found;
  };
  const personById = new Map((await db.select().from(people)).map((p) => [p.id, p]));
  const orgByName = new Map((await db.select().from(organisations)).map((o) => [o.name, o]));

  await t.test('names the partnership and its areas', async () => {
    assert.deepEqual(await db.select({ name: partnership.name }).from(partnership), [{ name: DEMO_PARTNERSHIP_NAME }]);
    const names = (await db.select({ name: areas.name }).from(areas)).map((a) => a.name);
    for (const area of [
      'Stockton-on-Tees',
      'Middlesbrough',
      'Hartlepool',
      'Redcar and Cleveland',
      'Leicester',
      'Leicestershire',
      'Rutland',
    ]) {
      assert.ok(names.includes(area), area);
    }
  });

  await t.test('has organisations of every sector, each in an area or partnership-wide', () => {
    const sectors = new Set([...orgByName.values()].map((o) => o.sector));
    assert.deepEqual([...sectors].sort(), [...SECTORS].sort());
  });

  await t.test('has 30 to 50 plainly fictional people, reachable only at reserved addresses', async () => {
    const everyone = [...personById.values()];
    assert.ok(everyone.length >= 30 && everyone.length <= 50, `${everyone.length} people`);
    for (const p of everyone) {
      assert.match(p.email ?? '', /@example\.org$/, p.name);
      assert.match(p.phone ?? '', /^(01632 960\d{3}|07700 900\d{3})$/, p.name);
    }
    for (const a of await db.select().from(accounts)) assert.match(a.email, /@example\.org$/);
    // None of the officers named in the seed papers.
    const real = [
      'Batty',
      'Leach',
      'Bannister',
      'Knopp',
      'Arbuthnot',
      'Waterston',
      'Karina Kaur',
      'Riaz',
      'Michael Banks',
      'Farr',
      'Paul Dixon',
      'Hafeez',
      'Graham Robb',
    ];
    for (const p of everyone)
      for (const name of real) assert.ok(!p.name.includes(name), `${p.name} looks like a real officer`);
    // Nor their addresses in any minute or file.
    const texts = [
      ...(await db.select({ text: agendaItems.minute }).from(agendaItems)).map((r) => r.text ?? ''),
      ...(await db.select({ content: documentFiles.content }).from(documentFiles)).map((r) =>
        r.content.toString('utf8'),
      ),
    ];
    for (const text of texts)
      for (const email of text.match(/[\w.+-]+@[\w.-]+/g) ?? []) assert.match(email, /@example\.org$/);
  });

  await t.test('has groups of every kind', () => {
    assert.deepEqual([...new Set(allGroups.map((g) => g.kind))].sort(), [...GROUP_KINDS].sort());
  });

  await t.test('puts four borough Silver groups under the Teesside Gold group', () => {
    const gold = allGroups.find((g) => g.kind === 'gold')!;
    const silvers = allGroups.filter((g) => g.parentGroupId === gold.id);
    assert.equal(silvers.length, 4);
    assert.ok(silvers.every((g) => g.kind === 'silver'));
    assert.equal(allGroups.filter((g) => g.kind === 'silver').length, 4);
    assert.equal(personById.get(gold.chairPersonId!)?.jobTitle, 'Assistant Chief Constable');
    assert.equal(
      personById.get(group('Stockton Silver Group').chairPersonId!)?.jobTitle,
      'Head of Community Protection',
    );
  });

  await t.test('chains Executive → Steering → Operational Leads, with the Channel panel monthly', () => {
    const executive = allGroups.find((g) => g.kind === 'executive')!;
    const steering = allGroups.find((g) => g.kind === 'steering')!;
    const operational = allGroups.find((g) => g.kind === 'operational_leads')!;
    assert.equal(steering.parentGroupId, executive.id);
    assert.equal(operational.parentGroupId, steering.id);
    assert.equal(steering.cadence, 'quarterly');
    assert.equal(personById.get(steering.chairPersonId!)?.jobTitle, 'Director of Communities and Enforcement');
    assert.equal(allGroups.find((g) => g.kind === 'channel_panel')!.cadence, 'monthly');
  });

  await t.test('records the boards each group reports to', async () => {
    const lines = await db.select().from(groupReportingLines);
    const reportsTo = (name: string) =>
      lines
        .filter((l) => l.groupId === group(name).id)
        .map((l) => allGroups.find((g) => g.id === l.reportsToGroupId)!.name)
        .sort();
    assert.deepEqual(reportsTo('Stockton Silver Group'), [
      'Safer Stockton Partnership',
      "Stockton Children's Trust Board",
      'Stockton Renaissance Partnership Board',
    ]);
    assert.deepEqual(reportsTo('LLR Prevent Steering Group'), [
      'Leicestershire Safer Communities Strategy Board',
      'PCC Ethics, Integrity and Complaints Committee',
    ]);
    for (const l of lines) assert.equal(allGroups.find((g) => g.id === l.reportsToGroupId)!.kind, 'board');
  });

  await t.test("has each group's chair as a current member in the chair's role", async () => {
    const members = await db.select().from(groupMembers).where(isNull(groupMembers.leftOn));
    for (const g of allGroups) {
      assert.ok(
        members.some((m) => m.groupId === g.id && m.personId === g.chairPersonId && m.role === 'chair'),
        `${g.name} chair`,
      );
    }
  });

  await t.test('has a year of meetings, with attendance at those held and none at those to come', async () => {
    const all = await db.select().from(meetings);
    const times = all.map((m) => m.startsAt.getTime());
    assert.ok(Math.min(...times) >= now - 366 * DAY, 'starts about a year ago');
    assert.ok(Math.max(...times) <= now + 95 * DAY, 'ends about three months ahead');
    assert.ok(Math.max(...times) > now + 60 * DAY, 'reaches two months ahead at least');
    const counts = new Map<number, number>();
    for (const row of await db.select({ meetingId: attendance.meetingId }).from(attendance))
      counts.set(row.meetingId, (counts.get(row.meetingId) ?? 0) + 1);
    for (const m of all) {
      if (m.status === 'held') {
        assert.ok(m.endsAt.getTime() <= now, 'held meetings are past');
        assert.ok((counts.get(m.id) ?? 0) > 0, `held meeting ${m.id} has attendance`);
      } else {
        assert.equal(counts.get(m.id) ?? 0, 0, `${m.status} meeting ${m.id} has no attendance`);
      }
      if (m.status === 'scheduled') assert.ok(m.endsAt.getTime() > now - DAY);
    }
    assert.ok(all.some((m) => m.status === 'cancelled'));
    const channel = all.filter((m) => m.groupId === group('LLR Channel Panel').id);
    assert.ok(channel.length >= 14, `${channel.length} Channel panels`);
  });

  await t.test('minutes and decides the items of held meetings, and only those', async () => {
    const rows = await db
      .select({
        status: meetings.status,
        minute: agendaItems.minute,
        presenter: agendaItems.presenterPersonId,
      })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId));
    for (const r of rows) {
      assert.ok(r.presenter, 'every item has a presenter');
      assert.equal(r.status === 'held', r.minute !== null);
    }
    const recommendations = await db
      .select({
        status: meetings.status,
        decision: meetingRecommendations.decision,
        reason: meetingRecommendations.reason,
      })
      .from(meetingRecommendations)
      .innerJoin(meetings, eq(meetings.id, meetingRecommendations.meetingId));
    for (const r of recommendations) {
      assert.equal(r.status === 'held', r.decision !== null, 'held meetings decide their recommendations');
      if (r.decision === 'declined') assert.ok(r.reason, 'a declined recommendation says why');
    }
    const decisions = [...new Set(recommendations.map((r) => r.decision).filter(Boolean))].sort();
    assert.deepEqual(decisions, [...RECOMMENDATION_DECISIONS].sort());
  });

  await t.test('has actions arising with owners and due dates, some done and some open', async () => {
    const actions = await db.select().from(actionsArising);
    assert.ok(actions.length >= 20);
    assert.ok(actions.every((a) => a.ownerPersonId && a.dueOn));
    assert.ok(actions.some((a) => a.completedOn));
    assert.ok(actions.some((a) => !a.completedOn));
  });

  await t.test('has the county at most Channel panels, but not all', async () => {
    const channel = group('LLR Channel Panel');
    const held = await db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.groupId, channel.id), eq(meetings.status, 'held')));
    for (const county of ['Leicestershire County Council', 'Rutland County Council']) {
      const present = await db
        .select({ id: attendance.id })
        .from(attendance)
        .where(
          and(
            inArray(
              attendance.meetingId,
              held.map((m) => m.id),
            ),
            eq(attendance.organisationId, orgByName.get(county)!.id),
            eq(attendance.status, 'present'),
          ),
        );
      assert.ok(
        present.length > held.length / 2 && present.length < held.length,
        `${county}: ${present.length} of ${held.length}`,
      );
    }
  });

  await t.test('records attendance only for members of the group', async () => {
    const rows = await db
      .select({ groupId: meetings.groupId, personId: attendance.personId })
      .from(attendance)
      .innerJoin(meetings, eq(meetings.id, attendance.meetingId));
    const memberships = new Set((await db.select().from(groupMembers)).map((m) => `${m.groupId}:${m.personId}`));
    for (const r of rows) assert.ok(memberships.has(`${r.groupId}:${r.personId}`));
  });

  await t.test('restricts sensitive documents to the groups that need to know', async () => {
    const all = await db.select().from(documents);
    const audience = async (title: string) => {
      const d = all.find((x) => x.title === title);
      assert.ok(d, title);
      const rows = await db
        .select({ groupId: documentGroups.groupId })
        .from(documentGroups)
        .where(eq(documentGroups.documentId, d.id));
      return { document: d, groups: rows.map((r) => allGroups.find((g) => g.id === r.groupId)!.name).sort() };
    };
    for (const d of all.filter((x) => x.marking === 'OFFICIAL-SENSITIVE')) {
      assert.equal(d.audience, 'groups', d.title);
      assert.ok((await audience(d.title)).groups.length > 0, d.title);
    }
    const ctlp = await audience('Counter Terrorism Local Profile: Stockton');
    assert.equal(ctlp.document.marking, 'OFFICIAL-SENSITIVE');
    assert.deepEqual(ctlp.groups, ['Stockton Silver Group']);
    const channelTerms = await audience('Channel panel terms of reference');
    assert.equal(channelTerms.document.marking, 'OFFICIAL-SENSITIVE');
    assert.deepEqual(channelTerms.groups, ['LLR Channel Panel']);
    const dvd = await audience("'Trust your Instincts' DVD guidance");
    assert.equal(dvd.document.audience, 'everyone');
    assert.equal(dvd.document.marking, 'OFFICIAL');
  });

  await t.test('lists the Stockton community profile before it exists, and stores files whole', async () => {
    const [profile] = await db.select().from(documents).where(eq(documents.title, 'Stockton community profile'));
    assert.ok(profile?.expectedOn && profile.expectedOn > new Date(now).toISOString().slice(0, 10));
    assert.equal((await db.select().from(documentFiles).where(eq(documentFiles.documentId, profile.id))).length, 0);
    const files = await db.select().from(documentFiles);
    assert.ok(files.length >= 8);
    for (const f of files) {
      assert.equal(f.size, f.content.length);
      assert.equal(f.sha256, createHash('sha256').update(f.content).digest('hex'));
    }
    // Papers on agendas point at real documents.
    const ids = new Set((await db.select({ id: documents.id }).from(documents)).map((d) => d.id));
    const papers = await db.select({ paper: agendaItems.paperDocumentId }).from(agendaItems);
    assert.ok(papers.some((p) => p.paper !== null));
    for (const p of papers) if (p.paper !== null) assert.ok(ids.has(p.paper));
  });

  await t.test('has one working sign-in per role', async () => {
    const all = await db.select().from(accounts).orderBy(asc(accounts.email));
    assert.deepEqual(
      all.map((a) => [a.email, a.role]),
      [
        ['admin@example.org', 'administrator'],
        ['coordinator@example.org', 'coordinator'],
        ['member@example.org', 'member'],
        ['viewer@example.org', 'viewer'],
      ],
    );
    for (const a of all) {
      assert.equal(a.mustChangePassword, false);
      assert.equal(a.disabledAt, null);
      assert.ok(await verifyPassword(DEMO_PASSWORD, a.passwordHash), a.email);
    }
    const member = all.find((a) => a.role === 'member')!;
    const current = await db
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(and(eq(groupMembers.personId, member.personId), isNull(groupMembers.leftOn)));
    assert.deepEqual(current.map((m) => allGroups.find((g) => g.id === m.groupId)!.name).sort(), [
      'LLR Channel Panel',
      'Stockton Silver Group',
    ]);
  });

  const allPlans = await db.select().from(plans);
  const plan = (title: string) => {
    const found = allPlans.find((p) => p.title.startsWith(title));
    assert.ok(found, `plan ${title}`);
    return found;
  };
  const isoToday = new Date(now).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

  await t.test('has strategic, operational and delivery plans, approved or in consultation', async () => {
    assert.equal(allPlans.length, 4);
    const versions = await db.select().from(planVersions);
    const versionsOf = (id: number) => versions.filter((v) => v.planId === id).map((v) => v.number);
    const strategic = plan('Teesside PVE Strategic Action Plan');
    assert.deepEqual(
      [strategic.kind, strategic.status, strategic.currentVersion, strategic.ownerGroupId],
      ['strategic', 'approved', 1, group('Stockton Silver Group').id],
    );
    assert.deepEqual(versionsOf(strategic.id), [1]);
    const police = plan('Cleveland Police Strategic Plan');
    assert.deepEqual(
      [police.kind, police.status, police.ownerOrganisationId],
      ['strategic', 'approved', orgByName.get('Cleveland Police')!.id],
    );
    const operational = plan('Stockton Operational Action Plan');
    assert.deepEqual(
      [operational.kind, operational.status, operational.currentVersion],
      ['operational', 'approved', 1],
    );
    const delivery = plan('Leicestershire Prevent Delivery Plan');
    assert.deepEqual(
      [delivery.kind, delivery.status, delivery.currentVersion, delivery.ownerGroupId],
      ['delivery', 'in_consultation', 0, group('LLR Prevent Steering Group').id],
    );
    assert.ok(delivery.consultationClosesOn! > isoToday, 'still open for comment');
    assert.deepEqual(versionsOf(delivery.id), []);
    const count = async (id: number) => (await listPlanActions(db, { planId: id })).length;
    assert.ok((await count(strategic.id)) >= 10 && (await count(strategic.id)) <= 14);
    assert.ok((await count(police.id)) >= 3 && (await count(police.id)) <= 4);
    assert.ok((await count(operational.id)) >= 18);
    assert.ok((await count(delivery.id)) >= 8);
    // Covering all four strands of CONTEST, mostly Prevent.
    const strands = (await listPlanActions(db, { planId: strategic.id })).map((a) => a.strand);
    assert.deepEqual([...new Set(strands)].sort(), ['prepare', 'prevent', 'protect', 'pursue']);
    assert.ok(strands.filter((s) => s === 'prevent').length > strands.length / 2);
    // Every lead officer is one of the demo's fictional people, of the lead organisation.
    for (const a of await listPlanActions(db, {})) {
      const lead = personById.get(a.leadPersonId!);
      assert.ok(lead, `${a.reference} ${a.title} has a lead`);
      assert.equal(lead.organisationId, a.leadOrganisationId, `${a.reference} ${a.title}`);
    }
  });

  await t.test('rates the operational plan red, amber, green and complete, with some actions gone quiet', async () => {
    const actions = await listPlanActions(db, { planId: plan('Stockton Operational Action Plan').id });
    for (const rag of ['red', 'amber', 'green', 'complete'])
      assert.ok(
        actions.some((a) => a.rag === rag),
        rag,
      );
    const quietSince = now - QUIET_AFTER_DAYS * DAY;
    assert.ok(
      actions.some((a) => a.state !== 'completed' && (a.lastProgressAt?.getTime() ?? 0) < quietSince),
      'an open action with no update for 90 days',
    );
    assert.ok(
      actions.some((a) => a.lastProgressAt && a.lastProgressAt.getTime() > quietSince),
      'recent progress too',
    );
    // A year of dated progress, none of it in the future.
    const updates = actions.map((a) => a.lastProgressAt).filter((d): d is Date => d !== null);
    assert.ok(updates.every((d) => d.getTime() <= now));
    assert.ok(Math.min(...updates.map((d) => d.getTime())) < now - 60 * DAY);
  });

  await t.test(
    "points operational actions at the strategic actions they implement, keeping the police plan's actions as their source",
    async () => {
      const strategic = plan('Teesside PVE Strategic Action Plan');
      const police = plan('Cleveland Police Strategic Plan');
      const operational = await listPlanActions(db, { planId: plan('Stockton Operational Action Plan').id });
      const planOf = new Map(
        (await db.select({ id: planActions.id, planId: planActions.planId }).from(planActions)).map((a) => [
          a.id,
          a.planId,
        ]),
      );
      const implementing = operational.filter((a) => a.implementsActionIds.length > 0);
      assert.ok(implementing.length > operational.length / 2, 'most implement a strategic action');
      for (const a of implementing) {
        // An action brought in from the police plan also implements the action it came from.
        const allowed = a.sourceActionId ? [strategic.id, police.id] : [strategic.id];
        for (const id of a.implementsActionIds)
          assert.ok(allowed.includes(planOf.get(id)!), `${a.reference} implements action ${id}`);
      }
      const broughtIn = operational.filter((a) => a.sourceActionId !== null);
      assert.ok(broughtIn.length >= 2 && broughtIn.length <= 3);
      for (const a of broughtIn) assert.equal(planOf.get(a.sourceActionId!), police.id);
      // Every strategic action has operational work under it.
      const implemented = new Set((await db.select().from(planActionImplements)).map((i) => i.strategicActionId));
      for (const a of await listPlanActions(db, { planId: strategic.id }))
        assert.ok(implemented.has(a.id), `${a.reference} ${a.title}`);
      // One came from a meeting's action arising.
      const fromMeeting = operational.find((a) => a.actionArisingId !== null);
      assert.ok(fromMeeting);
      const [arising] = await db
        .select()
        .from(actionsArising)
        .where(eq(actionsArising.id, fromMeeting.actionArisingId!));
      assert.equal(arising!.agendaItemId, fromMeeting.decisionAgendaItemId);
    },
  );

  await t.test(
    'answered every suggestion before approving, and has the draft in consultation awaiting responses',
    async () => {
      const suggestions = await db.select().from(planSuggestions);
      const on = (title: string) => suggestions.filter((s) => s.planId === plan(title).id);
      const strategic = on('Teesside PVE Strategic Action Plan');
      assert.ok(strategic.every((s) => s.response !== null));
      assert.ok(strategic.some((s) => s.response === 'declined' && s.responseText));
      assert.ok(strategic.some((s) => s.response === 'accepted' && s.inVersion === 1));
      const anonymous = strategic.filter((s) => s.fromEventItemId !== null);
      assert.ok(anonymous.length >= 3);
      assert.ok(anonymous.every((s) => s.fromAccountId === null && s.fromOrganisationId === null));
      assert.ok(anonymous.some((s) => s.response === 'declined') && anonymous.some((s) => s.response !== 'declined'));
      const delivery = on('Leicestershire Prevent Delivery Plan');
      assert.ok(delivery.filter((s) => s.response === null).length >= 3);
    },
  );

  await t.test('keeps two quarterly snapshots of the operational plan, as it stood then', async () => {
    const operational = plan('Stockton Operational Action Plan');
    const snapshots = await db
      .select()
      .from(planSnapshots)
      .where(eq(planSnapshots.planId, operational.id))
      .orderBy(asc(planSnapshots.takenAt));
    assert.equal(snapshots.length, 2);
    assert.match(snapshots[0]!.label, /^Q[1-4] \d{4}\/\d{2}$/);
    assert.notEqual(snapshots[0]!.label, snapshots[1]!.label);
    assert.ok(snapshots[1]!.takenAt.getTime() < now && snapshots[1]!.takenAt.getTime() > now - 100 * DAY);
    // Not today's plan copied twice: the states differ between the two.
    const states = (i: number) => snapshots[i]!.actions.map((a) => `${a.id}:${a.state}`).join();
    assert.notEqual(states(0), states(1));
  });

  await t.test('has live events with questions, votes, speakers and audiences, from anonymous delegates', async () => {
    const all = await db.select().from(events);
    assert.equal(all.length, 3);
    const awareness = all.find((e) => e.kind === 'awareness_event' && e.status === 'closed')!;
    assert.equal(awareness.planId, plan('Teesside PVE Strategic Action Plan').id);
    const items = await db.select().from(eventItems).where(eq(eventItems.eventId, awareness.id));
    for (const state of ['shown', 'answered', 'merged', 'hidden'])
      assert.ok(
        items.some((i) => i.state === state),
        state,
      );
    for (const merged of items.filter((i) => i.state === 'merged'))
      assert.ok(items.some((i) => i.id === merged.mergedIntoId));
    const votes = await db
      .select({ itemId: itemVotes.itemId })
      .from(itemVotes)
      .where(
        inArray(
          itemVotes.itemId,
          items.map((i) => i.id),
        ),
      );
    assert.ok(votes.length > 20);
    assert.ok((await db.select().from(eventSpeakers).where(eq(eventSpeakers.eventId, awareness.id))).length >= 3);
    for (const e of all.filter((x) => x.status === 'closed')) {
      assert.ok(e.attendance && e.attendance > 0, e.title);
      assert.ok((await db.select().from(eventAudiences).where(eq(eventAudiences.eventId, e.id))).length > 0, e.title);
    }

    const forum = all.find((e) => e.kind === 'community_forum')!;
    const questions = await db
      .select()
      .from(workshopQuestions)
      .where(eq(workshopQuestions.eventId, forum.id))
      .orderBy(asc(workshopQuestions.position));
    assert.equal(questions.length, 3);
    questions.forEach((q, i) => assert.match(q.summary ?? '', new RegExp(`^Regarding question ${i + 1}: `)));
    const answers = await db
      .select()
      .from(workshopAnswers)
      .where(
        inArray(
          workshopAnswers.questionId,
          questions.map((q) => q.id),
        ),
      );
    assert.ok(answers.length >= 15 && answers.every((a) => a.themeId !== null));
    assert.ok(
      (
        await db
          .select()
          .from(workshopThemes)
          .where(
            inArray(
              workshopThemes.questionId,
              questions.map((q) => q.id),
            ),
          )
      ).length >= 6,
    );
    const [minute] = await db
      .select()
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, forum.meetingId!))
      .orderBy(desc(agendaItems.position))
      .limit(1);
    assert.match(minute!.minute ?? '', /The following key suggestions were noted/);

    const upcoming = all.find((e) => e.status === 'open')!;
    assert.equal(upcoming.joinCode, UPCOMING_JOIN_CODE);
    assert.ok(upcoming.heldOn > isoToday);

    // Delegates are random tokens, and the names some gave are not people's names.
    const names = [...personById.values()].flatMap((p) => [p.name, p.name.split(' ').at(-1)!]);
    for (const d of await db.select().from(delegates)) {
      assert.match(d.tokenHash, /^[A-Za-z0-9_-]{43}$/);
      for (const name of names) assert.ok(!d.tokenHash.includes(name));
    }
    const given = (await db.select({ name: eventItems.displayName }).from(eventItems))
      .map((i) => i.name)
      .filter((n): n is string => n !== null);
    assert.ok(given.length > 0 && given.length <= 3, 'a few names, as in a real room');
    for (const name of given) assert.ok(!names.some((n) => name.includes(n)), name);
  });

  await t.test('lets the demo coordinator open the plans, a dashboard and their own actions', async () => {
    const browser = new Browser(hub.app);
    await browser.signIn('coordinator@example.org', DEMO_PASSWORD);
    const list = await browser.get('/plans');
    assert.equal(list.statusCode, 200);
    for (const p of allPlans) assert.ok(list.body.includes(p.title), p.title);
    const dashboard = await browser.get(`/plans/${plan('Stockton Operational Action Plan').id}/dashboard`);
    if (dashboard.statusCode !== 404) {
      assert.equal(dashboard.statusCode, 200);
      assert.match(dashboard.body, /Show the &#39;Trust your Instincts&#39; DVD|Show the 'Trust your Instincts' DVD/);
    }
    const mine = await browser.get('/plans/my-actions');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /Community Reference Group: a written reply to each point it raises/);
    const delegate = await new Browser(hub.app).get(`/e/${UPCOMING_JOIN_CODE}`);
    assert.equal(delegate.statusCode, 200);
  });

  await t.test(
    'has the Pathfinder pot decided at the Silver group, ten LLR projects and two county hosting requests',
    async () => {
      const browser = new Browser(hub.app);
      await browser.signIn('coordinator@example.org', DEMO_PASSWORD);
      const [pot] = await db.select().from(fundingPots).where(eq(fundingPots.name, PATHFINDER_POT));
      assert.ok(pot, 'the Pathfinder pot');
      assert.equal(pot.amountPence, 13_100_000);
      assert.equal(pot.decidingGroupId, group('Stockton Silver Group').id);
      const proposals = await db.select().from(fundingProposals).where(eq(fundingProposals.potId, pot.id));
      assert.deepEqual(proposals.map((p) => p.decision).sort(), [
        'approved',
        'approved',
        'approved_with_changes',
        'declined',
        'deferred',
      ]);
      assert.deepEqual([...new Set(proposals.map((p) => p.proposerKind))].sort(), [
        'consultation',
        'live_event',
        'organisation',
        'other',
      ]);
      assert.ok(proposals.find((p) => p.proposerKind === 'live_event')!.proposerEventId, 'the event is linked');
      assert.ok(proposals.find((p) => p.proposerKind === 'consultation')!.proposerPlanId, 'the consultation is linked');
      // Each decided on its own recommendation row at a held meeting of the Silver group.
      const recs = await db
        .select({ groupId: meetings.groupId, status: meetings.status, decision: meetingRecommendations.decision })
        .from(meetingRecommendations)
        .innerJoin(meetings, eq(meetings.id, meetingRecommendations.meetingId))
        .where(eq(meetingRecommendations.subjectType, 'funding_proposal'));
      assert.equal(recs.length, PATHFINDER_PROPOSALS.length);
      for (const r of recs) assert.deepEqual([r.groupId, r.status], [pot.decidingGroupId, 'held']);
      // Committed by hand: £45,000 approved + £25,000 of £30,000 + £12,000 = £82,000; £131,000 − £82,000 = £49,000.
      const page = await browser.get(`/funding/pots/${pot.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Committed<\/dt><dd class="govuk-summary-list__value">£82,000/);
      assert.match(page.body, /Remaining<\/dt><dd class="govuk-summary-list__value">£49,000/);

      const projects = await db.select().from(fundingProjects);
      assert.equal(projects.length, 10);
      const places = await db
        .select({ projectId: projectPlaces.projectId, kind: areas.kind })
        .from(projectPlaces)
        .innerJoin(areas, eq(areas.id, projectPlaces.areaId));
      const inCity = new Set(places.filter((p) => p.kind === 'city').map((p) => p.projectId));
      assert.ok(inCity.size >= 8, `${inCity.size} of ten in the city`);
      assert.ok((await db.select().from(projectRisks)).length >= 10, 'every project on a CTLP risk');
      assert.ok((await db.select().from(projectSpend)).length > 0);
      const requests = await db
        .select({ status: hostingRequests.status, deliveryId: hostingRequests.deliveryId, kind: areas.kind })
        .from(hostingRequests)
        .innerJoin(areas, eq(areas.id, hostingRequests.areaId));
      assert.deepEqual(requests.map((r) => r.status).sort(), ['accepted', 'requested']);
      assert.ok(
        requests.every((r) => r.kind !== 'city'),
        'both from the county',
      );
      assert.ok(requests.find((r) => r.status === 'accepted')!.deliveryId, 'accepted into a delivery');
      assert.equal((await browser.get('/projects')).statusCode, 200);
    },
  );

  await t.test('refuses to seed a database that already has a partnership', async () => {
    await assert.rejects(seedDemoPartnership(db), DemoAlreadySeededError);
  });
});

test('the same day gives the same demo', async (t) => {
  const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  t.after(async () => {
    await first.close();
    await second.close();
  });
  // Midsummer, to exercise British Summer Time as well.
  const now = new Date('2026-06-15T11:00:00Z');
  await seedDemoPartnership(first.db, { now });
  await seedDemoPartnership(second.db, { now });
  const snapshot = async (db: Database) => ({
    meetings: await db
      .select({ g: meetings.groupId, at: meetings.startsAt, status: meetings.status })
      .from(meetings)
      .orderBy(asc(meetings.id)),
    items: await db
      .select({ title: agendaItems.title, minute: agendaItems.minute })
      .from(agendaItems)
      .orderBy(asc(agendaItems.id)),
    recommendations: await db
      .select({ n: meetingRecommendations.number, d: meetingRecommendations.decision })
      .from(meetingRecommendations)
      .orderBy(asc(meetingRecommendations.id)),
    actions: await db
      .select({ d: actionsArising.description, due: actionsArising.dueOn, done: actionsArising.completedOn })
      .from(actionsArising)
      .orderBy(asc(actionsArising.id)),
    attendance: await db
      .select({ m: attendance.meetingId, p: attendance.personId, s: attendance.status })
      .from(attendance)
      .orderBy(asc(attendance.id)),
    planActions: await db
      .select({
        r: planActions.reference,
        t: planActions.title,
        due: planActions.dueOn,
        s: planActions.state,
        at: planActions.lastProgressAt,
      })
      .from(planActions)
      .orderBy(asc(planActions.id)),
    suggestions: await db
      .select({ t: planSuggestions.text, r: planSuggestions.response, at: planSuggestions.createdAt })
      .from(planSuggestions)
      .orderBy(asc(planSuggestions.id)),
    events: await db
      .select({ t: events.title, on: events.heldOn, code: events.joinCode })
      .from(events)
      .orderBy(asc(events.id)),
    votes: await db
      .select({ i: itemVotes.itemId, d: itemVotes.delegateId })
      .from(itemVotes)
      .orderBy(asc(itemVotes.itemId), asc(itemVotes.delegateId)),
  });
  const a = await snapshot(first.db);
  assert.deepEqual(await snapshot(second.db), a);
  // Meetings keep their UK wall-clock time across the clock change: 10:00 is 09:00 UTC in summer, 10:00 UTC in winter.
  const stockton = a.meetings.filter((m) => m.g === a.meetings.find((x) => x.status === 'held')!.g);
  const ukHours = new Set(
    stockton.map((m) =>
      m.at.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }),
    ),
  );
  assert.equal(ukHours.size, 1);
});

/** A Word document's paragraphs (style, text) and tables (rows of cell texts), read from word/document.xml. */
async function wordContent(docx: Buffer) {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const textOf = (p: string) =>
    [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
      .map((m) => (m[1] === undefined ? '\t' : unescape(m[1])))
      .join('');
  const paragraphsIn = (part: string) =>
    [...part.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
      style: /<w:pStyle w:val="([^"]+)"/.exec(m[1]!)?.[1] ?? '',
      text: textOf(m[1]!),
    }));
  const tablesIn = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) =>
    [...table[1]!.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
        paragraphsIn(c[1]!)
          .map((p) => p.text)
          .join('\n'),
      ),
    ),
  );
  const paragraphs = paragraphsIn(xml);
  return {
    paragraphs,
    tables: tablesIn,
    headings: paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text),
  };
}

/** Whether `wanted` appear in `list` in this order (others may stand between them). */
const inOrder = (list: string[], wanted: string[]) => {
  let at = 0;
  for (const item of list) if (item === wanted[at]) at += 1;
  return at === wanted.length;
};

test('the seeds’ papers, written from the demo data, signed off and issued', async (t) => {
  const handle = await createTestDatabase();
  t.after(() => handle.close());
  const db = handle.db;
  await seedDemoPartnership(db);
  assert.deepEqual(await seedDemoPapers(db), { issued: 3 });

  const issued = await db
    .select({
      subject: papers.subject,
      status: papers.status,
      marking: papers.marking,
      documentId: papers.documentId,
      agendaItemId: papers.agendaItemId,
      approverAccountId: papers.approverAccountId,
      signedOffBy: papers.signedOffBy,
      version: paperVersions.version,
      frozen: paperVersions.paper,
      fileId: paperVersions.documentFileId,
    })
    .from(papers)
    .innerJoin(paperVersions, eq(paperVersions.paperId, papers.id))
    .orderBy(asc(papers.id));
  const paper = (demo: DemoPaper) => {
    const found = issued.find((p) => p.subject === demo.subject);
    assert.ok(found, demo.subject);
    return found;
  };
  const docxOf = async (demo: DemoPaper) => {
    const [file] = await db
      .select({ content: documentFiles.content })
      .from(documentFiles)
      .where(eq(documentFiles.id, paper(demo).fileId!));
    return wordContent(file!.content);
  };
  /** The recommendations printed as numbered paragraphs, "1.", "2."… in the seed's order. */
  const assertRecommendations = (printed: { style: string; text: string }[], demo: DemoPaper) =>
    demo.recommendations.forEach((text, i) =>
      assert.ok(
        printed.some((p) => p.style === 'NumberedParagraph' && p.text === `${i + 1}.\t${text}`),
        `recommendation ${i + 1} of ${demo.subject}`,
      ),
    );

  await t.test('each is issued once, as version 1, signed off by its named approver', async () => {
    assert.equal(issued.length, 3);
    const [approver] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.email, 'admin@example.org'));
    for (const p of issued) {
      assert.deepEqual([p.status, p.version, p.marking], ['issued', 1, 'OFFICIAL'], p.subject);
      assert.equal(p.approverAccountId, approver!.id);
      assert.equal(p.signedOffBy, approver!.id);
    }
  });

  await t.test(
    'each is its agenda item’s paper in the document library, at the meeting of the seed’s date',
    async () => {
      for (const demo of DEMO_PAPERS) {
        const p = paper(demo);
        const [item] = await db
          .select({ paper: agendaItems.paperDocumentId, startsAt: meetings.startsAt, meetingId: meetings.id })
          .from(agendaItems)
          .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
          .where(eq(agendaItems.id, p.agendaItemId));
        assert.equal(item!.paper, p.documentId, demo.subject);
        assert.equal(item!.startsAt.toLocaleDateString('en-CA', { timeZone: 'Europe/London' }), demo.date);
        const [document] = await db.select().from(documents).where(eq(documents.id, p.documentId!));
        assert.deepEqual([document!.meetingId, document!.marking], [item!.meetingId, 'OFFICIAL']);
      }
    },
  );

  await t.test(
    'the Stockton report prints the seed’s headings, its three recommendations and the plan as Appendix B',
    async () => {
      const { headings, paragraphs } = await docxOf(STOCKTON_PAPER);
      assert.ok(inOrder(headings, ['Summary', 'Recommendations', 'Detail', 'Next steps']), headings.join(' | '));
      assertRecommendations(paragraphs, STOCKTON_PAPER);
      // "(paragraph 7 refers)": the paragraph it names, as printed, is the one about the DVD.
      const [, refers] = /paragraph (\d+) refers/.exec(STOCKTON_PAPER.recommendations[1]!)!;
      const named = paragraphs.find((p) => p.style === 'NumberedParagraph' && p.text.startsWith(`${refers}.\t`));
      assert.match(named?.text ?? '', /Trust your Instincts/);
      assert.ok(headings.includes('Appendix B – Draft PVE action plan'), headings.join(' | '));
      const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.title, STOCKTON_PAPER_PLAN));
      const actions = await listPlanActions(db, { planId: plan!.id }, paper(STOCKTON_PAPER).frozen.asAt);
      const appendix = paragraphs.slice(paragraphs.findIndex((p) => p.text === 'Appendix B – Draft PVE action plan'));
      for (const action of actions)
        assert.ok(
          appendix.some((p) => p.text.startsWith(action.title)),
          `${action.reference} in Appendix B`,
        );
    },
  );

  await t.test(
    'the Leicestershire update gives the threat level on the meeting date and the referral figure',
    async () => {
      const { headings, paragraphs } = await docxOf(LEICESTERSHIRE_PAPER);
      assert.ok(
        inOrder(headings, [
          'Purpose of report',
          'Background',
          'Notable developments and challenges',
          'Recommendations for the Board',
        ]),
        headings.join(' | '),
      );
      assertRecommendations(paragraphs, LEICESTERSHIRE_PAPER);
      const level = await threatLevelOn(db, LEICESTERSHIRE_PAPER.date, paper(LEICESTERSHIRE_PAPER).frozen.asAt);
      assert.ok(level, 'a level was in force');
      assert.ok(
        paragraphs.some((p) => p.style === 'NumberedParagraph' && p.text.endsWith(level.sentence)),
        level.sentence,
      );
      const [total] = await db
        .select({ value: referralFigures.value })
        .from(referralFigures)
        .where(
          and(
            eq(referralFigures.periodLabel, '2017/18'),
            eq(referralFigures.measure, 'referred'),
            isNull(referralFigures.breakdown),
          ),
        );
      const figure = total!.value.toLocaleString('en-GB');
      assert.ok(
        paragraphs.some(
          (p) => p.style === 'NumberedParagraph' && p.text.includes(`Prevent referrals`) && p.text.includes(figure),
        ),
        `the ${figure} referrals of 2017/18`,
      );
    },
  );

  await t.test('the PCC committee paper fills its implications table and names its contacts', async () => {
    const { headings, paragraphs, tables } = await docxOf(PCC_PAPER);
    assert.ok(
      inOrder(headings, [
        'Purpose of the report',
        'Recommendations',
        'Current position',
        'Implications',
        'List of Appendices',
        'Background Papers',
        'Person to Contact',
      ]),
      headings.join(' | '),
    );
    assertRecommendations(paragraphs, PCC_PAPER);
    const implications = tables.find((rows) => rows[0]?.[0] === 'Financial');
    assert.deepEqual(
      implications,
      IMPLICATION_ROWS.map((row) => [row, PCC_PAPER.implications[row]]),
    );
    for (const name of ['Hannah Moss', 'Alan Forsyth'])
      assert.ok(
        paragraphs.some((p) => p.text === name),
        name,
      );
    assert.ok(headings.includes('Appendix A – Action plan'));
  });

  await t.test('a second run issues nothing more', async () => {
    assert.deepEqual(await seedDemoPapers(db), { issued: 0 });
    assert.equal((await db.select({ id: paperVersions.id }).from(paperVersions)).length, 3);
  });
});
