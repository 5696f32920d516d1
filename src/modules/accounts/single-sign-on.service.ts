import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { Config, SingleSignOnProvider } from '../../config.ts';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { recordAudit } from '../audit/index.ts';
import { currentPeopleByEmail, insertPerson } from '../organisations/index.ts';
import { accounts } from './accounts.tables.ts';
import { singleSignOnJourneys, singleSignOnSettings } from './single-sign-on.tables.ts';
import { openSecret, sealSecret } from './totp.ts';

export const CALLBACK_PATH = '/sign-in/single-sign-on/callback';
const JOURNEY_MINUTES = 10;
const DISCOVERY_MINUTES = 10;

/** `amr` values that name a second factor on their own (RFC 8176). */
const MULTI_FACTOR = new Set(['mfa', 'otp', 'hwk', 'sms', 'tel', 'fido', 'sc', 'face', 'fpt', 'iris', 'retina', 'vbm']);
/** Proof of possession of a key: a second factor beside any other method. */
const KEY_POSSESSION = new Set(['hwk', 'swk']);

export interface Settings extends SingleSignOnProvider {
  /** Set on the administrator's page, or taken from the environment. */
  source: 'page' | 'environment';
}

export const NO_PUBLIC_URL_FOR_SIGN_IN =
  'Single sign-on is not available: the Hub’s public address (PUBLIC_URL) is not set, so it cannot tell the identity provider where to send you back safely. Sign in with your email address and password, or ask whoever runs the Hub to set PUBLIC_URL.';

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The provider in use: the administrator's page wins over the environment. */
export async function readSettings(db: Queryable, config: Config): Promise<Settings | null> {
  const [row] = await db.select().from(singleSignOnSettings).where(eq(singleSignOnSettings.id, 1));
  if (row) {
    const secret = row.clientSecret ? openSecret(row.clientSecret, config.sessionSecret) : null;
    return {
      source: 'page',
      name: row.name,
      issuer: row.issuer,
      clientId: row.clientId,
      clientSecret: secret ?? undefined,
      trustProviderMfa: row.trustProviderMfa,
      accountDomains: row.accountDomains,
    };
  }
  return config.singleSignOn ? { source: 'environment', ...config.singleSignOn } : null;
}

export interface SettingsInput {
  name: string;
  issuer: string;
  clientId: string;
  /** Blank keeps the secret stored. */
  clientSecret?: string;
  trustProviderMfa: boolean;
  accountDomains: string[];
}

export async function saveSettings(db: Database, config: Config, admin: CurrentUser, input: SettingsInput) {
  const sealed = input.clientSecret ? sealSecret(input.clientSecret, config.sessionSecret) : undefined;
  const values = {
    name: input.name,
    issuer: input.issuer,
    clientId: input.clientId,
    trustProviderMfa: input.trustProviderMfa,
    accountDomains: input.accountDomains,
    changedBy: admin.accountId,
    changedAt: sql`now()`,
    ...(sealed && { clientSecret: sealed }),
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(singleSignOnSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: singleSignOnSettings.id, set: values });
    // The secret itself is never written to the log: only that it changed.
    const { changedBy: _by, changedAt: _at, clientSecret: _secret, ...detail } = { clientSecret: '', ...values };
    await recordAudit(tx, {
      action: 'single_sign_on.settings_changed',
      user: admin,
      detail: { ...detail, secretChanged: Boolean(sealed) },
    });
  });
  discoveries.clear();
}

export async function hasStoredSecret(db: Queryable): Promise<boolean> {
  const [row] = await db
    .select({ secret: singleSignOnSettings.clientSecret })
    .from(singleSignOnSettings)
    .where(eq(singleSignOnSettings.id, 1));
  return Boolean(row?.secret);
}

/* The provider's discovery document, fetched once in a while rather than at every sign-in. */
const discoveries = new Map<string, { at: number; configuration: Promise<oidc.Configuration> }>();

/** Plain http is allowed only for a provider on this computer (a test or a local development provider). */
const isLoopback = (issuer: URL) =>
  issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);

function providerOf(settings: Settings): Promise<oidc.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret ?? '']);
  const cached = discoveries.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_MINUTES * 60_000) return cached.configuration;
  const issuer = new URL(settings.issuer);
  const configuration = oidc.discovery(
    issuer,
    settings.clientId,
    undefined,
    settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(),
    isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  discoveries.set(key, { at: Date.now(), configuration });
  configuration.catch(() => discoveries.delete(key));
  return configuration;
}

export type Start = { ok: true; url: string } | { ok: false; reason: string };

