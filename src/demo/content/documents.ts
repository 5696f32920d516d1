// The demo's document library: a few small generated files, with protective markings and
// need-to-know audiences as the seeds describe them (CTLPs go to the Silver group first; community
// profiles are listed before they exist, with the date they are expected).
//
// The files say plainly that they are demonstration content: none holds real information.

import type { Marking } from '../../modules/documents/documents.tables.ts';
import { DEMO_PARTNERSHIP_NAME } from './directory.ts';

export interface DocumentContext {
  /** 'YYYY-MM-DD', when the Stockton community profile is now expected. */
  profileExpectedOn: string;
  /** "June" */
  profileExpectedMonth: string;
}

export interface DemoFile {
  filename: string;
  contentType: string;
  /** Days after the document was added that this version was uploaded (0: with the document). */
  daysAfterCreation: number;
  content: (c: DocumentContext) => string;
}

export interface DemoDocument {
  key: string;
  title: string;
  description: string;
  marking: Marking;
  /** Groups with need-to-know; none means everyone signed in may see it. */
  audienceGroups?: string[];
  /** The group whose library it belongs to. */
  group?: string;
  area?: string;
  /** Listed before it exists ("expected in early June"): no file yet. */
  expected?: boolean;
  /** Account (by person key) that added it. */
  createdBy: 'admin' | 'coordinator' | 'member';
  /** When it was added, unless it is a meeting's paper (then a week before the meeting). */
  createdDaysAgo: number;
  files: DemoFile[];
}

const DEMO_NOTICE = `This is demonstration content for the ${DEMO_PARTNERSHIP_NAME}. It contains no real information; every person named in the demo is fictional.`;

const banner = (marking: Marking) => `**${marking}**\n\n_${DEMO_NOTICE}_\n`;

const md = (filename: string, content: (c: DocumentContext) => string, daysAfterCreation = 0): DemoFile => ({
  filename,
  contentType: 'text/markdown',
  daysAfterCreation,
  content,
});

