/*
 * For the late-paper and minutes tests: a board paper for an agenda item, issued at a given moment
 * (or still a draft, without one) with a given marking, written straight into the tables (issuing
 * itself is issue.test.ts's).
 */
import type { Queryable } from '../../db/client.ts';
import type { Paper, PaperMarking } from '../../reports/paper.ts';
import { FIXTURE_DRAFT, FIXTURE_SECTIONS } from './build.fixtures.ts';
import { papers, paperTemplates, paperVersions } from './papers.tables.ts';

export async function issuedPaperFixture(
  db: Queryable,
  options: {
    meetingId: number;
    agendaItemId: number;
    accountId: number;
    issuedAt?: Date;
    marking?: PaperMarking;
  },
) {
  const marking = options.marking ?? 'OFFICIAL';
  const [template] = await db
    .insert(paperTemplates)
    .values({ name: 'Board report', sections: FIXTURE_SECTIONS })
    .returning();
  const [paper] = await db
    .insert(papers)
    .values({
      meetingId: options.meetingId,
      agendaItemId: options.agendaItemId,
      templateId: template!.id,
      subject: 'Prevent update',
      marking,
      audience: marking === 'OFFICIAL' ? 'everyone' : 'groups',
      status: options.issuedAt ? 'issued' : 'draft',
      draft: FIXTURE_DRAFT,
      createdBy: options.accountId,
    })
    .returning();
  if (!options.issuedAt) return paper!.id;
  await db.insert(paperVersions).values({
    paperId: paper!.id,
    version: 1,
    // The frozen paper is not what these tests read: a placeholder of the right shape will do.
    paper: { sections: [], appendices: [] } as unknown as Paper,
    marking,
    asAt: options.issuedAt,
    signedOffBy: options.accountId,
    signedOffAt: options.issuedAt,
    issuedBy: options.accountId,
    issuedAt: options.issuedAt,
  });
  return paper!.id;
}
