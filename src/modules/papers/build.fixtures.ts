/*
 * A draft paper written straight into the tables, for the tests of building and previewing: seed
 * 001's Stockton report to the board on 2 June 2009, agenda item 16, with two recommendations
 * under the item (one decided) and one under another item that the paper must not show.
 */
import type { Queryable } from '../../db/client.ts';
import { londonToUtc } from '../meetings/meetings.dates.ts';
import { agendaItems, meetingRecommendations, meetings } from '../meetings/meetings.tables.ts';
import { papers, paperTemplates, type PaperDraft, type TemplateSection } from './papers.tables.ts';

export const FIXTURE_SECTIONS: TemplateSection[] = [
  { key: 'summary', kind: 'paragraphs', heading: 'Summary', guidance: 'What the report covers.' },
  { key: 'recommendations', kind: 'recommendations', heading: 'Recommendations', guidance: '' },
  { key: 'detail', kind: 'paragraphs', heading: 'Detail', guidance: 'The numbered paragraphs.' },
  { key: 'implications', kind: 'implications', heading: 'Implications', guidance: '', rows: ['Financial', 'Legal'] },
  { key: 'appendices', kind: 'appendices', heading: 'List of Appendices', guidance: '' },
  { key: 'background', kind: 'background', heading: 'Background Papers', guidance: '' },
  { key: 'contact', kind: 'contact', heading: 'Person to Contact', guidance: '' },
];

export const FIXTURE_DRAFT: PaperDraft = {
  reportOf: 'Head of Community Protection',
  author: 'Mike Batty',
  sections: {
    summary: {
      items: [{ kind: 'paragraph', text: 'This report outlines the work undertaken to date in Stockton-on-Tees.' }],
    },
    detail: {
      items: [{ kind: 'paragraph', text: 'The National Strategy for CT is based on the four Ps.' }],
    },
    implications: { implications: { Financial: 'Nil' } },
    background: { papers: ['CONTEST, 2009'] },
    contact: {
      contacts: [{ name: 'Mike Batty', role: 'Head of Community Protection', email: 'm@example.org', phone: '01642' }],
    },
  },
  appendices: [{ title: 'CONTEST: the four Ps', block: null }],
};

export interface FixtureOptions {
  groupId: number;
  createdBy: number;
  marking?: 'OFFICIAL' | 'OFFICIAL-SENSITIVE';
  draft?: PaperDraft;
}

/** The meeting, its agenda, recommendations, a template and a draft paper; returns their ids. */
export async function draftPaperFixture(db: Queryable, options: FixtureOptions) {
  const [meeting] = await db
    .insert(meetings)
    .values({
      groupId: options.groupId,
      startsAt: londonToUtc('2009-06-02', '10:00'),
      endsAt: londonToUtc('2009-06-02', '12:00'),
    })
    .returning();
  const [other, item] = await db
    .insert(agendaItems)
    .values([
      { meetingId: meeting!.id, position: 15, title: 'Community safety' },
      { meetingId: meeting!.id, position: 16, title: 'Preventing violent extremism' },
    ])
    .returning();
  await db.insert(meetingRecommendations).values([
    { meetingId: meeting!.id, agendaItemId: other!.id, number: 1, text: 'Another item’s recommendation' },
    {
      meetingId: meeting!.id,
      agendaItemId: item!.id,
      number: 2,
      text: 'Stockton Renaissance receives the report and notes its content.',
      decision: 'noted',
    },
    { meetingId: meeting!.id, agendaItemId: item!.id, number: 3, text: 'The draft PVE action plan be approved.' },
  ]);
  const [template] = await db
    .insert(paperTemplates)
    .values({ name: 'Stockton board report', sections: FIXTURE_SECTIONS })
    .returning();
  const [paper] = await db
    .insert(papers)
    .values({
      meetingId: meeting!.id,
      agendaItemId: item!.id,
      templateId: template!.id,
      subject: 'Preventing violent extremism & counter terrorism',
      marking: options.marking ?? 'OFFICIAL',
      draft: options.draft ?? FIXTURE_DRAFT,
      createdBy: options.createdBy,
    })
    .returning();
  return { meetingId: meeting!.id, agendaItemId: item!.id, templateId: template!.id, paperId: paper!.id };
}
