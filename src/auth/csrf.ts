import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A CSRF token is an HMAC of the cookie that identifies the browser (the session, or before
 * sign-in a random pre-session cookie), so it needs no storage and dies with the session.
 */
export function csrfTokenFor(secret: string, browserToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${browserToken}`).digest('base64url');
}

export function csrfTokenMatches(secret: string, browserToken: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(secret, browserToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
