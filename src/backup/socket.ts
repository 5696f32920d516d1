import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { BackupListing } from './manifest.ts';

/*
 * `npm run backup` while the Hub runs on PGlite: the Hub owns the data folder (one writer), so the
 * command asks it over a Unix socket in that folder. The socket is made readable and writable by
 * its owner only, so only the user the Hub runs as (or root) can ask.
 */

export const backupSocketPath = (dataDir: string) => path.join(dataDir, 'backup.sock');

type Answer = { ok: true; backup: BackupListing } | { ok: false; error: string };

/** Answers each connection that writes "backup" with the finished, checked backup. */
export function serveBackupRequests(dataDir: string, take: () => Promise<BackupListing>): () => Promise<void> {
  const socket = backupSocketPath(dataDir);
  // Left behind by a Hub that was killed: this Hub holds the data folder's lock, so it is not in use.
  rmSync(socket, { force: true });
  const server = net.createServer((connection) => {
    connection.setEncoding('utf8');
    connection.once('data', (request: string) => {
      if (request.trim() !== 'backup')
        return void connection.end(`${JSON.stringify({ ok: false, error: 'unknown request' })}\n`);
      take()
        .then((backup): Answer => ({ ok: true, backup }))
        .catch((error: unknown): Answer => ({ ok: false, error: (error as Error).message }))
        .then((answer) => connection.end(`${JSON.stringify(answer)}\n`))
        .catch(() => connection.destroy());
    });
    connection.on('error', () => connection.destroy());
  });
  // The socket is created with the umask in force: owner only from its first moment.
  const umask = process.umask(0o177);
  try {
    server.listen(socket);
  } finally {
    process.umask(umask);
  }
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      rmSync(socket, { force: true });
    });
}

/** The running Hub's answer, or null when no Hub listens in that folder. */
export function askRunningHub(dataDir: string): Promise<BackupListing | null> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const connection = net.connect(backupSocketPath(dataDir), () => connection.write('backup\n'));
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => (reply += chunk));
    connection.on('end', () => {
      try {
        const answer = JSON.parse(reply) as Answer;
        if (answer.ok) resolve(answer.backup);
        else reject(new Error(answer.error));
      } catch {
        reject(new Error('The running Hub gave no answer about the backup.'));
      }
    });
    connection.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(null);
      else reject(error);
    });
  });
}
