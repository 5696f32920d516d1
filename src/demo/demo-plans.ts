// Delivery plans for the demo (seed 001 §4 and §10–11, seed 002 §4):
// - the Teesside PVE Strategic Action Plan of the Stockton Silver Group, consulted on at the
//   awareness raising event and approved as version 1 with every suggestion answered;
// - the Cleveland Police Strategic Plan, whose actions for 'S' District the borough brings in;
// - the Stockton Operational Action Plan, which implements the strategic actions and is used "for
//   monitoring and recording progress": a year of progress updates and two quarterly snapshots;
// - the Leicestershire Prevent Delivery Plan for the coming year, open for comment now.
//
// Plans, objectives, actions, suggestions and responses go through the plans services, so their
// history (plan_changes) is the one the Hub itself records. Those services stamp rows with now(),
// the start of the seeding transaction: each dated step is followed by `backdate`, which moves
// what it stamped to when it happened. Progress updates, approvals and snapshots are written
// directly with their dates: through the services they would be dated today, and approvePlan
// would add audit entries for approvals that never happened in this Hub.

import { and, asc, count, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Transaction } from '../db/client.ts';
import type { CurrentUser } from '../auth/sessions.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { groupMembers } from '../modules/groups/groups.tables.ts';
import { people } from '../modules/organisations/organisations.tables.ts';
import { actionsArising, agendaItems, meetings } from '../modules/meetings/meetings.tables.ts';
import { events } from '../modules/events/events.tables.ts';
import {
  planActions,
  planChanges,
  planProgressUpdates,
  plans,
  planSnapshots,
  planSuggestions,
  planVersions,
  type ActionState,
} from '../modules/plans/plans.tables.ts';
import {
  createAction,
  createObjective,
  createPlan,
  freezeActions,
  listPlanActions,
  recordPlanChanges,
  updateAction,
  type ActionInput,
} from '../modules/plans/plans.service.ts';
import { addSuggestion, bringInSuggestions, respondToSuggestion } from '../modules/plans/consultation.service.ts';
import { ragOf } from '../modules/plans/plans.rag.ts';
import { currentQuarterLabel } from '../modules/plans/snapshots.service.ts';
import { ORG, PEOPLE } from './content/directory.ts';
import { addDays, isoDate, londonIsoDate, londonTime, parseIso, type IsoDate } from './demo-dates.ts';
import type { DemoRefs, SeededAwarenessEvent } from './demo-events.ts';
import {
  ADDED_AFTER_EVENT,
  DELIVERY_OBJECTIVES,
  DELIVERY_PLAN_TITLE,
  deliveryActions,
  OPERATIONAL_OBJECTIVES,
  OPERATIONAL_PLAN_TITLE,
  operationalActions,
  POLICE_ACTIONS,
  POLICE_PLAN_TITLE,
  ROOM_ANSWERS,
  STRATEGIC_ACTIONS,
  STRATEGIC_OBJECTIVES,
  STRATEGIC_PLAN_TITLE,
  type ActionSpec,
  type Objective,
  type OperationalSpec,
  type Update,
  type When,
} from './content/plans.ts';

// ─── Writing it ──────────────────────────────────────────────────────────────

interface Users {
  coordinator: CurrentUser;
  admin: CurrentUser;
  member: CurrentUser;
}

/** A demo account as the services see it when that person is signed in. */
async function demoUser(tx: Transaction, accountId: number): Promise<CurrentUser> {
  const [row] = await tx
    .select({
      accountId: accounts.id,
      personId: accounts.personId,
      email: accounts.email,
      role: accounts.role,
      name: people.name,
    })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(eq(accounts.id, accountId));
  const memberships = await tx
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.personId, row!.personId), isNull(groupMembers.leftOn)));
  return { ...row!, mustChangePassword: false, groupIds: [...new Set(memberships.map((m) => m.groupId))] };
}

const stampedNow = (column: AnyPgColumn) => sql`${column} = now()`;

