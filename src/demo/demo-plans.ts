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
  type Strand,
  type SuggestionResponse,
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
import { ORG, PEOPLE } from './demo-directory.ts';
import { addDays, isoDate, londonIsoDate, londonTime, monthName, parseIso, type IsoDate } from './demo-dates.ts';
import type { DemoRefs, SeededAwarenessEvent } from './demo-events.ts';

const STRATEGIC_PLAN_TITLE = 'Teesside PVE Strategic Action Plan';
const POLICE_PLAN_TITLE = 'Cleveland Police Strategic Plan';
const OPERATIONAL_PLAN_TITLE = 'Stockton Operational Action Plan';
const DELIVERY_PLAN_TITLE = 'Leicestershire Prevent Delivery Plan';

// ─── Shapes ──────────────────────────────────────────────────────────────────

/** Days from today (negative: past), or a calendar date. */
type When = number | IsoDate;

/** A progress update: days ago, the state the lead reported, their words. */
type Update = [daysAgo: number, state: ActionState, note: string];

interface ActionSpec {
  ref: string;
  title: string;
  description: string;
  strand: Strand;
  /** Position of its objective in the plan; none for plans without objectives. */
  objective?: number;
  /** Lead officer, by person key: the lead organisation is theirs. */
  lead: string;
  partners?: string[];
  start?: When;
  due?: When;
  updates?: Update[];
}

interface OperationalSpec extends ActionSpec {
  /** References of the strategic actions it implements. */
  implements?: string[];
  /** Brought in from the Cleveland Police Strategic Plan: that plan's reference. */
  fromPolice?: string;
  /** Brought in from a plan that is not in the Hub. */
  outsidePlan?: string;
  /** The meeting's action arising that created it, by its words, from a meeting before `daysAgo`. */
  arising?: { description: string; before: number };
  /** A risk or theme of the Stockton CTLP. */
  ctlp?: string;
  /** Added after version 1, this many days ago (or a few days after its action arising's meeting). */
  addedDaysAgo?: number;
  /** The due date moved, this many days ago. */
  moved?: { to: IsoDate; daysAgo: number };
}

interface Objective {
  title: string;
  strand?: Strand;
}

// ─── Teesside PVE Strategic Action Plan ──────────────────────────────────────

const STRATEGIC_OBJECTIVES: Objective[] = [
  { title: 'Understand the risk and share information' },
  { title: 'Raise awareness and build skills', strand: 'prevent' },
  { title: 'Engage communities, and support people and institutions at risk', strand: 'prevent' },
  { title: 'Protect places and prepare for an incident' },
];

// Strategic actions report through the operational work under them; the Silver group's quarterly review adds a line.
const REVIEW = 35;

