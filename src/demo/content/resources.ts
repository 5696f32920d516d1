// The demo's resources and their uptake (seed 001 §6 and recommendation 2): the "Trust your
// Instincts" DVD shown across Teesside, though not yet in every sector; a leaflet past its review
// date; an e-learning course with completions imported from the provider's report. Days are
// counted back from the demo's "today".

import type { ResourceFormat } from '../../modules/resources/resources.tables.ts';

export interface DemoResource {
  key: 'dvd' | 'leaflet' | 'elearning';
  title: string;
  description: string;
  format: ResourceFormat;
  audiences: string[];
  link: string | null;
  owner: string;
  /** Days from today: negative is past (flagged for review). */
  reviewInDays: number;
}

export const DEMO_RESOURCES: DemoResource[] = [
  {
    key: 'dvd',
    title: 'Trust your Instincts',
    description:
      'A DVD with a generic health and safety message for the whole public sector workforce across Teesside, encouraging staff to pass on information and concerns.',
    format: 'dvd',
    audiences: ['frontline_staff', 'public'],
    link: null,
    owner: 'Stockton-on-Tees Borough Council',
    reviewInDays: 300,
  },
  {
    key: 'leaflet',
    title: 'Prevent: what it means for you (leaflet)',
    description: 'A short leaflet for parents and carers explaining Prevent and where to take a concern.',
    format: 'leaflet',
    audiences: ['public', 'schools'],
    link: 'https://www.gov.uk/government/publications/prevent-duty-guidance',
    owner: 'Cleveland Police',
    reviewInDays: -120,
  },
  {
    key: 'elearning',
    title: 'Prevent duty awareness e-learning',
    description: 'The Home Office’s free online course on the Prevent duty, for staff in every sector.',
    format: 'e_learning',
    audiences: ['frontline_staff'],
    link: 'https://www.support-people-vulnerable-to-radicalisation.service.gov.uk/',
    owner: 'Stockton-on-Tees Borough Council',
    reviewInDays: 200,
  },
];

export interface DemoUse {
  resource: DemoResource['key'];
  organisation: string;
  daysAgo: number;
  howUsed: string;
  peopleReached: number;
}

/** The DVD reaches councils, the police, the NHS trust and a college; prisons, probation and the faith sector not yet. */
export const DEMO_USES: DemoUse[] = [
  {
    resource: 'dvd',
    organisation: 'Stockton-on-Tees Borough Council',
    daysAgo: 400,
    howUsed: 'Shown at team briefing',
    peopleReached: 40,
  },
  {
    resource: 'dvd',
    organisation: 'Stockton-on-Tees Borough Council',
    daysAgo: 210,
    howUsed: 'Shown at staff induction',
    peopleReached: 18,
  },
  {
    resource: 'dvd',
    organisation: 'Middlesbrough Council',
    daysAgo: 330,
    howUsed: 'Shown at housing officers’ meeting',
    peopleReached: 35,
  },
  {
    resource: 'dvd',
    organisation: 'Hartlepool Borough Council',
    daysAgo: 150,
    howUsed: 'Shown at managers’ forum',
    peopleReached: 22,
  },
  {
    resource: 'dvd',
    organisation: 'Cleveland Police',
    daysAgo: 380,
    howUsed: 'Shown to neighbourhood policing teams',
    peopleReached: 120,
  },
  {
    resource: 'dvd',
    organisation: 'Tees, Esk and Wear Valleys NHS Foundation Trust',
    daysAgo: 90,
    howUsed: 'Shown at safeguarding leads’ training',
    peopleReached: 26,
  },
  {
    resource: 'dvd',
    organisation: 'Northfield College (fictional)',
    daysAgo: 60,
    howUsed: 'Shown at staff development day',
    peopleReached: 85,
  },
  {
    resource: 'leaflet',
    organisation: 'Teesdale Schools Trust (fictional)',
    daysAgo: 250,
    howUsed: 'Sent home with pupils',
    peopleReached: 600,
  },
];

/** Completions of the e-learning by financial year, as the provider's report gave them. */
export const DEMO_COMPLETIONS: { organisation: string; completions: number }[] = [
  { organisation: 'Stockton-on-Tees Borough Council', completions: 212 },
  { organisation: 'Middlesbrough Council', completions: 164 },
  { organisation: 'Cleveland Police', completions: 301 },
  { organisation: 'HM Prison Service (Holme House)', completions: 48 },
  { organisation: 'National Probation Service', completions: 57 },
];
export const DEMO_COMPLETIONS_FILE = 'elearning-completions.csv';
