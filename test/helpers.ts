import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type App } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/db/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { accounts, type Role } from '../src/modules/accounts/accounts.tables.ts';
import { people } from '../src/modules/organisations/organisations.tables.ts';
import { partnership } from '../src/modules/partnership/partnership.tables.ts';
import { codeAtStep, timeStepAt, WINDOW_STEPS } from '../src/modules/accounts/totp.ts';
import {
  confirmAuthenticator,
  makeRecoveryCodes,
  mustHaveSecondFactor,
  pendingAuthenticator,
} from '../src/modules/accounts/two-factor.service.ts';
import { SECOND_FACTOR_SET_UP } from '../src/auth/guard.ts';

/** A new, empty database on the server at `url`, and a way to drop it (connections and all). */
export async function createScratchDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or, when DATABASE_URL
 * is set, a new database on that server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPglite(undefined);
  const scratch = await createScratchDatabase(url);
  const handle = await openPostgres(scratch.url);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(path.join(tmpdir(), 'hub-test-')),
    databaseUrl: undefined,
    sessionSecret: randomBytes(32).toString('base64url'),
    sessionIdleMinutes: 60,
    sessionAbsoluteHours: 12,
    signInDelayMs: 0,
    logLevel: 'silent',
    production: false,
    ...overrides,
  };
}

export interface TestHub {
  app: App;
  database: DatabaseHandle;
  config: Config;
}

/** The whole Hub on a fresh database, closed when the test (or file) ends. */
export async function buildTestHub(
  t: TestContext | { after(fn: () => unknown): void },
  overrides: Partial<Config> = {},
): Promise<TestHub> {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  const app = await buildApp({
    config,
    db: database.db,
    pool: database.pool,
    logger: process.env.TEST_LOG ? { level: 'error' } : false,
  });
  t.after(async () => {
    await app.close();
    await database.close();
  });
  return { app, database, config };
}

/**
 * A migrated database without the web app around it, for code that only reads and writes the
 * database (live blocks, a paper's build): quicker than a whole Hub. Closed after `t` (a test, or
 * a file's top level through node:test's `after`).
 */
export async function databaseOnlyHub(t: { after(fn: () => unknown): void }): Promise<TestHub> {
  const database = await createTestDatabase();
  t.after(() => database.close());
  // The configuration too: making a user who needs a second factor enrols one with its secret.
  return { database, config: testConfig() } as TestHub;
}

/** A partnership already set up, as most tests want. */
export async function withPartnership(hub: TestHub, name = 'Test Prevent partnership'): Promise<void> {
  await hub.database.db.insert(partnership).values({ id: 1, name });
}

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * What a test person keeps on their phone and in their drawer: their authenticator's secret, the
 * last time step they typed a code from (a code is never accepted twice), and recovery codes.
 */
interface Authenticator {
  secret: string;
  lastStep: number;
  recoveryCodes: string[];
  /** New recovery codes, through the service, for someone who signs in many times within a minute. */
  refill: () => Promise<string[]>;
}
const authenticators = new Map<string, Authenticator>();

/** Remembers the authenticator a test person set up (through the service, or the set-up page). */
export function rememberAuthenticator(email: string, app: Authenticator): void {
  authenticators.set(email, app);
}

/** The secret of a test person's authenticator, to compute codes from in a test. */
export function authenticatorOf(email: string): Authenticator | undefined {
  return authenticators.get(email);
}

/**
 * The code the person types next, as they would: their app's current code, or the next step's
 * while still inside the window; after that, one of their recovery codes.
 */
export async function nextCode(email: string): Promise<string> {
  const app = authenticators.get(email);
  if (!app) throw new Error(`${email} has no authenticator set up`);
  const now = timeStepAt(Date.now());
  const step = Math.max(now, app.lastStep + 1);
  if (step <= now + WINDOW_STEPS) {
    app.lastStep = step;
    return codeAtStep(app.secret, step);
  }
  if (!app.recoveryCodes.length) app.recoveryCodes = await app.refill();
  return app.recoveryCodes.pop()!;
}

/** Sets up an authenticator app for an account through the service, as the set-up page does. */
export async function enrolAuthenticator(
  hub: Pick<TestHub, 'database' | 'config'>,
  user: { accountId: number; email: string },
) {
  const { db } = hub.database;
  const { secret } = await pendingAuthenticator(db, user.accountId, hub.config.sessionSecret);
  const step = timeStepAt(Date.now());
  const { recoveryCodes } = await confirmAuthenticator(db, user, hub.config.sessionSecret, codeAtStep(secret, step));
  rememberAuthenticator(user.email, {
    secret,
    lastStep: step,
    recoveryCodes: recoveryCodes ?? [],
    refill: () => makeRecoveryCodes(db, user),
  });
  return secret;
}