/** The address at the provider to send the browser to, with a journey kept for its return. */
export async function startJourney(
  db: Queryable,
  config: Config,
  journey: { browserToken: string; next: string },
): Promise<Start> {
  const settings = await readSettings(db, config);
  if (!settings)
    return {
      ok: false,
      reason: 'Single sign-on is not set up for this Hub. Sign in with your email address and password.',
    };
  if (!config.publicUrl) return { ok: false, reason: NO_PUBLIC_URL_FOR_SIGN_IN };
  let provider: oidc.Configuration;
  try {
    provider = await providerOf(settings);
  } catch {
    return {
      ok: false,
      reason: `${settings.name} cannot be reached just now. Try again later, or sign in with your email address and password.`,
    };
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await db.delete(singleSignOnJourneys).where(lt(singleSignOnJourneys.createdAt, sql`now() - interval '1 day'`));
  await db.insert(singleSignOnJourneys).values({
    stateHash: hash(state),
    browserHash: hash(journey.browserToken),
    nonce,
    codeVerifier,
    next: journey.next === '/' ? null : journey.next,
  });
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri(config.publicUrl),
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { ok: true, url: url.href };
}

/** Built from PUBLIC_URL alone: a forged Host header cannot send the provider's answer elsewhere. */
export const redirectUri = (publicUrl: string) => `${publicUrl}${CALLBACK_PATH}`;

export type Refusal =
  | 'not set up'
  | 'no public address'
  | 'unknown state'
  | 'state used'
  | 'state expired'
  | 'other browser'
  | 'provider refused'
  | 'code refused'
  | 'token checks failed'
  | 'no email'
  | 'email not verified'
  | 'no account'
  | 'account disabled';

export type Finish =
  | { ok: true; accountId: number; email: string; providerMfa: boolean; next: string; created: boolean }
  | { ok: false; refusal: Refusal; providerName: string };

/**
 * The provider's answer: the journey it belongs to (once, from the browser that set out), the
 * code exchanged with PKCE, the ID token's issuer, audience, nonce and signature checked by
 * openid-client, then the person found by their verified email.
 */
export async function finishJourney(
  db: Database,
  config: Config,
  answer: { browserToken: string; search: string; ip: string },
): Promise<Finish> {
  const settings = await readSettings(db, config);
  const refuse = async (refusal: Refusal, detail: Record<string, unknown> = {}): Promise<Finish> => {
    await recordAudit(db, {
      action: 'single_sign_on.refused',
      actor: typeof detail.email === 'string' ? detail.email : undefined,
      ip: answer.ip,
      detail: { reason: refusal, provider: settings?.issuer ?? null, ...detail },
    });
    return { ok: false, refusal, providerName: settings?.name ?? 'the identity provider' };
  };
  if (!settings) return refuse('not set up');
  if (!config.publicUrl) return refuse('no public address');
  const params = new URLSearchParams(answer.search);
  const state = params.get('state') ?? '';
  const journey = await takeJourney(db, state, answer.browserToken);
  if (typeof journey === 'string') return refuse(journey);
  const claims = await exchange(settings, config.publicUrl, answer.search, { state, ...journey });
  if ('refusal' in claims) return refuse(claims.refusal, claims.detail);
  const email = claims.email?.trim().toLowerCase();
  if (!email) return refuse('no email', { subject: claims.sub });
  if (claims.email_verified !== true) return refuse('email not verified', { email, subject: claims.sub });
  const providerMfa = settings.trustProviderMfa && satisfiesSecondFactor(claims.amr);
  const found = await accountFor(db, settings, email, claims);
  if (typeof found === 'string') return refuse(found, { email, subject: claims.sub });
  return { ok: true, accountId: found.id, email, providerMfa, next: journey.next ?? '/', created: found.created };
}

/** The journey for this state, taken once and only by the browser that set out on it. */
async function takeJourney(db: Queryable, state: string, browserToken: string) {
  if (!state) return 'unknown state' as const;
  const [journey] = await db
    .select()
    .from(singleSignOnJourneys)
    .where(eq(singleSignOnJourneys.stateHash, hash(state)));
  if (!journey) return 'unknown state' as const;
  // A used journey says so first: its answer coming back again is a replay, whoever sends it.
  if (journey.usedAt) return 'state used' as const;
  if (journey.browserHash !== hash(browserToken)) return 'other browser' as const;
  const [taken] = await db
    .update(singleSignOnJourneys)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(singleSignOnJourneys.stateHash, journey.stateHash),
        isNull(singleSignOnJourneys.usedAt),
        sql`${singleSignOnJourneys.createdAt} > now() - make_interval(mins => ${JOURNEY_MINUTES})`,
      ),
    )
    .returning();
  if (!taken) return journey.usedAt ? ('state used' as const) : ('state expired' as const);
  return taken;
}

