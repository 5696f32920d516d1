import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canAddDocumentsTo } from '../../auth/policy.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { meetings } from '../meetings/meetings.tables.ts';
import { people } from '../organisations/organisations.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { documentFiles, documentGroups, documents, type Marking } from './documents.tables.ts';
import { safeContentType, sanitiseFilename, sha256 } from './documents.files.ts';

// CONTRACT (used by other modules; the documents module owns the implementation).

export interface DocumentSummary {
  id: number;
  title: string;
  marking: 'OFFICIAL' | 'OFFICIAL-SENSITIVE';
  expectedOn: string | null;
  groupId: number | null;
  meetingId: number | null;
  /** Null when the document is only expected and has no file yet. */
  latestFileId: number | null;
  updatedAt: Date;
}

export const SENSITIVE: Marking = 'OFFICIAL-SENSITIVE';
type Audience = 'everyone' | 'groups';

/**
 * Need-to-know, as one SQL condition on `documents`: the user may know a document exists if
 * it is for everyone, they added it, or they are a current member of one of its groups.
 * Roles do not enter into it: an administrator outside the groups does not see it either.
 * Every query that reads documents uses this, so nothing is filtered after the fact.
 */
export function visibleTo(user: CurrentUser): SQL {
  const inTheirGroups = user.groupIds.length
    ? sql`exists (select 1 from ${documentGroups} where ${documentGroups.documentId} = ${documents.id} and ${inArray(documentGroups.groupId, user.groupIds)})`
    : sql`false`;
  return sql`(${documents.audience} = 'everyone' or ${documents.createdBy} = ${user.accountId} or ${inTheirGroups})`;
}

// The newest version is the one with the highest id: versions are only ever added.
const latestFileId = sql<
  number | null
>`(select max(${documentFiles.id}) from ${documentFiles} where ${documentFiles.documentId} = ${documents.id})`.mapWith(
  Number,
);
const latestFileAt =
  sql<Date | null>`(select max(${documentFiles.uploadedAt}) from ${documentFiles} where ${documentFiles.documentId} = ${documents.id})`.mapWith(
    documentFiles.uploadedAt,
  );
const updatedAt =
  sql<Date>`coalesce((select max(${documentFiles.uploadedAt}) from ${documentFiles} where ${documentFiles.documentId} = ${documents.id}), ${documents.createdAt})`.mapWith(
    documents.createdAt,
  );
const hasNoFile = sql`not exists (select 1 from ${documentFiles} where ${documentFiles.documentId} = ${documents.id})`;

/** Documents the user may know exist (need-to-know applied), newest first. */
export async function listVisibleDocuments(
  db: Queryable,
  user: CurrentUser,
  filter: { groupId?: number; meetingId?: number; limit?: number } = {},
): Promise<DocumentSummary[]> {
  const conditions = [visibleTo(user), isNull(documents.archivedAt)];
  if (filter.groupId) conditions.push(eq(documents.groupId, filter.groupId));
  if (filter.meetingId) conditions.push(eq(documents.meetingId, filter.meetingId));
  return db
    .select({
      id: documents.id,
      title: documents.title,
      marking: documents.marking,
      expectedOn: documents.expectedOn,
      groupId: documents.groupId,
      meetingId: documents.meetingId,
      latestFileId,
      updatedAt,
    })
    .from(documents)
    .where(and(...conditions))
    .orderBy(desc(updatedAt), desc(documents.id))
    .limit(filter.limit ?? 500);
}

/** Whether the user may know the document exists. */
export async function canSeeDocument(db: Queryable, user: CurrentUser, documentId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.id, documentId), visibleTo(user)));
  return row !== undefined;
}

export interface LibraryFilter {
  groupId?: number;
  areaId?: number;
  marking?: Marking;
  /** Only documents listed before they exist (no file yet). */
  expectedOnly?: boolean;
}

