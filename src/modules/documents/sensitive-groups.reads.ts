import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { answerQuestion } from '../../reactions.ts';
import { currentGroupIdsOf } from '../groups/index.ts';
import { SENSITIVE } from './documents.policy.ts';
import { documents } from './documents.tables.ts';

/** Whether any group the person is a current member of holds an OFFICIAL-SENSITIVE paper in its library. */
export async function readsSensitiveGroupPapers(db: Queryable, personId: number): Promise<boolean> {
  const groupIds = await currentGroupIdsOf(db, personId);
  if (!groupIds.length) return false;
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.marking, SENSITIVE), isNull(documents.archivedAt), inArray(documents.groupId, groupIds)))
    .limit(1);
  return row !== undefined;
}

/** Called once from buildApp: the accounts module asks this at sign-in, below documents in the layers. */
export function registerDocumentAnswers(): void {
  answerQuestion('documents.sensitiveReader', readsSensitiveGroupPapers);
}
