import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Database } from '../../db/client.ts';
import { claimDueMail, markAttemptFailed, markSent, type ClaimedMail } from './mail.service.ts';

export interface SendingOptions {
  /** How often the outbox is checked for due messages. */
  pollMs: number;
  /** The wait before the first retry; each later retry waits twice as long as the one before. */
  firstRetryMs: number;
  /** Attempts before a message is marked failed. */
  maxAttempts: number;
}

/** Checked every 15 s; retried after 1, 2, 4… minutes, ten attempts (about 17 hours) in all. */
export const DEFAULT_SENDING: SendingOptions = { pollMs: 15_000, firstRetryMs: 60_000, maxAttempts: 10 };
/** How long a claimed message is left to its sender before another may try it. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/** The wait after the `attempts`-th failure: exponential back-off. */
export const retryDelay = (options: SendingOptions, attempts: number) =>
  options.firstRetryMs * 2 ** Math.max(0, attempts - 1);

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function sendOne(db: Database, transport: Transporter, from: string, mail: ClaimedMail, options: SendingOptions) {
  try {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.textBody,
      ...(mail.htmlBody ? { html: mail.htmlBody } : {}),
    });
    await markSent(db, mail.id);
    return true;
  } catch (error) {
    await markAttemptFailed(db, mail.id, describe(error), {
      giveUp: mail.attempts >= options.maxAttempts,
      retryMs: retryDelay(options, mail.attempts),
    });
    return false;
  }
}

/** One pass: claims the due messages and sends them one by one. Returns how many were sent. */
export async function sendDueMail(
  db: Database,
  transport: Transporter,
  from: string,
  options: SendingOptions = DEFAULT_SENDING,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const claimed = await claimDueMail(db, BATCH, LEASE_MS);
    for (const mail of claimed) if (await sendOne(db, transport, from, mail, options)) sent += 1;
    if (claimed.length < BATCH) return sent;
  }
}

export const smtpTransport = (smtpUrl: string): Transporter => nodemailer.createTransport(smtpUrl);

export interface MailSender {
  /** Stops checking and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/** Checks the outbox every `pollMs` and sends what is due, until stopped. */
export function startMailSender(
  db: Database,
  transport: Transporter,
  from: string,
  options: SendingOptions,
  onError: (error: unknown) => void,
): MailSender {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = () => {
    if (stopped || running) return;
    clearTimeout(timer);
    running = sendDueMail(db, transport, from, options)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(pass, options.pollMs);
      });
  };
  timer = setTimeout(pass, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
