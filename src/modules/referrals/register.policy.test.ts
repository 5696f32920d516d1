import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canRegister, checkStep, nextSteps, type ReferralState } from './register.policy.ts';

const at = (stage: ReferralState['stage'], outcome: ReferralState['outcome'] = null): ReferralState => ({
  stage,
  outcome,
  reducedAt: null,
});

test('the Channel journey offers only the next steps', () => {
  assert.deepEqual(nextSteps(at('referred')), ['screening']);
  assert.deepEqual(nextSteps(at('screening')), ['assessment', 'not_adopted']);
  assert.deepEqual(nextSteps(at('assessment')), ['panel', 'not_adopted']);
  assert.deepEqual(nextSteps(at('panel')), ['adopted', 'not_adopted']);
  assert.deepEqual(nextSteps(at('adopted', 'adopted')), ['exit']);
  assert.deepEqual(nextSteps(at('exited', 'adopted')), ['review_6']);
  assert.deepEqual(nextSteps(at('review_6', 'adopted')), ['review_12']);
  assert.deepEqual(nextSteps(at('review_12', 'adopted')), []);
  assert.deepEqual(nextSteps(at('exited', 'signposted')), [], 'a case not adopted is not reviewed');
  assert.deepEqual(nextSteps({ ...at('screening'), reducedAt: new Date() }), [], 'a reduced case takes no step');
});

test('a step out of turn is refused with the steps that are open', () => {
  assert.throws(() => checkStep(at('referred'), 'panel'), /Next: start screening and information gathering/);
  assert.throws(() => checkStep(at('review_12', 'adopted'), 'review_6'), /journey is complete/);
  assert.throws(() => checkStep({ ...at('panel'), reducedAt: new Date() }, 'adopted'), /retention period/);
  assert.doesNotThrow(() => checkStep(at('panel'), 'adopted'));
});

test('need-to-know: the panel or the named read; viewers among them do not write', () => {
  const user = (role: CurrentUser['role']): CurrentUser => ({
    accountId: 1,
    personId: 1,
    name: 'Someone',
    email: 'someone@example.org',
    role,
    mustChangePassword: false,
    groupIds: [],
  });
  const outside = { onChannelPanel: false, named: false };
  const panel = { onChannelPanel: true, named: false };
  const named = { onChannelPanel: false, named: true };
  assert.equal(canRegister(user('administrator'), 'read', outside), false);
  assert.equal(canRegister(user('coordinator'), 'read', outside), false);
  assert.equal(canRegister(user('coordinator'), 'write', named), true);
  assert.equal(canRegister(user('member'), 'write', panel), true);
  assert.equal(canRegister(user('viewer'), 'read', panel), true);
  assert.equal(canRegister(user('viewer'), 'write', panel), false);
});
