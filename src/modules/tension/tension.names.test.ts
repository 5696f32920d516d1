import assert from 'node:assert/strict';
import { test } from 'node:test';
import { personalDetailWarnings } from './tension.names.ts';

test('names, addresses, postcodes and dates of birth are warned about', () => {
  assert.deepEqual(personalDetailWarnings('Mr Jones was heard shouting at worshippers'), [
    'It looks as if it holds a name.',
  ]);
  assert.deepEqual(personalDetailWarnings('A man called Darren posted the rumour'), [
    'It looks as if it holds a name.',
  ]);
  assert.deepEqual(personalDetailWarnings('Leaflets from Ahmed Khan outside the mosque'), [
    'It looks as if it holds a name.',
  ]);
  assert.deepEqual(personalDetailWarnings('Graffiti at 12 Saxby Street overnight'), [
    'It looks as if it holds an address.',
  ]);
  assert.deepEqual(personalDetailWarnings('Window broken near LE2 0QQ'), ['It looks as if it holds a postcode.']);
  assert.deepEqual(personalDetailWarnings('Youth involved, DOB 04/03/2007'), [
    'It looks as if it holds a date of birth.',
  ]);
  assert.equal(personalDetailWarnings('Flat 4, 9 High Street, LE1 5AA, named Smith').length, 3);
});

test('the partnership’s own words pass without a warning', () => {
  for (const text of [
    'Online rumour about the Manchester Arena attack spreading in Leicester City schools',
    'Attendance at Friday prayers down by a third; Community Reference Group members reassured',
    'Extreme Right Wing stickers on lamp posts near the station; police removed them on 3 June',
    'Year 9 pupils repeating claims from TikTok; the school ran an assembly',
    'Level 3 since the London Bridge attack, 5 reports of hate incidents',
  ])
    assert.deepEqual(personalDetailWarnings(text), [], text);
});