export const DOCUMENTS: DemoDocument[] = [
  {
    key: 'aboutDemo',
    title: 'About this demonstration',
    description: 'What the demo partnership is, where it comes from, and the four demo sign-ins.',
    marking: 'OFFICIAL',
    createdBy: 'admin',
    createdDaysAgo: 400,
    files: [
      md('about-the-demo.md', () =>
        [
          `# About this demonstration\n`,
          `_${DEMO_NOTICE}_\n`,
          'The partnership joins two places described in published Prevent papers: Teesside (a Gold group over four borough Silver groups, 2009) ',
          'and Leicester, Leicestershire and Rutland (Executive, Steering and Operational Leads groups, the Channel panel, the Community Reference Group, ',
          'the Prevent Community Forum and the Women\'s network, 2017-19). Public bodies keep their real names; community organisations are invented and marked "(fictional)".\n',
          '## People\n',
          'All people are invented. Email addresses are at example.org and phone numbers are in the ranges Ofcom keeps for drama (01632 960xxx, 07700 900xxx).\n',
          '## Sign-ins (password: demo-partnership)\n',
          '- admin@example.org: administrator',
          '- coordinator@example.org: coordinator',
          '- member@example.org: member of the Stockton Silver Group and the LLR Channel Panel',
          '- viewer@example.org: viewer',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'dvdGuidance',
    title: "'Trust your Instincts' DVD guidance",
    description:
      'How to use the DVD with staff: a generic health and safety message for the public sector workforce across Teesside.',
    marking: 'OFFICIAL',
    group: 'gold',
    area: 'Teesside',
    createdBy: 'admin',
    createdDaysAgo: 300,
    files: [
      md('trust-your-instincts-guidance.md', () =>
        [
          banner('OFFICIAL'),
          "# 'Trust your Instincts': guidance for managers\n",
          'The DVD carries a generic health and safety message for everyone who works in the public sector across Teesside. ',
          'It encourages staff to pass on what worries them, so that information reaches the people who can act on it.\n',
          '## Using it\n',
          '1. Show it at a team briefing (about 12 minutes), then allow 15 minutes for questions.',
          '2. Explain how to raise a concern in your organisation and who your Prevent lead is.',
          '3. Record how many staff saw it and tell the Silver group.',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'pvePlan',
    title: 'Draft PVE action plan: Stockton-on-Tees (Appendix B)',
    description:
      'The Strategic Action Plan for Preventing Violent Extremism in Stockton-on-Tees, amended after consultation at the awareness raising event.',
    marking: 'OFFICIAL',
    group: 'stocktonSilver',
    area: 'Stockton-on-Tees',
    createdBy: 'admin',
    createdDaysAgo: 320,
    files: [
      md('pve-action-plan-draft.md', () =>
        [
          banner('OFFICIAL'),
          '# Preventing Violent Extremism: action plan for Stockton-on-Tees (draft for consultation)\n',
          '| Strand | Objective | Action | Lead | Due |',
          '| --- | --- | --- | --- | --- |',
          '| Prevent | Understand local communities | Complete community profiles of the borough | Cleveland Police | June |',
          '| Prevent | Raise awareness | Show the Trust your Instincts DVD to partner staff | All partners | Ongoing |',
          '| Prevent | Engage communities | Awareness raising event with the Faith Network | Silver group | May |',
          '| Protect | Reduce vulnerability | Security advice for crowded places | Cleveland Police | September |',
          '',
        ].join('\n'),
      ),
      // The version approved after the event: "you said, we did".
      md(
        'pve-action-plan-amended.md',
        () =>
          [
            banner('OFFICIAL'),
            '# Preventing Violent Extremism: action plan for Stockton-on-Tees (amended after consultation)\n',
            '| Strand | Objective | Action | Lead | Due |',
            '| --- | --- | --- | --- | --- |',
            '| Prevent | Understand local communities | Complete community profiles of the borough | Cleveland Police | June |',
            '| Prevent | Raise awareness | Show the Trust your Instincts DVD to partner staff | All partners | Ongoing |',
            '| Prevent | Engage communities | Continue dialogue with councillors, young people and Muslim communities | Silver group | Ongoing |',
            "| Prevent | Engage young people | Work in non-school settings (Connexions, youth clubs) as well as schools **(added: delegates' suggestion)** | Youth Voice Teesside | March |",
            "| Prevent | Involve young people | Young people on the panel at the next event **(added: delegates' suggestion)** | Silver group | Next event |",
            '| Protect | Reduce vulnerability | Security advice for crowded places | Cleveland Police | September |',
            '',
          ].join('\n'),
        40,
      ),
    ],
  },
  {
    key: 'ni35',
    title: 'National Indicator 35 self-assessment: Stockton-on-Tees (Appendix C)',
    description:
      'First iteration, deliberately cautious; in keeping with the other Teesside boroughs except Middlesbrough.',
    marking: 'OFFICIAL',
    group: 'stocktonSilver',
    area: 'Stockton-on-Tees',
    createdBy: 'admin',
    createdDaysAgo: 100,
    files: [
      md('ni35-self-assessment.md', () =>
        [
          banner('OFFICIAL'),
          '# NI35 self-assessment (building resilience to violent extremism)\n',
          '| Assessment area | Score (1-5) |',
          '| --- | --- |',
          '| Understanding of, and engagement with, Muslim communities | 2 |',
          '| Knowledge and understanding of the drivers and causes of violent extremism | 2 |',
          '| Development of a risk-based preventing violent extremism partnership plan | 2 |',
          '| Effective oversight, delivery and evaluation of projects | 1 |',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'stocktonProfile',
    title: 'Stockton community profile',
    description:
      'Community profile of the borough by the Cleveland Police PVE sergeant; to be shared with the partnerships the Silver group links to.',
    marking: 'OFFICIAL',
    audienceGroups: ['stocktonSilver', 'renaissance', 'childrensTrust', 'saferStockton'],
    group: 'stocktonSilver',
    area: 'Stockton-on-Tees',
    expected: true,
    createdBy: 'admin',
    createdDaysAgo: 60,
    files: [],
  },
  {
    key: 'mbroProfile',
    title: 'Middlesbrough community profile',
    description: 'Community profile of the borough by the Cleveland Police PVE sergeant.',
    marking: 'OFFICIAL',
    audienceGroups: ['mbroSilver', 'gold'],
    group: 'mbroSilver',
    area: 'Middlesbrough',
    createdBy: 'admin',
    createdDaysAgo: 45,
    files: [
      md('middlesbrough-community-profile.md', () =>
        [
          banner('OFFICIAL'),
          '# Middlesbrough community profile (demonstration summary)\n',
          'Population, community venues and partners for engagement, by ward. In the real profile each section draws on council and police data; ',
          'here the headings only are shown.\n',
          '- Communities and places of worship',
          '- Community venues and youth provision',
          '- Recent tension indicators',
          '- Opportunities for engagement',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'ctlpStockton',
    title: 'Counter Terrorism Local Profile: Stockton',
    description:
      'Risk assessment prepared by the Security Service and Special Branch. Discussed at the Stockton Silver Group in the first instance.',
    marking: 'OFFICIAL-SENSITIVE',
    audienceGroups: ['stocktonSilver'],
    group: 'stocktonSilver',
    area: 'Stockton-on-Tees',
    createdBy: 'admin',
    createdDaysAgo: 190,
    files: [
      md('ctlp-stockton.md', () =>
        [
          banner('OFFICIAL-SENSITIVE'),
          '# Counter Terrorism Local Profile: Stockton (demonstration placeholder)\n',
          'A real CTLP sets out the threat and the vulnerabilities in the area. This placeholder only shows how the Hub restricts it: ',
          'only members of the Stockton Silver Group can see that it exists, and every time it is opened the audit log records who opened it.\n',
          '## Sections in a CTLP',
          '- Threat picture',
          '- Vulnerabilities and risks by place',
          '- Recommendations for partners',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'channelTerms',
    title: 'Channel panel terms of reference',
    description: 'Purpose, membership, quorum and information sharing for the LLR Channel Panel.',
    marking: 'OFFICIAL-SENSITIVE',
    audienceGroups: ['channel'],
    group: 'channel',
    area: 'Leicester, Leicestershire and Rutland',
    createdBy: 'coordinator',
    createdDaysAgo: 330,
    files: [
      md('channel-terms-of-reference-v1.md', () => channelTerms('1')),
      // Revised when county partners became standing members.
      md('channel-terms-of-reference-v2.md', () => channelTerms('2'), 180),
    ],
  },
  {
    key: 'deliveryPlan',
    title: 'Prevent Delivery Plan (LLR)',
    description: 'Tracks the activity of the Prevent Steering Group.',
    marking: 'OFFICIAL',
    group: 'steering',
    area: 'Leicester, Leicestershire and Rutland',
    createdBy: 'coordinator',
    createdDaysAgo: 250,
    files: [
      md('prevent-delivery-plan.md', () =>
        [
          banner('OFFICIAL'),
          '# Prevent Delivery Plan: Leicester, Leicestershire and Rutland\n',
          '| Objective | Action | Lead | Status |',
          '| --- | --- | --- | --- |',
          '| Tackle the ideological causes of terrorism | Ten projects addressing the CTLP risks | St Philips Centre | Green |',
          '| Intervene early | Channel panel with county partners | Leicester City Council | Green |',
          '| Enable recovery | Support packages for those leaving prison | Probation | Amber |',
          "| Engage communities | Community Reference Group, Forum, Women's network | Prevent Coordinator | Amber |",
          '| Train | Prevent Champions: train the trainer for county colleagues | Leicestershire County Council | Green |',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'fourteenDay',
    title: '14-day plan: community sentiment tracker',
    description:
      'Tracks community sentiment after an attack, and the activity in response: positive messaging, vigils, high-visibility policing, multi-faith events.',
    marking: 'OFFICIAL-SENSITIVE',
    audienceGroups: ['steering', 'operationalLeads'],
    group: 'steering',
    area: 'Leicester, Leicestershire and Rutland',
    createdBy: 'coordinator',
    createdDaysAgo: 75,
    files: [
      md('fourteen-day-plan.md', () =>
        [
          banner('OFFICIAL-SENSITIVE'),
          '# 14-day plan (demonstration)\n',
          '| Day | Activity | Lead |',
          '| --- | --- | --- |',
          '| 1 | Statement and positive messaging | Leicester City Council |',
          '| 1-3 | High-visibility patrols near places of worship | Leicestershire Police |',
          '| 2 | Vigil | Faith partners |',
          '| 7 | Multi-faith event | St Philips Centre |',
          '| 14 | Review of sentiment; Community Impact Assessment updated | Prevent Coordinator |',
          '',
          'When attacks come close together the 14-day periods overlap; track each separately.',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'lscsbReport',
    title: 'LSCSB update: Prevent',
    description: 'Report to the Leicestershire Safer Communities Strategy Board on local Prevent delivery and plans.',
    marking: 'OFFICIAL',
    group: 'lscsb',
    area: 'Leicestershire',
    createdBy: 'coordinator',
    createdDaysAgo: 130,
    files: [
      md('lscsb-update-prevent.md', () =>
        [
          banner('OFFICIAL'),
          '# Leicestershire Safer Communities Strategy Board: update on Prevent\n',
          '## Purpose',
          '1. To update the Board on local Prevent delivery and our plans for the future.\n',
          '## Developments and challenges',
          '2. The national threat level is SEVERE. County referrals have risen to 41% of the LLR total (previously 20%); extreme right-wing concerns are the most common type in the county; roughly a third of referrals come from education.\n',
          '## Recommendations',
          '3. That the Board notes the report and, through the Community Safety Partnerships, encourages continued representation on the Prevent groups and the Channel panel.',
          '',
        ].join('\n'),
      ),
    ],
  },
  {
    key: 'pccPaper',
    title: 'Prevent and counterterrorism (paper B)',
    description: 'Report of the Chief Constable to the Ethics, Integrity and Complaints Committee.',
    marking: 'OFFICIAL',
    group: 'ethics',
    area: 'Leicester, Leicestershire and Rutland',
    createdBy: 'coordinator',
    createdDaysAgo: 70,
    files: [
      md('prevent-and-counterterrorism-paper-b.md', () =>
        [
          banner('OFFICIAL'),
          '# Prevent and counterterrorism\n',
          '| | |',
          '| --- | --- |',
          '| Report of | Chief Constable |',
          '| Paper marked | B |',
          '',
          '## Recommendation',
          '1. Members are asked to note the contents of this report.\n',
          '## Current position',
          "2. Local delivery is coordinated through the Prevent Steering Group, which meets quarterly. Community referrals remain low; women's groups have criticised engagement for focusing on men.",
          '',
          '## Implications',
          '| Financial | Nil |',
          '| --- | --- |',
          '| Legal | Prevent Duty, Counter-Terrorism and Security Act 2015 |',
          '| Risks | Community trust and confidence |',
          '',
        ].join('\n'),
      ),
    ],
  },
];

function channelTerms(version: string): string {
  return [
    banner('OFFICIAL-SENSITIVE'),
    `# LLR Channel Panel: terms of reference (version ${version})\n`,
    '1. **Purpose.** To assess the vulnerability of people referred, decide whether to adopt them, and arrange and review support.',
    '2. **Chair.** The local authority, as the Counter-Terrorism and Security Act 2015 requires.',
    version === '1'
      ? '3. **Members.** Local authority, police, health, education, probation; other partners as needed.'
      : '3. **Members.** Local authority, police, health, education, probation, and Leicestershire County Council and Rutland County Council as standing members.',
    '4. **Quorum.** The chair, the police and two other partners.',
    '5. **Information.** Case details stay in the case management system. Notes of the panel record numbers and decisions only.',
    '',
  ].join('\n');
}
