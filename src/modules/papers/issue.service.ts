import { and, asc, eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canRunMeetingsOf, isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { contentMarking, higherMarking, type Paper } from '../../reports/paper.ts';
import { writePaperDocx } from '../../reports/worker.ts';
import { recordAudit } from '../audit/index.ts';
import { accountName, enabledAccountRoles } from '../accounts/index.ts';
import { addVersion, createDocument, getDocument, listVersions } from '../documents/index.ts';
import { listCurrentMembers } from '../groups/index.ts';
import { setAgendaItemPaper } from '../meetings/index.ts';
import { buildPaper, loadPaper, readablePaper } from './build.ts';
import { checkPaper } from './papers.policy.ts';
import { papers, paperVersions } from './papers.tables.ts';

/*
 * Signing off and issuing a paper. A named approver signs off a draft as it stands (the revision
 * they read); the author or a coordinator then issues it: the paper is built as at that moment and
 * frozen in paper_versions, its DOCX goes to the document library (a new version of the same
 * document each time) and becomes the agenda item's paper. Both refuse a paper whose marking is
 * lower than what it embeds, naming the block. Reopening makes an issued paper a draft again,
 * sign-off cleared; the next issue is the next version, and nothing issued is ever changed.
 */

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type PaperRow = typeof papers.$inferSelect;

type PaperWithGroup = PaperRow & { groupId: number };

/** The paper row with its meeting's group, locked for this change unless `lock` is false. */
async function lockedPaper(tx: Queryable, paperId: number, lock = true): Promise<PaperWithGroup> {
  const query = tx.select().from(papers).where(eq(papers.id, paperId));
  const [paper] = lock ? await query.for('update') : await query;
  if (!paper) throw new NotFoundError('paper');
  const { item } = await loadPaper(tx, paperId);
  return { ...paper, groupId: item.groupId };
}

/** Refuses a paper marked lower than what it contains, naming the block that needs more. */
export function checkMarking(paper: Paper): void {
  const { marking, raisedBy } = contentMarking(paper);
  if (higherMarking(paper.header.marking, marking) === paper.header.marking) return;
  throw new FormError(
    'marking',
    `The block '${raisedBy ?? 'a live block'}' is ${marking}: mark the paper ${marking} or remove it`,
  );
}

/**
 * Who may be named to approve a paper of this group: the enabled accounts of those who may run its
 * meetings (src/auth/policy.ts canRunMeetingsOf: coordinators, and members in the group).
 */
async function approverChoices(db: Queryable, groupId: number) {
  const [accounts, members] = await Promise.all([enabledAccountRoles(db), listCurrentMembers(db, groupId)]);
  const inGroup = new Set(members.map((m) => m.personId));
  return accounts
    .filter(
      (a) => a.role === 'administrator' || a.role === 'coordinator' || (a.role === 'member' && inGroup.has(a.personId)),
    )
    .map(({ id, name, email }) => ({ id, name, email }));
}

/** Everything the sign-off and issue page shows. */
export async function issuePage(db: Queryable, user: CurrentUser, paperId: number) {
  const loaded = await readablePaper(db, user, paperId);
  const [row] = await db
    .select({
      approverAccountId: papers.approverAccountId,
      approverName: accountName(papers.approverAccountId),
      signedOffByName: accountName(papers.signedOffBy),
      signedOffAt: papers.signedOffAt,
      documentId: papers.documentId,
    })
    .from(papers)
    .where(eq(papers.id, paperId));
  const versions = await db
    .select({
      version: paperVersions.version,
      marking: paperVersions.marking,
      asAt: paperVersions.asAt,
      signedOffByName: accountName(paperVersions.signedOffBy),
      issuedByName: accountName(paperVersions.issuedBy),
      issuedAt: paperVersions.issuedAt,
    })
    .from(paperVersions)
    .where(eq(paperVersions.paperId, paperId))
    .orderBy(asc(paperVersions.version));
  const runs = canRunMeetingsOf(user, loaded.item.groupId);
  const { paper } = loaded;
  return {
    paper: { ...paper, ...row! },
    item: loaded.item,
    versions,
    approvers: runs && paper.status === 'draft' ? await approverChoices(db, loaded.item.groupId) : [],
    can: {
      nameApprover: runs && paper.status === 'draft' && !paper.withdrawnAt,
      signOff: paper.status === 'draft' && row!.approverAccountId === user.accountId && runs,
      issue: paper.status === 'signed_off' && mayIssue(user, paper),
      reopen: runs && paper.status !== 'draft' && !paper.withdrawnAt,
    },
  };
}

/** The author or a coordinator issues a paper. */
const mayIssue = (user: CurrentUser, paper: Pick<PaperRow, 'createdBy'>) =>
  paper.createdBy === user.accountId || isCoordinator(user);

/** Names the account that is to sign the draft off. */
export async function nameApprover(db: Database, user: CurrentUser, paperId: number, approverAccountId: number) {
  await db.transaction(async (tx) => {
    const paper = await lockedPaper(tx, paperId);
    checkPaper(user, 'edit', paper);
    if (!(await approverChoices(tx, paper.groupId)).some((a) => a.id === approverAccountId))
      throw new FormError('approverAccountId', 'Select the approver from the list');
    await tx.update(papers).set({ approverAccountId }).where(eq(papers.id, paperId));
    await recordAudit(tx, {
      action: 'paper.approver_named',
      user,
      subjectType: 'paper',
      subjectId: paperId,
      detail: { from: paper.approverAccountId, to: approverAccountId },
    });
  });
}

/**
 * The named approver signs off the revision they read (`basedOn`): refused to anyone else, to a
 * paper that is not a draft, after someone saved a later revision, and when its marking is too low.
 */
export async function signOff(db: Database, user: CurrentUser, paperId: number, basedOn: number) {
  await db.transaction(async (tx) => {
    const paper = await lockedPaper(tx, paperId);
    if (paper.approverAccountId !== user.accountId || !canRunMeetingsOf(user, paper.groupId))
      throw new ForbiddenError('Only the paper’s named approver can sign it off');
    if (paper.status !== 'draft' || paper.withdrawnAt) throw new FormError('revision', 'This paper is not a draft');
    if (paper.revision !== basedOn)
      throw new FormError('revision', 'Someone saved the paper after you opened it: read it again, then sign it off');
    checkMarking(await buildPaper({ db: tx, user, asAt: new Date() }, await loadPaper(tx, paperId)));
    await tx
      .update(papers)
      .set({ status: 'signed_off', signedOffBy: user.accountId, signedOffAt: new Date() })
      .where(eq(papers.id, paperId));
    await recordAudit(tx, {
      action: 'paper.signed_off',
      user,
      subjectType: 'paper',
      subjectId: paperId,
      detail: { revision: paper.revision },
    });
  });
}

/**
 * A later version goes into the same document, shared as the first was: one marked higher than the
 * document would reach readers it must not, so it is refused until the library's copy is re-marked.
 */
async function checkSameSharing(
  tx: Queryable,
  user: CurrentUser,
  documentId: number,
  marking: Paper['header']['marking'],
) {
  const document = await getDocument(tx, user, documentId);
  if (higherMarking(document.marking, marking) !== document.marking)
    throw new FormError(
      'marking',
      `The paper’s document in the library is marked ${document.marking}: change its marking there to ${marking} before issuing this version`,
    );
}

/** The paper's document in the library: created at the first issue, a new version after. Returns both ids. */
async function storeDocx(tx: Database, user: CurrentUser, paper: PaperWithGroup, built: Paper, content: Buffer) {
  const file = { filename: `${built.header.subject} (version ${built.version}).docx`, contentType: DOCX_TYPE, content };
  if (paper.documentId) {
    await checkSameSharing(tx, user, paper.documentId, built.header.marking);
    return { documentId: paper.documentId, fileId: await addVersion(tx, user, paper.documentId, file) };
  }
  const documentId = await createDocument(tx, user, {
    title: built.header.subject,
    marking: built.header.marking,
    audience: paper.audience,
    audienceGroupIds: paper.audience === 'groups' ? [paper.groupId] : undefined,
    meetingId: paper.meetingId,
    file,
  });
  const [latest] = await listVersions(tx, documentId);
  return { documentId, fileId: latest!.id };
}

/** Refuses an issue by someone who may not, of a paper not signed off, or shared wider than its marking allows. */
function checkIssuable(user: CurrentUser, paper: PaperWithGroup): void {
  if (!mayIssue(user, paper) || !canRunMeetingsOf(user, paper.groupId))
    throw new ForbiddenError('Only the paper’s author or a coordinator can issue it');
  if (paper.status !== 'signed_off' || paper.withdrawnAt)
    throw new FormError('paper', 'Only a paper that has been signed off can be issued');
  if (paper.marking === 'OFFICIAL-SENSITIVE' && paper.audience === 'everyone')
    throw new FormError(
      'audience',
      'An OFFICIAL-SENSITIVE paper goes to the meeting’s group only: change who may read it',
    );
}

/**
 * Issues a signed-off paper as its next version; returns the version's number. The paper is built
 * and its Word document written before the transaction: writing takes a moment, and on the
 * embedded database a transaction holds every other query (a live event's votes) until it ends.
 * The transaction then checks that the paper is as it was built from.
 */
export async function issuePaper(db: Database, user: CurrentUser, paperId: number): Promise<number> {
  const read = await lockedPaper(db, paperId, false);
  checkIssuable(user, read);
  const asAt = new Date();
  const built = await buildPaper({ db, user, asAt }, await loadPaper(db, paperId));
  checkMarking(built);
  const content = await writePaperDocx(built);
  return db.transaction(async (tx) => {
    const paper = await lockedPaper(tx, paperId);
    checkIssuable(user, paper);
    if (paper.revision !== read.revision || paper.signedOffAt?.getTime() !== read.signedOffAt?.getTime())
      throw new FormError('paper', 'The paper changed while it was being issued: check it and issue it again');
    // A transaction is a database to the documents door: its own changes nest in this one.
    const { documentId, fileId } = await storeDocx(tx, user, paper, built, content);
    await tx.insert(paperVersions).values({
      paperId,
      version: built.version,
      paper: built,
      marking: built.header.marking,
      asAt,
      signedOffBy: paper.signedOffBy!,
      signedOffAt: paper.signedOffAt!,
      issuedBy: user.accountId,
      documentFileId: fileId,
    });
    await tx.update(papers).set({ status: 'issued', documentId }).where(eq(papers.id, paperId));
    await setAgendaItemPaper(tx, paper.agendaItemId, documentId);
    await recordAudit(tx, {
      action: 'paper.issued',
      user,
      subjectType: 'paper',
      subjectId: paperId,
      detail: { version: built.version, documentId, fileId, marking: built.header.marking, revision: paper.revision },
    });
    return built.version;
  });
}

/** Opens a signed-off or issued paper for changes: a draft again, its sign-off cleared. */
export async function reopenPaper(db: Database, user: CurrentUser, paperId: number) {
  await db.transaction(async (tx) => {
    const paper = await lockedPaper(tx, paperId);
    checkPaper(user, 'open', paper);
    if (paper.status === 'draft' || paper.withdrawnAt)
      throw new FormError('paper', 'Only a signed-off or issued paper can be reopened');
    await tx
      .update(papers)
      .set({ status: 'draft', signedOffBy: null, signedOffAt: null })
      .where(eq(papers.id, paperId));
    await recordAudit(tx, {
      action: 'paper.reopened',
      user,
      subjectType: 'paper',
      subjectId: paperId,
      detail: { from: paper.status, revision: paper.revision },
    });
  });
}

/** An issued version's frozen Paper, for one who may read the paper; 404 for anyone else. */
export async function issuedVersion(db: Queryable, user: CurrentUser, paperId: number, version: number) {
  await readablePaper(db, user, paperId);
  const [row] = await db
    .select({ paper: paperVersions.paper, marking: paperVersions.marking })
    .from(paperVersions)
    .where(and(eq(paperVersions.paperId, paperId), eq(paperVersions.version, version)));
  if (!row) throw new NotFoundError('paper version');
  return row;
}
