import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { qualified } from '../../db/sql.ts';
import { organisationName } from './organisation-name.reads.ts';
import { people } from './organisations.tables.ts';

/* What the accounts module reads of people: who an account is, or could be, for. Read-only. */

const holder = alias(people, 'account_holder');

/** The organisation of the person whose id is in `column`, inside another module's query. */
export const personOrganisationName = (column: AnyPgColumn) =>
  sql<string | null>`(select ${organisationName(qualified(holder.organisationId))} from ${people} as ${holder}
    where ${qualified(holder.id)} = ${qualified(column)})`;

/** A person as the account form sees them, archived or not; undefined if there is none. */
export async function personRecord(db: Queryable, personId: number) {
  const [row] = await db
    .select({ id: people.id, name: people.name, email: people.email, archivedAt: people.archivedAt })
    .from(people)
    .where(eq(people.id, personId));
  return row;
}

/** Current people whose email is this one (compared in lower case). */
export function currentPeopleByEmail(db: Queryable, email: string) {
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(and(isNull(people.archivedAt), sql`lower(${people.email}) = ${email.toLowerCase()}`))
    .orderBy(asc(people.id));
}

/** Every current person with their organisation's name, by name. */
export function currentPeopleWithOrganisation(db: Queryable) {
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      organisation: organisationName(people.organisationId),
    })
    .from(people)
    .where(isNull(people.archivedAt))
    .orderBy(asc(people.name), asc(people.id));
}
