// The demo's funding and projects, written through the funding module's own services as the
// coordinator: Stockton's £131k Pathfinder pot for 2010/11 (seed 001 §9) with proposals from
// partners, the awareness event and the strategic plan's consultation, each put to a held meeting
// of the Stockton Silver Group and decided there; and the ten LLR Prevent projects of seed 004 §4
// on CTLP risks, focused on Leicester City, with two county requests to host one (§8).
//
// The pot keeps the paper's year; its claim and spend deadlines are set from today so the
// coordinator's home page shows the reminders.

import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import type { CurrentUser } from '../auth/sessions.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { events, type EventAudience } from '../modules/events/events.tables.ts';
import { groupMembers, groups } from '../modules/groups/groups.tables.ts';
import { meetings } from '../modules/meetings/meetings.tables.ts';
import { organisations, people } from '../modules/organisations/organisations.tables.ts';
import { areas } from '../modules/partnership/partnership.tables.ts';
import { plans } from '../modules/plans/plans.tables.ts';
import type { ProjectStatus, ProjectType, ProposalDecision, RagRating } from '../modules/funding/funding.tables.ts';
import {
  createPot,
  createProposal,
  decideProposal,
  putToMeeting,
  registerFundingReactions,
  type ProposalInput,
} from '../modules/funding/funding.service.ts';
import {
  acceptHosting,
  createProject,
  createRisk,
  recordDelivery,
  recordSpend,
  requestHosting,
  updateProgress,
} from '../modules/funding/projects.service.ts';
import { addDays, londonIsoDate, parseIso } from './demo-dates.ts';

export const PATHFINDER_POT = 'Stockton Pathfinder fund';
const SILVER_GROUP = 'Stockton Silver Group';
const AWARENESS_EVENT = 'PVE Awareness Raising Event';

type Source = { organisation: string } | { liveEvent: true } | { consultation: true } | { other: string };

interface ProposalSpec {
  title: string;
  source: Source;
  asked: string;
  outcome: string;
  place?: string;
  /** Which of the Silver group's two latest held meetings decided it: 0 the earlier, 1 the later. */
  meeting: 0 | 1;
  decision: ProposalDecision;
  approved?: string;
  reason?: string;
}

/** Committed: £45,000 + £25,000 + £12,000 = £82,000 of £131,000; the declined and deferred ones commit nothing. */
export const PATHFINDER_PROPOSALS: ProposalSpec[] = [
  {
    title: 'Youth workshops in secondary schools',
    source: { organisation: 'Stockton-on-Tees Borough Council' },
    asked: '45,000',
    outcome: 'Pupils able to recognise and challenge extremist narratives, online and off',
    place: 'Stockton-on-Tees',
    meeting: 0,
    decision: 'approved',
  },
  {
    title: 'Mentoring for young people at risk',
    source: { organisation: 'Youth Voice Teesside (fictional)' },
    asked: '30,000',
    outcome: 'Young people referred through Channel supported by trained mentors',
    meeting: 0,
    decision: 'approved_with_changes',
    approved: '25,000',
    reason: 'Approved for two cohorts rather than three; a third to be sought from next year.',
  },
  {
    title: 'Young people on the panel at partnership events',
    source: { liveEvent: true },
    asked: '12,000',
    outcome: "Young people's voices heard by decision makers, as delegates asked at the awareness event",
    place: 'Stockton-on-Tees',
    meeting: 1,
    decision: 'approved',
  },
  {
    title: 'Faith leaders training programme',
    source: { consultation: true },
    asked: '20,000',
    outcome: 'Faith leaders confident to respond to concerns in their congregations',
    meeting: 1,
    decision: 'declined',
    reason: 'Already funded through the regional faith leaders programme this year.',
  },
  {
    title: 'Sports engagement in the town centre',
    source: { other: 'Letter from the Safer Stockton Partnership' },
    asked: '15,000',
    outcome: 'Young people in the town centre engaged through football and boxing',
    meeting: 1,
    decision: 'deferred',
    reason: 'To come back with a delivery partner and costed plan.',
  },
];