/** The library page: what the user may see, with the names the table shows. */
export function listLibrary(db: Queryable, user: CurrentUser, filter: LibraryFilter) {
  const conditions = [visibleTo(user), isNull(documents.archivedAt)];
  if (filter.groupId) conditions.push(eq(documents.groupId, filter.groupId));
  if (filter.areaId) conditions.push(eq(documents.areaId, filter.areaId));
  if (filter.marking) conditions.push(eq(documents.marking, filter.marking));
  if (filter.expectedOnly) conditions.push(hasNoFile);
  return db
    .select({
      id: documents.id,
      title: documents.title,
      marking: documents.marking,
      expectedOn: documents.expectedOn,
      groupId: documents.groupId,
      groupName: groups.name,
      areaName: areas.name,
      latestFileId,
      latestFileAt,
    })
    .from(documents)
    .leftJoin(groups, eq(groups.id, documents.groupId))
    .leftJoin(areas, eq(areas.id, documents.areaId))
    .where(and(...conditions))
    .orderBy(desc(updatedAt), desc(documents.id))
    .limit(500);
}

/** Search: titles and descriptions containing the words, need-to-know applied in the query. */
export function searchDocuments(db: Queryable, user: CurrentUser, pattern: string, limit = 50) {
  return db
    .select({
      id: documents.id,
      title: documents.title,
      marking: documents.marking,
      description: documents.description,
      groupName: groups.name,
      expectedOn: documents.expectedOn,
      latestFileId,
    })
    .from(documents)
    .leftJoin(groups, eq(groups.id, documents.groupId))
    .where(
      and(
        visibleTo(user),
        isNull(documents.archivedAt),
        sql`(${documents.title} ilike ${pattern} or ${documents.description} ilike ${pattern})`,
      ),
    )
    .orderBy(desc(updatedAt), desc(documents.id))
    .limit(limit);
}

/** One document the user may see, with the names its page shows; NotFoundError otherwise. */
export async function getDocument(db: Queryable, user: CurrentUser, documentId: number) {
  const [document] = await db
    .select({
      id: documents.id,
      title: documents.title,
      description: documents.description,
      marking: documents.marking,
      audience: documents.audience,
      groupId: documents.groupId,
      groupName: groups.name,
      meetingId: documents.meetingId,
      meetingStartsAt: meetings.startsAt,
      areaName: areas.name,
      expectedOn: documents.expectedOn,
      createdBy: documents.createdBy,
      createdByName: people.name,
      createdAt: documents.createdAt,
      archivedAt: documents.archivedAt,
    })
    .from(documents)
    .leftJoin(groups, eq(groups.id, documents.groupId))
    .leftJoin(meetings, eq(meetings.id, documents.meetingId))
    .leftJoin(areas, eq(areas.id, documents.areaId))
    .innerJoin(accounts, eq(accounts.id, documents.createdBy))
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(and(eq(documents.id, documentId), visibleTo(user)));
  if (!document) throw new NotFoundError('document');
  return document;
}

export type DocumentDetail = Awaited<ReturnType<typeof getDocument>>;

export function listAudienceGroups(db: Queryable, documentId: number) {
  return db
    .select({ id: groups.id, name: groups.name })
    .from(documentGroups)
    .innerJoin(groups, eq(groups.id, documentGroups.groupId))
    .where(eq(documentGroups.documentId, documentId))
    .orderBy(asc(groups.name));
}

/** Versions, newest first, without their content. Call only for a document already checked. */
export function listVersions(db: Queryable, documentId: number) {
  return db
    .select({
      id: documentFiles.id,
      filename: documentFiles.filename,
      contentType: documentFiles.contentType,
      size: documentFiles.size,
      sha256: documentFiles.sha256,
      uploadedAt: documentFiles.uploadedAt,
      uploadedByName: people.name,
    })
    .from(documentFiles)
    .innerJoin(accounts, eq(accounts.id, documentFiles.uploadedBy))
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(eq(documentFiles.documentId, documentId))
    .orderBy(desc(documentFiles.id));
}

/**
 * The document page. A view of OFFICIAL-SENSITIVE material is logged in the same
 * transaction as the read, so no such page is served without its record.
 */
export async function viewDocument(db: Database, user: CurrentUser, documentId: number, ip?: string) {
  return db.transaction(async (tx) => {
    const document = await getDocument(tx, user, documentId);
    if (document.marking === SENSITIVE) {
      await recordAudit(tx, { action: 'document.viewed', user, subjectType: 'document', subjectId: documentId, ip });
    }
    return {
      document,
      audienceGroups: await listAudienceGroups(tx, documentId),
      versions: await listVersions(tx, documentId),
    };
  });
}

