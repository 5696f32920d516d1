// The demo's groups: who chairs them, who sits on them, when they meet and what is on their
// agendas. The structure follows the seed papers:
// - 001 (Stockton, 2009): a Teesside Gold group chaired by an Assistant Chief Constable over a
//   Silver group in each borough; Stockton's links to the Renaissance Board, the Children's Trust
//   Board and the Safer Stockton Partnership; its chair passed from the Assistant Chief Executive
//   to the Head of Community Protection; membership widened, starting with the Prison Service.
// - 002 (Leicestershire PCC, 2017): the quarterly Prevent Steering Group chaired by a Director of
//   Communities and Enforcement, the Community Reference Group, the Prevent Community Forum, the
//   Women's network, the 14-day plan.
// - 003 (a borough partnership): a Prevent update with a timed workshop on three questions.
// - 004 (Leicestershire SCSB, 2019): Prevent Executive, Steering and Operational Leads groups,
//   the Channel panel and county engagement with it, referral statistics, CTLP projects.

import type { Cadence, GroupKind } from '../../modules/groups/groups.tables.ts';
import type { ATTENDANCE, RecommendationDecision } from '../../modules/meetings/meetings.tables.ts';
import { ORG } from './directory.ts';
import type { IsoDate, Random } from '../demo-dates.ts';

export type Decision = RecommendationDecision;
export type AttendanceStatus = (typeof ATTENDANCE)[number];

/** What an agenda item's words may depend on. */
export interface ItemContext {
  /** The meeting's date. */
  date: IsoDate;
  /** The meeting's place among the group's meetings, oldest first. */
  index: number;
  random: Random;
  /** "June": the month the Stockton community profile is now expected. */
  profileExpectedMonth: string;
}

type Words = string | ((c: ItemContext) => string);

export interface ItemTemplate {
  title: string;
  /** Person key. */
  presenter: string;
  /** The item's recommendation to the meeting (the demo gives each item at most one). */
  recommendation?: Words;
  /** Only past meetings have a minute and a decision. */
  minute?: Words;
  decision?: Decision;
  /** Why, when the meeting declined it (or the changes it approved it with). */
  reason?: Words;
  action?: { description: string; owner: string; dueInDays: number };
  /** Key of a document (demo-documents.ts) tabled as the paper for this item. */
  paper?: string;
}

export interface DemoMembership {
  person: string;
  role?: 'chair' | 'vice_chair' | 'secretary' | 'member';
  /** The organisation represented, when not the person's own. */
  organisation?: string;
  /** Months before today the person joined (default: long before the demo year). */
  joinedMonthsAgo?: number;
  leftMonthsAgo?: number;
  /** A fixed attendance pattern by held-meeting number, instead of the usual mix. */
  attendance?: (heldIndex: number) => AttendanceStatus;
}

export interface DemoGroup {
  key: string;
  name: string;
  kind: GroupKind;
  area: string;
  parent?: string;
  chair: string;
  cadence: Cadence;
  description: string;
  reportsTo?: string[];
  /** When it meets: the nth weekday (0 = Sunday) of the month, at a UK time. */
  schedule: {
    nth: number;
    weekday: number;
    time: string;
    minutes: number;
    location: string;
    /** For cadences longer than a month: which months (0 to step-1), so groups do not all meet together. */
    phase?: number;
    /** For ad hoc groups: the months, relative to this one, in which they meet. */
    months?: number[];
    /** Months (relative to this one) whose meeting was cancelled. */
    cancelledIn?: number[];
  };
  members: DemoMembership[];
  agenda: {
    /** On every agenda, first. */
    standing: ItemTemplate[];
    /** Taken in turn, `perMeeting` at a time, after the standing items. */
    rotating: ItemTemplate[];
    perMeeting?: number;
    /** Items for one meeting: the one in the month this many months from now. */
    oneOff?: { monthsFromNow: number; item: ItemTemplate }[];
  };
}

const notesOfLastMeeting = (chair: string): ItemTemplate => ({
  title: 'Notes and actions of the last meeting',
  presenter: chair,
  recommendation: 'That the notes of the last meeting be agreed as a correct record.',
  minute: 'The notes were agreed as a correct record. Open actions were reviewed; completed actions were closed.',
  decision: 'approved',
});

/** Figures that vary from meeting to meeting, in the shape of the 2019 Leicestershire paper. */
const referralStatistics = (presenter: string, who = 'the partnership'): ItemTemplate => ({
  title: 'Referral statistics and trends',
  presenter,
  recommendation: `That ${who} notes the referral figures for the quarter and the trends they show.`,
  minute: ({ random }) => {
    const total = random.between(48, 86);
    const county = Math.round((total * random.between(36, 45)) / 100);
    // Rutland's count is always small, so it is suppressed, as in anything shared.
    const rutland = random.between(1, 4);
    const city = total - county - rutland;
    return (
      `${total} referrals this quarter: Leicester ${city}, Leicestershire ${county}, Rutland fewer than 5. ` +
      `The county's share is ${Math.round((county * 100) / total)}%, against about 20% two years ago. ` +
      'Education remains the largest source of referrals (about a third). Extreme right-wing concerns are the most common type raised in the county. ' +
      'Figures only: no individual is identifiable from this minute.'
    );
  },
  decision: 'noted',
});

const communityTension = (presenter: string): ItemTemplate => ({
  title: 'Community tension and the 14-day plan',
  presenter,
  recommendation: 'That the group notes current community sentiment and the activity under the 14-day plan.',
  minute:
    'Tension reports from partners were reviewed. Positive messaging, a multi-faith event and high-visibility patrols were in place under the 14-day plan; ' +
    'no rise in incidents was reported. Mitigating activity is tracked in the Community Impact Assessment.',
  decision: 'noted',
});

