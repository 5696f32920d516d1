// The demo's self-assessments (seed 001 §5): National Indicator 35 for Stockton Renaissance, two
// iterations, the first "cautious", beside the other Teesside districts (Middlesbrough, with
// Pathfinder status and its funding, higher); and the Prevent duty toolkit for LLR, two iterations
// and a peer. Ratings run in the framework's criterion order. Peers' ratings are illustrative.

export interface DemoIteration {
  title: string;
  assessedOn: string;
  summary: string;
  ratings: number[];
  evidence: string[];
  /** Agreed at the group's first held meeting on or after the assessment; otherwise a draft. */
  agreed: boolean;
}

export interface DemoSelfAssessment {
  framework: string;
  body: string;
  group: string;
  iterations: DemoIteration[];
  peers: { peer: string; year: number; ratings: number[]; source: string }[];
}

export const DEMO_SELF_ASSESSMENTS: DemoSelfAssessment[] = [
  {
    framework: 'National Indicator 35',
    body: 'Stockton Renaissance',
    group: 'Stockton Silver Group',
    iterations: [
      {
        title: 'January 2009',
        assessedOn: '2009-01-30',
        summary: 'Agreed to be cautious in this first iteration.',
        ratings: [2, 2, 1, 2],
        evidence: [
          'Links with the Hartington Road Mosque and the Faith Network; no community profile yet.',
          'Awareness raising planned for partners; few front-line staff briefed so far.',
          'No Prevent action plan yet: the Silver Group is drafting one with the Counter-Terrorism Local Profile.',
          'The Silver Group meets and reports to the Renaissance Board; no projects to evaluate yet.',
        ],
        agreed: true,
      },
      {
        title: 'January 2010',
        assessedOn: '2010-01-29',
        summary: 'Progress since the PVE action plan was agreed and the awareness event held.',
        ratings: [3, 3, 3, 2],
        evidence: [
          'Police Independent Advisory Group and mosque liaison meet quarterly.',
          'About 50 delegates at the Wynyard Rooms awareness event; the Trust your Instincts DVD in use.',
          'The PVE action plan agreed, with leads and dates.',
          'Quarterly progress reports to the Silver Group; evaluation not yet done.',
        ],
        agreed: false,
      },
    ],
    peers: [
      {
        peer: 'Middlesbrough',
        year: 2009,
        ratings: [3, 3, 3, 3],
        source: 'Pathfinder authority self-assessment, 2009',
      },
      { peer: 'Hartlepool', year: 2009, ratings: [2, 2, 1, 2], source: 'Hartlepool NI35 return, 2009' },
      {
        peer: 'Redcar and Cleveland',
        year: 2009,
        ratings: [2, 1, 2, 2],
        source: 'Redcar and Cleveland NI35 return, 2009',
      },
    ],
  },
  {
    framework: 'Prevent duty toolkit for local authorities',
    body: 'Leicester, Leicestershire and Rutland',
    group: 'LLR Prevent Steering Group',
    iterations: [
      {
        title: 'Spring 2024',
        assessedOn: '2024-04-30',
        summary: 'First assessment against the 2024 toolkit.',
        ratings: [3, 2, 3, 3, 3, 2, 1, 2],
        evidence: [
          'Steering Group terms of reference and attendance.',
          'Risk assessment last refreshed in 2022.',
          'Partnership plan agreed for 2023–2025.',
          'Published pathway; referrals by sector reported quarterly.',
          'Panel chaired by the county council; reviews at 6 and 12 months.',
          'Training plan in draft; completion not recorded for every service.',
          'No venue hire policy covering extremist speakers.',
          'Communications plan in draft.',
        ],
        agreed: true,
      },
      {
        title: 'Spring 2025',
        assessedOn: '2025-04-30',
        summary: 'Second iteration: risk assessment refreshed, venue hire policy adopted.',
        ratings: [4, 3, 3, 3, 3, 3, 2, 2],
        evidence: [
          'Steering Group model shared with neighbouring partnerships.',
          'Risk assessment refreshed with the 2024 Counter-Terrorism Local Profile.',
          'Partnership plan reviewed.',
          'Pathway unchanged.',
          'Panel unchanged.',
          'Training completion recorded by service.',
          'Venue hire policy adopted by the city council; the county’s in draft.',
          'Communications plan still in draft.',
        ],
        agreed: false,
      },
    ],
    peers: [
      {
        peer: 'Nottingham and Nottinghamshire',
        year: 2024,
        ratings: [3, 3, 3, 3, 3, 2, 2, 2],
        source: 'Illustrative: a neighbouring partnership’s published summary',
      },
    ],
  },
];
