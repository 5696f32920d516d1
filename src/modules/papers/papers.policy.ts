import { isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { belongsTo, canRunMeetingsOf, isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { paperTemplates, type PAPER_STATUSES } from './papers.tables.ts';

/*
 * The one gate for paper templates and papers.
 * - Templates: coordinators copy any template in use and edit or archive their copies; the one
 *   the Hub ships is never changed in place (a copy is), and an archived one is kept, read only.
 * - Papers: written by those who run the meeting's group (coordinators, and the group's members,
 *   as src/auth/policy.ts's canRunMeetingsOf says); a draft is edited until it is signed off,
 *   and a withdrawn paper is kept, read only.
 * - Reading a paper (its preview, Word download, issued versions, the meeting's agenda pack) is
 *   wider than writing it: the paper goes to the whole group, viewers included, and its author
 *   keeps reading it after leaving the group. Need-to-know on the library's copy is the
 *   documents module's, applied on top.
 */

export type TemplateAction = 'copy' | 'edit' | 'archive';

export interface TemplateFacts {
  shipped: boolean;
  archivedAt: Date | null;
}

const isArchived = (template: TemplateFacts) => template.archivedAt !== null;

/** Templates offered for new papers and copies: those not archived. */
export const templateInUse = isNull(paperTemplates.archivedAt);

export function canTemplate(user: CurrentUser, action: TemplateAction, template: TemplateFacts): boolean {
  if (!isCoordinator(user) || isArchived(template)) return false;
  return action === 'copy' || !template.shipped;
}

const TEMPLATE_REFUSALS: Record<TemplateAction, string> = {
  copy: 'This template is archived: copy one in use',
  edit: 'This template is archived and cannot be changed',
  archive: 'This template is already archived',
};

export function checkTemplate(user: CurrentUser, action: TemplateAction, template: TemplateFacts): void {
  if (!isCoordinator(user)) throw new ForbiddenError('Only coordinators can copy and change paper templates');
  if (isArchived(template)) throw new FormError('name', TEMPLATE_REFUSALS[action]);
  if (action !== 'copy' && template.shipped)
    throw new FormError('name', 'The Hub’s own template cannot be changed: copy it and change the copy');
}

export type PaperStatus = (typeof PAPER_STATUSES)[number];
/** `open`: work on the paper (its compose page, reopening it); `edit`: change its draft. */
export type PaperAction = 'open' | 'edit';

export interface PaperFacts {
  groupId: number;
  status: PaperStatus;
  withdrawnAt: Date | null;
}

/** A draft still being written: not yet signed off or issued, and not withdrawn. */
export const isEditableDraft = (paper: Pick<PaperFacts, 'status' | 'withdrawnAt'>) =>
  paper.status === 'draft' && paper.withdrawnAt === null;

/** Who may write a paper for a meeting of this group (before there is one). */
export const canWritePaperFor = (user: CurrentUser, groupId: number) => canRunMeetingsOf(user, groupId);

export function canPaper(user: CurrentUser, action: PaperAction, paper: PaperFacts): boolean {
  if (!canRunMeetingsOf(user, paper.groupId)) return false;
  return action === 'open' || isEditableDraft(paper);
}

export function checkPaper(user: CurrentUser, action: PaperAction, paper: PaperFacts): void {
  if (!canRunMeetingsOf(user, paper.groupId))
    throw new ForbiddenError('Only coordinators and members of the meeting’s group can write its papers');
  if (action === 'edit' && !isEditableDraft(paper))
    throw new FormError('revision', 'This paper is no longer a draft: it cannot be changed');
}

/** Who may read every paper of a group's meetings: coordinators and the group's members, whatever their role. */
export const canReadMeetingPapers = (user: CurrentUser, groupId: number) =>
  isCoordinator(user) || belongsTo(user, groupId);

/** Who may read one paper, draft or issued: those who read the meeting's papers, and its author. */
export const canReadPaper = (user: CurrentUser, paper: { createdBy: number; groupId: number }) =>
  paper.createdBy === user.accountId || canReadMeetingPapers(user, paper.groupId);
