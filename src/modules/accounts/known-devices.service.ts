import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { endAllSessions, startSession } from '../../auth/sessions.ts';
import { NotFoundError } from '../../errors.ts';
import { formatDateTime } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { linkFor, linkMessage, queueMail } from '../mail/index.ts';
import { personName } from '../organisations/index.ts';
import { getPartnershipName } from '../partnership/index.ts';
import { accounts } from './accounts.tables.ts';
import { knownDevices } from './known-devices.tables.ts';

/** Where a person sees the browsers that have signed in to their account: the link every new-browser email carries. */
export const BROWSERS_PAGE = '/account/browsers';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A browser's token as the Hub makes them: anything else in the cookie is not ours and is replaced. */
const isToken = (value: string | null | undefined): value is string => !!value && /^[A-Za-z0-9_-]{43}$/.test(value);

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/**
 * "Firefox on Windows": enough for a person to recognise their own browser, too coarse to
 * single anyone out (no versions, no device model).
 */
export function browserLabel(userAgent: string | undefined): string {
  const agent = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `A browser on ${system}` : 'An unrecognised browser');
}

export interface SigningInBrowser {
  accountId: number;
  /** The browser's cookie, if it sent one. */
  token: string | null;
  userAgent: string | undefined;
  ip: string;
}

/**
 * At a successful sign-in: a browser this account knows is seen again; any other becomes known,
 * and if the account knew others before, the person is told by email (when the Hub sends mail
 * with links) and the audit log records it. Returns the token the browser keeps: its own when it
 * had one, so a shared computer stays known to everyone who signs in on it.
 */
export async function recogniseSignIn(
  db: Database,
  config: Pick<Config, 'publicUrl' | 'smtpUrl'>,
  browser: SigningInBrowser,
): Promise<{ token: string; known: boolean }> {
  const token = isToken(browser.token) ? browser.token : randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const label = browserLabel(browser.userAgent);
  return db.transaction(async (tx) => {
    const seen = await tx
      .update(knownDevices)
      .set({ lastSeenAt: sql`now()`, label })
      .where(and(eq(knownDevices.accountId, browser.accountId), eq(knownDevices.tokenHash, tokenHash)))
      .returning({ id: knownDevices.id });
    if (seen.length) return { token, known: true };
    const [{ others } = { others: 0 }] = await tx
      .select({ others: count() })
      .from(knownDevices)
      .where(eq(knownDevices.accountId, browser.accountId));
    await tx.insert(knownDevices).values({ accountId: browser.accountId, tokenHash, label }).onConflictDoNothing();
    // The first browser an account ever uses is where its person set it up: nothing to warn of.
    if (others > 0) await tellOfNewBrowser(tx, config, browser, label);
    return { token, known: false };
  });
}

async function tellOfNewBrowser(
  tx: Queryable,
  config: Pick<Config, 'publicUrl' | 'smtpUrl'>,
  browser: SigningInBrowser,
  label: string,
): Promise<void> {
  const [account] = await tx
    .select({ email: accounts.email, name: sql<string>`${personName(accounts.personId)}` })
    .from(accounts)
    .where(eq(accounts.id, browser.accountId));
  if (!account) return;
  const link = linkFor(config, BROWSERS_PAGE);
  if (link.by === 'email') {
    const partnership = (await getPartnershipName(tx)) ?? 'Prevent partnership';
    await queueMail(tx, newBrowserMail(account, label, new Date(), link.url, partnership));
  }
  await recordAudit(tx, {
    action: 'account.new_browser',
    user: { accountId: browser.accountId, email: account.email },
    subjectType: 'account',
    subjectId: browser.accountId,
    detail: { browser: label, emailed: link.by === 'email' },
    ip: browser.ip,
  });
}

function newBrowserMail(
  account: { email: string; name: string },
  label: string,
  at: Date,
  url: string,
  partnership: string,
) {
  return {
    to: account.email,
    kind: 'new_browser',
    subject: `A new sign-in to your ${partnership} Hub account`,
    ...linkMessage(
      [
        `Hello ${account.name},`,
        `Your account on the ${partnership} Hub was signed in to from a browser it had not been used from before.`,
        `When: ${formatDateTime(at)} (UK time)`,
        `Browser: ${label}`,
        'If this was you, there is nothing to do.',
      ],
      { text: 'See the browsers that have signed in to your account', url },
      [
        'If it was not you, sign in, open that page and choose “This wasn’t me”: every session of your account ends at once. Then change your password.',
      ],
    ),
  };
}

export interface KnownBrowser {
  id: number;
  label: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** The browser the person is looking from. */
  current: boolean;
}

/** The person's own known browsers, the one they are using marked. */
export async function listKnownBrowsers(
  db: Queryable,
  user: CurrentUser,
  token: string | null,
): Promise<KnownBrowser[]> {
  const currentHash = isToken(token) ? hashToken(token) : null;
  const rows = await db
    .select()
    .from(knownDevices)
    .where(eq(knownDevices.accountId, user.accountId))
    .orderBy(asc(knownDevices.firstSeenAt), asc(knownDevices.id));
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    current: row.tokenHash === currentHash,
  }));
}

/** Removes one of the person's own browsers; another account's is not found, so none is ever named. */
async function removeOwnBrowser(tx: Queryable, user: CurrentUser, browserId: number): Promise<string> {
  const [removed] = await tx
    .delete(knownDevices)
    .where(and(eq(knownDevices.id, browserId), eq(knownDevices.accountId, user.accountId)))
    .returning({ label: knownDevices.label });
  if (!removed) throw new NotFoundError('browser');
  return removed.label;
}

/** Forgets a browser: its next sign-in is new again, and told of by email. */
export async function forgetBrowser(db: Database, user: CurrentUser, browserId: number, ip: string): Promise<void> {
  await db.transaction(async (tx) => {
    const label = await removeOwnBrowser(tx, user, browserId);
    await recordAudit(tx, {
      action: 'account.browser_forgotten',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
      detail: { browser: label },
      ip,
    });
  });
}

/**
 * "This wasn't me": the browser is forgotten and every session of the account ends, wherever it
 * is. The person asking keeps a fresh session here (they were signed in to ask), returned.
 */
export async function disownBrowser(db: Database, user: CurrentUser, browserId: number, ip: string): Promise<string> {
  return db.transaction(async (tx) => {
    const label = await removeOwnBrowser(tx, user, browserId);
    await endAllSessions(tx, user.accountId);
    await recordAudit(tx, {
      action: 'account.browser_not_me',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
      detail: { browser: label, sessionsEnded: true },
      ip,
    });
    return startSession(tx, user.accountId, user.secondFactorDue);
  });
}
