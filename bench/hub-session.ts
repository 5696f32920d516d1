/*
 * What the benchmarks that start a Hub in its own process share: where its database lives
 * (a fresh PGlite folder or a scratch PostgreSQL database) and signing in through the forms,
 * second factor included, as a browser does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SECOND_FACTOR_SET_UP } from '../src/auth/guard.ts';
import { codeAtStep, timeStepAt } from '../src/modules/accounts/totp.ts';
import { createScratchDatabase } from '../test/helpers.ts';

export interface Target {
  name: string;
  env: { DATA_DIR: string; DATABASE_URL: string };
  drop: () => Promise<void>;
}

/** The database a benchmarked Hub runs on: `pglite` (a new data folder) or a scratch PostgreSQL database. */
export async function target(kind: string, folderPrefix: string): Promise<Target> {
  if (kind === 'pglite')
    return {
      name: 'PGlite (embedded)',
      env: { DATA_DIR: mkdtempSync(path.join(tmpdir(), folderPrefix)), DATABASE_URL: '' },
      drop: () => Promise.resolve(),
    };
  const scratch = await createScratchDatabase(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  return { name: 'PostgreSQL', env: { DATA_DIR: '', DATABASE_URL: scratch.url }, drop: scratch.drop };
}

/** Cookies a response sets, added to `jar`; answers the cookie header for the next request. */
export function keepCookies(response: Response, jar: Map<string, string>) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

/**
 * Signs in through the sign-in form; a person who must have a second factor and has none sets up
 * an authenticator app from the key on the page. Returns the session's cookie header.
 */
export async function signIn(base: string, email: string, password: string) {
  const jar = new Map<string, string>();
  const form = await fetch(`${base}/sign-in`);
  const cookie = keepCookies(form, jar);
  const answer = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(await form.text()), email, password }).toString(),
  });
  if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status}`);
  const signedIn = keepCookies(answer, jar);
  if (answer.headers.get('location') !== SECOND_FACTOR_SET_UP) return signedIn;
  const page = await (await fetch(base + SECOND_FACTOR_SET_UP, { headers: { cookie: signedIn } })).text();
  const secret = /id="authenticator-key">([A-Z2-7 ]+)</.exec(page)?.[1]?.replace(/ /g, '') ?? '';
  const confirmed = await fetch(base + SECOND_FACTOR_SET_UP, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: signedIn, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(page), code: codeAtStep(secret, timeStepAt(Date.now())) }).toString(),
  });
  if (confirmed.status !== 200) throw new Error(`authenticator set-up failed: ${confirmed.status}`);
  return keepCookies(confirmed, jar);
}
