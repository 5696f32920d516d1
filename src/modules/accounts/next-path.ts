const BASE = 'http://hub.invalid';

/**
 * Where to go after signing in: only a path on this Hub, written exactly as a browser would
 * read it back. Anything a browser might resolve elsewhere ("//evil", "/\evil", "/%09/evil",
 * "https:evil"), or that a header cannot carry (control characters, non-ASCII), goes home.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  // Printable ASCII only: no spaces, no control characters (tab, CR, LF, vertical tab), no non-ASCII.
  if (!/^[\x21-\x7e]+$/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || url.pathname + url.search + url.hash !== next) return '/';
  return next;
}
