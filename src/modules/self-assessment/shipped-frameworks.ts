import type { LevelColour } from './self-assessment.tables.ts';

/*
 * The two frameworks the Hub ships with (issue 14). The migration that creates the tables inserts
 * them from these words (its INSERTs were written from this file), so a fresh Hub has them.
 */

export interface FrameworkContent {
  name: string;
  years: string;
  description: string;
  weakUpTo: number;
  levels: { value: number; name: string; meaning: string; colour: LevelColour }[];
  sections: { title: string; criteria: { title: string; description: string; evidenceExpected: string }[] }[];
}

export const NI35: FrameworkContent = {
  name: 'National Indicator 35',
  years: '2008–2010',
  description:
    'Building resilience to violent extremism: the national indicator by which local strategic partnerships assessed their Prevent work, each of four strands scored from 1 to 5.',
  weakUpTo: 2,
  levels: [
    { value: 1, name: '1', meaning: 'Little or no work in place yet', colour: 'red' },
    { value: 2, name: '2', meaning: 'Early stages: work planned or just begun', colour: 'orange' },
    { value: 3, name: '3', meaning: 'Work in place and making progress, with some evidence', colour: 'yellow' },
    { value: 4, name: '4', meaning: 'Established and effective, with good evidence', colour: 'green' },
    {
      value: 5,
      name: '5',
      meaning: 'Fully established, evaluated and improving, with strong evidence',
      colour: 'blue',
    },
  ],
  sections: [
    {
      title: 'Understanding of, and engagement with, Muslim communities',
      criteria: [
        {
          title: 'Understanding of, and engagement with, Muslim communities',
          description:
            'The partnership knows its Muslim communities (their make-up, places of worship, organisations and leaders) and engages with them regularly, including women and young people.',
          evidenceExpected:
            'A community profile; a record of meetings and engagement with mosques, faith and community groups; examples of concerns raised by communities and what was done.',
        },
      ],
    },
    {
      title: 'Knowledge and understanding of the drivers and causes of violent extremism and the Prevent objectives',
      criteria: [
        {
          title:
            'Knowledge and understanding of the drivers and causes of violent extremism and the Prevent objectives',
          description:
            'Partners and front-line staff understand what draws people towards violent extremism and what the Prevent objectives ask of them.',
          evidenceExpected:
            'Awareness sessions held and who attended; briefing material in use; staff able to say how they would raise a concern.',
        },
      ],
    },
    {
      title: 'Development of a risk-based Prevent action plan',
      criteria: [
        {
          title: 'Development of a risk-based Prevent action plan',
          description:
            'An action plan drawn from a local assessment of risk (with the police Counter-Terrorism Local Profile), agreed by the partnership and owned by named leads.',
          evidenceExpected:
            'The action plan with leads and dates; the risk assessment it rests on; the minute of the meeting that agreed it.',
        },
      ],
    },
    {
      title: 'Effective oversight, delivery and evaluation of projects',
      criteria: [
        {
          title: 'Effective oversight, delivery and evaluation of projects',
          description:
            'A named group oversees delivery, reviews progress against the plan and evaluates what projects achieved.',
          evidenceExpected:
            'Progress reports to the overseeing group; project monitoring returns; evaluations and the changes made as a result.',
        },
      ],
    },
  ],
};

export const PREVENT_DUTY_TOOLKIT: FrameworkContent = {
  name: 'Prevent duty toolkit for local authorities',
  years: '2024',
  description:
    'The Home Office toolkit for local authorities and partners to assess how well the Prevent duty is delivered locally, area by area.',
  weakUpTo: 2,
  levels: [
    { value: 1, name: 'Red', meaning: 'Not in place', colour: 'red' },
    { value: 2, name: 'Amber', meaning: 'Partly in place', colour: 'orange' },
    { value: 3, name: 'Green', meaning: 'In place', colour: 'green' },
    { value: 4, name: 'Blue', meaning: 'Good practice others could adopt', colour: 'blue' },
  ],
  sections: [
    {
      title: 'Multi-agency partnership group',
      criteria: [
        {
          title: 'A multi-agency group oversees Prevent delivery',
          description:
            'A partnership group with the right partners (council, police, health, education, probation) meets regularly, with terms of reference and a senior chair.',
          evidenceExpected: 'Terms of reference; membership list; minutes and attendance of recent meetings.',
        },
      ],
    },
    {
      title: 'Local risk assessment',
      criteria: [
        {
          title: 'Prevent activity rests on an up-to-date local risk assessment',
          description:
            'The local risk is assessed using the Counter-Terrorism Local Profile and local information, and refreshed at least once a year.',
          evidenceExpected: 'The risk assessment and its date; how the Counter-Terrorism Local Profile was used.',
        },
      ],
    },
    {
      title: 'Partnership plan',
      criteria: [
        {
          title: 'A partnership plan answers the local risk',
          description: 'A plan with actions, leads and dates that answers each risk identified, reviewed by the group.',
          evidenceExpected: 'The partnership plan; progress reports against it.',
        },
      ],
    },
    {
      title: 'Referral pathway',
      criteria: [
        {
          title: 'Staff know how to make a Prevent referral',
          description:
            'A clear referral pathway, consistent with safeguarding procedures, that staff across the authority and partners know and use.',
          evidenceExpected: 'The published pathway; referral figures; examples of referrals handled well.',
        },
      ],
    },
    {
      title: 'Channel panel',
      criteria: [
        {
          title: 'The Channel panel works as the duty guidance requires',
          description:
            'The panel is chaired by the local authority, meets when needed with the right partners and reviews cases at 6 and 12 months.',
          evidenceExpected: 'Panel terms of reference; attendance; case review records.',
        },
      ],
    },
    {
      title: 'Training programme',
      criteria: [
        {
          title: 'Staff are trained to the level their role needs',
          description:
            'A training programme covering who needs which training, with completion recorded and refreshed.',
          evidenceExpected: 'The training plan; completion figures by service; feedback from sessions.',
        },
      ],
    },
    {
      title: 'Reducing permissive environments',
      criteria: [
        {
          title: 'Venues, events and council systems do not give extremists a platform',
          description:
            'Policies on room bookings, events, IT filtering and procurement stop the authority’s resources being used to spread extremist views.',
          evidenceExpected: 'Venue hire and IT policies; examples of their use; checks on commissioned services.',
        },
      ],
    },
    {
      title: 'Communications and engagement',
      criteria: [
        {
          title: 'Communities and staff hear about Prevent and can raise concerns',
          description:
            'A communications plan explains Prevent to communities and staff, answers misinformation and engages civil society groups.',
          evidenceExpected: 'The communications plan; engagement held and with whom; how feedback was acted on.',
        },
      ],
    },
  ],
};

export const SHIPPED_FRAMEWORKS = [NI35, PREVENT_DUTY_TOOLKIT];
