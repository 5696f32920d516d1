import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { PeerColumn } from './compare.ts';
import { getFramework, levelOf } from './frameworks.service.ts';
import { checkManageFrameworks } from './self-assessment.policy.ts';
import { selfAssessmentPeerRatings } from './self-assessment.tables.ts';

/* Peer partnerships' published ratings: recorded by a coordinator, withdrawn (never deleted) when wrong. */

export interface PeerRatingInput {
  frameworkId: number;
  peer: string;
  year: number;
  criterionId: number;
  value: number;
  source?: string;
}

export async function recordPeerRating(db: Database, user: CurrentUser, input: PeerRatingInput): Promise<number> {
  checkManageFrameworks(user);
  const framework = await getFramework(db, input.frameworkId);
  if (!framework.criteria.some((c) => c.id === input.criterionId))
    throw new FormError('criterionId', 'Select a criterion of the framework');
  if (!levelOf(framework, input.value)) throw new FormError('value', 'Select a rating from the scale');
  const values = { ...input, source: input.source ?? null };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(selfAssessmentPeerRatings)
      .values({ ...values, recordedBy: user.accountId })
      .returning({ id: selfAssessmentPeerRatings.id });
    await recordAudit(tx, {
      action: 'self_assessment.peer_rating_recorded',
      user,
      subjectType: 'self_assessment_peer_rating',
      subjectId: row!.id,
      detail: values,
    });
    return row!.id;
  });
}

export async function withdrawPeerRating(db: Database, user: CurrentUser, peerRatingId: number): Promise<number> {
  checkManageFrameworks(user);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(selfAssessmentPeerRatings)
      .set({ withdrawnAt: new Date() })
      .where(and(eq(selfAssessmentPeerRatings.id, peerRatingId), isNull(selfAssessmentPeerRatings.withdrawnAt)))
      .returning();
    if (!row) throw new NotFoundError('peer rating');
    await recordAudit(tx, {
      action: 'self_assessment.peer_rating_withdrawn',
      user,
      subjectType: 'self_assessment_peer_rating',
      subjectId: peerRatingId,
      detail: { peer: row.peer, year: row.year, criterionId: row.criterionId, value: row.value },
    });
    return row.frameworkId;
  });
}

/** A framework's current peer ratings, row by row (for the list) and as a column per peer and year. */
export async function peerRatingsOf(db: Queryable, frameworkId: number) {
  const rows = await db
    .select({
      id: selfAssessmentPeerRatings.id,
      peer: selfAssessmentPeerRatings.peer,
      year: selfAssessmentPeerRatings.year,
      criterionId: selfAssessmentPeerRatings.criterionId,
      value: selfAssessmentPeerRatings.value,
      source: selfAssessmentPeerRatings.source,
    })
    .from(selfAssessmentPeerRatings)
    .where(and(eq(selfAssessmentPeerRatings.frameworkId, frameworkId), isNull(selfAssessmentPeerRatings.withdrawnAt)))
    .orderBy(
      asc(selfAssessmentPeerRatings.peer),
      asc(selfAssessmentPeerRatings.year),
      asc(selfAssessmentPeerRatings.id),
    );
  const columns = new Map<string, PeerColumn>();
  for (const row of rows) {
    const key = `${row.peer}|${row.year}`;
    const column = columns.get(key) ?? { peer: row.peer, year: row.year, ratings: new Map<number, number>() };
    // The latest entry for a criterion stands.
    column.ratings.set(row.criterionId, row.value);
    columns.set(key, column);
  }
  return { rows, columns: [...columns.values()] };
}
