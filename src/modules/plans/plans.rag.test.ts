import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ragOf, rollUp } from './plans.rag.ts';

const today = '2026-06-15';

test('RAG follows the written rule', () => {
  assert.equal(ragOf({ state: 'completed', startOn: null, dueOn: '2026-01-01' }, today), 'complete');
  assert.equal(ragOf({ state: 'blocked', startOn: null, dueOn: '2027-01-01' }, today), 'red');
  assert.equal(ragOf({ state: 'on_track', startOn: null, dueOn: '2026-06-14' }, today), 'red', 'overdue');
  assert.equal(
    ragOf({ state: 'on_track', startOn: null, dueOn: '2026-06-15' }, today),
    'green',
    'due today is not overdue',
  );
  assert.equal(ragOf({ state: 'at_risk', startOn: null, dueOn: null }, today), 'amber');
  assert.equal(
    ragOf({ state: 'not_started', startOn: '2026-06-01', dueOn: null }, today),
    'amber',
    'should have started',
  );
  assert.equal(
    ragOf({ state: 'not_started', startOn: null, dueOn: '2026-07-10' }, today),
    'amber',
    'due soon, not started',
  );
  assert.equal(ragOf({ state: 'not_started', startOn: '2026-09-01', dueOn: '2027-03-31' }, today), 'green');
  assert.equal(ragOf({ state: 'on_track', startOn: null, dueOn: '2026-07-10' }, today), 'green');
});

test('a strategic action rolls up the worst of its operational work', () => {
  assert.equal(rollUp('green', []), 'green');
  assert.equal(rollUp('green', ['green', 'amber']), 'amber');
  assert.equal(rollUp('green', ['complete', 'red', 'amber']), 'red');
  assert.equal(rollUp('red', ['complete', 'complete']), 'complete');
  assert.equal(rollUp('amber', ['complete', 'green']), 'green');
});
