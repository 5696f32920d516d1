/** Reading rendered pages in tests. */

/** The text of the page, tags stripped, spaces squeezed. */
export const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The text of the table row containing `text`, tags stripped, spaces squeezed. */
export function rowText(html: string, text: string): string | undefined {
  const row = [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(text));
  return row
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
