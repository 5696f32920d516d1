import { RAG_RATINGS } from './plans.rag.ts';
import { byReference } from './plans.service.ts';
import type { FrozenAction } from './plans.tables.ts';

/*
 * Comparing two frozen states of a plan, action by action: two approved versions, a version and
 * the working copy, or two quarterly snapshots. Actions are matched by id, so a renumbered action
 * shows as changed rather than as one withdrawn and one added.
 */

/** The fields compared, in the order a comparison lists their differences. */
export const COMPARED_FIELDS = [
  'reference',
  'title',
  'description',
  'strand',
  'objective',
  'leadOrganisation',
  'leadPerson',
  'startOn',
  'dueOn',
  'state',
  'rag',
  'latestUpdate',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export const COMPARED_FIELD_LABELS: Record<ComparedField, string> = {
  reference: 'Reference',
  title: 'Title',
  description: 'Description',
  strand: 'CONTEST strand',
  objective: 'Objective',
  leadOrganisation: 'Lead organisation',
  leadPerson: 'Lead officer',
  startOn: 'Start date',
  dueOn: 'Due date',
  state: 'Progress',
  rag: 'RAG status',
  latestUpdate: 'Latest update',
};

export interface FieldDifference {
  field: ComparedField;
  before: string | null;
  after: string | null;
}

export interface ChangedAction {
  before: FrozenAction;
  after: FrozenAction;
  differences: FieldDifference[];
  /** Now complete and not before. */
  completed: boolean;
  ragWorse: boolean;
  /** The due date moved later, or was taken away. */
  dueLater: boolean;
}

export interface FrozenComparison {
  /** In `after` only. */
  added: FrozenAction[];
  /** In `before` only: withdrawn since. */
  removed: FrozenAction[];
  /** In both, with at least one field different. */
  changed: ChangedAction[];
  /** In both, every compared field the same. */
  unchanged: FrozenAction[];
  /** Changed actions whose RAG status improved (red → amber → green → complete) and did not slip. */
  moved: ChangedAction[];
  /**
   * Changed actions whose RAG status worsened, or whose due date was put back (or taken away)
   * without the action being completed: one that only looks better because its deadline moved
   * has slipped, not moved. An action is in one list or the other, never both.
   */
  slipped: ChangedAction[];
}

/** Position from worst to best; -1 for a rating this version of the rule does not know. */
const ragRank = (rag: string) => RAG_RATINGS.indexOf(rag as (typeof RAG_RATINGS)[number]);

const hasSlipped = (change: ChangedAction) => change.ragWorse || (change.dueLater && !change.completed);
const hasMoved = (change: ChangedAction) =>
  !hasSlipped(change) && ragRank(change.after.rag) > ragRank(change.before.rag);

function changeOf(before: FrozenAction, after: FrozenAction, differences: FieldDifference[]): ChangedAction {
  return {
    before,
    after,
    differences,
    completed: after.rag === 'complete' && before.rag !== 'complete',
    ragWorse: ragRank(before.rag) >= 0 && ragRank(after.rag) >= 0 && ragRank(after.rag) < ragRank(before.rag),
    dueLater: before.dueOn !== null && (after.dueOn === null || after.dueOn > before.dueOn),
  };
}

function differencesOf(before: FrozenAction, after: FrozenAction, fields: readonly ComparedField[]): FieldDifference[] {
  return fields
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
    .filter((d) => d.before !== d.after);
}

/**
 * What changed between two frozen lists of actions. `fields` narrows what counts as a change
 * (for instance, leave out 'latestUpdate' to compare the plan's content alone).
 */
export function compareFrozen(
  before: FrozenAction[],
  after: FrozenAction[],
  fields: readonly ComparedField[] = COMPARED_FIELDS,
): FrozenComparison {
  const earlier = new Map(before.map((a) => [a.id, a]));
  const later = new Set(after.map((a) => a.id));
  const result: FrozenComparison = { added: [], removed: [], changed: [], unchanged: [], moved: [], slipped: [] };
  for (const action of [...after].sort(byReference)) {
    const previous = earlier.get(action.id);
    if (!previous) {
      result.added.push(action);
      continue;
    }
    const differences = differencesOf(previous, action, fields);
    if (differences.length === 0) result.unchanged.push(action);
    else result.changed.push(changeOf(previous, action, differences));
  }
  result.removed = before.filter((a) => !later.has(a.id)).sort(byReference);
  result.moved = result.changed.filter(hasMoved);
  result.slipped = result.changed.filter(hasSlipped);
  return result;
}