/** The draft put to the awareness raising event. */
const STRATEGIC_ACTIONS: ActionSpec[] = [
  {
    ref: '1.1',
    title: 'Understand local communities and the risks they face',
    description:
      'Community profiles of the borough and the Counter Terrorism Local Profile, considered at the Silver group first and reflected in the operational plan.',
    strand: 'prevent',
    objective: 1,
    lead: 'districtCommander',
    partners: [ORG.stockton],
    due: 120,
    updates: [
      [
        REVIEW,
        'at_risk',
        'Quarterly review: the CTLP is reflected in the operational plan; the Stockton community profile has slipped.',
      ],
    ],
  },
  {
    ref: '1.2',
    title: 'Improve the flow of information and intelligence to the police',
    description:
      'Partners share what their staff see, through agreed routes, so that the police and Security Service can act.',
    strand: 'pursue',
    objective: 1,
    lead: 'ctInspector',
    partners: [ORG.stockton, ORG.tewv, ORG.probation, ORG.holmeHouse],
    due: 480,
    updates: [[REVIEW, 'on_track', 'Quarterly review: information-sharing agreement signed by all partners.']],
  },
  {
    ref: '2.1',
    title: 'WRAP training for frontline staff',
    description:
      'Workshops to Raise Awareness of Prevent for frontline staff in the council, health, schools and the college.',
    strand: 'prevent',
    objective: 2,
    lead: 'stocktonPrevent',
    partners: [ORG.tewv, ORG.college, ORG.teesSchools],
    due: 300,
    updates: [
      [REVIEW, 'on_track', 'Quarterly review: 118 staff trained so far; probation and prison sessions at risk.'],
    ],
  },
  {
    ref: '2.2',
    title: "Show the 'Trust your Instincts' DVD to the public sector workforce",
    description:
      'A generic health and safety message for all public sector staff across Teesside, to encourage the flow of information and intelligence.',
    strand: 'prevent',
    objective: 2,
    lead: 'pveSergeant',
    partners: [ORG.stockton, ORG.tewv, ORG.probation, ORG.holmeHouse],
    due: 60,
    updates: [
      [
        REVIEW,
        'on_track',
        'Quarterly review: shown across the council, police and probation; health figures still awaited.',
      ],
    ],
  },
  {
    ref: '2.3',
    title: 'Awareness sessions for councillors',
    description: 'Sessions for borough councillors on Prevent and how residents can raise a concern.',
    strand: 'prevent',
    objective: 2,
    lead: 'headOfCommunityProtection',
    due: 150,
    updates: [[REVIEW, 'at_risk', 'Quarterly review: sessions not yet booked; the first is planned with the cabinet.']],
  },
  {
    ref: '3.1',
    title: 'Continue dialogue with Muslim communities and the Faith Network',
    description: 'Regular meetings with mosques and the Faith Network on the PVE agenda.',
    strand: 'prevent',
    objective: 3,
    lead: 'faithNetwork',
    partners: [ORG.teesMosque, ORG.cleveland],
    due: 480,
    updates: [
      [
        REVIEW,
        'on_track',
        'Quarterly review: three dialogue meetings held; attendance rising since they moved to Saturdays.',
      ],
    ],
  },
  {
    ref: '3.2',
    title: 'Build community resilience with the Pathfinder funding',
    description:
      'Agree through the Silver group how the £131k Pathfinder allocation is used, drawing on suggestions from partners and communities.',
    strand: 'prevent',
    objective: 3,
    lead: 'headOfCommunityProtection',
    partners: [ORG.faithNetwork, ORG.teesYouth],
    due: 300,
    updates: [
      [
        REVIEW,
        'at_risk',
        'Quarterly review: proposals agreed, but the youth project cannot start until its funding agreement is signed.',
      ],
    ],
  },
  {
    ref: '3.3',
    title: "Channel referrals: a clear route for partners' concerns",
    description: 'A referral route all partners know, with advice available before a referral is made.',
    strand: 'prevent',
    objective: 3,
    lead: 'chiefInspector',
    partners: [ORG.stockton],
    due: -90,
    updates: [[REVIEW, 'completed', 'Quarterly review: referral route published to all partners.']],
  },
  {
    ref: '3.4',
    title: 'Supporting institutions: schools, the college and the prison',
    description: 'Help institutions with a role in Prevent to name a lead, train staff and share information safely.',
    strand: 'prevent',
    objective: 3,
    lead: 'stocktonPrevent',
    partners: [ORG.college, ORG.teesSchools, ORG.holmeHouse],
    due: 300,
    updates: [
      [
        REVIEW,
        'on_track',
        'Quarterly review: leads named in the college, the schools trust and Holme House; health to follow.',
      ],
    ],
  },
  {
    ref: '4.1',
    title: 'Security advice for crowded places',
    description: 'Counter-terrorism security advice for the town centre, venues and the night-time economy.',
    strand: 'protect',
    objective: 4,
    lead: 'ctInspector',
    due: 300,
    updates: [[REVIEW, 'on_track', 'Quarterly review: 11 venues advised.']],
  },
  {
    ref: '4.2',
    title: 'Prepare the multi-agency response to a terrorist incident',
    description: 'Test the borough’s emergency plans against a terrorist incident with the Local Resilience Forum.',
    strand: 'prepare',
    objective: 4,
    lead: 'headOfCommunityProtection',
    partners: [ORG.cleveland, ORG.tewv],
    due: 480,
    updates: [[REVIEW, 'on_track', 'Quarterly review: exercise date agreed; scenario being written.']],
  },
];