/** One version's bytes, for download; logged when the document is OFFICIAL-SENSITIVE. */
export async function downloadFile(db: Database, user: CurrentUser, documentId: number, fileId: number, ip?: string) {
  return db.transaction(async (tx) => {
    const document = await getDocument(tx, user, documentId);
    const [file] = await tx
      .select({
        id: documentFiles.id,
        filename: documentFiles.filename,
        contentType: documentFiles.contentType,
        content: documentFiles.content,
      })
      .from(documentFiles)
      .where(and(eq(documentFiles.id, fileId), eq(documentFiles.documentId, documentId)));
    if (!file) throw new NotFoundError('file');
    if (document.marking === SENSITIVE) {
      await recordAudit(tx, {
        action: 'document.downloaded',
        user,
        subjectType: 'document',
        subjectId: documentId,
        detail: { fileId, filename: file.filename },
        ip,
      });
    }
    return { ...file, marking: document.marking };
  });
}

/** May the user add documents anywhere at all (any library they could choose)? */
export const mayAddDocuments = (user: CurrentUser) =>
  canAddDocumentsTo(user, null) || user.groupIds.some((groupId) => canAddDocumentsTo(user, groupId));

/**
 * New versions, edits and archiving: whoever may add papers to the document's library, or
 * the member who added it. (A viewer never changes anything, even what they once added.)
 */
export const canManageDocument = (user: CurrentUser, document: { groupId: number | null; createdBy: number }) =>
  canAddDocumentsTo(user, document.groupId) || (user.role === 'member' && document.createdBy === user.accountId);

export interface FileInput {
  filename: string;
  contentType: string;
  content: Buffer;
}

function fileRow(file: FileInput) {
  if (file.content.length === 0) throw new FormError('file', 'The selected file is empty');
  return {
    filename: sanitiseFilename(file.filename),
    contentType: safeContentType(file.contentType),
    size: file.content.length,
    sha256: sha256(file.content),
    content: file.content,
  };
}

/** Unless told otherwise: OFFICIAL-SENSITIVE, or groups ticked, means those groups only. */
const defaultAudience = (marking: Marking, groupIds: number[] = []): Audience =>
  marking === SENSITIVE || groupIds.length ? 'groups' : 'everyone';

/** The audience's groups: at least one when the audience is "groups", none otherwise. */
function audienceGroupIds(audience: Audience, ids: number[] | undefined): number[] {
  if (audience === 'everyone') return [];
  const unique = [...new Set(ids ?? [])];
  if (!unique.length) throw new FormError('audienceGroupIds', 'Select at least one group who may see it');
  return unique;
}

/** How many people can sign in: "everyone" means all of them. */
export async function countPeopleSignedIn(db: Queryable): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(isNull(accounts.disabledAt));
  return Number(row?.n ?? 0);
}

/*
 * An OFFICIAL-SENSITIVE paper shared with everyone signed in is a deliberate act, never a slip
 * of one click: the form must carry the number of people it reaches, as shown to the person
 * confirming (so a confirmation given when fewer people had accounts does not count), and the
 * sharing is recorded on its own in the audit log.
 */
async function confirmSharedWithEveryone(
  tx: Queryable,
  user: CurrentUser,
  documentId: number,
  confirmed: number | undefined,
): Promise<void> {
  const people = await countPeopleSignedIn(tx);
  if (confirmed !== people) {
    throw new FormError(
      'confirmEveryone',
      `This paper is OFFICIAL-SENSITIVE. Confirm that all ${people} people who can sign in may see it, or choose named groups`,
    );
  }
  await recordAudit(tx, {
    action: 'document.shared_with_everyone',
    user,
    subjectType: 'document',
    subjectId: documentId,
    detail: { marking: SENSITIVE, people },
  });
}

const sensitiveToEveryone = (marking: Marking, audience: Audience) => marking === SENSITIVE && audience === 'everyone';

async function assertGroupsExist(db: Queryable, ids: number[], field: string): Promise<void> {
  if (!ids.length) return;
  const found = await db.select({ id: groups.id }).from(groups).where(inArray(groups.id, ids));
  if (found.length !== ids.length) throw new FormError(field, 'Select a group from the list');
}

