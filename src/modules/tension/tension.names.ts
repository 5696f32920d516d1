/*
 * Tension reports never hold names of members of the public. These checks look for the shapes a
 * name, address, postcode or date of birth takes in a short summary; they warn before saving (the
 * author ticks that they have checked), never block, so they lean towards the common shapes and
 * stay quiet on places, faiths and the partnership's own words.
 */

const TITLE = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'-]+/;
const NAMING = /\b(?:named|called|known as|surname|first name)\s+[A-Z]/;
// Two capitalised words mid-sentence where the second is a common surname ("Ahmed Khan", "Jo Smith").
const SURNAME =
  /\b[A-Z][a-z'-]+\s+(?:Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Johnson|Roberts|Walker|Wright|Thompson|White|Hughes|Edwards|Green|Hall|Wood|Harris|Clarke|Patel|Khan|Ahmed|Hussain|Ali|Begum|Singh|Kaur|Shah|Mistry|Sharma|Kumar|Rahman|Islam|Akhtar|Iqbal|Mahmood|Nowak|Kowalski)\b/;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;
const STREET =
  /\b\d{1,4}[a-z]?,?\s+(?:[A-Za-z'-]+\s+){1,3}(?:Street|St|Road|Rd|Lane|Avenue|Close|Drive|Way|Crescent|Terrace|Gardens|Grove)\b/i;
const FLAT = /\bflat\s+\d+/i;
const BIRTH = /\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+on)?)\b[\s:]*\d/i;
const DATE_WITH_AGE = /\b(?:aged?|age)\s+\d{1,2}\b.*\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/i;

/**
 * What the summary seems to hold that could identify a member of the public: one sentence per
 * kind of detail, empty when nothing was found.
 */
export function personalDetailWarnings(text: string): string[] {
  const found: string[] = [];
  if (TITLE.test(text) || NAMING.test(text) || SURNAME.test(text)) found.push('It looks as if it holds a name.');
  if (STREET.test(text) || FLAT.test(text)) found.push('It looks as if it holds an address.');
  if (POSTCODE.test(text)) found.push('It looks as if it holds a postcode.');
  if (BIRTH.test(text) || DATE_WITH_AGE.test(text)) found.push('It looks as if it holds a date of birth.');
  return found;
}
