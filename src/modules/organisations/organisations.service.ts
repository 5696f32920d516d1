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

// CONTRACT (used by other modules; the organisations module owns the implementation).
/** People for a select box: current ones, by name, with their organisation. */
export async function listPeopleOptions(_db: Queryable): Promise<{ id: number; name: string; organisationId: number | null; organisationName: string | null }[]> {
  return [];
}
