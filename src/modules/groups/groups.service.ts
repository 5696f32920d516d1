import type { Queryable } from '../../db/client.ts';
import { NotFoundError } from '../../errors.ts';

// CONTRACT (used by other modules; the groups module owns the implementation).

/** Current groups for a select box, by name. */
export async function listGroupOptions(_db: Queryable): Promise<{ id: number; name: string; kind: string }[]> {
  return [];
}

/** One group with its chair's name and cadence; NotFoundError if none. */
export async function getGroup(_db: Queryable, _groupId: number): Promise<{ id: number; name: string; kind: string; cadence: string; chairName: string | null; parentGroupId: number | null; areaId: number | null; description: string | null }> {
  throw new NotFoundError('group');
}

/** People currently in the group (not left), with the organisation they represent. */
export async function listCurrentMembers(_db: Queryable, _groupId: number): Promise<{ personId: number; name: string; organisationId: number | null; organisationName: string | null; role: string }[]> {
  return [];
}

/** The groups a person is currently in. */
export async function groupsOfPerson(_db: Queryable, _personId: number): Promise<{ id: number; name: string; kind: string; role: string }[]> {
  return [];
}
