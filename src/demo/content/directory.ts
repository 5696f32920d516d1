// Who is in the demo partnership: areas, organisations and people.
//
// The partnership joins two real places from the seed papers (Teesside, 2009; Leicester,
// Leicestershire and Rutland, 2017-19) so that every kind of group appears. Public bodies carry
// their real names because the papers name them; community organisations are invented.
//
// EVERY PERSON BELOW IS FICTIONAL. The names are ordinary invented names, not the officers named
// in the seed papers; emails are at example.org (reserved for examples) and phone numbers are in
// Ofcom's ranges kept for drama (01632 960xxx, 07700 900xxx), so nothing can reach a real person.

import type { Role } from '../../modules/accounts/accounts.tables.ts';
import type { Sector } from '../../modules/organisations/organisations.tables.ts';

export const DEMO_PARTNERSHIP_NAME = 'Teesside and LLR Prevent Partnership (demo)';
export const DEMO_PASSWORD = 'demo-partnership';

export interface DemoArea {
  name: string;
  kind: 'city' | 'county' | 'borough' | 'district' | 'unitary' | 'region';
}

export const AREAS: DemoArea[] = [
  // The two sub-regions, for the groups that span them (the Teesside Gold group, the LLR groups).
  { name: 'Teesside', kind: 'region' },
  { name: 'Leicester, Leicestershire and Rutland', kind: 'region' },
  { name: 'Stockton-on-Tees', kind: 'borough' },
  { name: 'Middlesbrough', kind: 'borough' },
  { name: 'Hartlepool', kind: 'borough' },
  { name: 'Redcar and Cleveland', kind: 'borough' },
  { name: 'Leicester', kind: 'city' },
  { name: 'Leicestershire', kind: 'county' },
  { name: 'Rutland', kind: 'unitary' },
];

export interface DemoOrganisation {
  name: string;
  sector: Sector;
  area: string | null;
}

export const ORGANISATIONS: DemoOrganisation[] = [
  // Teesside (seed 001)
  { name: 'Stockton-on-Tees Borough Council', sector: 'local_authority', area: 'Stockton-on-Tees' },
  { name: 'Middlesbrough Council', sector: 'local_authority', area: 'Middlesbrough' },
  { name: 'Hartlepool Borough Council', sector: 'local_authority', area: 'Hartlepool' },
  { name: 'Redcar and Cleveland Borough Council', sector: 'local_authority', area: 'Redcar and Cleveland' },
  { name: 'Cleveland Police', sector: 'police', area: 'Teesside' },
  { name: 'HM Prison Service (Holme House)', sector: 'prisons', area: 'Stockton-on-Tees' },
  { name: 'Tees, Esk and Wear Valleys NHS Foundation Trust', sector: 'health', area: 'Teesside' },
  { name: 'Northfield College (fictional)', sector: 'education', area: 'Stockton-on-Tees' },
  { name: 'Teesdale Schools Trust (fictional)', sector: 'education', area: 'Stockton-on-Tees' },
  { name: 'Riverside Community Mosque (fictional)', sector: 'faith_and_community', area: 'Stockton-on-Tees' },
  { name: 'Stockton Faith Network (fictional)', sector: 'faith_and_community', area: 'Stockton-on-Tees' },
  { name: 'Youth Voice Teesside (fictional)', sector: 'voluntary_and_community', area: 'Teesside' },
  // Both sub-regions
  { name: 'National Probation Service', sector: 'probation', area: null },
  // Leicester, Leicestershire and Rutland (seeds 002, 004)
  { name: 'Leicester City Council', sector: 'local_authority', area: 'Leicester' },
  { name: 'Leicestershire County Council', sector: 'local_authority', area: 'Leicestershire' },
  { name: 'Rutland County Council', sector: 'local_authority', area: 'Rutland' },
  { name: 'Leicestershire Police', sector: 'police', area: 'Leicester, Leicestershire and Rutland' },
  {
    name: 'Office of the Police and Crime Commissioner for Leicestershire',
    sector: 'other',
    area: 'Leicester, Leicestershire and Rutland',
  },
  { name: 'St Philips Centre', sector: 'faith_and_community', area: 'Leicester' },
  { name: 'HM Prison Leicester', sector: 'prisons', area: 'Leicester' },
  { name: 'Leicestershire Partnership NHS Trust', sector: 'health', area: 'Leicester, Leicestershire and Rutland' },
  { name: 'Abbey Park University (fictional)', sector: 'education', area: 'Leicester' },
  { name: 'Fosse Way Schools Trust (fictional)', sector: 'education', area: 'Leicestershire' },
  { name: 'Oakfield Mosque and Community Centre (fictional)', sector: 'faith_and_community', area: 'Leicester' },
  { name: 'Women Together LLR (fictional)', sector: 'voluntary_and_community', area: 'Leicester' },
  {
    name: 'Youth Futures LLR (fictional)',
    sector: 'voluntary_and_community',
    area: 'Leicester, Leicestershire and Rutland',
  },
];