const RISKS = [
  { reference: 'LLR-CTLP-1', title: 'Online radicalisation of young people (illustrative)' },
  { reference: 'LLR-CTLP-2', title: 'Extreme right-wing activity, rising in the county (illustrative)' },
  { reference: 'LLR-CTLP-3', title: 'Islamist-inspired radicalisation in the city (illustrative)' },
  { reference: 'LLR-CTLP-4', title: 'Vulnerable learners in education settings (illustrative)' },
] as const;
type RiskRef = (typeof RISKS)[number]['reference'];

interface ProjectSpec {
  title: string;
  type: ProjectType;
  partner: string;
  budget: number;
  risks: RiskRef[];
  places: string[];
  status: ProjectStatus;
  rag: RagRating;
  /** Spend in pounds by quarter, the latest quarter last. */
  spend: number[];
  deliveries: { daysAgo: number; place: string; area: string; reached: Partial<Record<EventAudience, number>> }[];
  outcomes?: string;
}

const CITY = 'Leicester';

/** Seed 004 §4: ten projects on the CTLP's risks, focused on Leicester City, county places case by case. */
export const LLR_PROJECTS: ProjectSpec[] = [
  {
    title: 'Online safety workshops in city schools',
    type: 'schools_workshop',
    partner: 'Youth Futures LLR (fictional)',
    budget: 18_000,
    risks: ['LLR-CTLP-1', 'LLR-CTLP-4'],
    places: [CITY],
    status: 'delivering',
    rag: 'green',
    spend: [4_000, 5_500, 3_000],
    deliveries: [
      { daysAgo: 200, place: 'City secondary school', area: CITY, reached: { schools: 120 } },
      { daysAgo: 90, place: 'City academy', area: CITY, reached: { schools: 95, frontline_staff: 12 } },
    ],
  },
  {
    title: 'Youth workshops in the city centre',
    type: 'youth_workshop',
    partner: 'Youth Futures LLR (fictional)',
    budget: 15_000,
    risks: ['LLR-CTLP-1', 'LLR-CTLP-3'],
    places: [CITY],
    status: 'completed',
    rag: 'green',
    spend: [7_500, 7_000],
    deliveries: [
      { daysAgo: 260, place: 'City youth centre', area: CITY, reached: { young_people: 45 } },
      {
        daysAgo: 230,
        place: 'City youth centre',
        area: CITY,
        reached: { young_people: 38, non_school_youth_settings: 6 },
      },
    ],
    outcomes: 'Participants reported more confidence in spotting manipulation online.',
  },
  {
    title: 'Faith and community outreach',
    type: 'outreach',
    partner: 'St Philips Centre',
    budget: 12_000,
    risks: ['LLR-CTLP-3'],
    places: [CITY],
    status: 'delivering',
    rag: 'amber',
    spend: [2_000, 2_500],
    deliveries: [{ daysAgo: 120, place: 'St Philips Centre', area: CITY, reached: { faith_communities: 60 } }],
  },
  {
    title: "Women's dialogue circles",
    type: 'outreach',
    partner: 'Women Together LLR (fictional)',
    budget: 9_000,
    risks: ['LLR-CTLP-3'],
    places: [CITY],
    status: 'delivering',
    rag: 'green',
    spend: [3_000, 2_000],
    deliveries: [{ daysAgo: 75, place: 'Community centre, Highfields', area: CITY, reached: { women: 34 } }],
  },
  {
    title: 'Sports engagement league',
    type: 'sports_engagement',
    partner: 'Leicester City Council',
    budget: 14_000,
    risks: ['LLR-CTLP-2', 'LLR-CTLP-3'],
    places: [CITY, 'Leicestershire'],
    status: 'delivering',
    rag: 'green',
    spend: [5_000, 4_000],
    deliveries: [{ daysAgo: 150, place: 'City leisure centre', area: CITY, reached: { young_people: 80, public: 40 } }],
  },
  {
    title: 'Extreme right-wing awareness for frontline staff',
    type: 'training',
    partner: 'Leicestershire Police',
    budget: 8_000,
    risks: ['LLR-CTLP-2'],
    places: [CITY, 'Leicestershire'],
    status: 'completed',
    rag: 'green',
    spend: [8_000],
    deliveries: [
      { daysAgo: 180, place: 'County Hall, Glenfield', area: 'Leicestershire', reached: { frontline_staff: 55 } },
      { daysAgo: 170, place: 'City Hall', area: CITY, reached: { frontline_staff: 48, councillors: 9 } },
    ],
    outcomes: 'Referrals of extreme right-wing concerns from the county came with clearer information.',
  },
  {
    title: 'Mosque and community centre youth programme',
    type: 'youth_workshop',
    partner: 'Oakfield Mosque and Community Centre (fictional)',
    budget: 10_000,
    risks: ['LLR-CTLP-3'],
    places: [CITY],
    status: 'delivering',
    rag: 'red',
    spend: [1_500],
    deliveries: [{ daysAgo: 40, place: 'Oakfield Community Centre', area: CITY, reached: { young_people: 22 } }],
  },
  {
    title: 'Online resilience for parents',
    type: 'outreach',
    partner: 'Leicester City Council',
    budget: 7_000,
    risks: ['LLR-CTLP-1'],
    places: [CITY],
    status: 'planned',
    rag: 'amber',
    spend: [],
    deliveries: [],
  },
  {
    title: 'University debate series',
    type: 'other',
    partner: 'Abbey Park University (fictional)',
    budget: 6_000,
    risks: ['LLR-CTLP-1', 'LLR-CTLP-3'],
    places: [CITY],
    status: 'planned',
    rag: 'green',
    spend: [],
    deliveries: [],
  },
  {
    title: 'Schools workshops in the county',
    type: 'schools_workshop',
    partner: 'Fosse Way Schools Trust (fictional)',
    budget: 11_000,
    risks: ['LLR-CTLP-2', 'LLR-CTLP-4'],
    places: ['Leicestershire'],
    status: 'delivering',
    rag: 'amber',
    spend: [2_000],
    deliveries: [
      { daysAgo: 60, place: 'Market town secondary school', area: 'Leicestershire', reached: { schools: 140 } },
    ],
  },
];

