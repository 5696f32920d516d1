import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { endAllSessions } from '../../auth/sessions.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { linkFor, linkMessage, queueMail, type LinkDelivery } from '../mail/index.ts';
import { personName } from '../organisations/index.ts';
import { getPartnershipName } from '../partnership/index.ts';
import { accounts } from './accounts.tables.ts';
import { passwordLinks, type PasswordLinkPurpose } from './password-links.tables.ts';

/** An invitation gives the person three days; a reset link, one hour (OWASP's advice for reset tokens). */
export const LINK_LIFETIME_MINUTES: Record<PasswordLinkPurpose, number> = { invitation: 72 * 60, reset: 60 };

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Makes a single-use link for an account and ends any older one still open: only the newest link
 * a person was sent works. Returns the token, which is never stored.
 */
async function makeLink(tx: Queryable, accountId: number, purpose: PasswordLinkPurpose): Promise<string> {
  await endOpenLinks(tx, accountId);
  const token = randomBytes(32).toString('base64url');
  await tx.insert(passwordLinks).values({
    accountId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: sql`now() + make_interval(mins => ${LINK_LIFETIME_MINUTES[purpose]})`,
  });
  return token;
}

async function endOpenLinks(tx: Queryable, accountId: number, except?: number): Promise<void> {
  await tx
    .update(passwordLinks)
    .set({ expiresAt: sql`least(${passwordLinks.expiresAt}, now())` })
    .where(
      and(
        eq(passwordLinks.accountId, accountId),
        isNull(passwordLinks.usedAt),
        gt(passwordLinks.expiresAt, sql`now()`),
        except === undefined ? undefined : ne(passwordLinks.id, except),
      ),
    );
}

const setPasswordPath = (token: string) => `/set-password/${token}` as const;

/** What became of an invitation: emailed, shown for the administrator to pass on, or refused with why. */
export type InvitationOutcome = LinkDelivery & { email: string };

/**
 * Invites the account's person to set their password: emailed when the Hub sends mail, otherwise
 * shown to the administrator. Refused, with the reason, without PUBLIC_URL.
 */
export async function inviteAccount(
  db: Database,
  config: Config,
  admin: CurrentUser,
  accountId: number,
): Promise<InvitationOutcome> {
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ email: accounts.email, name: sql<string>`${personName(accounts.personId)}` })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    if (!account) throw new NotFoundError('account');
    const probe = linkFor(config, '/set-password/');
    if (probe.by === 'none') return { ...probe, email: account.email };
    const link = linkFor(config, setPasswordPath(await makeLink(tx, accountId, 'invitation')));
    if (link.by === 'email') await queueMail(tx, invitationMail(account, link.url, await partnershipOf(tx)));
    await recordAudit(tx, {
      action: 'account.invitation_sent',
      user: admin,
      subjectType: 'account',
      subjectId: accountId,
      detail: { email: account.email, by: link.by },
    });
    return { ...link, email: account.email };
  });
}

async function partnershipOf(tx: Queryable): Promise<string> {
  return (await getPartnershipName(tx)) ?? 'Prevent partnership';
}

function invitationMail(account: { email: string; name: string }, url: string, partnership: string) {
  return {
    to: account.email,
    kind: 'invitation',
    subject: `Your account on the ${partnership} Hub`,
    ...linkMessage(
      [
        `Hello ${account.name},`,
        `An administrator of the ${partnership} has made you an account on its Hub. Choose a password to start using it.`,
      ],
      { text: 'Set your password', url },
      [
        `The link works once and expires in ${LINK_LIFETIME_MINUTES.invitation / 60} hours. If it has expired, ask the administrator to send a new invitation.`,
        'If you were not expecting this, you can ignore this email.',
      ],
    ),
  };
}

function resetMail(account: { email: string; name: string }, url: string, partnership: string) {
  return {
    to: account.email,
    kind: 'password_reset',
    subject: `Reset your password for the ${partnership} Hub`,
    ...linkMessage(
      [`Hello ${account.name},`, 'Someone asked to reset the password of your account on the Hub.'],
      { text: 'Choose a new password', url },
      [
        `The link works once and expires in ${LINK_LIFETIME_MINUTES.reset} minutes. Choosing a new password signs you out everywhere else.`,
        'If you did not ask for this, ignore this email: your password has not changed.',
      ],
    ),
  };
}

/**
 * A person who forgot their password asks for a link. Emailed only to an enabled account's own
 * address; the caller answers the same whether or not one was, so the page says nothing of who
 * has an account.
 */
