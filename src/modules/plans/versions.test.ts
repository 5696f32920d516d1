import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrozenAction } from './plans.tables.ts';
import { compareFrozen } from './versions.ts';

const action = (id: number, reference: string, overrides: Partial<FrozenAction> = {}): FrozenAction => ({
  id,
  reference,
  title: `Action ${reference}`,
  description: null,
  strand: 'prevent',
  objective: 'Raise awareness of Prevent',
  leadOrganisation: 'Stockton-on-Tees Borough Council',
  leadPerson: null,
  startOn: null,
  dueOn: '2027-03-31',
  state: 'on_track',
  rag: 'green',
  latestUpdate: null,
  ...overrides,
});

test('identical lists: everything unchanged, nothing added, removed, moved or slipped', () => {
  const list = [action(1, '1'), action(2, '2')];
  const result = compareFrozen(list, structuredClone(list));
  assert.deepEqual(
    result.unchanged.map((a) => a.reference),
    ['1', '2'],
  );
  assert.deepEqual([result.added, result.removed, result.changed, result.moved, result.slipped], [[], [], [], [], []]);
});

test('added and withdrawn actions are told apart by id, in reference order', () => {
  const before = [action(1, '1'), action(2, '2'), action(3, '10')];
  const after = [action(1, '1'), action(5, '11'), action(4, '3')];
  const result = compareFrozen(before, after);
  assert.deepEqual(
    result.added.map((a) => a.reference),
    ['3', '11'],
  );
  assert.deepEqual(
    result.removed.map((a) => a.reference),
    ['2', '10'],
  );
  assert.deepEqual(
    result.unchanged.map((a) => a.id),
    [1],
  );
});

test('a changed action lists each field that differs, with before and after', () => {
  const before = [action(1, '1')];
  const after = [action(1, '1.1', { title: 'WRAP training for all frontline staff', leadOrganisation: null })];
  const [changed] = compareFrozen(before, after).changed;
  assert.deepEqual(changed!.differences, [
    { field: 'reference', before: '1', after: '1.1' },
    { field: 'title', before: 'Action 1', after: 'WRAP training for all frontline staff' },
    { field: 'leadOrganisation', before: 'Stockton-on-Tees Borough Council', after: null },
  ]);
});

test('moved: the RAG status improved; slipped: it worsened or the due date was put back, unless now complete', () => {
  const before = [
    action(1, '1', { rag: 'amber', state: 'at_risk' }),
    action(2, '2', { rag: 'green' }),
    action(3, '3', { dueOn: '2026-12-31' }),
    action(4, '4', { rag: 'red', dueOn: '2026-06-30' }),
    action(5, '5', { dueOn: '2027-03-31' }),
  ];
  const after = [
    action(1, '1', { rag: 'complete', state: 'completed' }),
    action(2, '2', { rag: 'red', state: 'blocked' }),
    action(3, '3', { dueOn: '2027-06-30' }),
    // Better rated, but only because the deadline was pushed back: it slipped, it did not move.
    action(4, '4', { rag: 'green', dueOn: '2027-06-30' }),
    // An earlier due date is not a slip.
    action(5, '5', { dueOn: '2026-12-31' }),
  ];
  const result = compareFrozen(before, after);
  assert.deepEqual(
    result.moved.map((c) => c.after.reference),
    ['1'],
  );
  assert.deepEqual(
    result.slipped.map((c) => c.after.reference),
    ['2', '3', '4'],
  );
  assert.equal(result.moved[0]!.completed, true);
  assert.deepEqual([result.slipped[0]!.ragWorse, result.slipped[1]!.dueLater], [true, true]);
  assert.equal(result.changed.length, 5);
});

test('a due date taken away is a slip; the fields compared can be narrowed', () => {
  const before = [action(1, '1'), action(2, '2', { latestUpdate: 'First session held' })];
  const after = [action(1, '1', { dueOn: null }), action(2, '2', { latestUpdate: 'Second session held' })];
  const all = compareFrozen(before, after);
  assert.equal(all.changed.length, 2);
  assert.deepEqual(
    all.slipped.map((c) => c.after.id),
    [1],
  );
  const content = compareFrozen(before, after, ['title', 'dueOn']);
  assert.deepEqual(
    content.changed.map((c) => c.after.id),
    [1],
  );
  assert.deepEqual(
    content.unchanged.map((a) => a.id),
    [2],
  );
});
