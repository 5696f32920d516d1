import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The partnership's identity provider, when the environment sets it rather than an administrator's page. */
export interface SingleSignOnProvider {
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The provider's multi-factor sign-in (its `amr` claim) stands for the Hub's second factor. */
  trustProviderMfa: boolean;
  /** People with a verified address at these domains and no account get one, as viewers. */
  accountDomains: string[];
}

export interface Config {
  port: number;
  host: string;
  /** Folder for the embedded database and the generated session secret. */
  dataDir: string;
  /** When set, PostgreSQL is used instead of the embedded database. */
  databaseUrl: string | undefined;
  sessionSecret: string;
  /** A session ends after this long without a request… */
  sessionIdleMinutes: number;
  /** …and after this long whatever happens. */
  sessionAbsoluteHours: number;
  /** Base delay after repeated failed sign-ins; doubles with each further failure. */
  signInDelayMs: number;
  logLevel: string;
  /** NODE_ENV=production: templates are never re-read from disk. Cookies and headers follow `publicUrl` and `trustProxy`. */
  production: boolean;
  /** The address people reach the Hub at (`https://hub.example.org`, no trailing slash): join links, QR codes, HTTPS. */
  publicUrl?: string;
  /** Fastify's `trustProxy`: whose X-Forwarded-For/-Proto/-Host headers to believe. False: nobody's. */
  trustProxy?: boolean | number | string;
  /** Where mail goes (`smtp://user:pass@host:587`, `smtps://…`). Unset: nothing is emailed and links are shown on screen. */
  smtpUrl?: string;
  /** The From address of the Hub's mail (`Prevent Hub <hub@example.org>`); needed with SMTP_URL. */
  mailFrom?: string;
  /** How the outbox is sent: how often it is checked, the first retry's wait (doubling after), and tries before giving up. */
  mailSending?: { pollMs: number; firstRetryMs: number; maxAttempts: number };
  /** BACKUP_DIR: where backups are written (unset: `backups/` in the data folder, beside the embedded database's own folder). */
  backupDir?: string;
  /** BACKUP_KEY: 32 bytes in base64; when set, backups are encrypted with it (AES-256-GCM). */
  backupKey?: Buffer;
  /** Daily and weekly work (retention, reminders, the digest) runs while the Hub is open. SCHEDULED_JOBS=off stops it. */
  scheduledJobs?: boolean;
  /** OIDC_ISSUER, OIDC_CLIENT_ID …: single sign-on through the partnership's identity provider. */
  singleSignOn?: SingleSignOnProvider;
}

class ConfigError extends Error {}

function integer(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number, not "${raw}"`);
  return value;
}

/** An http(s) origin, optionally with a path, written without a trailing slash. */
function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.PUBLIC_URL;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an address such as https://hub.example.org, not "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`PUBLIC_URL must be a plain http:// or https:// address, not "${raw}"`);
  }
  if (raw.endsWith('/')) throw new ConfigError(`PUBLIC_URL must not end with "/": write ${raw.replace(/\/+$/, '')}`);
  return raw;
}

/** SMTP_URL and MAIL_FROM: both or neither, so mail never leaves without a sender's address. */
function mail(env: NodeJS.ProcessEnv): Pick<Config, 'smtpUrl' | 'mailFrom'> {
  const smtpUrl = env.SMTP_URL || undefined;
  const mailFrom = env.MAIL_FROM || undefined;
  if (!smtpUrl) return { mailFrom };
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new ConfigError('SMTP_URL must be an address such as smtp://user:password@mail.example.org:587');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol))
    throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  if (!mailFrom) throw new ConfigError('MAIL_FROM must be set with SMTP_URL, such as "Prevent Hub <hub@example.org>"');
  return { smtpUrl, mailFrom };
}

/**
 * TRUST_PROXY, as Fastify's `trustProxy` takes it: `true` believes any proxy, a whole number
 * the nearest N proxies, anything else is a comma-separated list of proxy addresses or ranges
 * (`127.0.0.1,10.0.0.0/8`, or `loopback`, `uniquelocal`). Unset or `false`: no proxy is believed.
 */
function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** OIDC_ISSUER with OIDC_CLIENT_ID (and OIDC_CLIENT_SECRET, OIDC_NAME, OIDC_TRUST_MFA, OIDC_ACCOUNT_DOMAINS). */
function singleSignOn(env: NodeJS.ProcessEnv): SingleSignOnProvider | undefined {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return undefined;
  if (!/^https?:\/\/\S+$/.test(issuer))
    throw new ConfigError(`OIDC_ISSUER must be an address such as https://login.example.org, not "${issuer}"`);
  if (!env.OIDC_CLIENT_ID) throw new ConfigError('OIDC_CLIENT_ID must be set with OIDC_ISSUER');
  return {
    name: env.OIDC_NAME || 'your organisation',
    issuer,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    trustProviderMfa: env.OIDC_TRUST_MFA === 'true',
    accountDomains: (env.OIDC_ACCOUNT_DOMAINS ?? '')
      .split(/[\s,;]+/)
      .map((domain) => domain.toLowerCase())
      .filter(Boolean),
  };
}

/** Checked at start, so a mistyped key is found before the first backup is due. */
function backupKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  if (!env.BACKUP_KEY) return undefined;
  const key = Buffer.from(env.BACKUP_KEY, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('BACKUP_KEY must be 32 bytes written in base64 (openssl rand -base64 32)');
  }
  return key;
}

/** The secret signs cookies. Generated once and kept in the data folder so restarts keep people signed in. */
function sessionSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  const given = env.SESSION_SECRET;
  if (given) {
    if (given.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters');
    return given;
  }
  const file = path.join(dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  return {
    port: integer('PORT', 3000, env),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    sessionSecret: sessionSecret(env, dataDir),
    sessionIdleMinutes: integer('SESSION_IDLE_MINUTES', 60, env),
    sessionAbsoluteHours: integer('SESSION_ABSOLUTE_HOURS', 12, env),
    signInDelayMs: integer('SIGN_IN_DELAY_MS', 500, env),
    logLevel: env.LOG_LEVEL || 'info',
    production: env.NODE_ENV === 'production',
    publicUrl: publicUrl(env),
    trustProxy: trustProxy(env),
    ...mail(env),
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
    backupKey: backupKey(env),
    scheduledJobs: env.SCHEDULED_JOBS !== 'off',
    singleSignOn: singleSignOn(env),
  };
}

export { ConfigError };