/** Actions the plan gained from the delegates at the awareness raising event (seed 001 §12). */
const ADDED_AFTER_EVENT: Record<'schools' | 'panel', ActionSpec> = {
  schools: {
    ref: '3.5',
    title: 'Engage young people outside school settings',
    description:
      'Work with young people in youth clubs, Connexions and other non-school settings, where those disaffected from school are more likely to be found.',
    strand: 'prevent',
    objective: 3,
    lead: 'teesYouth',
    partners: [ORG.stockton, ORG.college],
    due: 300,
    updates: [
      [REVIEW, 'on_track', 'Quarterly review: sessions running in three youth clubs and the Connexions centre.'],
    ],
  },
  panel: {
    ref: '3.6',
    title: 'Involve young people in developing the CT and PVE agendas',
    description:
      'Give young people a voice in the partnership’s work, starting with places on the question and answer panel at the next event.',
    strand: 'prevent',
    objective: 3,
    lead: 'stocktonPrevent',
    partners: [ORG.teesYouth],
    due: 120,
    updates: [[REVIEW, 'on_track', 'Quarterly review: two young people recruited for the next event’s panel.']],
  },
};

/** The coordinator's answers to the room's approved items, by the item's key (demo-events.ts). */
const ROOM_ANSWERS: Record<
  string,
  { response: SuggestionResponse; text: string; adds?: ActionSpec; amends?: { ref: string; with: Partial<ActionSpec> } }
> = {
  schools: {
    response: 'accepted',
    text: 'Added as action 3.5: engage young people outside school settings (youth clubs, Connexions).',
    adds: ADDED_AFTER_EVENT.schools,
  },
  panel: {
    response: 'accepted',
    text: 'Added as action 3.6. The Silver group will propose ways of involving young people, starting with the panel at the next event.',
    adds: ADDED_AFTER_EVENT.panel,
  },
  councillors: {
    response: 'accepted_with_changes',
    text: 'Sessions for all borough councillors brought forward by four months, starting with the cabinet. Councillors are not added to the WRAP programme: their sessions are shorter and in the evening.',
    amends: {
      ref: '2.3',
      with: {
        description:
          'Sessions for all borough councillors on Prevent and how residents can raise a concern, starting with the cabinet.',
        due: 25,
      },
    },
  },
  health: {
    response: 'accepted',
    text: 'The mental health trust is now a partner in action 3.4 and has been invited to join the Silver group.',
    amends: {
      ref: '3.4',
      with: {
        title: 'Supporting institutions: schools, the college, health and the prison',
        partners: [ORG.college, ORG.teesSchools, ORG.holmeHouse, ORG.tewv],
      },
    },
  },
  trust: {
    response: 'accepted',
    text: 'Action 3.1 now says the dialogue runs both ways: led with the Faith Network and advised by the Police Independent Advisory Group.',
    amends: {
      ref: '3.1',
      with: {
        description:
          'Two-way dialogue with mosques and the Faith Network, advised by the Police Independent Advisory Group: what communities raise shapes the plan.',
      },
    },
  },
  pathfinder: {
    response: 'accepted',
    text: 'Proposals will be gathered from partners, the Faith Network and youth delegates, and decided by the Silver group (action 3.2).',
  },
  ctlp: {
    response: 'declined',
    text: 'The CTLP is OFFICIAL-SENSITIVE and goes to the Silver group only. Its risks are reflected in the plan (action 1.1) without the detail.',
  },
  referral: {
    response: 'accepted',
    text: 'Action 3.3 publishes the referral route to all partners, with a contact for advice before a referral is made.',
  },
  website: {
    response: 'declined',
    text: 'The plan names officers and partners’ internal work, so it is not published as it stands. A summary goes into the Safer Stockton Partnership’s annual report.',
  },
};

// ─── Cleveland Police Strategic Plan ─────────────────────────────────────────