interface Claims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  amr?: string[];
}

/** The code for tokens, and the claims of the checked ID token (and of userinfo when it holds the email). */
async function exchange(
  settings: Settings,
  publicUrl: string,
  search: string,
  journey: { state: string; nonce: string; codeVerifier: string },
): Promise<Claims | { refusal: Refusal; detail: Record<string, unknown> }> {
  try {
    const provider = await providerOf(settings);
    const tokens = await oidc.authorizationCodeGrant(provider, new URL(`${redirectUri(publicUrl)}${search}`), {
      pkceCodeVerifier: journey.codeVerifier,
      expectedState: journey.state,
      expectedNonce: journey.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    let claims: Claims = {
      sub: idToken.sub,
      email: typeof idToken.email === 'string' ? idToken.email : undefined,
      email_verified: idToken.email_verified === true,
      name: typeof idToken.name === 'string' ? idToken.name : undefined,
      amr: Array.isArray(idToken.amr) ? idToken.amr.map(String) : undefined,
    };
    if (!claims.email && provider.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(provider, tokens.access_token, idToken.sub);
      claims = {
        ...claims,
        email: info.email,
        email_verified: info.email_verified === true,
        name: claims.name ?? info.name,
      };
    }
    return claims;
  } catch (error) {
    return { refusal: refusalOf(error), detail: errorDetail(error) };
  }
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof oidc.AuthorizationResponseError) return 'provider refused';
  if (error instanceof oidc.ResponseBodyError) return 'code refused';
  return 'token checks failed';
}

/** What went wrong, for the audit log: the error's kind and code, never a token or a code. */
function errorDetail(error: unknown): Record<string, unknown> {
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError)
    return { error: error.error };
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return { error: typeof code === 'string' ? code : error.name, ...claimOf(error) };
  }
  return { error: 'unknown' };
}

/** The ID token claim that failed its check (aud, iss, nonce …), found down the chain of causes. */
function claimOf(error: unknown): { claim?: string } {
  for (let cause = error; cause && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause) {
    const { claim } = cause as { claim?: unknown };
    if (typeof claim === 'string') return { claim };
  }
  return {};
}

/** Two methods at once, or one that is multi-factor in itself, or a key beside anything else. */
export function satisfiesSecondFactor(amr: string[] | undefined): boolean {
  if (!amr?.length) return false;
  if (amr.some((method) => MULTI_FACTOR.has(method))) return true;
  return amr.some((method) => KEY_POSSESSION.has(method)) && amr.length > 1;
}

/** The active account with this verified email, or one made for an allowed domain. */
async function accountFor(
  db: Database,
  settings: Settings,
  email: string,
  claims: Claims,
): Promise<{ id: number; created: boolean } | Refusal> {
  const [account] = await db.select().from(accounts).where(eq(accounts.email, email));
  if (account) return account.disabledAt ? 'account disabled' : { id: account.id, created: false };
  const domain = email.split('@').pop() ?? '';
  if (!settings.accountDomains.includes(domain)) return 'no account';
  return { id: await createViewer(db, settings, email, claims), created: true };
}

/** Allowed by the administrator for this domain: a viewer's account, with a password no one knows. */
async function createViewer(db: Database, settings: Settings, email: string, claims: Claims): Promise<number> {
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  return db.transaction(async (tx) => {
    // Someone already in the directory with this address, and no account of their own, is linked.
    const onRecord = await currentPeopleByEmail(tx, email);
    const holders = onRecord.length
      ? await tx
          .select({ personId: accounts.personId })
          .from(accounts)
          .where(
            inArray(
              accounts.personId,
              onRecord.map((person) => person.id),
            ),
          )
      : [];
    const taken = new Set(holders.map((h) => h.personId));
    const free = onRecord.find((person) => !taken.has(person.id));
    const person = free ?? (await insertPerson(tx, { name: claims.name?.trim() || email, email }));
    const [account] = await tx
      .insert(accounts)
      .values({ personId: person.id, email, passwordHash, role: 'viewer' })
      .returning({ id: accounts.id });
    await recordAudit(tx, {
      action: 'account.created',
      actor: email,
      subjectType: 'account',
      subjectId: account!.id,
      detail: {
        email,
        role: 'viewer',
        personId: person.id,
        person: person.name,
        by: 'single sign-on',
        provider: settings.issuer,
        domain: email.split('@').pop(),
      },
    });
    return account!.id;
  });
}
