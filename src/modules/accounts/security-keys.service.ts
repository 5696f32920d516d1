import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { secondFactorSetUp } from '../../auth/sessions.ts';
import { FormError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { securityKeyChallenges, securityKeys } from './security-keys.tables.ts';
import { secondFactors } from './two-factor.tables.ts';
import { makeRecoveryCodes, secondFactorSummary, type CodeCheck } from './two-factor.service.ts';

type Actor = Pick<CurrentUser, 'accountId' | 'email'>;

/** Where keys are asked for: the relying party's id (a host name) and the origin browsers report. */
export type RelyingParty = { ok: true; id: string; origin: string } | { ok: false; reason: string };

export const NEEDS_SECURE_ADDRESS =
  'Security keys and passkeys work only over HTTPS or at localhost on the computer running the Hub. At this address, use an authenticator app.';

/** A challenge is answered within five minutes, once. */
const CHALLENGE_MINUTES = 5;

/**
 * The relying party is PUBLIC_URL's host when set; without it only localhost, which browsers treat
 * as secure. Never taken from any other Host header: a key signs for the host it was registered at.
 * With PUBLIC_URL, a page reached at another address (a venue's plain-http one) does not offer keys,
 * but a loopback Host is a reverse proxy passing PUBLIC_URL's requests on.
 */
export function relyingParty(config: { publicUrl?: string }, requestHost: string): RelyingParty {
  const asked = hostOf(requestHost);
  if (config.publicUrl) {
    const url = new URL(config.publicUrl);
    if (url.protocol !== 'https:' && url.hostname !== 'localhost') return { ok: false, reason: NEEDS_SECURE_ADDRESS };
    if (asked !== url.hostname && !LOOPBACK.has(asked))
      return {
        ok: false,
        reason: `Security keys and passkeys work at ${config.publicUrl}. At this address, use an authenticator app.`,
      };
    return { ok: true, id: url.hostname, origin: url.origin };
  }
  if (asked !== 'localhost') return { ok: false, reason: NEEDS_SECURE_ADDRESS };
  return { ok: true, id: 'localhost', origin: `http://${requestHost}` };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
}

const inUse = and(isNotNull(secondFactors.confirmedAt), isNull(secondFactors.removedAt));

/** An account's keys in use, as the browser is told of them. */
async function keysOf(db: Queryable, accountId: number) {
  return db
    .select({ id: securityKeys.credentialId, transports: securityKeys.transports })
    .from(securityKeys)
    .innerJoin(secondFactors, eq(secondFactors.id, securityKeys.factorId))
    .where(and(eq(secondFactors.accountId, accountId), inUse));
}

async function storeChallenge(
  db: Queryable,
  accountId: number,
  purpose: 'register' | 'sign-in',
  challenge: string,
): Promise<void> {
  // Old challenges go as new ones come: the table holds only minutes' worth.
  await db.delete(securityKeyChallenges).where(lt(securityKeyChallenges.expiresAt, sql`now()`));
  await db.insert(securityKeyChallenges).values({
    challenge,
    accountId,
    purpose,
    expiresAt: sql`now() + make_interval(mins => ${CHALLENGE_MINUTES})`,
  });
}

/** Takes a challenge: true only the first time, for its own account and purpose, before it expires. */
async function takeChallenge(db: Queryable, accountId: number, purpose: 'register' | 'sign-in', challenge: string) {
  const taken = await db
    .delete(securityKeyChallenges)
    .where(
      and(
        eq(securityKeyChallenges.challenge, challenge),
        eq(securityKeyChallenges.accountId, accountId),
        eq(securityKeyChallenges.purpose, purpose),
        sql`${securityKeyChallenges.expiresAt} > now()`,
      ),
    )
    .returning({ challenge: securityKeyChallenges.challenge });
  return taken.length === 1;
}

/** What the browser passes to navigator.credentials.create to make a key for this person. */
export async function registrationOptions(
  db: Queryable,
  rp: Extract<RelyingParty, { ok: true }>,
  user: Pick<CurrentUser, 'accountId' | 'email' | 'name'>,
  partnershipName: string,
) {
  const options = await generateRegistrationOptions({
    rpName: partnershipName,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    // A fixed id per account, so registering again on the same key replaces rather than piles up.
    userID: new TextEncoder().encode(`hub-account-${user.accountId}`),
    attestationType: 'none',
    excludeCredentials: await keysOf(db, user.accountId),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: CHALLENGE_MINUTES * 60_000,
  });
  // The library draws the challenge (32 random bytes); kept exactly as the key will sign it.
  await storeChallenge(db, user.accountId, 'register', options.challenge);
  return options;
}

function parseAnswer<T>(json: string): T {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as T;
  } catch {
    // Falls through to the refusal below.
  }
  throw new FormError('name', NO_ANSWER);
}

const NO_ANSWER =
  'Your browser did not send an answer from a security key. Security keys need JavaScript and HTTPS or localhost; you can use an authenticator app instead';