async function assertAreaExists(db: Queryable, areaId: number | undefined): Promise<void> {
  if (!areaId) return;
  const [area] = await db.select({ id: areas.id }).from(areas).where(eq(areas.id, areaId));
  if (!area) throw new FormError('areaId', 'Select an area from the list');
}

/** A meeting's paper sits in the meeting's group library unless another group is named. */
async function libraryGroup(
  db: Queryable,
  groupId: number | undefined,
  meetingId: number | undefined,
): Promise<number | null> {
  if (!meetingId) return groupId ?? null;
  const [meeting] = await db.select({ groupId: meetings.groupId }).from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw new FormError('meetingId', 'Select a meeting from the list');
  if (groupId && groupId !== meeting.groupId)
    throw new FormError('meetingId', 'Select a meeting of the library group, or leave the meeting empty');
  return meeting.groupId;
}

function assertMayAddTo(user: CurrentUser, groupId: number | null): void {
  if (canAddDocumentsTo(user, groupId)) return;
  // A member adds papers to their own groups' libraries: say so rather than refuse outright.
  if (groupId === null && mayAddDocuments(user))
    throw new FormError('groupId', 'Select one of your groups for the library');
  throw new ForbiddenError('You cannot add documents to that group’s library');
}

export interface NewDocumentInput {
  title: string;
  description?: string;
  marking?: Marking;
  audience?: Audience;
  audienceGroupIds?: number[];
  /** The number of people confirmed, when an OFFICIAL-SENSITIVE paper goes to everyone. */
  confirmEveryone?: number;
  groupId?: number;
  meetingId?: number;
  areaId?: number;
  expectedOn?: string;
  file?: FileInput;
}

/** Adds a document (with its first version, or only an expected date); returns its id. */
export async function createDocument(db: Database, user: CurrentUser, input: NewDocumentInput): Promise<number> {
  const marking = input.marking ?? 'OFFICIAL';
  const audience = input.audience ?? defaultAudience(marking, input.audienceGroupIds);
  const groupIds = audienceGroupIds(audience, input.audienceGroupIds);
  if (!input.file && !input.expectedOn) throw new FormError('file', 'Select a file, or enter the date it is expected');
  const file = input.file ? fileRow(input.file) : undefined;
  return db.transaction(async (tx) => {
    const groupId = await libraryGroup(tx, input.groupId, input.meetingId);
    assertMayAddTo(user, groupId);
    await assertGroupsExist(tx, groupId ? [groupId] : [], 'groupId');
    await assertGroupsExist(tx, groupIds, 'audienceGroupIds');
    await assertAreaExists(tx, input.areaId);
    const [created] = await tx
      .insert(documents)
      .values({
        title: input.title,
        description: input.description ?? null,
        marking,
        audience,
        groupId,
        meetingId: input.meetingId ?? null,
        areaId: input.areaId ?? null,
        expectedOn: input.expectedOn ?? null,
        createdBy: user.accountId,
      })
      .returning({ id: documents.id });
    const documentId = created!.id;
    if (groupIds.length) await tx.insert(documentGroups).values(groupIds.map((id) => ({ documentId, groupId: id })));
    if (file) await tx.insert(documentFiles).values({ ...file, documentId, uploadedBy: user.accountId });
    if (sensitiveToEveryone(marking, audience))
      await confirmSharedWithEveryone(tx, user, documentId, input.confirmEveryone);
    await recordAudit(tx, {
      action: 'document.created',
      user,
      subjectType: 'document',
      subjectId: documentId,
      detail: {
        title: input.title,
        marking,
        audience,
        groupIds,
        libraryGroupId: groupId,
        expectedOn: input.expectedOn ?? null,
        file: file ? { filename: file.filename, size: file.size, sha256: file.sha256 } : null,
      },
    });
    return documentId;
  });
}

/** The document, checked for need-to-know and for the right to change it. */
async function documentToChange(db: Queryable, user: CurrentUser, documentId: number) {
  const document = await getDocument(db, user, documentId);
  if (!canManageDocument(user, document)) throw new ForbiddenError('You cannot change this document');
  if (document.archivedAt) throw new ForbiddenError('This document is archived and cannot be changed');
  return document;
}