/** Moves every plan row a service stamped with now() (this transaction's start) to `at`. */
async function backdate(tx: Transaction, at: Date): Promise<void> {
  await tx.update(plans).set({ createdAt: at }).where(stampedNow(plans.createdAt));
  await tx.update(plans).set({ updatedAt: at }).where(stampedNow(plans.updatedAt));
  await tx.update(planActions).set({ createdAt: at }).where(stampedNow(planActions.createdAt));
  await tx.update(planActions).set({ updatedAt: at }).where(stampedNow(planActions.updatedAt));
  await tx.update(planChanges).set({ changedAt: at }).where(stampedNow(planChanges.changedAt));
  await tx.update(planSuggestions).set({ createdAt: at }).where(stampedNow(planSuggestions.createdAt));
  await tx.update(planSuggestions).set({ respondedAt: at }).where(stampedNow(planSuggestions.respondedAt));
}

/** Runs a step through the services, then dates what it wrote. */
async function dated<T>(tx: Transaction, at: Date, step: () => Promise<T>): Promise<T> {
  const result = await step();
  await backdate(tx, at);
  return result;
}

const DAY = 86_400_000;
const clampDate = (value: Date, earliest: Date, latest: Date) =>
  new Date(Math.min(Math.max(value.getTime(), earliest.getTime()), latest.getTime()));

const organisationOf = (personKey: string) => PEOPLE.find((p) => p.key === personKey)!.organisation;

/** The financial year (April to March) that `day` falls in, by the year it starts. */
const financialYearOf = (day: IsoDate) => {
  const { year, month0 } = parseIso(day);
  return month0 >= 3 ? year : year - 1;
};

class PlanWriter {
  readonly tx: Transaction;
  constructor(readonly refs: DemoRefs) {
    this.tx = refs.tx;
  }

  day(when: When): IsoDate {
    return typeof when === 'number' ? addDays(this.refs.today, when) : when;
  }

  /** A moment `daysAgo` days before today, at a UK time. */
  ago(daysAgo: number, time = '10:00'): Date {
    return londonTime(addDays(this.refs.today, -daysAgo), time);
  }

  input(spec: ActionSpec, objectiveIds: number[], extra: Partial<ActionInput> = {}): ActionInput {
    const { refs } = this;
    return {
      reference: spec.ref,
      title: spec.title,
      description: spec.description,
      strand: spec.strand,
      objectiveId: spec.objective ? objectiveIds[spec.objective - 1] : undefined,
      leadOrganisationId: refs.orgId(organisationOf(spec.lead)),
      leadPersonId: refs.personId(spec.lead),
      partnerOrganisationIds: (spec.partners ?? []).map(refs.orgId),
      startOn: spec.start === undefined ? undefined : this.day(spec.start),
      dueOn: spec.due === undefined ? undefined : this.day(spec.due),
      ...extra,
    };
  }

  /** A draft plan with its objectives, dated `at`. */
  async plan(
    user: CurrentUser,
    at: Date,
    input: Parameters<typeof createPlan>[2],
    objectives: Objective[],
  ): Promise<{ planId: number; objectiveIds: number[] }> {
    return dated(this.tx, at, async () => {
      const planId = await createPlan(this.tx, user, input);
      const objectiveIds: number[] = [];
      for (const o of objectives) objectiveIds.push(await createObjective(this.tx, user, planId, o));
      return { planId, objectiveIds };
    });
  }

  async actions(user: CurrentUser, at: Date, planId: number, inputs: ActionInput[]): Promise<number[]> {
    return dated(this.tx, at, async () => {
      const ids: number[] = [];
      for (const input of inputs) ids.push(await createAction(this.tx, { user }, planId, input));
      return ids;
    });
  }

  /** What openConsultation does, dated, without its audit entry (see the top of this file). */
  async openConsultation(user: CurrentUser, planId: number, closesOn: IsoDate, at: Date): Promise<void> {
    await dated(this.tx, at, async () => {
      await this.tx
        .update(plans)
        .set({ status: 'in_consultation', consultationClosesOn: closesOn })
        .where(eq(plans.id, planId));
      await recordPlanChanges(this.tx, { user }, planId, null, [
        { field: 'status', before: 'draft', after: 'in_consultation' },
        { field: 'consultationClosesOn', before: null, after: closesOn },
      ]);
    });
  }

