import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifyingHints } from './identifying-text.ts';

const flagged: [string, RegExp][] = [
  ['John Smith', /name/],
  ['Referred after John Smith spoke to a teacher', /name/],
  ['Discussed with Mrs Patel', /name/],
  ['Concern raised by Tutor John Smith', /name/],
  ['Aisha Khan attends the college', /name/],
  ['known as Ollie at school', /name/],
  ['DOB 03/04/2009', /date of birth/],
  ['d.o.b. 3-4-09', /date of birth/],
  ['Date of birth 14.02.2010', /date of birth/],
  ['born in 2008 in the city', /date of birth/],
  ['LE1 5FQ', /postcode/],
  ['lives near le4 7ab', /postcode/],
  ['12 High Street', /address/],
  ['4a Saxby Rd, Melton', /address/],
  ['lives at 27 narborough road', /address/],
  ['Flat 3 above the shop', /address/],
  ['Mother on 07970 299615', /phone/],
  ['contact: parent@example.org', /email/],
  ['NHS number 943 476 5919', /ID number/],
  ['NI number AB 12 34 56 C', /ID number/],
];

const clear = [
  'Channel panel',
  'Leicester City',
  'Year 9',
  'Extreme Right Wing',
  'Islamist',
  'Discussed at the Channel panel in March; adopted with consent.',
  'Referred by a Year 9 tutor after concerns about online content.',
  'The Prevent Champions network in Leicestershire County Council shared the referral.',
  'Screened by the Police Prevent team; signposted to Early Help.',
  'Seen 3 times on the way to a youth project',
  'Q1 2019 return',
  'Leicester City Council and Rutland County Council attended; De Montfort University sent apologies.',
  'Smith Academy safeguarding lead',
  'Mixed, unstable or unclear ideology; school massacre interest',
  '',
];

test('text that looks like a name, a date of birth, an address, a postcode or a contact is flagged', () => {
  for (const [text, reason] of flagged) {
    const hints = identifyingHints(text);
    assert.ok(
      hints.some((hint) => reason.test(hint)),
      `${JSON.stringify(text)} should be flagged ${String(reason)}, got ${JSON.stringify(hints)}`,
    );
  }
});

test('the partnership’s own words are not flagged', () => {
  for (const text of clear) {
    assert.deepEqual(identifyingHints(text), [], `${JSON.stringify(text)} should not be flagged`);
  }
});

test('each kind of detail is named once, however often it appears', () => {
  const hints = identifyingHints('John Smith and Sarah Jones, LE1 5FQ and LE2 1AB');
  assert.equal(hints.filter((hint) => /name/.test(hint)).length, 1);
  assert.equal(hints.filter((hint) => /postcode/.test(hint)).length, 1);
  assert.equal(hints.length, 2);
});
