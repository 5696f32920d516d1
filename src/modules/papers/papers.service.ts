import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError, FormError, HubError, NotFoundError } from '../../errors.ts';
import type { PaperMarking } from '../../reports/paper.ts';
import { recordAudit } from '../audit/index.ts';
import { accountName } from '../accounts/index.ts';
import { addRecommendation, meetingDecision, meetingLabels, recommendationsOfMeeting } from '../meetings/index.ts';
import { draftChanges, emptyDraft, type DraftChange } from './compose.ts';
import { liveBlock } from './papers.blocks.ts';
import { canPaper, checkPaper, canWritePaperFor, type PaperAction } from './papers.policy.ts';
import { paperDrafts, papers, paperTemplates, type PaperDraft } from './papers.tables.ts';
import { templateChoices, templateRecord } from './templates.service.ts';
import type { AUDIENCES } from './papers.forms.ts';

/*
 * Writing a paper for an agenda item, and saving its draft. Every save names the revision it was
 * based on: the paper row is locked, and a save based on an older revision is refused with what
 * changed since (DraftConflict), so two authors never silently overwrite each other. Each save
 * adds a row to paper_drafts (the revision as saved) and an audit entry, in one transaction.
 */

export type Audience = (typeof AUDIENCES)[number];

/** The agenda item a paper is written for, with its meeting; refused to anyone who does not run its group. */
async function agendaItemFor(db: Queryable, user: CurrentUser, agendaItemId: number) {
  const item = await meetingDecision(db, agendaItemId);
  if (!item) throw new NotFoundError('agenda item');
  const meeting = (await meetingLabels(db, [item.meetingId])).get(item.meetingId);
  if (!meeting) throw new NotFoundError('meeting');
  if (!canWritePaperFor(user, meeting.groupId))
    throw new ForbiddenError('Only coordinators and members of the meeting’s group can write its papers');
  return { item: { id: item.id, title: item.title }, meeting };
}

/** What the "Write a paper" form needs: the item, its meeting, and the templates to choose from. */
export async function writePaperPage(db: Queryable, user: CurrentUser, agendaItemId: number) {
  const { item, meeting } = await agendaItemFor(db, user, agendaItemId);
  return { item, meeting, templates: await templateChoices(db), existing: await papersOfItem(db, item.id) };
}

/** The papers already being written for an agenda item, newest first. */
export function papersOfItem(db: Queryable, agendaItemId: number) {
  return db
    .select({ id: papers.id, subject: papers.subject, status: papers.status, revision: papers.revision })
    .from(papers)
    .where(eq(papers.agendaItemId, agendaItemId))
    .orderBy(asc(papers.id));
}

export interface WritePaperInput {
  agendaItemId: number;
  templateId: number;
  subject: string;
  marking: PaperMarking;
  audience: Audience;
}

/** Starts a paper for an agenda item from a template: every section empty, the author the writer. */
export async function writePaper(db: Queryable, user: CurrentUser, input: WritePaperInput): Promise<number> {
  const { item, meeting } = await agendaItemFor(db, user, input.agendaItemId);
  const template = await templateRecord(db, input.templateId).catch(() => null);
  if (!template || template.archivedAt) throw new FormError('templateId', 'Choose a template from the list');
  const draft = emptyDraft(template.sections, user.name);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(papers)
      .values({
        meetingId: meeting.id,
        agendaItemId: item.id,
        templateId: template.id,
        subject: input.subject,
        marking: input.marking,
        audience: input.audience,
        draft,
        createdBy: user.accountId,
      })
      .returning({ id: papers.id });
    await tx
      .insert(paperDrafts)
      .values({ paperId: row!.id, revision: 1, subject: input.subject, draft, savedBy: user.accountId });
    await recordAudit(tx, {
      action: 'paper.created',
      user,
      subjectType: 'paper',
      subjectId: row!.id,
      detail: { agendaItemId: item.id, templateId: template.id, marking: input.marking, audience: input.audience },
    });
    return row!.id;
  });
}

const paperColumns = {
  id: papers.id,
  meetingId: papers.meetingId,
  agendaItemId: papers.agendaItemId,
  templateId: papers.templateId,
  subject: papers.subject,
  marking: papers.marking,
  audience: papers.audience,
  status: papers.status,
  draft: papers.draft,
  revision: papers.revision,
  withdrawnAt: papers.withdrawnAt,
  updatedAt: papers.updatedAt,
  updatedByName: accountName(papers.updatedBy),
};

/** A paper with its meeting's group, checked to be the user's to do this with. */
export async function paperFor(db: Queryable, user: CurrentUser, paperId: number, action: PaperAction) {
  const [paper] = await db.select(paperColumns).from(papers).where(eq(papers.id, paperId));
  if (!paper) throw new NotFoundError('paper');
  const meeting = (await meetingLabels(db, [paper.meetingId])).get(paper.meetingId)!;
  checkPaper(user, action, { ...paper, groupId: meeting.groupId });
  return { paper, meeting, canEdit: canPaper(user, 'edit', { ...paper, groupId: meeting.groupId }) };
}

