/*
 * Quarterly snapshots (issue 4, monitoring): the plan's actions frozen as they stood, for a board
 * paper, and what moved and what slipped between two of them.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { checkPlanEditor } from './plans.policy.ts';
import { financialQuarter } from './dashboard.service.ts';
import { RAG_RATINGS, type Rag } from './plans.rag.ts';
import { accountName } from '../accounts/index.ts';
import { freezeActions, getPlan, listPlanActions, todayIso } from './plans.service.ts';
import { planSnapshots, type FrozenAction } from './plans.tables.ts';
import { compareFrozen, type ChangedAction } from './versions.ts';

/** "Q3 2026/27": the label a snapshot gets when none is given. */
export const currentQuarterLabel = (today = todayIso()) => financialQuarter(today).label;

/** Freeze the plan's actions as they stand today. Coordinators only. */
export async function takeSnapshot(db: Database, user: CurrentUser, planId: number, label?: string): Promise<number> {
  checkPlanEditor(user, 'take-snapshot');
  await getPlan(db, planId);
  const actions = freezeActions(await listPlanActions(db, { planId }));
  if (actions.length === 0)
    throw new FormError('label', 'This plan has no actions yet: add its actions before taking a snapshot');
  const [snapshot] = await db
    .insert(planSnapshots)
    .values({ planId, label: label ?? currentQuarterLabel(), actions, takenBy: user.accountId })
    .returning({ id: planSnapshots.id });
  return snapshot!.id;
}

const takenByName = accountName(planSnapshots.takenBy);

/** A plan's snapshots, newest first, without their actions. */
export async function listSnapshots(db: Queryable, planId: number) {
  return db
    .select({
      id: planSnapshots.id,
      label: planSnapshots.label,
      takenAt: planSnapshots.takenAt,
      takenBy: takenByName,
      actionCount: sql<number>`jsonb_array_length(${planSnapshots.actions})::int`,
    })
    .from(planSnapshots)
    .where(eq(planSnapshots.planId, planId))
    .orderBy(desc(planSnapshots.takenAt), desc(planSnapshots.id));
}

/** One snapshot of this plan; NotFoundError for an unknown id or one of another plan. */
export async function getSnapshot(db: Queryable, planId: number, snapshotId: number) {
  const [snapshot] = await db
    .select({
      id: planSnapshots.id,
      planId: planSnapshots.planId,
      label: planSnapshots.label,
      actions: planSnapshots.actions,
      takenAt: planSnapshots.takenAt,
      takenBy: takenByName,
    })
    .from(planSnapshots)
    .where(and(eq(planSnapshots.id, snapshotId), eq(planSnapshots.planId, planId)));
  if (!snapshot) throw new NotFoundError('snapshot');
  return snapshot;
}

/**
 * Actions under their objectives, objectives in the order their first action comes: as a board
 * paper prints them. Frozen actions are kept in reference order (listPlanActions' order), and
 * every list made from them here keeps it.
 */
export function byObjective(actions: FrozenAction[]): { objective: string | null; actions: FrozenAction[] }[] {
  const sections = new Map<string | null, FrozenAction[]>();
  for (const action of actions) {
    const section = sections.get(action.objective) ?? [];
    section.push(action);
    sections.set(action.objective, section);
  }
  // Actions under no objective come last: taken out and put back at the end of the map.
  const loose = sections.get(null);
  sections.delete(null);
  if (loose) sections.set(null, loose);
  return [...sections].map(([objective, list]) => ({ objective, actions: list }));
}

export function ragCounts(actions: FrozenAction[]): Record<Rag, number> {
  const counts = Object.fromEntries(RAG_RATINGS.map((rag) => [rag, 0])) as Record<Rag, number>;
  for (const a of actions) if (a.rag in counts) counts[a.rag as Rag] += 1;
  return counts;
}

export interface MovedAndSlipped {
  moved: ChangedAction[];
  slipped: ChangedAction[];
  added: FrozenAction[];
  withdrawn: FrozenAction[];
  ragBefore: Record<Rag, number>;
  ragAfter: Record<Rag, number>;
}

/** What moved and what slipped between two snapshots (the rule is compareFrozen's), with RAG counts either side. */
export function movedAndSlipped(before: FrozenAction[], after: FrozenAction[]): MovedAndSlipped {
  const comparison = compareFrozen(before, after);
  return {
    moved: comparison.moved,
    slipped: comparison.slipped,
    added: comparison.added,
    withdrawn: comparison.removed,
    ragBefore: ragCounts(before),
    ragAfter: ragCounts(after),
  };
}
