// The three seed papers the demo writes, signs off and issues through the papers module, dated as the
// seeds are: the Stockton PVE report to the Renaissance Board (2 June 2009), the Prevent update to
// the Leicestershire Safer Communities Strategy Board (14 June 2019) and the Chief Constable's
// report to the PCC's Ethics, Integrity and Complaints Committee (15 December 2017). The words are
// the seeds', shortened where long; officers are the demo's fictional people, and real people and
// campaigns the seeds name are described instead. Live blocks stand where the seeds quote figures.
// Paragraphs are numbered through the paper as printed (the purpose is paragraph 1), and the words
// that point at a paragraph use those numbers.

import type { IsoDate } from '../demo-dates.ts';
import { DELIVERY_PLAN_TITLE, STRATEGIC_PLAN_TITLE } from './plans.ts';

/** A live block in a demo paper: its key and settings; a plan is named by its title. */
export type DemoBlock =
  | { block: 'threat-level'; plots: 'yes' | 'no'; timeline: 'yes' | 'no' }
  | { block: 'referrals'; nationalYear: number }
  | { block: 'plans' | 'plans.appendix' | 'plans.consultation'; plan: string }
  | { block: 'funding' };

/** A paragraph in the seed's words, or a live block. */
export type DemoItem = string | DemoBlock;

/** A copy of the shipped template, renamed and reordered as the seed lays its paper out. */
export interface DemoTemplate {
  name: string;
  /** New headings by section key. */
  headings: Record<string, string>;
  /** The implications table's rows, when they differ from the shipped ones. */
  implicationRows?: string[];
  /** Sections moved down (or up, negative) this many places, in this order. */
  moves?: [key: string, places: number][];
}

export interface DemoPaper {
  /** The group (content/groups.ts key) whose meeting the paper goes to. */
  group: string;
  /** The meeting's date, as the seed gives it. */
  date: IsoDate;
  itemTitle: string;
  /** Person key: who presents the item. */
  presenter: string;
  subject: string;
  reportOf: string;
  /** Person key: the paper's author, as printed. */
  author: string;
  /** Null: the shipped template as it is. */
  template: DemoTemplate | null;
  recommendationIntro: string;
  recommendations: string[];
  /** Items by the template's section key. */
  sections: Record<string, DemoItem[]>;
  /** By implications row. */
  implications: Record<string, string>;
  appendices: { title: string; block?: DemoBlock }[];
  backgroundPapers: string[];
  /** Person keys. */
  contacts: string[];
}

const SUSTAINABLE_COMMUNITY_STRATEGY = 'Link to the Sustainable Community Strategy';