/** Everything the compose page shows. */
export async function composePage(db: Queryable, user: CurrentUser, paperId: number) {
  const { paper, meeting, canEdit } = await paperFor(db, user, paperId, 'open');
  const [template, item, recommendations] = await Promise.all([
    templateRecord(db, paper.templateId),
    meetingDecision(db, paper.agendaItemId),
    recommendationsOfMeeting(db, paper.meetingId),
  ]);
  return {
    paper,
    meeting,
    canEdit,
    item: { id: paper.agendaItemId, title: item?.title ?? '' },
    template,
    recommendations: recommendations.filter((rec) => rec.agendaItemId === paper.agendaItemId),
  };
}

/** A save on an older revision: what changed since, who saved it and when. */
export class DraftConflict extends HubError {
  constructor(
    readonly revision: number,
    readonly changes: DraftChange[],
    readonly savedBy: { name: string | null; savedAt: Date }[],
  ) {
    super(409, 'conflict', 'Someone else saved this paper after you opened it');
  }
}

/** The paper's header fields a save may also change. */
export interface HeaderChange {
  subject?: string;
  marking?: PaperMarking;
  audience?: Audience;
}

/**
 * Applies one change to the draft, if `basedOn` is still its revision: the paper's revision goes up
 * by one, the draft as saved is kept in paper_drafts, and the save is audited (`what` says what
 * changed). A change made on an older revision throws DraftConflict and changes nothing.
 */
export async function saveDraft(
  db: Queryable,
  user: CurrentUser,
  paperId: number,
  basedOn: number,
  what: string,
  change: (draft: PaperDraft, template: TemplateSections) => PaperDraft,
  header: HeaderChange = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    const [paper] = await tx.select().from(papers).where(eq(papers.id, paperId)).for('update');
    if (!paper) throw new NotFoundError('paper');
    const meeting = (await meetingLabels(tx, [paper.meetingId])).get(paper.meetingId)!;
    checkPaper(user, 'edit', { ...paper, groupId: meeting.groupId });
    if (paper.revision !== basedOn) throw await conflict(tx, paper, basedOn);
    const [template] = await tx
      .select({ sections: paperTemplates.sections })
      .from(paperTemplates)
      .where(eq(paperTemplates.id, paper.templateId));
    const draft = change(paper.draft, template!.sections);
    const revision = paper.revision + 1;
    const subject = header.subject ?? paper.subject;
    await tx
      .update(papers)
      .set({ ...header, draft, revision, updatedBy: user.accountId, updatedAt: new Date() })
      .where(eq(papers.id, paperId));
    await tx.insert(paperDrafts).values({ paperId, revision, subject, draft, savedBy: user.accountId });
    await recordAudit(tx, {
      action: 'paper.draft_saved',
      user,
      subjectType: 'paper',
      subjectId: paperId,
      detail: { revision, change: what, ...headerChanges(paper, header) },
    });
    return revision;
  });
}

type TemplateSections = (typeof paperTemplates.$inferSelect)['sections'];

function headerChanges(paper: typeof papers.$inferSelect, header: HeaderChange) {
  const changed = (Object.keys(header) as (keyof HeaderChange)[]).filter((k) => header[k] !== paper[k]);
  return changed.length
    ? { header: Object.fromEntries(changed.map((k) => [k, { from: paper[k], to: header[k] }])) }
    : {};
}

/** What was saved after the revision the author started from. */
async function conflict(tx: Queryable, paper: typeof papers.$inferSelect, basedOn: number): Promise<DraftConflict> {
  const [base] = await tx
    .select({ subject: paperDrafts.subject, draft: paperDrafts.draft })
    .from(paperDrafts)
    .where(and(eq(paperDrafts.paperId, paper.id), eq(paperDrafts.revision, basedOn)));
  const since = await tx
    .select({ name: accountName(paperDrafts.savedBy), savedAt: paperDrafts.savedAt })
    .from(paperDrafts)
    .where(and(eq(paperDrafts.paperId, paper.id), gt(paperDrafts.revision, basedOn)))
    .orderBy(asc(paperDrafts.revision));
  const [template] = await tx
    .select({ sections: paperTemplates.sections })
    .from(paperTemplates)
    .where(eq(paperTemplates.id, paper.templateId));
  const title = (key: string) => liveBlock(key)?.title ?? key;
  // A revision the paper never had (an altered form) is compared with the first draft.
  const before = base ?? { subject: paper.subject, draft: emptyDraft(template!.sections, '') };
  const changes = draftChanges(
    { ...before.draft, subject: before.subject },
    { ...paper.draft, subject: paper.subject },
    template!.sections,
    title,
  );
  return new DraftConflict(paper.revision, changes, since);
}

/** Adds a recommendation under the paper's agenda item: a row of the meeting's, which the meeting decides. */
export async function addPaperRecommendation(db: Queryable, user: CurrentUser, paperId: number, text: string) {
  const { paper } = await paperFor(db, user, paperId, 'edit');
  await db.transaction((tx) =>
    addRecommendation(tx, user, { meetingId: paper.meetingId, agendaItemId: paper.agendaItemId, text }),
  );
}
