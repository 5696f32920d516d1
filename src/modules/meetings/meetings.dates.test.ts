import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addCadence, londonDate, londonTime, londonToUtc, proposeNextDate } from './meetings.dates.ts';

test('London times become the right UTC instants in winter and in summer', () => {
  assert.equal(londonToUtc('2030-01-15', '10:00').toISOString(), '2030-01-15T10:00:00.000Z');
  assert.equal(londonToUtc('2030-07-15', '10:00').toISOString(), '2030-07-15T09:00:00.000Z');
  // The days of the changes (31 March and 27 October 2030), after the change at 01:00 UTC.
  assert.equal(londonToUtc('2030-03-31', '10:00').toISOString(), '2030-03-31T09:00:00.000Z');
  assert.equal(londonToUtc('2030-10-27', '10:00').toISOString(), '2030-10-27T10:00:00.000Z');
  assert.equal(londonToUtc('2030-03-30', '23:30').toISOString(), '2030-03-30T23:30:00.000Z');
  assert.equal(londonToUtc('2030-06-30', '00:30').toISOString(), '2030-06-29T23:30:00.000Z');
});

test('UTC instants read back as London dates and times', () => {
  const summer = new Date('2030-06-29T23:30:00Z');
  assert.equal(londonDate(summer), '2030-06-30');
  assert.equal(londonTime(summer), '00:30');
  const winter = new Date('2030-12-01T09:05:00Z');
  assert.equal(londonDate(winter), '2030-12-01');
  assert.equal(londonTime(winter), '09:05');
});

test('cadences step by days or calendar months, keeping the end of the month', () => {
  assert.equal(addCadence('2030-12-28', 'weekly'), '2031-01-04');
  assert.equal(addCadence('2030-01-31', 'monthly'), '2030-02-28');
  assert.equal(addCadence('2030-01-31', 'monthly', 3), '2030-04-30');
  assert.equal(addCadence('2030-11-15', 'bimonthly'), '2031-01-15');
  assert.equal(addCadence('2030-11-15', 'quarterly'), '2031-02-15');
  assert.equal(addCadence('2030-11-15', 'six_monthly'), '2031-05-15');
  assert.equal(addCadence('2028-02-29', 'annual'), '2029-02-28');
  assert.equal(addCadence('2030-11-15', 'ad_hoc'), null);
});

test('the proposed date follows the latest meeting, or today, and skips what is past', () => {
  assert.equal(proposeNextDate('quarterly', '2030-03-10', '2026-01-01'), '2030-06-10');
  assert.equal(proposeNextDate('monthly', null, '2030-05-20'), '2030-06-20');
  // A group that last met long ago is offered its next date after today, on its rhythm.
  assert.equal(proposeNextDate('monthly', '2030-01-10', '2030-05-20'), '2030-06-10');
  assert.equal(proposeNextDate('weekly', '2030-05-13', '2030-05-20'), '2030-05-27');
  assert.equal(proposeNextDate('ad_hoc', '2030-01-10', '2030-05-20'), null);
});