const POLICE_ACTIONS: ActionSpec[] = [
  {
    ref: '1',
    title: 'Neighbourhood policing teams engage communities on PVE in every district',
    description: 'Each district commander plans PVE engagement by neighbourhood teams in every ward.',
    strand: 'prevent',
    lead: 'acc',
    due: 480,
    updates: [[60, 'on_track', 'Reported to the Gold group: all four districts have engagement plans.']],
  },
  {
    ref: '2',
    title: 'Community profiles of all four boroughs',
    description: 'The dedicated PVE sergeant, funded by the Government, produces a community profile of each borough.',
    strand: 'prevent',
    lead: 'pveSergeant',
    due: 40,
    updates: [[60, 'at_risk', 'Reported to the Gold group: Middlesbrough done; Stockton delayed.']],
  },
  {
    ref: '3',
    title: 'Disrupt those who promote violent extremism',
    description: 'Working with the Security Service and the Regional Counter Terrorism Unit.',
    strand: 'pursue',
    lead: 'ctInspector',
    due: 480,
    updates: [[60, 'on_track', 'Reported to the Gold group: on track. Detail is held by the police.']],
  },
  {
    ref: '4',
    title: 'Counter-terrorism security advice for crowded places and businesses',
    description: 'Counter-terrorism security advisers visit venues and businesses and advise on protective security.',
    strand: 'protect',
    lead: 'ctInspector',
    due: 480,
    updates: [[60, 'on_track', 'Reported to the Gold group: programme of visits under way in each district.']],
  },
];

// ─── Stockton Operational Action Plan ────────────────────────────────────────

const OPERATIONAL_OBJECTIVES: Objective[] = [
  { title: 'Understanding the risk and sharing information' },
  { title: 'Awareness and training', strand: 'prevent' },
  { title: 'Communities and young people', strand: 'prevent' },
  { title: 'Vulnerable people and institutions', strand: 'prevent' },
  { title: 'Protect and prepare' },
];