  /** What approvePlan does, dated, without its audit entry: the working copy frozen as the next version. */
  async approve(user: CurrentUser, planId: number, at: Date, note: string): Promise<void> {
    await dated(this.tx, at, async () => {
      const [plan] = await this.tx
        .select({ status: plans.status, currentVersion: plans.currentVersion })
        .from(plans)
        .where(eq(plans.id, planId));
      const number = plan!.currentVersion + 1;
      const actions = freezeActions(await listPlanActions(this.tx, { planId }, londonIsoDate(at)));
      await this.tx
        .insert(planVersions)
        .values({ planId, number, actions, approvedBy: user.accountId, approvedAt: at, note });
      await this.tx.update(plans).set({ status: 'approved', currentVersion: number }).where(eq(plans.id, planId));
      await this.tx
        .update(planSuggestions)
        .set({ inVersion: number })
        .where(
          and(
            eq(planSuggestions.planId, planId),
            inArray(planSuggestions.response, ['accepted', 'accepted_with_changes']),
            isNull(planSuggestions.inVersion),
          ),
        );
      await recordPlanChanges(this.tx, { user }, planId, null, [
        { field: 'status', before: plan!.status, after: 'approved' },
        { field: 'currentVersion', before: plan!.currentVersion, after: number },
      ]);
    });
  }

  /** A partner's comment sent to the coordinator by email: recorded under the partner's organisation. */
  async emailedSuggestion(
    planId: number,
    organisation: string,
    at: Date,
    values: { kind: 'comment' | 'amendment' | 'new_action'; text: string; actionId?: number; proposedTitle?: string },
  ) {
    const [row] = await this.tx
      .insert(planSuggestions)
      .values({
        planId,
        kind: values.kind,
        text: values.text,
        actionId: values.actionId ?? null,
        proposedTitle: values.proposedTitle ?? null,
        fromOrganisationId: this.refs.orgId(organisation),
        createdAt: at,
      })
      .returning({ id: planSuggestions.id });
    return row!.id;
  }
}

