import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTEMPT_KEY_MS, AttemptCounter } from './attempts.ts';

test('attempts: a sliding window per key; a legitimate attempt is handed back; keys of several parts', () => {
  const counter = new AttemptCounter(2, 60_000);
  const start = Date.now();
  assert.ok(counter.take('a', start));
  assert.ok(counter.take('a', start + 10_000));
  assert.equal(counter.take('a', start + 20_000), false, 'the limit is reached');
  assert.ok(counter.take('b', start + 20_000), 'another key is not affected');
  assert.ok(counter.take('a', start + 60_001), 'the first attempt has left the window');
  counter.giveBack('a', start + 60_002);
  assert.equal(counter.count('a', start + 60_003), 1);
  assert.ok(counter.take(['mail@example.org', 'a'], start + 60_004));
  assert.equal(counter.count(['mail@example.org', 'b'], start + 60_005), 0, 'each part counts');
  counter.clear(['mail@example.org', 'a'], start + 60_006);
  assert.equal(counter.count(['mail@example.org', 'a'], start + 60_007), 0);
});

test('attempts: the hashing key is replaced every hour and everything counted under it goes', () => {
  const counter = new AttemptCounter(1, 10 * 60_000);
  const start = Date.now();
  assert.ok(counter.take('198.51.100.1', start));
  assert.ok(counter.isBlocked('198.51.100.1', start + 1_000));
  assert.equal(counter.isBlocked('198.51.100.1', start + ATTEMPT_KEY_MS + 1), false);
});

test('attempts: memory is bounded (expired keys go first, then the oldest)', () => {
  const counter = new AttemptCounter(5, 60_000, { maxKeys: 3 });
  const start = Date.now();
  counter.record('old', start);
  counter.record('k1', start + 50_000);
  counter.record('k2', start + 50_000);
  counter.record('k3', start + 70_000); // 'old' has expired: it makes the room
  assert.equal(counter.count('k1', start + 70_000), 1);
  counter.record('k4', start + 70_000); // none expired: the oldest (k1) goes
  assert.equal(counter.count('k1', start + 70_000), 0);
  assert.equal(counter.count('k4', start + 70_000), 1);
});
