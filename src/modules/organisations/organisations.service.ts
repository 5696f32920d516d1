import { and, asc, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { announce } from '../../reactions.ts';
import { recordAudit } from '../audit/index.ts';
import { areaName, findArea } from '../partnership/index.ts';
import { organisations, people, SECTORS, type Sector } from './organisations.tables.ts';

// ---------------------------------------------------------------------------------------------
// Options for other modules' select boxes.

/**
 * Organisations for a select box: current ones, by name. `including` adds one archived
 * organisation back, so an edit form does not silently drop a person's archived organisation.
 */
export function listOrganisationOptions(db: Queryable, options: { including?: number | null } = {}) {
  const current = isNull(organisations.archivedAt);
  return db
    .select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
    .from(organisations)
    .where(options.including ? or(current, eq(organisations.id, options.including)) : current)
    .orderBy(asc(organisations.name));
}

// CONTRACT (used by other modules; the organisations module owns the implementation).
/** People for a select box: current ones, by name, with their organisation. */
export async function listPeopleOptions(
  db: Queryable,
): Promise<{ id: number; name: string; organisationId: number | null; organisationName: string | null }[]> {
  return db
    .select({
      id: people.id,
      name: people.name,
      organisationId: people.organisationId,
      organisationName: organisations.name,
    })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(isNull(people.archivedAt))
    .orderBy(asc(people.name), asc(people.id));
}

// ---------------------------------------------------------------------------------------------
// Organisations.

export interface OrganisationFilter {
  sector?: Sector;
  areaId?: number;
  /** Include archived organisations (hidden by default). */
  archived?: boolean;
}

export interface OrganisationInput {
  name: string;
  sector: Sector;
  areaId?: number;
}

/** Current people only: archived people no longer take part. */
const currentPeopleCount = sql<number>`(select count(*)::int from people p where p.organisation_id = organisations.id and p.archived_at is null)`;

export function listOrganisations(db: Queryable, filter: OrganisationFilter = {}) {
  const conditions: SQL[] = [];
  if (!filter.archived) conditions.push(isNull(organisations.archivedAt));
  if (filter.sector) conditions.push(eq(organisations.sector, filter.sector));
  if (filter.areaId) conditions.push(eq(organisations.areaId, filter.areaId));
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      sector: organisations.sector,
      areaId: organisations.areaId,
      areaName: areaName(organisations.areaId),
      archivedAt: organisations.archivedAt,
      peopleCount: currentPeopleCount,
    })
    .from(organisations)
    .where(and(...conditions))
    .orderBy(asc(organisations.name));
}

/** Rows grouped under their sector, in the usual order of sectors; empty sectors left out. */
export function groupBySector<T extends { sector: Sector }>(rows: T[]): { sector: Sector; organisations: T[] }[] {
  return SECTORS.map((sector) => ({ sector, organisations: rows.filter((row) => row.sector === sector) })).filter(
    (group) => group.organisations.length > 0,
  );
}

export async function getOrganisation(db: Queryable, organisationId: number) {
  const [row] = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      sector: organisations.sector,
      areaId: organisations.areaId,
      areaName: areaName(organisations.areaId),
      createdAt: organisations.createdAt,
      archivedAt: organisations.archivedAt,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!row) throw new NotFoundError('organisation');
  return row;
}

const DUPLICATE_NAME = 'There is already an organisation with that name';

/** Names differing only in case would be the same organisation to a reader; archived ones count too. */
async function assertNameFree(db: Queryable, name: string, exceptId?: number) {
  const sameName = sql`lower(${organisations.name}) = lower(${name})`;
  const [taken] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(exceptId ? and(sameName, ne(organisations.id, exceptId)) : sameName);
  if (taken) throw new FormError('name', DUPLICATE_NAME);
}

async function assertAreaExists(db: Queryable, areaId: number | undefined) {
  if (!areaId) return;
  if (!(await findArea(db, areaId))) throw new FormError('areaId', 'Select an area from the list');
}

/** The database's unique index settles a race between two identical submissions. */
function isUniqueViolation(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

async function asNameError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new FormError('name', DUPLICATE_NAME);
    throw error;
  }
}

export async function createOrganisation(db: Database, user: CurrentUser, input: OrganisationInput) {
  return asNameError(() =>
    db.transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      await assertAreaExists(tx, input.areaId);
      const [created] = await tx
        .insert(organisations)
        .values({ name: input.name, sector: input.sector, areaId: input.areaId ?? null })
        .returning();
      await recordAudit(tx, {
        action: 'organisation.created',
        user,
        subjectType: 'organisation',
        subjectId: created!.id,
        detail: { name: input.name },
      });
      return created!;
    }),
  );
}

export async function updateOrganisation(
  db: Database,
  user: CurrentUser,
  organisationId: number,
  input: OrganisationInput,
) {
  await asNameError(() =>
    db.transaction(async (tx) => {
      const before = await getOrganisation(tx, organisationId);
      await assertNameFree(tx, input.name, organisationId);
      await assertAreaExists(tx, input.areaId);
      const after = { name: input.name, sector: input.sector, areaId: input.areaId ?? null };
      await tx.update(organisations).set(after).where(eq(organisations.id, organisationId));
      const changed = changedFields(before, after);
      if (changed.length)
        await recordAudit(tx, {
          action: 'organisation.updated',
          user,
          subjectType: 'organisation',
          subjectId: organisationId,
          detail: { name: input.name, changed },
        });
    }),
  );
}

