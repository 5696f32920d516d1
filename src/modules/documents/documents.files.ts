import { createHash } from 'node:crypto';

// Controls and the bidirectional overrides that make "evil‮fdp.exe" read as "evilexe.pdf".
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|]/g;
const MAX_FILENAME = 150;

/** The largest file the Hub accepts (multipart limit in src/app.ts, and the upload forms' message). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** A name safe to store and to offer back: no path, no control or reserved characters, not hidden. */
export function sanitiseFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(UNSAFE_CHARACTERS, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
  if (!cleaned) return 'document';
  if (cleaned.length <= MAX_FILENAME) return cleaned;
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, MAX_FILENAME - extension.length) + extension;
}

/** The browser's stated type if it is a well-formed media type; otherwise opaque bytes. */
export function safeContentType(type: string): string {
  const essence = (type.split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(essence)
    ? essence
    : 'application/octet-stream';
}

const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Always "attachment": an uploaded file is never rendered as a page of the Hub. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(filename)}`;
}

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
