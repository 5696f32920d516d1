import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { accountNames, enabledAccounts } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { groupNames } from '../groups/index.ts';
import { meetingLabels, recentMeetings } from '../meetings/index.ts';
import { findArea, listAreas } from '../partnership/index.ts';
import {
  SENSITIVE,
  checkDocument,
  checkSharedWithEveryone,
  defaultAudience,
  isForEveryone,
  isSensitive,
  isSensitiveToEveryone,
  notArchived,
  visibleTo,
  type Audience,
} from './documents.policy.ts';
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

/** Names from other modules, one query each per page: a group's, by id. */
async function withGroupNames<T extends { groupId: number | null }>(db: Queryable, rows: T[]) {
  const names = await groupNames(
    db,
    rows.flatMap((row) => (row.groupId === null ? [] : [row.groupId])),
  );
  return rows.map((row) => ({ ...row, groupName: row.groupId === null ? null : (names.get(row.groupId) ?? null) }));
}

async function areaNames(db: Queryable): Promise<Map<number, string>> {
  return new Map((await listAreas(db)).map((area) => [area.id, area.name]));
}

async function accountNamesOf(db: Queryable, accountIds: number[]): Promise<Map<number, string>> {
  return new Map([...(await accountNames(db, accountIds))].map(([id, account]) => [id, account.name]));
}

/*
 * Written out with their table: in a select from `documents` alone, Drizzle leaves columns of the
 * select list unqualified, and inside a subquery of document_files a bare "id" would be the file's.
 */
const DOCUMENT_ID = sql`${documents}.${sql.identifier('id')}`;
const CREATED_AT = sql`${documents}.${sql.identifier('created_at')}`;

// The newest version is the one with the highest id: versions are only ever added.
const latestFileId = sql<
  number | null
>`(select max(${documentFiles.id}) from ${documentFiles} where ${documentFiles.documentId} = ${DOCUMENT_ID})`.mapWith(
  Number,
);
const latestFileAt =
  sql<Date | null>`(select max(${documentFiles.uploadedAt}) from ${documentFiles} where ${documentFiles.documentId} = ${DOCUMENT_ID})`.mapWith(
    documentFiles.uploadedAt,
  );
const updatedAt =
  sql<Date>`coalesce((select max(${documentFiles.uploadedAt}) from ${documentFiles} where ${documentFiles.documentId} = ${DOCUMENT_ID}), ${CREATED_AT})`.mapWith(
    documents.createdAt,
  );
const hasNoFile = sql`not exists (select 1 from ${documentFiles} where ${documentFiles.documentId} = ${DOCUMENT_ID})`;

/** Documents the user may know exist (need-to-know applied), newest first. */
export async function listVisibleDocuments(
  db: Queryable,
  user: CurrentUser,
  filter: { groupId?: number; meetingId?: number; limit?: number } = {},
): Promise<DocumentSummary[]> {
  const conditions = [visibleTo(user), notArchived];
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
export async function listLibrary(db: Queryable, user: CurrentUser, filter: LibraryFilter) {
  const conditions = [visibleTo(user), notArchived];
  if (filter.groupId) conditions.push(eq(documents.groupId, filter.groupId));
  if (filter.areaId) conditions.push(eq(documents.areaId, filter.areaId));
  if (filter.marking) conditions.push(eq(documents.marking, filter.marking));
  if (filter.expectedOnly) conditions.push(hasNoFile);
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      marking: documents.marking,
      expectedOn: documents.expectedOn,
      groupId: documents.groupId,
      areaId: documents.areaId,
      latestFileId,
      latestFileAt,
    })
    .from(documents)
    .where(and(...conditions))
    .orderBy(desc(updatedAt), desc(documents.id))
    .limit(500);
  const areas = await areaNames(db);
  return (await withGroupNames(db, rows)).map(({ areaId, ...row }) => ({
    ...row,
    areaName: areaId === null ? null : (areas.get(areaId) ?? null),
  }));
}

/** Search: titles and descriptions containing the words, need-to-know applied in the query. */
export async function searchDocuments(db: Queryable, user: CurrentUser, pattern: string, limit = 50) {
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      marking: documents.marking,
      description: documents.description,
      groupId: documents.groupId,
      expectedOn: documents.expectedOn,
      latestFileId,
    })
    .from(documents)
    .where(
      and(
        visibleTo(user),
        notArchived,
        sql`(${documents.title} ilike ${pattern} or ${documents.description} ilike ${pattern})`,
      ),
    )
    .orderBy(desc(updatedAt), desc(documents.id))
    .limit(limit);
  return (await withGroupNames(db, rows)).map(({ groupId: _groupId, ...row }) => row);
}

/** One document the user may see, with the names its page shows; NotFoundError otherwise. */
export async function getDocument(db: Queryable, user: CurrentUser, documentId: number) {
  const [row] = await db
    .select({
      id: documents.id,
      title: documents.title,
      description: documents.description,
      marking: documents.marking,
      audience: documents.audience,
      groupId: documents.groupId,
      meetingId: documents.meetingId,
      areaId: documents.areaId,
      expectedOn: documents.expectedOn,
      createdBy: documents.createdBy,
      createdAt: documents.createdAt,
      archivedAt: documents.archivedAt,
    })
    .from(documents)
    .where(and(eq(documents.id, documentId), visibleTo(user)));
  if (!row) throw new NotFoundError('document');
  const { areaId, ...document } = row;
  const [[named], meetings, area, creators] = await Promise.all([
    withGroupNames(db, [document]),
    meetingLabels(db, document.meetingId === null ? [] : [document.meetingId]),
    areaId === null ? undefined : findArea(db, areaId),
    accountNamesOf(db, [document.createdBy]),
  ]);
  return {
    ...named!,
    meetingStartsAt: document.meetingId === null ? null : (meetings.get(document.meetingId)?.startsAt ?? null),
    areaName: area?.name ?? null,
    createdByName: creators.get(document.createdBy) ?? '',
  };
}

