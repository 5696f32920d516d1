// The delivery plans of the demo, as data: titles, objectives, actions and their progress, the
// room's suggestions and the answers they were given. demo-plans.ts writes them.

import type { ActionState, Strand, SuggestionResponse } from '../../modules/plans/plans.tables.ts';
import { ORG } from './directory.ts';
import { monthName, type IsoDate } from '../demo-dates.ts';

export const STRATEGIC_PLAN_TITLE = 'Teesside PVE Strategic Action Plan';
export const POLICE_PLAN_TITLE = 'Cleveland Police Strategic Plan';
export const OPERATIONAL_PLAN_TITLE = 'Stockton Operational Action Plan';
export const DELIVERY_PLAN_TITLE = 'Leicestershire Prevent Delivery Plan';

// ─── Shapes ─────────────────────────────────────────────────────────────────────

/** Days from today (negative: past), or a calendar date. */
export type When = number | IsoDate;

/** A progress update: days ago, the state the lead reported, their words. */
export type Update = [daysAgo: number, state: ActionState, note: string];

export interface ActionSpec {
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

export interface OperationalSpec extends ActionSpec {
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

export interface Objective {
  title: string;
  strand?: Strand;
}

// ─── Teesside PVE Strategic Action Plan ─────────────────────────────────────────

export const STRATEGIC_OBJECTIVES: Objective[] = [
  { title: 'Understand the risk and share information' },
  { title: 'Raise awareness and build skills', strand: 'prevent' },
  { title: 'Engage communities, and support people and institutions at risk', strand: 'prevent' },
  { title: 'Protect places and prepare for an incident' },
];

// Strategic actions report through the operational work under them; the Silver group's quarterly review adds a line.
export const REVIEW = 35;

/** The draft put to the awareness raising event. */
export const STRATEGIC_ACTIONS: ActionSpec[] = [
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
export const ADDED_AFTER_EVENT: Record<'schools' | 'panel', ActionSpec> = {
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
export const ROOM_ANSWERS: Record<
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

// ─── Cleveland Police Strategic Plan ────────────────────────────────────────────

export const POLICE_ACTIONS: ActionSpec[] = [
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

// ─── Stockton Operational Action Plan ───────────────────────────────────────────

export const OPERATIONAL_OBJECTIVES: Objective[] = [
  { title: 'Understanding the risk and sharing information' },
  { title: 'Awareness and training', strand: 'prevent' },
  { title: 'Communities and young people', strand: 'prevent' },
  { title: 'Vulnerable people and institutions', strand: 'prevent' },
  { title: 'Protect and prepare' },
];

export function operationalActions(profileExpectedOn: IsoDate): OperationalSpec[] {
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

// ─── Leicestershire Prevent Delivery Plan ───────────────────────────────────────

export const DELIVERY_OBJECTIVES: Objective[] = [
  { title: 'Tackle the ideological causes of terrorism', strand: 'prevent' },
  { title: 'Intervene early to support people at risk', strand: 'prevent' },
  { title: 'Enable people to disengage and recover', strand: 'prevent' },
  { title: 'Engage communities and build trust', strand: 'prevent' },
  { title: 'Build partners’ confidence through training', strand: 'prevent' },
];

/** The actions for the financial year starting in April of `fy` (seed 002, appendix A). */
export function deliveryActions(fy: number): ActionSpec[] {
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
