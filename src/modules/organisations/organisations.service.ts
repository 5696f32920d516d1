import { asc, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { organisations } from './organisations.tables.ts';

/** Organisations for a select box: current ones, by name. */
export function listOrganisationOptions(db: Queryable) {
  return db
    .select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
    .from(organisations)
    .where(isNull(organisations.archivedAt))
    .orderBy(asc(organisations.name));
}