/** Seed 004 §8: the county asking to host projects; one accepted into a delivery, one still open. */
export const HOSTING = [
  {
    project: 'Sports engagement league',
    organisation: 'Leicestershire County Council',
    area: 'Leicestershire',
    place: 'Loughborough leisure centre',
    audience: 'young_people' as const,
    contact: 'Community safety team, Leicestershire County Council',
    acceptedInDays: 21,
  },
  {
    project: 'Online safety workshops in city schools',
    organisation: 'Rutland County Council',
    area: 'Rutland',
    place: 'Secondary school, Oakham',
    audience: 'schools' as const,
    contact: 'Prevent lead, Rutland County Council',
  },
];

/** "2010/11 Q3": the financial year (April to March) and quarter a date falls in. */
export function quarterOf(date: string): string {
  const { year, month0 } = parseIso(date);
  const start = month0 >= 3 ? year : year - 1;
  const quarter = Math.floor(((month0 + 9) % 12) / 3) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')} Q${quarter}`;
}

/** The demo's first coordinator, as the services know a signed-in user. */
async function coordinatorUser(db: Queryable): Promise<CurrentUser> {
  const [row] = await db
    .select({ accountId: accounts.id, personId: accounts.personId, email: accounts.email, name: people.name })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(eq(accounts.role, 'coordinator'))
    .orderBy(asc(accounts.id))
    .limit(1);
  if (!row) throw new Error('The demo has no coordinator');
  const memberships = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.personId, row.personId), isNull(groupMembers.leftOn)));
  return { ...row, role: 'coordinator', mustChangePassword: false, groupIds: memberships.map((m) => m.groupId) };
}

const byName = async (db: Queryable) => {
  const [orgRows, areaRows] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name }).from(organisations),
    db.select({ id: areas.id, name: areas.name }).from(areas),
  ]);
  const find = (rows: { id: number; name: string }[], kind: string) => (name: string) => {
    const found = rows.find((r) => r.name === name);
    if (!found) throw new Error(`No demo ${kind} named ${name}`);
    return found.id;
  };
  return { orgId: find(orgRows, 'organisation'), areaId: find(areaRows, 'area') };
};

