import { test } from 'node:test';
import assert from 'node:assert/strict';
import { similarity, suggestDuplicates, tokenize } from './similarity.ts';

test('tokenize drops punctuation, case and stop words, and strips plurals', () => {
  assert.deepEqual(tokenize('What are the Schools teaching?'), ['school', 'teach']);
  assert.deepEqual(tokenize(''), []);
});

test('obvious duplicates score high, unrelated questions low', () => {
  const a = 'How are schools supported to spot radicalisation online?';
  const b = 'how do schools get support to spot online radicalisation';
  const c = 'When is the next community forum in Hackney?';
  assert.ok(similarity(a, b) > 0.7, `duplicate scored ${similarity(a, b)}`);
  assert.ok(similarity(a, c) < 0.2, `unrelated scored ${similarity(a, c)}`);
  assert.ok(Math.abs(similarity(a, a) - 1) < 1e-9, 'a text is identical to itself');
  assert.equal(similarity('', a), 0);
});

test('suggestDuplicates names the closest earlier item above the threshold, never itself', () => {
  const all = [
    { id: 1, body: 'What training do teachers get on Prevent?' },
    { id: 2, body: 'Where can parents get advice about extremist content online?' },
    { id: 3, body: 'What Prevent training do teachers receive?' },
    { id: 4, body: 'Is the funding for youth clubs continuing next year?' },
  ];
  const suggestions = suggestDuplicates([all[2]!, all[3]!], all);
  assert.equal(suggestions.get(3)?.id, 1);
  assert.ok(suggestions.get(3)!.score >= 0.5);
  assert.equal(suggestions.has(4), false);
});