export const STOCKTON_PAPER: DemoPaper = {
  group: 'renaissance',
  date: '2009-06-02',
  itemTitle: 'Preventing violent extremism and counter terrorism',
  presenter: 'headOfCommunityProtection',
  subject: 'Preventing Violent Extremism and Counter Terrorism',
  reportOf: 'Head of Community Protection',
  author: 'headOfCommunityProtection',
  template: {
    name: 'Stockton Renaissance report',
    headings: {
      purpose: 'Summary',
      background: 'Detail',
      detail: 'Progress on the action plan',
      'current-position': 'Next steps',
      contact: 'Contact Officer',
    },
    implicationRows: [
      'Financial',
      'Legal',
      'Equality Impact Assessment',
      'Risks and Impact',
      SUSTAINABLE_COMMUNITY_STRATEGY,
      'Communications',
    ],
    // Summary, Recommendations, Detail, Progress on the action plan, Next steps.
    moves: [['detail', -1]],
  },
  recommendationIntro: 'It is recommended that:',
  recommendations: [
    'Stockton Renaissance receives the report and notes its content.',
    "Members of the Board consider how best to make use of the 'Trust your Instincts' DVD (paragraph 7 refers) within their organisation or group.",
    'The draft PVE action plan, attached at Appendix B, be approved.',
  ],
  sections: {
    purpose: [
      'This report outlines the work undertaken to date in Stockton-on-Tees on the Preventing Violent Extremism (PVE) and Counter Terrorism (CT) agendas.',
    ],
    background: [
      "The national strategy for CT ('CONTEST') is based on 'the four Ps': Prevent, to stop people becoming terrorists or supporting violent extremism; Pursue, to stop terrorist attacks; Protect, to strengthen our position against attack; and Prepare, to mitigate the effects of an attack that cannot be stopped. Further information is at Appendix A.",
      "Across Teesside a 'Gold Group' for PVE and CT has been established, chaired by an Assistant Chief Constable, with a 'Silver Group' in each Borough. In Stockton the Silver Group was chaired by the Assistant Chief Executive until March 2009, and since then by the Head of Community Protection. It has been a bilateral Police and Council group, and membership will widen over the coming months, starting with the Prison Service.",
      "The Silver Group is a bespoke partnership for CT and PVE, linking as necessary to the Renaissance Board, the Children's Trust Board, the Safer Stockton Partnership and the other partnerships.",
      'The Silver Group has drawn up and updated a Strategic Action Plan, attached as Appendix B, and agreed how it is carried into a more detailed Operational Action Plan for monitoring and recording progress, which also takes in the actions of the Cleveland Police Strategic Plan for which the District is responsible.',
      'In January 2009 a self-assessment against National Indicator 35 was completed on behalf of Stockton Renaissance. It was deliberately cautious, and in keeping with the other Teesside Districts except Middlesbrough, which has Pathfinder status and additional funding.',
      "One of the early actions completed is the 'Trust your Instincts' DVD, a generic health and safety message for the whole public sector workforce across Teesside, designed to encourage the flow of information and intelligence. The Board will be able to see it at this meeting.",
      'Cleveland Police has appointed a sergeant, with ring-fenced Government funding, to work on the PVE agenda; he is producing community profiles of all four Boroughs. The Security Services and Special Branch are also preparing Counter Terrorism Local Profiles, which will give a more detailed risk assessment and will go to the Silver Group first.',
      'Stockton will have Pathfinder status from April 2010 and will receive £131k in 2010/11 to support work on PVE. It is proposed that the use of this funding is agreed via the Silver Group, drawing on suggestions from a range of sources, including the Awareness Raising Event of 20 May, where about 50 delegates heard national, regional and local speakers, questioned them, and commented on the draft action plan.',
    ],
    detail: [
      { block: 'plans', plan: STRATEGIC_PLAN_TITLE },
      'Delegates’ comments at the awareness raising event have been taken on board and the action plan amended where appropriate.',
      { block: 'plans.consultation', plan: STRATEGIC_PLAN_TITLE },
    ],
    'current-position': [
      'Work on this agenda continues, with ongoing dialogue with our communities a crucial part. Target audiences include all Borough Councillors, young people across the Borough and Muslim communities across the Borough.',
      'Youth delegates said the national strategy over-emphasises work in schools and should do more with young people in non-school settings (Connexions, youth clubs), and that young people were absent from the panel of speakers. The Silver Group will consider how to involve young people more closely in the CT and PVE agendas.',
    ],
  },
  implications: {
    Financial: '£131k Pathfinder funding in 2010/11, its use to be agreed via the Silver Group (paragraph 9).',
    Legal: 'None arising from this report.',
    'Equality Impact Assessment':
      'Dialogue is planned with councillors, young people and Muslim communities across the Borough.',
    'Risks and Impact': 'The Counter Terrorism Local Profile will give a more detailed risk assessment.',
    [SUSTAINABLE_COMMUNITY_STRATEGY]: 'Safer communities theme, through the Safer Stockton Partnership.',
    Communications: "The 'Trust your Instincts' DVD for the public sector workforce across Teesside.",
  },
  appendices: [
    { title: 'The national counter terrorism strategy (CONTEST)' },
    { title: 'Draft PVE action plan', block: { block: 'plans.appendix', plan: STRATEGIC_PLAN_TITLE } },
    { title: 'National Indicator 35 self-assessment, January 2009' },
  ],
  backgroundPapers: ['None'],
  contacts: ['headOfCommunityProtection'],
};