/** The action arising with these words whose meeting started before `before` (the latest such), with its agenda item. */
async function findArising(tx: Transaction, description: string, before: Date) {
  const [row] = await tx
    .select({ id: actionsArising.id, agendaItemId: actionsArising.agendaItemId, endsAt: meetings.endsAt })
    .from(actionsArising)
    .innerJoin(agendaItems, eq(agendaItems.id, actionsArising.agendaItemId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(eq(actionsArising.description, description), lt(meetings.startsAt, before)))
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  return row ?? null;
}

/** The meeting that approved the plan after the awareness event: the Silver group's feedback item. */
async function feedbackMeetingEnd(tx: Transaction, after: Date): Promise<Date | null> {
  const [row] = await tx
    .select({ endsAt: meetings.endsAt })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(
      and(
        eq(agendaItems.title, "Awareness raising event: feedback and 'you said, we did'"),
        gt(meetings.startsAt, after),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  return row?.endsAt ?? null;
}

/** Progress to write once every action exists, with who wrote it. */
interface Progress {
  planId: number;
  actionId: number;
  writtenBy: number;
  updates: Update[];
}

const byRef = (specs: ActionSpec[], ids: number[]) => new Map(specs.map((s, i) => [s.ref, ids[i]!]));

// The Teesside PVE Strategic Action Plan: drafted, consulted on at the awareness event, amended, approved.
async function seedStrategicPlan(w: PlanWriter, users: Users, awareness: SeededAwarenessEvent, progress: Progress[]) {
  const { tx, refs } = w;
  const { coordinator, admin, member } = users;
  const event = awareness.heldOn;
  const draftDay = addDays(event, -30);
  const fy = financialYearOf(draftDay);
  const { planId, objectiveIds } = await w.plan(
    coordinator,
    londonTime(draftDay, '10:00'),
    {
      title: STRATEGIC_PLAN_TITLE,
      kind: 'strategic',
      summary:
        'The Stockton Silver Group’s Strategic Action Plan for preventing violent extremism, under the four strands of CONTEST. ' +
        'It is integrated into the more detailed Stockton Operational Action Plan, which is used for monitoring and recording progress.',
      periodStart: `${fy}-04-01`,
      periodEnd: `${fy + 3}-03-31`,
      ownerGroupId: refs.groupId('stocktonSilver'),
    },
    STRATEGIC_OBJECTIVES,
  );
  const draftIds = await w.actions(
    coordinator,
    londonTime(draftDay, '10:30'),
    planId,
    STRATEGIC_ACTIONS.map((s) => w.input(s, objectiveIds)),
  );
  const actionIds = byRef(STRATEGIC_ACTIONS, draftIds);
  const specs = new Map(STRATEGIC_ACTIONS.map((s) => [s.ref, s]));

  // The Silver group approved the draft for consultation with the delegates; comments close a week after the event.
  await w.openConsultation(coordinator, planId, addDays(event, 7), londonTime(addDays(event, -14), '12:00'));
  // The event was set up to feed this plan's consultation.
  await tx.update(events).set({ planId }).where(eq(events.id, awareness.id));

  const probationAmendment = await dated(tx, londonTime(addDays(event, -9), '15:20'), () =>
    addSuggestion(
      tx,
      member,
      planId,
      {
        kind: 'amendment',
        actionId: actionIds.get('2.1')!,
        text: 'Name probation and prison staff who work with people leaving prison among the frontline staff to be trained.',
      },
      addDays(event, -9),
    ),
  );
  const schoolsOfficer = await w.emailedSuggestion(planId, ORG.teesSchools, londonTime(addDays(event, -5), '09:40'), {
    kind: 'new_action',
    proposedTitle: 'A Prevent police officer in every secondary school',
    text: 'Each secondary school should have a police officer dedicated to Prevent.',
  });
  // The room's approved items arrive as the event closes, as closeEvent brings them in.
  await dated(tx, new Date(awareness.closedAt.getTime() + 15 * 60_000), () =>
    bringInSuggestions(tx, coordinator, planId),
  );

  // The coordinator answers every suggestion after comments close; accepted ones change the plan, tracked against the suggestion.
  const answeredOn = addDays(event, 9);
  const answer = (suggestionId: number, input: Parameters<typeof respondToSuggestion>[4]) =>
    respondToSuggestion(tx, coordinator, planId, suggestionId, input);
  const roomSuggestions = await tx
    .select({ id: planSuggestions.id, itemId: planSuggestions.fromEventItemId })
    .from(planSuggestions)
    .where(eq(planSuggestions.fromEventId, awareness.id))
    .orderBy(asc(planSuggestions.id));
  const keyOfItem = new Map([...awareness.itemIds].map(([key, id]) => [id, key]));
  for (const [i, s] of roomSuggestions.entries()) {
    const key = keyOfItem.get(s.itemId!)!;
    const reply = ROOM_ANSWERS[key];
    if (!reply) throw new Error(`Demo data: no answer to the room's "${key}"`);
    await dated(tx, londonTime(answeredOn, `1${i % 6}:${i % 2 ? '30' : '05'}`), async () => {
      const context = { user: coordinator, suggestionId: s.id };
      if (reply.adds)
        actionIds.set(reply.adds.ref, await createAction(tx, context, planId, w.input(reply.adds, objectiveIds)));
      if (reply.amends) {
        const amended = { ...specs.get(reply.amends.ref)!, ...reply.amends.with };
        specs.set(amended.ref, amended);
        await updateAction(tx, context, actionIds.get(amended.ref)!, w.input(amended, objectiveIds));
      }
      await answer(s.id, { response: reply.response, responseText: reply.text });
    });
  }
  const wrap = specs.get('2.1')!;
  await dated(tx, londonTime(addDays(answeredOn, 1), '11:00'), async () => {
    await answer(probationAmendment, {
      response: 'accepted_with_changes',
      responseText:
        'Probation and prison staff added to the action. Their sessions are a separate operational action, led by probation, because the prison’s own trainers deliver part of them.',
      title: wrap.title,
      description:
        'Workshops to Raise Awareness of Prevent for frontline staff in the council, health, schools and the college, and for probation and prison staff who work with people leaving prison.',
      leadOrganisationId: refs.orgId(organisationOf(wrap.lead)),
      dueOn: w.day(wrap.due!),
    });
    await answer(schoolsOfficer, {
      response: 'declined',
      responseText:
        'Not within the partnership’s resources, and schools told us they want support for their own staff rather than officers on site. Each school names a Prevent lead instead (action 3.4).',
    });
  });

  const approvedAt = (await feedbackMeetingEnd(tx, awareness.closedAt)) ?? londonTime(addDays(event, 21), '11:30');
  await w.approve(
    admin,
    planId,
    approvedAt,
    'Approved by the Silver group with the amendments suggested by delegates at the awareness raising event.',
  );

  for (const spec of [...STRATEGIC_ACTIONS, ...Object.values(ADDED_AFTER_EVENT)]) {
    progress.push({
      planId,
      actionId: actionIds.get(spec.ref)!,
      writtenBy: admin.accountId,
      updates: spec.updates ?? [],
    });
  }
  return { planId, actionIds, approvedAt };
}

// The Cleveland Police Strategic Plan: the force's own, approved before the borough plans.
async function seedPolicePlan(w: PlanWriter, users: Users, progress: Progress[], day: IsoDate) {
  const { coordinator } = users;
  const fy = financialYearOf(day);
  const { planId } = await w.plan(
    coordinator,
    londonTime(day, '09:30'),
    {
      title: POLICE_PLAN_TITLE,
      kind: 'strategic',
      summary:
        'Cleveland Police’s own plan for counter terrorism and preventing violent extremism. Each borough’s operational plan brings in the actions its police district is responsible for.',
      periodStart: `${fy}-04-01`,
      periodEnd: `${fy + 3}-03-31`,
      ownerGroupId: w.refs.groupId('gold'),
      ownerOrganisationId: w.refs.orgId(ORG.cleveland),
    },
    [],
  );
  const ids = await w.actions(
    coordinator,
    londonTime(day, '09:45'),
    planId,
    POLICE_ACTIONS.map((s) => w.input(s, [])),
  );
  await w.approve(
    coordinator,
    planId,
    londonTime(day, '10:00'),
    'Approved by Cleveland Police, and recorded here so that the borough plans can bring in its actions.',
  );
  const actionIds = byRef(POLICE_ACTIONS, ids);
  for (const spec of POLICE_ACTIONS)
    progress.push({
      planId,
      actionId: actionIds.get(spec.ref)!,
      writtenBy: coordinator.accountId,
      updates: spec.updates ?? [],
    });
  return { planId, actionIds };
}

// The Stockton Operational Action Plan: the strategic actions in detail, plus the police's, monitored all year.
async function seedOperationalPlan(
  w: PlanWriter,
  users: Users,
  strategic: { actionIds: Map<string, number>; approvedAt: Date },
  police: { actionIds: Map<string, number> },
  progress: Progress[],
) {
  const { tx, refs } = w;
  const { coordinator, admin, member } = users;
  const createdDay = addDays(londonIsoDate(strategic.approvedAt), 3);
  const { year, month0 } = parseIso(createdDay);
  const { planId, objectiveIds } = await w.plan(
    coordinator,
    londonTime(createdDay, '09:30'),
    {
      title: OPERATIONAL_PLAN_TITLE,
      kind: 'operational',
      summary:
        'The Strategic Action Plan in detail, with the actions from the Cleveland Police Strategic Plan for which ’S’ District is responsible. ' +
        'Used by the Silver group for monitoring and recording progress.',
      periodStart: isoDate(year, month0 + 1, 1),
      periodEnd: isoDate(year, month0 + 13, 0),
      ownerGroupId: refs.groupId('stocktonSilver'),
    },
    OPERATIONAL_OBJECTIVES,
  );
  const specs = operationalActions(refs.profileExpectedOn);
  const inputs = new Map<string, ActionInput>();
  const inputOf = async (spec: OperationalSpec) => {
    const arising = spec.arising ? await findArising(tx, spec.arising.description, w.ago(spec.arising.before)) : null;
    const source = spec.fromPolice ? police.actionIds.get(spec.fromPolice)! : undefined;
    const input = w.input(spec, objectiveIds, {
      // Brought in from the police's strategic plan, it also implements the action there, as "bring in" does.
      implementsActionIds: [
        ...(spec.implements ?? []).map((ref) => strategic.actionIds.get(ref)!),
        ...(source ? [source] : []),
      ],
      sourceActionId: source,
      sourceLabel: spec.outsidePlan,
      ctlpDocumentId: spec.ctlp ? refs.documentId('ctlpStockton') : undefined,
      ctlpReference: spec.ctlp,
      actionArisingId: arising?.id,
      decisionAgendaItemId: arising?.agendaItemId,
    });
    inputs.set(spec.ref, input);
    return { input, arising };
  };

  const first = specs.filter((s) => s.addedDaysAgo === undefined);
  const firstInputs: ActionInput[] = [];
  for (const spec of first) firstInputs.push((await inputOf(spec)).input);
  const actionIds = byRef(first, await w.actions(coordinator, londonTime(createdDay, '10:00'), planId, firstInputs));
  const approvedAt = londonTime(addDays(createdDay, 28), '11:30');
  await w.approve(
    admin,
    planId,
    approvedAt,
    'Approved by the Silver group. Progress is reported at each meeting and to the boards quarterly.',
  );

  // Added since version 1: a few days after the meeting whose action arising asked for it, before its first progress.
  for (const spec of specs.filter((s) => s.addedDaysAgo !== undefined)) {
    const { input, arising } = await inputOf(spec);
    const earliestUpdate = Math.max(...(spec.updates ?? []).map(([daysAgo]) => daysAgo), 0);
    const wanted = arising ? new Date(arising.endsAt.getTime() + 5 * DAY) : w.ago(spec.addedDaysAgo!);
    const at = clampDate(wanted, new Date(approvedAt.getTime() + DAY), w.ago(earliestUpdate + 2));
    const [id] = await w.actions(coordinator, at, planId, [input]);
    actionIds.set(spec.ref, id!);
  }
  for (const spec of specs.filter((s) => s.moved)) {
    await dated(tx, w.ago(spec.moved!.daysAgo, '11:45'), () =>
      updateAction(tx, { user: admin }, actionIds.get(spec.ref)!, { ...inputs.get(spec.ref)!, dueOn: spec.moved!.to }),
    );
  }
  // Progress reported at the Silver group is recorded by its secretary; leads who sign in write their own.
  for (const spec of specs) {
    progress.push({
      planId,
      actionId: actionIds.get(spec.ref)!,
      writtenBy: spec.lead === 'member' ? member.accountId : admin.accountId,
      updates: spec.updates ?? [],
    });
  }
  return { planId };
}

// The Leicestershire Prevent Delivery Plan for the coming year: drafted by the coordinator, open for comment.
async function seedDeliveryPlan(w: PlanWriter, users: Users) {
  const { tx, refs } = w;
  const { coordinator, member } = users;
  // From October the plan being drafted is next year's; before then, this year's (April to March).
  const { year, month0 } = parseIso(refs.today);
  const fy = month0 >= 9 ? year + 1 : year;
  const { planId, objectiveIds } = await w.plan(
    coordinator,
    w.ago(40, '09:30'),
    {
      title: `${DELIVERY_PLAN_TITLE} ${fy}/${String((fy + 1) % 100).padStart(2, '0')}`,
      kind: 'delivery',
      summary:
        'Tracks the activity of the Prevent Steering Group, whose members represent the authorities subject to the Prevent Duty.',
      periodStart: `${fy}-04-01`,
      periodEnd: `${fy + 1}-03-31`,
      ownerGroupId: refs.groupId('steering'),
    },
    DELIVERY_OBJECTIVES,
  );
  const specs = deliveryActions(fy);
  const actionIds = byRef(
    specs,
    await w.actions(
      coordinator,
      w.ago(40, '10:30'),
      planId,
      specs.map((s) => w.input(s, objectiveIds)),
    ),
  );
  await w.openConsultation(coordinator, planId, addDays(refs.today, 14), w.ago(21, '09:00'));

  await dated(tx, w.ago(16, '14:10'), () =>
    addSuggestion(
      tx,
      member,
      planId,
      {
        kind: 'amendment',
        actionId: actionIds.get('3.1')!,
        text: 'Include people released from HMP Leicester to addresses in the county and Rutland: at present the packages are arranged for the city only.',
      },
      addDays(refs.today, -16),
    ),
  );
  await w.emailedSuggestion(planId, ORG.leicestershire, w.ago(12, '10:20'), {
    kind: 'comment',
    actionId: actionIds.get('2.1')!,
    text: 'County attendance at the Channel panel is good now. Please name a deputy for each county district, so that no panel goes without us.',
  });
  await w.emailedSuggestion(planId, ORG.women, w.ago(9, '19:05'), {
    kind: 'new_action',
    proposedTitle: "Women's network sessions in the county and Rutland",
    text: 'The network only meets in the city. Women in Loughborough, Melton and Oakham have asked for sessions nearer home.',
  });
  const forumOutsideCity = await w.emailedSuggestion(planId, ORG.llrMosque, w.ago(6, '11:30'), {
    kind: 'comment',
    actionId: actionIds.get('4.4')!,
    text: 'Hold one of the two Forums a year outside the city centre, and publicise it beyond the mosques.',
  });
  await w.emailedSuggestion(planId, ORG.llrYouth, w.ago(4, '16:45'), {
    kind: 'comment',
    actionId: actionIds.get('1.2')!,
    text: 'Work with the students’ union rather than around it: the campaigns against Prevent are strongest where students feel unheard.',
  });
  await dated(tx, w.ago(3, '16:00'), () =>
    respondToSuggestion(tx, coordinator, planId, forumOutsideCity, {
      response: 'accepted',
      responseText:
        'Agreed: the autumn Forum will be held in Loughborough, and the publicity goes to the Community Reference Group first.',
    }),
  );
}

/**
 * The progress of every action, dated: the updates, the state changes they made (as
 * addProgressUpdate records them), and each action's state and time of last progress.
 */
async function writeProgress(w: PlanWriter, progress: Progress[]): Promise<number> {
  const updates: (typeof planProgressUpdates.$inferInsert)[] = [];
  const changes: (typeof planChanges.$inferInsert)[] = [];
  for (const p of progress) {
    let state: ActionState = 'not_started';
    for (const [daysAgo, after, note] of [...p.updates].sort((a, b) => b[0] - a[0])) {
      const writtenAt = w.ago(daysAgo, `${String(9 + (daysAgo % 8)).padStart(2, '0')}:${daysAgo % 2 ? '15' : '40'}`);
      updates.push({ actionId: p.actionId, state: after, note, writtenBy: p.writtenBy, writtenAt });
      if (after !== state)
        changes.push({
          planId: p.planId,
          actionId: p.actionId,
          field: 'state',
          before: state,
          after,
          changedBy: p.writtenBy,
          changedAt: writtenAt,
        });
      state = after;
    }
  }
  updates.sort((a, b) => a.writtenAt!.getTime() - b.writtenAt!.getTime());
  await w.tx.insert(planProgressUpdates).values(updates);
  await w.tx.insert(planChanges).values(changes);
  await w.tx.execute(sql`
    update plan_actions a set state = u.state, last_progress_at = u.written_at
    from (select distinct on (action_id) action_id, state, written_at from plan_progress_updates order by action_id, written_at desc, id desc) u
    where a.id = u.action_id`);
  await w.tx.execute(
    sql`update plans p set updated_at = greatest(p.updated_at, coalesce((select max(c.changed_at) from plan_changes c where c.plan_id = p.id), p.updated_at))`,
  );
  return updates.length;
}

/**
 * Snapshots for the board papers of the last two quarters, as the plan stood at each quarter's
 * end: the actions that existed, their state and latest update then, the due date before any
 * later move, and the RAG rating of that day.
 */
async function takeQuarterlySnapshots(w: PlanWriter, user: CurrentUser, planId: number): Promise<number> {
  const { tx, refs } = w;
  const { year, month0 } = parseIso(refs.today);
  const quarterStart = month0 - (month0 % 3);
  const quarterEnds = [isoDate(year, quarterStart - 3, 0), isoDate(year, quarterStart, 0)];
  const current = await listPlanActions(tx, { planId });
  const created = new Map(
    (
      await tx
        .select({ id: planActions.id, createdAt: planActions.createdAt })
        .from(planActions)
        .where(eq(planActions.planId, planId))
    ).map((r) => [r.id, r.createdAt]),
  );
  const history = await tx
    .select({
      actionId: planProgressUpdates.actionId,
      state: planProgressUpdates.state,
      note: planProgressUpdates.note,
      writtenAt: planProgressUpdates.writtenAt,
    })
    .from(planProgressUpdates)
    .where(
      inArray(
        planProgressUpdates.actionId,
        current.map((a) => a.id),
      ),
    )
    .orderBy(asc(planProgressUpdates.writtenAt), asc(planProgressUpdates.id));
  const dueMoves = await tx
    .select({ actionId: planChanges.actionId, before: planChanges.before, changedAt: planChanges.changedAt })
    .from(planChanges)
    .where(and(eq(planChanges.planId, planId), eq(planChanges.field, 'dueOn')))
    .orderBy(asc(planChanges.changedAt));
  for (const day of quarterEnds) {
    const takenAt = londonTime(day, '17:00');
    const asThen = current
      .filter((a) => created.get(a.id)! <= takenAt)
      .map((a) => {
        const latest = history.filter((u) => u.actionId === a.id && u.writtenAt <= takenAt).at(-1);
        const state = latest?.state ?? 'not_started';
        const movedSince = dueMoves.find((c) => c.actionId === a.id && c.changedAt > takenAt);
        const dueOn = movedSince ? movedSince.before : a.dueOn;
        return {
          ...a,
          state,
          dueOn,
          latestUpdate: latest?.note ?? null,
          rag: ragOf({ state, startOn: a.startOn, dueOn }, day),
        };
      });
    await tx.insert(planSnapshots).values({
      planId,
      label: currentQuarterLabel(day),
      actions: freezeActions(asThen),
      takenBy: user.accountId,
      takenAt,
    });
  }
  return quarterEnds.length;
}

export interface SeededPlans {
  plans: number;
  actions: number;
  progressUpdates: number;
  suggestions: number;
  snapshots: number;
}

/**
 * The demo's delivery plans (see the top of this file). `awareness` is the event whose
 * approved items become anonymous suggestions on the draft Strategic Action Plan.
 */
export async function seedDemoPlans(refs: DemoRefs, awareness: SeededAwarenessEvent): Promise<SeededPlans> {
  const { tx } = refs;
  const w = new PlanWriter(refs);
  const users: Users = {
    coordinator: await demoUser(tx, refs.accountId('coordinator')),
    admin: await demoUser(tx, refs.accountId('admin')),
    member: await demoUser(tx, refs.accountId('member')),
  };
  const progress: Progress[] = [];
  const police = await seedPolicePlan(w, users, progress, addDays(awareness.heldOn, -60));
  const strategic = await seedStrategicPlan(w, users, awareness, progress);
  const operational = await seedOperationalPlan(w, users, strategic, police, progress);
  await seedDeliveryPlan(w, users);
  const progressUpdates = await writeProgress(w, progress);
  const snapshots = await takeQuarterlySnapshots(w, users.admin, operational.planId);
  const [actions] = await tx.select({ n: count() }).from(planActions);
  const [suggestions] = await tx.select({ n: count() }).from(planSuggestions);
  return { plans: 4, actions: actions!.n, progressUpdates, suggestions: suggestions!.n, snapshots };
}