function operationalActions(profileExpectedOn: IsoDate): OperationalSpec[] {
  return [
    {
      ref: '1.1',
      title: 'Complete the Stockton community profile',
      description:
        'The PVE sergeant’s profile of the borough: population, faith communities, community venues and tensions.',
      strand: 'prevent',
      objective: 1,
      lead: 'pveSergeant',
      partners: [ORG.stockton],
      implements: ['1.1'],
      start: -230,
      due: -45,
      moved: { to: profileExpectedOn, daysAgo: 38 },
      updates: [
        [200, 'on_track', 'Fieldwork under way in all wards; council ward data received.'],
        [120, 'on_track', 'Draft sections written on population, faith communities and community venues.'],
        [70, 'on_track', 'Draft with the district commander for comment; on course for the due date.'],
        [
          38,
          'at_risk',
          `Not complete by the due date: the consultation with the Faith Network took longer than planned. The Silver group deferred it; now expected early in ${monthName(profileExpectedOn)}.`,
        ],
      ],
    },
    {
      ref: '1.2',
      title: 'Match the CTLP risks to actions in this plan',
      description:
        'Each risk in the Counter Terrorism Local Profile has an action in this plan, or the Silver group agrees why not. The profile itself stays with the Silver group.',
      strand: 'prevent',
      objective: 1,
      lead: 'districtCommander',
      implements: ['1.1'],
      ctlp: 'Recommendations for partners',
      arising: { description: 'Match the CTLP risks to actions in the Operational Action Plan', before: 130 },
      addedDaysAgo: 175,
      start: -170,
      due: -135,
      updates: [
        [
          150,
          'on_track',
          'Risks matched to actions with the Silver group; two gaps found (people leaving prison, and online material).',
        ],
        [128, 'completed', 'Done: actions 2.2 and 4.4 cover the gaps.'],
      ],
    },
    {
      ref: '1.3',
      title: 'Information-sharing agreement between partners and the police',
      description: 'An agreement on what partners share with the police about concerns, how, and who decides.',
      strand: 'pursue',
      objective: 1,
      lead: 'ctInspector',
      partners: [ORG.stockton, ORG.tewv, ORG.probation, ORG.holmeHouse],
      implements: ['1.2'],
      start: -220,
      due: 90,
      updates: [
        [190, 'on_track', 'Agreement drafted with the council, health and probation.'],
        [110, 'on_track', 'Signed by three partners; Holme House to sign next month.'],
        [25, 'on_track', 'Holme House signed. First quarterly review of what was shared: 14 items, all acted on.'],
      ],
    },
    {
      ref: '1.4',
      title: "Disrupt those who promote violent extremism in 'S' District",
      description: "The 'S' District part of the force's action.",
      strand: 'pursue',
      objective: 1,
      lead: 'chiefInspector',
      fromPolice: '3',
      start: -220,
      due: 95,
      updates: [
        [
          160,
          'on_track',
          'Reported by the district commander: activity in line with the force plan. Detail is held by the police.',
        ],
        [40, 'on_track', 'No change: on track. Detail is held by the police.'],
      ],
    },
    {
      ref: '2.1',
      title: 'WRAP training for frontline staff in the council, health and schools',
      description: 'Workshops to Raise Awareness of Prevent, with a target of 200 staff this year.',
      strand: 'prevent',
      objective: 2,
      lead: 'stocktonPrevent',
      partners: [ORG.tewv, ORG.college, ORG.teesSchools],
      implements: ['2.1'],
      start: -200,
      due: 95,
      updates: [
        [180, 'on_track', 'Two council sessions held: 34 staff trained.'],
        [120, 'on_track', 'Sessions at the college and at two schools of the trust: 61 staff trained in all.'],
        [60, 'on_track', 'Health trust sessions booked; 96 staff trained so far against a target of 200.'],
        [14, 'on_track', '118 trained. Trainers confirmed for the rest of the year.'],
      ],
    },
    {
      ref: '2.2',
      title: 'WRAP training for probation and prison staff working with people leaving prison',
      description:
        'Sessions for probation officers and Holme House staff, added after partners’ comments on the draft plan.',
      strand: 'prevent',
      objective: 2,
      lead: 'member',
      partners: [ORG.holmeHouse],
      implements: ['2.1', '3.4'],
      start: -150,
      due: 60,
      updates: [
        [140, 'on_track', 'Sessions agreed with Holme House for staff working with people due for release.'],
        [80, 'on_track', 'First session held: 12 probation officers and 9 prison staff.'],
        [
          20,
          'at_risk',
          'The second trainer has left; the remaining sessions will slip unless the council’s trainer can help.',
        ],
      ],
    },
    {
      ref: '2.3',
      title: "Show the 'Trust your Instincts' DVD in team briefings and report the numbers reached",
      description: 'Every partner shows the DVD to its staff and reports how many have seen it.',
      strand: 'prevent',
      objective: 2,
      lead: 'pveSergeant',
      partners: [ORG.stockton, ORG.tewv, ORG.probation, ORG.holmeHouse, ORG.college],
      implements: ['2.2'],
      start: -220,
      due: -30,
      updates: [
        [200, 'on_track', 'Shown at council team briefings; figures being collected.'],
        [150, 'on_track', 'Council 420 staff, police 310, probation 45. Health and the college still to report.'],
        [100, 'on_track', 'Holme House is showing it at staff briefings. Health figures awaited.'],
      ],
    },
    {
      ref: '2.4',
      title: 'Awareness sessions for councillors',
      description: 'Evening sessions for borough councillors, the cabinet first.',
      strand: 'prevent',
      objective: 2,
      lead: 'headOfCommunityProtection',
      partners: [ORG.cleveland],
      implements: ['2.3'],
      start: -30,
      due: 20,
    },
    {
      ref: '3.1',
      title: 'Quarterly dialogue meetings with mosques and the Faith Network',
      description: 'Two-way meetings, advised by the Police Independent Advisory Group.',
      strand: 'prevent',
      objective: 3,
      lead: 'faithNetwork',
      partners: [ORG.teesMosque, ORG.cleveland],
      implements: ['3.1'],
      start: -230,
      due: 90,
      updates: [
        [210, 'on_track', 'First dialogue meeting at Riverside Community Mosque; 30 attended.'],
        [120, 'on_track', 'Second meeting moved to a Saturday so that more women could attend; attendance up.'],
        [
          30,
          'on_track',
          'Third meeting: questions on the Channel process answered by the police. Next meeting booked.',
        ],
      ],
    },
    {
      ref: '3.2',
      title: 'Sessions with young people in youth clubs and the Connexions centre',
      description:
        'Engaging young people outside school settings, as youth delegates asked at the awareness raising event.',
      strand: 'prevent',
      objective: 3,
      lead: 'teesYouth',
      partners: [ORG.stockton, ORG.college],
      implements: ['3.5'],
      start: -180,
      due: 60,
      updates: [
        [150, 'on_track', 'Sessions planned with three youth clubs and the Connexions centre.'],
        [90, 'on_track', 'Four sessions held with 52 young people. They want to talk about what they see online.'],
        [21, 'on_track', 'Online safety session added at the youth clubs’ request.'],
      ],
    },
    {
      ref: '3.3',
      title: 'Propose ways of involving young people in the CT and PVE agendas',
      description:
        'Options for the Silver group: a youth panel, places on event panels, young people consulted on the plan.',
      strand: 'prevent',
      objective: 3,
      lead: 'stocktonPrevent',
      partners: [ORG.teesYouth],
      implements: ['3.6'],
      arising: {
        description: 'Propose ways of involving young people more closely in the CT and PVE agendas',
        before: 220,
      },
      start: -220,
      due: -150,
      updates: [
        [
          190,
          'on_track',
          'Options discussed with Youth Voice Teesside: a youth panel, places at the Silver group, young people on event panels.',
        ],
        [
          155,
          'completed',
          'Silver group agreed: two young people on the panel at the next awareness event, and a youth panel consulted on the plan.',
        ],
      ],
    },
    {
      ref: '3.4',
      title: 'Young people on the question and answer panel at the next awareness event',
      description: 'Two young people recruited and briefed through Youth Voice Teesside.',
      strand: 'prevent',
      objective: 3,
      lead: 'teesYouth',
      implements: ['3.6'],
      addedDaysAgo: 50,
      start: -10,
      due: 60,
      updates: [
        [30, 'on_track', 'Two young people recruited through Youth Voice Teesside; briefing session booked.'],
        [4, 'on_track', 'The event is open for questions in advance; the panel members have met the other speakers.'],
      ],
    },
    {
      ref: '3.5',
      title: 'Gather and decide proposals for the Pathfinder funding',
      description:
        'Proposals from partners, the Faith Network and youth delegates, decided by the Silver group once the CTLP is available.',
      strand: 'prevent',
      objective: 3,
      lead: 'headOfCommunityProtection',
      partners: [ORG.faithNetwork, ORG.teesYouth],
      implements: ['3.2'],
      start: -210,
      due: -100,
      updates: [
        [200, 'on_track', 'Call for proposals sent to partners, the Faith Network and youth delegates.'],
        [
          180,
          'at_risk',
          'The Silver group deferred the decision until the CTLP is available, so that proposals address its risks.',
        ],
        [
          120,
          'on_track',
          'Shortlist approved with amendments: the youth project to run in non-school settings as well as schools.',
        ],
        [105, 'completed', 'Costings confirmed for the shortlisted proposals; the allocation is agreed.'],
      ],
    },
    {
      ref: '3.6',
      title: 'Youth resilience project in schools and non-school settings (Pathfinder)',
      description: 'The shortlisted youth project, run by Youth Voice Teesside with the schools trust.',
      strand: 'prevent',
      objective: 3,
      lead: 'teesYouth',
      partners: [ORG.stockton, ORG.teesSchools],
      implements: ['3.2', '3.5'],
      start: -60,
      due: 95,
      updates: [
        [95, 'on_track', 'Project plan agreed with Youth Voice Teesside and the schools trust.'],
        [45, 'at_risk', 'Start delayed: the Pathfinder funds for the youth project have not been released.'],
        [
          12,
          'blocked',
          'Cannot start until the funding agreement is signed. Raised with the Head of Community Protection.',
        ],
      ],
    },
    {
      ref: '3.7',
      title: "Neighbourhood policing teams: PVE engagement in every ward of 'S' District",
      description: "The 'S' District part of the force's action.",
      strand: 'prevent',
      objective: 3,
      lead: 'chiefInspector',
      fromPolice: '1',
      arising: {
        description:
          "Add to the Operational Action Plan the actions from the Cleveland Police Strategic Plan for which 'S' District is responsible",
        before: 60,
      },
      addedDaysAgo: 60,
      start: -60,
      due: 45,
      updates: [
        [40, 'on_track', 'PVE engagement by neighbourhood teams in 14 of the 18 wards.'],
        [12, 'on_track', '16 of 18 wards; the last two are planned this month.'],
      ],
    },
    {
      ref: '3.8',
      title: 'Third-party reporting centres for hate incidents in community venues',
      description: 'Places where people can report hate incidents without going to the police first.',
      strand: 'prevent',
      objective: 3,
      lead: 'stocktonPrevent',
      partners: [ORG.teesMosque, ORG.faithNetwork, ORG.cleveland],
      outsidePlan: 'Safer Stockton Partnership Community Safety Plan',
      start: -200,
      due: 40,
      updates: [
        [170, 'on_track', 'Two reporting centres open: Riverside Community Mosque and the central library.'],
        [100, 'on_track', 'Volunteers at both centres trained to take reports.'],
        [35, 'on_track', 'A third centre agreed, at the Faith Network’s hall.'],
      ],
    },
    {
      ref: '4.1',
      title: 'Publish the Channel referral route to all partners',
      description: 'Who to call with a concern, what happens next, and a contact for advice before a referral.',
      strand: 'prevent',
      objective: 4,
      lead: 'chiefInspector',
      partners: [ORG.stockton, ORG.tewv],
      implements: ['3.3'],
      start: -220,
      due: -120,
      updates: [
        [200, 'on_track', 'Referral route drafted with the council’s safeguarding teams.'],
        [140, 'on_track', 'Route agreed by the Silver group; leaflet for frontline staff at the printers.'],
        [122, 'completed', 'Published to all partners, with the contact for advice before a referral.'],
      ],
    },
    {
      ref: '4.2',
      title: 'Prevent leads in the college and the schools trust',
      description: 'A named lead in each institution, meeting each term to share practice.',
      strand: 'prevent',
      objective: 4,
      lead: 'college',
      partners: [ORG.teesSchools],
      implements: ['3.4'],
      start: -180,
      due: 90,
      updates: [
        [160, 'on_track', 'Prevent leads named in the college and in each school of the trust.'],
        [75, 'at_risk', 'The college’s Prevent lead is on long-term leave; cover is being arranged.'],
        [
          18,
          'on_track',
          'Cover in place. Leads met to share practice; guidance on trips and visiting speakers drafted.',
        ],
      ],
    },
    {
      ref: '4.3',
      title: 'A Prevent lead and referral route in the mental health trust',
      description:
        'Health asked to be involved at the awareness raising event: mental health staff often see vulnerable people first.',
      strand: 'prevent',
      objective: 4,
      lead: 'tewv',
      implements: ['3.4'],
      start: 20,
      due: 95,
      updates: [
        [50, 'not_started', 'Agreed with the trust: the work starts once its new safeguarding lead is in post.'],
      ],
    },
    {
      ref: '4.4',
      title: 'Share information on prisoners of concern before release',
      description:
        'Holme House, probation and the police agree what is shared before a prisoner of concern is released.',
      strand: 'prevent',
      objective: 4,
      lead: 'holmeHouse',
      partners: [ORG.probation, ORG.cleveland],
      implements: ['3.4'],
      start: -150,
      due: 60,
      updates: [
        [140, 'on_track', 'Process agreed for sharing information on prisoners of concern before release.'],
        [120, 'on_track', 'First cases shared with probation and the police under the new process.'],
      ],
    },
    {
      ref: '5.1',
      title: 'Counter-terrorism security advice for crowded places and the night-time economy',
      description:
        "The 'S' District part of the force's action: town centre venues, the racecourse and late-night businesses.",
      strand: 'protect',
      objective: 5,
      lead: 'ctInspector',
      fromPolice: '4',
      implements: ['4.1'],
      start: -200,
      due: 95,
      updates: [
        [180, 'on_track', 'Counter-terrorism security advisers visited the town centre venues and the racecourse.'],
        [60, 'on_track', 'Advice given to 11 venues; night-time economy businesses next.'],
      ],
    },
    {
      ref: '5.2',
      title: 'Multi-agency exercise of the response to a terrorist incident',
      description: 'A tabletop exercise with the Local Resilience Forum, the police and health.',
      strand: 'prepare',
      objective: 5,
      lead: 'headOfCommunityProtection',
      partners: [ORG.cleveland, ORG.tewv],
      implements: ['4.2'],
      start: 40,
      due: 95,
      updates: [
        [30, 'not_started', 'Exercise date agreed with the Local Resilience Forum; the scenario is being written.'],
      ],
    },
  ];
}