export const LEICESTERSHIRE_PAPER: DemoPaper = {
  group: 'lscsb',
  date: '2019-06-14',
  itemTitle: 'LSCSB update: Prevent',
  presenter: 'stPhilips',
  subject: 'LSCSB update: Prevent',
  reportOf: 'Prevent Coordinator, St Philips Centre',
  author: 'stPhilips',
  template: {
    name: 'Leicestershire board update',
    headings: {
      purpose: 'Purpose of report',
      'current-position': 'Notable developments and challenges',
      detail: 'Key issues for partnership working and in local areas',
      recommendations: 'Recommendations for the Board',
      contact: 'Officer to contact',
    },
    // The board's papers end with their recommendations: after the detail, before the implications.
    moves: [['recommendations', 3]],
  },
  recommendationIntro: 'That:',
  recommendations: [
    'The Board note the contents of the report.',
    "Through Community Safety Partnerships (CSP's) the Board encourage continued engagement and representation on the relevant Prevent groups and Channel panel.",
    "Through Community Safety Partnerships (CSP's) the Board continue to develop and progress local action plans and feed into the Counter Terrorism Local Profile.",
  ],
  sections: {
    purpose: [
      'The purpose of this report is to provide an update on local Prevent delivery and our plans for the future.',
    ],
    background: [
      'Prevent is part of the UK government’s counter-terrorism strategy, CONTEST, and seeks to stop people from being drawn into terrorism. It provides wraparound, multi-agency support to vulnerable individuals to safeguard them from radicalisation, and builds awareness of and resilience against radicalisation through youth workshops, outreach, training and sports engagement.',
    ],
    'current-position': [
      'The developments and challenges for the past year were as follows.',
      { block: 'threat-level', plots: 'yes', timeline: 'no' },
      { block: 'referrals', nationalYear: 2017 },
      'Locally, the highest perceived risk is in the city, and the risk of terrorism in Leicestershire is low. In the last 12 months county referrals have increased and account for 41% of the referrals for Leicester, Leicestershire and Rutland (previously 20%); extreme right-wing referrals are the most common type of concern raised by the county.',
      "A Train the Trainer programme for 'Prevent Champions' was delivered to county colleagues.",
      'For the coming year: nationally, an independent review of Prevent is due to begin in August 2019. Locally, the county is represented on the Prevent Executive Group, the Prevent Steering Group and the Prevent Operational Leads Group, each meeting quarterly, and Prevent will continue to support vulnerable people through the Channel process.',
      'We will implement ten Prevent projects over the coming months to address the threats and risks identified by the Counter Terrorism Local Profile. The focus will be Leicester City, but county locations can be included case by case.',
      { block: 'funding' },
    ],
    detail: [
      'Partnership working and information sharing are vital for successful Channel interventions, so continued engagement from county colleagues would be much appreciated; the Channel panel has good engagement from the county at present.',
      'Board members aware of issues that merit a Prevent response (community tensions, incidents in an education setting) are asked to inform the Prevent Co-ordinator: it may be right to deliver a project there, such as a schools-based workshop.',
      'Geographically, Leicester city is the priority area for Prevent delivery locally. Please contact the Prevent Co-ordinator to host any of the Prevent projects in your area.',
    ],
  },
  implications: {
    Financial: 'The ten projects are funded from Home Office Prevent funding; no cost to the Board.',
    Legal: 'Counter-Terrorism and Security Act 2015 (the Prevent Duty).',
    'Equality Impact Assessment': 'Projects are open to county locations case by case.',
    'Risks and Impact': 'Continued county engagement with the Channel panel.',
    'Link to the Police and Crime Plan': 'Yes: protecting the vulnerable, with partners.',
    Communications: 'Through the Community Safety Partnerships.',
  },
  appendices: [],
  backgroundPapers: [
    'Home Office, Individuals referred to and supported through the Prevent Programme, April 2017 to March 2018',
  ],
  contacts: ['stPhilips'],
};