export async function requestPasswordReset(db: Database, config: Config, email: string, ip: string): Promise<void> {
  const address = email.trim().toLowerCase();
  await db.transaction(async (tx) => {
    const [account] = await tx
      .select({
        id: accounts.id,
        email: accounts.email,
        disabledAt: accounts.disabledAt,
        name: sql<string>`${personName(accounts.personId)}`,
      })
      .from(accounts)
      .where(eq(accounts.email, address));
    const link =
      account && !account.disabledAt ? linkFor(config, setPasswordPath(await makeLink(tx, account.id, 'reset'))) : null;
    if (account && link?.by === 'email') await queueMail(tx, resetMail(account, link.url, await partnershipOf(tx)));
    await recordAudit(tx, {
      action: 'account.password_reset_requested',
      actor: address,
      subjectType: account ? 'account' : undefined,
      subjectId: account?.id,
      detail: {
        email: address,
        emailed: link?.by === 'email',
        reason: account ? (account.disabledAt ? 'account disabled' : undefined) : 'unknown email',
      },
      ip,
    });
  });
}

/** Why a link does not work, worded for the page that says so. */
export type LinkRefusal = 'unknown' | 'used' | 'expired' | 'disabled';

export type OpenLink =
  { ok: true; purpose: PasswordLinkPurpose; email: string; name: string } | { ok: false; refusal: LinkRefusal };

/** What a link opens, without using it: the page with the password form. */
export async function openLink(db: Queryable, token: string): Promise<OpenLink> {
  const [row] = await db
    .select({
      purpose: passwordLinks.purpose,
      usedAt: passwordLinks.usedAt,
      expired: sql<boolean>`${passwordLinks.expiresAt} <= now()`,
      email: accounts.email,
      name: sql<string>`${personName(accounts.personId)}`,
      disabledAt: accounts.disabledAt,
    })
    .from(passwordLinks)
    .innerJoin(accounts, eq(accounts.id, passwordLinks.accountId))
    .where(eq(passwordLinks.tokenHash, hashToken(token)));
  if (!row) return { ok: false, refusal: 'unknown' };
  if (row.usedAt) return { ok: false, refusal: 'used' };
  if (row.expired) return { ok: false, refusal: 'expired' };
  if (row.disabledAt) return { ok: false, refusal: 'disabled' };
  return { ok: true, purpose: row.purpose, email: row.email, name: row.name };
}

export class LinkRefused extends Error {
  constructor(readonly refusal: LinkRefusal) {
    super(`password link refused: ${refusal}`);
  }
}

/**
 * Sets the password through a link, once. The link is marked used by the same statement that
 * checks it is open, so two submissions at once cannot both succeed; every session of the account
 * ends (whoever knew the old password is signed out) and every other open link with them.
 */
export async function setPasswordByLink(db: Database, token: string, password: string, ip: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const refusal = await db.transaction(async (tx) => {
    const [link] = await tx
      .update(passwordLinks)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordLinks.tokenHash, hashToken(token)),
          isNull(passwordLinks.usedAt),
          gt(passwordLinks.expiresAt, sql`now()`),
          sql`not exists (select 1 from ${accounts} where ${accounts.id} = ${passwordLinks.accountId} and ${accounts.disabledAt} is not null)`,
        ),
      )
      .returning({ id: passwordLinks.id, accountId: passwordLinks.accountId, purpose: passwordLinks.purpose });
    if (!link) return true;
    await tx.update(accounts).set({ passwordHash, mustChangePassword: false }).where(eq(accounts.id, link.accountId));
    await endAllSessions(tx, link.accountId);
    await endOpenLinks(tx, link.accountId, link.id);
    const [account] = await tx.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, link.accountId));
    await recordAudit(tx, {
      action: 'account.password_set_by_link',
      user: { accountId: link.accountId, email: account!.email },
      subjectType: 'account',
      subjectId: link.accountId,
      detail: { purpose: link.purpose },
      ip,
    });
    return false;
  });
  if (refusal) {
    const opened = await openLink(db, token);
    const reason = opened.ok ? 'unknown' : opened.refusal;
    await refuseLink(db, reason, ip);
    throw new LinkRefused(reason);
  }
}

/** A link that did not work, recorded: many unknown tokens from one source are worth seeing. */
export async function refuseLink(db: Queryable, refusal: LinkRefusal, ip: string): Promise<void> {
  await recordAudit(db, { action: 'account.password_link_refused', detail: { refusal }, ip });
}
