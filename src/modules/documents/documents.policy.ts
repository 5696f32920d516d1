import { inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { belongsTo, canAddDocumentsTo } from '../../auth/policy.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { documentGroups, documents, type Marking } from './documents.tables.ts';

/*
 * Who may do what with a document, in one place. The role rule for adding papers is
 * src/auth/policy.ts's canAddDocumentsTo; reading is need-to-know, which roles do not enter:
 * an administrator outside a paper's groups does not see it either.
 */

export const SENSITIVE: Marking = 'OFFICIAL-SENSITIVE';
export type Audience = 'everyone' | 'groups';

export type DocumentAction =
  /** Know it exists, open it, download its files. */
  | 'read'
  /** Add a paper to the library of its group (null: the partnership-wide library). */
  | 'add'
  /** Upload a new version. */
  | 'replace'
  /** Change its words, marking or audience. */
  | 'edit'
  | 'archive';

/** What the rules look at. For 'add', only the library group; for 'read', who may see it. */
export interface DocumentFacts {
  groupId: number | null;
  createdBy?: number;
  audience?: Audience;
  /** The groups of a 'groups' audience. */
  audienceGroupIds?: number[];
  archivedAt?: Date | null;
}

/** Whoever may add papers to its library, or the member who added it; a viewer changes nothing. */
const mayManage = (user: CurrentUser, document: DocumentFacts) =>
  canAddDocumentsTo(user, document.groupId) || (user.role === 'member' && document.createdBy === user.accountId);

const isArchived = (document: DocumentFacts) => Boolean(document.archivedAt);

export function canDocument(user: CurrentUser, action: DocumentAction, document: DocumentFacts): boolean {
  switch (action) {
    case 'read':
      return (
        document.audience === 'everyone' ||
        document.createdBy === user.accountId ||
        (document.audienceGroupIds ?? []).some((groupId) => belongsTo(user, groupId))
      );
    case 'add':
      return canAddDocumentsTo(user, document.groupId);
    case 'replace':
    case 'edit':
    case 'archive':
      return mayManage(user, document) && !isArchived(document);
  }
}

/**
 * Refuses with one message per reason: a paper the user may not know of is missing (nothing
 * hints it exists); one they may not change is forbidden; an archived one says so.
 */
export function checkDocument(user: CurrentUser, action: DocumentAction, document: DocumentFacts): void {
  if (canDocument(user, action, document)) return;
  if (action === 'read') throw new NotFoundError('document');
  if (action === 'add') {
    // A member adds papers to their own groups' libraries: say so rather than refuse outright.
    if (document.groupId === null && mayAddDocuments(user))
      throw new FormError('groupId', 'Select one of your groups for the library');
    throw new ForbiddenError('You cannot add documents to that group’s library');
  }
  if (!mayManage(user, document)) throw new ForbiddenError('You cannot change this document');
  throw new ForbiddenError('This document is archived and cannot be changed');
}

/** May the user add documents anywhere at all (any library they could choose)? */
export const mayAddDocuments = (user: CurrentUser) =>
  canAddDocumentsTo(user, null) || user.groupIds.some((groupId) => canAddDocumentsTo(user, groupId));

/**
 * Need-to-know as one SQL condition on `documents`, the 'read' rule above for queries: for
 * everyone, added by the user, or for a group they are a current member of. Every query that
 * reads documents uses it, so nothing is filtered after the fact.
 */
export function visibleTo(user: CurrentUser): SQL {
  const inTheirGroups = user.groupIds.length
    ? sql`exists (select 1 from ${documentGroups} where ${documentGroups.documentId} = ${documents.id} and ${inArray(documentGroups.groupId, user.groupIds)})`
    : sql`false`;
  return sql`(${documents.audience} = 'everyone' or ${documents.createdBy} = ${user.accountId} or ${inTheirGroups})`;
}

/** Archived documents leave the lists (their page still answers). */
export const notArchived = isNull(documents.archivedAt);

export const isSensitive = (document: { marking: Marking }) => document.marking === SENSITIVE;

/** Unless told otherwise: OFFICIAL-SENSITIVE, or groups ticked, means those groups only. */
export const defaultAudience = (marking: Marking, groupIds: number[] = []): Audience =>
  marking === SENSITIVE || groupIds.length ? 'groups' : 'everyone';

export const isForEveryone = (audience: Audience) => audience === 'everyone';

/**
 * An OFFICIAL-SENSITIVE paper shared with everyone signed in is a deliberate act, never a slip
 * of one click: the person confirms the number of people it reaches, and it is audited alone.
 */
export const isSensitiveToEveryone = (marking: Marking, audience: Audience) =>
  marking === SENSITIVE && isForEveryone(audience);

export function checkSharedWithEveryone(people: number, confirmed: number | undefined): void {
  if (confirmed !== people) {
    throw new FormError(
      'confirmEveryone',
      `This paper is OFFICIAL-SENSITIVE. Confirm that all ${people} people who can sign in may see it, or choose named groups`,
    );
  }
}
