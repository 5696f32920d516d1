import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import {
  buildTestHub,
  createTestDatabase,
  testConfig,
  withPartnership,
  type Browser,
  type TestHub,
} from './helpers.ts';

/** A message as the test's mail server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The whole message, quoted-printable soft breaks and escapes undone: links can be read from it. */
  body: string;
}

export interface TestMailServer {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  url: string;
  received: ReceivedMail[];
  /** Refuse the next `count` messages with a temporary failure (451), as a busy server does. */
  refuseNext(count: number): void;
  /** Waits until `count` messages have arrived and returns the last of them. */
  waitFor(count: number): Promise<ReceivedMail>;
  /** The first emailed link to the Hub in a message. */
  linkIn(mail: ReceivedMail): string;
}

const decodeQuotedPrintable = (text: string) =>
  text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
}

/**
 * A real SMTP server on loopback, on a free port, for one test: no TLS, no sign-in needed. It keeps
 * what arrives in memory and closes when the test ends.
 */
export async function startMailServer(t: { after(fn: () => unknown): void }): Promise<TestMailServer> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals -= 1;
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, 'Subject'),
          body: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (count) => void (refusals = count),
    async waitFor(count) {
      // A guard against waiting for ever, not a measure: the sender checks every few milliseconds in tests.
      for (let tries = 0; received.length < count; tries += 1) {
        if (tries > 400) throw new Error(`expected ${count} messages, received ${received.length}`);
        await sleep(50);
      }
      return received[count - 1]!;
    },
    linkIn(mail) {
      const link = /https?:\/\/[^\s"<>]+\/set-password\/[A-Za-z0-9_-]{43}/.exec(mail.body)?.[0];
      if (!link) throw new Error(`no link in: ${mail.body}`);
      return link;
    },
  };
}

export const PUBLIC_URL = 'https://hub.example.org';
export const MAIL_FROM = 'Prevent Hub <hub@example.org>';

/** A Hub that emails through a test mail server, with PUBLIC_URL set and the outbox checked every few milliseconds. */
export async function hubWithMail(t: TestContext, overrides: Partial<Config> = {}) {
  const smtp = await startMailServer(t);
  const hub = await buildTestHub(t, {
    smtpUrl: smtp.url,
    mailFrom: MAIL_FROM,
    publicUrl: PUBLIC_URL,
    mailSending: { pollMs: 20, firstRetryMs: 0, maxAttempts: 3 },
    ...overrides,
  });
  await withPartnership(hub);
  return { hub, smtp };
}

/**
 * A Hub listening on loopback for a browser, emailing through a test mail server: its PUBLIC_URL
 * is its own address, known only once it listens. The partnership is named `partnership`.
 */
export async function listeningHubWithMail(t: TestContext, partnership: string) {
  const smtp = await startMailServer(t);
  const database = await createTestDatabase();
  const config = testConfig({
    smtpUrl: smtp.url,
    mailFrom: MAIL_FROM,
    mailSending: { pollMs: 20, firstRetryMs: 0, maxAttempts: 3 },
  });
  const app = await buildApp({ config, db: database.db });
  t.after(async () => {
    await app.close();
    await database.close();
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  config.publicUrl = url;
  const hub = { app, database, config, url };
  await withPartnership(hub, partnership);
  return { hub, smtp };
}

/**
 * Posts a form as `browser` would, but with another Host header: what an attacker does to try to
 * get a link to their own site emailed (the CSRF token is read from `page`, a page of the Hub).
 */
export async function postWithHost(
  hub: TestHub,
  browser: Browser,
  page: string,
  url: string,
  form: Record<string, string>,
  host: string,
) {
  const opened = await browser.get(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(opened.body)?.[1] ?? '';
  return hub.app.inject({
    method: 'POST',
    url,
    headers: { host, cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
  });
}