/** Never deleted: meetings and attendance still name the organisation. Archiving twice keeps the first date. */
export async function archiveOrganisation(db: Database, user: CurrentUser, organisationId: number) {
  await db.transaction(async (tx) => {
    const organisation = await getOrganisation(tx, organisationId);
    if (organisation.archivedAt) return;
    await tx
      .update(organisations)
      .set({ archivedAt: sql`now()` })
      .where(eq(organisations.id, organisationId));
    await recordAudit(tx, {
      action: 'organisation.archived',
      user,
      subjectType: 'organisation',
      subjectId: organisationId,
      detail: { name: organisation.name },
    });
  });
}

export async function restoreOrganisation(db: Database, user: CurrentUser, organisationId: number) {
  await db.transaction(async (tx) => {
    const organisation = await getOrganisation(tx, organisationId);
    if (!organisation.archivedAt) return;
    await tx.update(organisations).set({ archivedAt: null }).where(eq(organisations.id, organisationId));
    await recordAudit(tx, {
      action: 'organisation.restored',
      user,
      subjectType: 'organisation',
      subjectId: organisationId,
      detail: { name: organisation.name },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// People.

export interface PeopleFilter {
  /** Part of a name, any case. */
  q?: string;
  organisationId?: number;
  /** Include archived people (hidden by default). */
  archived?: boolean;
}

/** Only the fields a partnership needs to reach its staff (data minimisation). */
export interface PersonInput {
  name: string;
  jobTitle?: string;
  email?: string;
  phone?: string;
  organisationId?: number;
}

/** A search for "50%" or "a_b" means those characters, not LIKE wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function listPeople(db: Queryable, filter: PeopleFilter = {}) {
  const conditions: SQL[] = [];
  if (!filter.archived) conditions.push(isNull(people.archivedAt));
  if (filter.organisationId) conditions.push(eq(people.organisationId, filter.organisationId));
  if (filter.q?.trim()) conditions.push(ilike(people.name, `%${escapeLike(filter.q.trim())}%`));
  return db
    .select({
      id: people.id,
      name: people.name,
      jobTitle: people.jobTitle,
      organisationId: people.organisationId,
      organisationName: organisations.name,
      archivedAt: people.archivedAt,
    })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(...conditions))
    .orderBy(asc(people.name), asc(people.id));
}

export async function getPerson(db: Queryable, personId: number) {
  const [row] = await db
    .select({
      id: people.id,
      name: people.name,
      jobTitle: people.jobTitle,
      email: people.email,
      phone: people.phone,
      organisationId: people.organisationId,
      organisationName: organisations.name,
      organisationArchivedAt: organisations.archivedAt,
      createdAt: people.createdAt,
      archivedAt: people.archivedAt,
    })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(eq(people.id, personId));
  if (!row) throw new NotFoundError('person');
  return row;
}

/** A person joins a current organisation; one already recorded against an archived one may stay. */
async function assertOrganisationChoosable(db: Queryable, organisationId: number | undefined, keeping?: number | null) {
  if (!organisationId) return;
  const [organisation] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.id, organisationId),
        or(isNull(organisations.archivedAt), keeping ? eq(organisations.id, keeping) : undefined),
      ),
    );
  if (!organisation) throw new FormError('organisationId', 'Select an organisation from the list');
}

const personValues = (input: PersonInput) => ({
  name: input.name,
  jobTitle: input.jobTitle ?? null,
  // Lower case, as accounts store it, so one address is not recorded two ways.
  email: input.email?.toLowerCase() ?? null,
  phone: input.phone ?? null,
  organisationId: input.organisationId ?? null,
});

export async function createPerson(db: Database, user: CurrentUser, input: PersonInput) {
  return db.transaction(async (tx) => {
    await assertOrganisationChoosable(tx, input.organisationId);
    const [created] = await tx.insert(people).values(personValues(input)).returning({ id: people.id });
    await recordAudit(tx, { action: 'person.created', user, subjectType: 'person', subjectId: created!.id });
    return created!;
  });
}

/** The audit entry names the fields that changed, not their values: contact details stay out of the log. */
export async function updatePerson(db: Database, user: CurrentUser, personId: number, input: PersonInput) {
  await db.transaction(async (tx) => {
    const before = await getPerson(tx, personId);
    await assertOrganisationChoosable(tx, input.organisationId, before.organisationId);
    const after = personValues(input);
    await tx.update(people).set(after).where(eq(people.id, personId));
    const changed = changedFields(before, after);
    if (changed.length)
      await recordAudit(tx, {
        action: 'person.updated',
        user,
        subjectType: 'person',
        subjectId: personId,
        detail: { changed },
      });
  });
}

/** Never deleted: attendance, memberships and actions still name the person. */
/**
 * Someone who has left the partnership keeps their record (meetings still name them) but not
 * their access: an account they hold is disabled and signed out everywhere, in the same transaction.
 */
export async function archivePerson(db: Database, user: CurrentUser, personId: number) {
  await db.transaction(async (tx) => {
    const person = await getPerson(tx, personId);
    if (!person.archivedAt) {
      await tx
        .update(people)
        .set({ archivedAt: sql`now()` })
        .where(eq(people.id, personId));
      await recordAudit(tx, { action: 'person.archived', user, subjectType: 'person', subjectId: personId });
    }
    await announce('person.archived', { tx, personId, user });
  });
}

export async function restorePerson(db: Database, user: CurrentUser, personId: number) {
  await db.transaction(async (tx) => {
    const person = await getPerson(tx, personId);
    if (!person.archivedAt) return;
    await tx.update(people).set({ archivedAt: null }).where(eq(people.id, personId));
    await recordAudit(tx, { action: 'person.restored', user, subjectType: 'person', subjectId: personId });
  });
}

/** The names of the fields whose values differ (null and undefined alike). */
function changedFields<T extends Record<string, unknown>>(before: Partial<T>, after: T): string[] {
  return Object.keys(after).filter((key) => (before[key] ?? null) !== (after[key] ?? null));
}
