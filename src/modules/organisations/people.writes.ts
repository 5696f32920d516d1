import type { Queryable } from '../../db/client.ts';
import { people } from './organisations.tables.ts';

/**
 * Records a person for the accounts module (first-run setup, an account for someone new), inside
 * the caller's transaction; the caller writes the audit entry. The email is kept in lower case,
 * as accounts store it, so one address is not recorded two ways.
 */
export async function insertPerson(
  tx: Queryable,
  input: { name: string; email: string; organisationId?: number | null; jobTitle?: string | null },
): Promise<{ id: number; name: string; email: string | null }> {
  const [person] = await tx
    .insert(people)
    .values({
      name: input.name,
      email: input.email.toLowerCase(),
      organisationId: input.organisationId ?? null,
      jobTitle: input.jobTitle ?? null,
    })
    .returning({ id: people.id, name: people.name, email: people.email });
  return person!;
}
