import { eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { NotFoundError, FormError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findPerson, organisationExists } from '../organisations/index.ts';
import { checkManageResources, checkRecordUse, checkReinstate, checkWithdraw } from './resources.policy.ts';
import { resources, resourceUses, type ResourceFormat } from './resources.tables.ts';

/*
 * Changes to resources and their record of use. Each runs in one transaction with its audit
 * entry; nothing is deleted (a resource is withdrawn, and can be reinstated).
 */

export interface ResourceInput {
  title: string;
  description?: string;
  format: ResourceFormat;
  audiences?: string[];
  link?: string;
  ownerOrganisationId?: number;
  reviewOn?: string;
}

export interface UseInput {
  organisationId: number;
  usedOn: string;
  howUsed: string;
  peopleReached: number;
}

/** The resource as stored, or a missing page. */
export async function resourceRecord(db: Queryable, resourceId: number) {
  const [row] = await db.select().from(resources).where(eq(resources.id, resourceId));
  if (!row) throw new NotFoundError('resource');
  return row;
}

/** The organisation the user works for, as the directory records it (null: none recorded). */
export async function ownOrganisationOf(db: Queryable, user: CurrentUser): Promise<number | null> {
  return (await findPerson(db, user.personId))?.organisationId ?? null;
}

async function checkOwner(db: Queryable, organisationId: number | undefined) {
  if (organisationId !== undefined && !(await organisationExists(db, organisationId)))
    throw new FormError('ownerOrganisationId', 'Select the owner organisation from the list');
}

const fieldsOf = (input: ResourceInput) => ({
  title: input.title,
  description: input.description ?? null,
  format: input.format,
  audiences: [...new Set(input.audiences ?? [])],
  link: input.link ?? null,
  ownerOrganisationId: input.ownerOrganisationId ?? null,
  reviewOn: input.reviewOn ?? null,
});

export async function createResource(db: Database, user: CurrentUser, input: ResourceInput): Promise<number> {
  checkManageResources(user);
  await checkOwner(db, input.ownerOrganisationId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(resources)
      .values({ ...fieldsOf(input), createdBy: user.accountId })
      .returning({ id: resources.id });
    await recordAudit(tx, {
      action: 'resource.created',
      user,
      subjectType: 'resource',
      subjectId: row!.id,
      detail: { title: input.title, format: input.format },
    });
    return row!.id;
  });
}

export async function updateResource(db: Database, user: CurrentUser, resourceId: number, input: ResourceInput) {
  checkManageResources(user);
  const before = await resourceRecord(db, resourceId);
  await checkOwner(db, input.ownerOrganisationId);
  const after = fieldsOf(input);
  // The audit entry names what changed, from what to what.
  const changed = Object.fromEntries(
    (Object.keys(after) as (keyof typeof after)[])
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
  await db.transaction(async (tx) => {
    await tx
      .update(resources)
      .set({ ...after, updatedBy: user.accountId, updatedAt: new Date() })
      .where(eq(resources.id, resourceId));
    await recordAudit(tx, {
      action: 'resource.updated',
      user,
      subjectType: 'resource',
      subjectId: resourceId,
      detail: changed,
    });
  });
}

export async function withdrawResource(db: Database, user: CurrentUser, resourceId: number, reason: string) {
  checkWithdraw(user, await resourceRecord(db, resourceId));
  await db.transaction(async (tx) => {
    await tx
      .update(resources)
      .set({ status: 'withdrawn', withdrawnReason: reason, withdrawnAt: new Date(), withdrawnBy: user.accountId })
      .where(eq(resources.id, resourceId));
    await recordAudit(tx, {
      action: 'resource.withdrawn',
      user,
      subjectType: 'resource',
      subjectId: resourceId,
      detail: { reason },
    });
  });
}

/** Offered again; who withdrew it and why stays in the audit log. */
export async function reinstateResource(db: Database, user: CurrentUser, resourceId: number) {
  checkReinstate(user, await resourceRecord(db, resourceId));
  await db.transaction(async (tx) => {
    await tx
      .update(resources)
      .set({ status: 'active', withdrawnReason: null, withdrawnAt: null, withdrawnBy: null })
      .where(eq(resources.id, resourceId));
    await recordAudit(tx, { action: 'resource.reinstated', user, subjectType: 'resource', subjectId: resourceId });
  });
}

export async function recordUse(db: Database, user: CurrentUser, resourceId: number, input: UseInput) {
  const resource = await resourceRecord(db, resourceId);
  checkRecordUse(user, resource, await ownOrganisationOf(db, user), input.organisationId);
  if (!(await organisationExists(db, input.organisationId)))
    throw new FormError('organisationId', 'Select the organisation that used the resource');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(resourceUses)
      .values({ resourceId, ...input, recordedBy: user.accountId })
      .returning({ id: resourceUses.id });
    await recordAudit(tx, {
      action: 'resource.use_recorded',
      user,
      subjectType: 'resource',
      subjectId: resourceId,
      detail: { useId: row!.id, ...input },
    });
  });
}
