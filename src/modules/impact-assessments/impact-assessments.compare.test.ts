import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, type AssessmentSnapshot } from './impact-assessments.compare.ts';

const first: AssessmentSnapshot = {
  subject: 'Manchester Arena attack',
  communitiesAffected: 'Muslim communities in Highfields',
  perceptions: 'Fear of reprisals after the attack',
  risks: 'Attendance drop at mosques',
  tensionLevels: 'Leicester: 3 Moderate',
  reviewOn: '2017-06-05',
  owner: 'Priya Shah',
  actions: [
    {
      id: 1,
      description: 'Reassurance patrols',
      owner: 'Leicestershire Police',
      dueOn: '2017-05-30',
      status: 'in_progress',
      planActionId: null,
    },
    {
      id: 2,
      description: 'Vigil at the Clock Tower',
      owner: 'Leicester City Council',
      dueOn: '2017-05-25',
      status: 'not_started',
      planActionId: null,
    },
    {
      id: 3,
      description: 'Letter to schools',
      owner: 'Priya Shah',
      dueOn: null,
      status: 'not_started',
      planActionId: null,
    },
  ],
};

test('two versions compared field by field, with actions added, changed and closed', () => {
  const second: AssessmentSnapshot = {
    ...first,
    perceptions: 'Reprisal fears easing; rumours online about a second attack',
    tensionLevels: 'Leicester: 2 Low',
    reviewOn: '2017-06-19',
    actions: [
      { ...first.actions[0]!, status: 'done' },
      { ...first.actions[1]!, dueOn: '2017-05-26' },
      { ...first.actions[2]!, status: 'withdrawn' },
      {
        id: 4,
        description: 'Rumour rebuttal online',
        owner: 'Prevent team',
        dueOn: '2017-06-10',
        status: 'not_started',
        planActionId: null,
      },
    ],
  };
  const result = compareVersions(first, second);
  assert.deepEqual(
    result.fields.map((f) => [f.field, f.before, f.after]),
    [
      ['perceptions', first.perceptions, second.perceptions],
      ['tensionLevels', 'Leicester: 3 Moderate', 'Leicester: 2 Low'],
      ['reviewOn', '2017-06-05', '2017-06-19'],
    ],
  );
  assert.deepEqual(
    result.added.map((a) => a.id),
    [4],
  );
  assert.deepEqual(
    result.closed.map((a) => [a.id, a.status]),
    [
      [1, 'done'],
      [3, 'withdrawn'],
    ],
  );
  assert.deepEqual(
    result.changed.map((c) => [c.action.id, c.changes.map((f) => `${f.field}: ${f.before} → ${f.after}`)]),
    [
      [1, ['status: in_progress → done']],
      [2, ['dueOn: 2017-05-25 → 2017-05-26']],
      [3, ['status: not_started → withdrawn']],
    ],
  );
  assert.equal(result.same, false);
});

test('a version compared with itself is the same; an empty due date reads as empty, not "null"', () => {
  assert.equal(compareVersions(first, first).same, true);
  const dated = { ...first, actions: [{ ...first.actions[2]!, dueOn: '2017-06-01' }] };
  const undated = { ...first, actions: [first.actions[2]!] };
  const [change] = compareVersions(undated, dated).changed;
  assert.deepEqual(change?.changes, [{ field: 'dueOn', label: 'Due', before: '', after: '2017-06-01' }]);
  assert.deepEqual(compareVersions(dated, undated).closed, [], 'a date cleared closes nothing');
});
