/*
 * The register holds no names, dates of birth, addresses or anything else that identifies a
 * person, and its one free-text field is where one could slip in. These checks look for the
 * shapes such details take in a short note. They are a warning before saving, not a filter: a
 * false alarm costs one click ("save anyway"), a miss is caught by the reader, so they lean
 * towards the common shapes and stay quiet on the partnership's own words ("Channel panel",
 * "Leicester City", "Year 9", "Extreme Right Wing").
 */

// Common given names in the partnership's communities. A capitalised word after one is taken as a surname.
const GIVEN_NAMES = new Set(
  (
    'john james david michael paul mark peter andrew richard robert thomas daniel matthew christopher ' +
    'steven stephen simon adam jack harry oliver charlie george jacob noah leo alfie freddie archie ' +
    'joshua ryan liam connor callum kyle jordan luke ben benjamin samuel sam joe joseph william ' +
    'mary sarah emma emily sophie olivia amelia isla ava mia lily grace chloe jessica hannah lucy ' +
    'laura rebecca rachel jade megan ellie holly katie amy charlotte lauren abigail ella poppy ' +
    'mohammed muhammad mohammad ahmed ali omar hassan hussain yusuf ibrahim hamza bilal imran asif ' +
    'tariq khalid amir zain ayaan aisha fatima maryam zara zainab amina hafsa ayesha noor sana ' +
    'priya raj ravi sanjay anil sunil vijay arjun rohan krishna deepak rakesh harpreet gurpreet ' +
    'jaspreet manpreet simran anjali neha pooja kiran nisha sunita meera ' +
    'piotr jakub kacper tomasz marek agnieszka katarzyna andrei ion maria elena ' +
    'kwame kofi chidi emeka tunde ade amara abdi mohamud'
  ).split(' '),
);

// Common surnames: a capitalised word before one is taken as a given name.
const SURNAMES = new Set(
  (
    'smith jones williams taylor davies evans wilson thomas johnson roberts robinson thompson wright ' +
    'walker edwards hughes lewis harris clarke clark jackson turner martin cooper ward morris moore ' +
    'harrison morgan allen scott phillips watson davis parker price bennett griffiths mitchell kelly ' +
    'cook carter richardson bailey collins shaw murphy miller cox patel khan ahmed hussain begum ' +
    'singh kaur shah mistry chauhan parmar sharma kumar mahmood rahman islam akhtar iqbal bibi ' +
    'kowalski nowak mohamed abdullah osman'
  ).split(' '),
);

// Capitalised words that start sentences and headings rather than names.
const NOT_GIVEN = new Set('the a an in on at to of for and but by from with this that his her their our'.split(' '));

// The second word in a lookahead, so pairs overlap: "Tutor John Smith" is read as "Tutor John" and "John Smith".
const CAPITALISED_PAIR = /\b([A-Z][a-z'-]+)(?=\s+([A-Z][a-zA-Z'-]+)\b)/g;
const TITLED = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-zA-Z'-]+/;
const NAMED = /\b(?:named|called|known as|surname|first name|full name)\b/i;

const BIRTH_WORDS = /\b(?:d\.?o\.?b\b|date of birth\b|born\b)/i;
const FULL_DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/;

const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;
const STREET_WORDS =
  'Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Crescent|Place|Terrace|Gardens|Grove|Walk|Row|Square|Mews|Rise|Park|Hill';
// "12 High Street", "4a Saxby Rd": a house number, capitalised words and a street word.
const STREET_ADDRESS = new RegExp(`\\b\\d{1,4}[A-Za-z]?,?\\s+(?:[A-Z][a-zA-Z'-]+\\s+){1,3}(?:${STREET_WORDS})\\b`);
// Written in lower case, only the unmistakable street words count ("12 high street").
const LOWER_ADDRESS = /\b\d{1,4}[a-z]?,?\s+(?:[a-z'-]+\s+){1,3}(?:street|road|lane|avenue|crescent|terrace)\b/i;
const FLAT = /\b(?:flat|apartment|house number)\s+\d+/i;

const PHONE = /(?:\+44\s?7\d{3}|\b07\d{3})\s?\d{3}\s?\d{3}\b/;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/;
const NHS_NUMBER = /\b\d{3}\s?\d{3}\s?\d{4}\b/;
const NI_NUMBER = /\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/i;

function looksLikeName(text: string): boolean {
  if (TITLED.test(text) || NAMED.test(text)) return true;
  for (const [, first, second] of text.matchAll(CAPITALISED_PAIR)) {
    const given = first!.toLowerCase();
    if (NOT_GIVEN.has(given)) continue;
    if (GIVEN_NAMES.has(given) || SURNAMES.has(second!.toLowerCase())) return true;
  }
  return false;
}

const looksLikeBirthDate = (text: string) => BIRTH_WORDS.test(text) && (FULL_DATE.test(text) || /\d{4}/.test(text));
const looksLikeAddress = (text: string) => STREET_ADDRESS.test(text) || LOWER_ADDRESS.test(text) || FLAT.test(text);
const looksLikeContact = (text: string) =>
  PHONE.test(text) || EMAIL.test(text) || NHS_NUMBER.test(text) || NI_NUMBER.test(text);

/**
 * Why the text looks as if it identifies a person: one sentence per kind of detail found, in the
 * order a reader would check them. Empty when nothing was found.
 */
export function identifyingHints(text: string): string[] {
  const hints: string[] = [];
  if (looksLikeName(text)) hints.push('It looks as if it holds a person’s name.');
  if (looksLikeBirthDate(text)) hints.push('It looks as if it holds a date of birth.');
  if (looksLikeAddress(text)) hints.push('It looks as if it holds an address.');
  if (POSTCODE.test(text)) hints.push('It looks as if it holds a postcode.');
  if (looksLikeContact(text)) hints.push('It looks as if it holds a phone number, email address or ID number.');
  return hints;
}
