import type { OutgoingMail } from '../mail/index.ts';

/** Where a person turns these emails off: the line every one of them ends with links here. */
export const PREFERENCES_PAGE = '/account/email-preferences';

/** One line of an email: words, and the Hub page they point to. */
export interface MailLine {
  text: string;
  url: string;
}

export interface MailSection {
  heading: string;
  lines: MailLine[];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const textOf = (section: MailSection) =>
  [section.heading, ...section.lines.map((line) => `- ${line.text}\n  ${line.url}`)].join('\n');

const htmlOf = (section: MailSection) =>
  [
    `<h2>${escapeHtml(section.heading)}</h2>`,
    '<ul>',
    ...section.lines.map((line) => `<li><a href="${escapeHtml(line.url)}">${escapeHtml(line.text)}</a></li>`),
    '</ul>',
  ].join('\n');

/**
 * A reminder or digest: an opening line, sections of links, and how to turn such emails off.
 * Only words the caller chose go in: titles of OFFICIAL records, never OFFICIAL-SENSITIVE content.
 */
export function sectionedMail(
  to: string,
  kind: string,
  subject: string,
  opening: string,
  sections: MailSection[],
  turnOff: { what: string; url: string },
): OutgoingMail {
  const footer = `To stop ${turnOff.what}, change your email preferences: ${turnOff.url}`;
  const text = [opening, ...sections.map(textOf), footer].join('\n\n');
  const html = [
    `<p>${escapeHtml(opening)}</p>`,
    ...sections.map(htmlOf),
    `<p>To stop ${escapeHtml(turnOff.what)}, <a href="${escapeHtml(turnOff.url)}">change your email preferences</a>.</p>`,
  ].join('\n');
  return { to, kind, subject, text, html };
}
