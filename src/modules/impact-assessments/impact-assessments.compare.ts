import { isOpenAction } from './impact-assessments.policy.ts';
import type { MitigationStatus } from './impact-assessments.tables.ts';

/*
 * A frozen version of an assessment, and the comparison of any two: the page shows what a review
 * changed, field by field, and which actions were added, changed or closed between them.
 */

export interface SnapshotAction {
  id: number;
  description: string;
  owner: string;
  dueOn: string | null;
  status: MitigationStatus;
  planActionId: number | null;
}

export interface AssessmentSnapshot {
  subject: string;
  communitiesAffected: string;
  perceptions: string;
  risks: string;
  tensionLevels: string;
  reviewOn: string;
  owner: string;
  actions: SnapshotAction[];
}

export const SNAPSHOT_FIELDS = [
  ['subject', 'Incident or decision'],
  ['communitiesAffected', 'Communities affected'],
  ['perceptions', 'Perceptions in communities'],
  ['risks', 'Risks to community confidence'],
  ['tensionLevels', 'Tension levels'],
  ['reviewOn', 'Next review'],
  ['owner', 'Owner'],
] as const satisfies readonly (readonly [keyof Omit<AssessmentSnapshot, 'actions'>, string])[];

const ACTION_FIELDS = [
  ['description', 'Action'],
  ['owner', 'Owner'],
  ['dueOn', 'Due'],
  ['status', 'Status'],
] as const satisfies readonly (readonly [keyof SnapshotAction, string])[];

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface VersionComparison {
  fields: FieldChange[];
  added: SnapshotAction[];
  changed: { action: SnapshotAction; changes: FieldChange[] }[];
  /** Open in the earlier version; done or withdrawn in the later one. */
  closed: SnapshotAction[];
  /** Nothing differs. */
  same: boolean;
}

const shown = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

function differences<T>(before: T, after: T, fields: readonly (readonly [keyof T & string, string])[]): FieldChange[] {
  return fields
    .filter(([field]) => shown(before[field]) !== shown(after[field]))
    .map(([field, label]) => ({ field, label, before: shown(before[field]), after: shown(after[field]) }));
}

/** What changed from `before` to `after` (pass the earlier version first). */
export function compareVersions(before: AssessmentSnapshot, after: AssessmentSnapshot): VersionComparison {
  const earlier = new Map(before.actions.map((a) => [a.id, a]));
  const added = after.actions.filter((a) => !earlier.has(a.id));
  const changed = after.actions.flatMap((action) => {
    const was = earlier.get(action.id);
    const changes = was ? differences(was, action, ACTION_FIELDS) : [];
    return changes.length ? [{ action, changes }] : [];
  });
  const closed = after.actions.filter((a) => {
    const was = earlier.get(a.id);
    return was !== undefined && isOpenAction(was.status) && !isOpenAction(a.status);
  });
  const fields = differences(before, after, SNAPSHOT_FIELDS);
  return { fields, added, changed, closed, same: !fields.length && !added.length && !changed.length };
}