// ─── Leicestershire Prevent Delivery Plan ────────────────────────────────────

const DELIVERY_OBJECTIVES: Objective[] = [
  { title: 'Tackle the ideological causes of terrorism', strand: 'prevent' },
  { title: 'Intervene early to support people at risk', strand: 'prevent' },
  { title: 'Enable people to disengage and recover', strand: 'prevent' },
  { title: 'Engage communities and build trust', strand: 'prevent' },
  { title: 'Build partners’ confidence through training', strand: 'prevent' },
];

/** The actions for the financial year starting in April of `fy` (seed 002, appendix A). */
function deliveryActions(fy: number): ActionSpec[] {
  const q = (n: 1 | 2 | 3 | 4) => [`${fy}-06-30`, `${fy}-09-30`, `${fy}-12-31`, `${fy + 1}-03-31`][n - 1]!;
  const start = `${fy}-04-01`;
  const action = (
    ref: string,
    objective: number,
    lead: string,
    title: string,
    description: string,
    due: IsoDate,
    partners: string[] = [],
  ): ActionSpec => ({
    ref,
    title,
    description,
    strand: 'prevent',
    objective,
    lead,
    partners,
    start,
    due,
  });
  return [
    action(
      '1.1',
      1,
      'stPhilips',
      'Ten projects addressing the risks in the Counter Terrorism Local Profile',
      'Focused on the city, with county venues accepted case by case.',
      q(4),
      [ORG.leicester, ORG.leicestershire],
    ),
    action(
      '1.2',
      1,
      'university',
      'Counter anti-Prevent campaigns aimed at students',
      'Work with the university and colleges on the campaigns that make settings reluctant to engage.',
      q(3),
      [ORG.llrYouth],
    ),
    action(
      '2.1',
      2,
      'channelChair',
      'Channel panel: county and Rutland partners at every panel',
      'Keep county engagement with the Channel panel at its present level and close the gaps.',
      q(4),
      [ORG.leicestershire, ORG.rutland, ORG.leicsPolice],
    ),
    action(
      '2.2',
      2,
      'stPhilips',
      'Workshop for schools that made referrals or find the Duty hard to implement',
      'A schools-based workshop offered to the schools identified by the Operational Leads Group.',
      q(2),
      [ORG.llrSchools],
    ),
    action(
      '2.3',
      2,
      'engagementOfficer',
      'Raise community referrals through community intermediaries and neighbourhood officers',
      'The public are more likely to make phased disclosures through a community intermediary and local police than to call the Anti-Terrorism Line.',
      q(4),
      [ORG.stPhilips, ORG.llrMosque],
    ),
    action(
      '3.1',
      3,
      'llrProbation',
      'Support packages for people leaving prison',
      'Packages agreed before release with the prison and the Channel panel.',
      q(3),
      [ORG.hmpLeicester],
    ),
    action(
      '4.1',
      4,
      'coordinator',
      'Community Reference Group: a written reply to each point it raises',
      'The group critiques and advises on local delivery; each point gets an answer within a month.',
      q(4),
    ),
    action(
      '4.2',
      4,
      'coordinator',
      "Women's network: sessions for parents on online harms",
      'Closing the gap in engagement with women, supported by female officers of Leicestershire Police.',
      q(2),
      [ORG.leicsPolice, ORG.women],
    ),
    action(
      '4.3',
      4,
      'llrYouth',
      'Engage young people outside school settings through sport and youth work',
      'Youth workshops and sports engagement with the groups most at risk.',
      q(4),
      [ORG.leicsPolice],
    ),
    action(
      '4.4',
      4,
      'stPhilips',
      'Prevent Community Forum twice a year, attended by the Chief Constable',
      'An open event on the strategy and community concerns, with invited speakers.',
      q(4),
      [ORG.leicsPolice],
    ),
    action(
      '5.1',
      5,
      'countySafety',
      'Prevent Champions: train the trainer for county colleagues',
      'Extend the train-the-trainer programme to district councils in the county.',
      q(3),
      [ORG.rutland],
    ),
    action(
      '5.2',
      5,
      'countySafety',
      'Awareness sessions for councillors in the county and Rutland',
      'Sessions for elected members on the Prevent Duty and how residents raise a concern.',
      q(2),
      [ORG.rutland],
    ),
  ];
}

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