/**
 * A person with an account of the given role, ready to sign in with TEST_PASSWORD. Someone whose
 * role needs a second factor has an authenticator app set up, as they would before their first use.
 */
export async function createUser(hub: Pick<TestHub, 'database' | 'config'>, role: Role, name?: string) {
  counter += 1;
  const email = `${role}${counter}-${randomBytes(3).toString('hex')}@example.org`;
  const [person] = await hub.database.db
    .insert(people)
    .values({ name: name ?? `Test ${role} ${counter}`, email })
    .returning();
  const [account] = await hub.database.db
    .insert(accounts)
    .values({ personId: person!.id, email, role, passwordHash: await hashPassword(TEST_PASSWORD) })
    .returning();
  if (await mustHaveSecondFactor(hub.database.db, { role, personId: person!.id }))
    await enrolAuthenticator(hub, { accountId: account!.id, email });
  return { email, personId: person!.id, accountId: account!.id, role };
}

type Form = Record<string, string | number | (string | number)[] | undefined>;

/** A browser without JavaScript: keeps cookies, and sends each form with the page's CSRF token. */
export class Browser {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(private readonly app: App) {}

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (
        cookie.value === '' ||
        (cookie.maxAge !== undefined && cookie.maxAge <= 0) ||
        (cookie.expires && cookie.expires.getTime() < Date.now())
      )
        this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, method: 'GET' | 'HEAD' = 'GET') {
    return this.remember(await this.app.inject({ method, url, headers: { cookie: this.cookieHeader } }));
  }

  /** Submit a form; takes the CSRF token from the last page unless one is given. */
  async post(url: string, form: Form = {}, options: { csrf?: string | null } = {}) {
    if (this.csrf === undefined && options.csrf === undefined) await this.get('/sign-in');
    const params = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null && csrf !== undefined) params.append('_csrf', csrf);
    for (const [key, value] of Object.entries(form)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: params.toString(),
      }),
    );
  }

  async postMultipart(
    url: string,
    fields: Form,
    file?: { field: string; filename: string; contentType: string; content: Buffer },
  ) {
    if (this.csrf === undefined) await this.get('/');
    const boundary = `----hub${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    const all: Form = { _csrf: this.csrf, ...fields };
    for (const [key, value] of Object.entries(all)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${v}\r\n`));
      }
    }
    if (file) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
        ),
      );
      parts.push(file.content, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }

  /** Signs in as a person does: the password, then a code when asked, or setting up an app when told to. */
  async signIn(email: string, password = TEST_PASSWORD) {
    await this.get('/sign-in');
    let response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
    const location = String(response.headers.location);
    if (location.startsWith('/sign-in/code')) {
      await this.get(location);
      response = await this.post('/sign-in/code', { code: await nextCode(email) });
      if (response.statusCode !== 303) throw new Error(`second factor refused: ${response.statusCode}`);
    } else if (location === SECOND_FACTOR_SET_UP) await this.setUpAuthenticator(email);
    await this.get('/');
    return response;
  }

  /** Sets up an authenticator app through its page: reads the key shown, types the app's code, keeps the recovery codes. */
  async setUpAuthenticator(email: string) {
    const page = await this.get(SECOND_FACTOR_SET_UP);
    const secret = /id="authenticator-key">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/ /g, '');
    if (!secret) throw new Error(`no authenticator key on the set-up page (${page.statusCode})`);
    const step = timeStepAt(Date.now());
    const confirmed = await this.post(SECOND_FACTOR_SET_UP, { code: codeAtStep(secret, step) });
    if (confirmed.statusCode >= 400) throw new Error(`authenticator set-up refused: ${confirmed.statusCode}`);
    const recoveryCodes = [...confirmed.body.matchAll(/<li>([a-z2-9]{4}(?:-[a-z2-9]{4}){3})<\/li>/g)].map((m) => m[1]!);
    rememberAuthenticator(email, {
      secret,
      lastStep: step,
      recoveryCodes,
      refill: () => Promise.reject(new Error('no recovery codes left')),
    });
    return { secret, recoveryCodes, response: confirmed };
  }
}

/** A signed-in browser for a new user of the given role. */
export async function signedIn(hub: TestHub, role: Role, name?: string) {
  const user = await createUser(hub, role, name);
  const browser = new Browser(hub.app);
  await browser.signIn(user.email);
  return { browser, user };
}