// Short names for the organisations, so the people and group lists below stay readable.
export const ORG = {
  stockton: 'Stockton-on-Tees Borough Council',
  middlesbrough: 'Middlesbrough Council',
  hartlepool: 'Hartlepool Borough Council',
  redcar: 'Redcar and Cleveland Borough Council',
  cleveland: 'Cleveland Police',
  holmeHouse: 'HM Prison Service (Holme House)',
  tewv: 'Tees, Esk and Wear Valleys NHS Foundation Trust',
  college: 'Northfield College (fictional)',
  teesSchools: 'Teesdale Schools Trust (fictional)',
  teesMosque: 'Riverside Community Mosque (fictional)',
  faithNetwork: 'Stockton Faith Network (fictional)',
  teesYouth: 'Youth Voice Teesside (fictional)',
  probation: 'National Probation Service',
  leicester: 'Leicester City Council',
  leicestershire: 'Leicestershire County Council',
  rutland: 'Rutland County Council',
  leicsPolice: 'Leicestershire Police',
  opcc: 'Office of the Police and Crime Commissioner for Leicestershire',
  stPhilips: 'St Philips Centre',
  hmpLeicester: 'HM Prison Leicester',
  lpt: 'Leicestershire Partnership NHS Trust',
  university: 'Abbey Park University (fictional)',
  llrSchools: 'Fosse Way Schools Trust (fictional)',
  llrMosque: 'Oakfield Mosque and Community Centre (fictional)',
  women: 'Women Together LLR (fictional)',
  llrYouth: 'Youth Futures LLR (fictional)',
} as const;

export interface DemoPerson {
  /** Short handle used by the group, agenda and action lists. */
  key: string;
  name: string;
  jobTitle: string;
  organisation: string;
  /** Set only for the people who sign in; others get first.last@example.org. */
  email?: string;
  /** Mobile rather than desk phone (officers out and about). */
  mobile?: boolean;
}

