import { barChart } from '../views/charts.ts';
import type { BlockContent, Paper } from './paper.ts';

/*
 * A paper written out by hand for the writers' tests, in seed 004's layout: a header block, three
 * sections of paragraphs (one with a live block holding a table and a chart), two recommendations,
 * the implications table and two appendices (one live, one attached by hand).
 */

export const REFERRALS_BLOCK: BlockContent = {
  key: 'referral-figures',
  heading: 'Prevent referrals',
  source: 'Home Office, Individuals referred to Prevent',
  asAt: '2018-03-31',
  marking: 'OFFICIAL',
  parts: [
    { kind: 'sentence', text: 'Prevent referrals have risen by 20% to 7,318 in 2017/18.' },
    { kind: 'sentence', text: 'The education sector made the most referrals, about a third.' },
    {
      kind: 'table',
      caption: 'Referrals by sector, 2017/18',
      head: ['Sector', 'Referrals'],
      rows: [
        ['Education', '2,462'],
        ['Police', '2,364'],
        ['Local authority', '1,016'],
      ],
    },
    {
      kind: 'chart',
      caption: 'Referrals by sector, 2017/18 (chart)',
      svg: barChart({
        kind: 'bar',
        id: 'referrals-by-sector',
        title: 'Referrals by sector, 2017/18',
        category: 'Sector',
        bars: [
          { label: 'Education', value: 2462 },
          { label: 'Police', value: 2364 },
          { label: 'Local authority', value: 1016 },
        ],
      }),
      alt: 'Referrals by sector: education 2,462; police 2,364; local authority 1,016.',
    },
  ],
};

const PLAN_BLOCK: BlockContent = {
  key: 'delivery-plan',
  heading: 'PVE Action Plan',
  source: 'Prevent Partnership Hub, delivery plan',
  asAt: '2018-05-01',
  marking: 'OFFICIAL',
  parts: [
    { kind: 'sentence', text: 'The plan has 12 actions: 9 green, 2 amber, 1 red.' },
    { kind: 'list', items: ['Action 1.2 is overdue.', 'Action 3.1 is complete.'] },
  ],
};

export function samplePaper(marking: Paper['header']['marking'] = 'OFFICIAL'): Paper {
  return {
    header: {
      body: 'Police and Crime Panel',
      reportOf: 'Chief Executive, Office of the Police and Crime Commissioner',
      subject: 'Prevent update',
      meetingDate: '4 July 2018',
      author: 'Sam Ortiz, Prevent Coordinator',
      marking,
      agendaItem: 7,
      exemptParagraph: null,
    },
    sections: [
      {
        kind: 'paragraphs',
        heading: 'Purpose of the report',
        items: [{ kind: 'paragraph', text: 'To update the Panel on local Prevent delivery.' }],
      },
      {
        kind: 'recommendations',
        heading: 'Recommendations',
        intro: 'The Panel is recommended to:',
        recommendations: [
          { number: 1, text: 'Note the rise in referrals.', decision: null },
          { number: 2, text: 'Approve the delivery plan at Appendix A.', decision: 'Approved' },
        ],
      },
      {
        kind: 'paragraphs',
        heading: 'Background',
        items: [{ kind: 'paragraph', text: 'Prevent is part of CONTEST, the counter-terrorism strategy.' }],
      },
      {
        kind: 'paragraphs',
        heading: 'Referrals',
        items: [
          { kind: 'paragraph', text: 'Referral figures for the year follow.' },
          { kind: 'block', block: REFERRALS_BLOCK },
        ],
      },
      {
        kind: 'implications',
        heading: 'Implications',
        rows: [
          { heading: 'Financial', text: 'None beyond the existing Prevent grant.' },
          { heading: 'Legal', text: 'The Counter-Terrorism and Security Act 2015, section 26.' },
          { heading: 'Equality impact assessment', text: 'Not required.' },
          { heading: 'Risks and impact', text: 'Low.' },
          { heading: 'Link to the Police and Crime Plan', text: 'Safer communities.' },
          { heading: 'Communications', text: 'None.' },
        ],
      },
      { kind: 'appendices', heading: 'List of appendices' },
      { kind: 'background', heading: 'Background papers', papers: ['Prevent duty guidance (2015)'] },
      {
        kind: 'contact',
        heading: 'Person to contact',
        contacts: [
          { name: 'Sam Ortiz', role: 'Prevent Coordinator', email: 'sam.ortiz@example.org', phone: '0116 000 0000' },
        ],
      },
    ],
    appendices: [
      { letter: 'A', title: 'PVE Action Plan', block: PLAN_BLOCK },
      { letter: 'B', title: 'Prevent duty self-assessment', block: null },
    ],
    version: 1,
    asAt: '2018-06-20',
  };
}
