import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { canDocument, checkDocument, defaultAudience, isSensitiveToEveryone } from './documents.policy.ts';

// The rules alone, without a database: the HTTP tests in documents.test.ts cover the pages.
const user = (role: CurrentUser['role'], groupIds: number[] = [], accountId = 10): CurrentUser => ({
  accountId,
  personId: accountId,
  email: 'someone@example.org',
  name: 'Someone',
  role,
  mustChangePassword: false,
  groupIds,
});

test('read is need-to-know: everyone, the uploader, or a member of one of its groups; roles do not enter', () => {
  const paper = { groupId: 1, createdBy: 99, audience: 'groups' as const, audienceGroupIds: [1] };
  assert.equal(canDocument(user('member', [1]), 'read', paper), true);
  assert.equal(canDocument(user('administrator', [2]), 'read', paper), false);
  assert.equal(canDocument(user('viewer', [], 99), 'read', paper), true, 'the person who added it');
  assert.equal(canDocument(user('viewer'), 'read', { ...paper, audience: 'everyone', audienceGroupIds: [] }), true);
  assert.throws(() => checkDocument(user('coordinator'), 'read', paper), NotFoundError);
});

test('changing: the library’s runners or the member who added it, never once archived, never a viewer', () => {
  const paper = { groupId: 1, createdBy: 10, archivedAt: null };
  assert.equal(canDocument(user('member', [1], 11), 'edit', paper), true);
  assert.equal(canDocument(user('member', [], 10), 'replace', paper), true, 'their own paper');
  assert.equal(canDocument(user('viewer', [1], 10), 'edit', paper), false);
  assert.throws(() => checkDocument(user('viewer', [1], 10), 'edit', paper), {
    message: 'You cannot change this document',
  });
  const archived = { ...paper, archivedAt: new Date() };
  assert.equal(canDocument(user('coordinator'), 'archive', archived), false);
  assert.throws(
    () => checkDocument(user('coordinator'), 'edit', archived),
    (error) => error instanceof ForbiddenError && error.message === 'This document is archived and cannot be changed',
  );
});

test('adding: a member to their own groups’ libraries, told to choose one for the partnership library', () => {
  assert.equal(canDocument(user('member', [1]), 'add', { groupId: 1 }), true);
  assert.equal(canDocument(user('member', [1]), 'add', { groupId: 2 }), false);
  assert.throws(() => checkDocument(user('member', [1]), 'add', { groupId: null }), FormError);
  assert.throws(() => checkDocument(user('member', [1]), 'add', { groupId: 2 }), ForbiddenError);
  assert.equal(canDocument(user('coordinator'), 'add', { groupId: null }), true);
});

test('OFFICIAL-SENSITIVE defaults to named groups; for everyone it needs confirming', () => {
  assert.equal(defaultAudience('OFFICIAL-SENSITIVE'), 'groups');
  assert.equal(defaultAudience('OFFICIAL'), 'everyone');
  assert.equal(defaultAudience('OFFICIAL', [3]), 'groups');
  assert.equal(isSensitiveToEveryone('OFFICIAL-SENSITIVE', 'everyone'), true);
  assert.equal(isSensitiveToEveryone('OFFICIAL', 'everyone'), false);
});