export const GROUPS: DemoGroup[] = [
  // ─── Teesside ──────────────────────────────────────────────────────────────
  {
    key: 'gold',
    name: 'Teesside PVE and Counter Terrorism Gold Group',
    kind: 'gold',
    area: 'Teesside',
    chair: 'acc',
    cadence: 'quarterly',
    description:
      'Sub-regional group for Preventing Violent Extremism and Counter Terrorism across the four Teesside boroughs. ' +
      "Chaired by an Assistant Chief Constable; each borough sends its police District Commander or Chief Inspector and its council's lead officer.",
    schedule: {
      nth: 1,
      weekday: 4,
      time: '14:00',
      minutes: 120,
      location: 'Police headquarters, Middlesbrough',
      phase: 0,
    },
    members: [
      { person: 'acc', role: 'chair' },
      { person: 'districtCommander', role: 'vice_chair' },
      { person: 'chiefInspector' },
      { person: 'ctInspector' },
      { person: 'headOfCommunityProtection' },
      { person: 'mbroLead' },
      { person: 'mbroInspector' },
      { person: 'hpoolLead' },
      { person: 'redcarLead' },
      { person: 'redcarInspector' },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('acc'),
        {
          title: 'Reports from the borough Silver groups',
          presenter: 'districtCommander',
          recommendation: 'That the Gold group notes the reports from the four Silver groups.',
          minute:
            'Each borough reported on its action plan. Stockton has widened its Silver group beyond police and council, starting with the Prison Service.',
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Counter Terrorism Local Profile',
          presenter: 'ctInspector',
          recommendation:
            'That the Gold group notes the headline risks and asks each Silver group to reflect them in its action plan.',
          minute:
            'The CTLPs are discussed at each Silver group first. Headline risks only were shared at this meeting.',
          decision: 'noted',
          action: {
            description: 'Send each Silver group chair the CTLP headline summary for their borough',
            owner: 'ctInspector',
            dueInDays: 14,
          },
        },
        {
          title: 'National Indicator 35 self-assessment',
          presenter: 'headOfCommunityProtection',
          recommendation:
            'That the boroughs compare their NI35 self-assessments and agree a common approach to the next iteration.',
          minute:
            'Self-assessments were broadly in line, except Middlesbrough, whose Pathfinder status and funding support a higher level.',
          decision: 'approved',
        },
        {
          title: 'Pathfinder funding: lessons from Middlesbrough',
          presenter: 'mbroLead',
          recommendation:
            'That the group notes the lessons from the Middlesbrough Pathfinder for boroughs receiving funding next year.',
          minute: 'Middlesbrough described its projects and how proposals were gathered and decided.',
          decision: 'noted',
        },
        {
          title: "'Trust your Instincts' DVD: reaching the public sector workforce",
          presenter: 'chiefInspector',
          recommendation:
            "That every partner shows the 'Trust your Instincts' DVD to its staff and reports numbers reached.",
          minute: 'Take-up varies by borough; councils have used it in team briefings, health less so.',
          decision: 'approved_with_changes',
          action: {
            description: "Collect figures for staff who have seen the 'Trust your Instincts' DVD, by organisation",
            owner: 'chiefInspector',
            dueInDays: 42,
          },
        },
      ],
    },
  },
  {
    key: 'stocktonSilver',
    name: 'Stockton Silver Group',
    kind: 'silver',
    area: 'Stockton-on-Tees',
    parent: 'gold',
    chair: 'headOfCommunityProtection',
    cadence: 'monthly',
    description:
      "Borough group for PVE and CT: a bespoke partnership linking to the Renaissance Board, the Children's Trust Board and the Safer Stockton Partnership. " +
      'It began as a bilateral police and council group and is widening its membership, starting with the Prison Service. ' +
      'It owns the Strategic and Operational Action Plans and considers the Counter Terrorism Local Profile first.',
    reportsTo: ['renaissance', 'childrensTrust', 'saferStockton'],
    schedule: { nth: 2, weekday: 2, time: '10:00', minutes: 90, location: 'Municipal Buildings, Stockton-on-Tees' },
    members: [
      // The chair passed from the Assistant Chief Executive to the Head of Community Protection.
      { person: 'assistantChiefExec', role: 'chair', leftMonthsAgo: 9 },
      { person: 'headOfCommunityProtection', role: 'member', leftMonthsAgo: 9 },
      { person: 'headOfCommunityProtection', role: 'chair', joinedMonthsAgo: 9 },
      { person: 'districtCommander', role: 'vice_chair' },
      { person: 'chiefInspector' },
      { person: 'pveSergeant' },
      { person: 'ctInspector' },
      { person: 'stocktonPrevent' },
      { person: 'admin', role: 'secretary' },
      // Widening beyond police and council: prison first, then probation and health.
      { person: 'holmeHouse', joinedMonthsAgo: 6 },
      { person: 'member', joinedMonthsAgo: 5 },
      { person: 'tewv', joinedMonthsAgo: 2 },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('headOfCommunityProtection'),
        {
          title: 'Prevent update',
          presenter: 'pveSergeant',
          recommendation: 'That the group notes the update on local Prevent delivery.',
          minute:
            'The group received an update on Prevent activity in the borough, referrals made through the police and partners, and progress on the community profiles.',
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Operational Action Plan: progress by strand',
          presenter: 'stocktonPrevent',
          recommendation:
            'That the group notes progress against the Operational Action Plan and agrees the actions marked red.',
          minute: 'Most actions are on track. Two are overdue and were reassigned.',
          decision: 'approved',
          action: {
            description:
              "Add to the Operational Action Plan the actions from the Cleveland Police Strategic Plan for which 'S' District is responsible",
            owner: 'chiefInspector',
            dueInDays: 28,
          },
        },
        communityTension('districtCommander'),
        {
          title: 'Training requests from partners',
          presenter: 'stocktonPrevent',
          recommendation: 'That the group agrees the programme of awareness sessions for frontline staff.',
          minute:
            'Requests from the college, the schools trust and the health trust were agreed; probation asked for sessions for staff working with people leaving prison.',
          decision: 'approved',
          action: {
            description: 'Arrange awareness sessions for the frontline staff who asked for them',
            owner: 'stocktonPrevent',
            dueInDays: 42,
          },
        },
      ],
      oneOff: [
        {
          monthsFromNow: -11,
          item: {
            title: 'Awareness raising event: arrangements',
            presenter: 'stocktonPrevent',
            recommendation:
              'That the group agrees the speakers, a question and answer session, and anonymous questions from delegates on laptops (the "10kv" system).',
            minute:
              "Agreed. Members of the Renaissance Board, the Children's Trust Board, the Safer Stockton Partnership and the Faith Network will be invited.",
            decision: 'approved',
            action: { description: 'Send invitations to the awareness raising event', owner: 'admin', dueInDays: 14 },
          },
        },
        {
          monthsFromNow: -10,
          item: {
            title: 'Draft PVE action plan',
            presenter: 'stocktonPrevent',
            paper: 'pvePlan',
            recommendation:
              'That the group approves the draft PVE action plan for consultation with delegates at the awareness raising event.',
            minute:
              'Approved with amendments: an action on work with young people outside school to be added before the event.',
            decision: 'approved_with_changes',
            action: {
              description: 'Circulate the amended draft action plan to delegates before the event',
              owner: 'stocktonPrevent',
              dueInDays: 10,
            },
          },
        },
        {
          monthsFromNow: -9,
          item: {
            title: "Awareness raising event: feedback and 'you said, we did'",
            presenter: 'stocktonPrevent',
            recommendation:
              'That the group notes the feedback from about 50 delegates and agrees the amendments to the action plan.',
            minute:
              'Delegates put questions to the speakers and suggested amendments and additions to the draft plan; these have been taken on board. ' +
              'Youth delegates said the national strategy over-emphasises schools and should do more in non-school settings (Connexions, youth clubs); ' +
              'they also noted that no young people sat on the question and answer panel.',
            decision: 'approved',
            action: {
              description: 'Propose ways of involving young people more closely in the CT and PVE agendas',
              owner: 'stocktonPrevent',
              dueInDays: 60,
            },
          },
        },
        {
          monthsFromNow: -9,
          item: {
            title: 'Chair of the Silver group',
            presenter: 'assistantChiefExec',
            recommendation: 'That the Head of Community Protection chairs the group from this meeting.',
            minute: 'Agreed. The Assistant Chief Executive was thanked for chairing the group since it was set up.',
            decision: 'approved',
          },
        },
        {
          monthsFromNow: -7,
          item: {
            title: 'Widening membership: HM Prison Service',
            presenter: 'headOfCommunityProtection',
            recommendation:
              'That HM Prison Service (Holme House) is invited to join the group, followed by probation and health.',
            minute: 'Agreed.',
            decision: 'approved',
            action: {
              description: 'Invite Holme House to nominate a representative',
              owner: 'headOfCommunityProtection',
              dueInDays: 21,
            },
          },
        },
        {
          monthsFromNow: -7,
          item: {
            title: 'Pathfinder funding proposals',
            presenter: 'headOfCommunityProtection',
            recommendation:
              'That the group agrees how proposals for the £131k Pathfinder allocation are gathered and decided.',
            minute:
              'Deferred until the Counter Terrorism Local Profile is available, so that proposals can address the risks it identifies.',
            decision: 'deferred',
            action: {
              description:
                'Gather proposals for Pathfinder funding from partners, the Faith Network and youth delegates',
              owner: 'stocktonPrevent',
              dueInDays: 56,
            },
          },
        },
        {
          monthsFromNow: -6,
          item: {
            title: 'Counter Terrorism Local Profile',
            presenter: 'ctInspector',
            paper: 'ctlpStockton',
            recommendation:
              'That the group notes the CTLP risk assessment for Stockton and reflects it in the Operational Action Plan.',
            minute:
              'The group considered the CTLP for Stockton in the first instance. The discussion is not minuted here: the paper is OFFICIAL-SENSITIVE.',
            decision: 'noted',
            action: {
              description: 'Match the CTLP risks to actions in the Operational Action Plan',
              owner: 'districtCommander',
              dueInDays: 35,
            },
          },
        },
        {
          monthsFromNow: -4,
          item: {
            title: 'Pathfinder funding proposals',
            presenter: 'headOfCommunityProtection',
            recommendation:
              'That the group approves the shortlist of proposals for Pathfinder funding, subject to costings.',
            minute: 'Approved with amendments: the youth project to run in non-school settings as well as in schools.',
            decision: 'approved_with_changes',
            reason: 'The youth project to run in non-school settings as well as in schools.',
            action: {
              description: 'Confirm costings for the shortlisted Pathfinder proposals',
              owner: 'admin',
              dueInDays: 28,
            },
          },
        },
        {
          monthsFromNow: -3,
          item: {
            title: 'National Indicator 35 self-assessment',
            presenter: 'stocktonPrevent',
            paper: 'ni35',
            recommendation: 'That the group agrees a second, less cautious iteration of the NI35 self-assessment.',
            minute:
              'Agreed. The first iteration was deliberately cautious and in line with the other Teesside boroughs except Middlesbrough.',
            decision: 'approved',
          },
        },
        {
          monthsFromNow: -2,
          item: {
            title: "'Trust your Instincts' DVD",
            presenter: 'pveSergeant',
            paper: 'dvdGuidance',
            recommendation: 'That partners show the DVD in team briefings and report the numbers reached.',
            minute: 'Noted. Probation and the prison will show it at staff briefings.',
            decision: 'noted',
            action: {
              description: 'Report how many staff have seen the DVD in each organisation',
              owner: 'member',
              dueInDays: 30,
            },
          },
        },
        {
          monthsFromNow: -1,
          item: {
            title: 'Stockton community profile',
            presenter: 'pveSergeant',
            paper: 'stocktonProfile',
            recommendation: 'That the group receives the community profile for Stockton-on-Tees.',
            minute: ({ profileExpectedMonth }) =>
              `Deferred: the profile is not yet complete and is now expected in early ${profileExpectedMonth}. It will go to the partnerships the Silver group links to.`,
            decision: 'deferred',
          },
        },
        {
          monthsFromNow: 1,
          item: {
            title: 'Stockton community profile',
            presenter: 'pveSergeant',
            paper: 'stocktonProfile',
            recommendation:
              'That the group receives the community profile for Stockton-on-Tees and agrees who it is shared with.',
          },
        },
        {
          monthsFromNow: 1,
          item: {
            title: 'Pathfinder funding: spend to date',
            presenter: 'admin',
            recommendation: 'That the group notes spend against the £131k Pathfinder allocation.',
          },
        },
      ],
    },
  },
  {
    key: 'mbroSilver',
    name: 'Middlesbrough Silver Group',
    kind: 'silver',
    area: 'Middlesbrough',
    parent: 'gold',
    chair: 'mbroLead',
    cadence: 'bimonthly',
    description:
      'Borough group for PVE and CT in Middlesbrough, a Pathfinder area for work on Preventing Violent Extremism.',
    schedule: { nth: 3, weekday: 3, time: '10:00', minutes: 90, location: 'Town Hall, Middlesbrough', phase: 0 },
    members: [
      { person: 'mbroLead', role: 'chair' },
      { person: 'mbroInspector', role: 'vice_chair' },
      { person: 'ctInspector' },
      { person: 'tewv' },
      { person: 'teesYouth' },
      { person: 'teesMosque', joinedMonthsAgo: 8 },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('mbroLead'),
        {
          title: 'Prevent update',
          presenter: 'mbroInspector',
          recommendation: 'That the group notes the update on local Prevent delivery.',
          minute: 'Referrals steady; two schools workshops delivered since the last meeting.',
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Pathfinder projects: monitoring',
          presenter: 'mbroLead',
          recommendation: 'That the group notes progress and spend on the Pathfinder projects.',
          minute: 'All projects on track; the mentoring project is under-spent and will extend into the next quarter.',
          decision: 'noted',
        },
        {
          title: 'Counter Terrorism Local Profile',
          presenter: 'ctInspector',
          recommendation: 'That the group notes the CTLP for Middlesbrough and reflects it in the action plan.',
          minute: 'Considered; not minuted in detail as the paper is OFFICIAL-SENSITIVE.',
          decision: 'noted',
        },
        {
          title: 'Youth engagement in non-school settings',
          presenter: 'teesYouth',
          recommendation:
            'That the group funds two youth club sessions a month on identity, belonging and online safety.',
          minute: 'Approved from the Pathfinder budget.',
          decision: 'approved',
          action: {
            description: 'Start the youth club sessions and report attendance',
            owner: 'teesYouth',
            dueInDays: 45,
          },
        },
      ],
    },
  },
  {
    key: 'hpoolSilver',
    name: 'Hartlepool Silver Group',
    kind: 'silver',
    area: 'Hartlepool',
    parent: 'gold',
    chair: 'hpoolLead',
    cadence: 'bimonthly',
    description: 'Borough group for PVE and CT in Hartlepool.',
    schedule: {
      nth: 1,
      weekday: 3,
      time: '14:00',
      minutes: 90,
      location: 'Civic Centre, Hartlepool',
      phase: 1,
      cancelledIn: [-4],
    },
    members: [
      { person: 'hpoolLead', role: 'chair' },
      { person: 'chiefInspector', role: 'vice_chair' },
      { person: 'ctInspector' },
      { person: 'teesProbation' },
      { person: 'teesSchools' },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('hpoolLead'),
        {
          title: 'Prevent update',
          presenter: 'chiefInspector',
          recommendation: 'That the group notes the update on local Prevent delivery.',
          minute: 'Low perceived threat locally; the community profile for Hartlepool is in preparation.',
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Counter Terrorism Local Profile',
          presenter: 'ctInspector',
          recommendation: 'That the group notes the CTLP for Hartlepool.',
          minute: 'Considered; not minuted in detail as the paper is OFFICIAL-SENSITIVE.',
          decision: 'noted',
        },
        {
          title: 'Schools: the Prevent toolkit',
          presenter: 'teesSchools',
          recommendation: 'That every school in the trust names a Prevent lead and uses the toolkit.',
          minute: 'Approved.',
          decision: 'approved',
          action: {
            description: 'Confirm a Prevent lead in every school in the trust',
            owner: 'teesSchools',
            dueInDays: 60,
          },
        },
      ],
    },
  },
  {
    key: 'redcarSilver',
    name: 'Redcar and Cleveland Silver Group',
    kind: 'silver',
    area: 'Redcar and Cleveland',
    parent: 'gold',
    chair: 'redcarLead',
    cadence: 'bimonthly',
    description: 'Borough group for PVE and CT in Redcar and Cleveland.',
    schedule: {
      nth: 4,
      weekday: 4,
      time: '10:00',
      minutes: 90,
      location: 'Redcar and Cleveland House, Redcar',
      phase: 1,
    },
    members: [
      { person: 'redcarLead', role: 'chair' },
      { person: 'redcarInspector', role: 'vice_chair' },
      { person: 'tewv' },
      { person: 'college' },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('redcarLead'),
        {
          title: 'Prevent update',
          presenter: 'redcarInspector',
          recommendation: 'That the group notes the update on local Prevent delivery.',
          minute: 'Extreme right-wing stickers reported in two wards; removed, and patrols increased.',
          decision: 'noted',
        },
      ],
      rotating: [
        communityTension('redcarInspector'),
        {
          title: 'Further education: Prevent Duty',
          presenter: 'college',
          recommendation: "That the group notes the college's Prevent Duty arrangements.",
          minute: 'Noted; staff training is complete and the IT policy has been updated.',
          decision: 'noted',
        },
      ],
    },
  },
  // The Stockton partnerships the Silver group reports to (seed 001, paragraph 3).
  {
    key: 'renaissance',
    name: 'Stockton Renaissance Partnership Board',
    kind: 'board',
    area: 'Stockton-on-Tees',
    chair: 'stocktonLeader',
    cadence: 'quarterly',
    description: "Stockton's local strategic partnership board.",
    schedule: {
      nth: 1,
      weekday: 2,
      time: '16:00',
      minutes: 120,
      location: 'Municipal Buildings, Stockton-on-Tees',
      phase: 2,
    },
    members: [
      { person: 'stocktonLeader', role: 'chair' },
      { person: 'stocktonCabinet', role: 'vice_chair' },
      { person: 'headOfCommunityProtection' },
      { person: 'districtCommander' },
      { person: 'childrensDirector' },
      { person: 'tewv' },
      { person: 'college' },
      { person: 'faithNetwork' },
    ],
    agenda: {
      standing: [notesOfLastMeeting('stocktonLeader')],
      rotating: [
        {
          title: 'Sustainable Community Strategy: performance',
          presenter: 'stocktonLeader',
          recommendation: 'That the Board notes performance against the Sustainable Community Strategy.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Reports from the thematic partnerships',
          presenter: 'stocktonCabinet',
          recommendation: 'That the Board notes the reports.',
          minute: 'Noted.',
          decision: 'noted',
        },
      ],
      oneOff: [
        {
          monthsFromNow: -8,
          item: {
            title: 'Preventing violent extremism and counter terrorism',
            presenter: 'headOfCommunityProtection',
            paper: 'pvePlan',
            recommendation:
              "That the Board (1) receives the report and notes its content; (2) considers how best to use the 'Trust your Instincts' DVD within its organisations; (3) approves the draft PVE action plan.",
            minute:
              'The Board viewed the DVD and approved the action plan as amended after the awareness raising event.',
            decision: 'approved',
            action: {
              description: "Each Board member to report how their organisation will use the 'Trust your Instincts' DVD",
              owner: 'headOfCommunityProtection',
              dueInDays: 56,
            },
          },
        },
      ],
    },
  },
  {
    key: 'childrensTrust',
    name: "Stockton Children's Trust Board",
    kind: 'board',
    area: 'Stockton-on-Tees',
    chair: 'childrensDirector',
    cadence: 'quarterly',
    description: "Partnership board for children and young people's services in Stockton-on-Tees.",
    schedule: {
      nth: 2,
      weekday: 3,
      time: '14:00',
      minutes: 120,
      location: 'Municipal Buildings, Stockton-on-Tees',
      phase: 1,
    },
    members: [
      { person: 'childrensDirector', role: 'chair' },
      { person: 'teesSchools' },
      { person: 'college' },
      { person: 'teesYouth' },
      { person: 'tewv' },
      { person: 'headOfCommunityProtection' },
    ],
    agenda: {
      standing: [notesOfLastMeeting('childrensDirector')],
      rotating: [
        {
          title: "Children and Young People's Plan: progress",
          presenter: 'childrensDirector',
          recommendation: 'That the Board notes progress on the plan.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Safeguarding update',
          presenter: 'teesSchools',
          recommendation: 'That the Board notes the safeguarding update.',
          minute: 'Noted; Prevent now part of the standard safeguarding training for school staff.',
          decision: 'noted',
        },
      ],
      oneOff: [
        {
          monthsFromNow: -5,
          item: {
            title: 'Young people and the PVE agenda',
            presenter: 'teesYouth',
            recommendation:
              'That the Board supports work with young people in non-school settings (Connexions, youth clubs) as well as in schools.',
            minute: 'Approved. The Board asked for young people to be on the panel at the next awareness event.',
            decision: 'approved',
            action: {
              description: 'Recruit two young people for the panel at the next awareness event',
              owner: 'teesYouth',
              dueInDays: 90,
            },
          },
        },
      ],
    },
  },
  {
    key: 'saferStockton',
    name: 'Safer Stockton Partnership',
    kind: 'board',
    area: 'Stockton-on-Tees',
    chair: 'stocktonCabinet',
    cadence: 'bimonthly',
    description: 'The community safety partnership for Stockton-on-Tees.',
    schedule: {
      nth: 3,
      weekday: 2,
      time: '10:00',
      minutes: 120,
      location: 'Municipal Buildings, Stockton-on-Tees',
      phase: 1,
    },
    members: [
      { person: 'stocktonCabinet', role: 'chair' },
      { person: 'headOfCommunityProtection', role: 'vice_chair' },
      { person: 'districtCommander' },
      { person: 'teesProbation' },
      { person: 'holmeHouse' },
      { person: 'tewv' },
      { person: 'stocktonPrevent' },
      { person: 'faithNetwork' },
      { person: 'teesMosque' },
    ],
    agenda: {
      standing: [notesOfLastMeeting('stocktonCabinet')],
      rotating: [
        {
          title: 'Crime and disorder: performance',
          presenter: 'districtCommander',
          recommendation: 'That the Partnership notes performance against its priorities.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Anti-social behaviour: update',
          presenter: 'headOfCommunityProtection',
          recommendation: 'That the Partnership notes the update.',
          minute: 'Noted.',
          decision: 'noted',
        },
      ],
      oneOff: [
        {
          // Seed 003: a Prevent update with a timed workshop on three questions.
          monthsFromNow: -6,
          item: {
            title: 'Prevent update',
            presenter: 'stocktonPrevent',
            recommendation: 'That the Partnership notes the report.',
            minute:
              'The Partnership received a report and a short presentation on the aims of Prevent, the local context and local trends, then spent about 10 minutes on three questions. ' +
              '1. Our role: training and awareness for frontline staff who meet young people and vulnerable people; a multi-agency approach alongside other safeguarding. ' +
              "2. Barriers: capacity to attend meetings; knowing how to deal with concerns; balancing clients' trust with a duty of care; knowing the referral pathway; competing messages. " +
              '3. How the Prevent team can help: support when the political narrative changes; reaching seldom-heard groups; intelligence on radicalisation in prisons; making sure families and communities are not marginalised. ' +
              'The officer explained that Prevent works in the pre-criminal space as a safeguarding panel, and offered further training.',
            decision: 'noted',
            action: {
              description: 'Send the Prevent team the training each organisation needs',
              owner: 'teesProbation',
              dueInDays: 21,
            },
          },
        },
        {
          monthsFromNow: -2,
          item: {
            title: 'Report from the Silver group: PVE and CT',
            presenter: 'headOfCommunityProtection',
            recommendation: 'That the Partnership notes the Silver group report.',
            minute: 'Noted.',
            decision: 'noted',
          },
        },
      ],
    },
  },
  {
    key: 'awarenessEvent',
    name: 'PVE Awareness Event Planning Group',
    kind: 'other',
    area: 'Stockton-on-Tees',
    parent: 'stocktonSilver',
    chair: 'stocktonPrevent',
    cadence: 'ad_hoc',
    description:
      'A task group of the Stockton Silver Group that organises the awareness raising events and the consultation on the action plan.',
    schedule: {
      nth: 2,
      weekday: 5,
      time: '14:00',
      minutes: 60,
      location: 'Municipal Buildings, Stockton-on-Tees',
      months: [-11, -10, -9, 2],
    },
    members: [
      { person: 'stocktonPrevent', role: 'chair' },
      { person: 'admin', role: 'secretary' },
      { person: 'pveSergeant' },
      { person: 'faithNetwork' },
      { person: 'teesMosque' },
      { person: 'teesYouth' },
    ],
    agenda: {
      standing: [],
      rotating: [],
      oneOff: [
        {
          monthsFromNow: -11,
          item: {
            title: 'Speakers and programme',
            presenter: 'stocktonPrevent',
            recommendation: 'That the group agrees the speakers and the programme.',
            minute:
              'Agreed: national, regional and police speakers, and the chair of the Police Independent Advisory Group.',
            decision: 'approved',
          },
        },
        {
          monthsFromNow: -11,
          item: {
            title: 'Anonymous questions on laptops ("10kv")',
            presenter: 'pveSergeant',
            recommendation:
              'That delegates send questions and comments anonymously from laptops, merged and shown on screen to drive the debate.',
            minute: 'Agreed; a moderator will merge duplicates.',
            decision: 'approved',
            action: { description: 'Book the laptops and a moderator for the event', owner: 'admin', dueInDays: 14 },
          },
        },
        {
          monthsFromNow: -10,
          item: {
            title: 'Young people on the panel',
            presenter: 'teesYouth',
            recommendation: 'That young people sit on the question and answer panel.',
            minute: 'Declined for this event: too late to change the panel. A fresh proposal for the next event.',
            decision: 'declined',
            reason:
              'Too late to prepare young people for the panel this time; Youth Voice Teesside to propose two panellists for the next event.',
          },
        },
        {
          monthsFromNow: -9,
          item: {
            title: 'Debrief',
            presenter: 'stocktonPrevent',
            recommendation: 'That the group notes the feedback from the event.',
            minute:
              'About 50 delegates attended. Feedback and suggested amendments to the plan go to the Silver group.',
            decision: 'noted',
          },
        },
        {
          monthsFromNow: 2,
          item: {
            title: 'Next awareness event: young people on the panel',
            presenter: 'teesYouth',
            recommendation:
              'That two young people recruited through Youth Voice Teesside sit on the question and answer panel.',
          },
        },
      ],
    },
  },

  // ─── Leicester, Leicestershire and Rutland ────────────────────────────────
  {
    key: 'executive',
    name: 'LLR Prevent Executive Group',
    kind: 'executive',
    area: 'Leicester, Leicestershire and Rutland',
    chair: 'strategicDirector',
    cadence: 'quarterly',
    description:
      'Senior group overseeing Prevent in Leicester, Leicestershire and Rutland and compliance with the Counter-Terrorism and Security Act 2015.',
    schedule: { nth: 2, weekday: 1, time: '14:00', minutes: 90, location: 'City Hall, Leicester', phase: 0 },
    members: [
      { person: 'strategicDirector', role: 'chair' },
      { person: 'dcc', role: 'vice_chair' },
      { person: 'communitiesDirector' },
      { person: 'preventInspector' },
      { person: 'countySafety' },
      { person: 'rutlandSafety' },
      { person: 'stPhilips' },
      { person: 'lpt' },
      { person: 'coordinator', role: 'secretary' },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('strategicDirector'),
        {
          title: 'Threat level and the national picture',
          presenter: 'preventInspector',
          recommendation: 'That the group notes the national threat level and recent national developments.',
          minute:
            'The threat level for international terrorism in the UK remains SEVERE: an attack is highly likely. ' +
            'Nineteen plots foiled in two years (14 Islamist-inspired, 5 extreme right wing-inspired).',
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Prevent Duty: compliance',
          presenter: 'coordinator',
          recommendation: 'That the group notes compliance with the Prevent Duty across the specified authorities.',
          minute: 'Noted. Rutland to complete its self-assessment by the next meeting.',
          decision: 'noted',
          action: {
            description: 'Complete the Prevent Duty self-assessment for Rutland',
            owner: 'rutlandSafety',
            dueInDays: 80,
          },
        },
        referralStatistics('preventInspector', 'the group'),
        {
          title: 'Independent review of Prevent',
          presenter: 'communitiesDirector',
          recommendation:
            'That the partnership responds to the call for evidence of the independent review of Prevent.',
          minute: 'Approved; the Steering Group to draft the response.',
          decision: 'approved',
          action: {
            description: 'Draft the partnership response to the independent review of Prevent',
            owner: 'coordinator',
            dueInDays: 30,
          },
        },
      ],
    },
  },
  {
    key: 'steering',
    name: 'LLR Prevent Steering Group',
    kind: 'steering',
    area: 'Leicester, Leicestershire and Rutland',
    parent: 'executive',
    chair: 'communitiesDirector',
    cadence: 'quarterly',
    description:
      'Coordinates local delivery of Prevent. Members represent the specified authorities under the Prevent Duty (local authorities, police, prisons, probation, health, education), ' +
      'with two members of the Community Reference Group. Its work is tracked through the Prevent Delivery Plan.',
    reportsTo: ['lscsb', 'ethics'],
    schedule: { nth: 3, weekday: 4, time: '10:00', minutes: 120, location: 'City Hall, Leicester', phase: 1 },
    members: [
      { person: 'communitiesDirector', role: 'chair' },
      { person: 'preventInspector', role: 'vice_chair' },
      { person: 'coordinator', role: 'secretary' },
      { person: 'stPhilips' },
      { person: 'countySafety' },
      { person: 'rutlandSafety' },
      { person: 'hmpLeicester' },
      { person: 'llrProbation' },
      { person: 'lpt' },
      { person: 'university' },
      { person: 'llrSchools' },
      // Two members of the Community Reference Group sit on the Steering Group (seed 002, paragraph 11).
      { person: 'crgChair', organisation: ORG.women },
      { person: 'crgMember', organisation: ORG.llrMosque },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('communitiesDirector'),
        {
          title: 'Prevent Delivery Plan: progress',
          presenter: 'coordinator',
          paper: 'deliveryPlan',
          recommendation: 'That the group notes progress against the Prevent Delivery Plan.',
          minute: 'Progress noted. Actions on youth engagement remain amber.',
          decision: 'noted',
        },
        referralStatistics('preventInspector', 'the group'),
      ],
      rotating: [
        communityTension('preventInspector'),
        {
          title: 'Community Reference Group: feedback',
          presenter: 'crgChair',
          recommendation: 'That the group considers the feedback of the Community Reference Group on local delivery.',
          minute: 'Trust and confidence in the strategy remains the main concern; the group welcomed the critique.',
          decision: 'noted',
          action: {
            description: 'Reply to the Community Reference Group on each point it raised',
            owner: 'coordinator',
            dueInDays: 28,
          },
        },
        {
          title: "Women's network: update",
          presenter: 'coordinator',
          recommendation: "That the group notes the work of the Women's network.",
          minute: 'Noted; attendance is growing, and a session for parents on online harms is planned.',
          decision: 'noted',
        },
        {
          title: "Training: 'Prevent Champions' train the trainer",
          presenter: 'stPhilips',
          recommendation:
            'That the train-the-trainer programme for Prevent Champions is extended to county colleagues.',
          minute: 'Approved.',
          decision: 'approved',
          action: {
            description: 'Deliver the train-the-trainer programme to county colleagues',
            owner: 'countySafety',
            dueInDays: 90,
          },
        },
      ],
      oneOff: [
        {
          monthsFromNow: -3,
          item: {
            title: 'Report to the Ethics, Integrity and Complaints Committee',
            presenter: 'preventInspector',
            paper: 'pccPaper',
            recommendation:
              "That the group agrees the report on Prevent and counterterrorism for the Police and Crime Commissioner's committee.",
            minute: 'Agreed with amendments: a paragraph on engagement with women to be added.',
            decision: 'approved_with_changes',
          },
        },
      ],
    },
  },
  {
    key: 'operationalLeads',
    name: 'LLR Prevent Operational Leads Group',
    kind: 'operational_leads',
    area: 'Leicester, Leicestershire and Rutland',
    parent: 'steering',
    chair: 'stPhilips',
    cadence: 'quarterly',
    description: 'Practitioners who deliver Prevent day to day: projects, training and support to education settings.',
    schedule: { nth: 1, weekday: 3, time: '10:00', minutes: 90, location: 'St Philips Centre, Leicester', phase: 2 },
    members: [
      { person: 'stPhilips', role: 'chair' },
      { person: 'coordinator', role: 'vice_chair' },
      { person: 'engagementOfficer' },
      { person: 'countySafety' },
      { person: 'rutlandSafety' },
      { person: 'lpt' },
      { person: 'llrSchools' },
      { person: 'university' },
      { person: 'llrYouth' },
      { person: 'hmpLeicester' },
    ],
    agenda: {
      standing: [notesOfLastMeeting('stPhilips'), referralStatistics('engagementOfficer', 'the group')],
      rotating: [
        {
          title: 'CTLP projects: progress and hosting requests',
          presenter: 'stPhilips',
          recommendation:
            'That the group agrees the next of the ten projects addressing the risks in the Counter Terrorism Local Profile, and the county requests to host them.',
          minute: 'Approved. Focus remains on the city; two county locations accepted case by case.',
          decision: 'approved',
          action: {
            description: 'Confirm the county venues for the next CTLP projects',
            owner: 'countySafety',
            dueInDays: 30,
          },
        },
        {
          title: 'Schools and colleges: the Prevent Duty and referrals',
          presenter: 'llrSchools',
          recommendation:
            'That the group offers a workshop to the schools that made referrals or find the Duty hard to implement.',
          minute: 'Approved.',
          decision: 'approved',
          action: {
            description: 'Offer a schools-based workshop to the schools identified',
            owner: 'stPhilips',
            dueInDays: 45,
          },
        },
        {
          title: 'Training requests',
          presenter: 'coordinator',
          recommendation: 'That the group notes the training requests received and the sessions planned.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Youth workshops and sports engagement',
          presenter: 'llrYouth',
          recommendation: 'That the group notes the youth programme and its reach.',
          minute: 'Noted. Anti-Prevent campaigns aimed at students make some settings reluctant to host.',
          decision: 'noted',
        },
      ],
    },
  },
  {
    key: 'channel',
    name: 'LLR Channel Panel',
    kind: 'channel_panel',
    area: 'Leicester, Leicestershire and Rutland',
    parent: 'steering',
    chair: 'channelChair',
    cadence: 'monthly',
    description:
      'Multi-agency panel that decides support for people referred as vulnerable to radicalisation. ' +
      'Case details are held in the case management system and are never recorded in the Hub.',
    schedule: {
      nth: 4,
      weekday: 2,
      time: '13:30',
      minutes: 150,
      location: 'City Hall, Leicester (secure meeting room)',
    },
    members: [
      { person: 'channelChair', role: 'chair' },
      { person: 'coordinator', role: 'secretary' },
      { person: 'engagementOfficer' },
      { person: 'lpt' },
      { person: 'llrSchools' },
      { person: 'member' },
      // The county attends most panels but not every one (seed 004, paragraph 5).
      { person: 'countySafety', attendance: (i) => (i % 5 === 3 ? 'apologies' : 'present') },
      { person: 'rutlandSafety', attendance: (i) => (i % 4 === 1 ? 'apologies' : i % 9 === 6 ? 'absent' : 'present') },
    ],
    agenda: {
      standing: [
        notesOfLastMeeting('channelChair'),
        {
          title: 'Cases reviewed',
          presenter: 'engagementOfficer',
          recommendation: 'That the panel reviews open cases and new referrals.',
          minute: ({ random }) => {
            const open = random.between(5, 11);
            const fresh = random.between(1, 4);
            return (
              `${open} open cases reviewed and ${fresh} new referrals discussed. ` +
              'Decisions are recorded in the case management system; no case details are kept in these notes.'
            );
          },
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Information sharing between partners',
          presenter: 'channelChair',
          recommendation: 'That partners confirm their information-sharing contacts for the panel.',
          minute: 'Agreed.',
          decision: 'approved',
          action: {
            description: 'Confirm information-sharing contacts for the panel',
            owner: 'countySafety',
            dueInDays: 21,
          },
        },
        {
          title: 'County engagement with the panel',
          presenter: 'channelChair',
          recommendation: 'That the panel notes county attendance and the share of referrals from the county.',
          minute:
            'Engagement from the county is good and should be kept up; county referrals are a larger share than two years ago.',
          decision: 'noted',
        },
        {
          title: 'Families disengaging from the Channel process',
          presenter: 'engagementOfficer',
          recommendation: 'That the panel notes the approach to families encouraged to disengage.',
          minute: 'Noted. Partners to offer a trusted intermediary where appropriate.',
          decision: 'noted',
        },
      ],
    },
  },
  {
    key: 'crg',
    name: 'Community Reference Group',
    kind: 'community_reference',
    area: 'Leicester',
    parent: 'steering',
    chair: 'crgChair',
    cadence: 'bimonthly',
    description:
      'Critical friends from the Muslim community who critique and advise on local delivery. Two members sit on the Steering Group.',
    schedule: {
      nth: 2,
      weekday: 4,
      time: '18:30',
      minutes: 90,
      location: 'Oakfield Mosque and Community Centre (fictional)',
      phase: 0,
    },
    members: [
      { person: 'crgChair', role: 'chair' },
      { person: 'crgMember', role: 'vice_chair' },
      { person: 'engagementOfficer' },
      { person: 'coordinator' },
      { person: 'llrYouth' },
    ],
    agenda: {
      standing: [notesOfLastMeeting('crgChair')],
      rotating: [
        {
          title: 'Trust and confidence in Prevent',
          presenter: 'crgChair',
          recommendation: 'That the group advises the Steering Group on trust and confidence in the strategy locally.',
          minute:
            'Concerns persist, particularly in Muslim communities; exaggerated grievance narratives circulate online.',
          decision: 'noted',
          action: {
            description: "Take the group's advice to the next Steering Group",
            owner: 'crgChair',
            dueInDays: 30,
          },
        },
        {
          title: 'Community referrals and phased disclosure',
          presenter: 'engagementOfficer',
          recommendation: 'That the group notes why community referrals remain low.',
          minute:
            'People are more likely to disclose in stages to a trusted intermediary or local police than to call a national line.',
          decision: 'noted',
        },
        {
          title: 'Prevent Community Forum: topics and speakers',
          presenter: 'crgMember',
          recommendation: 'That the group proposes topics and speakers for the next Forum.',
          minute: 'Agreed to invite a speaker on press reporting of Muslim communities.',
          decision: 'approved',
        },
      ],
    },
  },
  {
    key: 'forum',
    name: 'Prevent Community Forum',
    kind: 'forum',
    area: 'Leicester',
    parent: 'steering',
    chair: 'stPhilips',
    cadence: 'six_monthly',
    description:
      'An open event, normally attended by the Chief Constable, that discusses the strategy and addresses community concerns.',
    schedule: {
      nth: 2,
      weekday: 3,
      time: '18:00',
      minutes: 120,
      location: 'Oakfield Mosque and Community Centre (fictional)',
      phase: 1,
    },
    members: [
      { person: 'stPhilips', role: 'chair' },
      { person: 'chiefConstable' },
      { person: 'coordinator' },
      { person: 'engagementOfficer' },
      { person: 'crgChair' },
      { person: 'crgMember' },
    ],
    agenda: {
      standing: [
        {
          title: 'The Prevent strategy: presentation and open questions',
          presenter: 'chiefConstable',
          recommendation: 'That the Forum hears the presentation and puts its questions.',
          minute:
            'Questions from the floor were taken, some anonymously on cards. Most concerned trust, referrals from schools, and how decisions are made.',
          decision: 'noted',
        },
      ],
      rotating: [
        {
          title: 'Guest speaker: the Independent Reviewer of Terrorism Legislation',
          presenter: 'stPhilips',
          recommendation: 'That the Forum hears the guest speaker.',
          minute: 'Well received; one of the best-attended Forums.',
          decision: 'noted',
        },
        {
          title: 'Guest speaker: Ofsted on the Prevent Duty in schools',
          presenter: 'stPhilips',
          recommendation: 'That the Forum hears the guest speaker.',
          minute: 'Noted.',
          decision: 'noted',
        },
      ],
    },
  },
  {
    key: 'womensNetwork',
    name: "Prevent Women's Network",
    kind: 'network',
    area: 'Leicester',
    parent: 'steering',
    chair: 'coordinator',
    cadence: 'bimonthly',
    description:
      'Led by the local authority Prevent Coordinator with female officers from Leicestershire Police, to close the gap in engagement with women ' +
      'and recognise their part in family and community resilience.',
    schedule: {
      nth: 1,
      weekday: 1,
      time: '10:30',
      minutes: 90,
      location: 'Women Together LLR (fictional), community room',
      phase: 1,
    },
    members: [
      { person: 'coordinator', role: 'chair' },
      { person: 'womenOfficer', role: 'vice_chair' },
      { person: 'crgChair' },
      { person: 'university' },
      { person: 'llrYouth' },
    ],
    agenda: {
      standing: [notesOfLastMeeting('coordinator')],
      rotating: [
        {
          title: 'Closing the gap in engagement with women',
          presenter: 'coordinator',
          recommendation: "That the network agrees listening sessions with women's groups in the county.",
          minute: 'Agreed; women have said engagement has focused on men and ignored their voices.',
          decision: 'approved',
          action: {
            description: "Arrange listening sessions with women's groups in the county",
            owner: 'womenOfficer',
            dueInDays: 45,
          },
        },
        {
          title: 'Family and community resilience',
          presenter: 'crgChair',
          recommendation: 'That the network notes the resilience workshop material.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Online harms: a session for parents',
          presenter: 'llrYouth',
          recommendation: 'That the network runs a session for parents on online harms.',
          minute: 'Approved.',
          decision: 'approved',
          action: { description: 'Book a venue for the session for parents', owner: 'llrYouth', dueInDays: 30 },
        },
      ],
    },
  },
  // The boards the Steering Group reports to (seeds 002 and 004).
  {
    key: 'lscsb',
    name: 'Leicestershire Safer Communities Strategy Board',
    kind: 'board',
    area: 'Leicestershire',
    chair: 'lscsbChair',
    cadence: 'quarterly',
    description:
      'County board for community safety; receives updates on Prevent through the Community Safety Partnerships.',
    schedule: { nth: 2, weekday: 5, time: '10:00', minutes: 120, location: 'County Hall, Glenfield', phase: 2 },
    members: [
      { person: 'lscsbChair', role: 'chair' },
      { person: 'countySafety', role: 'secretary' },
      { person: 'rutlandSafety' },
      { person: 'preventInspector' },
      { person: 'communitiesDirector' },
      { person: 'llrProbation' },
      { person: 'stPhilips', joinedMonthsAgo: 7 },
    ],
    agenda: {
      standing: [notesOfLastMeeting('lscsbChair')],
      rotating: [
        {
          title: 'Community Safety Partnership reports',
          presenter: 'countySafety',
          recommendation: 'That the Board notes the reports.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Domestic abuse strategy: update',
          presenter: 'countySafety',
          recommendation: 'That the Board notes the update.',
          minute: 'Noted.',
          decision: 'noted',
        },
      ],
      oneOff: [
        {
          monthsFromNow: -4,
          item: {
            title: 'LSCSB update: Prevent',
            presenter: 'stPhilips',
            paper: 'lscsbReport',
            recommendation:
              'That (a) the Board notes the report; (b) through the Community Safety Partnerships the Board encourages continued engagement and representation on the Prevent groups and the Channel panel, ' +
              'and continues to develop local action plans and feed into the Counter Terrorism Local Profile.',
            minute:
              'Noted and agreed. Members were asked to tell the Prevent Co-ordinator about community tensions or incidents in education settings that merit a Prevent response.',
            decision: 'approved',
            action: {
              description: 'Ask each CSP to name a representative for the Prevent groups',
              owner: 'lscsbChair',
              dueInDays: 60,
            },
          },
        },
      ],
    },
  },
  {
    key: 'ethics',
    name: 'PCC Ethics, Integrity and Complaints Committee',
    kind: 'board',
    area: 'Leicester, Leicestershire and Rutland',
    chair: 'ethicsChair',
    cadence: 'quarterly',
    description:
      'Committee of the Police and Crime Commissioner for Leicestershire; scrutinises ethics and integrity in policing, including Prevent.',
    schedule: { nth: 3, weekday: 5, time: '14:00', minutes: 120, location: 'Police headquarters, Enderby', phase: 0 },
    members: [{ person: 'ethicsChair', role: 'chair' }, { person: 'viewer', role: 'secretary' }, { person: 'dcc' }],
    agenda: {
      standing: [notesOfLastMeeting('ethicsChair')],
      rotating: [
        {
          title: 'Complaints and conduct: quarterly report',
          presenter: 'dcc',
          recommendation: 'That the Committee notes the report.',
          minute: 'Noted.',
          decision: 'noted',
        },
        {
          title: 'Stop and search: scrutiny',
          presenter: 'dcc',
          recommendation: 'That the Committee notes the report.',
          minute: 'Noted.',
          decision: 'noted',
        },
      ],
      oneOff: [
        {
          monthsFromNow: -2,
          item: {
            title: 'Prevent and counterterrorism',
            presenter: 'dcc',
            paper: 'pccPaper',
            recommendation: 'Members are asked to note the contents of this report.',
            minute:
              "Members discussed trust and confidence in the strategy, low community referrals, criticism from women's groups, youth engagement, " +
              'and the 14-day plan, whose periods overlapped when attacks came close together.',
            decision: 'noted',
          },
        },
      ],
    },
  },
];

/** How many months apart a group meets; ad hoc groups list their months instead. */
export const CADENCE_MONTHS: Record<Cadence, number> = {
  weekly: 1,
  monthly: 1,
  bimonthly: 2,
  quarterly: 3,
  six_monthly: 6,
  annual: 12,
  ad_hoc: 0,
};