export type DocumentDetail = Awaited<ReturnType<typeof getDocument>>;

export async function listAudienceGroups(db: Queryable, documentId: number) {
  const rows = await db
    .select({ id: documentGroups.groupId })
    .from(documentGroups)
    .where(eq(documentGroups.documentId, documentId));
  const names = await groupNames(
    db,
    rows.map((row) => row.id),
  );
  return rows
    .map((row) => ({ id: row.id, name: names.get(row.id) ?? '' }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Versions, newest first, without their content. Call only for a document already checked. */
export async function listVersions(db: Queryable, documentId: number) {
  const rows = await db
    .select({
      id: documentFiles.id,
      filename: documentFiles.filename,
      contentType: documentFiles.contentType,
      size: documentFiles.size,
      sha256: documentFiles.sha256,
      uploadedAt: documentFiles.uploadedAt,
      uploadedBy: documentFiles.uploadedBy,
    })
    .from(documentFiles)
    .where(eq(documentFiles.documentId, documentId))
    .orderBy(desc(documentFiles.id));
  const names = await accountNamesOf(
    db,
    rows.map((row) => row.uploadedBy),
  );
  return rows.map(({ uploadedBy, ...row }) => ({ ...row, uploadedByName: names.get(uploadedBy) ?? '' }));
}

/**
 * The document page. A view of OFFICIAL-SENSITIVE material is logged in the same
 * transaction as the read, so no such page is served without its record.
 */
export async function viewDocument(db: Database, user: CurrentUser, documentId: number, ip?: string) {
  return db.transaction(async (tx) => {
    const document = await getDocument(tx, user, documentId);
    if (isSensitive(document)) {
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
    if (isSensitive(document)) {
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

/** The audience's groups: at least one when the audience is "groups", none otherwise. */
function audienceGroupIds(audience: Audience, ids: number[] | undefined): number[] {
  if (isForEveryone(audience)) return [];
  const unique = [...new Set(ids ?? [])];
  if (!unique.length) throw new FormError('audienceGroupIds', 'Select at least one group who may see it');
  return unique;
}

/** How many people can sign in: "everyone" means all of them. */
export async function countPeopleSignedIn(db: Queryable): Promise<number> {
  return (await enabledAccounts(db)).length;
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
  checkSharedWithEveryone(people, confirmed);
  await recordAudit(tx, {
    action: 'document.shared_with_everyone',
    user,
    subjectType: 'document',
    subjectId: documentId,
    detail: { marking: SENSITIVE, people },
  });
}

async function assertGroupsExist(db: Queryable, ids: number[], field: string): Promise<void> {
  if (!ids.length) return;
  const found = await groupNames(db, ids);
  if (found.size !== ids.length) throw new FormError(field, 'Select a group from the list');
}

async function assertAreaExists(db: Queryable, areaId: number | undefined): Promise<void> {
  if (!areaId) return;
  if (!(await findArea(db, areaId))) throw new FormError('areaId', 'Select an area from the list');
}

/** A meeting's paper sits in the meeting's group library unless another group is named. */
async function libraryGroup(
  db: Queryable,
  groupId: number | undefined,
  meetingId: number | undefined,
): Promise<number | null> {
  if (!meetingId) return groupId ?? null;
  const meeting = (await meetingLabels(db, [meetingId])).get(meetingId);
  if (!meeting) throw new FormError('meetingId', 'Select a meeting from the list');
  if (groupId && groupId !== meeting.groupId)
    throw new FormError('meetingId', 'Select a meeting of the library group, or leave the meeting empty');
  return meeting.groupId;
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
    checkDocument(user, 'add', { groupId });
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
    if (isSensitiveToEveryone(marking, audience))
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

/** The document, checked for need-to-know and for the right to change it in this way. */
async function documentToChange(
  db: Queryable,
  user: CurrentUser,
  documentId: number,
  action: 'replace' | 'edit' | 'archive',
) {
  const document = await getDocument(db, user, documentId);
  checkDocument(user, action, document);
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
    await documentToChange(tx, user, documentId, 'replace');
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
export async function getDocumentToEdit(
  db: Queryable,
  user: CurrentUser,
  documentId: number,
  action: 'replace' | 'edit' = 'edit',
) {
  const document = await documentToChange(db, user, documentId, action);
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
    if (isSensitiveToEveryone(marking, audience) && !isSensitiveToEveryone(document.marking, document.audience)) {
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
    await documentToChange(tx, user, documentId, 'archive');
    await tx
      .update(documents)
      .set({ archivedAt: sql`now()` })
      .where(eq(documents.id, documentId));
    await recordAudit(tx, { action: 'document.archived', user, subjectType: 'document', subjectId: documentId });
  });
}

/** Meetings to attach a paper to: the latest first, with their group's name. */
export function listMeetingOptions(db: Queryable) {
  return recentMeetings(db, 200);
}
