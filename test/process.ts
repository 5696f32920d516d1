import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