/** Upload a new version; earlier versions stay. Returns the new file's id. */
export async function addVersion(
  db: Database,
  user: CurrentUser,
  documentId: number,
  input: FileInput | undefined,
): Promise<number> {
  return db.transaction(async (tx) => {
    await documentToChange(tx, user, documentId);
    if (!input) throw new FormError('file', 'Select a file');
    const file = fileRow(input);
    const [created] = await tx
      .insert(documentFiles)
      .values({ ...file, documentId, uploadedBy: user.accountId })
      .returning({ id: documentFiles.id });
    await recordAudit(tx, {
      action: 'document.file_uploaded',
      user,
      subjectType: 'document',
      subjectId: documentId,
      detail: { fileId: created!.id, filename: file.filename, size: file.size, sha256: file.sha256 },
    });
    return created!.id;
  });
}

/** For the edit page: the document as it stands, if the user may change it. */
export async function getDocumentToEdit(db: Queryable, user: CurrentUser, documentId: number) {
  const document = await documentToChange(db, user, documentId);
  const audienceGroups = await listAudienceGroups(db, documentId);
  return { document, audienceGroupIds: audienceGroups.map((g) => g.id) };
}

export interface EditDocumentInput {
  title: string;
  description?: string;
  marking?: Marking;
  audience?: Audience;
  audienceGroupIds?: number[];
  confirmEveryone?: number;
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Change the words, the marking or who may see it. Marking and audience changes are
 * recorded with before and after, in the same transaction as the change.
 */
export async function updateDocument(
  db: Database,
  user: CurrentUser,
  documentId: number,
  input: EditDocumentInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { document, audienceGroupIds: beforeIds } = await getDocumentToEdit(tx, user, documentId);
    const marking = input.marking ?? document.marking;
    const audience = input.audience ?? document.audience;
    const groupIds = audienceGroupIds(audience, input.audienceGroupIds);
    await assertGroupsExist(tx, groupIds, 'audienceGroupIds');
    if (sensitiveToEveryone(marking, audience) && !sensitiveToEveryone(document.marking, document.audience)) {
      await confirmSharedWithEveryone(tx, user, documentId, input.confirmEveryone);
    }
    await tx
      .update(documents)
      .set({ title: input.title, description: input.description ?? null, marking, audience })
      .where(eq(documents.id, documentId));
    if (!sameIds(beforeIds, groupIds)) {
      // The link table is the audience itself; its history is the audit entry below.
      await tx.delete(documentGroups).where(eq(documentGroups.documentId, documentId));
      if (groupIds.length) await tx.insert(documentGroups).values(groupIds.map((id) => ({ documentId, groupId: id })));
    }
    const access = (m: string, a: string, ids: number[]) => ({
      marking: m,
      audience: a,
      groupIds: [...ids].sort((x, y) => x - y),
    });
    if (marking !== document.marking || audience !== document.audience || !sameIds(beforeIds, groupIds)) {
      await recordAudit(tx, {
        action: 'document.marking_changed',
        user,
        subjectType: 'document',
        subjectId: documentId,
        detail: {
          before: access(document.marking, document.audience, beforeIds),
          after: access(marking, audience, groupIds),
        },
      });
    }
    if (input.title !== document.title || (input.description ?? null) !== document.description) {
      await recordAudit(tx, {
        action: 'document.updated',
        user,
        subjectType: 'document',
        subjectId: documentId,
        detail: {
          before: { title: document.title, description: document.description },
          after: { title: input.title, description: input.description ?? null },
        },
      });
    }
  });
}

/** Archived documents leave the lists but are never deleted; their page still answers. */
export async function archiveDocument(db: Database, user: CurrentUser, documentId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await documentToChange(tx, user, documentId);
    await tx
      .update(documents)
      .set({ archivedAt: sql`now()` })
      .where(eq(documents.id, documentId));
    await recordAudit(tx, { action: 'document.archived', user, subjectType: 'document', subjectId: documentId });
  });
}

/** Meetings to attach a paper to: the latest first, with their group's name. */
export function listMeetingOptions(db: Queryable) {
  return db
    .select({ id: meetings.id, startsAt: meetings.startsAt, groupId: meetings.groupId, groupName: groups.name })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .orderBy(desc(meetings.startsAt))
    .limit(200);
}
