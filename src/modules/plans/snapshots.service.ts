/*
 * Quarterly snapshots (issue 4, monitoring): the plan's actions frozen as they stood, for a board
 * paper, and what moved and what slipped between two of them.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canEditPlans } from '../../auth/policy.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { financialQuarter } from './dashboard.service.ts';
import { RAG_RATINGS, type Rag } from './plans.rag.ts';
import { freezeActions, getPlan, listPlanActions, todayIso } from './plans.service.ts';
import { planSnapshots, type FrozenAction } from './plans.tables.ts';

/** "Q3 2026/27": the label a snapshot gets when none is given. */
export const currentQuarterLabel = (today = todayIso()) => financialQuarter(today).label;

/** Freeze the plan's actions as they stand today. Coordinators only. */
export async function takeSnapshot(db: Database, user: CurrentUser, planId: number, label?: string): Promise<number> {
  if (!canEditPlans(user)) throw new ForbiddenError('Only coordinators can take a snapshot of a plan');
  await getPlan(db, planId);
  const actions = freezeActions(await listPlanActions(db, { planId }));
  if (actions.length === 0) throw new FormError('label', 'This plan has no actions yet: add its actions before taking a snapshot');
  const [snapshot] = await db
    .insert(planSnapshots)
    .values({ planId, label: label ?? currentQuarterLabel(), actions, takenBy: user.accountId })
    .returning({ id: planSnapshots.id });
  return snapshot!.id;
}

const takenByName = sql<string>`(select p.name from accounts a join people p on p.id = a.person_id where a.id = ${planSnapshots.takenBy})`;

/** A plan's snapshots, newest first, without their actions. */
export async function listSnapshots(db: Queryable, planId: number) {
  return db
    .select({ id: planSnapshots.id, label: planSnapshots.label, takenAt: planSnapshots.takenAt, takenBy: takenByName, actionCount: sql<number>`jsonb_array_length(${planSnapshots.actions})::int` })
    .from(planSnapshots)
    .where(eq(planSnapshots.planId, planId))
    .orderBy(desc(planSnapshots.takenAt), desc(planSnapshots.id));
}

/** One snapshot of this plan; NotFoundError for an unknown id or one of another plan. */
export async function getSnapshot(db: Queryable, planId: number, snapshotId: number) {
  const [snapshot] = await db
    .select({ id: planSnapshots.id, planId: planSnapshots.planId, label: planSnapshots.label, actions: planSnapshots.actions, takenAt: planSnapshots.takenAt, takenBy: takenByName })
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

export interface Movement {
  before: FrozenAction;
  after: FrozenAction;
  /** Now complete and not before. */
  completed: boolean;
  ragWorse: boolean;
  /** The due date moved later, or was taken away. */
  dueLater: boolean;
}

export interface MovedAndSlipped {
  moved: Movement[];
  slipped: Movement[];
  added: FrozenAction[];
  withdrawn: FrozenAction[];
  ragBefore: Record<Rag, number>;
  ragAfter: Record<Rag, number>;
}

/** Red, amber, green, complete: worst to best. */
const ragRank = (rag: string) => RAG_RATINGS.indexOf(rag as Rag);

/**
 * What moved and what slipped between two frozen states of a plan (snapshots, or versions).
 * Moved: its RAG got better (completion included). Slipped: its RAG got worse, or its due date was
 * pushed later, unless it has now been completed: an action that only looks better because
 * its deadline moved has slipped, not moved. Actions are matched by id.
 */
export function movedAndSlipped(before: FrozenAction[], after: FrozenAction[]): MovedAndSlipped {
  const earlier = new Map(before.map((a) => [a.id, a]));
  const later = new Set(after.map((a) => a.id));
  const moved: Movement[] = [];
  const slipped: Movement[] = [];
  for (const now of after) {
    const then = earlier.get(now.id);
    if (!then) continue;
    const completed = now.rag === 'complete' && then.rag !== 'complete';
    const movement = {
      before: then,
      after: now,
      completed,
      ragWorse: ragRank(now.rag) < ragRank(then.rag),
      dueLater: then.dueOn !== null && (now.dueOn === null || now.dueOn > then.dueOn),
    };
    if (movement.ragWorse || (movement.dueLater && !completed)) slipped.push(movement);
    else if (ragRank(now.rag) > ragRank(then.rag)) moved.push(movement);
  }
  return {
    moved,
    slipped,
    added: after.filter((a) => !earlier.has(a.id)),
    withdrawn: before.filter((a) => !later.has(a.id)),
    ragBefore: ragCounts(before),
    ragAfter: ragCounts(after),
  };
}