export const PCC_PAPER: DemoPaper = {
  group: 'ethics',
  date: '2017-12-15',
  itemTitle: 'Prevent and counterterrorism',
  presenter: 'dcc',
  subject: 'Prevent and counterterrorism',
  reportOf: 'Chief Constable',
  author: 'dcc',
  template: null,
  recommendationIntro: 'Members are asked to:',
  recommendations: ['Note the contents of this report.'],
  sections: {
    purpose: ['The purpose of this report is to update members on Prevent and counterterrorism.'],
    background: [
      'The Police and Crime Plan acknowledges that Prevent and Channel are national strategies and commits to work with partners to protect the vulnerable. Local delivery is coordinated through LLR’s Prevent Steering Group.',
      'The Steering Group is chaired by the Director of Communities and Enforcement at Leicester City Council and meets quarterly. Its members represent the specified authorities subject to the Prevent Duty: local authorities, police, prisons, probation, health and education. Its activity is tracked through the Prevent Delivery Plan (Appendix A).',
    ],
    'current-position': [
      'There is no evidence that Prevent affects day to day relations between the police and the public. There are issues of trust and confidence in the strategy nationally, also felt locally, particularly in Muslim communities. The Police Prevent team relies on neighbourhood colleagues to advocate for it, extend its reach and broker meetings.',
      'Community referrals remain low and are often disclosed as part of an existing grievance, such as a family break-up. Research suggests the public rarely approach Prevent directly; they are more likely to make phased disclosures through a community intermediary and local police.',
      "Women's groups have criticised engagement for focusing on men and ignoring their voices.",
      'Youth engagement with the groups most at risk of radicalisation is problematic: well organised campaigns target young people and students with anti-Prevent messaging.',
      'Some groups actively seek to undermine confidence in Prevent and propagate an exaggerated grievance narrative, and families of people referred have been encouraged to disengage from the Channel process.',
      'The quarterly Prevent Steering Group has all key partners represented, to share good practice and initiatives, including: the Community Reference Group, critical friends within the Muslim community who critique and advise local delivery, two of whom sit on the Steering Group; the Prevent Community Forum, an open event normally attended by the Chief Constable; and the Women’s network, led by the local authority Prevent Coordinator with female officers of Leicestershire Police.',
    ],
    detail: [
      'Nationally there is a 14-day plan to track and respond to community sentiment: positive messaging, vigils, high-visibility policing and multi-faith events. It can be localised, but the recent tempo of attacks meant these periods overlapped.',
      'Charging decisions are made case by case, with a CT Senior Investigating Officer and CPS advice where required. They are finely nuanced and the processes can appear arcane; there is a perception that less value is placed on attacks against BME communities. Activity to mitigate those sentiments is tracked through a Community Impact Assessment.',
    ],
  },
  implications: {
    Financial: 'Nil',
    Legal: 'Prevent Duty (Counter-Terrorism and Security Act 2015); Human Rights Act',
    'Equality Impact Assessment': 'Not conducted, but activity is under way to establish best practice nationally',
    'Risks and Impact': 'Community trust and confidence',
    'Link to the Police and Crime Plan': 'Yes',
    Communications: 'Prevent communications from the Force, aligned to messages from NCTPHQ',
  },
  appendices: [{ title: 'Action plan', block: { block: 'plans.appendix', plan: DELIVERY_PLAN_TITLE } }],
  backgroundPapers: ['None'],
  contacts: ['preventInspector', 'dcc'],
};

export const DEMO_PAPERS: DemoPaper[] = [STOCKTON_PAPER, LEICESTERSHIRE_PAPER, PCC_PAPER];

/** The account (content/directory.ts person key) that writes the papers, and the one that signs them off. */
export const PAPER_WRITER = 'coordinator';
export const PAPER_APPROVER = 'admin';