/**
 * A key's answer to a registration challenge this account was given in the last five minutes:
 * its public key is kept as a new second factor. The first factor comes with recovery codes.
 */
export async function registerSecurityKey(
  db: Database,
  rp: Extract<RelyingParty, { ok: true }>,
  user: Actor,
  name: string,
  answer: string,
): Promise<{ recoveryCodes: string[] | null }> {
  const response = parseAnswer<RegistrationResponseJSON>(answer);
  let challengeTaken = false;
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (challenge) =>
        (challengeTaken = await takeChallenge(db, user.accountId, 'register', challenge)),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // A plain security key has no PIN: touching it is enough for a second factor.
      requireUserVerification: false,
    });
  } catch {
    verified = { verified: false };
  }
  if (!verified.verified || !verified.registrationInfo)
    throw new FormError(
      'name',
      challengeTaken
        ? 'The security key’s answer could not be checked. Try again'
        : 'That took too long or was sent already. Try again',
    );
  const { credential } = verified.registrationInfo;
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: securityKeys.factorId })
      .from(securityKeys)
      .where(eq(securityKeys.credentialId, credential.id));
    if (taken) throw new FormError('name', 'That security key is registered already');
    const hadCodes = (await secondFactorSummary(tx, user.accountId)).recoveryCodesLeft > 0;
    const [factor] = await tx
      .insert(secondFactors)
      .values({ accountId: user.accountId, kind: 'security key', confirmedAt: sql`now()` })
      .returning({ id: secondFactors.id });
    await tx.insert(securityKeys).values({
      factorId: factor!.id,
      name,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? [],
    });
    await recordAudit(tx, {
      action: 'account.second_factor_added',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
      detail: { kind: 'security key', factorId: factor!.id, name },
    });
    await secondFactorSetUp(tx, user.accountId);
    return { recoveryCodes: hadCodes ? null : await makeRecoveryCodes(tx, user) };
  });
}

/** What the browser passes to navigator.credentials.get at sign-in; null when the account has no key. */
export async function signInOptions(db: Queryable, rp: Extract<RelyingParty, { ok: true }>, accountId: number) {
  const keys = await keysOf(db, accountId);
  if (!keys.length) return null;
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: keys,
    userVerification: 'preferred',
    timeout: CHALLENGE_MINUTES * 60_000,
  });
  await storeChallenge(db, accountId, 'sign-in', options.challenge);
  return options;
}

/** Why a key's answer at sign-in was refused, for the audit log. */
export type KeyRefusal = 'unreadable' | 'not this account' | 'challenge not given or used' | 'counter' | 'not verified';

/**
 * Checks a key's answer at sign-in, for the account whose password was right: the key must be
 * one of its own, the challenge one given to it and not yet taken, the signature the key's, and
 * its counter above the last one seen (raised in the same statement, so racing answers cannot
 * both pass).
 */
export async function checkSecurityKey(
  db: Queryable,
  rp: Extract<RelyingParty, { ok: true }>,
  accountId: number,
  answer: string,
): Promise<CodeCheck> {
  const refuse = (keyRefusal: KeyRefusal) => ({
    ok: false as const,
    reason: keyRefusal === 'challenge not given or used' ? ('replayed' as const) : ('wrong' as const),
    keyRefusal,
  });
  let response: AuthenticationResponseJSON;
  try {
    response = parseAnswer<AuthenticationResponseJSON>(answer);
  } catch {
    return refuse('unreadable');
  }
  const [key] = await db
    .select({
      factorId: securityKeys.factorId,
      accountId: secondFactors.accountId,
      publicKey: securityKeys.publicKey,
      signCount: securityKeys.signCount,
      transports: securityKeys.transports,
    })
    .from(securityKeys)
    .innerJoin(secondFactors, eq(secondFactors.id, securityKeys.factorId))
    .where(and(eq(securityKeys.credentialId, String(response.id)), inUse));
  if (!key || key.accountId !== accountId) return refuse('not this account');
  let challengeTaken = false;
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: async (challenge) =>
        (challengeTaken = await takeChallenge(db, accountId, 'sign-in', challenge)),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: String(response.id),
        publicKey: Buffer.from(key.publicKey, 'base64url'),
        counter: key.signCount,
        transports: key.transports,
      },
      requireUserVerification: false,
    });
    if (!verified.verified) return refuse('not verified');
    newCounter = verified.authenticationInfo.newCounter;
  } catch (error) {
    if (!challengeTaken) return refuse('challenge not given or used');
    return refuse(/counter/i.test((error as Error).message) ? 'counter' : 'not verified');
  }
  const [counted] = await db
    .update(securityKeys)
    .set({ signCount: newCounter, lastUsedAt: sql`now()` })
    .where(
      and(
        eq(securityKeys.factorId, key.factorId),
        // Keys that keep no counter always send 0; any other must go up.
        newCounter === 0 ? eq(securityKeys.signCount, 0) : lt(securityKeys.signCount, newCounter),
      ),
    )
    .returning({ id: securityKeys.factorId });
  return counted ? { ok: true, used: 'security key' } : refuse('counter');
}
