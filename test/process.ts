import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECOND_FACTOR_SET_UP } from '../src/auth/guard.ts';
import { codeAtStep, timeStepAt } from '../src/modules/accounts/totp.ts';
import { nextCode, rememberAuthenticator } from './helpers.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface HubProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the Hub as its own process, from its sources (or, with `['scripts/start.mjs']`, from the
 * compiled bundle as `npm start` does), and resolves once it listens (or rejects with what it
 * printed if it exits first).
 */
export function startHubProcess(
  env: Record<string, string>,
  args = ['--import', 'tsx', 'src/server.ts'],
): Promise<HubProcess> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Prevent Partnership Hub on (http:\/\/[^\s"]+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`hub exited (${code}) before listening:\n${output}`)));
  });
}

/** The one-time setup code a Hub prints at its first start, read from what it printed. */
export function setupCodeOf(hub: HubProcess): string {
  const code = /the setup code: ([a-z0-9-]+)/.exec(hub.output())?.[1];
  if (!code) throw new Error(`no setup code printed:\n${hub.output()}`);
  return code;
}

/** A minimal cookie-keeping client over real HTTP, for tests of whole processes. */
export class HttpSession {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string) {}

  async request(method: string, url: string, form?: Record<string, string>) {
    const response = await fetch(this.base + url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams({ _csrf: this.csrf, ...form }).toString() : undefined,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    const body = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, body, location: response.headers.get('location') };
  }
}

/**
 * Signs in through the pages as a person does: the password, then their authenticator's next code;
 * the first time, someone who must have one sets it up from the key on the set-up page.
 */
export async function signInThroughPages(session: HttpSession, email: string, password: string) {
  await session.request('GET', '/sign-in');
  const signedIn = await session.request('POST', '/sign-in', { email, password });
  if (signedIn.location?.startsWith('/sign-in/code')) {
    await session.request('GET', signedIn.location);
    return session.request('POST', '/sign-in/code', { code: await nextCode(email) });
  }
  if (signedIn.location === SECOND_FACTOR_SET_UP) {
    const page = await session.request('GET', SECOND_FACTOR_SET_UP);
    const secret = /id="authenticator-key">([A-Z2-7 ]+)</.exec(page.body)![1]!.replace(/ /g, '');
    const step = timeStepAt(Date.now());
    await session.request('POST', SECOND_FACTOR_SET_UP, { code: codeAtStep(secret, step) });
    rememberAuthenticator(email, { secret, lastStep: step, recoveryCodes: [], refill: () => Promise.resolve([]) });
  }
  return signedIn;
}