// Fictional people (see the note at the top of this file).
export const PEOPLE: DemoPerson[] = [
  // Teesside: police
  { key: 'acc', name: 'Richard Hallam', jobTitle: 'Assistant Chief Constable', organisation: ORG.cleveland },
  {
    key: 'districtCommander',
    name: 'Joanne Pearce',
    jobTitle: "Superintendent, District Commander ('S' District)",
    organisation: ORG.cleveland,
    mobile: true,
  },
  {
    key: 'chiefInspector',
    name: 'Mark Dunn',
    jobTitle: 'Chief Inspector, Neighbourhood Policing',
    organisation: ORG.cleveland,
    mobile: true,
  },
  {
    key: 'pveSergeant',
    name: 'Daniel Frost',
    jobTitle: 'Sergeant, PVE community profiles',
    organisation: ORG.cleveland,
    mobile: true,
  },
  {
    key: 'ctInspector',
    name: 'Farah Qureshi',
    jobTitle: 'Detective Inspector, Counter Terrorism liaison',
    organisation: ORG.cleveland,
  },
  {
    key: 'mbroInspector',
    name: 'Gareth Lowe',
    jobTitle: 'Inspector, Neighbourhood Policing (Middlesbrough)',
    organisation: ORG.cleveland,
    mobile: true,
  },
  {
    key: 'redcarInspector',
    name: 'Neil Ashby',
    jobTitle: 'Inspector, Neighbourhood Policing (Redcar and Cleveland)',
    organisation: ORG.cleveland,
    mobile: true,
  },
  // Teesside: councils
  {
    key: 'headOfCommunityProtection',
    name: 'Helen Marsh',
    jobTitle: 'Head of Community Protection',
    organisation: ORG.stockton,
  },
  {
    key: 'assistantChiefExec',
    name: 'Peter Lowther',
    jobTitle: 'Assistant Chief Executive',
    organisation: ORG.stockton,
  },
  {
    key: 'stocktonPrevent',
    name: 'Aisha Rahman',
    jobTitle: 'Community Safety Officer (Prevent)',
    organisation: ORG.stockton,
  },
  {
    key: 'admin',
    name: 'Grace Whitfield',
    jobTitle: 'Partnership Support Officer',
    organisation: ORG.stockton,
    email: 'admin@example.org',
  },
  {
    key: 'stocktonLeader',
    name: 'Cllr Dennis Whitworth',
    jobTitle: 'Leader of the Council',
    organisation: ORG.stockton,
  },
  {
    key: 'stocktonCabinet',
    name: 'Cllr Margaret Ellis',
    jobTitle: 'Cabinet Member for Community Safety',
    organisation: ORG.stockton,
  },
  {
    key: 'childrensDirector',
    name: 'Karen Bell',
    jobTitle: "Director of Children's Services",
    organisation: ORG.stockton,
  },
  { key: 'mbroLead', name: 'Imran Siddiqui', jobTitle: 'Prevent Coordinator', organisation: ORG.middlesbrough },
  { key: 'hpoolLead', name: 'Claire Robson', jobTitle: 'Community Safety Manager', organisation: ORG.hartlepool },
  { key: 'redcarLead', name: 'Stephen Cairns', jobTitle: 'Head of Neighbourhood Services', organisation: ORG.redcar },
  // Teesside: other partners
  { key: 'holmeHouse', name: 'Lorraine Hughes', jobTitle: 'Head of Security', organisation: ORG.holmeHouse },
  {
    key: 'teesProbation',
    name: 'Tom Brennan',
    jobTitle: 'Senior Probation Officer (Teesside)',
    organisation: ORG.probation,
  },
  {
    key: 'member',
    name: 'Jordan Price',
    jobTitle: 'Regional Prevent Lead',
    organisation: ORG.probation,
    email: 'member@example.org',
    mobile: true,
  },
  {
    key: 'tewv',
    name: 'Ruth Kirkbride',
    jobTitle: 'Named Nurse, Safeguarding Adults (Prevent lead)',
    organisation: ORG.tewv,
  },
  {
    key: 'college',
    name: 'Sanjay Mistry',
    jobTitle: 'Assistant Principal, Student Support',
    organisation: ORG.college,
  },
  { key: 'teesSchools', name: 'Julie Armstrong', jobTitle: 'Trust Safeguarding Lead', organisation: ORG.teesSchools },
  { key: 'teesMosque', name: 'Yusuf Ahmed', jobTitle: 'Secretary', organisation: ORG.teesMosque },
  { key: 'faithNetwork', name: 'Revd Catherine Lamb', jobTitle: 'Network Coordinator', organisation: ORG.faithNetwork },
  { key: 'teesYouth', name: 'Liam Carter', jobTitle: 'Senior Youth Worker', organisation: ORG.teesYouth, mobile: true },
  // Leicester, Leicestershire and Rutland
  {
    key: 'strategicDirector',
    name: 'Andrew Whitmore',
    jobTitle: 'Strategic Director, City Development and Neighbourhoods',
    organisation: ORG.leicester,
  },
  {
    key: 'communitiesDirector',
    name: 'Martin Ashworth',
    jobTitle: 'Director of Communities and Enforcement',
    organisation: ORG.leicester,
  },
  {
    key: 'coordinator',
    name: 'Priya Desai',
    jobTitle: 'Prevent Coordinator (local authority)',
    organisation: ORG.leicester,
    email: 'coordinator@example.org',
  },
  {
    key: 'channelChair',
    name: 'Sarah Whitcombe',
    jobTitle: 'Head of Safeguarding, Channel panel chair',
    organisation: ORG.leicester,
  },
  {
    key: 'countySafety',
    name: 'David Kershaw',
    jobTitle: 'Community Safety Team Leader',
    organisation: ORG.leicestershire,
  },
  { key: 'rutlandSafety', name: 'Fiona Harding', jobTitle: 'Community Safety Officer', organisation: ORG.rutland },
  {
    key: 'lscsbChair',
    name: 'Cllr Joyce Middleton',
    jobTitle: 'Chair, Safer Communities Strategy Board',
    organisation: ORG.leicestershire,
  },
  { key: 'chiefConstable', name: 'Simon Thorpe', jobTitle: 'Chief Constable', organisation: ORG.leicsPolice },
  { key: 'dcc', name: 'Alan Forsyth', jobTitle: 'Deputy Chief Constable', organisation: ORG.leicsPolice },
  { key: 'preventInspector', name: 'Hannah Moss', jobTitle: 'Chief Inspector, Prevent', organisation: ORG.leicsPolice },
  {
    key: 'engagementOfficer',
    name: 'Rizwan Akhtar',
    jobTitle: 'Prevent Engagement Officer',
    organisation: ORG.leicsPolice,
    mobile: true,
  },
  {
    key: 'womenOfficer',
    name: 'Emma Clarke',
    jobTitle: 'Sergeant, Neighbourhood Policing',
    organisation: ORG.leicsPolice,
    mobile: true,
  },
  {
    key: 'viewer',
    name: 'Naomi Fletcher',
    jobTitle: 'Policy Officer',
    organisation: ORG.opcc,
    email: 'viewer@example.org',
  },
  {
    key: 'ethicsChair',
    name: 'Gerald Simms',
    jobTitle: 'Independent Chair, Ethics, Integrity and Complaints Committee',
    organisation: ORG.opcc,
  },
  {
    key: 'stPhilips',
    name: 'Owen Gallagher',
    jobTitle: 'Prevent Coordinator',
    organisation: ORG.stPhilips,
    mobile: true,
  },
  { key: 'hmpLeicester', name: 'Marcus Doyle', jobTitle: 'Prevent Lead', organisation: ORG.hmpLeicester },
  {
    key: 'llrProbation',
    name: 'Gemma Wright',
    jobTitle: 'Senior Probation Officer (Leicestershire and Rutland)',
    organisation: ORG.probation,
  },
  { key: 'lpt', name: 'Amir Hussain', jobTitle: 'Prevent Lead, Safeguarding', organisation: ORG.lpt },
  { key: 'university', name: 'Rebecca Stone', jobTitle: 'Head of Student Wellbeing', organisation: ORG.university },
  { key: 'llrSchools', name: 'Kwame Mensah', jobTitle: 'Designated Safeguarding Lead', organisation: ORG.llrSchools },
  { key: 'crgChair', name: 'Shazia Mahmood', jobTitle: 'Chair, Community Reference Group', organisation: ORG.women },
  { key: 'crgMember', name: 'Abdul Karim', jobTitle: 'Trustee', organisation: ORG.llrMosque },
  { key: 'llrYouth', name: 'Chloe Barker', jobTitle: 'Project Manager', organisation: ORG.llrYouth, mobile: true },
];

/** Everyone gets an example.org address; the sign-in people keep the easy ones. */
export function emailOf(person: DemoPerson): string {
  if (person.email) return person.email;
  const local = person.name
    .replace(/^(Cllr|Revd)\s+/, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
  return `${local}@example.org`;
}

/** Ofcom's drama numbers: 01632 960000-960999 and 07700 900000-900999. */
export function phoneOf(person: DemoPerson, index: number): string {
  const suffix = String(100 + index * 7).padStart(3, '0');
  return person.mobile ? `07700 900${suffix}` : `01632 960${suffix}`;
}

export interface DemoAccount {
  person: string;
  role: Role;
}

/** One account per role; everyone else in the demo never signs in, as in a real partnership. */
export const ACCOUNTS: DemoAccount[] = [
  { person: 'admin', role: 'administrator' },
  { person: 'coordinator', role: 'coordinator' },
  { person: 'member', role: 'member' },
  { person: 'viewer', role: 'viewer' },
];
