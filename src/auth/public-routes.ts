/**
 * Every route that answers without signing in, reviewed here in one place.
 * A route must also say `config: { public: true }` in its own definition; the app refuses
 * to start if the two disagree, and test/access.test.ts tries every other route signed out.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /sign-in',
  'POST /sign-in',
  // The second step of signing in: only with the short-lived cookie a right password leaves.
  'GET /sign-in/code',
  'POST /sign-in/code',
  // Single sign-on: off to the identity provider, and back with its answer (checked against the journey kept).
  'GET /sign-in/single-sign-on',
  'GET /sign-in/single-sign-on/callback',
  // A security key instead of a code: the same cookie, and a challenge the Hub gave that browser's account.
  'POST /sign-in/security-key',
  'GET /setup',
  'POST /setup',
  // A forgotten password, and the single-use emailed link that sets one (the token is the credential).
  'GET /forgot-password',
  'POST /forgot-password',
  'GET /set-password/:token',
  'POST /set-password/:token',
  'GET /assets/*',
  'GET /health',
  // Calendar apps cannot sign in: the unguessable token in the path is the credential.
  'GET /calendar-feeds/:token',
  // Event delegates take part without an account (live engagement). Delegate pages:
  // (events: delegate pages)
  'GET /join',
  'POST /join',
  'GET /e/:code',
  'GET /e/:code/privacy',
  'POST /e/:code/items',
  'POST /e/:code/items/:itemId/vote',
  // (moderation: live stream)
  'GET /e/:code/live',
  // (polls and workshops: delegate answers)
  'GET /e/:code/polls',
  'POST /e/:code/polls/:pollId/responses',
  'GET /e/:code/workshop',
  'POST /e/:code/workshop/:questionId/answers',
  // (training: a request for training, with contact details given knowingly, where offered)
  'GET /e/:code/training-request',
  'POST /e/:code/training-request',
]);

export const routeKey = (method: string, url: string) => `${method} ${url}`;