async function seedPathfinderPot(db: Queryable, user: CurrentUser, today: string) {
  const { orgId, areaId } = await byName(db);
  const [silver] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, SILVER_GROUP));
  const held = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.groupId, silver!.id), eq(meetings.status, 'held')))
    .orderBy(desc(meetings.startsAt))
    .limit(2);
  const [[awareness], [consulted]] = await Promise.all([
    db.select({ id: events.id }).from(events).where(eq(events.title, AWARENESS_EVENT)).limit(1),
    db
      .select({ id: plans.id })
      .from(plans)
      .where(isNotNull(plans.consultationClosesOn))
      .orderBy(asc(plans.id))
      .limit(1),
  ]);
  const potId = await createPot(db, user, {
    name: PATHFINDER_POT,
    source: 'pathfinder',
    amount: '131,000',
    financialYear: '2010/11',
    conditions:
      'Home Office Prevent funding for work on PVE, with Pathfinder status from April 2010; its use agreed via the Silver group drawing on suggestions from a range of sources.',
    decidingGroupId: silver!.id,
    claimDeadline: addDays(today, 20),
    spendDeadline: addDays(today, 120),
  });
  const meetingIds = held.reverse().map((m) => m.id);
  for (const p of PATHFINDER_PROPOSALS) {
    const source: Pick<
      ProposalInput,
      'proposerKind' | 'proposerOrganisationId' | 'proposerEventId' | 'proposerPlanId' | 'proposerReference'
    > =
      'organisation' in p.source
        ? { proposerKind: 'organisation', proposerOrganisationId: orgId(p.source.organisation) }
        : 'liveEvent' in p.source
          ? { proposerKind: 'live_event', proposerEventId: awareness!.id }
          : 'consultation' in p.source
            ? { proposerKind: 'consultation', proposerPlanId: consulted!.id }
            : { proposerKind: 'other', proposerReference: p.source.other };
    const proposalId = await createProposal(db, user, potId, {
      title: p.title,
      ...source,
      amountAsked: p.asked,
      ...(p.place ? { areaId: areaId(p.place) } : {}),
      outcomeSought: p.outcome,
    });
    await putToMeeting(db, user, proposalId, meetingIds[p.meeting] ?? meetingIds[0]!);
    await decideProposal(db, user, proposalId, {
      decision: p.decision,
      ...(p.approved ? { approvedAmount: p.approved } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
    });
  }
  return potId;
}

async function seedLlrProjects(db: Queryable, user: CurrentUser, today: string) {
  const { orgId, areaId } = await byName(db);
  const riskIds = new Map<string, number>();
  for (const risk of RISKS) riskIds.set(risk.reference, await createRisk(db, user, risk));
  const projectIds = new Map<string, number>();
  for (const p of LLR_PROJECTS) {
    const projectId = await createProject(db, user, {
      title: p.title,
      type: p.type,
      deliveryPartnerId: orgId(p.partner),
      budget: p.budget.toLocaleString('en-GB'),
      riskIds: p.risks.map((r) => riskIds.get(r)!),
      areaIds: p.places.map(areaId),
    });
    projectIds.set(p.title, projectId);
    for (const d of p.deliveries)
      await recordDelivery(db, user, projectId, {
        heldOn: addDays(today, -d.daysAgo),
        areaId: areaId(d.area),
        place: d.place,
        participants: d.reached,
      });
    // Spend by quarter, the latest in this quarter and each before it three months earlier.
    for (const [i, amount] of p.spend.entries())
      await recordSpend(db, user, projectId, {
        quarter: quarterOf(addDays(today, -91 * (p.spend.length - 1 - i))),
        amount: amount.toLocaleString('en-GB'),
      });
    await updateProgress(db, user, projectId, {
      status: p.status,
      rag: p.rag,
      ...(p.outcomes ? { outcomes: p.outcomes } : {}),
    });
  }
  for (const h of HOSTING) {
    const requestId = await requestHosting(db, user, projectIds.get(h.project)!, {
      organisationId: orgId(h.organisation),
      areaId: areaId(h.area),
      place: h.place,
      audience: h.audience,
      contact: h.contact,
    });
    if (h.acceptedInDays !== undefined)
      await acceptHosting(db, user, requestId, { heldOn: addDays(today, h.acceptedInDays) });
  }
}

export async function seedFundingDemo(db: Queryable, options: { now: Date }): Promise<{ projects: number }> {
  // The meetings' decisions reach the proposals through this reaction; the app registers it too (a set: once).
  registerFundingReactions();
  const today = londonIsoDate(options.now);
  const user = await coordinatorUser(db);
  await seedPathfinderPot(db, user, today);
  await seedLlrProjects(db, user, today);
  return { projects: LLR_PROJECTS.length };
}
