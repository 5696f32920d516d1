import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/*
 * Authenticator apps (RFC 6238): six digits, a new code every 30 seconds, SHA-1, as every app
 * reads them from a QR code. One step either side of now is accepted (a phone's clock a little
 * out, a code typed as it turned over); the caller refuses any step at or before the last one used.
 */
export const PERIOD_SECONDS = 30;
export const WINDOW_STEPS = 1;

const totpFor = (secret: string, label = 'Hub', issuer = '') =>
  new TOTP({ issuer, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });

/** A new shared secret, in the base32 the apps take when typed in: 160 bits, as RFC 4226 recommends. */
export const newAuthenticatorSecret = (): string => new Secret({ size: 20 }).base32;

/** The time step a moment falls in. */
export const timeStepAt = (ms: number): number => Math.floor(ms / 1000 / PERIOD_SECONDS);

/** The step a code belongs to, if it is within the window around `now`; otherwise null. */
export function stepOfCode(secret: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  return delta === null ? null : timeStepAt(now) + delta;
}

/** The code an app shows during a step (what the test helpers type, as a person would). */
export const codeAtStep = (secret: string, step: number): string =>
  totpFor(secret).generate({ timestamp: step * PERIOD_SECONDS * 1000 });

/** The otpauth:// address an app reads from the QR code: the Hub's name and the person's email label it. */
export const authenticatorUri = (secret: string, issuer: string, email: string): string =>
  totpFor(secret, email, issuer).toString();

/* Secrets are kept encrypted under a key derived from the session secret (kept in the data folder). */
const keyFrom = (sessionSecret: string) =>
  Buffer.from(hkdfSync('sha256', sessionSecret, 'hub', 'authenticator secrets', 32));

export function sealSecret(secret: string, sessionSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(sessionSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The secret, or null when it cannot be read (the session secret was changed since it was stored). */
export function openSecret(stored: string, sessionSecret: string): string | null {
  const [version, iv, tag, sealed] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(sessionSecret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Recovery codes are as long as a one-off password (about 79 random bits), so a fast hash keeps
 * them as safe as a slow one would a chosen password, and lets one query find the code typed.
 * Spaces, dashes and case do not matter.
 */
export const hashRecoveryCode = (code: string): string =>
  createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('base64url');
