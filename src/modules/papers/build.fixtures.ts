/*
 * A draft paper written straight into the tables, for the tests of building and previewing: seed
 * 001's Stockton report to the board on 2 June 2009, agenda item 16, with two recommendations
 * under the item (one decided) and one under another item that the paper must not show.
 */
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { group, member } from '../../../test/factories.ts';
import { auditLog } from '../audit/audit.tables.ts';
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

/**
 * For the tests of reading a paper (preview, download): a hub with a group, a member of it signed
 * in as the papers' author, a way to write them a paper, and the restricted reads recorded of one.
 */
export async function paperReaders(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const board = await group(hub);
  const { browser: author, user } = await signedIn(hub, 'member');
  await member(hub, board.id, user.personId);
  const paper = (marking: 'OFFICIAL' | 'OFFICIAL-SENSITIVE', draft = FIXTURE_DRAFT) =>
    draftPaperFixture(hub.database.db, { groupId: board.id, createdBy: user.accountId, marking, draft });
  const restrictedReads = (paperId: number) =>
    hub.database.db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'paper.previewed'), eq(auditLog.subjectId, String(paperId))));
  return { hub, board, author, paper, restrictedReads };
}

/**
 * Only a paper's readers get `url(paperId)`: coordinators and the group's members (a viewer too)
 * do; a member of another group, a viewer outside it and the signed out do not, nor bad ids.
 */
export async function assertOnlyReaders(
  readers: Awaited<ReturnType<typeof paperReaders>>,
  paperId: number,
  url: (paperId: number | string) => string,
): Promise<void> {
  const { hub, board, author } = readers;
  const statusFor = async (browser: Awaited<ReturnType<typeof signedIn>>['browser']) =>
    (await browser.get(url(paperId))).statusCode;
  assert.equal(await statusFor((await signedIn(hub, 'coordinator')).browser), 200);
  const viewer = await signedIn(hub, 'viewer');
  await member(hub, board.id, viewer.user.personId);
  assert.equal(await statusFor(viewer.browser), 200, 'a viewer in the group reads its papers');
  const outsider = await signedIn(hub, 'member');
  await member(hub, (await group(hub)).id, outsider.user.personId);
  assert.equal(await statusFor(outsider.browser), 404);
  assert.equal(await statusFor((await signedIn(hub, 'viewer')).browser), 404);
  const signedOut = await hub.app.inject({ method: 'GET', url: url(paperId) });
  assert.notEqual(signedOut.statusCode, 200);
  assert.doesNotMatch(signedOut.body, /Preventing violent extremism/);
  for (const bad of [0, 'abc', 99999999999, paperId + 50]) assert.equal((await author.get(url(bad))).statusCode, 404);
}
